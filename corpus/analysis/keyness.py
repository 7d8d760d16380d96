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
- Both ends are returned, as AntConc does: terms more frequent in the target (positive
  keywords, direction "more", log ratio > 0) and less frequent (negative keywords, "less",
  log ratio < 0). "more" first, each most distinctive first: by G², then by |log ratio|,
  then alphabetically. G² itself is unsigned; the log ratio's sign and `direction` say which.
- A term whose counts show no difference is neither: its target count is the whole number
  nearest to what equal rates predict (|a − E1| < 0.5, i.e. 2|ad − bc| < c + d; equal rates
  included). `rusia` in Nov 2016 (18 against 31, 17.99 expected) is one.
- A term must occur at least `min_count` times (default 3) on the side where it is more
  frequent: the target for "more", the reference for "less". With fewer, any difference is
  an anecdote, and G² is unreliable for tiny expected counts.
- `tested` is the number of terms compared (past min_count and the content filter, whether
  or not they differ): the m of a Bonferroni correction (critical_value(alpha, m)).
- With `content_only` (default), stopwords, numbers and one-letter tokens are left out, the
  same filter as the top terms view.
- The reference is every other period; articles outside every period are not part of it
  (the periods are what the views compare). Or one named period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import NormalDist
from typing import Literal

import polars as pl

from corpus.index.terms import TermIndex
from corpus.keywords.stopwords import content_terms
from corpus.model import Corpus

MIN_COUNT = 3
ZERO = 0.5  # stands in for a zero count in the log ratio

COLUMNS = {
    "term": pl.String,
    "target_count": pl.Int64,
    "reference_count": pl.Int64,
    "g2": pl.Float64,
    "log_ratio": pl.Float64,
    "direction": pl.String,
}

Direction = Literal["more", "less", "both"]
# p levels read off the chi-square distribution with 1 degree of freedom; stars as usual
LEVELS = (0.05, 0.01, 0.001, 0.0001)


def critical_value(alpha: float, tests: int = 1) -> float:
    """G² (chi-square, 1 d.f.) past which p < alpha, Bonferroni-corrected for `tests` tests.

    For 1 d.f. chi-square is a squared standard normal, so the critical value is
    z² with z = Φ⁻¹(1 − α / (2m)): 3.84 for 0.05, 6.63 for 0.01, 10.83 for 0.001."""
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha}")
    z = NormalDist().inv_cdf(1 - alpha / (2 * max(tests, 1)))
    return z * z


def p_level(g2: float, tests: int = 1) -> float | None:
    """The smallest of LEVELS that G² passes (p below it), or None (not significant)."""
    passed = [alpha for alpha in LEVELS if g2 >= critical_value(alpha, tests)]
    return min(passed) if passed else None


def stars(g2: float, tests: int = 1) -> str:
    """'*' p < .05, '**' p < .01, '***' p < .001, '****' p < .0001 (corrected for `tests`), or ''."""
    level = p_level(g2, tests)
    return "" if level is None else "*" * (LEVELS.index(level) + 1)


@dataclass(frozen=True)
class Keyness:
    target: str  # period label
    reference: str  # period label, or "rest of the corpus"
    target_tokens: int  # c
    reference_tokens: int  # d
    min_count: int
    terms: pl.DataFrame  # term, target_count, reference_count, g2, log_ratio, direction; "more" first
    tested: int = 0  # terms compared: past min_count and the content filter, listed or not


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


def g2_expr(c: float, d: float) -> pl.Expr:
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
    """Terms distinctive of period `target` against period `reference` (None: all others): those
    more frequent in the target, then those less frequent (see the module's choices)."""
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
        .with_columns(
            # a·d − b·c: its sign is the direction (a/c against b/d, compared without division)
            _diff=pl.col("target_count") * d - pl.col("reference_count") * c,
        )
        .with_columns(
            direction=pl.when(pl.col("_diff") > 0).then(pl.lit("more")).otherwise(pl.lit("less")),
        )
        .filter(
            # enough occurrences on the side where the term is more frequent
            pl.when(pl.col("_diff") > 0)
            .then(pl.col("target_count"))
            .otherwise(pl.col("reference_count"))
            >= max(min_count, 1)
        )
    )
    vocab = content_terms(index.vocab) if content_only else index.vocab.select("term_id", "term")
    tested = counts.join(vocab, on="term_id")
    terms = (
        # a difference a count can show: |a − E1| = |ad − bc| / (c + d) of at least one half
        tested.filter(2 * pl.col("_diff").abs() >= c + d)
        .with_columns(g2=g2_expr(c, d), log_ratio=_log_ratio_expr(c, d))
        .with_columns(_less=pl.col("direction") == "less", _size=pl.col("log_ratio").abs())
        .sort(["_less", "g2", "_size", "term"], descending=[False, True, True, False])
        .select(list(COLUMNS))
    )
    return replace(result, terms=terms, tested=tested.height)
