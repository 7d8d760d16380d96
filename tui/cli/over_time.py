"""How a topic moves: `kabar trend` (each piece of a query over calendar time) and `kabar
collocates` (the words around a query, period by period). The twins of the dashboard's trend
chart and collocates screen; records as in tui/cli/commands.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from tui.cli import opening
from tui.cli.commands import QUERY_HELP
from tui.cli.errors import Failure
from tui.cli.options import Command, CorpusOptions, corpus_options, format_option, whole_number_option
from tui.cli.output import Records, table

if TYPE_CHECKING:
    from corpus.analysis.collocates import Collocates
    from corpus.analysis.trend import Trend

GRAINS = ("day", "week", "month", "quarter", "year")  # corpus.analysis.trend.GRAINS, checked by a test
RATE_DECIMALS = 2

# --- trend ------------------------------------------------------------------------------------

TREND_COLUMNS = ("series", "bucket", "start", "end", "articles", "tokens", "count", "docs", "per_10k")


def trend_record(result: Trend) -> dict[str, Any]:
    from corpus.analysis.compare import rate_value

    by_series = {label: result.series.filter(result.series["series"] == label) for label in result.labels}
    return {
        "query": result.query,
        "grain": result.grain,
        "series": list(result.labels),
        "outside": result.outside,
        "undated": result.undated,
        "buckets": [
            {
                "label": bucket["label"],
                "start": bucket["start"].isoformat(),
                "end": bucket["end"].isoformat(),
                "articles": bucket["articles"],
                "tokens": bucket["tokens"],
                "counts": [
                    {
                        "series": label,
                        "count": row["count"],
                        "docs": row["docs"],
                        "per_10k": None if row["per_10k"] is None else rate_value(row["per_10k"], RATE_DECIMALS),
                    }
                    for label in result.labels
                    for row in [by_series[label].row(i, named=True)]
                ],
            }
            for i, bucket in enumerate(result.buckets.iter_rows(named=True))
        ],
    }


def trend_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"bucket": b["label"], "start": b["start"], "end": b["end"], "articles": b["articles"], "tokens": b["tokens"],
         **c}
        for b in record["buckets"]
        for c in b["counts"]
    ]


def trend_table(record: dict[str, Any], *, width: int, every: bool) -> str:
    """A row per bucket with text (every bucket with `every`), a column per series: the count,
    and its rate per 10,000 of the bucket's tokens."""
    from corpus.analysis.compare import rate_text

    series = record["series"]
    rows = []
    for b in record["buckets"]:
        if not b["tokens"] and not every:
            continue
        cells: list[object] = [b["label"], f"{b['articles']:,}", f"{b['tokens']:,}"]
        for c in b["counts"]:
            cells.append(f"{c['count']:,} ({rate_text(c['per_10k'], 1)})" if b["tokens"] else "–")
        rows.append(cells)
    head = [f"{record['query']} by {record['grain']}: count (per 10k tokens) in each {record['grain']}"]
    hidden = sum(1 for b in record["buckets"] if not b["tokens"])
    if hidden and not every:
        head.append(f"{hidden:,} {record['grain']}s without articles not shown (--all shows them)")
    if record["outside"] or record["undated"]:
        head.append(f"not on the time axis: {record['outside']:,} articles outside the periods, "
                    f"{record['undated']:,} undated")
    if not record["buckets"]:
        return "\n".join([*head, "no dated articles: nothing to draw over time"])
    body = table([record["grain"], "articles", "tokens", *series], rows, "lrr" + "r" * len(series), width=width)
    return "\n".join(head) + "\n\n" + body


@click.command(cls=Command, short_help="a query's rate over calendar time, a series per piece", epilog=QUERY_HELP)
@click.argument("query", nargs=-1, metavar="QUERY...")
@click.option("--grain", type=click.Choice(GRAINS), default=None,
              help="calendar buckets (default: the finest that shows the periods' span in at most 60)")
