"""Worker processes for pure-Python work over many articles (dates and datelines, YAKE).

Python code holds the GIL, so threads do not help; processes do. They come from a
`forkserver`: a clean process forked before this one started any threads (polars and
Textual run some, and forking a process with running threads can deadlock the child).
"""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
import time
from collections import deque
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


def process_pool(
    workers: int, preload: list[str], initializer: Callable[[], None] | None = None
) -> ProcessPoolExecutor:
    """A pool of `workers` processes from the forkserver (see `forkserver`) that end when this
    process ends, however it ends.

    A worker never sees its queue close: it holds both ends of the pipe it reads tasks from,
    and with them the forkserver's "a client is alive" pipe, so after a SIGKILL of this process
    the workers, the forkserver and the resource tracker lived on, and held its stdout open
    (a pipeline reading it never saw its end). Each worker now watches this process and exits
    when it is gone; the forkserver and the tracker then see their pipes close and exit too."""
    return ProcessPoolExecutor(
        workers, mp_context=forkserver(preload), initializer=_start_worker, initargs=(os.getpid(), initializer)
    )


def _start_worker(owner: int, initializer: Callable[[], None] | None) -> None:
    threading.Thread(target=_exit_with, args=(owner,), name="exit-with-owner", daemon=True).start()
    if initializer is not None:
        initializer()


def _exit_with(owner: int) -> None:
    """Wait for process `owner` to end, then end this process at once."""
    try:
        pidfd = os.pidfd_open(owner)  # Linux: readable when the process has ended
    except (AttributeError, OSError):
        pidfd = None
    if pidfd is not None:
        select.select([pidfd], [], [])
    else:
        while os.getppid() != 1 and _alive(owner):
            time.sleep(0.5)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process took the number: ours is gone
        return False
    return True


def map_batches(
    fn: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, batch: int, preload: list[str]
) -> list[R]:
    """fn over `items` in batches of `batch`, results in input order. `fn` must be a module
    function (pickled by name) that does not raise for one bad item.

    The batches go to cpus() - 1 worker processes and to this process at once, each taking
    the next batch when it is free. Starting the workers takes ~0.3 s, so a thread does it
    while this process works, and they take batches only once they are up: a small job is
    done here before they are, and so is all of it on one CPU, or when the pool cannot start
    or breaks (no /dev/shm, a sandbox)."""
    batches = [items[i : i + batch] for i in range(0, len(items), batch)]
    helpers = cpus() - 1
    if helpers < 1 or len(batches) < 3:
        return [r for b in batches for r in fn(b)]
    results: list[list[R] | None] = [None] * len(batches)
    todo = deque(range(len(batches)))  # popleft is atomic: both sides take from it
    feeder = threading.Thread(target=_feed, args=(fn, batches, results, todo, helpers, preload), daemon=True)
    feeder.start()
    while todo:
        try:
            i = todo.popleft()
        except IndexError:  # the feeder took the last one
            break
        results[i] = fn(batches[i])
    # Wait for the feeder even when this process did every batch: left starting its pool as
    # kabar exits, it leaks the pool's semaphore and the resource tracker warns on stderr.
    feeder.join()
    out: list[R] = []
    for i, done in enumerate(results):
        if done is None:  # the pool failed on it
            done = fn(batches[i])
        out.extend(done)
    return out


def _feed(fn, batches, results: list, todo: deque, helpers: int, preload: list[str]) -> None:
    """Keep `helpers` worker processes two batches ahead until `todo` is empty."""
    pool = None
    try:
        pool = process_pool(helpers, preload)
        pool.submit(os.getpid).result()  # up and running: only now take batches
        pending: dict[Future, int] = {}
        while True:
            while len(pending) < 2 * helpers and todo:
                try:
                    i = todo.popleft()
                except IndexError:
                    break
                pending[pool.submit(fn, batches[i])] = i
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                results[pending.pop(future)] = future.result()
    except Exception:  # noqa: BLE001 -- a pool that cannot start or broke: the caller does the rest
        return
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
