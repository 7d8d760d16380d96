"""Ranking one article's keyword candidates against the corpus.

YAKE sees one article at a time and cannot know that "Donald Trump" is in every article of a
corpus about Trump. `rank(candidates_per_doc, texts)` divides each candidate's score
(corpus.keywords.extraction.extract) by the phrase's specificity to the corpus to the power
ALPHA, then keeps the TOP best per article, none a sub-phrase of or overlapping another.
Specificity is the harmonic mean over the phrase's tokens of log((N + 1) / df), df the number of
texts holding the token: a token in every article weighs almost nothing, and the harmonic mean
lets it sink the phrase ("rakyat Rusia"). A phrase whose every token is in more than COMMON of
the texts (3 texts or more) is dropped: "Amerika Serikat" says nothing about one article of a
corpus on Russia and the US.

Ranking needs, besides the article's own candidates, only the document frequency of the tokens
of those candidates, which the token index (corpus.index.terms) already holds: one article's
keywords need YAKE on that article only (`rank_article`), and are the same whether or not the
other articles' keywords were ever computed. Scores stay "lower is better", comparable within
one article only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import polars as pl

from corpus.concurrency import pieces
from corpus.index.tokens import WORD, token_stream
from corpus.keywords.extraction import Keyword
from corpus.keywords.phrases import overlaps

if TYPE_CHECKING:
    from corpus.index.terms import TermIndex

TOP = 10
ALPHA = 2.0  # weight of corpus specificity against the in-article score
COMMON = 0.8  # a phrase whose every token is in more than this share of the texts is no keyword

CANDIDATE_SCHEMA = pl.Schema({"doc": pl.UInt32, "phrase": pl.String, "score": pl.Float64})
DF_SCHEMA = pl.Schema({"token": pl.String, "df": pl.Int64})


def _tokens(text: pl.Expr) -> pl.Expr:
    """corpus.index.tokens.tokenize, as a polars expression giving a list of tokens."""
    parts = pl.element().str.split("-")
    whole = pl.when(parts.list.n_unique() == 1).then(pl.concat_list(pl.element())).otherwise(parts)
    return text.str.to_lowercase().str.extract_all(WORD).list.eval(whole).list.eval(pl.element().explode())


def document_frequency(texts: list[str], *, chunk: int = 10_000) -> dict[str, int]:
    """In how many of `texts` each token occurs (corpus.index.tokens' tokens), counted in polars by chunks."""
    found: Counter[str] = Counter()
    for start in range(0, len(texts), chunk):
        frame = pl.DataFrame({"text": texts[start : start + chunk]}, schema={"text": pl.String})
        terms = frame.select(term=_tokens(pl.col("text")).list.unique()).explode("term").drop_nulls()
        counts = terms.group_by("term").len()
        found.update(dict(zip(counts["term"].to_list(), counts["len"].to_list(), strict=True)))
    return dict(found)


def index_document_frequency(index: TermIndex, terms: pl.Series | None = None) -> pl.DataFrame:
    """document_frequency() from a corpus.index.terms.TermIndex already built over the same texts, as a
    frame (token, df): of `terms` only when given (those not in the corpus have no row). The
    vocabulary holds it (the articles holding each term, counted when the index is built):
    opening an article never reads the postings."""
    vocab = index.vocab if terms is None else index.vocab.filter(pl.col("term").is_in(terms.implode()))
    return pl.DataFrame({"token": vocab["term"], "df": vocab["docs"].cast(pl.Int64)})


def rank(
    candidates_per_doc: list[tuple[Keyword, ...]], texts: list[str], *, df: Mapping[str, int] | None = None
) -> list[tuple[Keyword, ...]]:
    """The TOP keywords of each article, by in-article score / specificity ** ALPHA over `texts`.

    `df` (token -> number of texts holding it) may be passed when already counted.
    Specificity is computed once per distinct phrase, in polars.
    """
    df = document_frequency(texts) if df is None else df
    counts = pl.DataFrame({"token": list(df), "df": list(df.values())}, schema=DF_SCHEMA)
    rows = candidate_rows(enumerate(candidates_per_doc))
    return rank_rows(rows, len(candidates_per_doc), len(texts), df=counts)


def rank_article(candidates: tuple[Keyword, ...], index: TermIndex) -> tuple[Keyword, ...]:
    """rank() of one article's candidates in the corpus `index` was built from: document
    frequencies of the candidates' tokens only, read from the index."""
    rows = candidate_rows([(0, candidates)])
    terms = token_stream(rows["phrase"])["term"].unique()
    return rank_rows(rows, 1, index.docs.height, df=index_document_frequency(index, terms))[0]


def candidate_rows(candidates: Iterable[tuple[int, tuple[Keyword, ...]]]) -> pl.DataFrame:
    """(doc, candidates) pairs as rank_rows() takes them: doc, phrase, score, best first."""
    docs, phrases, scores = [], [], []
    for doc, cands in candidates:
        for k in cands:
            docs.append(doc)
            phrases.append(k.phrase)
            scores.append(k.score)
    return pl.DataFrame({"doc": docs, "phrase": phrases, "score": scores}, schema=CANDIDATE_SCHEMA)


def rank_rows(rows: pl.DataFrame, docs: int, texts: int, *, df: pl.DataFrame) -> list[tuple[Keyword, ...]]:
    """rank() of candidates given as a frame (candidate_rows(), or corpus.keywords.cache's rows), for
    `docs` articles (doc 0 … docs - 1) of a corpus of `texts`: at 100,000 articles, millions of
    candidates that never become Python objects (building them held the GIL for seconds, and
    every full garbage collection then scanned them all). `df`: (token, df), as
    index_document_frequency() gives; a token without a row counts as in one text."""
    n_docs = max(1, texts)
    idf = ((n_docs + 1) / pl.col("df").fill_null(1).clip(1, n_docs)).log()
    phrases = rows.select(pl.col("phrase").unique()).with_row_index("at")
    weights = (
        token_stream(phrases["phrase"])  # doc: row of `phrases`
        .join(df, left_on="term", right_on="token", how="left", maintain_order="left")
        .group_by("doc", maintain_order=True)
        .agg(
            tokens=pl.col("term"),
            spec=pl.len() / (1 / idf).sum(),
            everywhere=(pl.col("df").fill_null(1) > COMMON * n_docs).all() & (n_docs >= 3),
        )
        .filter(~pl.col("everywhere"))
        .join(phrases, left_on="doc", right_on="at")
        .drop("doc")
    )
    scored = (
        # A phrase without a token, or found everywhere, has no row. Ties keep extract()'s order.
        rows.join(weights, on="phrase", maintain_order="left")
        .with_columns(score=pl.col("score") / pl.col("spec") ** ALPHA)
        .sort("doc", "score", maintain_order=True)
    )
    ranked: list[list[Keyword]] = [[] for _ in range(docs)]
    # The phrases kept so far, by token, of the article being read, and of the articles the
    # first reading left short. Held for every article to the end, these millions of small
    # objects were freed in one go, and freeing holds the GIL: the screen froze for seconds.
    unfilled: dict[int, dict[str, list[tuple[str, ...]]]] = {}

    def take(frame: pl.DataFrame) -> None:
        reading, kept = None, {}
        for doc, phrase, score, tokens in pieces.rows(frame.select("doc", "phrase", "score", "tokens")):
            if doc != reading:  # `scored` is sorted by doc
                if reading is not None and len(ranked[reading]) < TOP:
                    unfilled[reading] = kept
                reading, kept = doc, unfilled.pop(doc, {})
            if len(ranked[doc]) == TOP:
                continue
            words = tuple(tokens)
            if not any(overlaps(words, other) for t in words for other in kept.get(t, ())):
                ranked[doc].append(Keyword(phrase, score))
                for t in words:
                    kept.setdefault(t, []).append(words)
        if reading is not None and len(ranked[reading]) < TOP:
            unfilled[reading] = kept

    # Most articles fill TOP from their first candidates; the rest are read only where needed.
    position = pl.int_range(pl.len()).over("doc")
    take(scored.filter(position < TOP + TOP // 2))
    short = [d for d, found in enumerate(ranked) if len(found) < TOP]
    take(scored.filter(position >= TOP + TOP // 2, pl.col("doc").is_in(short)))
    return [tuple(r) for r in ranked]
