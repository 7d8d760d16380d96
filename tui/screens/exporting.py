"""The app's `e` and `y` keys: export or copy the table the active screen shows.

A screen (or a widget on it: the filter) that has `export_table() -> (name, frame) | None`
is Exportable; `export_screen` opens the export dialog with its table, `copy_screen` puts the
table on the clipboard as TSV.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

import polars as pl
from textual.app import App

from corpus.analysis.export import table_text
from tui.screens.export_dialog import ExportDialog


@runtime_checkable
class Exportable(Protocol):
    def export_table(self) -> tuple[str, pl.DataFrame] | None: ...


def _table(app: App) -> tuple[str, pl.DataFrame] | None:
    """The active screen's table, or that of the first exportable widget on it (the filter)."""
    screen = app.screen
    source = screen if isinstance(screen, Exportable) else next(
        (w for w in screen.query("*") if isinstance(w, Exportable)), None
    )
    if source is None:
        app.notify("Nothing to export here.", markup=False)
        return None
    table = source.export_table()
    if table is None:
        app.notify("Still computing: try again in a moment.", markup=False)
    return table


def export_screen(app: App, done: Callable[[Path | None], None] | None = None) -> bool:
    """`e`: the export dialog for the active screen's table; False when there is none."""
    table = _table(app)
    if table is None:
        return False
    name, frame = table
    app.push_screen(ExportDialog(name, frame), done)
    return True


def copy_screen(app: App) -> bool:
    """`y`: the active screen's table as TSV on the clipboard (OSC 52: works over SSH)."""
    table = _table(app)
    if table is None:
        return False
    name, frame = table
    app.copy_to_clipboard(table_text(frame, "tsv"))
    rows = frame.height
    app.notify(f"Copied {rows:,} row{'s' if rows != 1 else ''} as TSV (paste into a spreadsheet)",
               title="Clipboard", markup=False)
    return True
