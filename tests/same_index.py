"""Two indexes of one corpus hold the same counts, however their parts are cut (corpus.index.parts):
what a test of segments, growth or the cache holds an index built in parts to."""

from __future__ import annotations

import dataclasses

import polars as pl
from polars.testing import assert_frame_equal

from corpus.analysis.changes import what_changed
from corpus.analysis.collocates import collocates
from corpus.analysis.compare import compare
from corpus.analysis.query import parse
from corpus.index.terms import TermIndex
from corpus.model import Corpus


def by_document(index: TermIndex) -> pl.DataFrame:
    """doc, offset, term_id: every token by its document and place in it (the stream's order of
    documents is the parts')."""
    stream = index.parts.stream().with_row_index("row")
    return stream.select(
        "doc", "term_id", offset=pl.col("row").cast(pl.Int64) - pl.lit(index.doc_starts).gather("doc")
    ).sort("doc", "offset")


def occurrences(index: TermIndex, ids: pl.Series) -> list[tuple[int, int, int]]:
    """(term_id, doc, offset) of every occurrence of `ids`, sorted."""
    found = index.occurrences(ids)
    doc, _ = index.locate(found["row"])
    offset = found["row"] - index.doc_starts.gather(doc)
    return sorted(zip(found["term_id"].to_list(), doc.to_list(), offset.to_list(), strict=True))


def queries(index: TermIndex) -> list[str]:
    """Words, a prefix, a union, phrases (one with a wildcard) of the corpus's own text."""
    stream = by_document(index)
    words = index.vocab["term"].gather(stream["term_id"]).to_list()
    docs = stream["doc"].to_list()
    found = []
    for i in range(0, max(len(words) - 3, 0), max(len(words) // 7, 1)):
        if docs[i] == docs[i + 2] and all(w.isalpha() for w in words[i : i + 3]):
            found += [words[i], f"{words[i][:1]}*", f"{words[i]} {words[i + 1]}",
                      f'"{words[i]} {words[i + 1]}"', f'"{words[i]} {words[i + 1][:1]}* {words[i + 2]}"']
    return found


def plain(value: object) -> object:
    """`value` with its frames as rows and its dataclasses as tuples: comparable with ==."""
    if isinstance(value, pl.DataFrame):
        return (value.columns, value.rows())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, tuple | list):
        return tuple(plain(v) for v in value)
    return value


def assert_same_index(corpus: Corpus, a: TermIndex, b: TermIndex) -> None:
    """`a` and `b`, two indexes of `corpus`, hold the same vocabulary, documents, postings, day
    counts and occurrences, and answer the same comparisons, collocates and What changed."""
    assert_frame_equal(a.vocab, b.vocab)
    assert_frame_equal(a.docs, b.docs)
    assert (a.period_tokens, a.period_articles) == (b.period_tokens, b.period_articles)
    assert a.tokens == b.tokens
    assert_frame_equal(by_document(a), by_document(b))
    assert_frame_equal(a.postings.sort("term_id", "doc"), b.postings.sort("term_id", "doc"))
    assert a.days is not None and b.days is not None
    assert_frame_equal(a.days.counts, b.days.counts)
    assert a.days.dates.equals(b.days.dates)
    sample = pl.Series(range(0, a.vocab.height, max(a.vocab.height // 50, 1)), dtype=pl.UInt32)
    assert occurrences(a, sample) == occurrences(b, sample)
    assert_frame_equal(a.term_postings(sample).sort("term_id", "doc"), b.term_postings(sample).sort("term_id", "doc"))
    asked = queries(a)
    assert asked or a.tokens < 10
    for text in asked:
        mine, theirs = compare(corpus, a, parse(text)), compare(corpus, b, parse(text))
        assert mine.periods == theirs.periods, text
        assert_frame_equal(mine.terms, theirs.terms)
        assert dict(mine.doc_counts) == dict(theirs.doc_counts), text
        assert plain(collocates(corpus, a, parse(text), min_count=1)) == plain(
            collocates(corpus, b, parse(text), min_count=1)
        ), text
    assert plain(what_changed(corpus, a)) == plain(what_changed(corpus, b))
