"""Periods: read from a file, or found at the largest gaps between publication dates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from corpus.ingest.periods import (
    MAX_PERIODS,
    PeriodsError,
    auto_periods,
    calendar_label,
    calendar_periods,
    default_periods,
    period_label,
    read_periods,
)
from corpus.model import Period

CORPORA = Path(__file__).resolve().parent / "corpora"


def dates(*days: date | None) -> pl.Series:
    return pl.Series("published", list(days), dtype=pl.Date)


# --- labels ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2016, 11, 15), date(2016, 11, 15), "15 Nov 2016"),
        (date(2016, 11, 14), date(2016, 11, 20), "14–20 Nov 2016"),
        (date(2016, 11, 1), date(2016, 11, 30), "1–30 Nov 2016"),
        (date(2016, 11, 28), date(2016, 12, 3), "28 Nov – 3 Dec 2016"),
        (date(2016, 12, 28), date(2017, 1, 3), "28 Dec 2016 – 3 Jan 2017"),
        (date(2018, 3, 1), date(2018, 6, 10), "Mar – Jun 2018"),
        (date(2024, 11, 8), date(2025, 2, 13), "Nov 2024 – Feb 2025"),
    ],
)
def test_period_label(start, end, label):
    assert period_label(start, end) == label


# --- automatic periods ----------------------------------------------------------------------


def test_three_periods_at_the_two_largest_gaps():
    published = dates(date(2016, 11, 15), date(2016, 11, 15), date(2016, 11, 20), date(2018, 3, 21),
                      date(2024, 11, 8), date(2025, 2, 13), None)
    assert auto_periods(published, 3) == (
        Period("15–20 Nov 2016", date(2016, 11, 15), date(2016, 11, 20)),
        Period("21 Mar 2018", date(2018, 3, 21), date(2018, 3, 21)),
        Period("Nov 2024 – Feb 2025", date(2024, 11, 8), date(2025, 2, 13)),
    )


def test_another_number_of_periods():
    published = dates(date(2016, 11, 15), date(2018, 3, 21), date(2024, 11, 8), date(2025, 2, 13))
    assert [p.label for p in auto_periods(published, 2)] == ["Nov 2016 – Mar 2018", "Nov 2024 – Feb 2025"]
    assert [p.label for p in auto_periods(published, 1)] == ["Nov 2016 – Feb 2025"]
    assert len(auto_periods(published, 4)) == 4


def test_fewer_distinct_dates_than_periods_gives_one_period_per_date():
    published = dates(date(2016, 11, 15), date(2016, 11, 15), date(2018, 3, 21))
    assert [p.label for p in auto_periods(published, 5)] == ["15 Nov 2016", "21 Mar 2018"]


def test_no_dates_no_periods():
    assert auto_periods(dates(None, None), 3) == ()
    assert auto_periods(dates(), 3) == ()


def test_equal_gaps_split_near_even_shares():
    daily = dates(*(date(2020, 1, 1) + timedelta(days=i) for i in range(90)))
    sizes = [(p.end - p.start).days + 1 for p in auto_periods(daily, 3)]
    assert sizes == [30, 30, 30]


def test_periods_cover_every_dated_article():
    published = dates(*(date(2015, 1, 1) + timedelta(days=(i * 37) % 2000) for i in range(500)))
    periods = auto_periods(published, 4)
    assert periods[0].start == published.min() and periods[-1].end == published.max()
    assert all(a.end < b.start for a, b in zip(periods, periods[1:], strict=False))


@pytest.mark.parametrize("count", [0, -1, 2.5, True])
def test_bad_number_of_periods(count):
    with pytest.raises(PeriodsError, match="number of periods"):
        auto_periods(dates(date(2016, 11, 15)), count)


# --- periods files --------------------------------------------------------------------------


def test_read_periods_file():
    assert read_periods(CORPORA / "periods.toml") == (
        Period("Kemenangan Trump", date(2016, 11, 1), date(2016, 11, 30)),
        Period("Pemilu Rusia", date(2018, 3, 1), date(2018, 3, 31)),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no \\[\\[periods\\]\\]"),
        ("[[periods]]\nlabel = 'A'\nstart = 2016-11-01\n", "has no 'end'"),
        ("[[periods]]\nlabel = 'A'\nstart = 2016-11-30\nend = 2016-11-01\n", "ends .* before it starts"),
        ("[[periods]]\nlabel = 'A'\nstart = 'soon'\nend = 2016-11-01\n", "must be a date"),
        ("[[periods]]\nlabel = 'A'\nstart = 2016-11-01\nend = 2016-11-30\n"
         "[[periods]]\nlabel = 'B'\nstart = 2016-11-15\nend = 2016-12-31\n", "'A' and 'B' overlap"),
        ("periods = [", "not valid TOML"),
    ],
)
def test_bad_periods_file(tmp_path, text, message):
    path = tmp_path / "periods.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PeriodsError, match=message):
        read_periods(path)


# --- outliers and the 5 % floor -----------------------------------------------------------


def spread(first: date, days: int, per_day: int = 1) -> list[date]:
    """`per_day` articles on each of `days` days from `first`."""
    return [first + timedelta(days=i) for i in range(days) for _ in range(per_day)]


def assigned(published: pl.Series, periods) -> list[int | None]:
    from corpus.model import assign_periods

    return assign_periods(published, periods).to_list()


# 2019, every day of Jan–Oct (3 articles a day), and three mis-dated articles (the case)
YEAR = spread(date(2019, 1, 1), 304, per_day=3)
MISDATED = [date(1965, 9, 30), date(1965, 9, 30), date(1985, 9, 19)]


@pytest.mark.parametrize("count", [2, 3, 10])
def test_a_few_far_outliers_never_become_periods(count):
    published = dates(*MISDATED, *YEAR)
    periods = auto_periods(published, count)
    assert len(periods) == count
    assert periods[0].start == date(2019, 1, 1) and periods[-1].end == date(2019, 10, 31)
    found = assigned(published, periods)
    assert found[:3] == [None, None, None]  # outside every period, still there
    assert None not in found[3:]


def test_default_periods_leave_outliers_outside_and_hold_five_percent():
    published = dates(*MISDATED, *YEAR, None)
    periods = default_periods(published)
    found = assigned(published, periods)
    assert found[:3] == [None, None, None] and found[-1] is None
    dated = len(published) - 1
    for i in range(len(periods)):
        assert found.count(i) >= 0.05 * dated
    # ten months that run day after day: a period per month
    assert [p.label for p in periods] == [
        "Jan 2019", "Feb 2019", "Mar 2019", "Apr 2019", "May 2019", "Jun 2019",
        "Jul 2019", "Aug 2019", "Sep 2019", "Oct 2019",
    ]


def test_an_outlier_near_the_bulk_is_not_one():
    # 18 days before a two-month bulk: within 31 days of it, so in the first period
    published = dates(date(2019, 8, 14), *spread(date(2019, 9, 1), 61))
    periods = default_periods(published)
    assert periods[0].start <= date(2019, 8, 14) and None not in assigned(published, periods)


def test_small_clusters_are_not_periods_of_their_own():
    # a cluster of 2 in 100 (2 %) a year before the rest: not a period, however wide its gap
    published = dates(date(2018, 1, 10), date(2018, 1, 11), *spread(date(2019, 3, 1), 98))
    for periods in (auto_periods(published, 3), default_periods(published)):
        found = assigned(published, periods)
        assert all(found.count(i) >= 5 for i in range(len(periods)))


def test_every_automatic_period_holds_five_percent_of_dated_articles():
    # a busy month in a sparse year, as in much scraped news
    published = dates(*spread(date(2019, 3, 1), 200), *spread(date(2019, 9, 1), 30, per_day=40),
                      *spread(date(2019, 10, 1), 20))
    total = len(published)
    for periods in (default_periods(published), auto_periods(published, 3), auto_periods(published, 10)):
        found = assigned(published, periods)
        assert None not in found
        assert min(found.count(i) for i in range(len(periods))) >= 0.05 * total, [p.label for p in periods]


# --- the default: periods a reader would choose ---------------------------------------------


def test_default_on_clusters_apart_is_the_three_largest_gaps():
    published = dates(date(2016, 11, 15), date(2016, 11, 15), date(2016, 11, 20), date(2018, 3, 21),
                      date(2024, 11, 8), date(2025, 2, 13), None)
    assert default_periods(published) == auto_periods(published, 3)
    assert [p.label for p in default_periods(published)] == ["15–20 Nov 2016", "21 Mar 2018", "Nov 2024 – Feb 2025"]


def test_default_splits_a_dominant_month_into_weeks():
    # Mar–Aug sparse (10 a week), September busy, October thin: as in the dev corpus
    published = dates(
        *spread(date(2019, 3, 4), 182, per_day=1),  # 4 Mar – 1 Sep
        *spread(date(2019, 9, 2), 28, per_day=60),  # 2–29 Sep: 1,680
        *spread(date(2019, 9, 30), 32, per_day=5),  # 30 Sep – 31 Oct: 160
    )
    assert [p.label for p in default_periods(published)] == [
        "Mar – Aug 2019", "1–8 Sep 2019", "9–15 Sep 2019", "16–22 Sep 2019", "23–30 Sep 2019", "Oct 2019",
    ]  # the lone 1 and 30 Sep join their own month's weeks; Mar–Aug (181 articles) joins up to 5 %


def test_default_on_a_few_weeks_is_weeks():
    published = dates(*spread(date(2019, 9, 2), 35))  # Monday 2 Sep to Sunday 6 Oct
    assert [p.label for p in default_periods(published)] == [
        "2–8 Sep 2019", "9–15 Sep 2019", "16–22 Sep 2019", "23–29 Sep 2019", "30 Sep – 6 Oct 2019",
    ]


def test_default_on_one_day_is_that_day():
    assert [p.label for p in default_periods(dates(date(2019, 9, 10), date(2019, 9, 10)))] == ["10 Sep 2019"]
    assert default_periods(dates(None)) == ()


def test_more_periods_split_a_single_year():
    published = dates(*YEAR)
    assert len(default_periods(published)) > 1
    assert len(auto_periods(published, 10)) == 10
    assert len(auto_periods(published, 3)) == 3


# --- calendar grains ------------------------------------------------------------------------


def test_iso_weeks_run_monday_to_sunday_across_month_and_year():
    published = dates(date(2019, 8, 31), date(2019, 9, 1), date(2019, 9, 2), date(2019, 12, 31), date(2020, 1, 5),
                      date(2020, 1, 6))
    assert calendar_periods(published, "week") == (
        Period("26 Aug – 1 Sep 2019", date(2019, 8, 26), date(2019, 9, 1)),
        Period("2–8 Sep 2019", date(2019, 9, 2), date(2019, 9, 8)),
        Period("30 Dec 2019 – 5 Jan 2020", date(2019, 12, 30), date(2020, 1, 5)),
        Period("6–12 Jan 2020", date(2020, 1, 6), date(2020, 1, 12)),
    )


def test_months_quarters_years_and_empty_ones_left_out():
    published = dates(date(2019, 3, 18), date(2019, 5, 31), date(2019, 9, 10), date(2019, 12, 31), date(2021, 1, 1))
    assert calendar_periods(published, "month") == (
        Period("Mar 2019", date(2019, 3, 1), date(2019, 3, 31)),
        Period("May 2019", date(2019, 5, 1), date(2019, 5, 31)),
        Period("Sep 2019", date(2019, 9, 1), date(2019, 9, 30)),
        Period("Dec 2019", date(2019, 12, 1), date(2019, 12, 31)),
        Period("Jan 2021", date(2021, 1, 1), date(2021, 1, 31)),
    )
    assert calendar_periods(published, "quarter") == (
        Period("Q1 2019", date(2019, 1, 1), date(2019, 3, 31)),
        Period("Q2 2019", date(2019, 4, 1), date(2019, 6, 30)),
        Period("Q3 2019", date(2019, 7, 1), date(2019, 9, 30)),
        Period("Q4 2019", date(2019, 10, 1), date(2019, 12, 31)),
        Period("Q1 2021", date(2021, 1, 1), date(2021, 3, 31)),
    )
    assert [p.label for p in calendar_periods(published, "year")] == ["2019", "2021"]


def test_a_grain_keeps_outliers_in_their_own_unit():
    published = dates(*MISDATED, *YEAR)
    assert [p.label for p in calendar_periods(published, "year")] == ["1965", "1985", "2019"]


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2019, 1, 1), date(2019, 12, 31), "2019"),
        (date(2019, 7, 1), date(2019, 9, 30), "Q3 2019"),
        (date(2019, 9, 1), date(2019, 9, 30), "Sep 2019"),
        (date(2019, 3, 1), date(2019, 8, 31), "Mar – Aug 2019"),
        (date(2019, 9, 9), date(2019, 9, 15), "9–15 Sep 2019"),
        (date(2019, 3, 1), date(2019, 9, 8), "1 Mar – 8 Sep 2019"),
        (date(2019, 12, 30), date(2020, 2, 5), "30 Dec 2019 – 5 Feb 2020"),
    ],
)
def test_calendar_label(start, end, label):
    assert calendar_label(start, end) == label


def test_too_many_periods_are_refused_with_the_limit():
    with pytest.raises(PeriodsError, match=f"at most {MAX_PERIODS}"):
        auto_periods(dates(date(2019, 9, 10)), 1_000_000_000)
    every_week = dates(*(date(2000, 1, 3) + timedelta(weeks=i) for i in range(MAX_PERIODS + 1)))
    with pytest.raises(PeriodsError, match=f"{MAX_PERIODS + 1} periods here, more than the {MAX_PERIODS}"):
        calendar_periods(every_week, "week")
    assert len(calendar_periods(every_week, "month")) < MAX_PERIODS


def test_gap_periods_sharing_a_month_say_their_days():
    published = dates(*spread(date(2019, 3, 1), 100, per_day=1), *spread(date(2019, 6, 12), 50, per_day=2))
    assert [p.label for p in auto_periods(published, 2)] == ["1 Mar – 8 Jun 2019", "12 Jun – 31 Jul 2019"]
