"""Compute time of one live-filter update (parse + compare), as on every keystroke.

    .venv/bin/python benchmarks/filter_update.py [--corpus PATH] [--repeat 200]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from corpus.compare import compare
from corpus.index import build_index
from corpus.load import load_corpus
from corpus.query import parse

# What a user types, keystroke by keystroke, for a few kinds of query.
QUERIES = ["s", "su", "sur", "suri", "suriah", "suriah, ukr", "suriah, ukraina", "teror*",
           '"presiden rusia"', '"presiden r*"', "a*", "rusia-as"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    corpus = load_corpus(Path(args.corpus) if args.corpus else None)
    index = build_index(corpus)
    for q in QUERIES:  # warm-up: polars compiles regexes and fills caches once
        compare(corpus, index, parse(q))
    times = []
    for _ in range(args.repeat):
        for q in QUERIES:
            start = time.perf_counter()
            compare(corpus, index, parse(q))
            times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[round(0.95 * (len(times) - 1))]
    print(f"articles {len(corpus):,}  tokens {sum(index.period_tokens):,}  updates {len(times):,}")
    print(f"filter update   p50 {statistics.median(times) * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms   "
          f"max {times[-1] * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
