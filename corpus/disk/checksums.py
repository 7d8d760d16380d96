"""CRC-32 checksums of cache files, a CHUNK at a time (two threads can verify one big file), and
the error for a cache file found damaged after its folder was opened.

A garbled Parquet page or Arrow buffer can read back as wrong numbers without an error, so
every cache file is summed when written and verified when read (corpus.index.entry, and the
segments' texts: corpus.index.segments).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 25


class DamagedCache(Exception):
    """A cache file read after its folder was opened is damaged. The message says so, and that
    the cache is built again at the next opening (the finder has made sure it will be)."""


def damaged(why: object, manifest: Path) -> DamagedCache:
    """The error for a cache file found damaged (`why`: which, or what failed), once its
    folder's `manifest` is gone: the next opening builds the folder again."""
    manifest.unlink(missing_ok=True)
    return DamagedCache(f"the index cache is damaged ({why}); it is built again at the next opening")


def checker(crcs: list[int], name: str, manifest: Path) -> Callable[[BinaryIO], None]:
    """A check of an opened cache file before its first read: its checksums are `crcs`, or
    it is `damaged` ("NAME is damaged")."""

    def check(file: BinaryIO) -> None:
        if open_crcs(file.fileno()) != crcs:
            raise damaged(f"{name} is damaged", manifest)

    return check


def crc32(path: Path, start: int) -> int:
    """CRC-32 of CHUNK bytes of `path` from `start` (zlib releases the GIL while it sums)."""
    with open(path, "rb") as f:
        return crc32_of(f.fileno(), start)


def crc32_of(fd: int, start: int) -> int:
    """crc32() of an open file (read at offsets: its position is left as it is)."""
    crc, at, end = 0, start, start + CHUNK
    while at < end and (block := os.pread(fd, min(end - at, 1 << 22), at)):
        crc = zlib.crc32(block, crc)
        at += len(block)
    return crc


def file_crcs(path: Path) -> list[int]:
    """The checksums of `path`, a CHUNK each."""
    return [crc32(path, start) for start in range(0, path.stat().st_size, CHUNK)]


def open_crcs(fd: int) -> list[int]:
    """file_crcs() of an open file."""
    return [crc32_of(fd, start) for start in range(0, os.fstat(fd).st_size, CHUNK)]
