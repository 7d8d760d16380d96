"""Kabar at scale: a synthetic corpus, measured cold and warm against the bundled corpus.

    .venv/bin/python benchmarks/scale.py --articles 10000            # the 10,000-article targets
    .venv/bin/python benchmarks/scale.py --articles 100000 --skip-cold --skip-keywords
    .venv/bin/python benchmarks/scale.py --corpus PATH --name mine   # any corpus

The corpus (benchmarks/synth.py, a Parquet table) is written to benchmarks/out/ once and
reused. Every child runs with a private KABAR_CACHE_DIR under benchmarks/out/ (the user's cache
is never touched); "cold" means an empty cache, "warm" the cache the cold run left. Measured,
each in fresh processes:

  compare        `python -m tui.cli compare suriah --corpus X`: wall time, cold and warm, and
                 the same command on the bundled corpus (cold and warm) for the ratios;
  first paint    benchmarks/first_paint.py, warm: first frame, and content (corpus on screen);
  filter         benchmarks/filter_update.py, warm: compute per keystroke, p50 / p95;
  keywords       benchmarks/keyword_throughput.py: `run_index`'s pool against single-process
                 extract() and the YAKE library on the same --keyword-articles articles;
  memory         peak resident memory (max RSS, os.wait4) of each child.

Prints a table and writes benchmarks/results/<name>.json with the machine, the load average
(other work on the machine skews everything), every number and which targets are met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import first_paint
from _proc import ROOT, environment, run

OUT = ROOT / "benchmarks" / "out"
RESULTS = ROOT / "benchmarks" / "results"
PY = sys.executable
QUERY = "suriah"


def machine() -> dict:
    info = {"python": platform.python_version(), "nproc": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        info["cpu"] = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines()
                            if line.startswith("Model name")), None)
    except OSError:
        info["cpu"] = platform.processor()
    try:
        meminfo = Path("/proc/meminfo").read_text()
        info["memory_gb"] = round(int(meminfo.split("MemTotal:")[1].split()[0]) / 1024 / 1024, 1)
    except (OSError, IndexError, ValueError):
        pass
    try:
        import polars

        info["polars"] = polars.__version__
    except ImportError:
        pass
    return info


def commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
        return out.stdout.strip() + ("+changes" if dirty.strip() else "") if out.returncode == 0 else None
    except OSError:
        return None


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def stats(values: list[float]) -> dict:
    values = sorted(values)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "runs": len(values),
            "p95": values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]}


def compare_cmd(corpus: Path | None) -> list[str]:
    return [PY, "-m", "tui.cli", "compare", QUERY, *(["--corpus", str(corpus)] if corpus else [])]


def timed_runs(argv: list[str], env: dict, runs: int, *, cold_cache: Path | None = None) -> dict:
    """`runs` runs of argv; with cold_cache, that folder is emptied before each run."""
    seconds, rss = [], []
    for _ in range(runs):
        if cold_cache is not None:
            fresh(cold_cache)
        child = run(argv, env=env)
        seconds.append(child.seconds)
        rss.append(child.max_rss_mb)
    return {"seconds": stats(seconds), "max_rss_mb": max(rss)}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="size of the synthetic corpus")
    parser.add_argument("--corpus", type=Path, help="measure this corpus instead of a synthetic one")
    parser.add_argument("--name", help="results name (default synth-<articles>)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each warm measurement")
    parser.add_argument("--cold-runs", type=int, default=2)
    parser.add_argument("--filter-repeat", type=int, default=50)
    parser.add_argument("--keyword-articles", type=int, default=1000)
    parser.add_argument("--keyword-rounds", type=int, default=2)
    parser.add_argument("--skip-cold", action="store_true", help="reuse the cache of an earlier run")
    parser.add_argument("--skip-keywords", action="store_true")
    args = parser.parse_args()

    name = args.name or (args.corpus.stem if args.corpus else f"synth-{args.articles // 1000}k")
    corpus = args.corpus
    if corpus is None:
        corpus = OUT / f"synth-{args.articles}.parquet"
        if not corpus.exists():
            say(f"writing {corpus} …")
            sys.path.insert(0, str(ROOT / "benchmarks"))
            import synth

            synth.write_parquet(corpus, args.articles)
    corpus = corpus.resolve()
    cache = OUT / f"cache-{name}"
    bundled_cache = OUT / "cache-bundled"
    env, bundled_env = environment(cache), environment(bundled_cache)
    results: dict = {"name": name, "corpus": str(corpus), "machine": machine(), "commit": commit(),
                     "started": time.strftime("%Y-%m-%d %H:%M:%S"), "load_before": os.getloadavg()}

    say("bundled corpus: compare, cold and warm …")
    results["bundled_compare_cold"] = timed_runs(compare_cmd(None), bundled_env, args.runs, cold_cache=bundled_cache)
    results["bundled_compare_warm"] = timed_runs(compare_cmd(None), bundled_env, args.runs)

    if not args.skip_cold:
        say(f"{name}: compare, cold ({args.cold_runs} runs) …")
        results["compare_cold"] = timed_runs(compare_cmd(corpus), env, args.cold_runs, cold_cache=cache)
    else:
        run(compare_cmd(corpus), env=env)  # make sure the cache is there
    say(f"{name}: compare, warm …")
    results["compare_warm"] = timed_runs(compare_cmd(corpus), env, args.runs)

    say(f"{name}: dashboard first paint, warm …")
    paint = first_paint.measure(args.runs, str(corpus), env)
    results["first_paint"] = {key: stats(values) for key, values in paint.items()}

    say(f"{name}: filter update per keystroke …")
    child = run([PY, "benchmarks/filter_update.py", "--corpus", str(corpus), "--repeat", str(args.filter_repeat),
                 "--json"], env=env)
    results["filter"] = json.loads(child.stdout.strip().splitlines()[-1]) | {"max_rss_mb": child.max_rss_mb}

    if not args.skip_keywords:
        say(f"{name}: keyword throughput on {args.keyword_articles:,} articles …")
        child = run([PY, "benchmarks/keyword_throughput.py", "--corpus", str(corpus), "--articles",
                     str(args.keyword_articles), "--rounds", str(args.keyword_rounds), "--json"], env=env)
        results["keywords"] = (json.loads(child.stdout.strip().splitlines()[-1])
                               | {"process_max_rss_mb": child.max_rss_mb})

    results["load_after"] = os.getloadavg()
    results["peak_rss_mb"] = max(
        v for v in [
            results.get("compare_cold", {}).get("max_rss_mb"), results["compare_warm"]["max_rss_mb"],
            max(paint["max_rss_mb"]), results["filter"]["max_rss_mb"],
            results.get("keywords", {}).get("max_rss_mb"), results.get("keywords", {}).get("max_rss_worker_mb"),
        ] if v is not None
    )
    results["targets"] = targets(results, articles=args.articles if args.corpus is None else None)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwritten to {(RESULTS / f'{name}.json').relative_to(ROOT)}")


def targets(r: dict, *, articles: int | None) -> list[dict]:
    """The issue's targets that these numbers speak to (10,000 and 100,000 articles)."""
    found = []

    def check(what: str, value: float | None, limit: float, unit: str) -> None:
        if value is not None:
            found.append({"target": what, "value": round(value, 3), "limit": limit, "unit": unit,
                          "met": value <= limit})

    bundled = r["bundled_compare_warm"]["seconds"]["median"]
    if articles == 10_000:
        if "compare_cold" in r:
            check("cold compare / bundled compare", r["compare_cold"]["seconds"]["median"] / bundled, 5, "x")
        check("warm compare / bundled compare", r["compare_warm"]["seconds"]["median"] / bundled, 2, "x")
        check("filter p95", r["filter"]["p95"] * 1000, 20, "ms")
        check("warm first paint", r["first_paint"]["first_paint"]["median"], 1.5, "s")
        check("warm content (dashboard usable)", r["first_paint"]["content"]["median"], 1.5, "s")
        check("peak memory", r["peak_rss_mb"], 1536, "MB")
        if "keywords" in r:
            # A floor, not a ceiling: stored as the reciprocal so that "met" reads the same way.
            speedup = r["keywords"]["speedup_vs_serial"]
            found.append({"target": "index throughput / single-process YAKE (extract)", "value": round(speedup, 3),
                          "limit": 1.6, "unit": "x (at least)", "met": speedup >= 1.6})
            if r["keywords"].get("speedup_vs_yake"):
                speedup = r["keywords"]["speedup_vs_yake"]
                found.append({"target": "index throughput / YAKE library", "value": round(speedup, 3),
                              "limit": 1.6, "unit": "x (at least)", "met": speedup >= 1.6})
    elif articles == 100_000:
        check("dashboard opens warm (content)", r["first_paint"]["content"]["median"], 3, "s")
    return found


