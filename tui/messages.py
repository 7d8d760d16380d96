"""Messages that cross widgets, as dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.message import Message

from corpus.analysis.compare import Comparison
from corpus.analysis.overview import Overview
from corpus.analysis.query import Query
from corpus.analysis.topics import Topic
from corpus.analysis.trend import Trend
from corpus.index.terms import TermIndex
from corpus.keywords.extraction import Keyword
from corpus.model import Corpus


@dataclass
class CorpusLoaded(Message):
    corpus: Corpus
    index: TermIndex
    topics: dict[str, Topic]
    notices: tuple[str, ...]


@dataclass
class OverviewReady(Message):
    """The empty query's view; counted after the corpus is on screen (seconds at 100,000 articles)."""

    overview: Overview


@dataclass
class CorpusFailed(Message):
    error: str


@dataclass
class ArticleOpened(Message):
    row: int


@dataclass
class ArticleKeywords(Message):
    """The keywords of one opened article, computed ahead of the corpus-wide pass."""

    row: int
    keywords: tuple[Keyword, ...]


@dataclass
class FilterChanged(Message):
    """The filter's result for `text`; comparison is None for an empty or invalid query."""

    text: str
    query: Query | None
    comparison: Comparison | None
    error: str | None
    stems: Mapping[str, str] | None = None  # surface word -> stem, when stemming is on
    trend: Trend | None = None  # each piece of the query over calendar time; None in a pane too short to chart it


@dataclass
class ConcordanceRequested(Message):
    """Show every occurrence of `query` (a term picked in a table, or the filter's query)."""

    query: Query
