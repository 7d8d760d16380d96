"""Keystroke fuzz (issue 11): random keys, clicks and resizes never raise, and `q` still quits.

A fixed seed makes every run the same. Every key of every binding is in the mix with letters,
digits, punctuation and editing keys; mouse clicks (single, double, triple) land anywhere in a
widget on screen; the terminal is resized between 40×12 and 250×70. `q` and Ctrl+Q/C are left
out of the mix (they would end it) and pressed at the end. `--fuzz-long` runs 50,000 events a corpus instead of 1,500.
"""

from __future__ import annotations

import asyncio
import random
import string

import pytest
import textual.app
import textual.pilot
from hostile import write_hostile_corpus
from pilot_support import settle
from textual.binding import Binding
from textual.errors import NoWidget
from textual.pilot import OutOfBounds
from textual.widgets import Footer, Input

from tui.app import KabarApp
from tui.screens.changes import ChangesScreen
from tui.screens.collocates import CollocatesScreen
from tui.screens.concordance import ConcordanceScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.keyness import KeynessScreen
from tui.screens.trend import TrendScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.filter_pane import FilterPane
from tui.widgets.kwic_view import KwicView
from tui.widgets.reader import Reader
from tui.widgets.trend_chart import TrendChart

QUITS = {"q", "ctrl+q", "ctrl+c"}
QUIT_ACTIONS = {"quit", "app.quit"}
OWNERS = (KabarApp, ArticleList, Reader, FilterPane, KeynessScreen, ConcordanceScreen, KwicView, ChangesScreen,
          ExportDialog, TrendScreen, TrendChart, CollocatesScreen)
BOUND_KEYS = sorted({
    key.strip()
    for owner in OWNERS
    for binding in owner.BINDINGS
    if isinstance(binding, Binding)
    for key in binding.key.split(",")
} - QUITS)
TYPED = list(string.ascii_letters.replace("q", "") + string.digits) + [
    "space", "full_stop", "comma", "asterisk", "quotation_mark", "at", "vertical_line", "minus", "underscore",
    "left_square_bracket", "right_square_bracket", "backspace", "delete", "tab", "shift+tab", "enter", "escape",
    "up", "down", "left", "right", "home", "end", "pageup", "pagedown", "ctrl+p", "f1", "slash", "question_mark",
]


def events(seed: int, count: int):
    """(kind, value) pairs: ("key", name), ("click", times), ("resize", (w, h))."""
    rng = random.Random(seed)
    keys = BOUND_KEYS + TYPED
    for _ in range(count):
        roll = rng.random()
        if roll < 0.85:
            yield "key", rng.choice(keys)
        elif roll < 0.97:
            yield "click", (rng.choice((1, 1, 2, 3)), rng.random(), rng.random())
        else:
            yield "resize", (rng.randint(40, 250), rng.randint(12, 70))


def targets(app: KabarApp) -> list:
    """Widgets on screen a click may land on: all but the footer's Quit (a click there quits,
    as it should) and the footer around it."""
    return [
        w for w in app.screen.query("*")
        if w.display and w.region.area and not isinstance(w, Footer) and getattr(w, "action", "") not in QUIT_ACTIONS
    ]


async def fuzz(make_app, seed: int, count: int) -> None:
    """`count` events on apps from `make_app()`: one app until something quits it the way a
    user may (the command palette's Quit), then a new one; the last must quit on `q`."""
    todo = events(seed, count)
    done = 0
    while True:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            for kind, value in todo:
                done += 1
                if kind == "key":
                    await pilot.press(value)
                elif kind == "click":
                    times, x, y = value
                    widgets = targets(app)
                    if not widgets:  # a screen pushed but not laid out yet: nothing to click
                        continue
                    widget = widgets[int(x * len(widgets)) % len(widgets)]
                    offset = (int(x * widget.region.width), int(y * widget.region.height))
                    try:
                        await pilot.click(widget, offset=offset, times=times)
                    except (OutOfBounds, NoWidget):  # scrolled off, or the screen changed under it
                        pass
                else:
                    await pilot.resize_terminal(*value)
                if done % 200 == 0:
                    await settle(pilot, rounds=1)
                if not app.is_running:
                    break
            else:
                await settle(pilot)
                # Back to the dashboard, out of the filter, then q. Keys of the fuzz still queued
                # may open a screen after the check (then q closes that one: help, say), so up to
                # three tries; a dashboard that never quits on q still fails.
                for _ in range(3):
                    for _ in range(8):
                        await settle(pilot, rounds=1)  # each escape handled before looking again
                        if len(app.screen_stack) == 1 and not isinstance(app.focused, Input):
                            break
                        await pilot.press("escape")
                    on_dashboard = len(app.screen_stack) == 1 and not isinstance(app.focused, Input)
                    await pilot.press("q")
                    for _ in range(100):  # a guard against a hang, not a measure: quitting stops workers
                        if not app.is_running:
                            return
                        await pilot.pause(0.1)
                    assert not on_dashboard or len(app.screen_stack) > 1, "q on the dashboard did not quit"
                raise AssertionError(f"q did not quit (screen {app.screen!r}, focus {app.focused!r})")
        # the app ended on its own: only a clean quit is allowed (an exception was raised above)
        assert app.return_code == 0, f"the app ended with {app.return_code} at event {done} ({kind} {value!r})"


@pytest.fixture(autouse=True)
def _typing_fast(monkeypatch):
    """Each event as soon as the app has handled the one before, as a fast typist gives them.

    Pilot waits after every key and click until this process looks idle (its CPU time barely
    moving for 20 ms, for at most a second): with the dashboard's worker threads at work that
    is often the whole second, and 3,000 events took over ten minutes. The app's own queues are
    still drained between events (Pilot._wait_for_screen); only that idle wait goes."""

    async def handled(min_sleep: float = 0, max_sleep: float = 1) -> None:
        await asyncio.sleep(0)

    monkeypatch.setattr(textual.app, "wait_for_idle", handled)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", handled)


@pytest.fixture
def count(request) -> int:
    return 50_000 if request.config.getoption("--fuzz-long") else 1_500


async def test_fuzz_on_the_bundled_corpus(tmp_path, monkeypatch, count):
    monkeypatch.chdir(tmp_path)  # an export lands here
    await fuzz(KabarApp, seed=20261202, count=count)


async def test_fuzz_on_a_hostile_corpus(tmp_path, monkeypatch, count):
    monkeypatch.chdir(tmp_path)
    corpus = write_hostile_corpus(tmp_path / "hostile")
    await fuzz(lambda: KabarApp(corpus_path=corpus), seed=7, count=count)
