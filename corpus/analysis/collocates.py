"""Collocates: the words most associated with a query within a few tokens of it, period by period.

Counted as a corpus linguist's Collocates tool counts them (AntConc's, with log-likelihood):
the node is every occurrence of the query; its window is the `window` tokens on each side,
inside the same article. For a word w in one period:

    together  O11  occurrences of w inside the windows
    total     C1   occurrences of w in the period
    window    R1   tokens inside the windows
    tokens    N    tokens in the period

G² comes from the 2×2 table these make (together, total − together, window − together, the
rest). A token position is counted once however many windows hold it, and the node's own
tokens are never in a window, so together ≤ total always holds. Only words seen at least
`min_count` times in the windows and more often than expected there (O11 > R1·C1/N) are listed:
a collocate is a word the query attracts. Stopwords, numbers and one-letter tokens are left out,
as in keyness.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from corpus.analysis.compare import phrase_starts, term_ids
from corpus.analysis.query import Query
from corpus.index.terms import TermIndex
from corpus.keywords.stopwords import content_terms
from corpus.model import Corpus

WINDOW = 5  # tokens each side of the node
MIN_COUNT = 3  # occurrences in the windows
TOP = 20  # collocates listed per period

COLUMNS = {
    "term": pl.String,
    "together": pl.Int64,  # O11
    "total": pl.Int64,  # C1
    "expected": pl.Float64,  # R1·C1/N
    "g2": pl.Float64,
}


@dataclass(frozen=True)
class PeriodCollocates:
    label: str
    nodes: int  # occurrences of the query in the period
    window: int  # R1: tokens inside the windows
    tokens: int  # N: tokens in the period
    terms: pl.DataFrame  # COLUMNS, strongest first


@dataclass(frozen=True)
class Collocates:
    query: str
    window: int
    min_count: int
    periods: tuple[PeriodCollocates, ...]


def nodes(index: TermIndex, query: Query) -> pl.DataFrame:
    """start (stream row), length (tokens), doc of every occurrence of the query, each once."""
    frames = []
    words = [alt.patterns[0] for alt in query.alternatives if len(alt.patterns) == 1]
    if words:
        start = index.occurrences(term_ids(index, words))["row"]
        frames.append(pl.DataFrame({"start": start, "length": pl.repeat(1, len(start), dtype=pl.Int64, eager=True)}))
    for alt in query.alternatives:
        if len(alt.patterns) > 1:
            starts = phrase_starts(index, alt).start.cast(pl.Int64)
            length = pl.repeat(len(alt.patterns), len(starts), dtype=pl.Int64, eager=True)
            frames.append(pl.DataFrame({"start": starts, "length": length}))
    if not frames:
        return pl.DataFrame(schema={"start": pl.Int64, "length": pl.Int64, "doc": pl.Int64})
    found = pl.concat(frames).unique().sort("start")
    return found.with_columns(doc=index.locate(found["start"])[0])


def _windows(index: TermIndex, found: pl.DataFrame, window: int) -> pl.DataFrame:
    """row (stream row) and doc of every token within `window` of a node, in the node's article,
    each row once, the nodes' own rows left out."""
    doc_start = index.doc_starts.gather(found["doc"])
    doc_end = doc_start + index.docs["tokens"].cast(pl.Int64).gather(found["doc"])
    start, end = found["start"], found["start"] + found["length"]
    spans = pl.DataFrame({
        "doc": found["doc"],
        "left": pl.int_ranges(pl.max_horizontal(start - window, doc_start), start, dtype=pl.Int64, eager=True),
        "right": pl.int_ranges(end, pl.min_horizontal(end + window, doc_end), dtype=pl.Int64, eager=True),
        "own": pl.int_ranges(start, end, dtype=pl.Int64, eager=True),
    })
    rows = pl.concat([
        spans.select("doc", row="left").explode("row"),
        spans.select("doc", row="right").explode("row"),
    ]).drop_nulls("row").unique("row")
    own = spans.select(row="own").explode("row")
    return rows.join(own, on="row", how="anti")


def _g2(a: pl.Expr, c1: pl.Expr, r1: pl.Expr, n: pl.Expr) -> pl.Expr:
    """Log-likelihood of the 2×2 table [[a, c1 − a], [r1 − a, n − r1 − c1 + a]]."""
    cells = [
        (a, r1 * c1 / n),
        (c1 - a, (n - r1) * c1 / n),
        (r1 - a, r1 * (n - c1) / n),
        (n - r1 - c1 + a, (n - r1) * (n - c1) / n),
    ]
    return 2 * pl.sum_horizontal(
        [pl.when(o > 0).then(o * (o / e).log()).otherwise(0.0) for o, e in cells]
    )


def collocates(
    corpus: Corpus, index: TermIndex, query: Query, *, window: int = WINDOW, min_count: int = MIN_COUNT,
    top: int = TOP,
) -> Collocates:
    if window < 1:
        raise ValueError("the window is at least one token each side")
    found = nodes(index, query)
    found = found.with_columns(period=index.docs["period"].gather(found["doc"])).filter(
        pl.col("period").is_not_null()
    )
    rows = _windows(index, found, window)
    rows = rows.with_columns(
        period=index.docs["period"].gather(rows["doc"]),
        term_id=index.terms_at(rows["row"]),
    )
    node_terms = index.terms_at(
        found.select(pl.int_ranges("start", pl.col("start") + pl.col("length"))).to_series().explode()
    ).unique()
    together = (
        rows.filter(~pl.col("term_id").is_in(node_terms.implode()))
        .group_by("period", "term_id")
        .agg(together=pl.len().cast(pl.Int64))
        .filter(pl.col("together") >= max(min_count, 1))
    )
    totals = (
        index.postings.join(together.select("period", "term_id"), on=["period", "term_id"])
        .group_by("period", "term_id")
        .agg(total=pl.col("n").sum().cast(pl.Int64))
    )
    sizes = pl.DataFrame({
        "period": pl.Series(range(len(corpus.periods)), dtype=pl.Int32),
        "tokens": pl.Series(index.period_tokens, dtype=pl.Int64),
        "window": pl.Series([rows.filter(pl.col("period") == i).height for i in range(len(corpus.periods))],
                            dtype=pl.Int64),
    })
    a, c1, r1, n = (pl.col(c).cast(pl.Float64) for c in ("together", "total", "window", "tokens"))
    scored = (
        together.join(totals, on=["period", "term_id"])
        .join(sizes, on="period")
        .join(content_terms(index.vocab), on="term_id")
        .with_columns(expected=r1 * c1 / n, g2=_g2(a, c1, r1, n))
        .filter(a > pl.col("expected"))
        .sort(["period", "g2", "term"], descending=[False, True, False])
    )
    node_counts = found.group_by("period").len()
    per_period = []
    for i, period in enumerate(corpus.periods):
        terms = scored.filter(pl.col("period") == i).head(top).select(list(COLUMNS)).cast(pl.Schema(COLUMNS))
        count = node_counts.filter(pl.col("period") == i)["len"]
        per_period.append(PeriodCollocates(
            label=period.label,
            nodes=int(count.item()) if len(count) else 0,
            window=int(sizes["window"][i]),
            tokens=index.period_tokens[i],
            terms=terms,
        ))
    return Collocates(query=query.text, window=window, min_count=min_count, periods=tuple(per_period))
