"""Keyness: which terms are distinctive of one period, against the rest or another period.

For one term (docs/statistics.md has the derivation and a worked example):

    a = count in the target period      c = tokens in the target period
    b = count in the reference          d = tokens in the reference
    E1 = c(a+b)/(c+d)                   E2 = d(a+b)/(c+d)
    G² = 2(a ln(a/E1) + b ln(b/E2))     with 0 · ln 0 = 0
    log ratio = log2((a/c) / (b/d))     with a zero count replaced by 0.5

G² (Dunning's log-likelihood, in Rayson's form) says how sure we are that the rates differ;
log ratio (Hardie) says by how much: +1 is twice as frequent in the target, +3 eight times.

Choices:
- Only terms over-represented in the target are returned (a/c > b/d), most distinctive
  first: by G², then by log ratio, then alphabetically. G² itself is unsigned.
- A term must occur at least `min_count` times in the target (default 3): with fewer, any
  difference is an anecdote, and G² is unreliable for tiny expected counts.
- With `content_only` (default), stopwords, numbers and one-letter tokens are left out, the
  same filter as the top terms view.
- The reference is every other period; articles outside every period are not part of it
  (the periods are what the views compare). Or one named period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import polars as pl

from corpus.index.terms import TermIndex
from corpus.keywords.stopwords import stopwords
from corpus.model import Corpus

MIN_COUNT = 3
ZERO = 0.5  # stands in for a zero count in the log ratio

COLUMNS = {
    "term": pl.String,
    "target_count": pl.Int64,
    "reference_count": pl.Int64,
    "g2": pl.Float64,
    "log_ratio": pl.Float64,
}


@dataclass(frozen=True)
class Keyness:
    target: str  # period label
    reference: str  # period label, or "rest of the corpus"
    target_tokens: int  # c
    reference_tokens: int  # d
    min_count: int
    terms: pl.DataFrame  # term, target_count, reference_count, g2, log_ratio; most distinctive first


def _xlnx(x: float, e: float) -> float:
    return x * math.log(x / e) if x > 0 else 0.0


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """G² for one term (a, b counts; c, d corpus sizes); the frame's formula, one value."""
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    return 2 * (_xlnx(a, e1) + _xlnx(b, e2))


def log_ratio(a: int, b: int, c: int, d: int) -> float:
    """log2 of the ratio of relative frequencies, a zero count taken as ZERO."""
    return math.log2(((a or ZERO) / c) / ((b or ZERO) / d))


def _g2_expr(c: float, d: float) -> pl.Expr:
    a, b = pl.col("target_count").cast(pl.Float64), pl.col("reference_count").cast(pl.Float64)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    term1 = pl.when(a > 0).then(a * (a / e1).log()).otherwise(0.0)
    term2 = pl.when(b > 0).then(b * (b / e2).log()).otherwise(0.0)
    return 2 * (term1 + term2)


def _log_ratio_expr(c: float, d: float) -> pl.Expr:
    a, b = pl.col("target_count").cast(pl.Float64), pl.col("reference_count").cast(pl.Float64)
    a = pl.when(a > 0).then(a).otherwise(ZERO)
    b = pl.when(b > 0).then(b).otherwise(ZERO)
    return ((a / c) / (b / d)).log(2)


def keyness(
    corpus: Corpus,
    index: TermIndex,
    target: int,
    reference: int | None = None,
    min_count: int = MIN_COUNT,
    content_only: bool = True,
) -> Keyness:
    """Terms distinctive of period `target` against period `reference` (None: all others)."""
    n = len(corpus.periods)
    if not 0 <= target < n:
        raise ValueError(f"no period {target}: the corpus has {n}")
    if reference is not None and not 0 <= reference < n:
        raise ValueError(f"no period {reference}: the corpus has {n}")
    if reference == target:
        raise ValueError("compare a period with another one, not with itself")
    others = [reference] if reference is not None else [i for i in range(n) if i != target]
    c = index.period_tokens[target]
    d = sum(index.period_tokens[i] for i in others)
    label = corpus.periods[reference].label if reference is not None else "rest of the corpus"
    result = Keyness(
        target=corpus.periods[target].label,
        reference=label,
        target_tokens=c,
        reference_tokens=d,
        min_count=min_count,
        terms=pl.DataFrame(schema=COLUMNS),
    )
    if not c or not d:
        return result
    period = pl.col("period")
    counts = (
        index.postings.filter(period.is_in([target, *others]))
        .group_by("term_id")
        .agg(
            target_count=pl.col("n").filter(period == target).sum().cast(pl.Int64),
            reference_count=pl.col("n").filter(period != target).sum().cast(pl.Int64),
        )
        .filter(
            (pl.col("target_count") >= max(min_count, 1))
            # over-represented: a/c > b/d, compared without division
            & (pl.col("target_count") * d > pl.col("reference_count") * c)
        )
    )
    vocab = index.vocab.select("term_id", "term")
    if content_only:
        vocab = vocab.filter(
            ~pl.col("term").is_in(list(stopwords()))
            & pl.col("term").str.contains(r"[^\d]")
            & (pl.col("term").str.len_chars() > 1)
        )
    terms = (
        counts.join(vocab, on="term_id")
        .with_columns(g2=_g2_expr(c, d), log_ratio=_log_ratio_expr(c, d))
        .sort(["g2", "log_ratio", "term"], descending=[True, True, False])
        .select(list(COLUMNS))
    )
    return replace(result, terms=terms)
