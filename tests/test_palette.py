"""The command palette: keys typed before its list is laid out do not end the app (the long
keystroke fuzz found PageDown right after Ctrl+P raising KeyError inside Textual)."""

from __future__ import annotations

import asyncio

import pytest
import textual.app
import textual.pilot

from tui.palette import Palette


@pytest.fixture
def fast_typist(monkeypatch):
    """Keys as fast as the app takes them (see tests/test_fuzz.py): no idle wait between."""

    async def handled(min_sleep: float = 0, max_sleep: float = 1) -> None:
        await asyncio.sleep(0)

    monkeypatch.setattr(textual.app, "wait_for_idle", handled)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", handled)


@pytest.mark.parametrize("keys", [("ctrl+p", "pagedown"), ("ctrl+p", "pageup"), ("ctrl+p", "t", "pagedown")])
async def test_paging_a_palette_not_laid_out_yet(fast_typist, keys, dashboard):
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, Palette)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize(
    "keys",
    [
        ("ctrl+p", "down", "enter", "enter"),
        ("ctrl+p", "down", "enter", "enter", "enter"),
        ("ctrl+p", "k", "e", "y", "n", "enter", "enter"),
    ],
)
async def test_enter_twice_on_a_hit_runs_it_once(fast_typist, keys, dashboard):
    """Both Enters reach the palette before it closes: the second selection is stale. It used to
    close the palette a second time, popping the dashboard itself (ScreenStackError, found by the
    long fuzz). Keys this fast may also beat the palette's search (then Enter picks nothing):
    whichever way, the command runs at most once."""
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.pause(0.2)
        assert app.is_running
        if isinstance(app.screen, Palette):
            await pilot.press("escape")
            await pilot.pause()
        opened = [type(screen).__name__ for screen in app.screen_stack]
        assert opened[0] == "Dashboard" and len(opened) <= 2 and "Palette" not in opened  # one command at most


async def test_a_click_on_a_hit_the_list_no_longer_holds_is_dropped(dashboard):
    """A click carries the option drawn under the pointer; a search may have refilled the list
    meanwhile (IndexError inside Textual, found by the long fuzz)."""
    from rich.style import Style
    from textual import events
    from textual.command import CommandList

    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        await pilot.press("ctrl+p")
        await pilot.pause()
        hits = app.screen.query_one(CommandList)
        stale = Style(meta={"option": hits.option_count + 5})
        hits.post_message(events.Click(hits, 1, 1, 0, 0, 1, False, False, False, style=stale))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, Palette)
        await pilot.press("escape")
