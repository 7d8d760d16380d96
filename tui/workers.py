"""Background work in one shape, and its failures in one place.

Every worker of the dashboard is a thread started with `background(...)`, by a node that mixes
in `ReportsFailures`. A worker that raises then never ends the app (Textual's default,
`exit_on_error`, would put a traceback in front of the user): its `Worker.StateChanged` reaches
`ReportsFailures.on_worker_state_changed`, which shows one notice saying what failed, appends
the traceback to the log file, and lets the node put itself right (`worker_failed`), so the app
stays usable. Expected trouble (a bad query, an unreadable file) is still handled where it
happens, with its own message; this is for what nobody foresaw.
"""

from __future__ import annotations

import logging
import sys
import traceback
import weakref
from collections.abc import Callable
from contextlib import redirect_stderr
from logging.handlers import RotatingFileHandler
from multiprocessing import resource_tracker
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.worker import Worker, WorkerState

from corpus.paths import log_path
from corpus.visible import one_line

LOG_BYTES = 1_000_000  # the log's size cap (one older file kept); where it is: corpus.paths.log_path

_log = logging.getLogger("kabar")
_log.propagate = False  # never to the terminal the dashboard draws on


def background(description: str, *, group: str, exclusive: bool = True) -> Callable[..., Any]:
    """`@work` for the dashboard: a thread that reports its failure (see the module) instead of
    ending the app. `description` finishes "… failed" in the notice."""
    return work(thread=True, exclusive=exclusive, group=group, description=description, exit_on_error=False)


def log_failure(what: str, error: BaseException) -> Path | None:
    """Append `error`'s traceback to the log file; its path, or None when it cannot be written."""
    path = log_path()
    try:
        if not any(getattr(h, "baseFilename", None) == str(path) for h in _log.handlers):
            for old in list(_log.handlers):  # another cache folder (tests change it): one file at a time
                _log.removeHandler(old)
                old.close()
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=1, encoding="utf-8", delay=True)
            handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
            _log.addHandler(handler)
        lines = "".join(traceback.format_exception(error))
        _log.error("%s failed\n%s", what, lines.rstrip())
        for each in _log.handlers:
            each.flush()
    except OSError:  # an unwritable cache folder: the notice still says what failed
        return None
    return path if path.exists() else None


_told: weakref.WeakKeyDictionary[App[Any], set[str]] = weakref.WeakKeyDictionary()


def report_failure(app: App[Any], worker: Worker[Any]) -> None:
    """The one notice for a failed worker, its traceback logged. The same failure again (the
    filter's count at every key typed) is neither shown nor logged again in this app."""
    error = worker.error
    if error is None:
        return
    message = f"{worker.description} failed: {error.__class__.__name__}: {error}"
    told = _told.setdefault(app, set())
    if message in told:
        return
    told.add(message)
    where = log_failure(worker.description, error)
    if where is not None:
        message += f" (details in {where})"
    app.notify(one_line(message), title="Something went wrong", severity="error", timeout=30, markup=False)


class ReportsFailures:
    """Mixin for every node that starts workers (Worker.StateChanged does not bubble)."""

    app: App[Any]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            report_failure(self.app, event.worker)
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker[Any]) -> None:
        """Put this node right after `worker` failed (nothing by default)."""


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (every process pool needs it) now, on the UI thread.

    It is handed sys.stderr's file descriptor when it starts, and under Textual sys.stderr is a
    capture whose fileno() is -1: a pool started from a worker would fail with "bad value(s) in
    fds_to_keep" (the keyword pool: the app died; the loader's pool: loading went serial). On
    this thread nothing writes to sys.stderr while it is swapped for the real one.
    """
    with redirect_stderr(sys.__stderr__):
        resource_tracker.ensure_running()
