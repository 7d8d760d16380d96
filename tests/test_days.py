"""Day counts (corpus.index.days): each term's occurrences and articles per publication day,
checked against a plain group-by of the postings, and kept by the cache."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from corpus.index.days import StoredCounts
from corpus.index.store import open_corpus
from corpus.index.terms import build_index
from corpus.ingest.load import load_corpus

CORPORA = Path(__file__).resolve().parent / "corpora"


def by_group_by(index, corpus) -> pl.DataFrame:
    published = corpus.articles["published"]
    return (
        index.postings.with_columns(date=published.gather(index.postings["doc"]))
        .group_by("term_id", "date")
        .agg(count=pl.col("n").sum().cast(pl.UInt32), docs=pl.len().cast(pl.UInt32))
        .sort("term_id", "date", nulls_last=True)
    )


def as_dates(index) -> pl.DataFrame:
    days = index.days
    return days.counts.select("term_id", date=pl.lit(days.dates).gather("day"), count="count", docs="docs")


@pytest.mark.parametrize("path", [None, CORPORA / "news", CORPORA / "articles.csv"])
def test_day_counts_are_the_postings_summed_by_date(path):
    corpus = load_corpus(path)
    index = build_index(corpus)
    assert_frame_equal(as_dates(index), by_group_by(index, corpus))
    # by hand on the bundled corpus: "suriah" is in both articles of 2016-11-15 (Tempo's once,
    # CNN's four times), in Xinhua's of 2018-03-21 once, and nowhere else
    if path is None:
        suriah = index.vocab.filter(pl.col("term") == "suriah")["term_id"].item()
        rows = as_dates(index).filter(pl.col("term_id") == suriah)
        assert [(str(d), c, n) for d, c, n in rows.select("date", "count", "docs").rows()] == [
            ("2016-11-15", 5, 2), ("2018-03-21", 1, 1)]


def test_days_of_undated_articles_are_the_last_and_in_no_period():
    corpus = load_corpus(CORPORA / "news")
    index = build_index(corpus)
    days = index.days
    assert days.dates[-1] is None  # news/undated.txt
    assert days.period is not None and days.period[-1] is None
    assert days.period.to_list()[:-1] == [
        next((i for i, p in enumerate(corpus.periods) if p.contains(d)), None) for d in days.dates.to_list()[:-1]
    ]


def test_the_cache_keeps_the_day_counts():
    built = open_corpus(CORPORA / "news")
    cached = open_corpus(CORPORA / "news")
    assert_frame_equal(cached.index.days.counts, built.index.days.counts)
    assert cached.index.days.dates.equals(built.index.days.dates)
    assert cached.index.days.period.equals(built.index.days.period)


QUERIES = ["suriah", "putin", "a*", "suriah, ukraina", "rusia | rus*", "teror*", "zzzz", "putin, trump, as", "p*, t*"]


@pytest.mark.parametrize("path", [None, CORPORA / "news", CORPORA / "articles.csv"])
def test_compare_by_day_counts_is_compare_by_postings(path):
    """A query of words and prefixes is counted from the day counts; the same query through the
    postings (an index without day counts, as the stemmed one) gives the same numbers."""
    from dataclasses import replace

    from corpus.analysis.compare import compare
    from corpus.analysis.query import parse

    for opened in (open_corpus(path), open_corpus(path)):  # built (held), then cached (read when asked)
        corpus, index = opened.corpus, opened.index
        plain = replace(index, days=None)
        for query in QUERIES:
            by_days, by_postings = compare(corpus, index, parse(query)), compare(corpus, plain, parse(query))
            assert by_days.periods == by_postings.periods, query
            assert_frame_equal(by_days.terms, by_postings.terms)
            assert dict(by_days.doc_counts) == dict(by_postings.doc_counts), query
    # the cached day counts were read a few terms' row groups at a time, never whole
    assert isinstance(index.days.source, StoredCounts) and not index.days.source.loaded()


@pytest.mark.parametrize("path", [None, CORPORA / "news"])
@pytest.mark.parametrize("grain", ["day", "month", "year"])
def test_trend_by_day_counts_is_trend_by_postings(path, grain):
    """A trend's one-term series is summed from the day counts; through the postings it is the same."""
    from dataclasses import replace

    from corpus.analysis.trend import trend

    opened = open_corpus(path)
    corpus, index = opened.corpus, opened.index
    plain = replace(index, days=None)
    for query in ["suriah", "putin, trump", "rus*", '"presiden rusia", suriah']:
        by_days, by_postings = trend(corpus, index, query, grain=grain), trend(corpus, plain, query, grain=grain)
        assert_frame_equal(by_days.series, by_postings.series)
        assert_frame_equal(by_days.buckets, by_postings.buckets)


