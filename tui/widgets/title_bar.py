"""The title line at the top of every screen: Textual's Header without one race."""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class TitleBar(Header):
    """Header's title watchers run a moment after a title changes (call_next). If the screen is
    dismissed in that moment (a screen sets its sub-title on mount and a quick key closes it),
    the header's children are already gone and Header's watcher raises NoMatches, ending the app;
    the keystroke fuzz met it. Here that late update is dropped: there is no title left to show."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header._on_mount, which registers the raising watcher

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoMatches, NoScreen):  # its children, or its screen, already gone
                pass

        for owner in (self.app, self.screen):
            self.watch(owner, "title", set_title)
            self.watch(owner, "sub_title", set_title)
