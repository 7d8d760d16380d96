"""The keyword pipeline: candidates (corpus.keywords.extraction, in worker processes:
corpus.keywords.pool), cached on disk (corpus.keywords.cache), ranked against the corpus
(corpus.keywords.ranking). Two drivers:

* one article: `article_keywords(text, index)`, YAKE on that article only (when not cached);
* the whole corpus: `keywords_for_corpus(texts, index)`, and its long-running form for the
  dashboard, `corpus_keywords(...)`, which reports progress, can be cancelled, and hands over
  its frames of candidates without making a Python object per candidate.

Both give an article the same keywords.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import closing
from typing import TYPE_CHECKING

import polars as pl

from corpus.keywords.cache import cached_rows, candidates_of, keywords_for, not_cached, text_hashes
from corpus.keywords.extraction import Keyword, extract
from corpus.keywords.pool import extract_many
from corpus.keywords.ranking import candidate_rows, index_document_frequency, rank_article, rank_rows

if TYPE_CHECKING:
    from corpus.index.terms import TermIndex

FRESH_BATCH = 256  # newly computed articles per progress report (and per frame of candidates)


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
    return rank_article(candidates_of(text, extract_one or extract, notify=notify), index)


def keywords_for_corpus(
    texts: list[str], index: TermIndex, *, notify: Callable[[str], None] | None = None
) -> list[tuple[Keyword, ...]]:
    """Final keywords of every text of the corpus `index` was built from (in its order):
    candidates from the disk cache (corpus.keywords.cache), then rank_rows() with the index's document
    frequencies. Notices (a rebuilt cache, a cache that cannot be written) go to `notify`;
    without a writable cache the candidates are still computed.
    """
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


def corpus_keywords(
    texts: list[str],
    index: TermIndex,
    *,
    notify: Callable[[str], None],
    progress: Callable[[int, int], object],
    cancelled: Callable[[], bool],
) -> list[tuple[Keyword, ...]] | None:
    """keywords_for_corpus() for the dashboard's corpus-wide pass: the cached candidates as one
    frame (millions of candidates at 100,000 articles, no Python object each), the rest from the
    process pool; `progress(done, total)` after the cache lookup and every FRESH_BATCH articles;
    None as soon as `cancelled()` (what is done stays cached). Notices (a rebuilt or unwritable
    cache) go to `notify`: an unwritable cache costs the cache, not the keywords."""
    total = len(texts)
    hashes = text_hashes(texts)
    cached, missing = cached_rows(hashes)
    progress(total - len(missing), total)
    parts, fresh, done = [cached], [], set()
    try:
        # Also when none is missing: it merges the cache files an interrupted run left.
        items = keywords_for([texts[i] for i in missing], hashes=[hashes[i] for i in missing])
        with closing(items):
            for item in items:
                if cancelled():
                    return None
                if isinstance(item, str):
                    notify(item)
                    continue
                fresh.append((missing[item[0]], item[1]))
                done.add(missing[item[0]])
                if len(fresh) == FRESH_BATCH:  # into a frame: few Python objects held at once
                    parts.append(candidate_rows(fresh))
                    fresh = []
                    progress(total - len(missing) + len(done), total)
    except OSError as exc:
        if notice := not_cached(exc):
            notify(notice)
        fresh.extend(extract_many((i, texts[i]) for i in missing if i not in done))
    parts.append(candidate_rows(fresh))
    # Ranking makes ten Keyword objects an article, kept for good: a million at 100,000
    # articles. Each full garbage collection (the UI thread's too) would scan them all while
    # they pile up, ever longer (stalls of 0.3 s to 1.3 s); they are made with collection off,
    # then frozen: never scanned again. What the UI left as cyclic garbage meanwhile stays.
    gc.disable()
    try:
        return rank_rows(pl.concat(parts), total, total, df=index_document_frequency(index))
    finally:
        gc.freeze()
        gc.enable()
