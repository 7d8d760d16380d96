"""Tables out of Kabar: files (CSV, Markdown, Parquet) and text for the clipboard (TSV, Markdown).

Choices:
- Files are written atomically and durably (corpus.disk.atomic: a temporary file beside the target,
  fsynced, then renamed over it), so an interrupted export or a power cut never leaves half a
  table under the chosen name.
- Parquet keeps the data exactly, with its types. The text formats (CSV, Markdown, TSV) are
  read by people and pasted into terminals, so control and format characters in cells are made
  visible (ESC as ␛, as in the app); Markdown and TSV also put each cell on one line, since a
  line break or tab would break the table. Markdown escapes `|` and `\\` in cells.
- Columns that are not numbers, text, booleans or dates (lists, structs) are written as text.
- Every failure is an ExportError with a short message naming the path, fit to show inline.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import polars as pl

from corpus.disk.atomic import write_file
from corpus.visible import error_line, one_line, visible

FileFormat = Literal["csv", "md", "parquet"]
TextFormat = Literal["tsv", "md"]
FORMATS: tuple[FileFormat, ...] = ("csv", "md", "parquet")
SUFFIXES = {"csv": ".csv", "md": ".md", "parquet": ".parquet"}


class ExportError(Exception):
    """A table that could not be written; the message is short enough to show inline."""


# --- cells -------------------------------------------------------------------------------


_PLAIN = (pl.Boolean, pl.Date, pl.Datetime, pl.Duration, pl.Time)


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns as text, so every text format can hold them."""
    casts = {}
    for name, dtype in frame.schema.items():
        if dtype.is_numeric() or dtype == pl.String or isinstance(dtype, _PLAIN):
            continue
        if isinstance(dtype, (pl.List, pl.Array, pl.Struct, pl.Object)):
            casts[name] = pl.Series(name, [None if v is None else str(v) for v in frame[name].to_list()], pl.String)
        else:
            casts[name] = frame[name].cast(pl.String, strict=False)
    return frame.with_columns(**casts) if casts else frame


def _text_cells(frame: pl.DataFrame, clean) -> pl.DataFrame:
    strings = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not strings:
        return frame
    return frame.with_columns(
        pl.col(name).map_elements(clean, return_dtype=pl.String, skip_nulls=True) for name in strings
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(round(value, 6)) if value == value else "NaN"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _readable(value: object) -> str:
    """A number as people read it in a Markdown table: two decimals (185.19, not 185.185185),
    four significant digits below one (a keyword score of 0.003321 is not 0.0)."""
    if isinstance(value, float) and value == value and not isinstance(value, bool):
        return f"{value:.4g}" if 0 < abs(value) < 1 else f"{round(value, 2)}"
    return _cell(value)


def _md_escape(text: str) -> str:
    return one_line(text).replace("\\", "\\\\").replace("|", "\\|")


# --- text --------------------------------------------------------------------------------


def _markdown(frame: pl.DataFrame) -> str:
    frame = _flat(frame)
    numeric = [dtype.is_numeric() for dtype in frame.schema.values()]
    head = "| " + " | ".join(_md_escape(name) for name in frame.columns) + " |"
    rule = "| " + " | ".join("---:" if n else "---" for n in numeric) + " |"
    lines = [head, rule]
    for row in frame.iter_rows():
        lines.append("| " + " | ".join(_md_escape(_readable(v)) for v in row) + " |")
    return "\n".join(lines) + "\n"


def _tsv(frame: pl.DataFrame) -> str:
    frame = _flat(frame)
    lines = ["\t".join(one_line(name) for name in frame.columns)]
    lines += ["\t".join(one_line(_cell(v)) for v in row) for row in frame.iter_rows()]
    return "\n".join(lines) + "\n"


def table_text(frame: pl.DataFrame, fmt: TextFormat = "tsv") -> str:
    """The table as text for the clipboard: tab-separated (pastes into a spreadsheet) or Markdown."""
    if fmt == "tsv":
        return _tsv(frame)
    if fmt == "md":
        return _markdown(frame)
    raise ValueError(f"text format must be tsv or md, not {fmt!r}")


# --- files -------------------------------------------------------------------------------


def with_format(path: Path, fmt: FileFormat) -> Path:
    """`path` with the suffix of `fmt`, replacing a known table suffix (or adding one)."""
    suffix = SUFFIXES[fmt]
    if path.suffix.lower() in SUFFIXES.values():
        return path.with_suffix(suffix)
    return path.with_name(path.name + suffix) if path.name else path


def _explain(exc: OSError, path: Path) -> str:
    import errno

    folder = path.parent
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Permission denied: cannot write in {folder}"
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return f"No such folder: {folder}"
    if isinstance(exc, NotADirectoryError) or exc.errno == errno.ENOTDIR:
        return f"Not a folder: {folder}"
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return f"{path} is a folder; give a file name"
    if exc.errno == errno.ENOSPC:
        return f"No space left on the device of {folder}"
    return f"Cannot write {path}: {exc.strerror or exc}"


def write_table(frame: pl.DataFrame, path: Path, fmt: FileFormat) -> Path:
    """Write `frame` to `path` as csv, md or parquet, atomically; the path written (absolute)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    path = Path(os.path.expanduser(str(path)))
    if not path.name or str(path).endswith(os.sep):
        raise ExportError("Give a file name, not only a folder")
    path = path.absolute()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    folder = path.parent
    if not folder.exists():
        raise ExportError(f"No such folder: {folder}")
    if not folder.is_dir():
        raise ExportError(f"Not a folder: {folder}")

    def write(out) -> None:
        if fmt == "parquet":
            frame.write_parquet(out)
        elif fmt == "csv":
            _text_cells(_flat(frame), visible).write_csv(out)
        else:
            out.write(_markdown(frame).encode("utf-8"))

    try:
        write_file(path, write, durable=True)  # the mode of a file replaced is kept
    except OSError as exc:
        raise ExportError(_explain(exc, path)) from exc
    except pl.exceptions.PolarsError as exc:
        raise ExportError(f"Cannot write {fmt}: {error_line(exc, named=False)}") from exc
    return path
