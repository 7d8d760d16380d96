"""The analysis commands of `kabar`: compare, topics, keyness, kwic, changes and index.

tui/cli/main.py parses the arguments and dispatches here (importing this module only when one of
these commands runs); the conventions are cli.py's: a Failure is one line on stderr, exit 2
for bad input, 1 when the corpus cannot be opened; tables come from tui/cli/output.py.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from tui.cli.main import (
    EXIT_CORPUS,
    EXIT_OK,
    PROG,
    Failure,
    _width,
    _write,
    corpus_keywords,
    open_args,
)

if TYPE_CHECKING:
    from corpus.index.terms import TermIndex
    from corpus.model import Corpus
    from corpus.analysis.query import Query
    from corpus.index.store import Opened
    from corpus.analysis.topics import Topic

KEYNESS_TOP = 20  # terms in a keyness table unless --top says otherwise
CHANGES_TOP = 10  # phrases per list in a changes table unless --top says otherwise


# --- queries and topics -------------------------------------------------------------------


def load_topics_args(args: argparse.Namespace) -> dict[str, Topic]:
    """The bundled topics and the user's (--topics, else the config folder's). Exit 2 when the
    user's file cannot be used."""
    from corpus.analysis.topics import TopicError, load_topics

    try:
        return load_topics(args.topics.expanduser() if args.topics is not None else None)
    except TopicError as exc:
        raise Failure(f"cannot use the topics: {exc}") from exc


def parse_query(args: argparse.Namespace, words: list[str]) -> Query:
    """The query in the command's words; @topics resolved. Failure for a bad or empty one."""
    from corpus.analysis.query import QueryError, parse

    text = " ".join(words)
    example = f"{PROG} {args.command} 'suriah, ukraina'"
    if not text.strip():
        raise Failure(f"give a query, as in: {example}")
    topics = load_topics_args(args) if "@" in text or args.topics is not None else None
    try:
        query = parse(text, topics)
    except QueryError as exc:
        shown = text if len(text) <= 60 else text[:59] + "…"
        raise Failure(f"bad query {shown!r}: {exc}") from exc
    if query.is_empty:
        raise Failure(f"give a query, as in: {example}")
    return query


STEM_HINT = "stemming needs PySastrawi: pip install 'kabar[stem]'"


def queried(args: argparse.Namespace) -> tuple[Corpus, TermIndex, Query]:
    """The command's query and the corpus it runs on; with --stem, the index over stems and
    the query's words stemmed."""
    query = parse_query(args, args.query)
    opened = open_args(args)
    if not args.stem:
        return opened.corpus, opened.index, query
    from corpus.analysis.stem import StemmerUnavailable, stem_query, stemmed_index

    try:
        return opened.corpus, stemmed_index(opened.index), stem_query(query)
    except StemmerUnavailable as exc:
        raise Failure(STEM_HINT) from exc


# --- compare ------------------------------------------------------------------------------


def compare_record(corpus: Corpus, index: TermIndex, query: Query) -> dict:
    from corpus.analysis.compare import compare, rate_value

    result = compare(corpus, index, query)
    columns = [f"c{i}" for i in range(len(result.periods))]
    return {
        "query": result.query,
        "periods": [
            {
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "articles": p.articles,
                "tokens": p.tokens,
                "count": p.count,
                "docs": p.docs,
                "per_10k": rate_value(p.per_10k, 2),
            }
            for p in result.periods
        ],
        "terms": [
            {"term": row[0], "counts": [int(c) for c in row[1:]]}
            for row in result.terms.select("term", *columns).iter_rows()
        ],
    }


def cmd_compare(args: argparse.Namespace) -> int:
    from tui.cli import output

    corpus, index, query = queried(args)
    record = compare_record(corpus, index, query)
    if args.format == "json":
        _write(output.to_json(record))
    elif args.format == "csv" and args.terms:
        labels = [p["label"] for p in record["periods"]]
        rows = [[t["term"], *t["counts"]] for t in record["terms"]]
        _write(output.to_csv(["term", *labels], rows))
    elif args.format == "csv":
        fields = ("label", "start", "end", "articles", "tokens", "count", "docs", "per_10k")
        _write(output.to_csv(fields, [[p[f] for f in fields] for p in record["periods"]]))
    else:
        _write(output.compare_table(record, width=_width(), terms_only=args.terms))
    return EXIT_OK


