"""Token counts of a corpus, built once and read by every comparison."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from corpus.model import Corpus
from corpus.tokens import token_stream


@dataclass(frozen=True)
class TermIndex:
    """vocab: term_id, term, total. stream: doc, term_id, in text order (for phrases).
    postings: term_id, doc, period, n (occurrences of a term in a document), sorted by term_id.
    docs: doc, period, tokens: one row per article, aligned with corpus rows."""

    vocab: pl.DataFrame
    stream: pl.DataFrame
    postings: pl.DataFrame
    docs: pl.DataFrame
    period_tokens: tuple[int, ...]
    period_articles: tuple[int, ...]


def build_index(corpus: Corpus) -> TermIndex:
    words = token_stream(corpus.articles["text"])
    vocab = (
        words.group_by("term")
        .agg(total=pl.len().cast(pl.UInt32))
        .sort("term")
        .with_row_index("term_id")
    )
    stream = words.join(vocab.select("term", "term_id"), on="term", maintain_order="left").select(
        "doc", "term_id"
    )
    periods = corpus.articles.select(
        doc=pl.int_range(pl.len(), dtype=pl.UInt32), period=pl.col("period")
    )
    postings = (
        stream.group_by("term_id", "doc")
        .agg(n=pl.len().cast(pl.UInt32))
        .join(periods, on="doc")
        .sort("term_id", "doc")
    )
    docs = periods.join(
        stream.group_by("doc").agg(tokens=pl.len()), on="doc", how="left", maintain_order="left"
    ).with_columns(pl.col("tokens").fill_null(0).cast(pl.UInt32))
    totals = {
        row["period"]: (row["tokens"], row["articles"])
        for row in docs.group_by("period")
        .agg(tokens=pl.col("tokens").sum(), articles=pl.len())
        .iter_rows(named=True)
    }
    n = len(corpus.periods)
    return TermIndex(
        vocab=vocab,
        stream=stream,
        postings=postings,
        docs=docs,
        period_tokens=tuple(int(totals.get(i, (0, 0))[0]) for i in range(n)),
        period_articles=tuple(int(totals.get(i, (0, 0))[1]) for i in range(n)),
    )
