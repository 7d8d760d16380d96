"""`kabar keywords ID` against `kabar compare`: what one article's keywords cost, cache by cache.

    .venv/bin/python benchmarks/keywords_one.py --corpus PATH [--rounds 3] [--query putin] [--json]

Each command runs in a fresh interpreter with a private cache folder, in rounds (the machine's
speed drifts), each round on another article (ID: the middle rows of `kabar articles`):
  * compare warm:            `kabar compare QUERY`, index cached;
  * keywords, index warm:    `kabar keywords ID`, index cached, no keyword cached (their files deleted);
  * keywords, all warm:      the same again, its candidates now cached;
  * compare cold / keywords, index cold: with an empty cache folder.
Reports the median seconds of each, and each keyword case over a warm compare.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from _proc import environment, run

CASES = ("compare warm", "keywords, index warm", "keywords, all warm", "compare cold", "keywords, index cold")


def kabar(*args: str, cache: Path) -> float:
    return run([sys.executable, "-m", "tui", *args], env=environment(cache)).seconds


def clear(cache: Path, pattern: str = "*") -> None:
    for path in cache.glob(pattern):
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def measure(corpus: str, rounds: int, query: str, cache: Path) -> dict[str, list[float]]:
    listing = run([sys.executable, "-m", "tui", "articles", "--corpus", corpus, "--format", "csv"],
                  env=environment(cache)).stdout.splitlines()[1:]
    middle = len(listing) // 2
    ids = [listing[middle + 7 * r].split(",", 1)[0] for r in range(rounds)]
    times: dict[str, list[float]] = {case: [] for case in CASES}
    for article in ids:
        times["compare warm"].append(kabar("compare", query, "--corpus", corpus, cache=cache))
        clear(cache, "keywords-*")
        times["keywords, index warm"].append(kabar("keywords", article, "--corpus", corpus, cache=cache))
        times["keywords, all warm"].append(kabar("keywords", article, "--corpus", corpus, cache=cache))
        clear(cache)
        times["compare cold"].append(kabar("compare", query, "--corpus", corpus, cache=cache))
        clear(cache)
        times["keywords, index cold"].append(kabar("keywords", article, "--corpus", corpus, cache=cache))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--query", default="putin")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kabar-keywords-one-") as cache:
        times = measure(str(Path(args.corpus).resolve()), args.rounds, args.query, Path(cache))
    medians = {case: statistics.median(values) for case, values in times.items()}
    if args.json:
        print(json.dumps({"median_seconds": medians, "runs": times}))
        return
    warm = medians["compare warm"]
    for case in CASES:
        ratio = f"  ({medians[case] / warm:.1f}x a warm compare)" if case.startswith("keywords") else ""
        print(f"{case:22} median {medians[case]:6.2f} s{ratio}   ({len(times[case])} runs)")


if __name__ == "__main__":
    main()
