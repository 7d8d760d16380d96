"""The articles' texts (clean and raw), kept apart from their metadata.

The texts are most of a corpus's bytes (at 100,000 articles 800 MB of the 850 MB), and a view
reads a few of them at a time: the article on screen, the concordance's lines. A corpus built
without a cache holds them in memory (FrameTexts); one with a cache reads them when asked from
the files of the segments it was built from (PlacedTexts over a StoredTexts per segment: a row
group at a time), so that opening it costs its metadata only and the cache holds each text once.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, Literal

import polars as pl

Column = Literal["text", "raw"]  # clean (what is read and counted), or exactly as received
COLUMNS: tuple[Column, ...] = ("text", "raw")
SCHEMA = {"text": pl.String, "raw": pl.String}
ROW_GROUP = 256  # rows of a stored texts file read together: ~1 MB of text, a few ms
MANY_GROUPS = 64  # row groups past which one pass over the whole column costs less (100k articles)

Rows = Sequence[int] | pl.Series


class Texts:
    """The texts of a corpus's articles, row i being article row i."""

    def __len__(self) -> int:
        raise NotImplementedError

    def column(self, name: Column = "text") -> pl.Series:
        """Every article's text (bulk work: the index, corpus-wide keywords)."""
        raise NotImplementedError

    def frame(self, rows: Rows, columns: Sequence[Column] = COLUMNS) -> pl.DataFrame:
        """The `columns` of `rows`, in the order given (repeats allowed)."""
        raise NotImplementedError

    def rows(self, rows: Rows, name: Column = "text") -> pl.Series:
        return self.frame(rows, (name,)).to_series()

    def one(self, row: int, name: Column = "text") -> str:
        return str(self.rows([row], name)[0])

    def both(self, row: int) -> tuple[str, str]:
        """Row `row`'s clean and raw text."""
        text, raw = self.frame([row]).row(0)
        return text, raw


class FrameTexts(Texts):
    """Texts held in memory: the COLUMNS of a frame."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.texts = frame.select(list(COLUMNS)).cast(pl.Schema(SCHEMA))

    def __len__(self) -> int:
        return self.texts.height

    def column(self, name: Column = "text") -> pl.Series:
        return self.texts[name]

    def frame(self, rows: Rows, columns: Sequence[Column] = COLUMNS) -> pl.DataFrame:
        return self.texts.select(columns)[_indices(rows)]


class StoredTexts(Texts):
    """Texts in a Parquet file holding the COLUMNS (among others) in row groups of ROW_GROUP
    rows (a segment's rows: corpus.index.segments), read when asked. It reads through a file
    opened when it is made (open()): were the file deleted or replaced meanwhile (the cache
    pruned, or rebuilt by another process), POSIX keeps the opened one readable. `check`, if
    given, is called once before the first read (its checksums: it raises when the file is
    damaged)."""

    def __init__(self, file: BinaryIO, height: int, check: Callable[[BinaryIO], None] | None = None) -> None:
        self.file, self.height = file, height
        self._check, self._lock = check, threading.Lock()
        weakref.finalize(self, file.close)

    @classmethod
    def open(cls, path: Path, height: int, check: Callable[[BinaryIO], None] | None = None) -> StoredTexts:
        # Polars reads a binary file object by its descriptor, a row group at a time (checked
        # with polars 2.1: reading one article of 100,000 keeps 20 MB, not the file, in memory).
        return cls(open(path, "rb"), height, check)  # noqa: SIM115 -- kept open for the corpus's life

    def __len__(self) -> int:
        return self.height

    def _checked(self) -> BinaryIO:
        with self._lock:
            if self._check is not None:
                self._check(self.file)
                self._check = None
        return self.file

    def column(self, name: Column = "text") -> pl.Series:
        return pl.scan_parquet(self._checked()).select(name).collect().to_series()

    def frame(self, rows: Rows, columns: Sequence[Column] = COLUMNS) -> pl.DataFrame:
        self._checked()
        wanted = _indices(rows)
        groups = (wanted // ROW_GROUP).unique().sort()
        scan = pl.scan_parquet(self.file).select(columns)
        if len(groups) > MANY_GROUPS:
            return scan.collect()[wanted]
        # One collect per row group: polars then reads that group alone (a few ms). The slices
        # concatenated and collected at once read the whole file (0.5 s at 100,000 articles).
        parts = [scan.slice(g * ROW_GROUP, ROW_GROUP).collect() for g in groups.to_list()]
        read = pl.concat(parts) if parts else pl.DataFrame(schema={c: SCHEMA[c] for c in columns})
        return read[groups.search_sorted(wanted // ROW_GROUP) * ROW_GROUP + wanted % ROW_GROUP]


class PlacedTexts(Texts):
    """Texts kept in several stored files (a corpus's segments): article row i is row
    places["local"][i] of parts[places["segment"][i]]. `segments` names the parts (what the
    index cache's entry lists: corpus.index.entry)."""

    def __init__(self, parts: Sequence[StoredTexts], places: pl.DataFrame, segments: Sequence[tuple[str, int]]) -> None:
        self.parts, self.segments = list(parts), list(segments)
        self.places = places.select(pl.col("segment").cast(pl.UInt32), pl.col("local").cast(pl.UInt32))

    def __len__(self) -> int:
        return self.places.height

    def column(self, name: Column = "text") -> pl.Series:
        whole = pl.concat([part.column(name) for part in self.parts]) if self.parts else pl.Series(name, [], pl.String)
        starts = pl.Series([0, *(len(part) for part in self.parts)], dtype=pl.Int64).cum_sum()
        return whole.gather(starts.gather(self.places["segment"]) + self.places["local"].cast(pl.Int64))

    def frame(self, rows: Rows, columns: Sequence[Column] = COLUMNS) -> pl.DataFrame:
        where = self.places[_indices(rows)].with_row_index("at")
        pieces = [
            self.parts[int(segment)].frame(group["local"], columns).with_columns(at=group["at"])
            for (segment,), group in where.group_by("segment")
        ]
        if not pieces:
            return pl.DataFrame(schema={c: SCHEMA[c] for c in columns})
        return pl.concat(pieces).sort("at").drop("at")


def _indices(rows: Rows) -> pl.Series:
    return rows.cast(pl.Int64) if isinstance(rows, pl.Series) else pl.Series("row", list(rows), dtype=pl.Int64)