def table(r: dict) -> str:
    ms = lambda s: f"{s * 1000:,.0f} ms"  # noqa: E731
    rows = [("machine", f"{r['machine'].get('cpu')}, {r['machine'].get('nproc')} CPUs, "
                        f"{r['machine'].get('memory_gb')} GB"),
            ("load average before / after", f"{r['load_before'][0]:.2f} / {r['load_after'][0]:.2f}")]
    for key, label in [("bundled_compare_cold", "compare, bundled, cold"),
                       ("bundled_compare_warm", "compare, bundled, warm"),
                       ("compare_cold", f"compare, {r['name']}, cold"),
                       ("compare_warm", f"compare, {r['name']}, warm")]:
        if key in r:
            s = r[key]["seconds"]
            rows.append((label, f"median {ms(s['median'])} (min {ms(s['min'])}, max {ms(s['max'])}, {s['runs']} runs), "
                                f"peak {r[key]['max_rss_mb']:,.0f} MB"))
    p = r["first_paint"]
    rows.append(("dashboard, warm: first paint",
                 f"median {ms(p['first_paint']['median'])} (max {ms(p['first_paint']['max'])})"))
    rows.append(("dashboard, warm: content", f"median {ms(p['content']['median'])} (max {ms(p['content']['max'])}), "
                                             f"peak {p['max_rss_mb']['max']:,.0f} MB"))
    f = r["filter"]
    rows.append(("filter update", f"p50 {f['p50'] * 1000:.1f} ms, p95 {f['p95'] * 1000:.1f} ms, slowest query "
                                  f"{f['slowest_query']} {f['median_by_query'][f['slowest_query']] * 1000:.1f} ms"))
    if "keywords" in r:
        k = r["keywords"]
        rates = ", ".join(f"{n} {v:.1f}/s" for n, v in k["articles_per_second"].items())
        rows.append((f"keywords, {k['articles']:,} articles", f"{rates}; pool ×{k['speedup_vs_serial']:.2f} vs serial"
                     + (f", ×{k['speedup_vs_yake']:.2f} vs YAKE library" if k.get("speedup_vs_yake") else "")
                     + f"; peak {k['max_rss_mb']:,.0f} MB (worker {k['max_rss_worker_mb']:,.0f} MB)"))
    rows.append(("peak memory of any child", f"{r['peak_rss_mb']:,.0f} MB"))
    width = max(len(a) for a, _ in rows)
    lines = [f"{a:<{width}}  {b}" for a, b in rows]
    if r["targets"]:
        lines.append("")
        for t in r["targets"]:
            lines.append(f"{'met   ' if t['met'] else 'MISSED'}  {t['target']}: {t['value']} {t['unit']} "
                         f"(target {t['limit']})")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
