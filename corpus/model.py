"""The corpus as data: periods, one article, and the whole collection over a polars frame."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import polars as pl

from corpus.texts import FrameTexts, Texts


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    source: str
    published: date | None
    date_basis: str | None  # where published came from: DATE_BASES, or None when undated
    period: int | None  # index into Corpus.periods; None when outside every period
    text: str  # cleaned: what is read and counted
    raw: str  # exactly as received
    origin: str  # file (and row) it came from


# "column": a table's date column, or a manifest or front-matter date; "dateline": the dateline or
# the first lines of the text; "text": elsewhere in the text (corpus.ingest.dates).
DATE_BASES = ("column", "dateline", "text")

# Corpus.articles: every article's metadata. Its texts are apart (Corpus.texts: corpus.texts).
ARTICLE_SCHEMA = {
    "id": pl.String,
    "title": pl.String,
    "source": pl.String,
    "published": pl.Date,
    "date_basis": pl.String,
    "period": pl.Int32,
    "origin": pl.String,
}


@dataclass(frozen=True)
class Corpus:
    """Articles in reading order (by date, then id; undated last) and the periods, chronological.

    The order does not depend on the periods: they are a view (with_periods), and an article
    outside every period stands where its date puts it.

    `problems` lists what could not be loaded, one line each, naming the file.
    """

    name: str
    articles: pl.DataFrame
    texts: Texts
    periods: tuple[Period, ...]
    problems: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return self.articles.height

    def row_of(self, article_id: str) -> int | None:
        hits = self.articles.select(pl.arg_where(pl.col("id") == article_id)).to_series()
        return int(hits[0]) if len(hits) else None

    def article(self, row: int) -> Article:
        text, raw = self.texts.both(row)
        return Article(**self.articles.row(row, named=True), text=text, raw=raw)

    def articles_with_texts(self) -> pl.DataFrame:
        """The articles with their texts as columns, all in memory (tests, small corpora)."""
        return self.articles.with_columns(text=self.texts.column("text"), raw=self.texts.column("raw"))

    def period_label(self, period: int | None) -> str:
        return "outside periods" if period is None else self.periods[period].label


def assign_periods(published: pl.Series, periods: tuple[Period, ...]) -> pl.Series:
    """Index of the period containing each date, null when none does. `periods` are
    chronological and do not overlap (as every source of periods gives them): a binary search
    per date finds the last period starting on or before it (a when/then per period took 1.2 s
    for 500 weekly periods over 100,000 dates)."""
    if not periods:
        return pl.Series("period", [None] * len(published), dtype=pl.Int32)
    starts = pl.Series([p.start for p in periods], dtype=pl.Date)
    ends = pl.Series([p.end for p in periods], dtype=pl.Date)
    frame = pl.DataFrame({"d": published.cast(pl.Date)}).with_columns(
        i=pl.lit(starts).search_sorted(pl.col("d"), side="right").cast(pl.Int32) - 1
    )
    inside = (pl.col("i") >= 0) & (pl.col("d") <= pl.lit(ends).gather(pl.col("i").clip(0)))
    return frame.select(period=pl.when(inside).then(pl.col("i"))).to_series()


def with_periods(corpus: Corpus, periods: tuple[Period, ...]) -> Corpus:
    """`corpus` seen through `periods`: the same rows in the same order, each with the index of
    its period (the `period` column, added or replaced)."""
    rows = corpus.articles.with_columns(period=assign_periods(corpus.articles["published"], periods))
    return replace(corpus, articles=rows.select(list(ARTICLE_SCHEMA)), periods=tuple(periods))


def make_corpus(name: str, rows: pl.DataFrame, periods: tuple[Period, ...], problems=()) -> Corpus:
    """Put the rows (metadata and texts) in reading order and attach the periods. Rows without
    a date_basis had their dates given: "column" where there is one."""
    if "date_basis" not in rows.columns:
        rows = rows.with_columns(date_basis=pl.when(pl.col("published").is_not_null()).then(pl.lit("column")))
    rows = rows.with_columns(period=pl.lit(None, pl.Int32)).sort(["published", "id"], nulls_last=True)
    articles = rows.select(list(ARTICLE_SCHEMA)).cast(pl.Schema(ARTICLE_SCHEMA))
    corpus = Corpus(name=name, articles=articles, texts=FrameTexts(rows), periods=(), problems=tuple(problems))
    return with_periods(corpus, periods)
