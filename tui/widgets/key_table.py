"""A DataTable that moves as every list here does: j/k down and up, g/G to the first and last
row, Enter to pick (DataTable's own), h/l across cells where the cursor is a cell."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import DataTable


class KeyTable(DataTable[Any]):
    BINDINGS = [
        Binding("j", "cursor_down", "Next row", show=False, id="table.next"),
        Binding("k", "cursor_up", "Previous row", show=False, id="table.previous"),
        Binding("g", "scroll_top", "First row", show=False, id="table.first"),
        Binding("G", "scroll_bottom", "Last row", show=False, id="table.last"),
        Binding("h", "cursor_left", "Cell left", show=False, id="table.left"),
        Binding("l", "cursor_right", "Cell right", show=False, id="table.right"),
    ]
