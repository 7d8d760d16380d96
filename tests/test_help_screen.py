"""The help screen lists bindings as textual lets BINDINGS hold them: a Binding or a tuple."""

from __future__ import annotations

from rich.table import Table
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

from tui.screens.help import HelpScreen


async def test_help_lists_tuple_bindings_too():
    sections = [("Here", [Binding("x", "app.bell", "Ring"), ("y", "app.quit", "Leave")])]
    app = App()
    async with app.run_test() as pilot:
        await app.push_screen(HelpScreen(sections))
        await pilot.pause()
        table = app.screen.query_one("#help-keys", Static).content
        assert isinstance(table, Table)
        assert table.row_count >= 2
        assert [str(c) for c in table.columns[2].cells][:2] == ["Ring", "Leave"]
