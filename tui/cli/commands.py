"""The reading commands of `kabar`: articles, keywords, compare and topics.

Each builds its records (the JSON it shows) and returns them as output.Records, with its CSV
rows and its table (tui/cli/tables.py); its --format option (tui/cli/options.py) prints them.
The corpus package is imported when a command runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from tui.cli import opening
from tui.cli.errors import warn
from tui.cli.options import Command, CorpusOptions, corpus_options, format_option, whole_number_option
from tui.cli.output import Records

if TYPE_CHECKING:
    from corpus.analysis.query import Query
    from corpus.analysis.topics import Topic
    from corpus.index.store import Opened
    from corpus.index.terms import TermIndex
    from corpus.keywords.extraction import Keyword
    from corpus.model import Corpus

DEFAULT_TOP = 10
QUERY_HELP = (
    "Query language: suriah | ukraina (alternatives, also ',' or spaces), teror* (any ending), "
    "\"presiden rusia\" (a phrase), @suriah (a topic: see 'kabar topics')."
)


# --- articles -----------------------------------------------------------------------------

ARTICLE_FIELDS = ("id", "title", "source", "published", "date_basis", "period", "tokens")


def article_records(corpus: Corpus, index: TermIndex) -> list[dict]:
    tokens = index.docs["tokens"].to_list()
    records = []
    columns = corpus.articles.select("id", "title", "source", "published", "date_basis", "period")
    for i, (article_id, title, source, published, basis, period) in enumerate(columns.iter_rows()):
        records.append(
            {
                "id": article_id,
                "title": title,
                "source": source,
                "published": published.isoformat() if published is not None else None,
                "date_basis": basis,
                "period": corpus.periods[period].label if period is not None else None,
                "tokens": int(tokens[i]),
            }
        )
    return records


@click.command(cls=Command, short_help="list the articles")
@format_option
@corpus_options
def articles(options: CorpusOptions) -> Records:
    """List the articles: id, title, source, date (and where it came from), period, tokens."""
    from tui.cli import tables

    opened = opening.open_corpus(options)
    records = article_records(opened.corpus, opened.index)
    return Records(records, ARTICLE_FIELDS, records, lambda width: tables.articles_table(records, width=width))


# --- keywords -----------------------------------------------------------------------------


def keyword_records(opened: Opened, rows: list[int] | None, top: int) -> list[dict]:
    """Keywords of the articles at `rows`, or of every article when None. For a few rows, YAKE
    runs on those articles only (corpus.keywords.pipeline.article_keywords)."""
    from corpus.keywords.pipeline import article_keywords

    corpus = opened.corpus
    keywords: Sequence[tuple[Keyword, ...]] | dict[int, tuple[Keyword, ...]]
    if rows is None:
        rows, keywords = list(range(len(corpus))), opening.corpus_keywords(opened)
    else:
        keywords = {r: article_keywords(corpus.texts.one(r), opened.index, notify=warn) for r in rows}
    ids = corpus.articles["id"]
    return [
        {"id": ids[r], "keywords": [{"phrase": k.phrase, "score": k.score} for k in keywords[r][:top]]}
        for r in rows
    ]


@click.command(cls=Command, short_help="keywords of one article, or of every article")
@click.argument("article_id", metavar="[ID]", required=False)
@whole_number_option("--top", default=DEFAULT_TOP, help=f"keywords per article (default and most: {DEFAULT_TOP})")
@format_option
@corpus_options
def keywords(options: CorpusOptions, article_id: str | None, top: int) -> Records:
    """Keyphrases of each article (ID: one article; default: every article), ranked against
    the whole corpus (lower score is better). The first run computes every article's; they
    are cached."""
    from tui.cli import tables

    opened = opening.open_corpus(options)
    corpus = opened.corpus
    rows = [opening.article_row(corpus, article_id)] if article_id is not None else None
    records = keyword_records(opened, rows, top)
    titles = dict(zip(corpus.articles["id"].to_list(), corpus.articles["title"].to_list(), strict=True))
    return Records(
        records[0] if article_id is not None else records,
        ("id", "rank", "phrase", "score"),
        [
            {"id": r["id"], "rank": rank, "phrase": k["phrase"], "score": k["score"]}
            for r in records
            for rank, k in enumerate(r["keywords"], 1)
        ],
        lambda width: tables.keywords_table(records, titles, width=width),
    )


# --- compare ------------------------------------------------------------------------------

# The CSV of compare: a row per period (row = "period"), then a row per term and period
# (row = "term": the term's count there, with the period's label, dates, articles and tokens).
COMPARE_COLUMNS = ("row", "label", "start", "end", "articles", "tokens", "term", "count", "docs", "per_10k")


def compare_record(corpus: Corpus, index: TermIndex, query: Query) -> dict:
    from corpus.analysis.compare import compare, period_frame, rate_value

    result = compare(corpus, index, query)
    columns = [f"c{i}" for i in range(len(result.periods))]
    return {
        "query": result.query,
        "periods": [
            {**p, "start": p["start"].isoformat(), "end": p["end"].isoformat(), "per_10k": rate_value(p["per_10k"], 2)}
            for p in period_frame(result).iter_rows(named=True)
        ],
        "terms": [
            {"term": row[0], "counts": [int(c) for c in row[1:]]}
            for row in result.terms.select("term", *columns).iter_rows()
        ],
    }


def compare_rows(record: dict) -> list[dict[str, Any]]:
    """The periods, then each term in each period: one table (COMPARE_COLUMNS)."""
    periods = record["periods"]
    rows: list[dict[str, Any]] = [{"row": "period", **p} for p in periods]
    for term in record["terms"]:
        for period, count in zip(periods, term["counts"], strict=True):
            rows.append({
                "row": "term", "label": period["label"], "start": period["start"], "end": period["end"],
                "articles": period["articles"], "tokens": period["tokens"], "term": term["term"], "count": count,
            })
    return rows


@click.command(cls=Command, short_help="how often a query occurs in each period", epilog=QUERY_HELP)
@click.argument("query", nargs=-1, metavar="QUERY...")
@click.option("--terms", is_flag=True,
              help="csv/table: the terms behind the counts (one column per period) instead of periods")
@click.option("--stem", is_flag=True,
              help="count stems: serang finds menyerang, serangan … (needs the kabar[stem] extra)")
@format_option
@corpus_options
def compare(options: CorpusOptions, query: tuple[str, ...], terms: bool, stem: bool) -> Records:
    """Count a query per period: occurrences, articles holding it, rate per 10,000 tokens,
    and the terms behind the counts. With --format csv, a row per period then a row per term
    and period (column `row`: period or term); with --terms, a term per row, a period per
    column."""
    from tui.cli import tables

    corpus, index, parsed = opening.open_for_query(options, "compare", query, stem)
    record = compare_record(corpus, index, parsed)
    table = lambda width: tables.compare_table(record, width=width, terms_only=terms)  # noqa: E731
    if terms:
        labels = [p["label"] for p in record["periods"]]
        return Records(record, ["term", *labels], [[t["term"], *t["counts"]] for t in record["terms"]], table)
    return Records(record, COMPARE_COLUMNS, compare_rows(record), table)


# --- topics -------------------------------------------------------------------------------


def topics_records(corpus: Corpus, index: TermIndex, topics: dict[str, Topic]) -> tuple[dict, dict]:
    """The topics' counts per period, twice: with rates rounded to 2 decimals (JSON and CSV),
    and with rates as computed (the table rounds them once, to 1 decimal)."""
    from corpus.analysis.compare import rate_value
    from corpus.analysis.topics import compare_topics

    frame = compare_topics(corpus, index, topics)
    by_topic: dict[str, list[dict]] = {}
    for row in frame.iter_rows(named=True):
        by_topic.setdefault(row["topic"], []).append(row)

    def record(rate: Callable[[float], float]) -> dict:
        return {
            "periods": [p.label for p in corpus.periods],
            "topics": [
                {
                    "name": topic.name,
                    "label": topic.label,
                    "terms": list(topic.terms),
                    "counts": [int(r["count"]) for r in by_topic.get(name, [])],
                    "docs": [int(r["docs"]) for r in by_topic.get(name, [])],
                    "per_10k": [rate(r["per_10k"]) for r in by_topic.get(name, [])],
                }
                for name, topic in topics.items()
            ],
        }

    return record(lambda value: rate_value(value, 2)), record(float)


@click.command(cls=Command, short_help="every topic's count in each period")
@format_option
@corpus_options
def topics(options: CorpusOptions) -> Records:
    """Count every topic (the bundled ones and yours, see --topics) per period: occurrences,
    articles holding the topic out of the period's, and rate per 10,000 tokens."""
    from tui.cli import tables

    chosen = opening.load_topics(options)
    opened = opening.open_corpus(options)
    record, exact = topics_records(opened.corpus, opened.index, chosen)
    articles = list(opened.index.period_articles)
    rows = [
        {"topic": t["name"], "label": t["label"], "period": label, "count": t["counts"][i], "docs": t["docs"][i],
         "articles": articles[i], "per_10k": t["per_10k"][i]}
        for t in record["topics"]
        for i, label in enumerate(record["periods"])
    ]
    return Records(record, ("topic", "label", "period", "count", "docs", "articles", "per_10k"), rows,
                   lambda width: tables.topics_table(exact, articles, width=width))


READING_COMMANDS = (articles, keywords, compare, topics)
