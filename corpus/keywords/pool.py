"""Keyword candidates computed in worker processes (YAKE is pure Python and holds the GIL).

`article_pool()`: one worker for the articles a reader opens, one at a time. `extract_many()`:
the candidates of many texts, over every core (niced workers, NICE), as batches finish.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout

from corpus.concurrency.parallel import cpus, process_pool
from corpus.keywords.extraction import Keyword, extract

# What a worker imports before it forks: this module (and with it extract), and YAKE.
PRELOAD = ["corpus.keywords.pool", "yake.data"]
POLL = 0.05  # seconds between looks at whether the article being extracted is still wanted (extract_in)


class Superseded(Exception):
    """The article's candidates were no longer wanted before they were computed (extract_in)."""


def _extract_batch(batch: list[tuple[int, str]]) -> list[tuple[int, tuple[Keyword, ...]]]:
    return [(i, extract(text)) for i, text in batch]


def _warm() -> None:
    """Import YAKE and load the stopwords (the first extract() pays for both)."""
    extract("Presiden Rusia Vladimir Putin berbicara dengan Presiden Amerika Serikat.")


def article_pool() -> ProcessPoolExecutor:
    """One worker process for the articles a reader opens, one at a time: at normal priority, so
    that it goes before the corpus-wide pass's workers (extract_many, niced), and with YAKE
    warmed up when it starts. Nothing runs until the first submit."""
    return process_pool(1, PRELOAD, initializer=_warm)


def extract_in(pool: ProcessPoolExecutor, text: str, cancelled: Callable[[], bool]) -> tuple[Keyword, ...]:
    """extract(text) in `pool`'s worker (article_pool), looking every POLL seconds whether it is
    still wanted: when `cancelled()`, Superseded. A broken pool raises what it raises."""
    future = pool.submit(extract, text)
    while True:
        try:
            return future.result(timeout=POLL)
        except FutureTimeout:
            if cancelled():
                future.cancel()
                raise Superseded from None


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
    pool = process_pool(processes, PRELOAD, initializer=_warm_worker)
    pending: set[Future] = set()
    try:
        for chunk in itertools.islice(batches, 3 * processes):
            pending.add(pool.submit(_extract_batch, chunk))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                following = next(batches, None)
                if following is not None:
                    pending.add(pool.submit(_extract_batch, following))
                yield from future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
