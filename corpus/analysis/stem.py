"""Optional Indonesian stemming: off by default, needs PySastrawi (`pip install 'kabar[stem]'`).

Stemming runs once per DISTINCT word of the vocabulary, never per token, and the index is
rebuilt by mapping term ids, part by part (corpus.index.parts): the stream keeps its rows, only
ids change, and the postings are summed over the terms that became one.

    menyerang → serang, perdagangan → dagang, negara-negara → negara, berdialog → dialog

Only plain Latin-letter words (optionally hyphen-joined) go to the stemmer; numbers, words with
digits or other scripts stay as they are, and so does a word the stemmer would empty.
Sastrawi is dictionary-based and overstems some names and loans (pemilu → milu): counts
over stems are coarser, never a replacement for the plain view.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import polars as pl

from corpus.analysis.query import Alternative, Query
from corpus.index.parts import Frames, Part, Parts
from corpus.index.terms import TermIndex, held_by

INSTALL_HINT = "Indonesian stemming needs PySastrawi: pip install 'kabar[stem]'"
_STEMMABLE = re.compile(r"[a-z]+(?:-[a-z]+)*")


class StemmerUnavailable(RuntimeError):
    """The stemming library is not installed; the message says how to get it."""


@dataclass(frozen=True)
class StemmedIndex(TermIndex):
    """A TermIndex over stems; `stems` maps each surface token to its stem (for spans)."""

    stems: Mapping[str, str] = field(default_factory=dict)


@cache
def _stemmer():
    try:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    except ImportError as exc:
        raise StemmerUnavailable(INSTALL_HINT) from exc
    # The uncached stemmer: we stem each distinct word once, so its cache would only grow.
    factory = StemmerFactory()
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer

    return Stemmer(ArrayDictionary(factory.get_words()))


def available() -> bool:
    try:
        _stemmer()
    except StemmerUnavailable:
        return False
    return True


def stem_word(word: str) -> str:
    if not _STEMMABLE.fullmatch(word):
        return word
    return _stemmer().stem_word(word) or word


def stem_vocab(vocab: pl.Series) -> dict[str, str]:
    """Stem of every distinct word in `vocab` (lower-case tokens); each word stemmed once."""
    stemmer = _stemmer()
    result = {}
    for word in vocab.unique().to_list():
        if word is None:
            continue
        result[word] = (stemmer.stem_word(word) or word) if _STEMMABLE.fullmatch(word) else word
    return result


def stem_index(index: TermIndex, stems: Mapping[str, str]) -> StemmedIndex:
    """The index with every term replaced by stems[term] (unmapped terms kept as they are)."""
    old = index.vocab.with_columns(
        stem=pl.col("term").replace_strict(dict(stems), default=pl.col("term"), return_dtype=pl.String)
    )
    vocab = (
        old.group_by("stem")
        .agg(total=pl.col("total").sum().cast(pl.UInt32))
        .rename({"stem": "term"})
        .sort("term")
        .with_row_index("term_id")
    )
    new_id = old.join(vocab.select("term", new_id="term_id"), left_on="stem", right_on="term", maintain_order="left")[
        "new_id"
    ].cast(pl.UInt32)  # old's row i is term_id i
    parts = [_stemmed(part, new_id) for part in index.parts.parts]
    held = pl.zeros(vocab.height, pl.UInt32, eager=True)
    for part in parts:
        held = held.scatter(part.terms, held.gather(part.terms) + held_by(part.frames.postings(), len(part.terms)))
    return StemmedIndex(
        vocab=vocab.with_columns(docs=held),
        docs=index.docs,
        period_tokens=index.period_tokens,
        period_articles=index.period_articles,
        parts=Parts(parts, index.docs["tokens"]),
        stems=dict(stems),
    )


def _stemmed(part: Part, new_id: pl.Series) -> Part:
    """`part` over the stemmed vocabulary whose id of old term i is new_id[i]: its own ids
    renumbered (several of its terms may become one), its positions sorted again when used."""
    mapped = new_id.gather(part.terms)  # the stemmed id of each of the part's terms
    terms = mapped.unique().sort()
    local = terms.search_sorted(mapped).cast(pl.UInt32)  # the part's new id of each old one
    stream = part.frames.stream().select(term_id=pl.lit(local).gather("term_id"))
    postings = (
        part.frames.postings().select(term_id=pl.lit(local).gather("term_id"), doc="doc", n="n")
        .group_by("term_id", "doc")
        .agg(n=pl.col("n").sum().cast(pl.UInt32))
        .sort("term_id", "doc")
    )
    counted = postings.group_by("term_id").agg(pl.col("n").sum()).sort("term_id")
    totals = pl.zeros(len(terms), pl.UInt32, eager=True).scatter(counted["term_id"], counted["n"].cast(pl.UInt32))
    return Part(terms, totals, part.docs, Frames(stream, postings))


def stemmed_index(index: TermIndex) -> StemmedIndex:
    """Stem the vocabulary of `index` and rebuild it over stems (StemmerUnavailable if absent)."""
    return stem_index(index, stem_vocab(index.vocab["term"]))


def stem_query(query: Query) -> Query:
    """The query with its plain words stemmed, to run against a StemmedIndex.

    Wildcard patterns are kept: they match stems (teror* still finds teror).
    """
    alternatives: list[Alternative] = []
    for alt in query.alternatives:
        stemmed = Alternative(tuple(p if "*" in p else stem_word(p) for p in alt.patterns))
        if stemmed not in alternatives:
            alternatives.append(stemmed)
    return Query(text=query.text, alternatives=tuple(alternatives), topics=query.topics)
