"""Keywords of an article: YAKE candidates, filtered per article, re-ranked over the corpus.

Two steps, because YAKE sees one article at a time and cannot know that "Donald Trump" is in
every article of a corpus about Trump:

1. `extract(text)`: YAKE (n <= 3, without its position feature: a news lead names what the
   whole corpus is about) over the text without its dateline. Candidates that a rule of
   corpus.keywords.phrases rejects are dropped (stopword, date word, bare verb, -nya form, cited
   outlet, a window cut out of a longer name), and so is a phrase found only inside a longer
   candidate ("Dingin" of "Perang Dingin"). Score: YAKE's, times LONE for a lone common word
   (a single word the text does not write as a name: "masalah", "resmi" are rarely topics).
   The best CANDIDATES are kept. Per article, so it is cached and runs in a process pool.
2. `rank(candidates_per_doc, texts)`: divides each score by the phrase's specificity to the
   corpus to the power ALPHA, then keeps the TOP best per article, none a sub-phrase of or
   overlapping another. Specificity is the harmonic mean over the phrase's tokens of
   log((N + 1) / df), df the number of texts holding the token: a token in every article
   weighs almost nothing, and the harmonic mean lets it sink the phrase ("rakyat Rusia"). A
   phrase whose every token is in more than COMMON of the texts (3 texts or more) is dropped:
   "Amerika Serikat" says nothing about one article of a corpus on Russia and the US.

Step 2 needs, besides the article's own candidates, only the document frequency of the tokens
of those candidates, which the token index (corpus.index.terms) already holds: one article's keywords
need YAKE on that article only (`article_keywords`), and are the same whether or not the
other articles' keywords were ever computed.

Scores stay "lower is better" at both steps, comparable within one article only.
`keywords_for_corpus(texts, index)` does both for every text, with step 1 cached (corpus.keywords.cache).
"""

from __future__ import annotations

import gc
import itertools
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from corpus.concurrency import pieces
from corpus.keywords.phrases import Occurrences, acceptable, cited_sources, overlaps, prepare, without_fragments
from corpus.concurrency.parallel import cpus, process_pool
from corpus.keywords.stopwords import stopwords
from corpus.index.tokens import WORD, token_stream

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from corpus.index.terms import TermIndex

TOP = 10
CANDIDATES = 40  # kept per article by extract(), for rank() to choose from
LONE = 5.0  # score factor for a lone common word
ALPHA = 2.0  # weight of corpus specificity against the in-article score
COMMON = 0.8  # a phrase whose every token is in more than this share of the texts is no keyword
# YAKE features without "wpos"; YAKE's own deduplication is not used (rank() drops overlaps).
SETTINGS = {"lan": "id", "n": 3, "window_size": 1, "features": ("wrel", "wfreq", "wspread", "wcase")}
# Bump when SETTINGS or the way keywords are chosen changes: cached keywords are keyed by it.
VERSION = 3

_LOWER = re.compile(r"\b[a-z][\w-]*")
CANDIDATE_SCHEMA = {"doc": pl.UInt32, "phrase": pl.String, "score": pl.Float64}
DF_SCHEMA = {"token": pl.String, "df": pl.Int64}


@dataclass(frozen=True, slots=True)
class Keyword:
    phrase: str
    score: float


def extract(text: str) -> tuple[Keyword, ...]:
    """The CANDIDATES best phrases of one article that may be keywords, best first."""
    if not text.strip():
        return ()
    from yake.data import DataCore  # here: yake takes ~0.15 s to import, and most runs never need it

    stop, banned = stopwords(), cited_sources(text)
    prepared = prepare(text)
    occurrences = Occurrences(prepared)
    features = list(SETTINGS["features"])
    config = {"windows_size": SETTINGS["window_size"], "n": SETTINGS["n"]}
    core = DataCore(text=prepared, stopword_set=stop, config=config)
    core.build_single_terms_features(features=features)
    core.build_mult_terms_features(features=features)
    lower = set(_LOWER.findall(text))  # words the text writes in lower case somewhere
    accepted = []  # (words, YAKE candidate, score)
    for cand in (c for c in core.candidates.values() if c.is_valid()):
        words = cand.kw.split()
        key = tuple(cand.unique_kw.split())
        proper = [w.lower() not in lower and any(t[i] in "na" for t in cand.tags) for i, w in enumerate(words)]
        if acceptable(words, proper, stop, banned) and not occurrences.cut_name(key):
            accepted.append((key, cand, cand.h * (LONE if len(key) == 1 and not proper[0] else 1.0)))
    kept = sorted((score, cand.kw) for cand, score in without_fragments(accepted))
    return tuple(Keyword(kw, float(score)) for score, kw in kept[:CANDIDATES])


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
        found.update(dict(zip(counts["term"].to_list(), counts["len"].to_list())))
    return dict(found)


def index_document_frequency(index: TermIndex, terms: pl.Series | None = None) -> pl.DataFrame:
    """document_frequency() from a corpus.index.terms.TermIndex already built over the same texts, as a
    frame (token, df): of `terms` only when given (those not in the corpus have no row). A term's
    postings are one row per document holding it, so its df is the length of its run."""
    vocab = index.vocab if terms is None else index.vocab.filter(pl.col("term").is_in(terms.implode()))
    offsets = index.posting_offsets
    term_id = vocab["term_id"]
    counts = offsets.gather(term_id.cast(pl.Int64) + 1) - offsets.gather(term_id)
    return pl.DataFrame({"token": vocab["term"], "df": counts.cast(pl.Int64)})


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


