"""Trends over calendar time, counted by hand on the bundled corpus (tests/test_cli.py's table):

    article            date        tokens  suriah  teror*  "presiden rusia"  putin
    cnn-2016-11-15     2016-11-15     448       4       3                 1      -
    tempo-2016-11-15   2016-11-15     254       1       1                 1      -
    xinhua-2018-03-21  2018-03-21     268       1       1                 2      8
    valdai-2024-11-08  2024-11-08     705       0       0                 1      -
    pantau-2025-02-13  2025-02-13     237       0       0                 1      -

putin in 2016 (cnn + tempo) is 15 and in 2024 19, in 2025 3: `grep -o -i -w putin` on the
cleaned texts (the raw valdai seed repeats its teaser, which cleaning drops).
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from corpus.analysis.compare import compare
from corpus.analysis.query import QueryError, parse
from corpus.analysis.topics import bundled_topics
from corpus.analysis.trend import bucket_count, choose_grain, trend
from corpus.index.store import open_corpus
from corpus.index.terms import with_periods as index_with_periods
from corpus.model import Period, with_periods


@pytest.fixture(scope="module")
def bundled():
    opened = open_corpus(None)
    return opened.corpus, opened.index


def points(result, series: str) -> dict[str, tuple[int, int]]:
    """{bucket label: (count, tokens)} of one series, non-empty buckets only."""
    rows = result.series.filter(pl.col("series") == series).join(result.buckets, on="start")
    return {r["label"]: (r["count"], r["tokens"]) for r in rows.iter_rows(named=True) if r["tokens"]}


def test_the_bundled_corpus_by_quarter(bundled):
    corpus, index = bundled
    result = trend(corpus, index, 'suriah, teror*, "presiden rusia"')
    assert result.grain == "quarter"  # Nov 2016 – Feb 2025: 34 quarters, 100 months
    assert result.labels == ("suriah", "teror*", '"presiden rusia"')
    assert result.buckets.height == 34
    assert points(result, "suriah") == {"Q4 2016": (5, 702), "Q1 2018": (1, 268), "Q4 2024": (0, 705),
                                        "Q1 2025": (0, 237)}
    assert points(result, "teror*") == {"Q4 2016": (4, 702), "Q1 2018": (1, 268), "Q4 2024": (0, 705),
                                        "Q1 2025": (0, 237)}
    assert points(result, '"presiden rusia"') == {"Q4 2016": (2, 702), "Q1 2018": (2, 268),
                                                  "Q4 2024": (1, 705), "Q1 2025": (1, 237)}
    row = result.series.filter((pl.col("series") == "suriah") & (pl.col("start") == date(2016, 10, 1))).row(
        0, named=True)
    assert row["per_10k"] == pytest.approx(5 * 10_000 / 702)
    assert row["docs"] == 2


def test_empty_buckets_are_listed_with_no_rate(bundled):
    corpus, index = bundled
    result = trend(corpus, index, "putin", grain="year")
    assert result.buckets["label"].to_list() == [str(y) for y in range(2016, 2026)]
    assert points(result, "putin") == {"2016": (15, 702), "2018": (8, 268), "2024": (19, 705), "2025": (3, 237)}
    empty = result.series.filter(pl.col("start") == date(2017, 1, 1)).row(0, named=True)
    assert (empty["count"], empty["per_10k"]) == (0, None)  # no text that year: no rate, not zero


def test_every_count_is_compare_s_count(bundled):
    corpus, index = bundled
    for query in ("putin", "teror*", '"presiden r*"', "rusia | amerika"):
        result = trend(corpus, index, query, grain="month")
        assert result.series["count"].sum() == sum(p.count for p in compare(corpus, index, parse(query)).periods)


def test_a_topic_is_one_series(bundled):
    corpus, index = bundled
    topics = bundled_topics()
    result = trend(corpus, index, "@ukraina putin", topics=topics)
    assert result.labels == ("@ukraina", "putin")
    topic_total = result.series.filter(pl.col("series") == "@ukraina")["count"].sum()
    assert topic_total == sum(p.count for p in compare(corpus, index, parse("@ukraina", topics)).periods)


def test_articles_outside_the_periods_are_off_the_axis(bundled):
    corpus, index = bundled
    only_2016 = with_periods(corpus, (Period("Nov 2016", date(2016, 11, 1), date(2016, 11, 30)),))
    result = trend(only_2016, index_with_periods(index, only_2016), "putin")
    assert result.grain == "day"
    assert result.buckets.height == 30 and result.outside == 3
    assert result.series["count"].sum() == 15


def test_grain_choice():
    assert choose_grain(date(2019, 9, 1), date(2019, 10, 15)) == "day"  # 45 days
    assert choose_grain(date(2019, 3, 18), date(2019, 10, 31)) == "week"
    assert choose_grain(date(2015, 1, 1), date(2019, 12, 31)) == "month"  # 60 months
    assert choose_grain(date(1965, 9, 30), date(2019, 10, 31)) == "year"
    assert bucket_count(date(2019, 9, 10), date(2019, 9, 16), "week") == 2  # Tue → the next Mon


def test_bad_query_and_grain(bundled):
    corpus, index = bundled
    with pytest.raises(QueryError):
        trend(corpus, index, '"presiden')
    with pytest.raises(ValueError):
        trend(corpus, index, "putin", grain="fortnight")


def test_memo_and_compare_s_counts_change_nothing(bundled):
    """The filter pane's shortcuts: a memo of pieces between keystrokes, compare's per-article
    counts for a one-piece query. Same trend as counting afresh."""
    from corpus.analysis.trend import axis

    corpus, index = bundled
    calendar, memo = axis(corpus, index), {}
    for text in ("suriah", "suriah, ukr", "suriah, ukraina", '"presiden rusia"', "teror*"):
        fresh = trend(corpus, index, text)
        counts = compare(corpus, index, parse(text)).doc_counts
        fast = trend(corpus, index, text, on=calendar, memo=memo, doc_counts=counts)
        assert fast.series.equals(fresh.series) and fast.buckets.equals(fresh.buckets), text
    assert set(memo) == {"suriah", "ukr", "ukraina", '"presiden rusia"', "teror*"}  # each piece counted once
