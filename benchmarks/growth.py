"""What the index cache weighs against the text, and what adding 1,000 articles costs (issue 14).

Used by benchmarks/scale.py: the cache's size (index entries and segments apart) against the
input text's UTF-8 bytes; growth: a file of the N articles indexed, then 1,000 rows appended to
it (the base corpus's vocabulary, another seed, ids new-…) and opened over that cache, beside
the 1,000 alone.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from _proc import OUT, compare_cmd, environment, fresh, run, say, stats, timed_runs

# --- cache size -----------------------------------------------------------------------------------


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under `folder` (their sizes, not the blocks they take)."""
    total = 0
    for base, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.lstat(os.path.join(base, name)).st_size
            except OSError:
                continue
    return total


def text_bytes(corpus: Path) -> int | None:
    """The input text's size: UTF-8 bytes of a table's `text` column, or of a folder's .txt files;
    None for other corpora."""
    import polars as pl

    if corpus.is_dir():
        return sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    if corpus.suffix == ".parquet":
        frame = pl.scan_parquet(corpus)
        if "text" in frame.collect_schema().names():
            return int(frame.select(pl.col("text").str.len_bytes().sum()).collect(engine="streaming").item())
    return None


def cache_size(cache: Path, text: int | None) -> dict:
    """The index entries and the segments of `cache`, in bytes, and against the text's size."""
    index, segments = cache / "index", cache / "segments"
    entries = {p.name: folder_bytes(p) for p in sorted(index.iterdir()) if p.is_dir() and not p.name.startswith(".")} \
        if index.is_dir() else {}
    size = {"index_bytes": folder_bytes(index), "index_entries": entries, "segments_bytes": folder_bytes(segments),
            "segments": sum(1 for p in segments.iterdir() if p.is_dir() and not p.name.startswith("."))
            if segments.is_dir() else 0, "text_bytes": text}
    size["cache_bytes"] = folder_bytes(cache)
    if text:
        size["index_to_text"] = size["index_bytes"] / text
        size["segments_to_text"] = size["segments_bytes"] / text
        size["index_and_segments_to_text"] = (size["index_bytes"] + size["segments_bytes"]) / text
    return size


# --- growth ---------------------------------------------------------------------------------------

GROWTH_ARTICLES = 1000
GROWTH_SEED = 1014  # the new articles' (the vocabulary is the base corpus's: seed 7)


def growth_corpora(base: Path, articles: int) -> tuple[Path, Path]:
    """(the base corpus with GROWTH_ARTICLES new articles appended, the new articles alone),
    written to benchmarks/out/ once. The new articles use the base corpus's vocabulary (synth's
    Writer with its seed and vocabulary size), drawn with another seed, ids "new-…"."""
    grown = OUT / f"synth-{articles}-plus-{GROWTH_ARTICLES}.parquet"
    new = OUT / f"synth-{articles}-new-{GROWTH_ARTICLES}.parquet"
    if grown.exists() and new.exists():
        return grown, new
    import random

    import numpy as np
    import polars as pl
    import synth  # beside this file, as scale.py is

    say(f"writing {new.name} and {grown.name} …")
    writer = synth.Writer(7, min(200_000, 20_000 + articles // 2), 500)  # synth.generate's defaults
    writer.rng, writer.np = random.Random(GROWTH_SEED), np.random.default_rng(GROWTH_SEED)
    rows = [writer.article(n) | {"id": f"new-{n:06d}"} for n in range(GROWTH_ARTICLES)]
    frame = pl.DataFrame(rows).select("id", "date", "source", "text")
    frame.write_parquet(new)
    base_frame = pl.scan_parquet(base)
    pl.concat([base_frame, pl.scan_parquet(new).select(base_frame.collect_schema().names())]) \
        .sink_parquet(grown)
    return grown, new


def _listing(cache: Path) -> dict[str, set[str]]:
    return {sub: {p.name for p in (cache / sub).iterdir()} if (cache / sub).is_dir() else set()
            for sub in ("index", "segments")}


def _segment_rows(folder: Path) -> int | None:
    try:
        return json.loads((folder / "segment.json").read_text(encoding="utf-8"))["rows"]
    except (OSError, ValueError, KeyError):
        return None


def growth(base: Path, articles: int, runs: int, name: str, extra: dict) -> dict:
    """As a user grows a table: the N-article corpus indexed under one path (not timed), then
    the same file with GROWTH_ARTICLES rows appended, opened over that cache (timed), `runs`
    times from an empty cache of its own; and the new articles alone, cold."""
    grown, new = growth_corpora(base, articles)
    growing = OUT / f"synth-{articles}-growing.parquet"  # the path the user keeps
    cache = OUT / f"cache-{name}-growth"
    env = environment(cache, **extra)
    seconds, rss, found, built, written = [], [], [], [], []
    for _ in range(runs):
        fresh(cache)
        shutil.copyfile(base, growing)
        run(compare_cmd(growing), env=env)  # the corpus as first indexed
        before = _listing(cache)
        shutil.copyfile(grown, growing)  # the same file, rows appended
        child = run(compare_cmd(growing), env=env)
        seconds.append(child.seconds)
        rss.append(child.max_rss_mb)
        after = _listing(cache)
        entries = [cache / "index" / n for n in after["index"] - before["index"]
                   if (cache / "index" / n).is_dir() and not n.startswith(".")]
        listed = json.loads((entries[0] / "manifest.json").read_text(encoding="utf-8")).get("segments", []) \
            if len(entries) == 1 else []
        keys = [key for key, _units in listed]  # the entry lists [key, units]
        written.append(len(entries))  # 1: the grown corpus's entry (0: not written, as a notice said)
        found.append([k for k in keys if k in before["segments"]])
        built.append([k for k in keys if k not in before["segments"]])
    result = {"articles": articles, "added": GROWTH_ARTICLES, "seconds": stats(seconds), "max_rss_mb": max(rss),
              "segments": len(found[-1]) + len(built[-1]), "segments_found": len(found[-1]),
              "segments_built": len(built[-1]),
              "articles_in_built_segments": sum(_segment_rows(cache / "segments" / k) or 0 for k in built[-1]),
              "same_segments_every_run": all(b == built[0] for b in built), "entries_written": written}
    growing.unlink(missing_ok=True)
    small_cache = OUT / f"cache-{name}-new-{GROWTH_ARTICLES}"
    cold = timed_runs(compare_cmd(new), environment(small_cache, **extra), runs, cold_cache=small_cache)
    result["new_alone_cold"] = cold
    result["ratio_to_new_alone"] = result["seconds"]["median"] / cold["seconds"]["median"]
    return result
