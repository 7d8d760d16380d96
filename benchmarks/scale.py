"""Kabar at scale: a synthetic corpus, measured cold and warm against the bundled corpus.

    .venv/bin/python benchmarks/scale.py --articles 10000            # the 10,000-article targets
    .venv/bin/python benchmarks/scale.py --articles 100000 --skip-cold --skip-keywords
    .venv/bin/python benchmarks/scale.py --corpus PATH --name mine   # any corpus
    .venv/bin/python benchmarks/scale.py --articles 10000 --skip-keywords --segment-articles 2000

The corpus (benchmarks/synth.py, a Parquet table) is written to benchmarks/out/ once and
reused. Every child runs with a private KABAR_CACHE_DIR under benchmarks/out/ (the user's cache
is never touched); "cold" means an empty cache, "warm" the cache the cold run left. Measured,
each in fresh processes:

  compare        `python -m tui.cli compare suriah --corpus X`: wall time, cold and warm, and
                 the same command on the bundled corpus (cold and warm) for the ratios;
  plain scan     benchmarks/plain_scan.py: the same word counted without Kabar, by a polars
                 scan of a Parquet corpus's text (a fresh process, as compare), for the ratio;
  first paint    benchmarks/first_paint.py, warm: first frame, and content (corpus on screen);
  filter         benchmarks/filter_update.py, warm: compute per keystroke, p50 / p95;
  keywords       benchmarks/keyword_throughput.py: `run_index`'s pool against single-process
                 extract() and the YAKE library on the same --keyword-articles articles;
  memory         peak resident memory (max RSS, os.wait4) of each child;
  index          `kabar index`, measured as the cold compare: both open the corpus with the
                 same build (corpus.index.store.open_corpus: segments, joined, the entry
                 written); --kabar-index also times the command itself, cold, once;
  changes        `kabar changes --format csv`, warm: What changed from the index;
  cache size     bytes of the index entries (KABAR_CACHE_DIR/index) and of the segments
                 (KABAR_CACHE_DIR/segments), against the input text's size (the UTF-8 bytes of
                 the text column; of the .txt files, for a folder);
  growth         synthetic corpora: a file of the N articles indexed (not timed), then 1,000
                 rows appended to the same file (same vocabulary, other seed, ids "new-…")
                 and opened with `compare` over that cache: time, peak, and which segments
                 were found and which built; beside it, the 1,000 new articles alone, cold.
                 The ratio of the two is the issue's growth aim. Runs last, in a cache of its
                 own (--skip-growth: not measured).

Prints a table and writes benchmarks/results/<name>.json with the machine, the load average
(other work on the machine skews everything), every number and which targets are met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import first_paint
from _proc import OUT, PY, QUERY, ROOT, compare_cmd, environment, run, say, stats, timed_runs
from growth import GROWTH_ARTICLES, cache_size, growth, text_bytes

RESULTS = ROOT / "benchmarks" / "results"


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
    parser.add_argument("--skip-growth", action="store_true", help="do not measure adding 1,000 articles")
    parser.add_argument("--growth-runs", type=int, help="runs of the growth measure (default --cold-runs)")
    parser.add_argument("--segment-articles", type=int,
                        help="KABAR_SEGMENT_ARTICLES for the children (default: Kabar's own, 20,000)")
    parser.add_argument("--kabar-index", action="store_true", help="also time `kabar index` itself, cold, once")
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
    extra = {"KABAR_SEGMENT_ARTICLES": str(args.segment_articles)} if args.segment_articles else {}
    env, bundled_env = environment(cache, **extra), environment(bundled_cache, **extra)
    results: dict = {"name": name, "corpus": str(corpus), "machine": machine(), "commit": commit(),
                     "started": time.strftime("%Y-%m-%d %H:%M:%S"), "load_before": os.getloadavg(),
                     "segment_articles": args.segment_articles}

    say("bundled corpus: compare, cold and warm …")
    results["bundled_compare_cold"] = timed_runs(compare_cmd(None), bundled_env, args.runs, cold_cache=bundled_cache)
    results["bundled_compare_warm"] = timed_runs(compare_cmd(None), bundled_env, args.runs)

    if not args.skip_cold:
        say(f"{name}: compare, cold ({args.cold_runs} runs) …")
        results["compare_cold"] = timed_runs(compare_cmd(corpus), env, args.cold_runs, cold_cache=cache)
        results["index"] = results["compare_cold"] | {
            "measured_as": "cold `compare`: the same build as `kabar index`'s (corpus.index.store.open_corpus)"}
    else:
        run(compare_cmd(corpus), env=env)  # make sure the cache is there
    say(f"{name}: compare, warm …")
    results["compare_warm"] = timed_runs(compare_cmd(corpus), env, args.runs)
    if corpus.suffix == ".parquet":
        say(f"{name}: the same word by a plain polars scan of the text (no Kabar) …")
        results["plain_scan"] = timed_runs([PY, "benchmarks/plain_scan.py", str(corpus), QUERY], env, args.runs)
    results["cache_size"] = cache_size(cache, text_bytes(corpus))
    say(f"{name}: What changed, warm …")
    results["changes_warm"] = timed_runs([PY, "-m", "tui.cli", "changes", "--corpus", str(corpus), "--format", "csv"],
                                         env, min(args.runs, 3))

    if args.kabar_index:
        say(f"{name}: `kabar index`, cold …")
        index_cache = OUT / f"cache-{name}-kabar-index"
        results["kabar_index"] = timed_runs([PY, "-m", "tui.cli", "index", "--corpus", str(corpus)],
                                            environment(index_cache, **extra), 1, cold_cache=index_cache)

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

    if not args.skip_growth and args.corpus is None:
        say(f"{name}: growth, {GROWTH_ARTICLES:,} articles added, and those alone, cold …")
        results["growth"] = growth(corpus, args.articles, args.growth_runs or args.cold_runs, name, extra)
    elif not args.skip_growth:
        say("growth: measured on synthetic corpora only (it appends synthetic articles)")

    results["load_after"] = os.getloadavg()
    results["peak_rss_mb"] = max(
        v for v in [
            results.get("compare_cold", {}).get("max_rss_mb"), results["compare_warm"]["max_rss_mb"],
            results["changes_warm"]["max_rss_mb"],
            results.get("growth", {}).get("max_rss_mb"),
            results.get("growth", {}).get("new_alone_cold", {}).get("max_rss_mb"),
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
        if "compare_cold" in r:
            check("cold compare", r["compare_cold"]["seconds"]["median"], 8, "s")
            check("cold compare peak memory", r["compare_cold"]["max_rss_mb"], 1536, "MB")
        check("warm filter p95", r["filter"]["p95"] * 1000, 20, "ms")
    elif articles == 1_000_000:
        if "index" in r:
            check("index (cold compare) peak memory", r["index"]["max_rss_mb"], 6144, "MB")
        check("dashboard usable warm (content)", r["first_paint"]["content"]["median"], 3, "s")
        check("warm filter p95", r["filter"]["p95"] * 1000, 50, "ms")
        check("warm compare", r["compare_warm"]["seconds"]["median"], 2, "s")
        if r.get("cache_size", {}).get("index_and_segments_to_text") is not None:
            check("cache (index + segments) / input text", r["cache_size"]["index_and_segments_to_text"], 0.6, "x")
    if articles is not None and articles >= 100_000 and "growth" in r:
        # "about what a 1,000-article corpus costs": taken as at most twice.
        check("1,000 added to the indexed corpus / 1,000 alone, cold", r["growth"]["ratio_to_new_alone"], 2, "x")
    return found


def table(r: dict) -> str:
    ms = lambda s: f"{s * 1000:,.0f} ms"  # noqa: E731
    rows = [("machine", f"{r['machine'].get('cpu')}, {r['machine'].get('nproc')} CPUs, "
                        f"{r['machine'].get('memory_gb')} GB"),
            ("load average before / after", f"{r['load_before'][0]:.2f} / {r['load_after'][0]:.2f}")]
    for key, label in [("bundled_compare_cold", "compare, bundled, cold"),
                       ("bundled_compare_warm", "compare, bundled, warm"),
                       ("compare_cold", f"compare, {r['name']}, cold"),
                       ("compare_warm", f"compare, {r['name']}, warm"),
                       ("plain_scan", "the same word, plain polars scan (no Kabar)"),
                       ("changes_warm", f"What changed, {r['name']}, warm")]:
        if key in r:
            s = r[key]["seconds"]
            rows.append((label, f"median {ms(s['median'])} (min {ms(s['min'])}, max {ms(s['max'])}, {s['runs']} runs), "
                                f"peak {r[key]['max_rss_mb']:,.0f} MB"))
    if "plain_scan" in r:
        ratio = r["plain_scan"]["seconds"]["median"] / r["compare_warm"]["seconds"]["median"]
        rows.append(("plain scan / warm compare", f"{ratio:.1f}× (above 1: Kabar is faster)"))
    if "index" in r:
        s = r["index"]["seconds"]
        rows.append(("index (as the cold compare)", f"median {ms(s['median'])}, peak {r['index']['max_rss_mb']:,.0f} MB"
                                                    " (kabar index's build)"))
    if "kabar_index" in r:
        k = r["kabar_index"]
        rows.append(("kabar index, cold", f"{ms(k['seconds']['median'])}, peak {k['max_rss_mb']:,.0f} MB"))
    c = r.get("cache_size")
    if c:
        mb = lambda b: f"{b / 1e6:,.1f} MB"  # noqa: E731
        ratio = (f"; index + segments {c['index_and_segments_to_text']:.2f}× the text"
                 f" (index {c['index_to_text']:.2f}×, segments {c['segments_to_text']:.2f}×)"
                 if c.get("text_bytes") else "")
        rows.append(("cache size", f"index {mb(c['index_bytes'])} ({len(c['index_entries'])} entries), segments "
                                   f"{mb(c['segments_bytes'])} ({c['segments']}); input text "
                                   f"{mb(c['text_bytes']) if c.get('text_bytes') else '?'}{ratio}"))
    g = r.get("growth")
    if g:
        s, cold = g["seconds"], g["new_alone_cold"]["seconds"]
        rows.append((f"growth: {g['articles']:,} + {g['added']:,} over the cache",
                     f"median {ms(s['median'])} (max {ms(s['max'])}, {s['runs']} runs), peak {g['max_rss_mb']:,.0f} MB;"
                     f" segments {g['segments_found']} found, {g['segments_built']} built"
                     f" ({g['articles_in_built_segments']:,} articles)"))
        rows.append((f"growth: the {g['added']:,} alone, cold",
                     f"median {ms(cold['median'])}, peak {g['new_alone_cold']['max_rss_mb']:,.0f} MB;"
                     f" ratio {g['ratio_to_new_alone']:.2f}×"))
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
