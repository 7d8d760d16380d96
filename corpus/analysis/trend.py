"""Trends: how often each piece of a query occurs over calendar time, per 10,000 tokens.

One series per piece of the query as typed (a word, a prefix, a phrase, an @topic: the
alternatives of a topic add up to one series), counted exactly as `compare` counts them, on
calendar buckets of one grain: day, week (ISO, from Monday), month, quarter or year. The axis
runs over the periods' span, so that a mis-dated outlier (which no period holds) neither
stretches it over decades nor disappears: it is counted in `outside`. Every bucket of the span
is listed, empty ones too (tokens 0, rate null: no text, not zero use), so time reads true.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date

import polars as pl

from corpus.analysis.compare import PER, hits, word_ids
from corpus.analysis.matches import Matches
from corpus.analysis.query import Query, parse, pieces
from corpus.analysis.topics import Topic
from corpus.index.terms import TermIndex
from corpus.ingest.periods import calendar_label, grain_end, grain_start
from corpus.model import Corpus

GRAINS = ("day", "week", "month", "quarter", "year")
MAX_BUCKETS = 60  # the finest grain with at most this many buckets is chosen
_EVERY = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q", "year": "1y"}

BUCKETS = {"start": pl.Date, "end": pl.Date, "label": pl.String, "articles": pl.Int64, "tokens": pl.Int64}
SERIES = {"series": pl.String, "start": pl.Date, "count": pl.Int64, "docs": pl.Int64, "per_10k": pl.Float64}


@dataclass(frozen=True)
class Trend:
    query: str
    grain: str
    labels: tuple[str, ...]  # the series, in the order of the query
    buckets: pl.DataFrame  # BUCKETS: every bucket of the span, in time order
    series: pl.DataFrame  # SERIES: one row per series and bucket
    outside: int  # dated articles outside the periods' span, not on the axis
    undated: int  # articles without a date


def span(corpus: Corpus) -> tuple[date, date] | None:
    """The time the axis covers: from the first period's start to the last one's end."""
    if not corpus.periods:
        return None
    return min(p.start for p in corpus.periods), max(p.end for p in corpus.periods)


def bucket_count(first: date, last: date, grain: str) -> int:
    start, end = grain_start(first, grain), grain_start(last, grain)
    if grain == "day":
        return (end - start).days + 1
    if grain == "week":
        return (end - start).days // 7 + 1
    months = (end.year - start.year) * 12 + end.month - start.month
    return months // {"month": 1, "quarter": 3, "year": 12}[grain] + 1


def choose_grain(first: date, last: date) -> str:
    """The finest grain that shows the span in at most MAX_BUCKETS buckets."""
    for grain in GRAINS:
        if bucket_count(first, last, grain) <= MAX_BUCKETS:
            return grain
    return "year"


def _series_queries(
    text: str, topics: Mapping[str, Topic] | None, transform: Callable[[Query], Query] | None
) -> list[tuple[str, Query]]:
    out: list[tuple[str, Query]] = []
    for piece in pieces(text):
        if piece not in (label for label, _ in out):
            query = parse(piece, topics)
            out.append((piece, transform(query) if transform else query))
    return out


@dataclass(frozen=True)
class Axis:
    """The calendar a corpus's trends are drawn on: built once per corpus and grain, shared by
    every query (the filter counts a trend on each keystroke: only the query's part is redone)."""

    grain: str
    buckets: pl.DataFrame  # BUCKETS
    bucket_of: pl.Series  # per article (index doc): its bucket's number, null off the axis
    outside: int
    undated: int
    day_bucket: pl.Series | None = None  # per day of the index's day counts: its bucket, as bucket_of


def axis(corpus: Corpus, index: TermIndex, grain: str | None = None) -> Axis:
    if grain is not None and grain not in GRAINS:
        raise ValueError(f"grain {grain!r}? say one of {', '.join(GRAINS)}")
    published = corpus.articles["published"]
    undated = int(published.null_count())
    window = span(corpus)
    if window is None:
        return Axis(grain or "month", pl.DataFrame(schema=BUCKETS), pl.Series("bucket", [None] * len(published),
                    dtype=pl.UInt32), outside=len(published) - undated, undated=undated)
    first, last = window
    grain = grain or choose_grain(first, last)
    starts = pl.date_range(grain_start(first, grain), grain_start(last, grain), _EVERY[grain], eager=True)
    on_axis = published.is_between(first, last)

    def bucket(dates: pl.Series) -> pl.Series:
        """Where each date falls among the bucket starts, null off the axis."""
        within = starts.search_sorted(dates.dt.truncate(_EVERY[grain]), "left")
        placed = pl.when(dates.is_between(first, last)).then(within)
        return pl.select(placed.cast(pl.UInt32).alias("bucket")).to_series()

    bucket_of = bucket(published)
    day_bucket = bucket(index.days.dates) if index.days is not None else None
    tokens = index.docs["tokens"].cast(pl.Int64)
    sizes = (
        pl.DataFrame({"bucket": bucket_of, "tokens": tokens}).drop_nulls("bucket")
        .group_by("bucket").agg(articles=pl.len().cast(pl.Int64), tokens=pl.col("tokens").sum())
    )
    buckets = (
        pl.DataFrame({"bucket": pl.int_range(len(starts), dtype=pl.UInt32, eager=True), "start": starts})
        .join(sizes, on="bucket", how="left")
        .with_columns(pl.col("articles", "tokens").fill_null(0))
        .with_columns(
            end=pl.Series([grain_end(s, grain) for s in starts], dtype=pl.Date),
            label=pl.Series([calendar_label(s, grain_end(s, grain)) for s in starts], dtype=pl.String),
        )
        .sort("bucket")
        .select(list(BUCKETS))
    )
    dated = len(published) - undated
    return Axis(grain, buckets, bucket_of, outside=dated - int(on_axis.sum()), undated=undated, day_bucket=day_bucket)


Counts = pl.DataFrame  # count, docs: one row per bucket, in bucket order


def _counts(index: TermIndex, query: Query, calendar: Axis, n: int) -> Counts:
    """Occurrences and articles of `query` in each of the n buckets: for a query of one term,
    its day counts summed by bucket; else its postings, article by article."""
    days, ids = index.days, word_ids(index, query)
    # Articles of several terms are a union: not a sum of their days.
    if days is not None and calendar.day_bucket is not None and ids is not None and len(ids) == 1:
        rows = days.rows(ids)
        return _summed(rows.select(bucket=pl.lit(calendar.day_bucket).gather("day"), count="count", docs="docs"), n)
    return _placed(hits(index, query).group_by("doc").agg(pl.col("n").sum()), calendar.bucket_of, n)


def _placed(found: pl.DataFrame, bucket_of: pl.Series, n: int) -> Counts:
    """doc, n rows summed into the n buckets: occurrences, and articles."""
    return _summed(pl.DataFrame({"bucket": bucket_of.gather(found["doc"]), "count": found["n"], "docs": 1}), n)


def _summed(found: pl.DataFrame, n: int) -> Counts:
    """bucket, count, docs rows summed into the n buckets (null buckets are off the axis)."""
    placed = (
        found.drop_nulls("bucket")
        .with_columns(pl.col("bucket").cast(pl.UInt32))  # an empty frame's may have no type
        .group_by("bucket").agg(pl.col("count").sum().cast(pl.Int64), pl.col("docs").sum().cast(pl.Int64))
    )
    return (
        pl.DataFrame({"bucket": pl.int_range(n, dtype=pl.UInt32, eager=True)})
        .join(placed, on="bucket", how="left")
        .select(pl.col("count", "docs").fill_null(0))
    )


def trend(
    corpus: Corpus, index: TermIndex, text: str, *, grain: str | None = None,
    topics: Mapping[str, Topic] | None = None, transform: Callable[[Query], Query] | None = None,
    on: Axis | None = None, memo: MutableMapping[str, Counts] | None = None,
    doc_counts: Matches | None = None,
) -> Trend:
    """The trend of each piece of the query `text` (parsed with `topics`, then `transform`ed, as
    the stemmed filter does to every query), on the axis `on` if given (of this corpus), else one
    of `grain`; QueryError as parse().

    `memo` keeps each piece's counts between calls with the same axis, index and transform (the
    caller clears it when one changes): typing "suriah, ukr" then recounts only "ukr".
    `doc_counts` (compare()'s, for the same query and index) spare a query of one piece its
    second count: its one series is the whole query's."""
    parse(text, topics)  # the whole query first: its error is the one to show
    calendar = on if on is not None and grain in (None, on.grain) else axis(corpus, index, grain)
    queries = _series_queries(text, topics, transform)
    labels = tuple(label for label, _ in queries)
    n = calendar.buckets.height
    sizes = calendar.buckets.select("start", "tokens")
    frames = []
    for label, query in queries:
        if memo is not None and label in memo:
            counts = memo[label]
        else:
            if doc_counts is not None and len(queries) == 1:
                counts = _placed(doc_counts.frame, calendar.bucket_of, n)
            else:
                counts = _counts(index, query, calendar, n)
            if memo is not None:
                memo[label] = counts
        frames.append(
            pl.concat([sizes, counts], how="horizontal").select(
                pl.lit(label).alias("series"), "start", "count", "docs",
                per_10k=pl.when(pl.col("tokens") > 0).then(pl.col("count") * PER / pl.col("tokens")),
            )
        )
    series = pl.concat(frames) if frames and n else pl.DataFrame(schema=SERIES)
    return Trend(
        query=text,
        grain=calendar.grain,
        labels=labels,
        buckets=calendar.buckets,
        series=series.cast(pl.Schema(SERIES)),
        outside=calendar.outside,
        undated=calendar.undated,
    )
