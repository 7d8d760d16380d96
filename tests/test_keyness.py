"""Keyness: G² and log ratio against arithmetic done by hand, on a corpus small enough to count."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from corpus.analysis.keyness import keyness, log_likelihood, log_ratio
from corpus.index.terms import build_index
from corpus.ingest.load import load_corpus
from corpus.model import Period, make_corpus

PERIODS = (
    Period("A", date(2020, 1, 1), date(2020, 1, 31)),
    Period("B", date(2020, 2, 1), date(2020, 2, 28)),
    Period("C", date(2020, 3, 1), date(2020, 3, 31)),
)


def tiny_corpus(texts: list[tuple[date | None, str]]):
    rows = pl.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(texts))],
            "title": [f"t{i}" for i in range(len(texts))],
            "source": ["s"] * len(texts),
            "published": [d for d, _ in texts],
            "text": [t for _, t in texts],
            "raw": [t for _, t in texts],
            "origin": ["test"] * len(texts),
        },
        schema={"id": pl.String, "title": pl.String, "source": pl.String, "published": pl.Date,
                "text": pl.String, "raw": pl.String, "origin": pl.String},
    )
    corpus = make_corpus("tiny", rows, PERIODS)
    return corpus, build_index(corpus)


# Target A: 10 tokens = kuda ×4, sapi ×3, ayam ×3       (c = 10)
# Reference B: 20 tokens = kuda ×2, ayam ×18             (d = 20)
#
# kuda: a = 4, b = 2, a+b = 6
#   E1 = c(a+b)/(c+d) = 10·6/30 = 2         E2 = d(a+b)/(c+d) = 20·6/30 = 4
#   G² = 2(4 ln(4/2) + 2 ln(2/4)) = 2(4 ln 2 − 2 ln 2) = 4 ln 2 = 2.772588722
#   log ratio = log2((4/10)/(2/20)) = log2(0.4/0.1) = log2 4 = 2
# sapi: a = 3, b = 0 (the zero cell), a+b = 3
#   E1 = 10·3/30 = 1                         E2 = 20·3/30 = 2
#   G² = 2(3 ln(3/1) + 0·ln 0) = 6 ln 3 = 6.591673732   (0·ln 0 taken as 0)
#   log ratio: b = 0 becomes 0.5: log2((3/10)/(0.5/20)) = log2(0.3/0.025) = log2 12 = 3.584962501
# ayam: 3/10 = 0.3 < 18/20 = 0.9: under-represented in A, so not listed.
KUDA_G2, KUDA_LR = 4 * math.log(2), 2.0
SAPI_G2, SAPI_LR = 6 * math.log(3), math.log2(12)


@pytest.fixture
def hand_table():
    return tiny_corpus(
        [
            (date(2020, 1, 5), "kuda kuda sapi ayam ayam"),
            (date(2020, 1, 9), "kuda kuda sapi sapi ayam"),
            (date(2020, 2, 5), "kuda ayam " + "ayam " * 8),
            (date(2020, 2, 9), "kuda " + "ayam " * 9),
        ]
    )


def test_hand_values_by_formula():
    assert log_likelihood(4, 2, 10, 20) == pytest.approx(2.772588722)
    assert log_likelihood(3, 0, 10, 20) == pytest.approx(6.591673732)
    assert log_ratio(4, 2, 10, 20) == pytest.approx(2.0)
    assert log_ratio(3, 0, 10, 20) == pytest.approx(3.584962501)


def test_frame_matches_hand_arithmetic(hand_table):
    corpus, index = hand_table
    assert index.period_tokens[:2] == (10, 20)
    result = keyness(corpus, index, target=0, reference=1)
    assert (result.target, result.reference) == ("A", "B")
    assert (result.target_tokens, result.reference_tokens) == (10, 20)
    assert result.terms.columns == ["term", "target_count", "reference_count", "g2", "log_ratio"]
    rows = {r["term"]: r for r in result.terms.iter_rows(named=True)}
    assert set(rows) == {"kuda", "sapi"}  # ayam is under-represented in A
    assert (rows["kuda"]["target_count"], rows["kuda"]["reference_count"]) == (4, 2)
    assert rows["kuda"]["g2"] == pytest.approx(KUDA_G2)
    assert rows["kuda"]["log_ratio"] == pytest.approx(KUDA_LR)
    assert (rows["sapi"]["target_count"], rows["sapi"]["reference_count"]) == (3, 0)
    assert rows["sapi"]["g2"] == pytest.approx(SAPI_G2)
    assert rows["sapi"]["log_ratio"] == pytest.approx(SAPI_LR)
    # most distinctive first: sapi (6.59) before kuda (2.77)
    assert result.terms["term"].to_list() == ["sapi", "kuda"]


def test_rest_of_corpus_is_the_other_periods_only(hand_table):
    corpus, index = hand_table
    # Period C holds kuda ×5 more, and an article outside every period holds sapi ×9.
    corpus, index = tiny_corpus(
        [(r["published"], r["text"]) for r in corpus.articles.iter_rows(named=True)]
        + [(date(2020, 3, 1), "kuda kuda kuda kuda kuda"), (date(2019, 1, 1), "sapi " * 9)]
    )
    result = keyness(corpus, index, target=0)
    assert result.reference == "rest of the corpus"
    assert result.reference_tokens == 20 + 5  # B and C, not the article outside the periods
    rows = {r["term"]: r for r in result.terms.iter_rows(named=True)}
    # kuda: a=4, b=7, c=10, d=25: 0.4 > 0.28, still over-represented
    assert rows["kuda"]["reference_count"] == 7
    assert rows["kuda"]["g2"] == pytest.approx(log_likelihood(4, 7, 10, 25))
    assert rows["sapi"]["reference_count"] == 0


def test_min_count_applies_to_the_target_count(hand_table):
    corpus, index = hand_table
    assert keyness(corpus, index, 0, 1, min_count=4).terms["term"].to_list() == ["kuda"]
    assert keyness(corpus, index, 0, 1, min_count=5).terms.is_empty()
    assert set(keyness(corpus, index, 0, 1, min_count=1).terms["term"]) == {"kuda", "sapi"}


def test_other_direction_lists_what_the_reference_lacked(hand_table):
    corpus, index = hand_table
    # B against A: ayam a=18, b=3, c=20, d=10 (0.9 > 0.3); kuda and sapi are rarer in B.
    result = keyness(corpus, index, target=1, reference=0)
    assert result.terms["term"].to_list() == ["ayam"]
    assert result.terms["g2"][0] == pytest.approx(log_likelihood(18, 3, 20, 10))
    # by hand: E1 = 20·21/30 = 14, E2 = 10·21/30 = 7; G² = 2(18 ln(18/14) + 3 ln(3/7))
    assert result.terms["g2"][0] == pytest.approx(2 * (18 * math.log(18 / 14) + 3 * math.log(3 / 7)))


def test_bad_periods_are_value_errors(hand_table):
    corpus, index = hand_table
    with pytest.raises(ValueError):
        keyness(corpus, index, 0, 0)
    with pytest.raises(ValueError):
        keyness(corpus, index, 5)
    with pytest.raises(ValueError):
        keyness(corpus, index, 0, 7)


def test_empty_reference_gives_empty_frame(hand_table):
    corpus, index = hand_table
    result = keyness(corpus, index, 0, 2)  # period C has no articles
    assert result.reference_tokens == 0 and result.terms.is_empty()
    assert result.terms.columns == ["term", "target_count", "reference_count", "g2", "log_ratio"]


def test_worked_example_of_the_docs():
    # docs/statistics.md: suriah in Nov 2016 against the rest of the bundled corpus.
    corpus = load_corpus()
    index = build_index(corpus)
    result = keyness(corpus, index, 0)
    assert (result.target_tokens, result.reference_tokens) == (702, 1210)
    row = result.terms.filter(pl.col("term") == "suriah").row(0, named=True)
    assert (row["target_count"], row["reference_count"]) == (5, 1)
    e1, e2 = 702 * 6 / 1912, 1210 * 6 / 1912
    assert (e1, e2) == (pytest.approx(2.2029289), pytest.approx(3.7970711))
    assert row["g2"] == pytest.approx(5.528041, abs=1e-6)
    assert row["log_ratio"] == pytest.approx(3.107392, abs=1e-6)
    clinton = result.terms.filter(pl.col("term") == "clinton").row(0, named=True)
    assert (clinton["target_count"], clinton["reference_count"]) == (5, 0)
    assert clinton["log_ratio"] == pytest.approx(math.log2((5 / 702) / (0.5 / 1210)))
    # stopwords never rank; sorted by G² descending
    assert "yang" not in result.terms["term"].to_list()
    assert result.terms["g2"].to_list() == sorted(result.terms["g2"].to_list(), reverse=True)
