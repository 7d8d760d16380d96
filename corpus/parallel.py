"""Worker processes for pure-Python work over many articles (cleaning, YAKE).

Python code holds the GIL, so threads do not help; processes do. They come from a
`forkserver`: a clean process forked before this one started any threads (polars and
Textual run some, and forking a process with running threads can deadlock the child).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cpus() -> int:
    """CPUs this process may use (at most 8)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        n = os.cpu_count() or 1
    return max(1, min(n, 8))


def forkserver(preload: list[str]) -> multiprocessing.context.BaseContext:
    """The forkserver context, importing `preload` once in the server so that workers fork
    with those modules loaded. The server starts once per process: the first caller's
    preload is the one that holds (workers still import what is missing on first use)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    return context


def map_batches(
    fn: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, batch: int, preload: list[str]
) -> list[R]:
    """fn over `items` in batches of `batch`, results in input order. `fn` must be a module
    function (pickled by name) that does not raise for one bad item.

    The batches go to cpus() - 1 workers and to this process at once: this process works
    while the workers start (~0.2 s) instead of waiting, and a machine with one CPU, or a
    pool that cannot start (no /dev/shm, a sandbox), simply does it all here."""
    batches = [items[i : i + batch] for i in range(0, len(items), batch)]
    helpers = cpus() - 1
    if helpers < 1 or len(batches) < 3:
        return [r for b in batches for r in fn(b)]
    results: list[list[R] | None] = [None] * len(batches)
    pending: dict[Future, int] = {}
    todo = iter(range(len(batches)))
    try:
        pool = ProcessPoolExecutor(helpers, mp_context=forkserver(preload))
    except (OSError, ValueError):
        pool = None
    try:
        for i in todo:
            # keep each worker two batches ahead; take the next one here
            while pool is not None and len(pending) < 2 * helpers:
                pending[pool.submit(fn, batches[i])] = i
                i = next(todo, None)
                if i is None:
                    break
            if i is not None:
                results[i] = fn(batches[i])
            pending = _collect(pending, results, block=False)
        _collect(pending, results, block=True)
    except Exception:  # noqa: BLE001 -- a broken pool: what it did not finish is done below
        pass
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    for i, done in enumerate(results):
        if done is None:
            results[i] = fn(batches[i])
    return [r for done in results for r in done]


def _collect(pending: dict[Future, int], results: list, *, block: bool) -> dict[Future, int]:
    while pending:
        done, _ = wait(pending, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        if not done:
            break
        for future in done:
            results[pending.pop(future)] = future.result()
    return pending
