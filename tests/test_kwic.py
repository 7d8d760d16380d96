"""Concordance lines: one per counted occurrence, spans on the match, context cut at tokens.

Also the optional stemming: an index rebuilt over stems still agrees with its concordance."""

from __future__ import annotations

import random
import re
import sys
from datetime import date

import polars as pl
import pytest

import corpus.analysis.kwic as kwic_module
from corpus.analysis.compare import compare
from corpus.analysis.kwic import SCHEMA, kwic
from corpus.analysis.query import parse
from corpus.analysis.topics import load_topics
from corpus.index.terms import build_index
from corpus.index.tokens import tokenize
from corpus.model import Period, make_corpus

QUERIES = [
    "suriah",
    "Putin",
    "teror*",
    "a*",
    '"presiden rusia"',
    '"kerja sama" | kerja | sama',  # overlapping alternatives each count
    "putin | put*",  # one term reached twice counts once
    "rusia-as",  # split compound: a phrase over a hyphen
    "negara-negara | negara",
    '"presiden rus*" | "amerika serikat"',
    "@suriah",
    "@diplomasi @telepon",
    "@pemilu | pemilu",
    "tidakada",
]


@pytest.mark.parametrize("text", QUERIES)
def test_line_count_equals_compare_count(bundled, text):
    corpus, index = bundled
    query = parse(text, load_topics())
    result = compare(corpus, index, query)
    lines = kwic(corpus, index, query)
    assert lines.height == result.total
    # per article too
    per_doc = dict(lines.group_by("article_row").len().iter_rows())
    assert per_doc == result.doc_counts
    # and per period
    for i, period in enumerate(result.periods):
        assert lines.filter(pl.col("period") == i).height == period.count


@pytest.mark.parametrize("text", QUERIES)
def test_spans_point_at_the_match(bundled, text):
    corpus, index = bundled
    query = parse(text, load_topics())
    lines = kwic(corpus, index, query, width=30)
    assert lines.schema == pl.Schema(SCHEMA)
    found_terms = set(compare(corpus, index, query).terms["term"])
    for line in lines.iter_rows(named=True):
        article = corpus.articles_with_texts().row(line["article_row"], named=True)
        text_ = article["text"]
        assert article["id"] == line["article_id"]
        assert corpus.period_label(article["period"]) == line["period_label"]
        assert text_[line["start"] : line["end"]] == line["match"]
        assert " ".join(tokenize(line["match"])) == line["term"]
        assert line["term"] in found_terms
        # context: cut at token boundaries, at most `width` characters of text
        before = text_[: line["start"]]
        after = text_[line["end"] :]
        assert re.sub(r"\s+", " ", before).endswith(line["left"])
        assert re.sub(r"\s+", " ", after).startswith(line["right"])
        assert len(line["left"]) <= 30 and len(line["right"]) <= 30
        left_tokens = tokenize(line["left"])
        if left_tokens:
            assert tokenize(before)[-len(left_tokens) :] == left_tokens
            assert line["left_word"] == left_tokens[-1]
        right_tokens = tokenize(line["right"])
        if right_tokens:
            assert tokenize(after)[: len(right_tokens)] == right_tokens
            assert line["right_word"] == right_tokens[0]


def test_context_example(bundled):
    corpus, index = bundled
    lines = kwic(corpus, index, parse("aleppo"), width=40)
    (line,) = lines.iter_rows(named=True)
    assert line["article_id"] == "cnn-2016-11-15"
    assert line["match"] == "Aleppo"
    # "…militer Rusia di Suriah, termasuk di Aleppo, menewaskan ratusan warga sipil…":
    # 40 characters back would cut into "intervensi", so the left context starts at "militer".
    assert line["left"] == "militer Rusia di Suriah, termasuk di "
    assert line["right"] == ", menewaskan ratusan warga sipil yang"
    assert (line["left_word"], line["right_word"]) == ("di", "menewaskan")


def test_phrase_across_a_line_break_and_width_zero(bundled):
    corpus, index = bundled
    lines = kwic(corpus, index, parse('"presiden rusia"'), width=0)
    assert lines.height == 6
    assert set(lines["left"]) == {""} and set(lines["right"]) == {""}
    assert all(m.lower() == "presiden rusia" for m in lines["match"])


