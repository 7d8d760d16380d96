"""A mouse press on a widget removed a moment before (a notification expiring under the
pointer) does nothing; Textual's screen would read its missing parent and end the app."""

from __future__ import annotations

import pytest
from textual import events
from textual.geometry import Offset
from textual.screen import Screen
from textual.widgets import Static

from tui.screens.guarded import Dashboard


def press(x: int = 1, y: int = 1) -> events.MouseDown:
    return events.MouseDown(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)


async def _gone(app) -> Static:
    widget = Static("a notice")
    await app.screen.mount(widget)
    await widget.remove()
    assert widget.parent is None
    return widget


async def test_the_dashboard_ignores_a_press_on_a_removed_widget(monkeypatch, dashboard):
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        assert isinstance(app.screen, Dashboard)
        gone = await _gone(app)
        monkeypatch.setattr(app.screen, "get_widget_and_offset_at", lambda x, y: (gone, Offset(0, 0)))
        app.screen._forward_event(press())
        await pilot.pause()
        assert app.is_running


async def test_textual_s_own_screen_does_not(monkeypatch, dashboard):
    """The guard is needed: Textual's screen raises on the same press (if this fails, Textual
    fixed it and the guard can go)."""
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        gone = await _gone(app)
        screen = app.screen
        monkeypatch.setattr(screen, "get_widget_and_offset_at", lambda x, y: (gone, Offset(0, 0)))
        with pytest.raises(AttributeError):
            Screen._forward_event(screen, press())
