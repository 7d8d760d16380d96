"""A corpus's rows made a slice at a time, so that each slice can be built and cached alone.

A corpus is made of units: the files of a folder, the rows of a table. Loading one runs in two
steps (corpus.ingest.folders, corpus.ingest.table_corpus):

  * `stage(start, stop)`: the rows of units [start, stop) (ROW_SCHEMA, in unit order: decoded,
    cleaned, metadata inferred from each text alone) and the problems found in them, one line
    each, in unit order. The costly part of loading, and the same for a unit wherever the slice
    around it begins: corpus.index.segments builds, caches and reuses slices ("segments") by it.
  * `finish(staged)`: what needs the whole corpus. Problems about the whole corpus (a manifest
    entry with no file, a date column not understood) come first, the slices' after, capped;
    then the corpus-wide fixes of corpus.ingest.finish (the corpus year for yearless dates,
    dates far from the rest, repeated ids) and the reading order and periods of make_corpus.

`Source.load()` is `finish(stage(0, units))`: loading in one slice or in many gives one corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from corpus.ingest.finish import ROW_SCHEMA, capped, date_by_corpus_year, drop_outliers, unique_ids
from corpus.model import Corpus, Period, make_corpus


@dataclass(frozen=True)
class Staged:
    """The rows of some units (ROW_SCHEMA, in unit order) and the problems found in them."""

    rows: pl.DataFrame
    problems: tuple[str, ...] = ()


def joined(parts: Sequence[Staged]) -> Staged:
    """Slices in unit order as one, as if staged at once."""
    rows = pl.concat([p.rows for p in parts]) if parts else pl.DataFrame(schema=ROW_SCHEMA)
    return Staged(rows, tuple(line for p in parts for line in p.problems))


@dataclass(frozen=True)
class Finished:
    """A loaded corpus, and for each of its rows (reading order) its row among the staged rows
    (unit order): how an index of the staged rows finds its documents in the corpus."""

    corpus: Corpus
    order: pl.Series  # UInt32


@dataclass(frozen=True)
class Staging:
    """A corpus's units, ready to be staged a slice at a time and finished (module docstring)."""

    kind: str  # "folder" or "table": part of a slice's cache key
    keys: pl.Series  # UInt64, one per unit, from what names it (a file's path, a row's content): where slices may end
    digests: pl.Series  # UInt64, one per unit, from its content and place: what a slice is built from
    stage: Callable[[int, int], Staged]
    finish: Callable[[Staged], Finished]

    def __len__(self) -> int:
        return len(self.keys)

    def load(self) -> Corpus:
        return self.finish(self.stage(0, len(self))).corpus


def finish_rows(
    name: str,
    staged: Staged,
    whole_problems: list[str],
    what: str,
    choose: Callable[[pl.Series], tuple[Period, ...]],
    nothing: Callable[[list[str]], Exception] | None = None,
) -> Finished:
    """The corpus-wide part of loading (module docstring): `whole_problems` are about the
    corpus as a whole, the slices' problems are lines about single `what` ("files", "rows").
    With no row at all, `nothing(problems)` is raised, if given."""
    problems = [*whole_problems, *capped(list(staged.problems), what)]
    if nothing is not None and staged.rows.is_empty():
        raise nothing(problems)
    rows = unique_ids(drop_outliers(date_by_corpus_year(staged.rows), problems), problems)
    # In reading order here (make_corpus's, then a no-op), to know where each staged row went;
    # ids are unique by now, so the order is whole.
    rows = rows.with_row_index("unit").sort(["published", "id"], nulls_last=True)
    corpus = make_corpus(name, rows.drop("unit"), choose(rows["published"]), problems)
    return Finished(corpus, rows["unit"])
