"""Opening a corpus ready to use: articles and their token index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus.index import TermIndex, build_index
from corpus.load import load_corpus
from corpus.model import Corpus


@dataclass(frozen=True)
class Opened:
    corpus: Corpus
    index: TermIndex
    notices: tuple[str, ...] = ()  # things worth telling the user, e.g. a cache rebuilt


def open_corpus(
    path: Path | str | None = None,
    *,
    periods: Path | str | int | None = None,
    columns: dict[str, str] | None = None,
) -> Opened:
    corpus = load_corpus(path, periods=periods, columns=columns)
    return Opened(corpus, build_index(corpus))
