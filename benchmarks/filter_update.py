"""Compute time of one live-filter update (parse + compare, and with --trend the trend chart's
counts too), as on every keystroke.

    .venv/bin/python benchmarks/filter_update.py [--corpus PATH] [--repeat 200] [--trend] [--json]

The corpus opens through corpus.index.store (the index cache of KABAR_CACHE_DIR, or the user's).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from corpus.analysis.compare import compare
from corpus.analysis.query import parse
from corpus.analysis.trend import axis, trend
from corpus.index.store import open_corpus

# What a user types, keystroke by keystroke, for a few kinds of query.
QUERIES = ["s", "su", "sur", "suri", "suriah", "suriah, ukr", "suriah, ukraina", "teror*",
           '"presiden rusia"', '"presiden r*"', "a*", "rusia-as"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--trend", action="store_true",
                        help="also count the trend chart's series, as the filter pane does on every key")
    args = parser.parse_args()
    opened = open_corpus(Path(args.corpus) if args.corpus else None)
    corpus, index = opened.corpus, opened.index
    calendar = axis(corpus, index)  # made once per corpus, as the filter pane does
    if index.days is not None:
        # As in the dashboard, whose overview (the frequent words) reads the day counts whole
        # at its start: a word's rows are then sliced, not read from their row groups.
        index.days.counts  # noqa: B018
    memo: dict = {}  # the pane's memo of piece counts, new for each pass over the typed queries

    def update(text: str) -> None:
        result = compare(corpus, index, parse(text))
        if args.trend:
            trend(corpus, index, text, on=calendar, memo=memo, doc_counts=result.doc_counts)

    for q in QUERIES:  # warm-up: polars compiles regexes and fills caches once
        update(q)
    times = []
    by_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    for _ in range(args.repeat):
        memo.clear()  # typed afresh: a piece is remembered only from earlier keystrokes of this pass
        for q in QUERIES:
            start = time.perf_counter()
            update(q)
            times.append(time.perf_counter() - start)
            by_query[q].append(times[-1])
    per_query = {q: statistics.median(t) for q, t in by_query.items()}
    times.sort()
    p95 = times[round(0.95 * (len(times) - 1))]
    if args.json:
        slowest = max(QUERIES, key=lambda q: per_query[q])
        print(json.dumps({"trend": args.trend, "articles": len(corpus), "tokens": sum(index.period_tokens),
                          "updates": len(times),
                          "p50": statistics.median(times), "p95": p95, "max": times[-1],
                          "median_by_query": per_query, "slowest_query": slowest}))
        return
    print(f"articles {len(corpus):,}  tokens {sum(index.period_tokens):,}  updates {len(times):,}")
    print(f"filter update{' + trend' if args.trend else ''}   p50 {statistics.median(times) * 1000:6.2f} ms   "
          f"p95 {p95 * 1000:6.2f} ms   "
          f"max {times[-1] * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