def article_keywords(
    text: str,
    index: TermIndex,
    *,
    extract_one: Callable[[str], tuple[Keyword, ...]] | None = None,
    notify: Callable[[str], None] | None = None,
) -> tuple[Keyword, ...]:
    """Final keywords of one article of the corpus `index` was built from: its candidates from
    the disk cache, or from `extract_one` (default extract(), here) and then cached; YAKE runs
    on no other article. The result is the one keywords_for_corpus() gives for this text."""
    from corpus.keywords.cache import candidates_of  # corpus.keywords.cache imports this module

    return rank_article(candidates_of(text, extract_one or extract, notify=notify), index)


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


def keywords_for_corpus(
    texts: list[str], index: TermIndex, *, notify: Callable[[str], None] | None = None
) -> list[tuple[Keyword, ...]]:
    """Final keywords of every text of the corpus `index` was built from (in its order):
    candidates from the disk cache (corpus.keywords.cache), then rank_rows() with the index's document
    frequencies. Notices (a rebuilt cache, a cache that cannot be written) go to `notify`;
    without a writable cache the candidates are still computed.
    """
    from corpus.keywords.cache import keywords_for, not_cached  # corpus.keywords.cache imports this module

    candidates: dict[int, tuple[Keyword, ...]] = {}
    try:
        for item in keywords_for(texts):
            if isinstance(item, str):
                if notify:
                    notify(item)
            else:
                candidates[item[0]] = item[1]
    except OSError as exc:
        if notify and (notice := not_cached(exc)):
            notify(notice)
        missing = ((i, t) for i, t in enumerate(texts) if i not in candidates)
        candidates.update(extract_many(missing))
    rows = candidate_rows((i, candidates.get(i, ())) for i in range(len(texts)))
    return rank_rows(rows, len(texts), index.docs.height, df=index_document_frequency(index))


def _extract_batch(batch: list[tuple[int, str]]) -> list[tuple[int, tuple[Keyword, ...]]]:
    return [(i, extract(text)) for i, text in batch]


def _warm() -> None:
    """Import YAKE and load the stopwords (the first extract() pays for both)."""
    extract("Presiden Rusia Vladimir Putin berbicara dengan Presiden Amerika Serikat.")


def article_pool() -> ProcessPoolExecutor:
    """One worker process for the articles a reader opens, one at a time: at normal priority, so
    that it goes before the corpus-wide pass's workers (extract_many, niced), and with YAKE
    warmed up when it starts. Nothing runs until the first submit."""
    return process_pool(1, ["corpus.keywords.extraction", "yake.data"], initializer=_warm)


def _warm_worker() -> None:
    """Pool initializer: import YAKE and load the stopwords once per worker, not per batch.

    YAKE allocates many small objects per article; with the default thresholds the cyclic
    garbage collector runs thousands of times an article. A worker does nothing else, so it
    collects less often and never rescans what it imported (~10% more articles a second).
    Workers run at a lower priority: they fill every core while the dashboard is open, and its
    process must still get a core at once for each key (an idle machine gives them the same).
    """
    os.nice(NICE)
    _warm()
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 20, 20)


NICE = 10  # added to the workers' niceness (_warm_worker)
_POOL_MIN = 48  # fewer texts than this run here: starting workers costs ~0.3 s


def extract_many(
    items: Iterable[tuple[int, str]], *, processes: int | None = None, batch: int | None = None
) -> Iterator[tuple[int, tuple[Keyword, ...]]]:
    """(key, candidates) for each (key, text), as batches finish (not in input order).

    Many texts go to a process pool (YAKE is pure Python and holds the GIL: threads are slower
    than one process): `processes` workers (default parallel.cpus()), each with YAKE imported once,
    fed `batch` texts at a time (default: sized so that progress shows often and the pool
    stays busy) and never more than a few batches ahead, so the texts are not all copied into
    the queue at once. processes=1 runs here, and so do few texts (under _POOL_MIN, or one
    batch) unless `processes` is given. Closing the iterator early cancels what is queued.
    """
    items = list(items)
    few = len(items) <= (batch or 1) if processes else len(items) < _POOL_MIN
    processes = processes or cpus()
    if processes == 1 or few:
        for key, text in items:
            yield key, extract(text)
        return
    if batch is None:
        batch = max(4, min(32, len(items) // (processes * 8)))
    batches = iter([items[i : i + batch] for i in range(0, len(items), batch)])
    # the server imports this module and YAKE once (when it is the first pool of the process),
    # and every worker forks from it; _warm_worker does the rest
    pool = process_pool(processes, ["corpus.keywords.extraction", "yake.data"], initializer=_warm_worker)
    pending: set[Future] = set()
    try:
        for chunk in itertools.islice(batches, 3 * processes):
            pending.add(pool.submit(_extract_batch, chunk))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = next(batches, None)
                if chunk is not None:
                    pending.add(pool.submit(_extract_batch, chunk))
                yield from future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
