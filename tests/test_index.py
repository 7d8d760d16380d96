"""The index, checked against the plain-Python tokenizer: every frame, on odd text too."""

from collections import Counter
from datetime import date

import polars as pl

from corpus.index.parts import Frames, Part
from corpus.index.terms import build_index
from corpus.index.tokens import tokenize
from corpus.ingest.load import load_corpus
from corpus.model import Period, make_corpus

ODD = [
    "Rusia-AS negara-negara Isu-isu-isu a--b -c- 3-4 rusia rusia",
    "",  # an article without a token keeps its row, with 0 tokens
    "ÉCOLE d'été, x\u00a0y; تست عربي 中文 字 Rusia",
    "Putin. PUTIN? putin-putin",
]


def expected(corpus):
    texts = corpus.texts.column("text").to_list()
    tokens = [tokenize(t) for t in texts]
    vocab = sorted({t for doc in tokens for t in doc})
    ids = {t: i for i, t in enumerate(vocab)}
    totals = Counter(t for doc in tokens for t in doc)
    stream = [(d, ids[t]) for d, doc in enumerate(tokens) for t in doc]
    postings = sorted((ids[t], d, n) for d, doc in enumerate(tokens) for t, n in Counter(doc).items())
    return vocab, totals, stream, postings, [len(doc) for doc in tokens]


def check(corpus):
    index = build_index(corpus)
    vocab, totals, stream, postings, lengths = expected(corpus)
    docs = [set(tokenize(t)) for t in corpus.texts.column("text").to_list()]
    assert index.vocab["term"].to_list() == vocab
    assert index.vocab["term_id"].to_list() == list(range(len(vocab)))
    assert index.vocab["total"].to_list() == [totals[t] for t in vocab]
    assert index.vocab["docs"].to_list() == [sum(1 for d in docs if t in d) for t in vocab]
    assert list(index.parts.stream().iter_rows()) == stream
    assert list(index.postings.select("term_id", "doc", "n").iter_rows()) == postings
    periods = corpus.articles["period"].to_list()
    assert index.postings["period"].to_list() == [periods[d] for _, d, _ in postings]
    assert index.docs["tokens"].to_list() == lengths
    assert index.docs["period"].to_list() == periods
    assert {"term_id": pl.UInt32, "doc": pl.UInt32, "n": pl.UInt32}.items() <= dict(index.postings.schema).items()
    # positions come with the built index; a part given only its stream sorts them itself
    (part,) = index.parts.parts
    fresh = Part(part.terms, part.totals, part.docs, Frames(part.frames.stream(), part.frames.postings()))
    assert not fresh.frames.loaded("positions")
    assert part.frames.positions().equals(fresh.frames.positions())
    for term_id, term in enumerate(vocab):
        where = index.occurrences(pl.Series([term_id], dtype=pl.UInt32))["row"].to_list()
        assert where == [i for i, (_, t) in enumerate(stream) if t == term_id], term
    return index


def test_index_of_the_bundled_corpus_matches_python():
    check(load_corpus())


def test_index_of_odd_text_matches_python():
    rows = pl.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(ODD))],
            "title": ["t"] * len(ODD),
            "source": ["s"] * len(ODD),
            "published": [date(2020, 1, 1), date(2020, 1, 2), None, date(2021, 5, 1)],
            "text": ODD,
            "raw": ODD,
            "origin": ["x"] * len(ODD),
        }
    )
    periods = (Period("2020", date(2020, 1, 1), date(2020, 12, 31)),)
    index = check(make_corpus("odd", rows, periods))
    assert index.period_articles == (2,)  # the undated and the 2021 article are in no period
    assert index.period_tokens[0] == len(tokenize(ODD[0]))


def test_index_of_a_corpus_without_tokens():
    rows = pl.DataFrame(
        {"id": ["a"], "title": ["t"], "source": ["s"], "published": [date(2020, 1, 1)],
         "text": ["— … !"], "raw": ["— … !"], "origin": ["x"]}
    )
    index = check(make_corpus("empty", rows, (Period("2020", date(2020, 1, 1), date(2020, 12, 31)),)))
    assert index.vocab.height == 0 and index.period_tokens == (0,)