@pytest.mark.parametrize("path", [None, CORPORA / "news", CORPORA / "articles.csv"])
def test_document_frequency_by_day_counts_is_by_postings(path):
    """The articles holding each term (keywords' specificity) are read from the day counts, so
    that opening an article does not read the postings; through the postings they are the same."""
    from dataclasses import replace

    from corpus.keywords.ranking import index_document_frequency

    open_corpus(path)
    index = open_corpus(path).index  # from the cache: the postings not read yet
    by_days = index_document_frequency(index)
    assert not index.parts.loaded("postings")  # the day counts alone
    assert_frame_equal(by_days, index_document_frequency(replace(index, days=None)))
    some = pl.Series(["presiden", "zzzz", "rusia"])
    assert_frame_equal(index_document_frequency(index, some), index_document_frequency(replace(index, days=None), some))


@pytest.mark.parametrize("path", [None, CORPORA / "news", CORPORA / "articles.csv"])
@pytest.mark.parametrize("periods", [None, "month"])
def test_top_terms_by_day_counts_are_by_postings(path, periods):
    """The filter pane's first table (each period's most frequent words) is summed from the day
    counts; through the postings it is the same."""
    from dataclasses import replace

    from corpus.analysis.compare import top_terms

    opened = open_corpus(path, periods=periods)
    plain = replace(opened.index, days=None)
    by_days = top_terms(opened.corpus, opened.index, per_period=20)
    assert by_days.height > 0
    assert_frame_equal(by_days, top_terms(opened.corpus, plain, per_period=20))


def test_a_word_is_counted_without_reading_the_postings_until_its_articles_are_asked_for():
    """`kabar compare suriah` on a cached corpus reads the day counts only; which articles
    matched (the sidebar's marks) reads the postings when first asked for, and is the same."""
    from dataclasses import replace

    from corpus.analysis.compare import compare
    from corpus.analysis.query import parse

    open_corpus(None)
    opened = open_corpus(None)
    result = compare(opened.corpus, opened.index, parse("suriah"))
    assert [p.count for p in result.periods] == [5, 1, 0]
    assert not opened.index.parts.loaded("postings")
    assert not opened.index.days.source.loaded()  # the row groups holding "suriah" only
    assert dict(result.doc_counts) == dict(compare(opened.corpus, replace(opened.index, days=None),
                                                   parse("suriah")).doc_counts)
    assert opened.index.parts.loaded("postings")


def test_day_counts_damaged_are_found_when_read_and_rebuilt_at_the_next_opening(tmp_path):
    """The day counts are read when a word is first asked for, checked then: a garbled file
    fails that read with one line, and the entry is built again at the next opening."""
    import shutil

    from corpus.analysis.compare import compare
    from corpus.analysis.query import parse
    from corpus.disk.checksums import DamagedCache
    from corpus.index import store

    news = tmp_path / "news"
    shutil.copytree(CORPORA / "news", news)
    first = open_corpus(news)
    expected = [p.count for p in compare(first.corpus, first.index, parse("putin")).periods]
    (entry,) = [p for p in store.index_root().iterdir() if p.is_dir() and not p.name.startswith(".")]
    days = entry / "days.parquet"
    data = bytearray(days.read_bytes())
    data[len(data) // 2] ^= 0xFF
    days.write_bytes(bytes(data))
    opened = open_corpus(news)
    assert opened.notices == ()
    with pytest.raises(DamagedCache) as raised:
        compare(opened.corpus, opened.index, parse("putin"))
    assert str(raised.value) == (
        "the index cache is damaged (days.parquet is damaged); it is built again at the next opening"
    )
    rebuilt = open_corpus(news)
    assert [p.count for p in compare(rebuilt.corpus, rebuilt.index, parse("putin")).periods] == expected
