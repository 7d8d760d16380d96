"""The bad-input matrix (issue 11): every hostile corpus in tests/bad_inputs.py goes through
`kabar articles` as a user runs it (a subprocess with a hang guard), and must give

- the exit code: 0 when the rest loads (with a warning for what was skipped), 1 when the
  corpus cannot be opened, 2 for bad arguments;
- one line per message on stderr, naming the file, row or argument;
- the rest of the corpus, counted;
- no traceback, no raw control character (ESC, other C0 but \\n and \\t, C1) in the output;
- the user's files unchanged.

The guard is a bound against a hang, not a measure of speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bad_inputs import BODY, CASES, Built, good_folder

ROOT = Path(__file__).resolve().parents[1]
HANG = 60  # seconds: a guard against a hang, far beyond any of these loads
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every entry below `folder` (not following links): its kind, mode and content's hash."""
    seen: dict[str, str] = {}
    for top, dirs, files in os.walk(os.fsencode(folder)):
        if skip is not None and Path(os.fsdecode(top)) == skip:
            dirs[:] = []
            continue
        for name in dirs + files:
            path = os.path.join(top, name)
            info = os.lstat(path)
            digest = ""
            if stat.S_ISREG(info.st_mode) and os.access(path, os.R_OK):
                with open(path, "rb") as f:
                    digest = hashlib.blake2b(f.read(), digest_size=16).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                digest = os.fsdecode(os.readlink(path))
            seen[os.fsdecode(path)] = f"{oct(info.st_mode)} {info.st_size} {digest}"
    return seen


def kabar(argv: list[str], env: dict[str, str] | None = None, timeout: float = HANG) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "tui", *argv], cwd=ROOT, capture_output=True,
                          timeout=timeout, env={**os.environ, **(env or {})})
    return done


def check_output(done: subprocess.CompletedProcess) -> tuple[str, list[str]]:
    """stdout and stderr's lines, after the checks every run must pass."""
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err, err
    assert "internal error" not in err, err
    assert not RAW.search(out), f"raw control character in stdout: {RAW.search(out).group()!r}"
    assert not RAW.search(err), f"raw control character in stderr: {err!r}"
    lines = err.splitlines()
    assert all(line.startswith("kabar: ") for line in lines), err
    return out, lines


def run_case(case, tmp_path: Path) -> tuple[subprocess.CompletedProcess, list[str], str]:
    (tmp_path / "in").mkdir()
    built: Built = case.build(tmp_path / "in")
    cache = tmp_path / "cache"
    env = {"KABAR_CACHE_DIR": str(cache), **built.env}
    before = snapshot(tmp_path / "in")
    done = kabar(["articles", "--corpus", os.fsdecode(built.corpus), "--format", "json", *built.args], env)
    out, lines = check_output(done)
    assert snapshot(tmp_path / "in") == before, "the input files changed"
    return done, lines, out


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CASES])
def test_bad_input(case, tmp_path):
    if case.id.startswith("unreadable") and IS_ROOT:
        pytest.skip("running as root: chmod 000 does not stop root from reading")
    if "pipe" in case.id and not hasattr(os, "mkfifo"):
        pytest.skip("named pipes need a POSIX system")
    done, lines, out = run_case(case, tmp_path)
    assert done.returncode == case.code, "\n".join(lines)
    if case.code != 0:
        assert len(lines) == 1, lines
    if case.said:
        assert any(all(s in line for s in case.said) for line in lines), (case.said, lines)
    if case.count is not None:
        assert len(json.loads(out)) == case.count, lines


# --- big inputs: made once per session -------------------------------------------------------

WORDS = ("presiden berbicara tentang ekonomi dan perdagangan di depan wartawan jakarta menteri pasar "
         "harga beras naik turun rakyat kota desa sekolah").split()


