"""What the commands ask of the corpus package, with its failures turned into one-line messages:
the corpus and index the options name, the topics, a query, an article's row, every keyword.

The corpus package is imported inside the functions, when a command runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tui.cli.errors import EXIT_CORPUS, PROG, Failure, warn
from tui.cli.options import COLUMN_OPTIONS, CorpusOptions

if TYPE_CHECKING:
    from corpus.analysis.query import Query
    from corpus.analysis.topics import Topic
    from corpus.index.store import Opened
    from corpus.index.terms import TermIndex
    from corpus.keywords.extraction import Keyword
    from corpus.model import Corpus


def open_corpus(options: CorpusOptions, progress: Callable[[int, int], None] | None = None) -> Opened:
    """The corpus and index the options name (corpus.index.store.open_corpus, told of the
    building's `progress`); its problems and the cache's notices are warnings. Failure (exit 1)
    when the corpus cannot be opened."""
    from corpus.index.store import open_corpus as open_and_index
    from corpus.ingest.load import CorpusError
    from corpus.visible import error_line

    path = options.expanded_path
    columns = dict(options.columns) or None
    if columns and path is None:  # the bundled corpus is a folder: say so, as for any folder
        flag = COLUMN_OPTIONS[next(iter(columns))]
        raise Failure(f"cannot open the corpus: {flag} applies to table files given with --corpus", EXIT_CORPUS)
    try:
        opened = open_and_index(path, periods=options.expanded_periods, columns=columns, progress=progress)
    except CorpusError as exc:
        raise Failure(f"cannot open the corpus: {exc}", EXIT_CORPUS) from exc
    except Exception as exc:  # a folder we may not list, a manifest value the loader chokes on
        if os.environ.get("KABAR_DEBUG"):
            raise
        raise Failure(f"cannot open the corpus: {error_line(exc)}", EXIT_CORPUS) from exc
    for problem in opened.corpus.problems:
        warn(problem)
    for notice in opened.notices:
        warn(notice)
    return opened


def article_row(corpus: Corpus, article_id: str) -> int:
    row = corpus.row_of(article_id)
    if row is None:
        raise Failure(f"unknown article id '{article_id}' (see '{PROG} articles')")
    return row


def load_topics(options: CorpusOptions) -> dict[str, Topic]:
    """The bundled topics and the user's (--topics, else the config folder's). Exit 2 when the
    user's file cannot be used."""
    from corpus.analysis.topics import TopicError
    from corpus.analysis.topics import load_topics as load

    try:
        return load(options.expanded_topics)
    except TopicError as exc:
        raise Failure(f"cannot use the topics: {exc}") from exc


def parse_query(options: CorpusOptions, command: str, words: Sequence[str]) -> Query:
    """The query in the command's words; @topics resolved. Failure for a bad or empty one."""
    from corpus.analysis.query import QueryError, parse

    text = " ".join(words)
    example = f"{PROG} {command} 'suriah, ukraina'"
    if not text.strip():
        raise Failure(f"give a query, as in: {example}")
    topics = load_topics(options) if "@" in text or options.topics is not None else None
    try:
        query = parse(text, topics)
    except QueryError as exc:
        shown = text if len(text) <= 60 else text[:59] + "…"
        raise Failure(f"bad query {shown!r}: {exc}") from exc
    if query.is_empty:
        raise Failure(f"give a query, as in: {example}")
    return query


STEM_HINT = "stemming needs PySastrawi: pip install 'kabar[stem]'"


def open_for_query(options: CorpusOptions, command: str, words: Sequence[str],
                   stem: bool) -> tuple[Corpus, TermIndex, Query]:
    """The command's query and the corpus it runs on; with `stem`, the index over stems and
    the query's words stemmed."""
    query = parse_query(options, command, words)
    opened = open_corpus(options)
    if not stem:
        return opened.corpus, opened.index, query
    from corpus.analysis.stem import StemmerUnavailable, stem_query, stemmed_index

    try:
        return opened.corpus, stemmed_index(opened.index), stem_query(query)
    except StemmerUnavailable as exc:
        raise Failure(STEM_HINT) from exc


def corpus_keywords(opened: Opened) -> list[tuple[Keyword, ...]]:
    """The final keywords of every article (candidates cached; ranked with the index's counts)."""
    from corpus.keywords.pipeline import keywords_for_corpus

    return keywords_for_corpus(opened.corpus.texts.column("text").to_list(), opened.index, notify=warn)
