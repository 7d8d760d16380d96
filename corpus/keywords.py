"""Keywords of an article, from YAKE with its Indonesian stopwords.

YAKE scores are "lower is better" and only comparable within one article. YAKE is pure
Python and holds the GIL, so many articles go through a process pool, never threads.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache

import yake

from corpus.stopwords import stopwords

TOP = 10
# yake 0.7 takes snake_case names; camelCase ones from older docs are silently ignored.
# `jaro` at 0.7 actually removes overlapping n-grams, where the default `seqm` rarely fires.
SETTINGS = {"lan": "id", "n": 3, "top": TOP, "dedup_lim": 0.7, "dedup_func": "jaro", "window_size": 1}
# Bump when SETTINGS or the way keywords are chosen changes: cached keywords are keyed by it.
VERSION = 1


@dataclass(frozen=True)
class Keyword:
    phrase: str
    score: float


@cache
def _extractor() -> yake.KeywordExtractor:
    return yake.KeywordExtractor(**SETTINGS, stopwords=set(stopwords()))


def extract(text: str) -> tuple[Keyword, ...]:
    if not text.strip():
        return ()
    return tuple(Keyword(str(p), float(s)) for p, s in _extractor().extract_keywords(text))


def _extract_batch(batch: list[tuple[int, str]]) -> list[tuple[int, tuple[Keyword, ...]]]:
    return [(i, extract(text)) for i, text in batch]


def workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def extract_many(
    items: Iterable[tuple[int, str]], *, processes: int | None = None, batch: int = 16
) -> Iterator[tuple[int, tuple[Keyword, ...]]]:
    """(key, keywords) for each (key, text), in batches as they finish.

    Small jobs run here: starting a pool costs more than a handful of articles.
    """
    items = list(items)
    processes = processes or workers()
    if processes == 1 or len(items) <= batch:
        for key, text in items:
            yield key, extract(text)
        return
    batches = [items[i : i + batch] for i in range(0, len(items), batch)]
    # forkserver: a clean child that has not inherited the parent's threads (Textual runs some).
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        for done in pool.map(_extract_batch, batches):
            yield from done
