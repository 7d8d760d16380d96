"""Work in worker processes (corpus.concurrency.parallel, here with infer_batch; the loader sends dating and
datelines there): the same articles, in the same order, as here."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import polars as pl
import pytest

import corpus.concurrency.parallel as parallel
import corpus.ingest.finish as finish
from corpus.ingest.load import load_corpus
from corpus.ingest.metadata import infer_batch

NEWS = Path(__file__).resolve().parent / "corpora" / "news"


def jobs(n: int) -> list:
    texts = [p.read_text(encoding="utf-8") for p in sorted(NEWS.glob("*.txt"))]
    out = [(texts[i % len(texts)], None, True, True) for i in range(n)]
    out[5] = (None, None, True, True)  # this one raises inside infer()
    return out


class CountingPool(parallel.ProcessPoolExecutor):
    submitted = 0
    batches = 0  # of infer_batch

    def submit(self, fn, /, *args, **kwargs):
        CountingPool.submitted += 1
        CountingPool.batches += fn is infer_batch
        return super().submit(fn, *args, **kwargs)


@pytest.fixture
def two_cpus(monkeypatch):
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    CountingPool.submitted = CountingPool.batches = 0


def test_batches_in_workers_give_what_one_process_gives(two_cpus):
    work = jobs(60)
    expected = infer_batch(work)
    assert expected[5].startswith("AttributeError:")  # the odd one is reported, not raised
    assert parallel.map_batches(infer_batch, work, batch=4, preload=["corpus.ingest.metadata"]) == expected


def test_the_workers_alone_do_every_batch(two_cpus):
    # How map_batches splits the work depends on timing; the workers' side, alone, does not.
    work = jobs(30)
    batches = [work[i : i + 4] for i in range(0, len(work), 4)]
    results = [None] * len(batches)
    parallel._feed(infer_batch, batches, results, deque(range(len(batches))), 1, ["corpus.ingest.metadata"])
    assert CountingPool.batches == len(batches)
    assert [r for done in results for r in done] == infer_batch(work)


def test_a_pool_that_cannot_start_leaves_the_work_here(two_cpus, monkeypatch):
    def no_pool(*args, **kwargs):
        raise OSError("no /dev/shm")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    work = jobs(20)
    assert parallel.map_batches(infer_batch, work, batch=3, preload=[]) == infer_batch(work)


def test_a_pool_that_breaks_midway_leaves_the_rest_here(two_cpus, monkeypatch):
    class Broken(CountingPool):
        def submit(self, fn, /, *args, **kwargs):
            if CountingPool.submitted >= 2:
                raise RuntimeError("cannot schedule new futures after shutdown")
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Broken)
    work = jobs(40)
    assert parallel.map_batches(infer_batch, work, batch=3, preload=[]) == infer_batch(work)


def test_one_cpu_or_few_batches_run_here(monkeypatch):
    monkeypatch.setattr(parallel, "cpus", lambda: 1)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", None)  # would fail if used
    work = jobs(12)
    assert parallel.map_batches(infer_batch, work, batch=2, preload=[]) == infer_batch(work)


@pytest.mark.parametrize("kind", ["folder", "csv"])
def test_a_corpus_loads_the_same_in_parallel(tmp_path, monkeypatch, two_cpus, kind):
    folder = tmp_path / "many"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(NEWS.glob("*.txt"))]
    for i in range(230):  # three batches of 100
        (folder / f"a{i:03}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    (folder / "odd.txt").write_bytes(b"\xff\xfe\x00")  # a problem, reported by name either way
    path = folder
    if kind == "csv":
        path = tmp_path / "many.csv"
        pl.DataFrame({"text": [p.read_text(encoding="utf-8") for p in sorted(folder.glob("a*.txt"))]}).write_csv(path)
    monkeypatch.setattr(finish, "PARALLEL_MIN", 10**9)
    here = load_corpus(path)
    monkeypatch.setattr(finish, "PARALLEL_MIN", 0)
    spread = load_corpus(path)
    assert spread.articles.equals(here.articles)
    assert spread.problems == here.problems
    assert spread.periods == here.periods
    assert len(spread) == 230
