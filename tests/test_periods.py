"""Periods: read from a file, or found at the largest gaps between publication dates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from corpus.model import Period
from corpus.periods import PeriodsError, auto_periods, period_label, read_periods

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
    assert auto_periods(published) == (
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
    assert auto_periods(dates(None, None)) == ()
    assert auto_periods(dates()) == ()


def test_equal_gaps_split_near_even_shares():
    daily = dates(*(date(2020, 1, 1) + timedelta(days=i) for i in range(90)))
    sizes = [(p.end - p.start).days + 1 for p in auto_periods(daily)]
    assert sizes == [30, 30, 30]


def test_periods_cover_every_dated_article():
    published = dates(*(date(2015, 1, 1) + timedelta(days=(i * 37) % 2000) for i in range(500)))
    periods = auto_periods(published, 4)
    assert periods[0].start == published.min() and periods[-1].end == published.max()
    assert all(a.end < b.start for a, b in zip(periods, periods[1:]))


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
