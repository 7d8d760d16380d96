"""Time until the dashboard shows the open article's keywords, with the index cached and no
keyword cached: a fresh interpreter each run, imports included.

    .venv/bin/python benchmarks/first_keywords.py --corpus PATH [--runs 5] [--json]

A private cache folder is made for the run; the index is built into it once (`kabar articles`),
and before each run every keyword cache file is deleted. Marks count from the first line of the
child's script (imports included, interpreter start not): "content" when the corpus is loaded
and the first article is on screen, "keywords" when the reader shows that article's keywords.
Then it opens NEXT other articles one after another, each when the last has its keywords:
"next" is the median wait for them. The child then quits.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from _proc import environment, run
from first_paint import summary

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from tui.app import KabarApp
from tui.messages import CorpusLoaded
from tui.widgets.reader import Reader

marks, opened, waits = {}, [], []
NEXT = int(sys.argv[2])

class Timed(KabarApp):
    def on_corpus_loaded(self, message: CorpusLoaded):
        self.call_after_refresh(lambda: marks.setdefault("content", time.perf_counter() - t0))

    def on_article_keywords(self, message):  # tui.messages.ArticleKeywords
        self.call_after_refresh(self._check)

    def _check(self):
        if self.query_one(Reader).keywords is None:
            return
        now = time.perf_counter()
        if "keywords" not in marks:
            marks["keywords"] = now - t0
        elif opened and opened[-1][0] == self.row and len(waits) < len(opened):
            waits.append(now - opened[-1][1])
        else:
            return
        if len(waits) == NEXT:
            marks["next"] = sorted(waits)[len(waits) // 2]
            self.exit()
            return
        row = (len(opened) + 1) * (len(self.corpus) // (NEXT + 1))
        opened.append((row, time.perf_counter()))
        self.open_article(row)
        self.call_after_refresh(self._check)  # keywords already known come with no message

Timed(Path(sys.argv[1])).run(headless=True, size=(200, 60))
print(json.dumps(marks), flush=True)
"""


NEXT = 5


def measure(runs: int, corpus: str, cache: Path) -> dict[str, list[float]]:
    env = environment(cache)
    run([sys.executable, "-m", "tui", "articles", "--corpus", corpus, "--format", "csv"], env=env)  # the index
    results: dict[str, list[float]] = {"content": [], "keywords": [], "after content": [], "next": []}
    for _ in range(runs):
        for path in cache.glob("keywords-*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        child = run([sys.executable, "-c", CHILD, corpus, str(NEXT)], env=env)
        marks = json.loads(child.stdout.strip().splitlines()[-1])
        marks["after content"] = marks["keywords"] - marks["content"]
        for key in results:
            results[key].append(marks[key])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kabar-first-keywords-") as cache:
        results = measure(args.runs, str(Path(args.corpus).resolve()), Path(cache))
    if args.json:
        print(json.dumps({key: summary(values) for key, values in results.items()}))
        return
    for key, values in results.items():
        s = summary(values)
        print(f"{key:13} median {s['median'] * 1000:7.0f} ms   max {s['max'] * 1000:7.0f} ms   ({len(values)} runs)")


if __name__ == "__main__":
    main()
