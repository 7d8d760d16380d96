"""Dates given as values: a table's date column, a manifest or front-matter field. `parse_date`
reads a value, `parse_dates` a column (each distinct value once, with parse_date). Dates in an
article's running text: corpus.ingest.text_dates; the expressions both read:
corpus.ingest.date_expressions.

Values (`parse_date`)
    ISO with or without a time ("2019-09-17", "2019-09-17T13:47:00+07:00", "2019-09-17 13:47"),
    "17/09/2019", "17-09-2019", "17.09.2019" (day first; a column is read month first only when
    some value fits no other way and none needs day first), "10-Sep-19" and "10 Sep 19" (a
    two-digit year after a month name), "Sep 10, 2019", "10 September 2019", "Selasa, 10
    September 2019 14:05 WIB", Indonesian and English month names and abbreviations ("31 Juli
    2019", "Oktober 19, 2019", "10 Agu 2019"), with stray spaces anywhere; numbers, or strings
    of digits: yyyymmdd (19000101-21001231), Excel serial day numbers for 1990-2099
    (32874-73050, a fraction being the time of day) and Unix timestamps in seconds,
    milliseconds or microseconds (from 1973 on: 9 digits or more). These ranges do not overlap,
    and a bare year ("2019") is none of them. A date without a year is not a date here.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import polars as pl

from corpus.ingest.date_expressions import DATE, MON, MONTHS, full_year, make_date, read_match

# --- values -------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_ISO = re.compile(r"^((?:19|20)\d\d)[-/](\d{1,2})[-/](\d{1,2})(?![\d/-])")
_TWO_DIGIT_YEAR = re.compile(rf"^(\d{{1,2}})[\s-]+({MON})\.?[\s,-]+(\d\d)(?![\d:.])", re.IGNORECASE)
_NUMERIC = re.compile(r"^\D*?(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](?:\d{4}|\d\d)(?!\d)")
EXCEL_FIRST, EXCEL_END = 32874, 73051  # serial day numbers of 1990-01-01 and 2100-01-01
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system after its 1900-02-29


def timestamp_date(value: float) -> date | None:
    """A Unix timestamp in seconds, milliseconds or microseconds (told apart by size), as a UTC date."""
    for scale in (1, 1_000, 1_000_000, 1_000_000_000):
        if abs(value) < 1e11 * scale:
            try:
                return datetime.fromtimestamp(value / scale, tz=UTC).date()
            except (OverflowError, OSError, ValueError):
                return None
    return None


def number_date(value: float) -> date | None:
    """yyyymmdd, an Excel serial day number (1990-2099) or a Unix timestamp (1973 on)."""
    if value != value:  # NaN
        return None
    if 19000101 <= value <= 21001231 and value == int(value):
        v = int(value)
        return make_date(v // 10000, v // 100 % 100, v % 100)
    if EXCEL_FIRST <= value < EXCEL_END:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    if value >= 1e8:
        day = timestamp_date(value)
        return day if day is not None and 1900 <= day.year <= 2100 else None
    return None


def parse_date(value: object, month_first: bool = False) -> date | None:
    """A date given as a value (a table cell, a manifest field), not found in running text (see
    the module docstring). `month_first`: "11/14/2016" style, for a column that is written so."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return number_date(float(value))
    text = " ".join(str(value).split())
    if not text:
        return None
    if _NUMBER.match(text):
        return number_date(float(text))
    if m := _ISO.match(text):
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _TWO_DIGIT_YEAR.match(text):
        return make_date(full_year(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    if month_first and (m := _NUMERIC.match(text)):
        text = f"{text[:m.start(1)]}{m.group(2)}/{m.group(1)}{text[m.end(2):]}"
    for m in DATE.finditer(text):
        f = read_match(m)
        if f is not None and f.year is not None and (day := make_date(f.year, f.month, f.day)):
            return day
    return None


def _month_first(values: list[str]) -> bool:
    """Whether numeric dates in `values` are written month first: some value's second number is
    above 12 and no value's first is."""
    firsts, seconds = [], []
    for v in values:
        if m := _NUMERIC.match(v):
            firsts.append(int(m.group(1)))
            seconds.append(int(m.group(2)))
    return any(s > 12 for s in seconds) and not any(f > 12 for f in firsts)


# A time of day closing a value ("... 14:05", "...T14:05:00+07:00", "... 10:00 AM", "... 14:05 WIB"),
# dropped before a column's values are compared: parse_date reads the day alone anyway.
_TIME_OF_DAY = (
    r"[T\s]\d{1,2}:\d\d(?::\d\d(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d\d:?\d\d|[A-Za-z]{2,5})?\s*$"
)


def parse_dates(series: pl.Series) -> tuple[pl.Series, int, list[str]]:
    """A date column as dates (parse_date, once per distinct value), how many given values were
    not understood, and up to two of them."""
    dtype = series.dtype
    if dtype == pl.Date:
        dates = series
    elif isinstance(dtype, pl.Datetime):
        dates = series.dt.date()
    elif dtype == pl.Null:
        dates = pl.Series([None] * len(series), dtype=pl.Date)
    else:
        numeric = dtype.is_numeric()
        given = series.cast(pl.Float64 if numeric else pl.String, strict=False)
        if not numeric:  # a column of timestamps then holds a few hundred days, not a value a row
            given = given.str.replace(_TIME_OF_DAY, "")
        values = given.drop_nulls().unique().to_list()
        month_first = not numeric and _month_first(values)
        found = pl.DataFrame(
            {"v": values, "d": [parse_date(v, month_first) for v in values]},
            schema={"v": given.dtype, "d": pl.Date},
        )
        dates = pl.DataFrame({"v": given}).join(found, on="v", how="left", maintain_order="left")["d"]
    dates = dates.cast(pl.Date).alias("date")
    text = series.cast(pl.String, strict=False).str.strip_chars()
    missed = text.filter(dates.is_null() & text.is_not_null() & (text != ""))
    return dates, missed.len(), missed.unique(maintain_order=True).head(2).to_list()