# --- topics -------------------------------------------------------------------------------


def topics_record(corpus: Corpus, index: TermIndex, topics: dict[str, Topic]) -> dict:
    from corpus.analysis.compare import rate_value
    from corpus.analysis.topics import compare_topics

    frame = compare_topics(corpus, index, topics)
    by_topic: dict[str, list[dict]] = {}
    for row in frame.iter_rows(named=True):
        by_topic.setdefault(row["topic"], []).append(row)
    return {
        "periods": [p.label for p in corpus.periods],
        "topics": [
            {
                "name": topic.name,
                "label": topic.label,
                "terms": list(topic.terms),
                "counts": [int(r["count"]) for r in by_topic.get(name, [])],
                "docs": [int(r["docs"]) for r in by_topic.get(name, [])],
                "per_10k": [rate_value(r["per_10k"], 2) for r in by_topic.get(name, [])],
            }
            for name, topic in topics.items()
        ],
    }


def cmd_topics(args: argparse.Namespace) -> int:
    from tui.cli import output

    topics = load_topics_args(args)
    opened = open_args(args)
    record = topics_record(opened.corpus, opened.index, topics)
    articles = list(opened.index.period_articles)
    if args.format == "json":
        _write(output.to_json(record))
    elif args.format == "csv":
        rows = [
            (t["name"], t["label"], label, t["counts"][i], t["docs"][i], articles[i], t["per_10k"][i])
            for t in record["topics"]
            for i, label in enumerate(record["periods"])
        ]
        _write(output.to_csv(("topic", "label", "period", "count", "docs", "articles", "per_10k"), rows))
    else:
        _write(output.topics_table(record, articles, width=_width()))
    return EXIT_OK


# --- keyness ------------------------------------------------------------------------------

_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")


def _normal(label: str) -> str:
    """A period label as compared: case folded, spaces collapsed, any dash an unspaced '–'."""
    return _DASHES.sub("–", " ".join(label.casefold().split()))


def resolve_period(corpus: Corpus, text: str) -> int:
    """The period `text` names: its label (any case), its number from 1, or a part of a label
    that starts at a word and fits one period only ("nov 2016", "2018", "feb")."""
    labels = [p.label for p in corpus.periods]
    if not labels:
        raise Failure("the corpus has no periods (give some with --periods)")
    wanted = _normal(text)
    normal = [_normal(label) for label in labels]
    if wanted in normal:
        return normal.index(wanted)
    if wanted.isdigit() and 1 <= int(wanted) <= len(labels):
        return int(wanted) - 1
    at_word = re.compile(r"(?<![^\W_])" + re.escape(wanted)) if wanted else None
    found = [i for i, label in enumerate(normal) if at_word and at_word.search(label)]
    if len(found) == 1:
        return found[0]
    if found:
        raise Failure(f"period {text!r} could be {' or '.join(labels[i] for i in found)}: say which")
    raise Failure(
        f"unknown period {text!r}; the periods are {', '.join(labels)} (or 1 to {len(labels)})"
    )


def keyness_record(corpus: Corpus, index: TermIndex, target: int, reference: int | None,
                   min_count: int) -> dict:
    """keyness() with the reference named as the JSON says, and per term the number of target
    articles holding it (target_docs, for the table's caution)."""
    import polars as pl

    from corpus.analysis.keyness import keyness

    result = keyness(corpus, index, target, reference, min_count=min_count)
    docs = (
        index.postings.filter(pl.col("period") == target)
        .group_by("term_id")
        .agg(target_docs=pl.len())
        .join(index.vocab.select("term_id", "term"), on="term_id")
        .select("term", "target_docs")
    )
    terms = result.terms.join(docs, on="term", how="left", maintain_order="left")
    return {
        "target": result.target,
        "reference": result.reference,
        "target_tokens": result.target_tokens,
        "reference_tokens": result.reference_tokens,
        "min_count": result.min_count,
        "terms": [
            {
                "term": term,
                "target_count": int(a),
                "reference_count": int(b),
                "g2": g2,
                "log_ratio": lr,
                "target_docs": int(n or 0),
            }
            for term, a, b, g2, lr, n in terms.iter_rows()
        ],
    }


KEYNESS_FIELDS = ("term", "target_count", "reference_count", "g2", "log_ratio")


