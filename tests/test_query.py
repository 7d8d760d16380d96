"""The query language: what parses to what, and that every bad input is a QueryError."""

from __future__ import annotations

import random

import pytest

from corpus.analysis.compare import compare
from corpus.analysis.kwic import kwic
from corpus.analysis.query import Alternative, QueryError, parse
from corpus.analysis.topics import load_topics


@pytest.fixture
def topics():
    return load_topics()


def patterns(text, topics=None):
    return [a.patterns for a in parse(text, topics).alternatives]


def test_words_wildcards_phrases_and_separators():
    assert patterns("Suriah") == [("suriah",)]
    assert patterns("teror*") == [("teror*",)]
    assert patterns('"Presiden Rusia"') == [("presiden", "rusia")]
    assert patterns("suriah | ukraina, krimea  putin") == [
        ("suriah",), ("ukraina",), ("krimea",), ("putin",)
    ]
    assert patterns("suriah suriah") == [("suriah",)]  # duplicates once
    assert patterns("rusia-as") == [("rusia", "as")]  # a split compound is a phrase
    assert patterns("negara-negara") == [("negara-negara",)]  # reduplication stays one token
    assert parse("").is_empty and parse("  , | ").is_empty


def test_topic_expands_to_its_alternatives(topics):
    query = parse("@suriah", topics)
    assert query.alternatives == topics["suriah"].alternatives
    assert query.topics == ("suriah",)
    assert parse("@SURIAH", topics).alternatives == topics["suriah"].alternatives
    mixed = parse('assad | @suriah "kerja sama"', topics)
    assert mixed.alternatives[0] == Alternative(("assad",))
    assert mixed.alternatives.count(Alternative(("assad",))) == 1  # not twice via the topic
    assert mixed.alternatives[-1] == Alternative(("kerja", "sama"))
    assert parse("@suriah, @ukraina", topics).topics == ("suriah", "ukraina")


def test_quoted_at_is_a_word_not_a_topic(topics):
    assert patterns('"@suriah"', topics) == [("suriah",)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"presiden rusia', "close the quote"),
        ("*", "wildcard"),
        ("teror | **", "wildcard"),
        ('""', "empty phrase"),
        ('"  "', "empty phrase"),
        ("@nope", "unknown topic @nope; known: @terorisme"),
        ("suriah @", "after @"),
        ("@", "after @"),
        ("-", "no word"),
        ("@x-y", "unknown topic"),
    ],
)
def test_invalid_inputs(text, message, topics):
    with pytest.raises(QueryError, match=message.replace("*", r"\*").replace("|", r"\|")):
        parse(text, topics)


def test_topic_without_topics_loaded():
    with pytest.raises(QueryError, match="unknown topic @suriah; known: none loaded"):
        parse("@suriah")


ODD = [
    '"', "*", ",,", "@", "@@", "@1", "@_", "[bold]", "[bold]suriah[/]", "\x1b[31m", "\x1b[31mputin\x1b[0m",
    "-", "a-", "-a", "a--b", '"a" "', "teror*|", "|teror*", "*-*", "a-*", "**a**", "'", "\\", "\\*",
    "(", ")", "[", "{", "$", "^", ".*", "a.*b", "?", "+", "\n", "\t", "\x00", "\u200b", "\ufeff",
    "ü*", "Straße", "İstanbul", "ǅ", "日本", "مرحبا", "🙂", "suriah🙂", "\ud800", "a" * 500,
    '"' * 3, '"a""b"', "@suriah@ukraina", "putin@kremlin", "#putin", "%", "&", "a|b|", "a,,b",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_input_parses_or_raises_query_error(text, topics, bundled):
    for loaded in (None, topics):
        try:
            query = parse(text, loaded)
        except QueryError as exc:
            assert str(exc) and "\n" not in str(exc)
            continue
        # whatever parses must also run
        corpus, index = bundled
        result = compare(corpus, index, query)
        assert kwic(corpus, index, query).height == result.total


def test_random_strings_never_raise_anything_but_query_error(topics):
    rng = random.Random(20240517)
    alphabet = 'ab *"|,@-_\\[]\x1b.?éİ日🙂\t'
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        try:
            parse(text, topics)
        except QueryError:
            pass


def test_a_query_longer_than_the_limit_is_refused_in_a_short_message():
    from corpus.analysis.query import MAX_QUERY_CHARS

    assert parse("a" * MAX_QUERY_CHARS).alternatives
    with pytest.raises(QueryError) as excinfo:
        parse('"' + "a" * 10_000)
    assert str(excinfo.value) == "a query is at most 1,000 characters; this one has 10,001"
    with pytest.raises(QueryError) as excinfo:
        parse("!" * 300)
    assert len(str(excinfo.value)) < 80
