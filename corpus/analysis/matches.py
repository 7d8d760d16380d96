"""Which articles a query matched, and how often: a read-only mapping row -> occurrences.

Held as a frame sorted by row, not as a dict: building a Python dict of every matching
article took 82 of the 106 ms of a keystroke's comparison for `a*` at 100,000 articles, where
the sidebar then reads the counts of the twenty rows it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property

import polars as pl


class Matches(Mapping[int, int]):
    """Occurrences per corpus row, for the rows with at least one."""

    def __init__(self, frame: pl.DataFrame | Callable[[], pl.DataFrame] | None = None) -> None:
        """`frame`: doc (the corpus row), n; one row per doc, in any order. Or a function giving
        it, called when the matches are first read: a count that needs no postings (a word's,
        from the day counts: corpus.analysis.compare) reads them only if its matches are asked
        for (the sidebar's marks; `kabar compare` never does)."""
        self._source = frame

    @cached_property
    def frame(self) -> pl.DataFrame:
        source = self._source
        frame = source() if callable(source) else source
        if frame is None:
            frame = pl.DataFrame(schema={"doc": pl.UInt32, "n": pl.UInt32})
        return frame.select(pl.col("doc").cast(pl.UInt32), pl.col("n").cast(pl.Int64)).sort("doc")

    @cached_property
    def _docs(self) -> pl.Series:
        return self.frame["doc"]

    def __getitem__(self, row: int) -> int:
        docs = self._docs
        if 0 <= row < 1 << 32:
            at = docs.search_sorted(row)
            if at < len(docs) and docs[at] == row:
                return int(self.frame["n"][at])
        raise KeyError(row)

    def __iter__(self) -> Iterator[int]:
        return iter(self._docs.to_list())

    def __len__(self) -> int:
        return self.frame.height

    def __repr__(self) -> str:
        return f"Matches({len(self):,} articles)"