@click.option("--all", "every", is_flag=True, help="table: list buckets without articles too")
@click.option("--stem", is_flag=True, help="count stems, as compare --stem")
@format_option
@corpus_options
def trend(options: CorpusOptions, query: tuple[str, ...], grain: str | None, every: bool, stem: bool) -> Records:
    """Each piece of the query (a word, a prefix, a "phrase", an @topic) per 10,000 tokens in
    each day, week, month, quarter or year of the periods' span: the counts 'kabar compare'
    makes, on a calendar."""
    from corpus.analysis.query import QueryError
    from corpus.analysis.stem import stem_query
    from corpus.analysis.trend import trend as over_time

    corpus, index, parsed = opening.open_for_query(options, "trend", query, stem)
    topics = opening.load_topics(options) if "@" in parsed.text or options.topics is not None else None
    try:
        result = over_time(corpus, index, parsed.text, grain=grain, topics=topics,
                           transform=stem_query if stem else None)
    except QueryError as exc:  # a piece on its own (already valid as a whole)
        raise Failure(f"bad query {parsed.text!r}: {exc}") from exc
    record = trend_record(result)
    return Records(record, TREND_COLUMNS, trend_rows(record),
                   lambda width: trend_table(record, width=width, every=every))


# --- collocates -------------------------------------------------------------------------------

COLLOCATE_COLUMNS = ("period", "rank", "term", "together", "total", "expected", "g2", "nodes", "window_tokens",
                     "tokens")


def collocates_record(result: Collocates) -> dict[str, Any]:
    return {
        "query": result.query,
        "window": result.window,
        "min_count": result.min_count,
        "periods": [
            {
                "label": p.label,
                "nodes": p.nodes,
                "window_tokens": p.window,
                "tokens": p.tokens,
                "collocates": [
                    {**row, "expected": round(row["expected"], 4), "g2": round(row["g2"], 2)}
                    for row in p.terms.iter_rows(named=True)
                ],
            }
            for p in result.periods
        ],
    }


def collocates_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"period": p["label"], "rank": rank, **c, "nodes": p["nodes"], "window_tokens": p["window_tokens"],
         "tokens": p["tokens"]}
        for p in record["periods"]
        for rank, c in enumerate(p["collocates"], 1)
    ]


def collocates_table(record: dict[str, Any], *, width: int, top: int) -> str:
    """The periods side by side, a column each: rank by rank, the collocate and how often it
    stood within the window (with G² when there is room)."""
    periods = record["periods"]
    head = [f"words within {record['window']} tokens of {record['query']}, strongest first",
            f"(log-likelihood G²; at least {record['min_count']} times in the windows)"]
    for p in periods:
        head.append(f"  {p['label']}: {p['nodes']:,} occurrences, {p['window_tokens']:,} tokens in their windows "
                    f"of {p['tokens']:,}")
    depth = min(top, max((len(p["collocates"]) for p in periods), default=0))
    if not depth:
        return "\n".join([*head, "", "no collocate: the query is rare here (try --min 1 or a wider --window)"])
    room = (width - 4) // max(1, len(periods)) - 2
    rows: list[Sequence[object]] = []
    for rank in range(depth):
        cells: list[object] = [rank + 1]
        for p in periods:
            if rank >= len(p["collocates"]):
                cells.append("")
                continue
            c = p["collocates"][rank]
            cell = f"{c['term']} {c['together']}"
            wide = f"{cell} G²{c['g2']:.1f}"
            cells.append(wide if len(wide) <= room else cell)
        rows.append(cells)
    return "\n".join(head) + "\n\n" + table(["#", *(p["label"] for p in periods)], rows,
                                              "r" + "l" * len(periods), width=width)


@click.command(cls=Command, short_help="the words around a query, period by period", epilog=QUERY_HELP)
@click.argument("query", nargs=-1, metavar="QUERY...")
@whole_number_option("--window", default=5, help="tokens on each side of the query (default 5)")
@whole_number_option("--min", "min_count", default=3, help="times a word must stand in the windows (default 3)")
@whole_number_option("--top", default=20, help="collocates per period (default 20)")
@format_option
@corpus_options
def collocates(options: CorpusOptions, query: tuple[str, ...], window: int, min_count: int, top: int) -> Records:
    """The words most associated with the query within a window, as a corpus linguist's
    Collocates tool finds them (log-likelihood on how often each stands near the query against
    how often it occurs in the period), one column per period."""
    from corpus.analysis.collocates import collocates as around

    corpus, index, parsed = opening.open_for_query(options, "collocates", query, False)
    record = collocates_record(around(corpus, index, parsed, window=window, min_count=min_count, top=top))
    return Records(record, COLLOCATE_COLUMNS, collocates_rows(record),
                   lambda width: collocates_table(record, width=width, top=top))


OVER_TIME_COMMANDS = (trend, collocates)
