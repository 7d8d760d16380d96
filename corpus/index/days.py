"""Day counts: for every term, per publication day, its occurrences and the articles holding it.

What a one-word query asks on every keystroke (how often, in how many articles, per period or
per calendar bucket) is a sum over a term's days: at most one row per day the corpus spans,
however many articles hold the term. Periods and buckets of any kind are sums of days, so they
stay a view (corpus.index.terms.with_periods) over counts made once.

A day is an index into the corpus's distinct publication dates, in order; undated articles
share the last index (a null date). The counts are grouped part by part (corpus.index.parts:
a segment's postings, in its own numbering), then summed across parts.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

import polars as pl

from corpus.index.parts import Part, Parts, term_rows

_DAY_BITS = 32


class StoredCounts:
    """Day counts in a Parquet file of a cache entry (corpus.index.entry), sorted by term and
    in row groups with statistics: a few terms' rows are read from the row groups that hold
    them (at a million articles the whole is ~100M rows, 1.7 GB in memory; a word's, a few MB),
    the whole only when a view counts every term. The file is opened at the entry's opening
    (read through that opening: an entry pruned or replaced meanwhile stays readable) and
    `check`ed once, before its first read (its checksums: it raises when it is damaged)."""

    def __init__(self, path: Path, check: Callable[[BinaryIO], None]) -> None:
        self.file = open(path, "rb")  # noqa: SIM115 -- closed with this object
        weakref.finalize(self, self.file.close)
        opened = Path(f"/proc/self/fd/{self.file.fileno()}")
        self.path = opened if opened.exists() else path  # the file opened, where the system names it
        self._check: Callable[[BinaryIO], None] | None = check
        self._lock = threading.Lock()
        self._whole: pl.DataFrame | None = None

    def _checked(self) -> None:
        with self._lock:
            if self._check is not None:
                self._check(self.file)
                self._check = None

    def whole(self) -> pl.DataFrame:
        self._checked()
        with self._lock:
            if self._whole is None:
                self._whole = pl.read_parquet(self.path).rechunk()
            return self._whole

    def loaded(self) -> bool:
        """Whether the whole is in memory."""
        return self._whole is not None

    def rows(self, ids: pl.Series) -> pl.DataFrame | None:
        """The rows of the terms `ids`; None once the whole is read (sliced from it instead)."""
        self._checked()
        if self._whole is not None:
            return None
        return pl.scan_parquet(self.path).filter(pl.col("term_id").is_in(ids.cast(pl.UInt32).implode())).collect()


@dataclass(frozen=True)
class DayCounts:
    """counts: term_id, day, count (occurrences), docs (articles), sorted by term_id then day
    (held, or StoredCounts read when asked). dates: the date of each day index (null:
    undated), in order. period: the period of each day index (null: none) in the view of
    corpus.index.terms.with_periods."""

    source: pl.DataFrame | StoredCounts
    dates: pl.Series
    period: pl.Series | None = None

    @property
    def counts(self) -> pl.DataFrame:
        """Every row (read whole, once, when stored)."""
        return self.source if isinstance(self.source, pl.DataFrame) else self.source.whole()

    def rows(self, ids: pl.Series) -> pl.DataFrame:
        """The rows of the terms `ids`, by term then day."""
        if isinstance(self.source, StoredCounts) and (found := self.source.rows(ids)) is not None:
            return found
        return self.counts[term_rows(self.offsets, ids)]

    @cached_property
    def offsets(self) -> pl.Series:
        """Term t's rows are [offsets[t], offsets[t + 1]) of the counts."""
        terms = self.counts["term_id"]
        last = int(terms.max()) + 1 if len(terms) else 0  # type: ignore[arg-type]
        return terms.search_sorted(pl.int_range(0, last + 1, dtype=pl.UInt32, eager=True), "left")


def day_of_docs(published: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(day index of each document, the date of each day index) for documents in reading order
    (published ascending, nulls last)."""
    day = published.rle_id().cast(pl.UInt32)  # consecutive equal dates share an index
    dates = published.unique(maintain_order=True)
    return day, dates


def day_counts(parts: Parts, published: pl.Series, docs: pl.Series | None = None) -> DayCounts:
    """The day counts of the postings of `parts` (corpus.index.parts) for documents published
    on `published` (reading order), in bounded memory: counted part by part (each part's
    postings read for this alone, not kept) and summed. When the parts' counts together pass
    BUDGET rows, they are counted again a range of terms at a time, each range summed alone:
    the memory then follows the sum and one range, never every part's counts at once (at a
    million articles: ~200M rows counted, ~100M summed). `docs`: the articles holding each
    term, if known, to cut the ranges evenly."""
    day, dates = day_of_docs(published)
    counted, rows = [], 0
    for part in parts.parts:
        found = part_days(part, part.frames.postings(keep=False), day)
        rows += found.height
        if rows <= BUDGET:
            counted.append(found)
    if rows <= BUDGET:
        return _as_counts(_sum(counted), dates)
    counted.clear()  # past the budget: counted again below, a range of terms at a time
    summed = []
    for lo, hi in _term_ranges(parts, rows, docs, len(dates)):
        ranged = []
        for part in parts.parts:
            postings = part.frames.postings(keep=False)
            first, last = part.terms.search_sorted(pl.Series([lo, hi], dtype=pl.UInt32)).to_list()
            start, stop = postings["term_id"].search_sorted(pl.Series([first, last], dtype=pl.UInt32)).to_list()
            ranged.append(part_days(part, postings.slice(start, stop - start), day))
            del postings
        summed.append(_sum(ranged))
    return _as_counts(pl.concat(summed), dates)


BUDGET = 40_000_000  # rows of the parts' day counts held at once (16 bytes each)


def _term_ranges(parts: Parts, rows: int, docs: pl.Series | None, days: int) -> list[tuple[int, int]]:
    """[lo, hi) ranges of term ids, each about BUDGET rows of counts: a term has a row per day
    it is used on, at most min(its articles, the days); without `docs`, ranges of equal size."""
    terms = int(max((int(p.terms.max()) + 1 for p in parts.parts if len(p.terms)), default=0))  # type: ignore[arg-type]
    count = -(-rows // BUDGET) + 1
    if docs is None or len(docs) != terms:
        cuts = [terms * i // count for i in range(count + 1)]
    else:
        weight = docs.cast(pl.Int64).clip(upper_bound=max(days, 1)).cum_sum()
        total = int(weight[-1]) if len(weight) else 0
        cuts = [0, *weight.search_sorted(pl.Series([total * i // count for i in range(1, count)])).to_list(), terms]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _as_counts(keys: pl.DataFrame, dates: pl.Series) -> DayCounts:
    counts = keys.select(
        term_id=(pl.col("key") // (1 << _DAY_BITS)).cast(pl.UInt32),
        day=(pl.col("key") % (1 << _DAY_BITS)).cast(pl.UInt32),
        count="count",
        docs="docs",
    )
    return DayCounts(counts, dates)


def part_days(part: Part, postings: pl.DataFrame, day: pl.Series) -> pl.DataFrame:
    """key (term id and day packed), count, docs: the day counts of one part whose postings
    are `postings`, `day` being the day of each corpus row (day_of_docs)."""
    return (
        postings.lazy()
        .select(
            key=pl.lit(part.terms).gather("term_id").cast(pl.UInt64) * (1 << _DAY_BITS)
            + pl.lit(day).gather(pl.lit(part.docs).gather("doc")).cast(pl.UInt64),
            n="n",
        )
        .group_by("key")
        .agg(count=pl.col("n").sum().cast(pl.UInt32), docs=pl.len().cast(pl.UInt32))
        .collect(engine="streaming")
    )


def _sum(held: list[pl.DataFrame]) -> pl.DataFrame:
    """key, count, docs: the rows of `held` summed by key, sorted by key."""
    if not held:
        return pl.DataFrame(schema={"key": pl.UInt64, "count": pl.UInt32, "docs": pl.UInt32})
    several = len(held) > 1
    keys = pl.concat(held).sort("key")
    held.clear()  # the parts' rows go as soon as they are one sorted frame
    if not several:  # one part's counts have a row per key
        return keys
    # A (term, day) counted by several parts: its rows are neighbours once sorted, summed
    # as one run each (at 100,000 articles, 22M rows: 1.6 s, where a hash group-by took 4.5).
    return keys.group_by(pl.col("key").rle_id().alias("run"), maintain_order=True).agg(
        pl.col("key").first(), pl.col("count").sum(), pl.col("docs").sum()
    ).drop("run")
