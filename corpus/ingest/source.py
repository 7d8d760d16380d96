"""What a corpus is read from, before it is interpreted; and the periods an opening chooses.

`Source` holds a corpus's inputs read but not yet decoded, cleaned or inferred (corpus.ingest.load
makes one), with a digest of them (corpus.ingest.digest) for the index cache to key by.
`chooser(...)` is how every kind of corpus picks its periods at each opening: the periods
argument (a periods file, a number of periods to find, or a calendar grain), else a periods
file, else the manifest's [[periods]], else corpus.ingest.periods.default_periods. CorpusError:
the corpus as a whole cannot be opened.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from corpus.ingest.periods import (
    GRAINS,
    PERIODS_FILE,
    PeriodsError,
    auto_periods,
    calendar_periods,
    default_periods,
    read_periods,
)
from corpus.ingest.staging import Staging
from corpus.model import Corpus, Period

_T = TypeVar("_T")

Choose = Callable[[pl.Series], tuple[Period, ...]]  # publication dates -> the periods to view them by


class CorpusError(Exception):
    """The corpus as a whole cannot be opened; the message names what and why."""


@dataclass(frozen=True)
class Source:
    """A corpus's inputs, read but not yet interpreted (no decoding, cleaning or inference)."""

    name: str  # Corpus.name of the corpus it loads
    digest: str  # blake2b over every input byte and loading argument but the periods; "" when not asked for
    _staging: Callable[[], Staging]
    _periods: Choose

    def load(self) -> Corpus:
        """Interpret what was read: the corpus load_corpus() would give. CorpusError as it."""
        return self.staging().load()

    def staging(self) -> Staging:
        """The corpus's units, to be loaded a slice at a time (corpus.ingest.staging); CorpusError
        as load(), from here or from the Staging's steps."""
        try:
            staging = self._staging()
        except OSError as exc:
            raise CorpusError(f"cannot open {self.name}: {exc.strerror or exc}") from exc
        return replace(staging, stage=self._guarded(staging.stage), finish=self._guarded(staging.finish))

    def _guarded(self, step: Callable[..., _T]) -> Callable[..., _T]:
        def guarded(*args: Any) -> _T:
            try:
                return step(*args)
            except OSError as exc:
                raise CorpusError(f"cannot open {self.name}: {exc.strerror or exc}") from exc

        return guarded

    def periods(self, published: pl.Series) -> tuple[Period, ...]:
        """The periods load() gives articles published so (see the module docstring): the
        periods argument, else a periods file or the manifest's, else found in the dates.
        CorpusError when they cannot be used."""
        return self._periods(published)


def periods_beside(table: Path) -> Path | None:
    """The periods file of a table file NAME.csv: NAME.periods.toml, else periods.toml, beside it."""
    for candidate in (table.with_name(f"{table.stem}.{PERIODS_FILE}"), table.with_name(PERIODS_FILE)):
        if candidate.is_file():
            return candidate
    return None


def chooser(spec, periods_file: Path | None, manifest_periods) -> Choose:
    return lambda published: _choose_periods(spec, published, periods_file, manifest_periods)


def _choose_periods(spec, published: pl.Series, periods_file: Path | None, manifest_periods) -> tuple[Period, ...]:
    """The periods `spec` (a number, a grain, a file, or None) names; CorpusError if unusable.
    A plain string that is a grain's name is the grain (a file so named: "./month")."""
    if isinstance(spec, bool) or not isinstance(spec, (int, str, os.PathLike, type(None))):
        raise CorpusError(f"periods must be a periods file, a number of periods or a grain, not {spec!r}")
    if isinstance(spec, int) or (isinstance(spec, str) and spec in GRAINS):
        try:
            return auto_periods(published, spec) if isinstance(spec, int) else calendar_periods(published, spec)
        except PeriodsError as exc:
            raise CorpusError(str(exc)) from exc
    path = Path(spec).expanduser() if spec is not None else periods_file
    if path is not None:  # a periods argument or file
        if not path.exists():  # a folder or a named pipe is there: read_periods says what it is
            raise CorpusError(f"no such periods file: {path}")
        try:
            return read_periods(path)
        except PeriodsError as exc:
            raise CorpusError(f"{path}: {exc}") from exc
    if manifest_periods:
        return manifest_periods
    return default_periods(published)
