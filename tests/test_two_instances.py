"""Two Kabar processes on one corpus and one cache never corrupt each other (issue 11).

Two builders of the same index entry at once, and a reader while another process replaces the
entry again and again: every run gives the right answer without a notice, and the entry left
is whole (a later run reads it without building). The timeouts only guard against a hang.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

import corpus.index.store as store
from corpus.index.store import open_corpus
from corpus.index.terms import build_index
from corpus.ingest.load import load_corpus, read_source

ROOT = Path(__file__).resolve().parents[1]
KABAR = [sys.executable, "-m", "tui"]
BOUND = 300  # seconds: a guard against a hang, never a measure
NEWS = Path(__file__).resolve().parent / "corpora" / "news"


def entry_names() -> list[str]:
    return sorted(p.name for p in store.index_root().iterdir())


def test_two_compares_building_one_entry_at_once(tmp_path, monkeypatch):
    table = tmp_path / "news.parquet"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "3000", str(table), "--words", "200"],
                   check=True, cwd=ROOT, capture_output=True, timeout=BOUND)
    compare = [*KABAR, "compare", "pemerintah, presiden", "--corpus", str(table), "--format", "csv"]
    reference = subprocess.run(compare, cwd=ROOT, env={**os.environ, store.CACHE_ENV: "1"},
                               capture_output=True, text=True, timeout=BOUND, check=True).stdout
    assert reference.count("\n") > 2  # a real table to compare
    cache = Path(os.environ["KABAR_CACHE_DIR"])
    for _ in range(3):  # fresh cache each round: the two interleave differently
        shutil.rmtree(cache, ignore_errors=True)
        runs = [subprocess.Popen(compare, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        for run in runs:
            out, err = run.communicate(timeout=BOUND)
            assert (run.returncode, err, out) == (0, "", reference)
        assert len([n for n in entry_names() if not n.endswith(".lock")]) == 1  # one entry, no temporary
    # The entry left is whole: this process reads it without building anything.
    for builder in ("build_index", "merged_index"):
        monkeypatch.setattr(store, builder, lambda *a, **k: pytest.fail("the entry was not used"))
    warm = open_corpus(table)
    assert warm.notices == ()
    fresh = load_corpus(table)
    assert_frame_equal(warm.corpus.articles, fresh.articles)
    assert warm.index.postings.sort("term_id", "doc").equals(build_index(fresh).postings.sort("term_id", "doc"))


WRITER = textwrap.dedent("""
    import sys
    import corpus.index.entry as index_entry
    import corpus.index.store as store
    from corpus.ingest.load import read_source
    from corpus.index.store import open_corpus

    opened = open_corpus(sys.argv[1])
    folder = store.entry_folder(read_source(sys.argv[1]))
    print("ready", flush=True)
    for _ in range(int(sys.argv[2])):
        index_entry.write_entry(folder, opened.corpus, opened.index)  # replaces the entry whole
""")


def test_a_reader_while_another_process_replaces_the_entry(tmp_path, monkeypatch):
    news = tmp_path / "news"
    shutil.copytree(NEWS, news)
    expected = open_corpus(news)  # builds the entry the writer will replace
    # Every read finds the entry: never a moment with no entry, or half of one, to build again.
    for builder in ("build_index", "merged_index"):
        monkeypatch.setattr(store, builder, lambda *a, **k: pytest.fail("the entry was missed"))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(news), "100"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "ready\n", writer.stderr.read()
        reads = 0
        source = read_source(news)  # read once: the loop is all cache reads, to meet the writer often
        while writer.poll() is None or reads < 5:
            opened = store.open_source(source)
            assert opened.notices == ()  # never a half entry ("unusable; rebuilt it")
            assert_frame_equal(opened.corpus.articles, expected.corpus.articles)
            assert opened.index.postings.equals(expected.index.postings)
            reads += 1
        _, err = writer.communicate(timeout=BOUND)
        assert writer.returncode == 0, err
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert [n for n in entry_names() if n.startswith(".")] == []  # no temporary or old folder left
