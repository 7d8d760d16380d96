"""Token counts of a corpus, built once and read by every comparison.

The counts depend on the texts alone; the periods are a view over them (with_periods): a
period column gathered onto the documents (and onto the postings when they are first read),
and each period's tokens and articles summed from the documents. Changing the periods
regroups; it never rebuilds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TypeVar

import polars as pl

from corpus.index.days import DayCounts, day_counts
from corpus.index.tokens import token_codes
from corpus.model import Corpus, assign_periods

_ROW_SPAN = 1 << 32  # stream rows are UInt32 positions
_TERM_BITS = pl.lit((1 << 64) - _ROW_SPAN, pl.UInt64)  # a packed key's term_id half


class Frames:
    """The big frames of an index, apart from what every opening reads: the stream, the
    postings (term_id, doc, n; without periods) and the positions' rows. Each is given, or read
    on first use by `load` (the cache entry: corpus.index.entry), once: two threads asking at
    once wait for one read. Positions neither given nor loadable are sorted from the stream."""

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

    def _fetch(self, name: str) -> pl.DataFrame | pl.Series | None:
        """Frame `name`, read if it is not held (under the lock)."""
        held = self._held[name]
        if held is None and self._load is not None:
            loaded = self._load(name)
            held = self._held[name] = loaded["row"] if name == "positions" else loaded
        return held

    def stream(self) -> pl.DataFrame:
        with self._lock:
            found = self._fetch("stream")
        assert isinstance(found, pl.DataFrame), "an index's stream is given or loadable"
        return found

    def postings(self) -> pl.DataFrame:
        with self._lock:
            found = self._fetch("postings")
        assert isinstance(found, pl.DataFrame), "an index's postings are given or loadable"
        return found

    def positions(self) -> pl.Series:
        with self._lock:
            found = self._fetch("positions")
            if found is None:
                # Sorting them here costs 0.3 s of CPU at 5M tokens, 5 s at 53M.
                stream = self._fetch("stream")
                assert isinstance(stream, pl.DataFrame), "an index's stream is given or loadable"
                found = self._held["positions"] = _rows(_packed(stream))
        assert isinstance(found, pl.Series)
        return found

    def loaded(self, name: str) -> bool:
        """Whether `name` is in memory (given, or read already)."""
        return self._held[name] is not None


@dataclass(frozen=True)
class TermIndex:
    """vocab: term_id, term, total. docs: doc, period, tokens: one row per article, aligned
    with corpus rows. frames: the stream, postings and positions, read when first used (Frames).
    The period columns and totals are those of the corpus given to with_periods."""

    vocab: pl.DataFrame
    docs: pl.DataFrame
    period_tokens: tuple[int, ...]
    period_articles: tuple[int, ...]
    frames: Frames
    # What one-word queries read (corpus.index.days), made by with_periods from the articles'
    # dates when not given (the cache keeps it); None in an index made otherwise (stemmed).
    days: DayCounts | None = None

    @property
    def stream(self) -> pl.DataFrame:
        """doc, term_id: every token, in text order (for phrases)."""
        return self.frames.stream()

    @cached_property
    def postings(self) -> pl.DataFrame:
        """term_id, doc, n (occurrences of a term in a document), period; sorted by term_id."""
        postings = self.frames.postings()
        if "period" not in self.docs.columns:
            return postings
        return postings.select("term_id", "doc", "n", period=pl.lit(self.docs["period"]).gather(pl.col("doc")))

    @cached_property
    def posting_offsets(self) -> pl.Series:
        """Term t's postings are rows [offsets[t], offsets[t + 1]) (they are sorted by term_id)."""
        ids = pl.int_range(0, self.vocab.height + 1, dtype=pl.UInt32, eager=True)
        return self.frames.postings()["term_id"].search_sorted(ids, "left")

    @cached_property
    def doc_starts(self) -> pl.Series:
        """The stream row where each document begins (the stream is in document order): finding
        a row's document by binary search in this small array beats reading `stream["doc"]` at
        scattered rows, each a cache miss in a table of millions."""
        return pl.concat([pl.Series([0], dtype=pl.Int64), self.docs["tokens"].cast(pl.Int64).cum_sum()]).head(-1)

    @cached_property
    def positions(self) -> tuple[pl.Series, pl.Series]:
        """(rows, offsets): stream row indices grouped by term_id, in text order within a term;
        term t occurs at rows[offsets[t]:offsets[t + 1]]. Lets a phrase start from the
        occurrences of its rarest word instead of scanning the whole stream."""
        return self.frames.positions(), _term_offsets(self.vocab)


def _packed(stream: pl.DataFrame) -> pl.Series:
    """Each token's (term_id, stream row) packed into one integer, sorted: every term's
    positions in text order. 1.5-2x faster than a stable sort_by or arg_sort of the rows."""
    row = pl.int_range(pl.len(), dtype=pl.UInt64)
    return stream.select((pl.col("term_id").cast(pl.UInt64) * _ROW_SPAN + row).sort()).to_series()