def test_sorting(bundled):
    corpus, index = bundled
    query = parse("suriah | ukraina | rusia")
    by_position = kwic(corpus, index, query)
    by_left = kwic(corpus, index, query, sort="left")
    by_right = kwic(corpus, index, query, sort="right")
    assert by_left.height == by_right.height == by_position.height
    for frame, key in ((by_position, None), (by_left, "left_word"), (by_right, "right_word")):
        periods = frame["period"].to_list()
        assert periods == sorted(periods)  # grouped by period, in period order
        for i in range(len(corpus.periods)):
            group = frame.filter(pl.col("period") == i)
            if key is None:
                positions = list(zip(group["article_row"], group["start"], strict=False))
                assert positions == sorted(positions)
            else:
                words = group[key].to_list()
                assert words == sorted(words)
    # the sort really changes the order
    assert by_left["start"].to_list() != by_position["start"].to_list()
    assert by_right["start"].to_list() != by_left["start"].to_list()
    # same lines, other order
    assert by_left.sort("article_row", "start").equals(by_position.sort("article_row", "start"))
    with pytest.raises(ValueError):
        kwic(corpus, index, query, sort="middle")


def test_limit_keeps_the_first_lines_in_reading_order(bundled):
    corpus, index = bundled
    query = parse("putin")
    everything = kwic(corpus, index, query)
    first = kwic(corpus, index, query, limit=10)
    assert first.equals(everything.head(10))
    assert kwic(corpus, index, query, limit=0).is_empty()


def test_only_matching_articles_are_tokenized_again(bundled, monkeypatch):
    corpus, index = bundled
    seen = []
    for name in ("_lines_near", "_lines_in"):
        original = getattr(kwic_module, name)

        def recording(text, *args, _original=original):
            seen.append(text)
            return _original(text, *args)

        monkeypatch.setattr(kwic_module, name, recording)
    lines = kwic(corpus, index, parse("peskov"))  # only the two 2024–25 articles
    assert lines.height == 5
    assert sorted(seen) == sorted(corpus.texts.column("text")[3:5].to_list())
    seen.clear()
    assert kwic(corpus, index, parse("tidakada")).is_empty()
    assert seen == []


WORDS = ["isu", "negara", "rusia", "as", "kerja", "sama", "putin", "Putin", "İzmir", "kuda", "ab"]
SEPARATORS = [" ", " ", " ", "\n\n", "-", ", ", " — ", "(", ") ", "_", "  ", " " + "." * 45 + " "]


def random_corpus(seed: int, n: int = 30):
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, 60)):
            parts.append(rng.choice(WORDS))
            parts.append(rng.choice(SEPARATORS))
        texts.append("".join(parts[: rng.randint(0, len(parts))]))
    rows = pl.DataFrame(
        {
            "id": [f"r{i}" for i in range(n)], "title": ["t"] * n, "source": ["s"] * n,
            "published": [date(2020, 1 + i % 2, 1) for i in range(n)], "text": texts,
            "raw": texts, "origin": ["o"] * n,
        },
        schema={"id": pl.String, "title": pl.String, "source": pl.String, "published": pl.Date,
                "text": pl.String, "raw": pl.String, "origin": pl.String},
    )
    periods = (Period("Jan", date(2020, 1, 1), date(2020, 1, 31)),
               Period("Feb", date(2020, 2, 1), date(2020, 2, 29)))
    corpus = make_corpus("random", rows, periods)
    return corpus, build_index(corpus)


RANDOM_QUERIES = [
    "isu", "isu-isu", "negara | negara-negara", "rusia-as", '"as rusia"', "a*", "*a", "*s*",
    '"kerja sama" | kerja | sama', '"isu isu"', '"putin putin putin"', "izmir | i̇zmir", "ab",
    '"ab isu" | "isu ab" | isu',
]


