"""Keyness: G² and log ratio against arithmetic done by hand, on a corpus small enough to count."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from corpus.analysis.keyness import LEVELS, critical_value, keyness, log_likelihood, log_ratio, p_level, stars
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
# ayam: a = 3, b = 18: 3/10 = 0.3 < 18/20 = 0.9: less frequent in A (a negative keyword)
#   E1 = 10·21/30 = 7                        E2 = 20·21/30 = 14
#   G² = 2(3 ln(3/7) + 18 ln(18/14)) = 2(−2.541894 + 4.523660) = 3.963532
#   log ratio = log2(0.3/0.9) = −log2 3 = −1.584962501
KUDA_G2, KUDA_LR = 4 * math.log(2), 2.0
SAPI_G2, SAPI_LR = 6 * math.log(3), math.log2(12)
AYAM_G2, AYAM_LR = 2 * (3 * math.log(3 / 7) + 18 * math.log(18 / 14)), -math.log2(3)


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
    assert result.terms.columns == ["term", "target_count", "reference_count", "g2", "log_ratio", "direction"]
    rows = {r["term"]: r for r in result.terms.iter_rows(named=True)}
    assert set(rows) == {"kuda", "sapi", "ayam"}
    assert result.tested == 3
    assert (rows["ayam"]["target_count"], rows["ayam"]["reference_count"]) == (3, 18)
    assert rows["ayam"]["g2"] == pytest.approx(AYAM_G2)
    assert rows["ayam"]["g2"] == pytest.approx(3.963532, abs=1e-6)
    assert rows["ayam"]["log_ratio"] == pytest.approx(AYAM_LR)
    assert [rows[t]["direction"] for t in ("kuda", "sapi", "ayam")] == ["more", "more", "less"]
    assert (rows["kuda"]["target_count"], rows["kuda"]["reference_count"]) == (4, 2)
    assert rows["kuda"]["g2"] == pytest.approx(KUDA_G2)
    assert rows["kuda"]["log_ratio"] == pytest.approx(KUDA_LR)
    assert (rows["sapi"]["target_count"], rows["sapi"]["reference_count"]) == (3, 0)
    assert rows["sapi"]["g2"] == pytest.approx(SAPI_G2)
    assert rows["sapi"]["log_ratio"] == pytest.approx(SAPI_LR)
    # "more" first, each most distinctive first: sapi (6.59) before kuda (2.77); then ayam
    assert result.terms["term"].to_list() == ["sapi", "kuda", "ayam"]


def test_rest_of_corpus_is_the_other_periods_only(hand_table):
    corpus, index = hand_table
    # Period C holds kuda ×5 more, and an article outside every period holds sapi ×9.
    corpus, index = tiny_corpus(
        [(r["published"], r["text"]) for r in corpus.articles_with_texts().iter_rows(named=True)]
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


def test_min_count_applies_to_the_side_where_the_term_is_more_frequent(hand_table):
    corpus, index = hand_table
    # kuda 4 and sapi 3 in the target; ayam (less) 18 in the reference
    assert keyness(corpus, index, 0, 1, min_count=4).terms["term"].to_list() == ["kuda", "ayam"]
    assert keyness(corpus, index, 0, 1, min_count=5).terms["term"].to_list() == ["ayam"]
    assert keyness(corpus, index, 0, 1, min_count=19).terms.is_empty()
    assert set(keyness(corpus, index, 0, 1, min_count=1).terms["term"]) == {"kuda", "sapi", "ayam"}


def test_equal_rates_are_neither_more_nor_less():
    # A: 10 tokens, kuda ×2; B: 20 tokens, kuda ×4: the same rate, log ratio 0, G² 0
    corpus, index = tiny_corpus(
        [(date(2020, 1, 5), "kuda kuda sapi sapi sapi sapi sapi sapi sapi sapi"),
         (date(2020, 2, 5), "kuda kuda kuda kuda " + "ayam " * 16)]
    )
    assert log_likelihood(2, 4, 10, 20) == 0 and log_ratio(2, 4, 10, 20) == 0
    result = keyness(corpus, index, 0, 1, min_count=1)
    assert "kuda" not in result.terms["term"].to_list()
    assert result.tested == 3  # kuda was compared, and found no different
    assert set(result.terms["term"]) == {"sapi", "ayam"}


def test_other_direction_swaps_the_ends(hand_table):
    corpus, index = hand_table
    # B against A: ayam a=18, b=3, c=20, d=10 (0.9 > 0.3) more; kuda and sapi are rarer in B.
    result = keyness(corpus, index, target=1, reference=0)
    assert result.terms["term"].to_list() == ["ayam", "sapi", "kuda"]
    assert result.terms["direction"].to_list() == ["more", "less", "less"]
    assert result.terms["log_ratio"][1] == pytest.approx(-SAPI_LR)
    assert result.terms["g2"][1] == pytest.approx(SAPI_G2)  # G² does not depend on which side is which
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
    assert result.terms.columns == ["term", "target_count", "reference_count", "g2", "log_ratio", "direction"]


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
    # stopwords never rank; each direction sorted by G² descending
    assert "yang" not in result.terms["term"].to_list()
    for direction in ("more", "less"):
        g2 = result.terms.filter(pl.col("direction") == direction)["g2"].to_list()
        assert g2 and g2 == sorted(g2, reverse=True)


def test_bundled_corpus_both_ends_by_hand():
    # tests/test_cli.py's hand-checked table, and grep -o -i -w on the texts for rusia:
    # Nov 2016 (c = 702) against the rest (d = 268 + 942 = 1,210)
    corpus = load_corpus()
    index = build_index(corpus)
    result = keyness(corpus, index, 0)
    rows = {r["term"]: r for r in result.terms.iter_rows(named=True)}
    # ukraina: cnn 1, tempo 0 | xinhua 1, valdai 6, pantau 0: a = 1, b = 7, less frequent in Nov 2016
    #   E1 = 702·8/1912 = 2.9372, E2 = 1210·8/1912 = 5.0628
    #   G² = 2(1 ln(1/2.9372) + 7 ln(7/5.0628)) = 2(−1.07746 + 2.26793) = 2.381
    #   log ratio = log2((1/702)/(7/1210)) = log2(0.24623) = −2.022
    ukraina = rows["ukraina"]
    assert (ukraina["target_count"], ukraina["reference_count"], ukraina["direction"]) == (1, 7, "less")
    assert ukraina["g2"] == pytest.approx(2.381, abs=1e-3)
    assert ukraina["log_ratio"] == pytest.approx(-2.022, abs=1e-3)
    assert rows["suriah"]["direction"] == "more"
    # rusia: cnn 11, tempo 7 | xinhua 10, valdai 19, pantau 2: a = 18, b = 31
    #   E1 = 702·49/1912 = 17.99: the count equal rates predict, to the nearest whole one
    #   (log ratio +0.001, G² 0.0000): no difference, neither more nor less
    assert log_ratio(18, 31, 702, 1210) == pytest.approx(0.001, abs=1e-3)
    assert "rusia" not in rows
    assert result.tested == 80
    # every listed term: direction agrees with the log ratio's sign
    for row in rows.values():
        assert (row["log_ratio"] > 0) == (row["direction"] == "more")


def test_critical_values_are_the_chi_square_table():
    # chi-square, 1 degree of freedom: 3.84 (p < .05), 6.63 (.01), 10.83 (.001), 15.14 (.0001)
    assert [round(critical_value(alpha), 2) for alpha in LEVELS] == [3.84, 6.63, 10.83, 15.14]
    # Bonferroni: alpha / m; 0.05 over 10 tests is the 0.005 line (7.88 in the table)
    assert round(critical_value(0.05, 10), 2) == 7.88
    assert critical_value(0.05, 5) == pytest.approx(critical_value(0.01))
    assert critical_value(0.05, 80) == pytest.approx(11.70, abs=0.01)


def test_stars_and_levels():
    assert (stars(3.83), stars(3.85), stars(6.64), stars(10.84), stars(15.2)) == ("", "*", "**", "***", "****")
    assert p_level(5.53) == 0.05 and p_level(0.1) is None
    # suriah's 5.53 passes 0.05 alone, not once 80 terms are counted (11.70)
    assert stars(5.53, tests=80) == "" and stars(12.0, tests=80) == "*"
