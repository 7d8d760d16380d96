"""e: write the table on screen to a file, as CSV, Markdown or Parquet.

A modal with the format (↑/↓, or click) and a path prefilled with a timestamped name in the
current folder; the suffix follows the format. Enter writes; what goes wrong (a missing folder,
no permission) is shown in the dialog as text, which stays open to fix the path. A file that
exists is only replaced on a second Enter. The dialog dismisses with the path written.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import polars as pl
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, RadioButton, RadioSet, Static

from corpus.analysis.export import FORMATS, ExportError, FileFormat, with_format, write_table
from corpus.paths import export_folder
from corpus.visible import one_line
from tui.screens.guarded import GuardedModalScreen

FORMAT_LABELS = {"csv": "CSV (spreadsheets)", "md": "Markdown (notes, reports)", "parquet": "Parquet (polars, pandas)"}


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe piece: lower case letters, digits and dashes."""
    out = re.sub(r"[^\w]+", "-", text.lower(), flags=re.ASCII).strip("-_")
    return out[:limit].strip("-_") or "table"


def default_path(name: str, fmt: FileFormat = "csv", now: datetime | None = None) -> str:
    """./kabar-<name>-<YYYYmmdd-HHMMSS>.<fmt>"""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{export_folder()}/kabar-{slug(name)}-{stamp}{with_format(Path('x'), fmt).suffix}"


def swap_suffix(value: str, fmt: FileFormat) -> str:
    """The typed path with the file name's suffix set for `fmt`; the rest kept as typed."""
    head, sep, name = value.rpartition("/")
    return head + sep + with_format(Path(name), fmt).name if name.strip() else value


class ExportDialog(GuardedModalScreen[Path | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel export", id="export.cancel"),
        Binding("down", "format(1)", "Next format", id="export.next_format"),
        Binding("up", "format(-1)", "Previous format", id="export.previous_format"),
    ]

    def __init__(self, default_name: str, frame: pl.DataFrame, *, fmt: FileFormat = "csv",
                 now: datetime | None = None) -> None:
        super().__init__()
        self.default_name = default_name
        self.frame = frame
        self.fmt: FileFormat = fmt
        self._now = now
        self._confirm: Path | None = None  # an existing file Enter was pressed on once

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            rows, cols = self.frame.height, self.frame.width
            yield Static(
                Text.assemble(("Export ", "bold"), (one_line(self.default_name), "bold"),
                              f" · {rows:,} row{'s' if rows != 1 else ''} × {cols} columns"),
                id="export-title",
            )
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(Text(FORMAT_LABELS[fmt]), value=fmt == self.fmt, id=f"export-{fmt}")
            yield Input(default_path(self.default_name, self.fmt, self._now), id="export-path",
                        placeholder="file to write", select_on_focus=False)
            yield Static(Text(""), id="export-error")
            yield Static(Text("enter writes · ↑ ↓ format · esc cancels"), id="export-hint")

    def on_mount(self) -> None:
        self.query_one(RadioSet).can_focus = False  # one focus: the path; ↑ ↓ pick the format
        self.query_one(Input).focus()

    @property
    def path_input(self) -> Input:
        return self.query_one("#export-path", Input)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(Text(one_line(message)))
        error.display = bool(message)

    def _set_format(self, fmt: FileFormat) -> None:
        if fmt == self.fmt:
            return
        self.fmt = fmt
        self.path_input.value = swap_suffix(self.path_input.value, fmt)
        button = self.query_one(f"#export-{fmt}", RadioButton)
        if not button.value:
            button.value = True

    @on(RadioSet.Changed, "#export-format")
    def _picked(self, event: RadioSet.Changed) -> None:
        if event.pressed.id:
            self._set_format(event.pressed.id.removeprefix("export-"))  # type: ignore[arg-type]

    @on(Input.Changed, "#export-path")
    def _edited(self) -> None:
        self._confirm = None
        self._show_error("")

    def action_format(self, step: int) -> None:
        self._set_format(FORMATS[(FORMATS.index(self.fmt) + step) % len(FORMATS)])

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#export-path")
    def action_write(self) -> None:
        value = self.path_input.value.strip()
        if not value:
            self._show_error("Give a file to write")
            return
        path = Path(value).expanduser()
        target = path.absolute()
        if target.is_file() and self._confirm != target:
            self._confirm = target
            self._show_error(f"{target} exists: enter again to replace it")
            return
        try:
            written = write_table(self.frame, path, self.fmt)
        except ExportError as exc:
            self._confirm = None
            self._show_error(str(exc))
            return
        self.app.notify(f"Wrote {one_line(str(written))}", title="Exported", markup=False)
        self.dismiss(written)
