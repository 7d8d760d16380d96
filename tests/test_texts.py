"""The articles' texts apart from their metadata (corpus.texts): a stored file reads back, a row
group at a time, exactly the texts written, in any order asked, from several threads, and after
its file is gone from the cache."""

from __future__ import annotations

import random
import threading

import polars as pl
import pytest

import corpus.texts as texts_module
from corpus.texts import FrameTexts, PlacedTexts, StoredTexts

N = 50


@pytest.fixture
def small_groups(monkeypatch):
    """Row groups of 4 rows, and the whole column read past 3 of them: the 50 texts below then
    exercise both ways of reading."""
    monkeypatch.setattr(texts_module, "ROW_GROUP", 4)
    monkeypatch.setattr(texts_module, "MANY_GROUPS", 3)


@pytest.fixture
def frame():
    text = [f"teks {i} " + "kata " * (i % 7) + ("\u00e9" if i % 5 == 0 else "") for i in range(N)]
    return pl.DataFrame({"text": text, "raw": [f"<p>{t}</p>" for t in text]})


def write(frame: pl.DataFrame, path) -> None:
    """As a segment writes its rows (corpus.index.segments): zstd, in row groups of ROW_GROUP."""
    frame.with_columns(other=pl.lit("x")).write_parquet(path, compression="zstd", row_group_size=texts_module.ROW_GROUP)


@pytest.fixture
def stored(tmp_path, frame, small_groups):
    write(frame, tmp_path / "texts.parquet")
    return StoredTexts.open(tmp_path / "texts.parquet", N)


@pytest.mark.parametrize(
    "rows",
    [[], [0], [N - 1], [3, 4], [4, 3, 3, 0], [7, 8, 9, 10, 11, 12], list(range(N))[::-1], [1, 9, 17, 25, 33, 41, 49]],
)
def test_stored_rows_are_the_written_ones_in_the_order_asked(stored, frame, rows):
    memory = FrameTexts(frame)
    for name in ("text", "raw"):
        assert stored.rows(rows, name).to_list() == frame[name].gather(rows).to_list()
        assert memory.rows(rows, name).to_list() == frame[name].gather(rows).to_list()
    assert stored.frame(pl.Series(rows, dtype=pl.UInt32)).rows() == frame[rows].rows()
    assert [stored.both(r) for r in rows] == [memory.both(r) for r in rows] == frame[rows].rows()


def test_a_stored_column_is_the_written_one(stored, frame):
    assert len(stored) == N
    assert stored.column("raw").to_list() == frame["raw"].to_list()
    assert stored.one(17) == frame["text"][17]


def test_threads_reading_at_once_each_get_their_texts(stored, frame):
    wrong: list[list[int]] = []

    def read(seed: int) -> None:
        pick = random.Random(seed)
        for _ in range(40):
            rows = [pick.randrange(N) for _ in range(pick.choice([1, 2, 5]))]
            if stored.rows(rows).to_list() != frame["text"].gather(rows).to_list():
                wrong.append(rows)

    threads = [threading.Thread(target=read, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_stored_texts_outlive_their_file(stored, frame, tmp_path):
    """The cache may prune or rebuild the entry under an open corpus (another process)."""
    path = tmp_path / "texts.parquet"
    path.unlink()
    path.write_bytes(b"not parquet at all" * 100)
    assert stored.rows([40, 2]).to_list() == frame["text"].gather([40, 2]).to_list()
    assert stored.column().to_list() == frame["text"].to_list()


def test_texts_placed_across_files_read_back_in_the_order_asked(tmp_path, frame, small_groups):
    """A corpus's texts kept in its segments' files: article i is row local[i] of file
    segment[i] (corpus.index.segments.places)."""
    cuts = [(0, 7), (7, 30), (30, N)]
    parts = []
    for i, (a, b) in enumerate(cuts):
        write(frame.slice(a, b - a), tmp_path / f"{i}.parquet")
        parts.append(StoredTexts.open(tmp_path / f"{i}.parquet", b - a))
    order = random.Random(3).sample(range(N), N)  # article i is staged row order[i]
    segment = [next(s for s, (a, b) in enumerate(cuts) if a <= row < b) for row in order]
    local = [row - cuts[s][0] for row, s in zip(order, segment, strict=True)]
    places = pl.DataFrame({"segment": segment, "local": local})
    placed = PlacedTexts(parts, places, [(f"k{i}", b - a) for i, (a, b) in enumerate(cuts)])
    expected = frame[order]
    assert len(placed) == N
    assert placed.column("raw").to_list() == expected["raw"].to_list()
    for rows in ([], [5], [0, 49, 0], list(range(N))[::3], [12, 11, 10]):
        assert placed.frame(rows).rows() == expected[rows].rows()
        assert placed.rows(rows, "text").to_list() == expected["text"].gather(rows).to_list()


def test_a_check_runs_once_before_the_first_read_and_its_failure_is_the_reader_s(tmp_path, frame, small_groups):
    calls = []

    def check(file):
        calls.append(file)
        if len(calls) == 1:
            raise OSError("damaged")

    write(frame, tmp_path / "t.parquet")
    stored = StoredTexts.open(tmp_path / "t.parquet", N, check)
    with pytest.raises(OSError, match="damaged"):
        stored.one(3)
    assert stored.one(3) == frame["text"][3] and stored.one(4) == frame["text"][4]
    assert len(calls) == 2  # failed once, passed once, then never again
