"""How often a query occurs in each period: counts, articles, rates, and the terms behind them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from corpus.analysis.matches import Matches
from corpus.analysis.query import Alternative, Query, pattern_regex
from corpus.index.days import DayCounts
from corpus.index.terms import TermIndex
from corpus.keywords.stopwords import content_terms
from corpus.model import Corpus

PER = 10_000  # rates are per this many tokens


def _rare(rate: float, decimals: int) -> bool:
    """A rate that rounding to `decimals` would show as 0 (18 in 17 million tokens is 0.01
    per 10k, not 0.0): it gets two significant digits instead."""
    return bool(rate) and not round(rate, decimals)


def rate_value(rate: float, decimals: int) -> float:
    return float(f"{rate:.2g}") if _rare(rate, decimals) else round(rate, decimals)


def rate_text(rate: float, decimals: int) -> str:
    return f"{rate:.2g}" if _rare(rate, decimals) else f"{rate:.{decimals}f}"


@dataclass(frozen=True)
class PeriodCount:
    label: str
    start: date
    end: date
    articles: int  # articles in the period (the N of "n of N")
    tokens: int  # tokens in the period: the rate's denominator
    count: int  # occurrences of the query
    docs: int  # articles with at least one occurrence

    @property
    def per_10k(self) -> float:
        return self.count * PER / self.tokens if self.tokens else 0.0


@dataclass(frozen=True)
class Comparison:
    query: str
    periods: tuple[PeriodCount, ...]
    terms: pl.DataFrame  # term, then one count column per period ("c0", "c1", …), most frequent first
    doc_counts: Matches  # corpus row -> occurrences, for rows with at least one

    @property
    def total(self) -> int:
        return sum(p.count for p in self.periods)


def term_ids(index: TermIndex, patterns: list[str]) -> pl.Series:
    """Ids of the vocabulary terms matching any of the token patterns."""
    literals = [p for p in patterns if "*" not in p]
    wildcards = [pattern_regex(p) for p in patterns if "*" in p]
    match = pl.col("term").is_in(literals)
    if wildcards:
        match = match | pl.col("term").str.contains("|".join(f"(?:{w})" for w in wildcards))
    return index.vocab.filter(match)["term_id"]


def word_ids(index: TermIndex, query: Query) -> pl.Series | None:
    """The ids of the terms a query of words and prefixes matches; None for a query with a
    phrase (its occurrences are not a sum over terms)."""
    if any(len(a.patterns) > 1 for a in query.alternatives):
        return None
    return term_ids(index, [a.patterns[0] for a in query.alternatives])


def _word_hits(index: TermIndex, alts: list[Alternative]) -> pl.DataFrame:
    """All one-token alternatives at once: their postings, however many there are."""
    ids = term_ids(index, [alt.patterns[0] for alt in alts])
    found = index.term_postings(ids)
    # vocab's row i is term_id i (ids are places in the sorted vocabulary).
    terms = index.vocab["term"].gather(found["term_id"])
    return found.with_columns(term=terms).select("term", "doc", "period", "n")


@dataclass(frozen=True)
class PhraseStarts:
    """Where a phrase occurs: the stream row of its first word, that row's document, and for
    each of its k words the term id found there (a wildcard's wording comes from them)."""

    start: pl.Series
    doc: pl.Series
    words: list[pl.Series]


def phrase_starts(index: TermIndex, alt: Alternative) -> PhraseStarts:
    """Every occurrence of a phrase alternative, from the positions of its rarest word."""
    ids = [term_ids(index, [pattern]) for pattern in alt.patterns]
    if any(i.is_empty() for i in ids):
        empty = pl.Series([], dtype=pl.Int64)
        return PhraseStarts(empty, empty, [pl.Series([], dtype=pl.UInt32) for _ in ids])
    k = len(ids)
    sizes = [index.vocab["total"].gather(i).cast(pl.Int64).sum() for i in ids]
    anchor, *others = sorted(range(k), key=sizes.__getitem__)
    # The phrase can only start `anchor` tokens before an occurrence of its rarest word: only
    # those starts are checked, by their neighbours in the stream, the rarer words first so
    # that each check leaves fewer starts for the next.
    found = index.occurrences(ids[anchor])
    # Which word stands at each offset, kept as it is read: a wildcard's wording comes from it.
    start, seen = found["row"] - anchor, {anchor: found["term_id"]}
    inside = (start >= 0) & (start + k <= index.tokens)
    start, seen[anchor] = start.filter(inside), seen[anchor].filter(inside)
    for offset in others:
        seen[offset] = index.terms_at(start + offset)
        keep = seen[offset].is_in(ids[offset].implode())
        start = start.filter(keep)
        seen = {o: words.filter(keep) for o, words in seen.items()}
    # A phrase never runs from one article into the next: it ends where its first word's
    # article does, at the latest. Checked last, on the starts left (finding each start's
    # article is a binary search: at 100,000 articles, half a phrase's time when done first).
    doc, ends = index.locate(start)
    keep = start + k <= ends
    start, doc = start.filter(keep), doc.filter(keep)
    seen = {o: words.filter(keep) for o, words in seen.items()}
    return PhraseStarts(start, doc, [seen[offset] for offset in range(k)])


def _phrase_hits(index: TermIndex, alt: Alternative) -> pl.DataFrame:
    starts = phrase_starts(index, alt)
    doc = starts.doc
    if doc.is_empty():
        return _EMPTY_HITS
    terms = index.vocab["term"]
    if "*" not in "".join(alt.patterns):  # no wildcard: one wording
        wording = " ".join(terms.gather(w.head(1)).item() for w in starts.words)
        found = pl.DataFrame({"doc": doc}).group_by("doc").agg(n=pl.len()).with_columns(term=pl.lit(wording))
    else:
        # The phrase as it stands in the text, e.g. "presiden rusia" for "presiden *": counted
        # by its words' ids, the strings made for each wording and article, not each occurrence.
        keys = [f"w{i}" for i in range(len(starts.words))]
        found = (
            pl.DataFrame({"doc": doc, **dict(zip(keys, starts.words, strict=True))})
            .group_by(*keys, "doc")
            .agg(n=pl.len())
            .select("doc", "n", term=pl.concat_str([pl.lit(terms).gather(pl.col(key)) for key in keys], separator=" "))
        )
    found = found.with_columns(pl.col("doc").cast(pl.UInt32), pl.col("n").cast(pl.UInt32))
    period = index.docs["period"].gather(found["doc"])  # docs' row i is doc i
    return found.with_columns(period=period).select("term", "doc", "period", "n")


_EMPTY_HITS = pl.DataFrame(
    schema={"term": pl.String, "doc": pl.UInt32, "period": pl.Int32, "n": pl.UInt32}
)


def hits(index: TermIndex, query: Query) -> pl.DataFrame:
    """term, doc, period, n for every alternative of the query; one row per term and article."""
    words = [alt for alt in query.alternatives if len(alt.patterns) == 1]
    frames = [_word_hits(index, words)] if words else []
    frames += [_phrase_hits(index, alt) for alt in query.alternatives if len(alt.patterns) > 1]
    frames = [f for f in frames if not f.is_empty()]
    if len(frames) < 2:
        return frames[0] if frames else _EMPTY_HITS
    # The same term reached by two alternatives (putin | put*) is counted once.
    return pl.concat(frames).unique(["term", "doc"], keep="first")


def compare(corpus: Corpus, index: TermIndex, query: Query) -> Comparison:
    days, ids = index.days, word_ids(index, query)
    if days is not None and days.period is not None and ids is not None:
        by_term, per_period, matches = _words_by_day(index, days, ids)
    else:
        found = hits(index, query)
        # Per article first: the periods then add up at most one row per article, not per term.
        per_doc = found.group_by("doc").agg(pl.col("n").sum(), pl.col("period").first())
        per_period = per_doc.group_by("period").agg(count=pl.col("n").sum(), docs=pl.len())
        by_term = found.group_by("term", "period").agg(count=pl.col("n").sum())
        matches = Matches(per_doc.select("doc", "n"))
    by_period = {row["period"]: row for row in per_period.iter_rows(named=True)}
    periods = tuple(
        PeriodCount(
            label=p.label,
            start=p.start,
            end=p.end,
            articles=index.period_articles[i],
            tokens=index.period_tokens[i],
            count=int(by_period.get(i, {}).get("count", 0)),
            docs=int(by_period.get(i, {}).get("docs", 0)),
        )
        for i, p in enumerate(corpus.periods)
    )
    columns = [f"c{i}" for i in range(len(corpus.periods))]
    terms = (
        by_term.filter(pl.col("period").is_not_null())
        .group_by("term")
        .agg(
            [pl.col("count").filter(pl.col("period") == i).sum().cast(pl.Int64).alias(c)
             for i, c in enumerate(columns)]
        )
        .with_columns(total=pl.sum_horizontal(columns) if columns else pl.lit(0))  # no periods: no columns
        .sort(["total", "term"], descending=[True, False])
        .drop("total")
    )
    return Comparison(query=query.text, periods=periods, terms=terms, doc_counts=matches)


def _words_by_day(index: TermIndex, days: DayCounts, ids: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame, Matches]:
    """compare()'s counts for the terms `ids` (a query of words and prefixes) from their day
    counts: (term, period, count), (period, count, docs) and the matches. The articles of one
    term are its days' sums; those of several, a union, are counted from their postings."""
    rows = days.rows(ids)
    by_day = rows.select(
        "term_id", period=pl.lit(days.period).gather("day"), count=pl.col("count").cast(pl.Int64),
        docs=pl.col("docs").cast(pl.Int64),
    )
    by_term = (
        by_day.group_by("term_id", "period").agg(pl.col("count").sum())
        .with_columns(term=pl.lit(index.vocab["term"]).gather("term_id"))  # vocab's row i is term_id i
    )
    if len(ids) == 1:  # one term: one posting per article, and its days count its articles
        per_period = by_day.group_by("period").agg(pl.col("count").sum(), pl.col("docs").sum())
        return by_term, per_period, Matches(lambda: index.term_postings(ids))
    postings = index.term_postings(ids)
    per_doc = postings.group_by("doc").agg(pl.col("n").sum(), pl.col("period").first())
    counts = by_day.group_by("period").agg(pl.col("count").sum())
    docs = per_doc.group_by("period").agg(docs=pl.len())
    per_period = counts.join(docs, on="period", how="full", coalesce=True, nulls_equal=True)
    return by_term, per_period, Matches(per_doc.select("doc", "n"))


PERIOD_SCHEMA = {
    "label": pl.String, "start": pl.Date, "end": pl.Date, "articles": pl.Int64, "tokens": pl.Int64,
    "count": pl.Int64, "docs": pl.Int64, "per_10k": pl.Float64,
}


def period_frame(result: Comparison) -> pl.DataFrame:
    """The comparison a row per period (PERIOD_SCHEMA), the rate as computed: what `kabar
    compare` prints (its dates as text, its rate rounded) and the filter pane exports."""
    rows = [(p.label, p.start, p.end, p.articles, p.tokens, p.count, p.docs, p.per_10k) for p in result.periods]
    return pl.DataFrame(rows, schema=PERIOD_SCHEMA, orient="row")


def top_terms(corpus: Corpus, index: TermIndex, per_period: int = 8) -> pl.DataFrame:
    """The most frequent content words of each period: period, term, count, per_10k."""
    content = content_terms(index.vocab)
    totals = pl.DataFrame(
        {"period": pl.Series(range(len(corpus.periods)), dtype=pl.Int32),
         "tokens": list(index.period_tokens)}
    )
    # From the day counts where there are some (read at opening: the postings are read when
    # first needed), else the postings. Counted by term id first, the strings joined after:
    # joining them to every posting first took 3.3 s and 1.8 GB at 100,000 articles, this 0.3 s.
    days = index.days
    counts = (
        index.postings.select("period", "term_id", "n")
        if days is None
        else days.counts.select(pl.lit(days.period).gather("day").alias("period"), "term_id", n="count")
    )
    return (
        counts.filter(pl.col("period").is_not_null())
        .group_by("period", "term_id")
        .agg(count=pl.col("n").sum())  # a cast inside agg() leaves polars' fast path: 5× slower
        .join(content, on="term_id")
        .with_columns(pl.col("count").cast(pl.Int64))
        .sort(["period", "count", "term"], descending=[False, True, False])
        .group_by("period", maintain_order=True)
        .head(per_period)
        .join(totals, on="period")
        .with_columns(per_10k=pl.col("count") * PER / pl.col("tokens"))
        .select("period", "term", "count", "per_10k")
    )
