"""Collocates by period, checked against a plain-Python count over the tokenized texts.

By hand, from the bundled texts: "presiden rusia" occurs twice in Nov 2016 (cnn "dengan
Presiden Rusia Vladimir Putin", tempo "… Presiden Rusia Vladimir Putin"), and both times
"vladimir" follows it: together 2, and "vladimir" occurs nowhere else in Nov 2016 (total 2).
"""

from __future__ import annotations

import math
from collections import Counter

import polars as pl
import pytest

from corpus.analysis.collocates import collocates, nodes
from corpus.analysis.query import parse
from corpus.index.store import open_corpus
from corpus.index.tokens import tokenize
from corpus.keywords.stopwords import stopwords


@pytest.fixture(scope="module")
def bundled():
    opened = open_corpus(None)
    return opened.corpus, opened.index


def g2(a: int, c1: int, r1: int, n: int) -> float:
    total = 0.0
    for o, e in ((a, r1 * c1 / n), (c1 - a, (n - r1) * c1 / n), (r1 - a, r1 * (n - c1) / n),
                 (n - r1 - c1 + a, (n - r1) * (n - c1) / n)):
        if o > 0:
            total += o * math.log(o / e)
    return 2 * total


def by_hand(corpus, words: list[str], window: int, min_count: int) -> dict[str, dict[str, tuple]]:
    """{period label: {term: (together, total, g2)}}, computed token by token in Python."""
    k = len(words)
    out = {}
    for i, period in enumerate(corpus.periods):
        texts = corpus.articles_with_texts().filter(pl.col("period") == i)["text"].to_list()
        together, total, r1, n = Counter(), Counter(), 0, 0
        for text in texts:
            tokens = tokenize(text)
            n += len(tokens)
            total.update(tokens)
            starts = [s for s in range(len(tokens) - k + 1) if tokens[s:s + k] == words]
            own = {s + j for s in starts for j in range(k)}
            inside = {p for s in starts for p in [*range(s - window, s), *range(s + k, s + k + window)]
                      if 0 <= p < len(tokens)} - own
            r1 += len(inside)
            together.update(tokens[p] for p in inside if tokens[p] not in words)
        stop = stopwords()
        out[period.label] = {
            t: (a, total[t], g2(a, total[t], r1, n))
            for t, a in together.items()
            if a >= min_count and a > r1 * total[t] / n
            and t not in stop and not t.isdigit() and len(t) > 1
        }
    return out


@pytest.mark.parametrize("query, words", [
    ("ukraina", ["ukraina"]),
    ("putin", ["putin"]),
    ('"presiden rusia"', ["presiden", "rusia"]),
])
@pytest.mark.parametrize("window, min_count", [(5, 2), (3, 1)])
def test_collocates_match_a_count_by_hand(bundled, query, words, window, min_count):
    corpus, index = bundled
    result = collocates(corpus, index, parse(query), window=window, min_count=min_count, top=1000)
    expected = by_hand(corpus, words, window, min_count)
    for period in result.periods:
        got = {r["term"]: (r["together"], r["total"], r["g2"]) for r in period.terms.iter_rows(named=True)}
        want = expected[period.label]
        assert got.keys() == want.keys(), period.label
        for term, (a, c1, value) in want.items():
            assert got[term][:2] == (a, c1), term
            assert got[term][2] == pytest.approx(value, rel=1e-9), term


def test_the_hand_checked_figures(bundled):
    corpus, index = bundled
    first = collocates(corpus, index, parse('"presiden rusia"'), min_count=2).periods[0]
    assert (first.label, first.nodes) == ("Nov 2016", 2)
    row = first.terms.row(0, named=True)
    assert (row["term"], row["together"], row["total"]) == ("vladimir", 2, 2)
    assert first.tokens == 702  # the period's tokens, as `kabar compare` shows them


def test_strongest_first_and_only_attracted_words(bundled):
    corpus, index = bundled
    for period in collocates(corpus, index, parse("putin"), min_count=1).periods:
        g2s = period.terms["g2"].to_list()
        assert g2s == sorted(g2s, reverse=True)
        assert (period.terms["together"] > period.terms["expected"]).all()
        assert "putin" not in period.terms["term"].to_list()  # the node is not its own collocate


def test_a_token_between_two_nodes_counts_once(bundled):
    corpus, index = bundled
    found = nodes(index, parse("putin | putin"))
    assert found["start"].n_unique() == found.height  # the same occurrence reached twice is one node


def test_no_match_and_a_bad_window(bundled):
    corpus, index = bundled
    result = collocates(corpus, index, parse("zzzz"))
    assert all(p.nodes == 0 and p.terms.is_empty() for p in result.periods)
    with pytest.raises(ValueError):
        collocates(corpus, index, parse("putin"), window=0)
