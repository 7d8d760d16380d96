"""A killed `kabar index` leaves nothing behind (issue 11): its worker processes, their
forkserver and the resource tracker end with it, and a pipeline reading its output ends.

Linux only (the processes are found in /proc). The bounds only guard against a hang.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")

ROOT = Path(__file__).resolve().parents[1]
KABAR = [sys.executable, "-m", "tui"]
BOUND = 60.0  # seconds: a guard against a hang, never a measure


def in_session(session: int) -> list[int]:
    """The processes of a session (field 6 of /proc/PID/stat)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry))
    return found


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_killing_kabar_index_mid_run_leaves_no_process_and_closes_its_output(tmp_path):
    table = tmp_path / "news.parquet"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "400", str(table), "--words", "300"],
                   check=True, cwd=ROOT, capture_output=True)
    env = {**os.environ, "KABAR_CACHE_DIR": str(tmp_path / "cache")}
    kabar = subprocess.Popen([*KABAR, "index", "--keywords", "--corpus", str(table)], cwd=ROOT, env=env,
                             start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        # mid-run: the pool's workers are up (kabar, tracker, forkserver and two or more workers)
        wait_for(lambda: len(in_session(kabar.pid)) >= 4 or kabar.poll() is not None, "the pool never started")
        assert kabar.poll() is None, "indexing ended before it could be killed: make the corpus bigger"
        os.kill(kabar.pid, signal.SIGKILL)
        kabar.wait(BOUND)
        wait_for(lambda: not in_session(kabar.pid), "processes outlived the killed kabar")
        # nothing holds its stdout open any more: reading it ends
        reader = threading.Thread(target=kabar.stdout.read, daemon=True)
        reader.start()
        reader.join(BOUND)
        assert not reader.is_alive(), "its output never ended"
    finally:
        for pid in in_session(kabar.pid):
            os.kill(pid, signal.SIGKILL)
        kabar.stdout.close()


def test_a_killed_index_build_resumes_where_it_stopped(tmp_path):
    """Killed while it builds the index, `kabar index` keeps every segment it finished; run
    again, it builds only the others and leaves the finished ones as they are."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(400):
        (folder / f"{i:04d}.txt").write_text(
            f"Berita nomor {i}\n\nJAKARTA - Senin (14/11/2016) " + "presiden rusia bertemu " * 60 + f"kata{i}.\n",
            encoding="utf-8")
    env = {**os.environ, "KABAR_CACHE_DIR": str(tmp_path / "cache"), "KABAR_SEGMENT_ARTICLES": "20"}
    segments = tmp_path / "cache" / "segments"
    run = subprocess.Popen([*KABAR, "index", "--corpus", str(folder)], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(lambda: segments.is_dir() and sum(1 for p in segments.iterdir() if not p.name.startswith(".")) >= 2,
                 "no segment was finished")
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(BOUND)
    finished = {p.name: p.stat().st_mtime_ns for p in segments.iterdir() if not p.name.startswith(".")}
    assert not (tmp_path / "cache" / "index").is_dir() or not any(
        p.is_dir() and not p.name.startswith(".") for p in (tmp_path / "cache" / "index").iterdir()
    ), "killed mid-way, yet an index was finished: build a larger corpus"
    done = subprocess.run([*KABAR, "index", "--corpus", str(folder)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=BOUND * 4)
    assert done.returncode == 0, done.stderr
    after = {p.name: p.stat().st_mtime_ns for p in segments.iterdir() if not p.name.startswith(".")}
    assert {name: after[name] for name in finished} == finished  # found, not built again
    assert len(after) > len(finished)
