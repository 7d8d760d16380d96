"""The corpus as data: periods, one article, and the whole collection over a polars frame."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl


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
# the first lines of the text; "text": elsewhere in the text (corpus.dates).
DATE_BASES = ("column", "dateline", "text")

ARTICLE_SCHEMA = {
    "id": pl.String,
    "title": pl.String,
    "source": pl.String,
    "published": pl.Date,
    "date_basis": pl.String,
    "period": pl.Int32,
    "text": pl.String,
    "raw": pl.String,
    "origin": pl.String,
}


@dataclass(frozen=True)
class Corpus:
    """Articles in display order (by period, then date, then id) and the periods, chronological.

    `problems` lists what could not be loaded, one line each, naming the file.
    """

    name: str
    articles: pl.DataFrame
    periods: tuple[Period, ...]
    problems: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return self.articles.height

    def row_of(self, article_id: str) -> int | None:
        hits = self.articles.select(pl.arg_where(pl.col("id") == article_id)).to_series()
        return int(hits[0]) if len(hits) else None

    def article(self, row: int) -> Article:
        return Article(**self.articles.row(row, named=True))

    def period_label(self, period: int | None) -> str:
        return "outside periods" if period is None else self.periods[period].label


def assign_periods(published: pl.Series, periods: tuple[Period, ...]) -> pl.Series:
    """Index of the first period containing each date, null when none does."""
    expr = pl.lit(None, dtype=pl.Int32)
    for i, p in reversed(list(enumerate(periods))):
        expr = pl.when(pl.col("d").is_between(p.start, p.end)).then(pl.lit(i, pl.Int32)).otherwise(expr)
    # with_columns, not select: a literal alone (no periods) must still fill every row.
    return pl.DataFrame({"d": published}).with_columns(expr.alias("period"))["period"]


def make_corpus(name: str, rows: pl.DataFrame, periods: tuple[Period, ...], problems=()) -> Corpus:
    """Attach periods and put the rows in reading order. Rows without a date_basis had their
    dates given: "column" where there is one."""
    if "date_basis" not in rows.columns:
        rows = rows.with_columns(date_basis=pl.when(pl.col("published").is_not_null()).then(pl.lit("column")))
    rows = rows.with_columns(period=assign_periods(rows["published"], periods))
    rows = rows.select(list(ARTICLE_SCHEMA)).cast(ARTICLE_SCHEMA)
    rows = rows.sort(["period", "published", "id"], nulls_last=True)
    return Corpus(name=name, articles=rows, periods=tuple(periods), problems=tuple(problems))
