"""Screens that survive a mouse press on a widget that has just gone.

Textual 8.2.8 starts a text selection on the widget under a mouse press, and reads that
widget's parent; a widget removed a moment before (a notification expiring under the pointer)
is still under it until the next frame, with no parent, and the screen raises AttributeError:
the app ends. The keystroke fuzz met it. Here such a press does nothing: there is nothing left
to press on. Every Kabar screen mixes this in (the dashboard's too, by KabarApp.get_default_screen).
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual import events
from textual.screen import ModalScreen, Screen

Result = TypeVar("Result")


def _on_a_removed_widget(screen: Screen[Any], event: events.Event) -> bool:
    if not isinstance(event, events.MouseDown):
        return False
    widget, offset = screen.get_widget_and_offset_at(event.x, event.y)
    return widget is not None and offset is not None and widget.parent is None and widget is not screen


class GuardedScreen(Screen[Result]):
    def _forward_event(self, event: events.Event) -> None:
        if not _on_a_removed_widget(self, event):
            super()._forward_event(event)


class GuardedModalScreen(ModalScreen[Result]):
    def _forward_event(self, event: events.Event) -> None:
        if not _on_a_removed_widget(self, event):
            super()._forward_event(event)


class Dashboard(GuardedScreen[None]):
    """The dashboard's screen: Textual's default one, guarded."""
