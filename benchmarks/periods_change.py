"""What another --periods value costs: cold and warm `kabar compare`, then warm ones with other
periods, and the size of the cache after each (periods are a view: no new entry, no rebuild).

    .venv/bin/python benchmarks/periods_change.py --corpus ../shared/corpora/clickid-dev/articles.csv

Each run is a fresh process in a fresh private cache folder; warm figures are medians of
--repeat runs. Prints one JSON object (and writes it to --out when given).
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

KABAR = [sys.executable, "-m", "tui"]
OTHER_PERIODS = ("10", "month", "week", "2")


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _entries(folder: Path) -> int:
    index = folder / "index"
    return sum(1 for p in index.iterdir() if p.is_dir() and not p.name.startswith(".")) if index.exists() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--query", default="presiden")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="kabar-periods-bench-"))
    env = environment(cache)
    compare = [*KABAR, "--corpus", args.corpus, "compare", args.query, "--format", "json"]
    try:
        cold = run(compare, env=env)
        result = {
            "corpus": args.corpus,
            "cold_compare_s": round(cold.seconds, 2),
            "cold_max_rss_mb": round(cold.max_rss_mb),
            "cache_mb_after_cold": round(_size(cache) / 1e6, 1),
        }
        warm = [run(compare, env=env).seconds for _ in range(args.repeat)]
        result["warm_compare_s"] = round(statistics.median(warm), 2)
        for value in OTHER_PERIODS:
            times = [run([*compare, "--periods", value], env=env).seconds for _ in range(args.repeat)]
            result[f"periods_{value}_s"] = round(statistics.median(times), 2)
            result[f"periods_{value}_ratio"] = round(statistics.median(times) / result["warm_compare_s"], 2)
        result["cache_mb_after_all"] = round(_size(cache) / 1e6, 1)
        result["index_entries"] = _entries(cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
