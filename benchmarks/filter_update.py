"""Compute time of one live-filter update (parse + compare), as on every keystroke.

    .venv/bin/python benchmarks/filter_update.py [--corpus PATH] [--repeat 200] [--json]

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
from corpus.index.store import open_corpus

# What a user types, keystroke by keystroke, for a few kinds of query.
QUERIES = ["s", "su", "sur", "suri", "suriah", "suriah, ukr", "suriah, ukraina", "teror*",
           '"presiden rusia"', '"presiden r*"', "a*", "rusia-as"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    opened = open_corpus(Path(args.corpus) if args.corpus else None)
    corpus, index = opened.corpus, opened.index
    for q in QUERIES:  # warm-up: polars compiles regexes and fills caches once
        compare(corpus, index, parse(q))
    times = []
    by_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    for _ in range(args.repeat):
        for q in QUERIES:
            start = time.perf_counter()
            compare(corpus, index, parse(q))
            times.append(time.perf_counter() - start)
            by_query[q].append(times[-1])
    per_query = {q: statistics.median(t) for q, t in by_query.items()}
    times.sort()
    p95 = times[round(0.95 * (len(times) - 1))]
    if args.json:
        slowest = max(QUERIES, key=lambda q: per_query[q])
        print(json.dumps({"articles": len(corpus), "tokens": sum(index.period_tokens), "updates": len(times),
                          "p50": statistics.median(times), "p95": p95, "max": times[-1],
                          "median_by_query": per_query, "slowest_query": slowest}))
        return
    print(f"articles {len(corpus):,}  tokens {sum(index.period_tokens):,}  updates {len(times):,}")
    print(f"filter update   p50 {statistics.median(times) * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms   "
          f"max {times[-1] * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