@pytest.fixture(scope="session")
def huge_corpus(tmp_path_factory) -> Path:
    """A folder of three good articles and one of 30 MB (36,000 different paragraphs: repeated
    ones would be cut as boilerplate)."""
    import random

    draw = random.Random(11)
    folder = good_folder(tmp_path_factory.mktemp("huge") / "news")
    paragraphs = (" ".join(draw.choice(WORDS) for _ in range(120)) + "." for _ in range(36_000))
    (folder / "huge.txt").write_text("Judul Besar\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def tiny_files_corpus(tmp_path_factory) -> Path:
    """10,000 one-sentence articles in 100 folders."""
    folder = tmp_path_factory.mktemp("tiny") / "news"
    for n in range(10_000):
        sub = folder / f"{n // 100:03}"
        if n % 100 == 0:
            sub.mkdir(parents=True)
        (sub / f"{n:05}.txt").write_text(f"Berita {n}\n\nJakarta - {WORDS[n % len(WORDS)]} {BODY}", encoding="utf-8")
    return folder


def articles_of(folder: Path, tmp_path: Path, env: dict[str, str] | None = None) -> tuple[list[dict], list[str]]:
    before = snapshot(folder)
    done = kabar(["articles", "--corpus", str(folder), "--format", "json"],
                 {"KABAR_CACHE_DIR": str(tmp_path / "cache"), **(env or {})})
    out, lines = check_output(done)
    assert done.returncode == 0, lines
    assert snapshot(folder) == before, "the input files changed"
    return json.loads(out), lines


def test_a_30_mb_article_loads_whole(huge_corpus, tmp_path):
    records, lines = articles_of(huge_corpus, tmp_path)
    assert lines == []
    assert len(records) == 4
    assert [r["tokens"] for r in records if r["id"] == "huge"] == [36_000 * 120]


def test_ten_thousand_tiny_files_all_load(tiny_files_corpus, tmp_path):
    records, lines = articles_of(tiny_files_corpus, tmp_path)
    assert lines == []
    assert len(records) == 10_000
    assert {r["id"] for r in records} == {f"{n // 100:03}/{n:05}" for n in range(10_000)}


# --- caches and two runs at once -------------------------------------------------------------

NEWS = ROOT / "tests" / "corpora" / "news"
NEWS_COUNT = 8


def warm_cache(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    done = kabar(["index", "--corpus", str(NEWS)], {"KABAR_CACHE_DIR": str(cache)})
    assert done.returncode == 0, done.stderr
    assert list(cache.rglob("*.parquet")), "the cache holds no entry"
    return cache


@pytest.mark.parametrize("harm", ["truncated", "garbage", "empty", "manifest-gone"])
def test_a_damaged_cache_entry_is_rebuilt(tmp_path, harm):
    cache = warm_cache(tmp_path)
    for path in cache.rglob("*"):
        if not path.is_file():
            continue
        if harm == "truncated":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        elif harm == "garbage":
            path.write_bytes(b"\x00garbage\x1b[2J" * 10)
        elif harm == "empty":
            path.write_bytes(b"")
        elif path.name == "manifest.json":
            path.unlink()
    records, _ = articles_of(NEWS, tmp_path)
    assert len(records) == NEWS_COUNT
    records, lines = articles_of(NEWS, tmp_path)  # rebuilt: the next run is quiet
    assert len(records) == NEWS_COUNT and lines == []


def test_a_cache_that_cannot_be_written_still_opens_the_corpus(tmp_path):
    """A read-only cache folder; as root, who may write there anyway, a folder under /proc."""
    cache = tmp_path / "cache"
    cache.mkdir()
    env = {}
    if IS_ROOT:
        if not Path("/proc/self").is_dir():
            pytest.skip("running as root without /proc: no folder root cannot write")
        env = {"KABAR_CACHE_DIR": "/proc/kabar-cache"}
    cache.chmod(0o555)
    try:
        records, lines = articles_of(NEWS, tmp_path, env)
    finally:
        cache.chmod(0o755)
    assert len(records) == NEWS_COUNT
    assert len(lines) == 1 and "cannot write the cache in" in lines[0] and "running without it" in lines[0], lines


def test_two_kabar_index_at_once_on_one_corpus(tmp_path):
    folder = tmp_path / "news"
    shutil.copytree(NEWS, folder)
    env = {**os.environ, "KABAR_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.Popen([sys.executable, "-m", "tui", "index", "--corpus", str(folder)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        out, err = run.communicate(timeout=HANG)
        assert run.returncode == 0, err
        check_output(subprocess.CompletedProcess(run.args, run.returncode, out, err))
    records, lines = articles_of(folder, tmp_path)  # one good entry, read back quietly
    assert len(records) == NEWS_COUNT and lines == []


# --- every command on a corpus without dates (so without periods) ---------------------------


@pytest.mark.parametrize(("argv", "code"), [
    (["compare", "ekonomi"], 0), (["compare", "ekonomi", "--terms"], 0), (["topics"], 0), (["kwic", "ekonomi"], 0),
    (["changes"], 0), (["keywords", "--top", "2"], 0), (["keyness", "1"], 2),
])
def test_every_command_on_a_corpus_without_dates(tmp_path, argv, code):
    table = tmp_path / "news.csv"
    table.write_text("id,text\n1,Presiden berbicara tentang ekonomi.\n2,Menteri bicara harga beras dan ekonomi.\n",
                     encoding="utf-8")
    done = kabar([*argv, "--corpus", str(table)], {"KABAR_CACHE_DIR": str(tmp_path / "cache")})
    _, lines = check_output(done)
    assert done.returncode == code, lines
    assert len(lines) == (code != 0), lines
