"""`kabar index`: build and cache the index, with a progress bar; with --keywords, also every
article's keyword candidates.

The corpus and its token index come from corpus.index.store.open_corpus (cached there, a segment
at a time: building() draws their progress). That is all the dashboard and the commands need:
What changed reads the index. `kabar keywords` of every article also needs YAKE over every
article, which takes tens of milliseconds an article: --keywords runs it (run_index) in a
process pool (corpus.keywords.pool.extract_many), each result saved to the keyword cache
(corpus.keywords.cache) as it comes, so an interrupted run keeps what it did.

Progress goes to stderr: a bar redrawn in place on a terminal, plain lines every few seconds
otherwise (a log, a pipe). No Textual here: this runs from the shell.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from corpus.visible import one_line

if TYPE_CHECKING:
    from corpus.index.store import Opened

EXIT_OK = 0
EXIT_FAILED = 1
REDRAW = 0.1  # seconds between redraws of the bar on a terminal
LOG_EVERY = 10.0  # seconds between progress lines when stderr is not a terminal


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Count, rate and ETA of a long job, drawn on `stream`.

    `done` counts every article; the rate and ETA count only those computed here (cached ones
    arrive at once and would make the rate a lie)."""

    def __init__(
        self, total: int, stream: TextIO, *, width: int = 28, tty: bool | None = None, label: str = "keywords"
    ) -> None:
        self.total = total
        self.label = label  # what a log line says it counts
        self.stream = stream
        self.width = width
        self.tty = stream.isatty() if tty is None else tty
        self.done = 0
        self.computed = 0
        self.start = time.monotonic()
        self.to_compute: int | None = None  # known once the cached ones are counted
        self.last_draw = 0.0 if self.tty else self.start  # a log gets its first line after LOG_EVERY
        self.drawn = False

    def computing(self, missing: int) -> None:
        """The cached articles are in; `missing` are computed from now on."""
        self.to_compute = missing
        self.start = time.monotonic()

    def advance(self, by: int = 1) -> None:
        self.done += by
        if self.to_compute is not None:
            self.computed += by
        now = time.monotonic()
        if now - self.last_draw >= (REDRAW if self.tty else LOG_EVERY):
            self.draw(now)

    def rate(self, now: float) -> float:
        """Articles computed per second so far."""
        elapsed = now - self.start
        return self.computed / elapsed if elapsed > 0 else 0.0

    def line(self, now: float) -> str:
        share = self.done / self.total if self.total else 1.0
        rate = self.rate(now)
        left = self.total - self.done
        eta = f"ETA {_clock(left / rate)}" if rate > 0 and left else ("done" if not left else "ETA –")
        text = f"{self.done:,}/{self.total:,} {share:4.0%}  {rate:,.1f} articles/s  {eta}"
        if self.tty:
            filled = int(share * self.width)
            text = f"[{'#' * filled}{'.' * (self.width - filled)}] {text}"
        return text

    def draw(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self.last_draw = now
        if self.tty:
            self.stream.write(f"\r\x1b[2K{self.line(now)}")
        else:
            self.stream.write(f"kabar: {self.label} {self.line(now)}\n")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.tty and self.drawn:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()


def building(stream: TextIO | None = None) -> Callable[[int, int], None]:
    """A progress bar for the building of the index (corpus.index.segments.Progress): drawn
    from the first segment on, closed after the last. Nothing is drawn when the index is
    cached whole (it is not built)."""
    out = sys.stderr if stream is None else stream
    bar: Progress | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            print(f"kabar: reading and indexing {total:,} texts", file=out, flush=True)
            bar = Progress(total, out, label="index")
            bar.computing(total)
        bar.advance(done - bar.done)
        if done >= total:
            bar.finish()
            # What follows the last segment takes a while at scale (at a million articles,
            # minutes): said, so that a finished bar followed by silence is not taken for a hang.
            print("kabar: merging the segments and writing the index …", file=out, flush=True)

    return update


def indexed(opened: Opened, stream: TextIO | None = None) -> int:
    """Say that the index of `opened` is ready (on stderr); the exit status, 0."""
    stream = sys.stderr if stream is None else stream
    corpus = opened.corpus
    print(f"kabar: index of {len(corpus):,} articles of {one_line(corpus.name)} ready", file=stream, flush=True)
    return EXIT_OK


def run_index(opened: Opened, *, processes: int | None = None, stream: TextIO | None = None) -> int:
    """Compute (or find cached) the keyword candidates of every article of `opened`, showing
    progress on `stream` (stderr). `processes`: workers of the pool (default: one per CPU).
    Returns the exit status: 0, or 1 when the keyword cache cannot be written.
    KeyboardInterrupt is raised after the bar is closed; what was computed stays cached."""
    from corpus.keywords.cache import keyword_file, keywords_for

    stream = sys.stderr if stream is None else stream
    texts = opened.corpus.texts.column("text").to_list()
    total = len(texts)
    print(f"kabar: keywords of {total:,} articles of {one_line(opened.corpus.name)}", file=stream, flush=True)
    progress = Progress(total, stream)
    started = time.monotonic()
    try:
        for item in keywords_for(texts, processes=processes, on_missing=progress.computing):
            if isinstance(item, str):
                if progress.drawn and progress.tty:
                    stream.write("\n")
                print(f"kabar: warning: {one_line(item)}", file=stream, flush=True)
                continue
            progress.advance()
    except OSError as exc:
        progress.finish()
        print(f"kabar: cannot write the keyword cache {keyword_file().parent}: {exc.strerror or exc}",
              file=stream, flush=True)
        return EXIT_FAILED
    except BaseException:
        progress.finish()
        raise
    progress.finish()
    elapsed = time.monotonic() - started
    fresh = progress.to_compute or 0
    cached = total - fresh
    rate = f" ({fresh / elapsed:,.1f} articles/s)" if fresh and elapsed > 0 else ""
    print(f"kabar: keywords of {total:,} articles ready in {_clock(elapsed)}: {fresh:,} computed{rate}, "
          f"{cached:,} from the cache", file=stream, flush=True)
    return EXIT_OK
