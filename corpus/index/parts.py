"""An index's token frames in parts, each in its own numbering (docs/scale.md, "the merge").

A part is the tokens of some documents: a segment's, or a whole corpus indexed at once. Its
frames (Frames) number things locally: a term id is a place in the part's own sorted
vocabulary, a document its row among the part's documents, a stream row its place in the part's
stream. `terms` maps the part's term ids to the corpus's (both vocabularies are sorted, so the
map rises), and `docs` its documents to the corpus's rows (reading order).

The corpus's stream is the parts' streams one after another: a token's row is its part's first
row plus its row in the part. Nothing is joined or sorted across parts. What a view asks (the
postings or the occurrences of some terms, the term at some rows, the document holding a row)
is asked of each part and put together (Parts): adding a segment to a corpus adds a part, and
the rest stay as they were built.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from functools import cached_property
from typing import TypeVar

import polars as pl

_ROW_SPAN = 1 << 32  # a part's stream rows are UInt32


class Frames:
    """A part's big frames, in its numbering: the stream (term_id: every token in text order,
    documents in order; a stream just built has its doc column too), the postings (term_id,
    doc, n: sorted by term_id, then doc) and the positions (the stream rows of each term, terms
    in order, rows in text order). Each is given, or read on first use by `load` (a segment's
    files: corpus.index.segments), once: two threads asking at once wait for one read.
    Positions neither given nor loadable are sorted from the stream."""

    def __init__(
        self,
        stream: pl.DataFrame | None = None,
        postings: pl.DataFrame | None = None,
        positions: pl.Series | None = None,
        *,
        load: Callable[[str], pl.DataFrame] | None = None,
    ) -> None:
        self._held: dict[str, pl.DataFrame | pl.Series | None] = {
            "stream": stream, "postings": postings, "positions": positions
        }
        self._load = load
        self._lock = threading.Lock()

    def _fetch(self, name: str, *, keep: bool = True) -> pl.DataFrame | pl.Series | None:
        """Frame `name`, read if it is not held (under the lock), and kept if `keep`."""
        held = self._held[name]
        if held is None and self._load is not None:
            loaded = self._load(name)
            held = loaded["row"] if name == "positions" else loaded
            if keep:
                self._held[name] = held
        return held

    def stream(self) -> pl.DataFrame:
        with self._lock:
            found = self._fetch("stream")
        assert isinstance(found, pl.DataFrame), "a part's stream is given or loadable"
        return found

    def postings(self, *, keep: bool = True) -> pl.DataFrame:
        """The postings; when not held and not `keep`, read for this once (a pass over every
        part, as the day counts make, holds one part's at a time)."""
        with self._lock:
            found = self._fetch("postings", keep=keep)
        assert isinstance(found, pl.DataFrame), "a part's postings are given or loadable"
        return found

    def positions(self) -> pl.Series:
        with self._lock:
            found = self._fetch("positions")
            if found is None:
                # Sorting them here costs 0.3 s of CPU at 5M tokens, 5 s at 53M.
                stream = self._fetch("stream")
                assert isinstance(stream, pl.DataFrame), "a part's stream is given or loadable"
                found = self._held["positions"] = _rows(_packed(stream))
        assert isinstance(found, pl.Series)
        return found

    def loaded(self, name: str) -> bool:
        """Whether `name` is in memory (given, or read already)."""
        return self._held[name] is not None


def _packed(stream: pl.DataFrame) -> pl.Series:
    """Each token's (term_id, stream row) packed into one integer, sorted: every term's
    positions in text order. 1.5-2x faster than a stable sort_by or arg_sort of the rows."""
    row = pl.int_range(pl.len(), dtype=pl.UInt64)
    return stream.select((pl.col("term_id").cast(pl.UInt64) * _ROW_SPAN + row).sort()).to_series()


_Keys = TypeVar("_Keys", pl.Series, pl.Expr)
_Taken = TypeVar("_Taken", pl.Series, pl.DataFrame)


def _rows(keys: _Keys) -> _Keys:
    # Wrapping to 32 bits keeps the row and drops the term, with no 64-bit intermediate.
    return keys.cast(pl.UInt32, wrap_numerical=True)


_TERM_BITS = pl.lit((1 << 64) - _ROW_SPAN, pl.UInt64)  # a packed key's term_id half


def local_index(stream: pl.DataFrame, terms: int) -> tuple[pl.Series, Frames]:
    """The totals (occurrences of each term id, 0 .. terms - 1) and frames of a part whose
    tokens are `stream` (doc, term_id: in text order, documents in order)."""
    keys = _packed(stream)
    # A term's positions are one run of the keys: where each begins gives the totals.
    starts = keys.search_sorted(pl.int_range(terms + 1, dtype=pl.UInt64, eager=True) * _ROW_SPAN, "left")
    totals = starts.diff().slice(1).cast(pl.UInt32)
    # The keys with the document in place of the row, counted in runs, are the postings in
    # order (6× faster than a two-column group-by + sort).
    doc_of_row = pl.lit(stream["doc"]).gather(_rows(pl.col("key"))).cast(pl.UInt64)
    runs = (
        pl.LazyFrame({"key": keys})
        .select((pl.col("key") & _TERM_BITS) | doc_of_row)
        .collect(engine="streaming")
        .to_series()
        .rle()  # not in the streaming engine: polars 2.1 panics there on some inputs
        .struct.unnest()
    )
    postings = (
        runs.lazy()
        .select(
            term_id=(pl.col("value") // _ROW_SPAN).cast(pl.UInt32),
            doc=(pl.col("value") % _ROW_SPAN).cast(pl.UInt32),
            n=pl.col("len").cast(pl.UInt32),
        )
        .collect(engine="streaming")
        .rechunk()
    )
    return totals, Frames(stream, postings, _rows(keys))


def term_rows(offsets: pl.Series, ids: pl.Series) -> pl.Series:
    """Rows [offsets[i], offsets[i + 1]) for every id i: where those terms sit in a table sorted
    by term_id. Filtering the 3M postings with is_in took 10 ms for the nine ids of a*."""
    ranges = pl.int_ranges(offsets.gather(ids), offsets.gather(ids + 1), dtype=pl.Int64)
    return pl.select(ranges.explode()).to_series().drop_nulls()  # an empty range explodes to null


_FEW = 8  # terms taken as slices one by one, rather than by a gather of their rows


def _taken(frame: _Taken, offsets: pl.Series, ids: pl.Series) -> _Taken:
    """The rows of the terms `ids` of `frame`, sorted by term_id whose rows begin at `offsets`:
    slices for a few terms (a slice is no copy; at 100,000 articles, gathering the rows of one
    common word took 3 ms)."""
    if len(ids) > _FEW:
        return frame.gather(term_rows(offsets, ids)) if isinstance(frame, pl.Series) else frame[term_rows(offsets, ids)]
    starts, stops = offsets.gather(ids).to_list(), offsets.gather(ids + 1).to_list()
    pieces = [frame.slice(a, b - a) for a, b in zip(starts, stops, strict=True)]
    return pl.concat(pieces) if pieces else frame.clear()


class Part:
    """One part: `terms` (the corpus's term id of each of its term ids, rising), `totals` (the
    occurrences of each of its term ids), `docs` (the corpus's row of each of its documents)
    and its frames."""

    def __init__(self, terms: pl.Series, totals: pl.Series, docs: pl.Series, frames: Frames) -> None:
        self.terms = terms.cast(pl.UInt32)
        self.totals = totals.cast(pl.UInt32)
        self.docs = docs.cast(pl.UInt32)
        self.frames = frames

    @cached_property
    def position_offsets(self) -> pl.Series:
        """Term t's positions are rows [offsets[t], offsets[t + 1]) of the positions."""
        return pl.concat([pl.Series([0], dtype=pl.Int64), self.totals.cast(pl.Int64).cum_sum()])

    @cached_property
    def posting_offsets(self) -> pl.Series:
        """Term t's postings are rows [offsets[t], offsets[t + 1]) (they are sorted by term_id)."""
        ids = pl.int_range(0, len(self.terms) + 1, dtype=pl.UInt32, eager=True)
        return self.frames.postings()["term_id"].search_sorted(ids, "left")

    def local(self, ids: pl.Series) -> tuple[pl.Series, pl.Series]:
        """(the part's ids, the corpus's) of those corpus term `ids` the part holds."""
        ids = ids.cast(pl.UInt32)
        at = self.terms.search_sorted(ids, "left")
        if self.terms.is_empty():
            return at.clear(), ids.clear()
        here = self.terms.gather(at.clip(0, len(self.terms) - 1)) == ids
        return at.filter(here), ids.filter(here)

    def mapped(self, postings: pl.DataFrame) -> pl.DataFrame:
        """Postings of this part (term_id, doc, n) in the corpus's numbering."""
        return postings.select(
            term_id=pl.lit(self.terms).gather("term_id"), doc=pl.lit(self.docs).gather("doc"), n="n"
        )


_NO_POSTINGS = pl.Schema({"term_id": pl.UInt32, "doc": pl.UInt32, "n": pl.UInt32})


class Parts:
    """The parts of one index, in stream order, over documents whose token counts are
    `tokens` (one per corpus row): every corpus row is one document of one part."""

    def __init__(self, parts: list[Part], tokens: pl.Series) -> None:
        self.parts = parts
        # The documents as the stream holds them (blocks): each part's, in its order.
        blocks = pl.concat([p.docs for p in parts]) if parts else pl.Series([], dtype=pl.UInt32)
        sizes = tokens.cast(pl.Int64).gather(blocks)
        self._ends = sizes.cum_sum()
        self._starts = self._ends - sizes
        self._blocks = blocks
        ends = [0, *pl.Series([len(p.docs) for p in parts], dtype=pl.Int64).cum_sum().to_list()]
        self._part_blocks = ends  # part i's documents are blocks [ends[i], ends[i + 1])
        self.first_rows = [int(self._starts[e]) if e < len(blocks) else int(sizes.sum()) for e in ends[:-1]]
        self.height = int(sizes.sum())
        self._first_rows = pl.Series(self.first_rows, dtype=pl.Int64)

    def loaded(self, name: str) -> bool:
        """Whether any part holds its frame `name` in memory."""
        return any(p.frames.loaded(name) for p in self.parts)

    @cached_property
    def doc_starts(self) -> pl.Series:
        """The stream row where each document (corpus row) begins."""
        return pl.zeros(len(self._blocks), pl.Int64, eager=True).scatter(self._blocks, self._starts)

    def postings(self, ids: pl.Series | None = None) -> pl.DataFrame:
        """term_id, doc, n in the corpus's numbering: of the terms `ids`, or all (read part by
        part; sorted by term within each part, not across them)."""
        found = []
        for part in self.parts:
            if ids is None:
                found.append(part.mapped(part.frames.postings()))
                continue
            local, _ = part.local(ids)
            if not local.is_empty():
                found.append(part.mapped(_taken(part.frames.postings(), part.posting_offsets, local)))
        return pl.concat(found) if found else pl.DataFrame(schema=_NO_POSTINGS)

    def occurrences(self, ids: pl.Series) -> pl.DataFrame:
        """row (Int64), term_id (the corpus's): every occurrence of the terms `ids`, by part,
        then term, then row."""
        found = []
        for first, part in zip(self.first_rows, self.parts, strict=True):
            local, corpus_ids = part.local(ids)
            if local.is_empty():
                continue
            rows = _taken(part.frames.positions(), part.position_offsets, local).cast(pl.Int64) + first
            term = corpus_ids.repeat_by(part.totals.gather(local)).explode() if len(local) > 1 else (
                pl.repeat(corpus_ids[0], len(rows), dtype=pl.UInt32, eager=True)
            )
            found.append(pl.DataFrame({"row": rows, "term_id": term}))
        return pl.concat(found) if found else pl.DataFrame(schema={"row": pl.Int64, "term_id": pl.UInt32})

    def terms_at(self, rows: pl.Series) -> pl.Series:
        """The term id (the corpus's) at each stream row of `rows` (each < height)."""
        rows = rows.cast(pl.Int64)
        if len(self.parts) == 1:
            return self._terms_in(0, rows)
        which = self._first_rows.search_sorted(rows, "right") - 1
        ids = pl.int_range(len(self.parts) + 1, eager=True)
        if which.is_sorted():  # rows part by part, as occurrences() gives them: a slice each
            bounds = which.search_sorted(ids, "left")
            return pl.concat([
                self._terms_in(i, rows.slice(bounds[i], bounds[i + 1] - bounds[i])) for i in range(len(self.parts))
            ])
        order = which.arg_sort()
        bounds = which.gather(order).search_sorted(ids, "left")
        found = pl.zeros(len(rows), pl.UInt32, eager=True)
        for i in range(len(self.parts)):
            at = order.slice(bounds[i], bounds[i + 1] - bounds[i])
            if not at.is_empty():
                found.scatter(at, self._terms_in(i, rows.gather(at)))
        return found

    def _terms_in(self, i: int, rows: pl.Series) -> pl.Series:
        """The term ids (the corpus's) at `rows`, all in part i."""
        part = self.parts[i]
        if rows.is_empty():
            return pl.Series([], dtype=pl.UInt32)
        return part.terms.gather(part.frames.stream()["term_id"].gather(rows - self.first_rows[i]))

    def locate(self, rows: pl.Series) -> tuple[pl.Series, pl.Series]:
        """(doc, end) of each stream row: the document holding it (corpus row) and the stream
        row where that document's tokens end. A binary search over the documents' starts:
        reading a doc column at scattered rows is a cache miss each in a table of millions."""
        block = self._starts.search_sorted(rows.cast(pl.Int64), "right").cast(pl.Int64) - 1
        return self._blocks.gather(block).cast(pl.Int64), self._ends.gather(block)

    def stream(self) -> pl.DataFrame:
        """doc, term_id: every token, in stream order, in the corpus's numbering."""
        sizes = self._ends - self._starts
        found = [
            p.frames.stream().select(
                doc=pl.lit(self._blocks.slice(a, b - a).repeat_by(sizes.slice(a, b - a)).explode().drop_nulls()),
                term_id=pl.lit(p.terms).gather("term_id"),
            )
            for p, (a, b) in zip(self.parts, itertools.pairwise(self._part_blocks), strict=True)
        ]
        return pl.concat(found) if found else pl.DataFrame(schema={"doc": pl.UInt32, "term_id": pl.UInt32})
