import random

import polars as pl
import pytest

from corpus.index.tokens import is_reduplication, token_codes, token_spans, token_stream, tokenize
from corpus.ingest.load import load_corpus


def test_tokens_split_hyphens_but_keep_reduplication():
    assert tokenize("Rusia-AS negara-negara Isu-isu [Mereka] 20 Januari 2017.") == [
        "rusia", "as", "negara-negara", "isu-isu", "mereka", "20", "januari", "2017",
    ]


def test_underscore_and_punctuation_are_not_tokens():
    assert tokenize("a_b — «c» 'd' ‘e’ …") == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize("word,expected", [("negara-negara", True), ("Upaya-upaya", True),
                                           ("Rusia-AS", False), ("real-estate", False), ("kata", False)])
def test_reduplication(word, expected):
    assert is_reduplication(word) is expected


def test_spans_point_at_the_words():
    text = "Presiden Rusia-AS, negara-negara."
    assert [text[s:e] for s, e, _ in token_spans(text)] == ["Presiden", "Rusia", "AS", "negara-negara"]


def test_polars_and_python_tokenizers_agree_on_every_article():
    texts = load_corpus().texts.column("text")
    stream = token_stream(texts)
    for doc, text in enumerate(texts):
        assert stream.filter(pl.col("doc") == doc)["term"].to_list() == tokenize(text)


def test_polars_and_python_agree_on_odd_text():
    odd = ["ÉCOLE d'été", "x\u00a0y", "Isu-isu-isu a--b -c- 3-4", "تست عربي", "中文 字", ""]
    stream = token_stream(pl.Series(odd))
    for doc, text in enumerate(odd):
        assert stream.filter(pl.col("doc") == doc)["term"].to_list() == tokenize(text)


def test_codes_name_exactly_the_terms_of_the_tokens():
    # build_index takes every non-null term for a used one: no term may stand for a split compound
    texts = ["Rusia-AS negara-negara Isu-isu-isu a--b 3-4 rusia", "x-y-x-y putin-putin Putin", "", "— …"]
    words, terms = token_codes(pl.Series(texts))
    assert words.schema == {"doc": pl.UInt32, "code": pl.UInt32}
    assert terms.drop_nulls().is_unique().all()
    assert sorted(terms.drop_nulls()) == sorted({t for text in texts for t in tokenize(text)})
    for doc, text in enumerate(texts):
        assert terms.gather(words.filter(pl.col("doc") == doc)["code"]).to_list() == tokenize(text)


def test_codes_without_compounds_or_tokens():
    for texts in (["a b a"], ["— …", ""], []):
        words, terms = token_codes(pl.Series(texts, dtype=pl.String))
        tokens = [t for text in texts for t in tokenize(text)]
        assert terms.gather(words["code"]).to_list() == tokens
        assert sorted(terms.drop_nulls()) == sorted(set(tokens))


def test_polars_and_python_agree_on_random_text():
    # token_codes splits at spaces and tokenizes each distinct piece once: pieces that recur in
    # other articles and other company, and every kind of break around them, must not matter.
    rng = random.Random(4)
    alphabet = ["a", "b", "Ab", "é", "7", " ", " ", "  ", "-", "--", "\n", "\n\n", "\t", "_", ".", ",", "\u2009",
                "\u00a0", "negara-negara", "Rusia-AS", "x-y-x", "(", "»", "ǅ", "İ"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(600)]
    stream = token_stream(pl.Series(texts))
    by_doc = dict(stream.group_by("doc").agg("term").iter_rows())
    assert len(by_doc) > 500
    for doc, text in enumerate(texts):
        assert by_doc.get(doc, []) == tokenize(text), repr(text)