_Keys = TypeVar("_Keys", pl.Series, pl.Expr)


def _rows(keys: _Keys) -> _Keys:
    # Wrapping to 32 bits keeps the row and drops the term, with no 64-bit intermediate.
    return keys.cast(pl.UInt32, wrap_numerical=True)


def _term_offsets(vocab: pl.DataFrame) -> pl.Series:
    """Where each term's positions begin (they are grouped by term_id), and the end: a term
    has as many as its total."""
    return pl.concat([pl.Series([0], dtype=pl.UInt64), vocab["total"].cast(pl.UInt64).cum_sum()])


def build_index(corpus: Corpus) -> TermIndex:
    stream, vocab = token_stream_ids(corpus.texts.column("text"))
    return with_periods(index_stream(stream, vocab, corpus.articles.height), corpus)


def token_stream_ids(texts: pl.Series) -> tuple[pl.DataFrame, pl.Series]:
    """Every token of `texts` as (doc, term_id), in text order, and the sorted vocabulary:
    term_id i is vocabulary[i]."""
    words, terms = token_codes(texts)
    # A term's id is its place in the sorted vocabulary: sorting the distinct terms and
    # renumbering the codes through that order is one gather over the tokens (counting and
    # numbering the token strings by hash took 3× as long).
    order = terms.arg_sort(nulls_last=True).head(len(terms) - terms.null_count())
    ids = pl.int_range(len(order), dtype=pl.UInt32, eager=True)
    term_id = pl.lit(pl.zeros(len(terms), pl.UInt32, eager=True).scatter(order, ids)).gather(pl.col("code"))
    # Passes over every token run in the streaming engine, a slice at a time on each CPU: at
    # 50M tokens, one whole-column pass after another spent more time on fresh memory than
    # on the work.
    stream = words.lazy().select("doc", term_id=term_id).collect(engine="streaming").rechunk()
    return stream, terms.gather(order)


def index_stream(stream: pl.DataFrame, vocabulary: pl.Series, documents: int) -> TermIndex:
    """The index, without periods, of `documents` documents whose tokens are `stream` (doc,
    term_id: in text order, documents in order), term_id i being vocabulary[i] (sorted)."""
    ids = pl.int_range(len(vocabulary), dtype=pl.UInt32, eager=True)
    keys = _packed(stream)
    rows = _rows(keys)
    # A term's positions are one run of the keys: where each begins gives the totals.
    starts = keys.search_sorted(pl.int_range(len(ids) + 1, dtype=pl.UInt64, eager=True) * _ROW_SPAN, "left")
    vocab = pl.DataFrame({"term_id": ids, "term": vocabulary, "total": starts.diff().slice(1).cast(pl.UInt32)})
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
    docs = (
        pl.DataFrame({"doc": pl.int_range(documents, dtype=pl.UInt32, eager=True)})
        .join(stream.group_by("doc").agg(tokens=pl.len()), on="doc", how="left", maintain_order="left")
        .with_columns(pl.col("tokens").fill_null(0).cast(pl.UInt32))
    )
    frames = Frames(stream, postings, rows)
    return TermIndex(vocab=vocab, docs=docs, period_tokens=(), period_articles=(), frames=frames)


# What an index computes once and keeps (cached_property slots): the same whatever the periods.
_KEPT = ("posting_offsets", "doc_starts", "positions")


def with_periods(index: TermIndex, corpus: Corpus) -> TermIndex:
    """`index` grouped by `corpus`'s periods (its articles' period column): a period column on
    the docs (and the postings, when read: TermIndex.postings), each period's tokens and
    articles, and each day's period. A gather per posting and a sum per document: at 13,000
    articles (3M postings) a few milliseconds. The day counts are made here the first time (at 100,000
    articles about a second)."""
    period = corpus.articles["period"]
    days = index.days if index.days is not None else day_counts(index.frames.postings(), corpus.articles["published"])
    docs = index.docs.select("doc", period=pl.lit(period).gather(pl.col("doc")), tokens="tokens")
    totals = {
        p: (tokens, articles)
        for p, tokens, articles in docs.group_by("period").agg(pl.col("tokens").sum(), articles=pl.len()).iter_rows()
    }
    n = len(corpus.periods)
    viewed = TermIndex(
        vocab=index.vocab,
        docs=docs,
        period_tokens=tuple(int(totals.get(i, (0, 0))[0]) for i in range(n)),
        period_articles=tuple(int(totals.get(i, (0, 0))[1]) for i in range(n)),
        frames=index.frames,
        days=replace(days, period=assign_periods(days.dates, corpus.periods)),
    )
    viewed.__dict__.update({name: index.__dict__[name] for name in _KEPT if name in index.__dict__})
    return viewed
