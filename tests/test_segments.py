"""Segments (corpus.index.segments): where corpora are cut, and that a corpus built a segment at
a time, resumed after an interruption or grown by a few files, is the corpus built at once."""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import corpus.index.segments as segments
import corpus.index.store as store
from corpus.index.store import open_corpus
from corpus.index.terms import build_index
from corpus.ingest.load import load_corpus, read_source
from tests.same_index import assert_same_index

CORPORA = Path(__file__).resolve().parent / "corpora"
WORDS = ("presiden rusia amerika serikat suriah perang damai menteri luar negeri kunjungan "
         "minyak gas sanksi pasukan diplomasi yang dan di ke dari ini itu dengan untuk").split()


def cover(found: list[tuple[int, int]], n: int) -> None:
    """The cuts are in order, touch, and cover 0..n."""
    assert found[0][0] == 0 and found[-1][1] == n
    assert all(a[1] == b[0] for a, b in zip(found, found[1:], strict=False))


def keys(n: int, seed: int = 1) -> pl.Series:
    rng = random.Random(seed)
    return pl.Series([rng.getrandbits(64) for _ in range(n)], dtype=pl.UInt64)


def test_cuts_cover_the_units_within_the_sizes():
    found = segments.cuts(keys(5000), 50)
    cover(found, 5000)
    sizes = [b - a for a, b in found]
    assert max(sizes) <= 100
    assert min(sizes[:-1]) >= 12  # the last may be short: it ends where the units do
    assert 30 < 5000 / len(found) < 90  # about the target on average


def test_cuts_fall_where_the_units_say():
    """Units added at the end change only the last segment; a unit inserted in the middle, only
    the segments around it: the others are found again by their keys."""
    units = keys(3000)
    before = segments.cuts(units, 40)
    grown = segments.cuts(pl.concat([units, keys(200, seed=2)]), 40)
    assert before[:-1] == grown[: len(before) - 1]
    inserted = pl.concat([units.head(1500), keys(1, seed=3), units.tail(1500)])
    after = {(a if a < 1500 else a - 1, b if b <= 1500 else b - 1) for a, b in segments.cuts(inserted, 40)}
    assert len(set(before) - after) <= 2


def test_cuts_of_none_and_one():
    assert segments.cuts(keys(0), 10) == []
    assert segments.cuts(keys(1), 10) == [(0, 1)]


def write_articles(folder: Path, n: int, start: int = 0, seed: int = 5) -> None:
    rng = random.Random(seed + start)
    for i in range(start, start + n):
        year = 2016 + i % 3
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80)))
        text = f"Judul berita nomor {i}\n\nJAKARTA - Senin (14/11/{year}) {body}. Akhir.\n"
        (folder / f"{year}-{i:03d}.txt").write_text(text, encoding="utf-8")


