"""Advisory file locks between Kabar processes sharing one cache (fcntl.flock).

A lock is a small file beside what it guards. Readers take it shared, a writer replacing or a
cleaner deleting takes it exclusive, so a reader never sees a folder swapped or deleted under
it. Where locking is impossible (no fcntl, as on Windows; a lock file that cannot be created
in a read-only cache), nothing is locked and the caller goes on as without one: every write is
atomic anyway (corpus.disk.atomic), so the worst left is a reader that finds a file gone and reads
the entry as a cache miss.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]  # checked for None before every use


@contextmanager
def locked(path: Path, *, shared: bool = False, wait: bool = True) -> Iterator[bool]:
    """Hold the lock file `path` (created if need be) while the block runs.

    Yields False only when `wait` is False and another process holds the lock (the caller
    should leave the thing alone); True when held, or when locking is impossible here."""
    fd = _acquire(path, shared, wait) if fcntl is not None else None
    if fd == _BUSY:
        yield False
        return
    try:
        yield True
    finally:
        if fd is not None:
            os.close(fd)  # closing the last descriptor releases the lock


_BUSY = -1


def _acquire(path: Path, shared: bool, wait: bool) -> int | None:
    flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None  # a read-only cache, a vanished folder: go on unlocked
        try:
            fcntl.flock(fd, flags)
        except BlockingIOError:
            os.close(fd)
            return _BUSY
        except OSError:  # a file system without flock
            os.close(fd)
            return None
        # A cleaner may have deleted the lock file between our open and our lock; then we hold
        # a lock nobody else will see: take the new file's lock instead.
        try:
            here, now = os.fstat(fd), os.stat(path)
            if (here.st_dev, here.st_ino) == (now.st_dev, now.st_ino):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)
