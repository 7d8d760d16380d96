"""What changed between periods, read from the index (corpus.analysis.changes, .phrases): a corpus
written by hand, its counts checked by hand, and on the bundled and dev corpora every listed
phrase checked against the texts."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from corpus.analysis.changes import what_changed
from corpus.analysis.keyness import log_likelihood
from corpus.analysis.phrases import SIGNIFICANT, candidates, count, distinctive, docs
from corpus.index.terms import build_index
from corpus.index.tokens import tokenize
from corpus.model import Period, make_corpus

PERIODS = (
    Period("2016", date(2016, 1, 1), date(2016, 12, 31)),
    Period("2018", date(2018, 1, 1), date(2018, 12, 31)),
    Period("2024", date(2024, 1, 1), date(2024, 12, 31)),
)
TEXTS = {
    # 2016: 12 + 7 = 19 tokens
    date(2016, 3, 1): "Gempa bumi guncang kota. Gempa bumi rusak rumah warga. Gempa bumi susulan.",
    date(2016, 5, 1): "Gempa bumi rusak pasar kota. Warga panik.",
    # 2018: 8 + 6 = 14 tokens
    date(2018, 3, 1): "Banjir rendam kota. Warga mengungsi. Banjir rendam pasar.",
    date(2018, 4, 1): "Banjir rendam pasar kota. Warga mengungsi.",
    # 2024: 7 + 9 = 16 tokens ("lagi" is a stopword, and a token)
    date(2024, 3, 1): "Banjir rendam jalan. Sungai meluap. Warga mengungsi.",
    date(2024, 4, 1): "Sungai meluap. Sungai meluap lagi. Banjir rendam rumah warga.",
    date(2030, 1, 1): "Gempa gempa gempa bumi.",  # outside every period: never counted
}


def corpus_of(texts: dict[date, str], periods: tuple[Period, ...] = PERIODS):
    n = len(texts)
    rows = pl.DataFrame({
        "id": [f"a{i}" for i in range(n)], "title": ["t"] * n, "source": ["s"] * n, "published": list(texts),
        "text": list(texts.values()), "raw": list(texts.values()), "origin": ["o"] * n,
    })
    corpus = make_corpus("hand", rows, periods)
    return corpus, build_index(corpus)


@pytest.fixture(scope="module")
def hand():
    return corpus_of(TEXTS)


def test_counts_of_the_candidates_by_hand(hand):
    corpus, index = hand
    assert index.period_tokens == (19, 14, 16)
    found = candidates(corpus, index)
    row = {r["phrase"]: r for r in found.iter_rows(named=True)}
    # gempa bumi: three times in the first 2016 article, once in the second; 2030's not counted
    assert (row["gempa bumi"][count(0)], row["gempa bumi"][docs(0)]) == (4, 2)
    assert row["gempa bumi"][count(1)] == row["gempa bumi"][count(2)] == 0
    # banjir rendam: 2 + 1 in 2018, 1 + 1 in 2024
    assert [row["banjir rendam"][count(p)] for p in range(3)] == [0, 3, 2]
    assert [row["banjir rendam"][docs(p)] for p in range(3)] == [0, 2, 2]
    # a phrase across a stopword inside: "meluap lagi banjir" starts and ends with content words
    assert row["meluap lagi banjir"][count(2)] == 1
    assert "lagi banjir" not in row and "meluap lagi" not in row  # a stopword at an end


def test_what_changed_by_hand(hand):
    corpus, index = hand
    first, second, third = what_changed(corpus, index)
    # 2016 against the rest (c = 19, d = 30): gempa bumi 4 against 0; "gempa" and "bumi" alone
    # are no more than it (4 each), so it holds them
    assert log_likelihood(4, 0, 19, 30) > SIGNIFICANT
    assert (first.label, first.previous, first.articles) == ("2016", None, 2)
    assert first.phrases == ("gempa bumi",) and first.new == first.vanished == first.persistent == ()
    assert first.carried == {"gempa bumi": 2}
    # 2018 against the rest (c = 14, d = 35): banjir rendam pasar 2 against 0 (it holds
    # "rendam pasar", 2 too); banjir rendam 3 against 2 is not enough
    assert log_likelihood(2, 0, 14, 35) > SIGNIFICANT > log_likelihood(3, 2, 14, 35)
    assert second.phrases == ("banjir rendam pasar",)
    # against 2016 (c = 14, d = 19): banjir rendam 3 against 0 rose; banjir rendam pasar,
    # 2 against 0, not significantly; gempa bumi fell (4 against 0 the other way)
    assert log_likelihood(3, 0, 14, 19) > SIGNIFICANT > log_likelihood(2, 0, 14, 19)
    assert (second.previous, second.new, second.vanished) == (0, ("banjir rendam",), ("gempa bumi",))
    # persistent needs both periods: nothing of 2016 is in 2018
    assert second.persistent == ()
    assert second.carried == {"banjir rendam pasar": 2, "banjir rendam": 2}
    # 2024: sungai meluap (3 against 0) is its own; banjir rendam (2 in 2024, 3 in 2018) held,
    # and 2018 and 2024 together use it more than 2016 (5 against 0)
    assert third.phrases == ("sungai meluap",)
    assert third.new == third.vanished == ()
    assert log_likelihood(5, 0, 30, 19) > SIGNIFICANT
    assert third.persistent == ("banjir rendam",)
    assert third.carried == {"sungai meluap": 2, "banjir rendam": 2}


def test_a_phrase_held_by_a_longer_one_goes_only_when_that_one_carries_most_of_it():
    texts = {
        date(2016, 1, d): text
        for d, text in enumerate(
            ["Joko widodo hadir.", "Joko widodo pergi.", "Joko widodo pulang.", "Widodo datang.", "Widodo tidur."], 1
        )
    } | {date(2018, 1, d): "Kota sepi pasar tutup jalan lengang warga diam rumah tenang." for d in range(1, 6)}
    corpus, index = corpus_of(texts, PERIODS[:2])
    assert index.period_tokens == (13, 50) and log_likelihood(3, 0, 13, 50) > SIGNIFICANT
    ranked = distinctive(candidates(corpus, index), index, [0], [1], subsume=False)
    assert dict(ranked.select("phrase", "count").iter_rows()) == {"widodo": 5, "joko widodo": 3, "joko": 3}
    # widodo: 3 of its 5 in "joko widodo" (under 0.8): kept; joko: all 3: gone
    kept = distinctive(candidates(corpus, index), index, [0], [1])
    assert set(kept["phrase"]) == {"widodo", "joko widodo"}


def test_one_period_lists_its_most_carried_phrases_and_no_period_nothing():
    texts = {date(2016, 1, d): "Gempa bumi guncang kota." for d in range(1, 4)} | {date(2016, 2, 1): "Kota sepi."}
    corpus, index = corpus_of(texts, PERIODS[:1])
    (only,) = what_changed(corpus, index)
    assert only.phrases[:2] == ("kota", "bumi")  # 4 articles, then 3 (ties by count, then alphabetically)
    assert only.carried["kota"] == 4
    corpus, index = corpus_of(texts, ())
    assert what_changed(corpus, index) == ()


def _carrier(corpus):
    """carried(period, phrase): the articles of `period` whose tokens hold `phrase`, read from
    the texts themselves (each article's tokens as one string, a phrase found between spaces)."""
    texts = corpus.articles_with_texts().select("period", "text")
    tokens = {
        period: [f" {' '.join(tokenize(text))} " for text in rows["text"]]
        for (period,), rows in texts.group_by("period")
    }

    def carried(period: int, phrase: str) -> int:
        return sum(f" {phrase} " in article for article in tokens.get(period, []))

    return carried


def test_every_listed_phrase_is_in_the_texts_bundled(bundled):
    corpus, index = bundled
    changes, carried = what_changed(corpus, index), _carrier(corpus)
    assert any(c.phrases for c in changes) and any(c.new or c.vanished or c.persistent for c in changes)
    for change in changes:
        for phrase in {*change.phrases, *change.new, *change.persistent}:
            assert change.carried[phrase] == carried(change.period, phrase) > 0, phrase
        for phrase in change.vanished:
            before = changes[change.previous]
            assert before.carried[phrase] == carried(before.period, phrase) > 0, phrase


def test_every_listed_phrase_is_in_the_texts_dev(dev):
    corpus, index = dev
    changes, carried = what_changed(corpus, index), _carrier(corpus)
    for change in changes:
        assert len(change.phrases) > 10, change.label
        for phrase in change.phrases[:10] + change.new[:10] + change.persistent[:10]:
            assert change.carried[phrase] == carried(change.period, phrase) > 0, phrase


def test_long_lists_are_cut_and_say_how_long_they_were(hand, monkeypatch):
    import corpus.analysis.changes as changes

    corpus, index = hand
    whole = what_changed(corpus, index)
    monkeypatch.setattr(changes, "LISTED", 0)
    cut = what_changed(corpus, index)
    assert [c.found for c in cut] == [c.found for c in whole]
    assert cut[1].found == {"phrases": 1, "new": 1, "vanished": 1, "persistent": 0}
    assert all(c.phrases == c.new == c.vanished == c.persistent == () for c in cut)
