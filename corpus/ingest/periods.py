"""The periods a corpus is compared over: from a periods file, or found in the dates.

A periods file is TOML, one table per period, in any order (they are sorted by start):

    [[periods]]
    label = "Trump's first win"
    start = 2016-11-01          # a TOML date, or a "2016-11-01" string
    end = 2016-11-30            # inclusive

Periods may not overlap (an article would silently count for the first one only).

Without a file, periods are found in the publication dates (undated articles are in none):

Outliers first. Let P5 and P95 be the dates by which 5 % and 95 % of the dated articles are
published, and W the larger of twice P95 - P5 and 31 days. An article dated more than W before
P5 or after P95 is an outlier: far from the bulk, most likely mis-dated (a birth date, a year
read wrong). Automatic periods leave outliers outside every period (they are still listed, under
"outside periods"), so a handful of them never becomes a period of its own.

`default_periods` (no file, no --periods) chooses by the shape of the bulk:
  * Clusters apart (the widest gap between consecutive dates is at least a quarter of the
    bulk's span, e.g. Nov 2016, Mar 2018, Nov 2024 – Feb 2025): DEFAULT_PERIODS periods cut at
    the largest gaps, as `auto_periods` does; each runs from its first to its last article.
  * Otherwise (the dates run on): calendar periods, which a reader names without thinking.
    The unit follows the span: weeks up to ~5 months, months up to 2 years, quarters up to 6,
    years beyond. A unit holding more than half the articles is split into the next shorter
    one (year → quarters → months → weeks → days, cut at its own bounds), so one busy month of
    a ten-month corpus becomes its weeks. Then, while some period holds less than MIN_SHARE
    (5 %) of the dated articles, the smallest joins its smaller neighbour (ties: the earlier),
    a piece of a split unit preferring another piece of the same unit, so that the months
    around a split one stay whole. A period spans its calendar units (a Mar bucket starts on
    1 Mar, whatever its first article's date). On a corpus of Mar–Oct 2019 with 86 % in
    September this gives "Mar – Aug 2019", "1–15 Sep 2019", "16–22 Sep 2019",
    "23–30 Sep 2019", "Oct 2019"; on a year of daily news, its twelve months.
Either way every automatic period holds at least 5 % of the dated articles.

`auto_periods(published, N)` (--periods N): N periods cut at the N-1 widest gaps between the
distinct dates of the bulk (ties go to the gap closest to an even split of the articles, then
the earlier one), skipping a gap whose cut would leave less than min(5 %, 50 %/N) of the dated
articles on one side; so on dates that run day after day the cuts fall near even shares. With
fewer distinct dates than N there is one period per date; with no dates there are no periods.
N is at most MAX_PERIODS.

`calendar_periods(published, grain)` (--periods week|month|quarter|year): one period per
calendar unit holding at least one dated article, outliers included (a unit is what was asked
for; a 1965 article gets its "1965"). Units with no article are left out: a period of no
articles has no tokens to measure a rate against, and would show as a zero that is no
measurement; the labels still show the hole ("Mar 2019", "May 2019"). Weeks are ISO weeks,
Monday to Sunday. At most MAX_PERIODS units.

Labels (`period_label`) name the date range, shortest readable form first:
    one day                       "15 Nov 2016"
    within one calendar month     "14–20 Nov 2016"
    up to 31 days, across months  "28 Nov – 3 Dec 2016", "28 Dec 2016 – 3 Jan 2017"
    longer, within one year       "Mar – Jun 2018"
    longer, across years          "Nov 2024 – Feb 2025"
    longer, sharing a month with the period beside it   "18 Aug – 18 Sep 2019"
Calendar periods (`calendar_label`) are named as units when they are whole ones: "2019",
"Q3 2019", "Sep 2019", "Mar – Aug 2019"; else by their days: "9–15 Sep 2019",
"30 Dec 2019 – 5 Jan 2020", "1 Mar – 8 Sep 2019".
An en dash joins the ends: unspaced between day numbers, spaced otherwise. Labels of
non-overlapping periods never collide.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left, insort
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import cast

import polars as pl

from corpus.ingest.files import read_regular
from corpus.model import Period

DEFAULT_PERIODS = 3  # found at the largest gaps, when the dates fall in clusters
MAX_PERIODS = 500  # --periods N, a calendar grain, a periods file: beyond, no view shows them usefully
MIN_SHARE = 0.05  # of the dated articles: the least an automatic period holds
OUTLIER_MIN_DAYS = 31  # the least reach W of the bulk (see the module docstring)
GRAINS = ("week", "month", "quarter", "year")
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
    if len(entries) > MAX_PERIODS:
        raise PeriodsError(f"at most {MAX_PERIODS:,} periods, not {len(entries):,}")
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
    for a, b in pairwise(periods):
        if b.start <= a.end:
            raise PeriodsError(f"periods '{a.label}' and '{b.label}' overlap")
    labels = [p.label for p in periods]
    if len(set(labels)) != len(labels):
        raise PeriodsError("two periods have the same label")
    return tuple(periods)


def read_periods(path: Path) -> tuple[Period, ...]:
    """The periods in a periods file; PeriodsError (message without the path) when unusable."""
    try:
        data = tomllib.loads(read_regular(path).decode("utf-8-sig"))  # a named pipe would block
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


def _days(published: pl.Series) -> pl.DataFrame:
    """day, articles: the distinct dates and how many articles each, in order."""
    return (
        pl.DataFrame({"day": published.cast(pl.Date)})
        .drop_nulls()
        .group_by("day")
        .len("articles")
        .sort("day")
        .with_columns(pl.col("articles").cast(pl.Int64))
    )


def _bulk(days: pl.DataFrame) -> pl.DataFrame:
    """The days that are not outliers: within W of [P5, P95] (see the module docstring)."""
    total = days["articles"].sum()
    share = days["articles"].cum_sum() / total
    p5 = days["day"].filter(share >= 0.05)[0]
    p95 = days["day"].filter(share >= 0.95)[0]
    reach = max(2 * (p95 - p5), timedelta(days=OUTLIER_MIN_DAYS))
    return days.filter(pl.col("day").is_between(p5 - reach, p95 + reach))


def _check_count(count: object) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise PeriodsError(f"the number of periods must be a whole number of at least 1, not {count!r}")
    if count > MAX_PERIODS:
        raise PeriodsError(f"at most {MAX_PERIODS:,} periods, not {count:,}")


def auto_periods(published: pl.Series, count: int) -> tuple[Period, ...]:
    """`count` periods split at the largest gaps between the distinct dates of the bulk of
    `published` (outliers left outside), each holding at least min(5 %, 50 %/count) of the
    dated articles."""
    _check_count(count)
    days = _days(published)
    if days.height == 0:
        return ()
    return _gap_periods(_bulk(days), count, min(MIN_SHARE, 0.5 / count) * cast(int, days["articles"].sum()))


def _gap_periods(days: pl.DataFrame, count: int, least: float) -> tuple[Period, ...]:
    """Up to `count` periods of `days`, cut at the widest gaps whose cut leaves at least
    `least` articles on both sides of it (within the period it splits)."""
    total = days["articles"].sum()
    # gap i lies between distinct date i and i+1; its split leaves `before` articles ahead of it
    gaps = days.with_columns(
        gap=(pl.col("day").shift(-1) - pl.col("day")).dt.total_days(),
        before=pl.col("articles").cum_sum() / total,
        index=pl.int_range(pl.len(), dtype=pl.Int64),
    ).drop_nulls("gap")
    # ties between equal gaps: the split closest to an even share of the articles wins
    evens = [(pl.col("before") - k / count).abs() for k in range(1, max(count, 2))]
    candidates = (
        gaps.with_columns(off_even=pl.min_horizontal(evens))
        .sort(["gap", "off_even", "index"], descending=[True, False, False])["index"]
        .to_list()
    )
    upto = days["articles"].cum_sum().to_list()  # articles on days 0..i
    cuts: list[int] = []  # accepted gaps, sorted
    for i in candidates:
        if len(cuts) == count - 1:
            break
        at = bisect_left(cuts, i)
        first = upto[cuts[at - 1]] if at else 0
        last = upto[cuts[at]] if at < len(cuts) else upto[-1]
        if upto[i] - first >= least and last - upto[i] >= least:
            insort(cuts, i)
    bounds = [0] + [i + 1 for i in cuts] + [days.height]
    day_list = days["day"].to_list()
    spans = [(day_list[lo], day_list[hi - 1]) for lo, hi in pairwise(bounds)]
    months = [((s.year, s.month), (e.year, e.month)) for s, e in spans]
    periods = []
    for n, (start, end) in enumerate(spans):
        # "Mar – Sep 2019" beside "18–30 Sep 2019" would claim all of September: say the days
        shared = (n and months[n - 1][1] == months[n][0]) or (n + 1 < len(spans) and months[n + 1][0] == months[n][1])
        label = _day_range(start, end) if shared and (end - start).days > 31 else period_label(start, end)
        periods.append(Period(label, start, end))
    return tuple(periods)


# --- calendar periods -----------------------------------------------------------------------


def grain_start(day: date, grain: str) -> date:
    if grain == "year":
        return date(day.year, 1, 1)
    if grain == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if grain == "month":
        return date(day.year, day.month, 1)
    if grain == "week":
        return day - timedelta(days=day.weekday())  # ISO: Monday
    return day


def grain_end(start: date, grain: str) -> date:
    """The last day of the `grain` that begins on `start`."""
    if grain == "week":
        return start + timedelta(days=6)
    if grain == "day":
        return start
    months = {"year": 12, "quarter": 3, "month": 1}[grain]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _buckets(days: pl.DataFrame, grain: str, within: tuple[date, date] | None = None) -> list[list]:
    """[start, end, articles] of every `grain` holding a day of `days`, clipped to `within`."""
    found: dict[date, int] = {}
    for day, n in days.iter_rows():
        key = grain_start(day, grain)
        found[key] = found.get(key, 0) + n
    out = []
    for start, n in sorted(found.items()):
        end = grain_end(start, grain)
        if within is not None:
            start, end = max(start, within[0]), min(end, within[1])
        out.append([start, end, n])
    return out


def _whole_months(start: date, end: date) -> bool:
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def calendar_label(start: date, end: date) -> str:
    """A name for a range of whole days: "2019", "Q3 2019", "Sep 2019", "Mar – Aug 2019" when it
    is whole calendar units, else every day said ("9–15 Sep 2019", "1 Mar – 8 Sep 2019")."""
    if _whole_months(start, end):
        if (start.month, end.month, start.year) == (1, 12, end.year):
            return str(start.year)
        if start.month % 3 == 1 and end == grain_end(start, "quarter"):
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{_MONTHS[start.month - 1]} {start.year}"
        return period_label(start, end)
    return period_label(start, end) if (end - start).days <= 31 else _day_range(start, end)


def _day_range(start: date, end: date) -> str:
    """"1 Mar – 8 Sep 2019", "30 Dec 2019 – 5 Feb 2020": both ends to the day."""
    head = f"{start.day} {_MONTHS[start.month - 1]}"
    if start.year != end.year:
        head += f" {start.year}"
    return f"{head} – {end.day} {_MONTHS[end.month - 1]} {end.year}"


def calendar_periods(published: pl.Series, grain: str) -> tuple[Period, ...]:
    """One period per `grain` (GRAINS) holding at least one dated article, outliers included."""
    if grain not in GRAINS:
        raise PeriodsError(f"periods by {grain!r}? say one of {', '.join(GRAINS)}")
    buckets = _buckets(_days(published), grain)
    if len(buckets) > MAX_PERIODS:
        raise PeriodsError(
            f"a period per {grain} makes {len(buckets):,} periods here, more than the {MAX_PERIODS:,} "
            f"allowed: choose a longer one"
        )
    return tuple(Period(calendar_label(start, end), start, end) for start, end, _ in buckets)


_FINER = {"year": "quarter", "quarter": "month", "month": "week", "week": "day"}


def default_periods(published: pl.Series) -> tuple[Period, ...]:
    """The periods a corpus gets when nothing says which (see the module docstring)."""
    days = _days(published)
    if days.height == 0:
        return ()
    least = MIN_SHARE * cast(int, days["articles"].sum())
    bulk = _bulk(days)
    first, last = bulk["day"][0], bulk["day"][-1]
    span = (last - first).days
    widest = cast(int | None, bulk["day"].diff().dt.total_days().max()) or 0
    if widest * 4 >= span:  # clusters apart: the largest gaps say where periods end
        return _gap_periods(bulk, DEFAULT_PERIODS, least)
    grain = "week" if span <= 153 else "month" if span <= 731 else "quarter" if span <= 2192 else "year"
    # [start, end, articles, grain, parent]: parent is the start of the unit split to make it
    buckets = [[*b, grain, None] for b in _buckets(bulk, grain)]
    half = bulk["articles"].sum() / 2
    while (big := next((i for i, b in enumerate(buckets) if b[2] > half and b[3] != "day"), None)) is not None:
        start, end, _, grain, _ = buckets[big]
        inside = bulk.filter(pl.col("day").is_between(start, end))
        buckets[big:big + 1] = [[*b, _FINER[grain], start] for b in _buckets(inside, _FINER[grain], (start, end))]
    while len(buckets) > 1:
        small = min(range(len(buckets)), key=lambda i: buckets[i][2])  # the earliest on a tie
        if buckets[small][2] >= least:
            break
        sides = [i for i in (small - 1, small + 1) if 0 <= i < len(buckets)]
        parent = buckets[small][4]
        # a piece of a split unit joins another piece of it first: "1–15 Sep", not "1 Mar – 8 Sep"
        siblings = [i for i in sides if parent is not None and buckets[i][4] == parent]
        other = min(siblings or sides, key=lambda i: buckets[i][2])  # the smaller; the earlier on a tie
        lo, hi = sorted((small, other))
        joined = buckets[lo][4] if buckets[lo][4] == buckets[hi][4] else None
        buckets[lo:hi + 1] = [[buckets[lo][0], buckets[hi][1], buckets[lo][2] + buckets[hi][2], None, joined]]
    return tuple(Period(calendar_label(b[0], b[1]), b[0], b[1]) for b in buckets)
