"""Time to first paint of the dashboard: a fresh interpreter each run, imports included.

    .venv/bin/python benchmarks/first_paint.py [--runs 10] [--corpus PATH]

"first paint" is the first frame after the screen mounts (the layout with its loading state);
"content" is when the corpus is loaded and the first article is on screen.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
print(json.dumps(marks))
"""


def measure(runs: int, corpus: str | None) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {"first_paint": [], "content": []}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, corpus or ""], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        marks = json.loads(out.strip().splitlines()[-1])
        for key in results:
            results[key].append(marks[key])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--corpus")
    args = parser.parse_args()
    results = measure(args.runs, args.corpus)
    for key, values in results.items():
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{key:12} median {statistics.median(values) * 1000:7.0f} ms   p95 {p95 * 1000:7.0f} ms   ({len(values)} runs)")


if __name__ == "__main__":
    main()
