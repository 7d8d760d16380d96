"""Running a benchmark child: wall time, exit status, output and peak memory (max RSS)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time, process start to exit
    max_rss_mb: float  # peak resident memory of the child (or of its largest waited-for child)
    code: int
    stdout: str
    stderr: str


def run(argv: list[str], *, env: dict[str, str] | None = None, check: bool = True) -> Run:
    """Run `argv` in the project folder; os.wait4 gives the child's own resource usage."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Run(seconds, usage.ru_maxrss / 1024, proc.returncode,
                     out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
    if check and result.code != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {result.code}: {result.stderr.strip()[-2000:]}")
    return result


def environment(cache: Path | None = None, **extra: str) -> dict[str, str]:
    """os.environ with the Kabar cache in `cache` (a private folder: the user's is never used)."""
    env = dict(os.environ)
    if cache is not None:
        env["KABAR_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


OUT = ROOT / "benchmarks" / "out"
PY = sys.executable
QUERY = "suriah"


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
