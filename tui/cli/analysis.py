"""The analysis commands of `kabar`: keyness, kwic, changes and index.

As in tui/cli/commands.py, each builds its records and returns them as output.Records (index
prints its progress instead, and returns its exit status). The corpus package is imported when
a command runs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from tui.cli import opening
from tui.cli.commands import QUERY_HELP
from tui.cli.errors import EXIT_CORPUS, PROG, Failure
from tui.cli.options import Command, CorpusOptions, corpus_options, format_option, whole_number_option
from tui.cli.output import Records

if TYPE_CHECKING:
    from corpus.analysis.kwic import Sort
    from corpus.analysis.query import Query
    from corpus.index.store import Opened
    from corpus.index.terms import TermIndex
    from corpus.model import Corpus

KEYNESS_TOP = 20  # terms in a keyness table unless --top says otherwise
CHANGES_TOP = 10  # phrases per list in a changes table unless --top says otherwise


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
                   min_count: int, *, bonferroni: bool = False, direction: str = "both") -> dict:
    """keyness() with the reference named as the JSON says; per term the articles holding it on
    each side (target_docs, reference_docs, for the table's caution) and its p band (p: 0.05,
    0.01, 0.001, 0.0001 or None), Bonferroni-corrected for the terms tested if asked.
    `direction`: "more", "less" or "both" (which terms to keep)."""
    import polars as pl

    from corpus.analysis.keyness import LEVELS, critical_value, keyness, p_level

    result = keyness(corpus, index, target, reference, min_count=min_count)
    tests = result.tested if bonferroni else 1
    others = [reference] if reference is not None else [i for i in range(len(corpus.periods)) if i != target]
    period = pl.col("period")
    docs = (
        index.postings.filter(period.is_in([target, *others]))
        .group_by("term_id")
        .agg(target_docs=(period == target).sum(), reference_docs=(period != target).sum())
        .join(index.vocab.select("term_id", "term"), on="term_id")
        .select("term", "target_docs", "reference_docs")
    )
    terms = result.terms
    if direction != "both":
        terms = terms.filter(pl.col("direction") == direction)
    terms = terms.join(docs, on="term", how="left", maintain_order="left")
    return {
        "target": result.target,
        "reference": result.reference,
        "target_tokens": result.target_tokens,
        "reference_tokens": result.reference_tokens,
        "min_count": result.min_count,
        "tested": result.tested,
        "bonferroni": bonferroni,
        "critical_values": {str(alpha): round(critical_value(alpha, tests), 2) for alpha in LEVELS},
        "more": int((result.terms["direction"] == "more").sum()),
        "less": int((result.terms["direction"] == "less").sum()),
        "terms": [
            {
                "term": term,
                "direction": way,
                "target_count": int(a),
                "reference_count": int(b),
                "g2": g2,
                "log_ratio": lr,
                "p": p_level(g2, tests),
                "target_docs": int(n or 0),
                "reference_docs": int(m or 0),
            }
            for term, a, b, g2, lr, way, n, m in terms.select(
                "term", "target_count", "reference_count", "g2", "log_ratio", "direction",
                "target_docs", "reference_docs",
            ).iter_rows()
        ],
    }


KEYNESS_FIELDS = ("term", "direction", "target_count", "reference_count", "g2", "log_ratio", "p")


def _rounded(term: dict, p_field: str = "p") -> dict:
    """A term for JSON and CSV: G² and log ratio to 3 decimals, p as its band ("<0.05") or ""."""
    out = {f: round(term[f], 3) if f in ("g2", "log_ratio") else term[f] for f in KEYNESS_FIELDS}
    del out["p"]
    out[p_field] = f"<{term['p']}" if term["p"] is not None else ""
    return out


def _top_each_way(terms: list[dict], top: int | None) -> list[dict]:
    """The first `top` terms of each direction (the list holds "more" first, then "less")."""
    if top is None:
        return terms
    return [t for way in ("more", "less") for t in [t for t in terms if t["direction"] == way][:top]]


@click.command(cls=Command, short_help="terms distinctive of one period, both ends")
@click.argument("period", metavar="PERIOD")
@click.option("--vs", metavar="PERIOD", help="compare with this period (default: all the others)")
@whole_number_option("--min", "min_count", default=3,
                     help="only terms found at least N times on the side where they are more frequent "
                          "(default 3)")
@whole_number_option("--top", default=None,
                     help="show the N most distinctive each way (default: 20 in a table, all in csv/json)")
@click.option("--direction", type=click.Choice(("both", "more", "less")), default="both",
              help="terms more frequent in PERIOD, less frequent, or both (default)")
@click.option("--bonferroni", is_flag=True,
              help="significance corrected for the number of terms tested (alpha / m)")
@format_option
@corpus_options
def keyness(options: CorpusOptions, period: str, vs: str | None, min_count: int,
            top: int | None, direction: str, bonferroni: bool) -> Records:
    """Terms used more in one period than in the rest of the corpus (or in the period given
    with --vs), then those used less, by G² (log-likelihood: how sure; p from chi-square with
    1 degree of freedom) and log ratio (how much: +1 = twice as frequent, −1 = half). Terms
    whose counts show no difference are not listed. PERIOD: a label, a part of one that names
    one period ('nov 2016', '2018'), or its number (1 = the first). See docs/statistics.md."""
    from tui.cli import tables

    opened = opening.open_corpus(options)
    corpus = opened.corpus
    target = resolve_period(corpus, period)
    reference = resolve_period(corpus, vs) if vs is not None else None
    if reference == target:
        raise Failure(f"compare {corpus.periods[target].label} with another period, not with itself")
    if reference is None and len(corpus.periods) < 2:
        raise Failure(f"{corpus.periods[target].label} is the only period: there is no rest to compare with")
    record = keyness_record(corpus, opened.index, target, reference, min_count, bonferroni=bonferroni,
                            direction=direction)
    p_field = "p_bonferroni" if bonferroni else "p"
    terms = [_rounded(t, p_field) for t in _top_each_way(record["terms"], top)]
    head = ("target", "reference", "target_tokens", "reference_tokens", "min_count", "tested", "bonferroni",
            "critical_values")
    return Records(
        {**{k: record[k] for k in head}, "terms": terms},
        (*KEYNESS_FIELDS[:-1], p_field),
        terms,
        lambda width: tables.keyness_table(record, width=width, top=top if top is not None else KEYNESS_TOP),
    )


# --- concordance --------------------------------------------------------------------------

KWIC_FIELDS = ("article_id", "period", "left", "match", "right")


def kwic_record(corpus: Corpus, index: TermIndex, query: Query, *, width: int, sort: Sort,
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


@click.command(cls=Command, short_help="every occurrence of a query, in context", epilog=QUERY_HELP)
@click.argument("query", nargs=-1, metavar="QUERY...")
@whole_number_option("--width", default=40,
                     help="characters of context on each side (default 40; a table cuts to the terminal)")
@click.option("--sort", type=click.Choice(("position", "left", "right")), default="position",
              help="within a period: reading order (default), or by the word before/after the match")
@whole_number_option("--limit", default=None, help="at most N lines")
@click.option("--stem", is_flag=True, help="match stems, as compare --stem")
@format_option
@corpus_options
def kwic(options: CorpusOptions, query: tuple[str, ...], width: int, sort: Sort, limit: int | None,
         stem: bool) -> Records:
    """Concordance: one line per occurrence that 'kabar compare' counts, with the text around
    it, grouped by period."""
    from tui.cli import tables

    corpus, index, parsed = opening.open_for_query(options, "kwic", query, stem)
    record = kwic_record(corpus, index, parsed, width=width, sort=sort, limit=limit)
    return Records(record, KWIC_FIELDS, record["lines"], lambda columns: tables.kwic_table(record, width=columns))


# --- what changed -------------------------------------------------------------------------

CHANGES = ("new", "vanished", "persistent")
CHANGES_COLUMNS = ("period", "previous", "change", "rank", "phrase")


def changes_records(opened: Opened) -> list[dict]:
    from corpus.analysis.changes import what_changed

    corpus = opened.corpus
    labels = [p.label for p in corpus.periods]
    return [
        {
            "label": c.label,
            "previous": labels[c.previous] if c.previous is not None else None,
            "articles": c.articles,
            "phrases": list(c.phrases),
            "new": list(c.new),
            "vanished": list(c.vanished),
            "persistent": list(c.persistent),
            "found": dict(c.found),  # how many each list would hold uncut (at most LISTED listed)
        }
        for c in what_changed(corpus, opened.index)
    ]


def _first(records: list[dict], top: int | None) -> list[dict]:
    """`records` with at most `top` phrases per list."""
    lists = ("phrases", *CHANGES)
    return [{k: (v[:top] if k in lists else v) for k, v in r.items()} for r in records]


def changes_rows(records: list[dict]) -> list[dict]:
    """The CSV: a row per phrase and list. The first period (no previous) has its phrases
    (change = phrases), as the table shows; the others their new, vanished and persistent."""
    return [
        {"period": r["label"], "previous": r["previous"], "change": change, "rank": rank, "phrase": phrase}
        for r in records
        for change in (("phrases",) if r["previous"] is None else CHANGES)
        for rank, phrase in enumerate(r[change], 1)
    ]


@click.command(cls=Command, short_help="keyphrases new, vanished and kept, period by period")
@whole_number_option("--top", default=None, help="phrases per list (default: 10 in a table, all in csv/json)")
@format_option
@corpus_options
def changes(options: CorpusOptions, top: int | None) -> Records:
    """For each period, its keyphrases (words and phrases of two or three words, distinctive of
    it against the rest of the corpus) and how they changed since the period before: new
    (significantly more frequent now), vanished (significantly less), persistent (in both, no
    significant change). Read from the index, most distinctive first."""
    from tui.cli import tables

    records = changes_records(opening.open_corpus(options))
    shown = _first(records, top)
    return Records(shown, CHANGES_COLUMNS, changes_rows(shown),
                   lambda width: tables.changes_table(records, width=width, top=top or CHANGES_TOP))


# --- index --------------------------------------------------------------------------------


@click.command(cls=Command, short_help="build the index now (and every article's keywords)")
@click.option("--keywords", "every_keyword", is_flag=True,
              help="also every article's keywords, for `keywords` without an ID (YAKE: minutes per 10,000 articles)")
@whole_number_option("--processes", default=None,
                     help="worker processes for --keywords (default: one per core, at most 8)")
@corpus_options
def index(options: CorpusOptions, every_keyword: bool, processes: int | None) -> int:
    """Open the corpus and build the index the dashboard and commands read, so that later runs
    start at once. An interrupted run resumes where it stopped."""
    try:
        from tui.cli.indexing import building, indexed, run_index
    except ModuleNotFoundError as exc:
        if exc.name != "tui.cli.indexing":
            raise
        raise Failure(f"'{PROG} index' is not available in this version", EXIT_CORPUS) from exc
    if processes is not None and not every_keyword:
        raise click.UsageError("--processes is for --keywords")
    opened = opening.open_corpus(options, progress=building())
    return run_index(opened, processes=processes) if every_keyword else indexed(opened)


ANALYSIS_COMMANDS = (keyness, kwic, changes, index)
