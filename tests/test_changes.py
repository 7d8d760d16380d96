"""What changed between periods, on keywords written by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from corpus.analysis.changes import what_changed
from corpus.keywords.extraction import Keyword
from corpus.model import Period, make_corpus

PERIODS = (
    Period("2016", date(2016, 1, 1), date(2016, 12, 31)),
    Period("2018", date(2018, 1, 1), date(2018, 12, 31)),
    Period("2024", date(2024, 1, 1), date(2024, 12, 31)),
    Period("2025", date(2025, 1, 1), date(2025, 12, 31)),
)


def corpus_of(dates):
    n = len(dates)
    rows = pl.DataFrame(
        {
            "id": [f"a{i}" for i in range(n)], "title": ["t"] * n, "source": ["s"] * n,
            "published": dates, "text": ["x"] * n, "raw": ["x"] * n, "origin": ["o"] * n,
        },
        schema={"id": pl.String, "title": pl.String, "source": pl.String, "published": pl.Date,
                "text": pl.String, "raw": pl.String, "origin": pl.String},
    )
    return make_corpus("hand", rows, PERIODS)


def kw(*phrases):
    return tuple(Keyword(p, 0.1 * i) for i, p in enumerate(phrases))


@pytest.fixture
def hand():
    # rows come out in date order: 2016 ×2, 2018 ×1, 2024 ×1, (2025 none), one outside
    corpus = corpus_of(
        [date(2016, 3, 1), date(2016, 5, 1), date(2018, 3, 1), date(2024, 11, 1), date(2030, 1, 1)]
    )
    keywords = [
        kw("Perang Suriah", "kerja sama", "Pemilu AS"),
        kw("perang  suriah", "Hillary Clinton"),  # same phrase, other case and spacing
        kw("Kerja Sama", "Krisis Ukraina", "perang suriah"),
        kw("krisis ukraina", "Peskov"),
        kw("outside", "peskov"),  # outside every period: ignored
    ]
    return corpus, keywords


def test_by_hand(hand):
    corpus, keywords = hand
    first, second, third, fourth = what_changed(corpus, keywords)

    assert (first.label, first.previous, first.articles) == ("2016", None, 2)
    # perang suriah is in both 2016 articles, so it comes first
    assert first.phrases == ("perang suriah", "hillary clinton", "kerja sama", "pemilu as")
    assert first.new == first.vanished == first.persistent == ()

    assert (second.previous, second.articles) == (0, 1)
    assert second.new == ("krisis ukraina",)
    assert second.vanished == ("hillary clinton", "pemilu as")
    assert second.persistent == ("kerja sama", "perang suriah")

    assert third.previous == 1
    assert third.new == ("peskov",)
    assert third.vanished == ("kerja sama", "perang suriah")
    assert third.persistent == ("krisis ukraina",)

    # 2025 has no article: compared with 2024 all the same, and says it has none
    assert (fourth.previous, fourth.articles, fourth.phrases) == (2, 0, ())
    assert fourth.new == fourth.persistent == ()
    assert fourth.vanished == ("krisis ukraina", "peskov")


def test_mapping_and_missing_keywords(hand):
    corpus, keywords = hand
    as_list = what_changed(corpus, keywords)
    as_map = what_changed(corpus, dict(enumerate(keywords)))
    assert as_list == as_map
    # an article whose keywords are not there yet counts as having none
    partial = what_changed(corpus, {0: keywords[0], 2: keywords[2]})
    assert partial[0].articles == 1
    assert partial[1].vanished == ("pemilu as",)
    with_none = what_changed(corpus, [keywords[0], None, keywords[2], None, None])
    assert with_none == partial


def test_misaligned_list_is_an_error(hand):
    corpus, keywords = hand
    with pytest.raises(ValueError, match="4 keyword tuples for 5 articles"):
        what_changed(corpus, keywords[:4])
