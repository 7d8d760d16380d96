"""Trends: how often each piece of a query occurs over calendar time, per 10,000 tokens.

One series per piece of the query as typed (a word, a prefix, a phrase, an @topic: the
alternatives of a topic add up to one series), counted exactly as `compare` counts them, on
calendar buckets of one grain: day, week (ISO, from Monday), month, quarter or year. The axis
runs over the periods' span, so that a mis-dated outlier (which no period holds) neither
stretches it over decades nor disappears: it is counted in `outside`. Every bucket of the span
is listed, empty ones too (tokens 0, rate null: no text, not zero use), so time reads true.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl

from corpus.analysis.compare import PER, hits
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


def trend(
    corpus: Corpus, index: TermIndex, text: str, *, grain: str | None = None,
    topics: Mapping[str, Topic] | None = None, transform: Callable[[Query], Query] | None = None,
) -> Trend:
    """The trend of each piece of the query `text` (parsed with `topics`, then `transform`ed, as
    the stemmed filter does to every query); QueryError as parse()."""
    parse(text, topics)  # the whole query first: its error is the one to show
    if grain is not None and grain not in GRAINS:
        raise ValueError(f"grain {grain!r}? say one of {', '.join(GRAINS)}")
    queries = _series_queries(text, topics, transform)
    published = corpus.articles["published"]
    undated = int(published.null_count())
    window = span(corpus)
    if window is None:
        grain = grain or "month"
        return Trend(text, grain, tuple(label for label, _ in queries), pl.DataFrame(schema=BUCKETS),
                     pl.DataFrame(schema=SERIES), outside=len(published) - undated, undated=undated)
    first, last = window
    grain = grain or choose_grain(first, last)
    starts = pl.date_range(grain_start(first, grain), grain_start(last, grain), _EVERY[grain], eager=True)
    docs = pl.DataFrame({
        "doc": pl.int_range(index.docs.height, dtype=pl.UInt32, eager=True),
        "published": published,
        "tokens": index.docs["tokens"].cast(pl.Int64),
    }).filter(pl.col("published").is_between(first, last))
    docs = docs.with_columns(start=pl.col("published").dt.truncate(_EVERY[grain]))
    sizes = docs.group_by("start").agg(articles=pl.len().cast(pl.Int64), tokens=pl.col("tokens").sum())
    buckets = (
        pl.DataFrame({"start": starts})
        .join(sizes, on="start", how="left")
        .with_columns(pl.col("articles", "tokens").fill_null(0))
    )
    buckets = buckets.with_columns(
        end=pl.Series([grain_end(s, grain) for s in buckets["start"]], dtype=pl.Date),
        label=pl.Series([calendar_label(s, grain_end(s, grain)) for s in buckets["start"]], dtype=pl.String),
    ).select(list(BUCKETS))
    frames = []
    for label, query in queries:
        found = hits(index, query).group_by("doc").agg(pl.col("n").sum())
        counted = (
            found.join(docs.select("doc", "start"), on="doc")
            .group_by("start")
            .agg(count=pl.col("n").sum().cast(pl.Int64), docs=pl.len().cast(pl.Int64))
        )
        frames.append(
            buckets.select("start", "tokens")
            .join(counted, on="start", how="left")
            .with_columns(pl.col("count", "docs").fill_null(0), series=pl.lit(label))
            .with_columns(
                per_10k=pl.when(pl.col("tokens") > 0).then(pl.col("count") * PER / pl.col("tokens"))
            )
            .select(list(SERIES))
        )
    series = pl.concat(frames) if frames else pl.DataFrame(schema=SERIES)
    dated = len(published) - undated
    return Trend(
        query=text,
        grain=grain,
        labels=tuple(label for label, _ in queries),
        buckets=buckets,
        series=series.cast(pl.Schema(SERIES)),
        outside=dated - docs.height,
        undated=undated,
    )