@pytest.fixture
def small_segments(monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_ARTICLES", 8)


@pytest.fixture
def built(monkeypatch) -> list[int]:
    """How many units each segment built (not found in the cache) had."""
    sizes: list[int] = []
    real = segments.build_segment

    def counting(staging, start, stop):
        sizes.append(stop - start)
        return real(staging, start, stop)

    monkeypatch.setattr(segments, "build_segment", counting)
    return sizes


def assert_as_built_at_once(path: Path) -> None:
    """The corpus and index opened (segments cached) are those of loading and indexing at once."""
    opened = open_corpus(path)
    fresh = load_corpus(path)
    assert_frame_equal(opened.corpus.articles, fresh.articles)
    assert opened.corpus.problems == fresh.problems
    assert opened.corpus.periods == fresh.periods
    assert_same_index(fresh, opened.index, build_index(fresh))
    assert_same_index(fresh, open_corpus(path).index, build_index(fresh))  # read back from the cache


@pytest.mark.parametrize("corpus", ["news", "articles.csv", "articles.jsonl", "many"])
def test_built_in_segments_is_built_at_once(corpus, small_segments, built, tmp_path):
    """Several segments each (the test corpora are cut every few articles here), with the
    corpus-wide steps (repeated ids, yearless dates, outliers, reading order) after them."""
    path = CORPORA / corpus
    if corpus == "many":
        path = tmp_path / "many"
        path.mkdir()
        write_articles(path, 60)
        shutil.copy(CORPORA / "news" / "undated.txt", path / "2016-dup.txt")
    assert_as_built_at_once(path)
    assert len(built) > 1 if corpus in ("many", "articles.csv") else built


def test_an_interrupted_build_resumes(small_segments, built, monkeypatch, tmp_path):
    folder = tmp_path / "grow"
    folder.mkdir()
    write_articles(folder, 60)
    real = segments.build_segment

    def interrupted(staging, start, stop):
        if len(built) == 4:
            raise KeyboardInterrupt
        return real(staging, start, stop)

    monkeypatch.setattr(segments, "build_segment", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_corpus(folder)
    done = sum(built)
    assert 0 < done < 60
    again: list[int] = []
    monkeypatch.setattr(segments, "build_segment", lambda s, a, b: again.append(b - a) or real(s, a, b))
    assert_as_built_at_once(folder)
    assert sum(again) == 60 - done  # the four finished segments were found


def test_a_grown_corpus_builds_only_what_is_new(small_segments, built, tmp_path):
    folder = tmp_path / "grow"
    folder.mkdir()
    write_articles(folder, 80)
    open_corpus(folder)
    assert sum(built) == 80
    built.clear()
    write_articles(folder, 3, start=200)  # new files, sorted among the others by name
    assert_as_built_at_once(folder)
    assert 3 <= sum(built) <= 3 + 3 * 16  # the segments they fall in, not the 80 others
    built.clear()
    (folder / "2017-010.txt").write_text("Judul baru\n\nJAKARTA - Isi yang diubah sama sekali.\n", encoding="utf-8")
    (folder / "2016-000.txt").unlink()
    assert_as_built_at_once(folder)
    assert 0 < sum(built) <= 2 * 16
    opened = open_corpus(folder)
    assert "2016-000" not in opened.corpus.articles["id"].to_list()
    assert "diubah" in opened.index.vocab["term"].to_list()


def test_segments_nobody_uses_go_after_a_day(small_segments, tmp_path, monkeypatch):
    folder = tmp_path / "c"
    folder.mkdir()
    write_articles(folder, 30)
    open_corpus(folder)
    root = segments.segment_root()
    used = {p.name for p in root.iterdir()}
    stale = root / ("0" * 32)
    stale.mkdir()
    os.utime(stale, (1_000_000, 1_000_000))
    store.prune(store.index_root())
    assert {p.name for p in root.iterdir()} == used


def _build_in_child(path: str, number: int, cache: str, target: int) -> tuple[str, int]:
    """One segment of the corpus at `path`, built in a process of its own (as one task of a
    cluster would: from the inputs and the shared cache folder alone)."""
    os.environ["KABAR_CACHE_DIR"] = cache
    segments.SEGMENT_ARTICLES = target
    staging = read_source(path).staging()
    return segments.build_cached(staging, number, store.settings_digest()), os.getpid()


def test_segments_built_by_separate_processes_merge_into_the_same_index(small_segments, built, tmp_path):
    """The shard layout (docs/scale.md): each segment built by another process, then merged here
    (nothing built here) into the index built at once."""
    folder = tmp_path / "shards"
    folder.mkdir()
    write_articles(folder, 50)
    count = len(segments.cuts(read_source(folder).staging().keys))
    assert count > 2
    context = multiprocessing.get_context("spawn")  # nothing inherited: a process as a remote worker is
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        jobs = [pool.submit(_build_in_child, str(folder), i, os.environ["KABAR_CACHE_DIR"], 8) for i in range(count)]
        results = [job.result() for job in jobs]
    assert {pid for _, pid in results} - {os.getpid()}  # built elsewhere
    assert_as_built_at_once(folder)
    assert built == []  # every segment was found in the shared cache
    assert {p.name for p in segments.segment_root().iterdir()} >= {key for key, _ in results}


def test_rows_added_to_a_table_build_only_themselves(small_segments, built, tmp_path):
    """The last build's cuts come first: the segment that ended with the old table (ended by the
    input, not by a cut) is found as it was, and the new rows make segments of their own."""
    rng = random.Random(3)

    def rows(start: int, n: int) -> pl.DataFrame:
        return pl.DataFrame({
            "id": [f"a{i}" for i in range(start, start + n)],
            "date": [f"2019-0{1 + i % 9}-1{i % 10}" for i in range(start, start + n)],
            "text": [" ".join(rng.choice(WORDS) for _ in range(30)) + "." for _ in range(n)],
        })

    table = tmp_path / "news.parquet"
    rows(0, 58).write_parquet(table)  # cut (0, 15) (15, 31) (31, 45) (45, 58): the last by the end
    open_corpus(table)
    assert sum(built) == 58
    built.clear()
    pl.concat([pl.read_parquet(table), rows(58, 5)]).write_parquet(table)
    assert_as_built_at_once(table)
    assert sum(built) == 5


def test_a_cache_full_after_some_segments_still_gives_every_text(small_segments, monkeypatch, tmp_path):
    """Segments cached are held without their texts while the rest are built (they are read
    from the segments' files when shown); when the cache fills up part way, no entry can be
    written, and the texts of the segments already cached are read back into the corpus."""
    import errno

    folder = tmp_path / "full"
    folder.mkdir()
    write_articles(folder, 60)
    real, written = segments._write, []

    def fills_up(path, segment):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        return real(path, segment)

    monkeypatch.setattr(segments, "_write", fills_up)
    opened = open_corpus(folder)
    assert len(written) == 3 and len(opened.notices) == 1 and "space" in opened.notices[0]
    fresh = load_corpus(folder)
    assert_frame_equal(opened.corpus.articles_with_texts(), fresh.articles_with_texts())
    assert_same_index(fresh, opened.index, build_index(fresh))


def test_day_counts_counted_by_ranges_of_terms_are_those_built_at_once(small_segments, monkeypatch, tmp_path):
    """Past a budget, the day counts are counted again a range of terms at a time (corpus.index.days.
    day_counts): the same counts as the index built at once."""
    import corpus.index.days as days

    monkeypatch.setattr(days, "BUDGET", 50)
    folder = tmp_path / "days"
    folder.mkdir()
    write_articles(folder, 60)
    assert_as_built_at_once(folder)
