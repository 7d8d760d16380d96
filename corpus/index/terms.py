"""Token counts of a corpus, built once and read by every comparison.

The counts depend on the texts alone; the periods are a view over them (with_periods): a
period column gathered onto the documents (and onto the postings when they are first read),
and each period's tokens and articles summed from the documents. Changing the periods
regroups; it never rebuilds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import polars as pl

from corpus.index.days import DayCounts, day_counts
from corpus.index.parts import Part, Parts, local_index
from corpus.index.tokens import token_codes
from corpus.model import Corpus, assign_periods


@dataclass(frozen=True)
class TermIndex:
    """vocab: term_id, term, total (occurrences), docs (articles holding it). docs: doc, period,
    tokens: one row per article, aligned with corpus rows. parts: the tokens' frames, part by
    part (corpus.index.parts), read when first used. The period columns and totals are those of
    the corpus given to with_periods."""

    vocab: pl.DataFrame
    docs: pl.DataFrame
    period_tokens: tuple[int, ...]
    period_articles: tuple[int, ...]
    parts: Parts
    # What one-word queries read (corpus.index.days), made by with_periods from the articles'
    # dates when not given (the cache keeps it); None in an index made otherwise (stemmed).
    days: DayCounts | None = None

    @property
    def tokens(self) -> int:
        """How many tokens there are: stream rows are 0 .. tokens - 1."""
        return self.parts.height

    @cached_property
    def postings(self) -> pl.DataFrame:
        """term_id, doc, n (occurrences of a term in a document), period: every posting, for
        views that count them all (keyness, collocates). Sorted by term within each part only."""
        return self._with_period(self.parts.postings())

    def term_postings(self, ids: pl.Series) -> pl.DataFrame:
        """term_id, doc, n, period of the terms `ids` only."""
        return self._with_period(self.parts.postings(ids))

    def _with_period(self, postings: pl.DataFrame) -> pl.DataFrame:
        if "period" not in self.docs.columns:
            return postings
        return postings.with_columns(period=pl.lit(self.docs["period"]).gather(pl.col("doc")))

    def occurrences(self, ids: pl.Series) -> pl.DataFrame:
        """row, term_id: the stream row of every occurrence of the terms `ids` (from their
        positions: a phrase starts from its rarest word's instead of scanning the stream)."""
        return self.parts.occurrences(ids)

    def terms_at(self, rows: pl.Series) -> pl.Series:
        """The term id at each stream row of `rows`."""
        return self.parts.terms_at(rows)

    def locate(self, rows: pl.Series) -> tuple[pl.Series, pl.Series]:
        """(doc, end): the document holding each stream row, and where its tokens end."""
        return self.parts.locate(rows)

    @property
    def doc_starts(self) -> pl.Series:
        """The stream row where each document begins (by document)."""
        return self.parts.doc_starts


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
    term_id: in text order, documents in order), term_id i being vocabulary[i] (sorted): one
    part, numbered as the corpus is."""
    ids = pl.int_range(len(vocabulary), dtype=pl.UInt32, eager=True)
    totals, frames = local_index(stream, len(vocabulary))
    held = held_by(frames.postings(), len(ids))
    vocab = pl.DataFrame({"term_id": ids, "term": vocabulary, "total": totals, "docs": held})
    docs = doc_tokens(stream, documents)
    part = Part(ids, totals, docs["doc"], frames)
    return TermIndex(vocab=vocab, docs=docs, period_tokens=(), period_articles=(), parts=Parts([part], docs["tokens"]))


def held_by(postings: pl.DataFrame, terms: int) -> pl.Series:
    """How many documents hold each of `terms` term ids: its `postings` (sorted by term_id), one
    per document."""
    ids = pl.int_range(terms + 1, dtype=pl.UInt32, eager=True)
    return postings["term_id"].search_sorted(ids).diff().slice(1).cast(pl.UInt32)


def doc_tokens(stream: pl.DataFrame, documents: int) -> pl.DataFrame:
    """doc, tokens: how many tokens each of `documents` documents has in `stream`."""
    counted = stream.group_by("doc").agg(tokens=pl.len())
    tokens = pl.zeros(documents, pl.UInt32, eager=True).scatter(counted["doc"], counted["tokens"])
    return pl.DataFrame({"doc": pl.int_range(documents, dtype=pl.UInt32, eager=True), "tokens": tokens})


def with_periods(index: TermIndex, corpus: Corpus) -> TermIndex:
    """`index` grouped by `corpus`'s periods (its articles' period column): a period column on
    the docs (and the postings, when read: TermIndex.postings), each period's tokens and
    articles, and each day's period. A gather per document: at 13,000 articles a few
    milliseconds. The day counts are made here the first time (at 100,000 articles about a
    second)."""
    period = corpus.articles["period"]
    days = index.days if index.days is not None else day_counts(index.parts, corpus.articles["published"])
    docs = index.docs.select("doc", period=pl.lit(period).gather(pl.col("doc")), tokens="tokens")
    totals = {
        p: (tokens, articles)
        for p, tokens, articles in docs.group_by("period").agg(pl.col("tokens").sum(), articles=pl.len()).iter_rows()
    }
    n = len(corpus.periods)
    return TermIndex(
        vocab=index.vocab,
        docs=docs,
        period_tokens=tuple(int(totals.get(i, (0, 0))[0]) for i in range(n)),
        period_articles=tuple(int(totals.get(i, (0, 0))[1]) for i in range(n)),
        parts=index.parts,
        days=replace(days, period=assign_periods(days.dates, corpus.periods)),
    )
