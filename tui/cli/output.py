"""Plain-text output of the headless commands: tables for people, JSON and CSV for programs.

A command returns Records: its data for JSON, its rows and columns for CSV, and how to draw
its table at a width (tui/cli/tables.py). `emit` renders them in the format asked for through
RENDERERS, the one place that knows the formats: a new command adds no format code.

Tables are fixed-width and fit the given width (80 columns unless stdout is a terminal: then
its width): long cells are cut with "…", numbers are right-aligned and never cut. Every cell
goes through `one_line`, so no control character from the corpus reaches the terminal raw.
JSON and CSV keep the data as it is, except that control and format characters are escaped
(JSON) or made visible (CSV), for the same reason.

This module imports no more than corpus.visible: the dashboard's widgets use its `cut`.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from corpus.visible import one_line, visible

WIDTH = 80
GAP = "  "
ELLIPSIS = "…"


# --- measuring and cutting ---------------------------------------------------------------


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal columns `text` takes (wide CJK characters count two, combining marks none)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def cut(text: str, width: int, *, trim: bool = True) -> str:
    """`text` shortened to `width` columns, ending in "…" when anything was dropped (and, with
    `trim`, no space before it)."""
    if cell_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out: list[str] = []
    used = 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    kept = "".join(out)
    return (kept.rstrip() if trim else kept) + ELLIPSIS


def pad(text: str, width: int, align: str) -> str:
    space = " " * max(0, width - cell_width(text))
    return space + text if align == "r" else text + space


def cut_left(text: str, width: int, *, trim: bool = True) -> str:
    """`text` shortened to `width` columns from the left, starting with "…" when cut."""
    return cut(text[::-1], width, trim=trim)[::-1]


def wrap(text: str, width: int) -> str:
    """A legend (plain ASCII-like text of our own) broken into lines of `width` columns."""
    return textwrap.fill(text, width=max(20, width), break_on_hyphens=False)


# --- the generic table -------------------------------------------------------------------


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    align: str | Sequence[str] | None = None,
    *,
    width: int = WIDTH,
    shrink: Sequence[float] | None = None,
    min_width: int = 6,
    prefer: Sequence[int | None] | None = None,
) -> str:
    """Rows under a header and a rule, fitted to `width` columns.

    align: one "l" or "r" per column (default all left). Right-aligned columns hold numbers:
    they are never cut below their widest cell (only their header may be cut).
    shrink: a weight per column for sharing the cuts when the table is too wide (the widths
    left end up in proportion to the weights); 0 keeps the column whole (use it for ids that
    must be copied), float("inf") cuts it only when no other column can give more. prefer: a width per column (or None)
    that cuts leave alone until every column is down to it; only then do they go further, to
    `min_width`. Cells may be any value; each becomes one safe line of text.
    """
    n = len(headers)
    aligns = list(align or "l" * n)
    weights = list(shrink) if shrink is not None else [1.0] * n
    head = [one_line(str(h)) for h in headers]
    body = [[one_line("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([cell_width(head[i])] + [cell_width(r[i]) for r in body]) for i in range(n)]
    mins = []
    for i in range(n):
        cells = max([cell_width(r[i]) for r in body], default=0)
        if weights[i] <= 0:
            mins.append(widths[i])
        elif aligns[i] == "r":
            mins.append(max(1, cells))
        else:
            mins.append(min(widths[i], min_width))
    room = width - len(GAP) * (n - 1)
    preferred = [max(mins[i], (prefer[i] if prefer else None) or 0) for i in range(n)]
    for floor in (preferred, mins):
        while sum(widths) > room:
            # Take a column from the widest (for its weight) of those that can still give one.
            movable = [i for i in range(n) if widths[i] > floor[i] and weights[i] > 0]
            if not movable:
                break
            i = max(movable, key=lambda j: (widths[j] / weights[j], j))
            widths[i] -= 1

    def line(cells: Sequence[str]) -> str:
        padded = (pad(cut(c, widths[i]), widths[i], aligns[i]) for i, c in enumerate(cells))
        return GAP.join(padded).rstrip()

    rule = GAP.join("─" * w for w in widths)
    return "\n".join([line(head), rule] + [line(r) for r in body])


# --- JSON and CSV -------------------------------------------------------------------------

# json.dumps escapes C0 controls itself; with ensure_ascii=False it lets DEL, C1 controls
# (U+009B is a one-character CSI), bidi overrides, line separators and lone surrogates through
# raw. Outside strings the only control character is the indent's newline.
_ESCAPE_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def to_json(data: object) -> str:
    """Indented JSON, UTF-8 kept readable, every control or format character escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if not text.isascii() or "\x7f" in text:
        text = "".join(
            _json_escape(ch)
            if ch != "\n" and unicodedata.category(ch) in _ESCAPE_CATEGORIES
            else ch
            for ch in text
        )
    return text + "\n"


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return visible(value)
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A header row, then the rows; strings with control characters made visible."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue()


# --- the registry: one command's records in every format -----------------------------------


@dataclass(frozen=True)
class Records:
    """What a command found, ready for any --format.

    data: what JSON shows, as it is. columns and rows: the CSV, a row being a mapping from
    column to value (a missing or None value is an empty cell) or the values in column order.
    table: the table for people, drawn at a width.
    """

    data: Any
    columns: Sequence[str]
    rows: Sequence[Mapping[str, Any] | Sequence[Any]]
    table: Callable[[int], str]


def terminal_width() -> int:
    """80 columns, or the terminal's width when stdout is one."""
    try:
        if sys.stdout.isatty():
            return max(40, shutil.get_terminal_size((80, 24)).columns)
    except (AttributeError, ValueError, OSError):
        pass
    return WIDTH


RENDERERS: dict[str, Callable[[Records], str]] = {
    "table": lambda records: records.table(terminal_width()),
    "csv": lambda records: to_csv(
        records.columns,
        [[row.get(c) for c in records.columns] if isinstance(row, Mapping) else row for row in records.rows],
    ),
    "json": lambda records: to_json(records.data),
}
FORMATS = tuple(RENDERERS)


def write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def emit(records: Records, fmt: str) -> None:
    """Print `records` in the format `fmt` (one of FORMATS) on stdout."""
    write(RENDERERS[fmt](records))
