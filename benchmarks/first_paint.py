"""Time to first paint of the dashboard: a fresh interpreter each run, imports included.

    .venv/bin/python benchmarks/first_paint.py [--runs 10] [--corpus PATH] [--json]

"first paint" is the first frame after the screen mounts (the layout with its loading state);
"content" is when the corpus is loaded and the first article is on screen. Both count from the
first line of the child's script (imports included, interpreter start not); "process" is the
child's whole wall time as the parent sees it: the child quits as a user would once the content
is on screen, which cancels the app's keyword worker (it stops after the batches its pool is
on; at 100,000 articles a ranking under way is not interrupted). The corpus opens through
corpus.index.store, so with the index cache of KABAR_CACHE_DIR (or the user's) when there is one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys

from _proc import run

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from tui.app import KabarApp
from tui.messages import CorpusLoaded

marks = {}

class Timed(KabarApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(lambda: marks.setdefault("first_paint", time.perf_counter() - t0))

    def on_corpus_loaded(self, message: CorpusLoaded):
        # Runs beside the app's own handler; the refresh after both shows the article.
        self.call_after_refresh(self._done)

    def _done(self):
        marks["content"] = time.perf_counter() - t0
        self.exit()

path = sys.argv[1] or None
from pathlib import Path
Timed(Path(path) if path else None).run(headless=True, size=(200, 60))
print(json.dumps(marks), flush=True)
"""


def measure(runs: int, corpus: str | None, env: dict[str, str] | None = None) -> dict[str, list[float]]:
    """Seconds to first paint and to content, the child's wall seconds and peak MB, per run."""
    results: dict[str, list[float]] = {"first_paint": [], "content": [], "process": [], "max_rss_mb": []}
    for _ in range(runs):
        child = run([sys.executable, "-c", CHILD, corpus or ""], env=env)
        marks = json.loads(child.stdout.strip().splitlines()[-1])
        marks.update(process=child.seconds, max_rss_mb=child.max_rss_mb)
        for key in results:
            results[key].append(marks[key])
    return results


def summary(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"median": statistics.median(values), "p95": values[min(len(values) - 1, round(0.95 * (len(values) - 1)))],
            "min": values[0], "max": values[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--corpus")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    results = measure(args.runs, args.corpus)
    if args.json:
        print(json.dumps({key: summary(values) for key, values in results.items()}))
        return
    for key, values in results.items():
        s = summary(values)
        unit, scale = ("MB", 1) if key == "max_rss_mb" else ("ms", 1000)
        print(f"{key:12} median {s['median'] * scale:7.0f} {unit}   "
              f"p95 {s['p95'] * scale:7.0f} {unit}   ({len(values)} runs)")


if __name__ == "__main__":
    main()
