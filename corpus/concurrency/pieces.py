"""Big columns between polars and Python, a piece at a time, so that other threads keep running.

The loader and the keyword ranking run in worker threads beside the UI's. Two ways of moving a
column of 100,000 articles across froze the screen (benchmarks/keystroke_latency.py):
  * one call over the whole column holds the GIL for as long as it converts: 0.3-1.4 s;
  * many small calls (iter_rows() converts 512 rows a call) starve the other threads: each
    polars call lets go of the GIL and takes it back, and a thread that waits for the GIL asks
    for it only after waiting 5 ms (the switch interval) with no handover in between, which
    calls that frequent never allow. The UI thread waited up to 1.3 s.
So the conversion goes a piece at a time, each a few milliseconds, and a worker thread pauses
for a millisecond between pieces: then a thread waiting for the GIL takes it (a polars call's
own letting go is taken back before the waiting thread wakes up).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import polars as pl

PIECE = 2_000  # values of a column a call: ~5 ms for as many article texts
ROWS = 20_000  # rows of a frame of short values a call (rows()): ~10 ms
PAUSE = 0.001


def _pause() -> None:
    if threading.current_thread() is not threading.main_thread():
        time.sleep(PAUSE)


def to_list(series: pl.Series) -> list:
    """series.to_list()."""
    out: list = []
    for start in range(0, len(series), PIECE):
        out.extend(series.slice(start, PIECE).to_list())
        _pause()
    return out


def rows(frame: pl.DataFrame) -> Iterator[tuple]:
    """frame.iter_rows()."""
    for piece in frame.iter_slices(ROWS):
        yield from piece.rows()
        _pause()