def _rounded(term: dict) -> dict:
    """A term for JSON and CSV: G² and log ratio to 3 decimals."""
    return {f: round(term[f], 3) if f in ("g2", "log_ratio") else term[f] for f in KEYNESS_FIELDS}


def cmd_keyness(args: argparse.Namespace) -> int:
    from tui.cli import output

    opened = open_args(args)
    corpus = opened.corpus
    target = resolve_period(corpus, args.period)
    reference = resolve_period(corpus, args.vs) if args.vs is not None else None
    if reference == target:
        raise Failure(f"compare {corpus.periods[target].label} with another period, not with itself")
    if reference is None and len(corpus.periods) < 2:
        raise Failure(f"{corpus.periods[target].label} is the only period: there is no rest to compare with")
    record = keyness_record(corpus, opened.index, target, reference, args.min)
    terms = record["terms"] if args.top is None else record["terms"][: args.top]
    if args.format == "json":
        _write(output.to_json({
            "target": record["target"],
            "reference": record["reference"],
            "terms": [_rounded({f: t[f] for f in KEYNESS_FIELDS}) for t in terms],
        }))
    elif args.format == "csv":
        _write(output.to_csv(KEYNESS_FIELDS, [list(_rounded(t).values()) for t in terms]))
    else:
        top = args.top if args.top is not None else KEYNESS_TOP
        _write(output.keyness_table(record, width=_width(), top=top))
    return EXIT_OK


# --- concordance --------------------------------------------------------------------------

KWIC_FIELDS = ("article_id", "period", "left", "match", "right")


def kwic_record(corpus: Corpus, index: TermIndex, query: Query, *, width: int, sort: str,
                limit: int | None) -> dict:
    from corpus.analysis.kwic import kwic

    frame = kwic(corpus, index, query, width=width, sort=sort, limit=limit)
    return {
        "query": query.text,
        "lines": [
            {
                "article_id": article_id,
                "period": label if period is not None else None,
                "left": left,
                "match": match,
                "right": right,
            }
            for article_id, period, label, left, match, right in frame.select(
                "article_id", "period", "period_label", "left", "match", "right"
            ).iter_rows()
        ],
    }


def cmd_kwic(args: argparse.Namespace) -> int:
    from tui.cli import output

    corpus, index, query = queried(args)
    record = kwic_record(corpus, index, query, width=args.width, sort=args.sort, limit=args.limit)
    if args.format == "json":
        _write(output.to_json(record))
    elif args.format == "csv":
        _write(output.to_csv(KWIC_FIELDS, [[line[f] for f in KWIC_FIELDS] for line in record["lines"]]))
    else:
        _write(output.kwic_table(record, width=_width()))
    return EXIT_OK


# --- what changed -------------------------------------------------------------------------

CHANGES = ("new", "vanished", "persistent")


def changes_records(opened: Opened, top: int | None) -> list[dict]:
    from corpus.analysis.changes import what_changed

    corpus = opened.corpus
    labels = [p.label for p in corpus.periods]
    return [
        {
            "label": c.label,
            "previous": labels[c.previous] if c.previous is not None else None,
            "articles": c.articles,
            "phrases": list(c.phrases[:top]),
            "new": list(c.new[:top]),
            "vanished": list(c.vanished[:top]),
            "persistent": list(c.persistent[:top]),
        }
        for c in what_changed(corpus, corpus_keywords(opened))
    ]


def cmd_changes(args: argparse.Namespace) -> int:
    from tui.cli import output

    opened = open_args(args)
    if args.format == "table":
        records = changes_records(opened, None)
        _write(output.changes_table(records, width=_width(), top=args.top or CHANGES_TOP))
        return EXIT_OK
    records = changes_records(opened, args.top)
    if args.format == "json":
        _write(output.to_json(records))
    else:
        rows = [
            (r["label"], r["previous"], change, rank, phrase)
            for r in records
            for change in CHANGES
            for rank, phrase in enumerate(r[change], 1)
        ]
        _write(output.to_csv(("period", "previous", "change", "rank", "phrase"), rows))
    return EXIT_OK


# --- index --------------------------------------------------------------------------------


def cmd_index(args: argparse.Namespace) -> int:
    try:
        from tui.cli.indexing import run_index
    except ModuleNotFoundError as exc:
        if exc.name != "tui.cli.indexing":
            raise
        raise Failure(f"'{PROG} index' is not available in this version", EXIT_CORPUS) from exc
    return run_index(open_args(args), processes=args.processes)
