"""Phrases found from their rarest word's positions: counted by hand on four short articles,
and against a plain Python count of every phrase window of the bundled corpus."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import polars as pl
import pytest

from corpus.analysis.compare import compare, hits
from corpus.analysis.query import parse
from corpus.index.terms import build_index
from corpus.ingest.load import load_corpus
from corpus.model import Period, make_corpus

PERIODS = (
    Period("2016", date(2016, 1, 1), date(2016, 12, 31)),
    Period("2018", date(2018, 1, 1), date(2018, 12, 31)),
)
# In reading order (rows 0-4). A phrase must not run across articles: row 0 ends with
# "presiden" and row 1 starts with "rusia"; row 1 ends with "presiden" and row 2 starts with
# "moskow", rarer, so that the search starts from the article after the phrase's first word.
# Row 0 starts the stream, row 4 (outside every period) ends it.
TEXTS = {
    date(2016, 1, 1): "Presiden Rusia bertemu presiden",
    date(2016, 2, 1): "rusia rusia rusia menolak presiden",
    date(2016, 3, 1): "moskow diam",
    date(2018, 1, 1): "kata presiden rusiah dan presiden ruang",
    date(2030, 1, 1): "lalu presiden Rusia",
}


@pytest.fixture(scope="module")
def hand():
    n = len(TEXTS)
    rows = pl.DataFrame(
        {"id": [f"a{i}" for i in range(n)], "title": ["t"] * n, "source": ["s"] * n,
         "published": list(TEXTS), "text": list(TEXTS.values()), "raw": list(TEXTS.values()),
         "origin": ["o"] * n},
    )
    corpus = make_corpus("hand", rows, PERIODS)
    return corpus, build_index(corpus)


def run(hand, text):
    corpus, index = hand
    return compare(corpus, index, parse(text))


def test_phrase_does_not_cross_articles(hand):
    result = run(hand, '"presiden rusia"')
    assert [(p.count, p.docs) for p in result.periods] == [(1, 1), (0, 0)]
    assert result.doc_counts == {0: 1, 4: 1}  # row 4 is outside the periods, still an article
    assert run(hand, '"presiden moskow"').total == 0
    assert run(hand, '"diam kata"').total == 0


def test_repeated_word_overlaps(hand):
    assert run(hand, '"rusia rusia"').doc_counts == {1: 2}  # rusia rusia rusia: at 0 and at 1
    assert run(hand, '"rusia rusia rusia"').doc_counts == {1: 1}
    assert run(hand, '"rusia rusia rusia rusia"').total == 0


def test_wildcard_inside_a_phrase_lists_each_phrase(hand):
    result = run(hand, '"presiden r*"')
    assert [p.count for p in result.periods] == [1, 2]
    assert result.terms.rows() == [
        ("presiden ruang", 0, 1), ("presiden rusia", 1, 0), ("presiden rusiah", 0, 1)
    ]
    assert result.doc_counts == {0: 1, 3: 2, 4: 1}


def test_rarest_word_last(hand):
    # "ruang" (once) is rarer than "presiden" (six times): the search starts from it.
    assert run(hand, '"presiden ruang"').doc_counts == {3: 1}
    assert run(hand, '"kata presiden rusiah"').doc_counts == {3: 1}
    assert run(hand, '"rusia menolak presiden"').doc_counts == {1: 1}


@pytest.mark.parametrize("text", ['"presiden xyzzy"', '"xyzzy presiden"', '"xyzzy qwerty"', '"bertemu rusia"'])
def test_phrase_not_in_the_text_is_zero(hand, text):
    result = run(hand, text)
    assert result.total == 0 and result.doc_counts == {} and result.terms.is_empty()


def test_positions_list_every_occurrence_in_text_order(hand):
    _, index = hand
    term_ids = index.parts.stream()["term_id"].to_list()
    for term_id in range(index.vocab.height):
        expected = [i for i, t in enumerate(term_ids) if t == term_id]
        assert index.occurrences(pl.Series([term_id], dtype=pl.UInt32))["row"].to_list() == expected
        assert index.terms_at(pl.Series(expected)).to_list() == [term_id] * len(expected)
    assert index.tokens == len(term_ids)


def test_phrases_match_a_plain_count_on_the_bundled_corpus():
    corpus = load_corpus()
    index = build_index(corpus)
    stream = index.parts.stream()
    words = index.vocab["term"].gather(stream["term_id"]).to_list()
    docs = stream["doc"].to_list()
    rng = random.Random(7)
    for _ in range(60):
        k = rng.randint(2, 3)
        start = rng.randrange(len(words) - k)
        phrase = words[start : start + k]
        if rng.random() < 0.3:  # a wildcard in one place: "kata presiden r*"
            place = rng.randrange(k)
            phrase[place] = phrase[place][:1] + "*"
        query = parse('"' + " ".join(phrase) + '"')
        if len(query.alternatives[0].patterns) != k:  # a word the tokenizer would split again
            continue
        expected = Counter()
        for i in range(len(words) - k + 1):
            window = words[i : i + k]
            if len(set(docs[i : i + k])) == 1 and all(
                w == p or (p.endswith("*") and w.startswith(p[:-1])) for w, p in zip(window, phrase, strict=False)
            ):
                expected[(" ".join(window), docs[i])] += 1
        found = hits(index, query)
        assert dict(zip(zip(found["term"], found["doc"], strict=False), found["n"], strict=False)) == expected, phrase


def test_articles_without_a_token_do_not_shift_where_a_phrase_is_counted():
    # Two empty articles sit between the halves of "presiden rusia": their document starts
    # equal the next one's, and the phrase is in none of them.
    texts = ["kata presiden", "", "— …", "rusia presiden rusia"]
    rows = pl.DataFrame(
        {"id": [f"e{i}" for i in range(4)], "title": ["t"] * 4, "source": ["s"] * 4,
         "published": [date(2016, 1, i + 1) for i in range(4)], "text": texts, "raw": texts,
         "origin": ["o"] * 4},
    )
    corpus = make_corpus("empty", rows, PERIODS)
    index = build_index(corpus)
    assert index.doc_starts.to_list() == [0, 2, 2, 2]
    found = compare(corpus, index, parse('"presiden rusia"'))
    assert found.doc_counts == {3: 1}
    assert found.periods[0].count == 1
