"""Keyword throughput: `kabar index`'s process pool against plain single-process YAKE.

    .venv/bin/python benchmarks/keyword_throughput.py --corpus PATH [--articles 1000] [--rounds 2] [--json]

On the first `--articles` articles of the corpus (opened through corpus.index.store), in the same
process and alternating the order each round (the machine's speed drifts):
  * serial: corpus.keywords.extraction.extract() on each text, one after the other, in this process: the
    same work as the pool, without it;
  * yake:   the YAKE library as documented (yake.KeywordExtractor, lan="id", n=3, the same
    stopwords, top 40), also in this process;
  * pool:   tui.cli.indexing.run_index() with an empty keyword cache (a fresh KABAR_CACHE_DIR):
    pool start-up, hashing, saving and merging the cache included.
Reports articles per second of each and the pool's speed-up over both.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path


class WorkerMemory:
    """Peak resident memory of this process's descendants (the pool's workers hang below the
    forkserver, so RUSAGE_CHILDREN never sees them): VmHWM from /proc, sampled while running."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()

    def __enter__(self):
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def _sample(self) -> None:
        parents, peaks = {}, {}
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
                pid = int(status.parent.name)
                parents[pid] = int(fields["PPid"])
                peaks[pid] = int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
            except (OSError, ValueError, KeyError):
                continue
        me = os.getpid()
        for pid, peak in peaks.items():
            p, seen = parents.get(pid), 0
            while p and p != me and seen < 10:
                p, seen = parents.get(p), seen + 1
            if p == me:
                self.peak_mb = max(self.peak_mb, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--processes", type=int, default=None)
    parser.add_argument("--no-yake", action="store_true", help="skip the YAKE-library baseline")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import yake

    from corpus.concurrency.parallel import cpus
    from corpus.index.store import Opened, open_corpus
    from corpus.keywords.extraction import extract
    from corpus.keywords.stopwords import stopwords
    from tui.cli.indexing import run_index

    opened = open_corpus(Path(args.corpus) if args.corpus else None)
    sample = opened.corpus.articles.head(args.articles)
    texts = sample["text"].to_list()
    subset = Opened(dataclasses.replace(opened.corpus, articles=sample), opened.index)
    library = yake.KeywordExtractor(lan="id", n=3, window_size=1, top=40, stopwords=stopwords())
    extract(texts[0])  # imports and caches, as the pool's workers do before they start
    library.extract_keywords(texts[0])

    def serial() -> None:
        for text in texts:
            extract(text)

    def plain_yake() -> None:
        for text in texts:
            library.extract_keywords(text)

    sampler = WorkerMemory()

    def pool() -> None:
        folder = tempfile.mkdtemp(prefix="kabar-kw-")
        before = os.environ.get("KABAR_CACHE_DIR")
        os.environ["KABAR_CACHE_DIR"] = folder
        try:
            with sampler:
                if run_index(subset, processes=args.processes, stream=io.StringIO()) != 0:
                    raise RuntimeError("run_index failed")
        finally:
            if before is None:
                del os.environ["KABAR_CACHE_DIR"]
            else:
                os.environ["KABAR_CACHE_DIR"] = before
            shutil.rmtree(folder, ignore_errors=True)

    jobs = {"serial": serial, "pool": pool} | ({} if args.no_yake else {"yake": plain_yake})
    seconds: dict[str, list[float]] = {name: [] for name in jobs}
    for r in range(args.rounds):
        order = list(jobs) if r % 2 == 0 else list(reversed(jobs))
        for name in order:
            start = time.perf_counter()
            jobs[name]()
            seconds[name].append(time.perf_counter() - start)
            print(f"round {r + 1} {name:6} {len(texts) / seconds[name][-1]:6.1f} articles/s", file=sys.stderr)
    rate = {name: len(texts) * len(s) / sum(s) for name, s in seconds.items()}
    result = {
        "articles": len(texts),
        "rounds": args.rounds,
        "processes": args.processes or cpus(),
        "articles_per_second": rate,
        "seconds": seconds,
        "speedup_vs_serial": rate["pool"] / rate["serial"],
        "speedup_vs_yake": rate["pool"] / rate["yake"] if "yake" in rate else None,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "max_rss_worker_mb": sampler.peak_mb,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for name, value in rate.items():
            print(f"{name:7} {value:7.1f} articles/s")
        print(f"pool speed-up: {result['speedup_vs_serial']:.2f}x over serial extract()"
              + (f", {result['speedup_vs_yake']:.2f}x over the YAKE library" if result["speedup_vs_yake"] else ""))


if __name__ == "__main__":  # the pool's forkserver re-imports this module: no work at import
    main()