@pytest.mark.parametrize("seed", range(4))
def test_windowed_search_agrees_with_whole_text_search(seed, monkeypatch):
    # Hyphens, reduplication, underscores, line breaks, a letter whose lower case is longer
    # (İ), matches at both ends of texts, empty texts: the fast path (regex, then a window)
    # must give exactly the lines of the slow one (tokenize everything), and compare's count.
    corpus, index = random_corpus(seed)
    for text in RANDOM_QUERIES:
        query = parse(text)
        for width in (0, 7, 40, 100):
            fast = kwic(corpus, index, query, width=width)
            with monkeypatch.context() as m:
                m.setattr(kwic_module, "_MAX_REGEX_WORDS", -1)
                slow = kwic(corpus, index, query, width=width)
            assert fast.equals(slow), (seed, text, width)
            assert fast.height == compare(corpus, index, query).total, (seed, text)
            for line in fast.iter_rows(named=True):
                source = corpus.texts.column("text")[line["article_row"]]
                assert source[line["start"] : line["end"]] == line["match"]


# --- optional stemming -------------------------------------------------------------------

def test_stemmed_index_by_hand_mapping(bundled):
    from corpus.analysis.stem import StemmedIndex, stem_index

    corpus, index = bundled
    stems = {"negara-negara": "negara", "pertemuan": "temu", "bertemu": "temu", "menelepon": "telepon"}
    stemmed = stem_index(index, stems)
    assert isinstance(stemmed, StemmedIndex)
    terms = set(stemmed.vocab["term"])
    assert {"negara", "temu", "telepon"} <= terms
    assert not {"negara-negara", "pertemuan", "menelepon"} & terms
    assert stemmed.tokens == index.tokens
    assert stemmed.postings["n"].sum() == index.postings["n"].sum()
    assert stemmed.period_tokens == index.period_tokens
    # a stem counts all of its surface forms
    plain = compare(corpus, index, parse("negara | negara-negara"))
    merged = compare(corpus, stemmed, parse("negara"))
    assert [p.count for p in merged.periods] == [p.count for p in plain.periods]
    # vocab totals add up
    total = stemmed.vocab.filter(pl.col("term") == "negara")["total"][0]
    assert total == index.vocab.filter(pl.col("term").is_in(["negara", "negara-negara"]))["total"].sum()
    # the articles holding the stem: those holding either form, each once
    texts = corpus.texts.column("text").to_list()
    holding = sum(1 for t in texts if {"negara", "negara-negara"} & set(tokenize(t)))
    assert stemmed.vocab.filter(pl.col("term") == "negara")["docs"][0] == holding
    # the concordance over stems still agrees with compare, and shows the surface forms
    for text in ("negara", "temu", '"presiden rusia"', "telepon"):
        query = parse(text)
        lines = kwic(corpus, stemmed, query)
        assert lines.height == compare(corpus, stemmed, query).total
    matches = {m.lower() for m in kwic(corpus, stemmed, parse("temu"))["match"]}
    assert matches == {"pertemuan"}  # "bertemu" does not occur in the bundled texts


def test_missing_stemmer_is_a_clear_error(monkeypatch):
    import corpus.analysis.stem as stem

    stem._stemmer.cache_clear()
    monkeypatch.setitem(sys.modules, "Sastrawi", None)
    monkeypatch.setitem(sys.modules, "Sastrawi.Stemmer", None)
    monkeypatch.setitem(sys.modules, "Sastrawi.Stemmer.StemmerFactory", None)
    try:
        with pytest.raises(stem.StemmerUnavailable, match=r"pip install 'kabar\[stem\]'"):
            stem.stem_vocab(pl.Series(["menyerang"]))
        assert not stem.available()
    finally:
        stem._stemmer.cache_clear()


def test_real_stemmer_on_the_vocabulary(bundled):
    pytest.importorskip("Sastrawi")
    from corpus.analysis.stem import stem_query, stem_vocab, stemmed_index

    corpus, index = bundled
    stems = stem_vocab(pl.Series(["menyerang", "perdagangan", "negara-negara", "2016", "putin", "café"]))
    assert stems == {
        "menyerang": "serang", "perdagangan": "dagang", "negara-negara": "negara",
        "2016": "2016", "putin": "putin", "café": "café",
    }
    stemmed = stemmed_index(index)
    query = stem_query(parse("pertemuan"))
    assert [a.patterns for a in query.alternatives] == [("temu",)]
    assert kwic(corpus, stemmed, query).height == compare(corpus, stemmed, query).total
