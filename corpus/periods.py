"""The periods a corpus is compared over: from a periods file, or found in the dates.

A periods file is TOML, one table per period, in any order (they are sorted by start):

    [[periods]]
    label = "Trump's first win"
    start = 2016-11-01          # a TOML date, or a "2016-11-01" string
    end = 2016-11-30            # inclusive

Periods may not overlap (an article would silently count for the first one only).

Without a file, `auto_periods` splits the distinct publication dates at the largest gaps
between consecutive dates: N periods cut at the N-1 widest gaps (ties go to the gap closest to
an even split of the articles, then the earlier one). With fewer distinct dates than N there
is one period per date; with no dates there are no periods. A period runs from its first to
its last article's date.

Labels (`period_label`) name the date range, shortest readable form first:
    one day                       "15 Nov 2016"
    within one calendar month     "14–20 Nov 2016"
    up to 31 days, across months  "28 Nov – 3 Dec 2016", "28 Dec 2016 – 3 Jan 2017"
    longer, within one year       "Mar – Jun 2018"
    longer, across years          "Nov 2024 – Feb 2025"
An en dash joins the ends: unspaced between day numbers, spaced otherwise. Labels of
non-overlapping periods never collide.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path

import polars as pl

from corpus.model import Period

DEFAULT_PERIODS = 3
PERIODS_FILE = "periods.toml"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class PeriodsError(ValueError):
    """A periods file or setting that cannot be used; the message says what is wrong."""


def _as_date(value: object, what: str) -> date:
    if isinstance(value, datetime):  # a TOML datetime: its day
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PeriodsError(f"{what} must be a date like 2016-11-01, not {value!r}")


def periods_from_entries(entries: object) -> tuple[Period, ...]:
    """Periods from the [[periods]] tables of a TOML document, checked and sorted by start."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PeriodsError("'periods' must be a list of [[periods]] tables")
    periods = []
    for n, entry in enumerate(entries, start=1):
        where = f"period {n}"
        for key in ("label", "start", "end"):
            if key not in entry:
                raise PeriodsError(f"{where} has no '{key}'")
        label = str(entry["label"]).strip()
        if not label:
            raise PeriodsError(f"{where} has an empty label")
        start, end = _as_date(entry["start"], f"{where} start"), _as_date(entry["end"], f"{where} end")
        if end < start:
            raise PeriodsError(f"period '{label}' ends ({end}) before it starts ({start})")
        periods.append(Period(label, start, end))
    periods.sort(key=lambda p: (p.start, p.end))
    for a, b in zip(periods, periods[1:]):
        if b.start <= a.end:
            raise PeriodsError(f"periods '{a.label}' and '{b.label}' overlap")
    labels = [p.label for p in periods]
    if len(set(labels)) != len(labels):
        raise PeriodsError("two periods have the same label")
    return tuple(periods)


def read_periods(path: Path) -> tuple[Period, ...]:
    """The periods in a periods file; PeriodsError (message without the path) when unusable."""
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise PeriodsError(f"cannot read it: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise PeriodsError("not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PeriodsError(f"not valid TOML: {exc}") from exc
    if "periods" not in data:
        raise PeriodsError("no [[periods]] tables in it")
    periods = periods_from_entries(data["periods"])
    if not periods:
        raise PeriodsError("no [[periods]] tables in it")
    return periods


def period_label(start: date, end: date) -> str:
    """A short human name for a date range (see the module docstring)."""

    def day_month(d: date) -> str:
        return f"{d.day} {_MONTHS[d.month - 1]}"

    def month_year(d: date) -> str:
        return f"{_MONTHS[d.month - 1]} {d.year}"

    if start == end:
        return f"{day_month(start)} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {month_year(end)}"
    if (end - start).days <= 31:
        if start.year == end.year:
            return f"{day_month(start)} – {day_month(end)} {end.year}"
        return f"{day_month(start)} {start.year} – {day_month(end)} {end.year}"
    if start.year == end.year:
        return f"{_MONTHS[start.month - 1]} – {month_year(end)}"
    return f"{month_year(start)} – {month_year(end)}"


def auto_periods(published: pl.Series, count: int = DEFAULT_PERIODS) -> tuple[Period, ...]:
    """`count` periods split at the largest gaps between the distinct dates in `published`."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise PeriodsError(f"the number of periods must be a whole number of at least 1, not {count!r}")
    days = (
        pl.DataFrame({"day": published.cast(pl.Date)})
        .drop_nulls()
        .group_by("day")
        .len("articles")
        .sort("day")
    )
    if days.height == 0:
        return ()
    total = days["articles"].sum()
    # gap i lies between distinct date i and i+1; its split leaves `before` articles ahead of it
    gaps = days.with_columns(
        gap=(pl.col("day").shift(-1) - pl.col("day")).dt.total_days(),
        before=pl.col("articles").cum_sum() / total,
        index=pl.int_range(pl.len(), dtype=pl.Int64),
    ).drop_nulls("gap")
    # ties between equal gaps: the split closest to an even share of the articles wins
    evens = [(pl.col("before") - k / count).abs() for k in range(1, max(count, 2))]
    cuts = (
        gaps.with_columns(off_even=pl.min_horizontal(evens))
        .sort(["gap", "off_even", "index"], descending=[True, False, False])
        .head(count - 1)["index"]
        .sort()
        .to_list()
    )
    bounds = [0] + [i + 1 for i in cuts] + [days.height]
    day_list = days["day"].to_list()
    periods = []
    for lo, hi in zip(bounds, bounds[1:]):
        start, end = day_list[lo], day_list[hi - 1]
        periods.append(Period(period_label(start, end), start, end))
    return tuple(periods)
