"""The index cache behind corpus.index.store.open_corpus: reuse, invalidation, damage, atomicity."""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
from pathlib import Path
from unittest import mock

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import corpus.index.entry as index_entry
import corpus.index.store as store
import corpus.ingest.clean
import corpus.ingest.metadata
import corpus.keywords.cache as kw_cache
import corpus.keywords.pipeline
import corpus.keywords.pool
from corpus.disk.checksums import DamagedCache
from corpus.disk.locks import locked
from corpus.index import parts
from corpus.index import segments as index_segments
from corpus.index.store import open_corpus
from corpus.index.terms import build_index
from corpus.ingest.load import CorpusError, bundled_dir, load_corpus, read_source
from corpus.paths import segment_root
from corpus.texts import FrameTexts, PlacedTexts
from tests.same_index import assert_same_index

NEWS = Path(__file__).resolve().parent / "corpora" / "news"
CORPORA = NEWS.parent


@pytest.fixture
def news(tmp_path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(NEWS, folder)
    return folder


@pytest.fixture
def counted(monkeypatch):
    """Counts the articles cleaned and the indexes built (the work a cache hit skips)."""
    calls = {"clean": 0, "index": 0}
    clean, index = corpus.ingest.metadata.clean_column, store.merged_index

    def counting_clean(frame, *args):
        calls["clean"] += frame.height
        return clean(frame, *args)

    def counting_index(*args, **kwargs):
        calls["index"] += 1
        return index(*args, **kwargs)

    monkeypatch.setattr(corpus.ingest.metadata, "clean_column", counting_clean)
    monkeypatch.setattr(corpus.ingest.metadata, "COLUMNS_MIN", 0)  # every article through clean_column
    monkeypatch.setattr(store, "merged_index", counting_index)
    return calls


def forbid_work(monkeypatch) -> None:
    """From now on, cleaning, indexing or YAKE raise."""

    def boom(*args, **kwargs):
        raise AssertionError("work that the cache should have saved")

    monkeypatch.setattr(corpus.ingest.metadata, "clean_text", boom)
    monkeypatch.setattr(corpus.ingest.metadata, "clean_column", boom)
    monkeypatch.setattr(corpus.ingest.clean, "clean_text", boom)
    monkeypatch.setattr(store, "build_index", boom)
    monkeypatch.setattr(store, "merged_index", boom)
    monkeypatch.setattr(corpus.keywords.pool, "extract", boom)
    monkeypatch.setattr(corpus.keywords.pipeline, "extract", boom)
    monkeypatch.setattr(kw_cache, "extract_many", boom)


def entries() -> list[Path]:
    root = store.index_root()
    return sorted(p for p in root.iterdir() if p.suffix != index_entry.LOCK_SUFFIX) if root.exists() else []


def assert_same(a, b) -> None:
    assert a.corpus.name == b.corpus.name
    assert a.corpus.periods == b.corpus.periods
    assert a.corpus.problems == b.corpus.problems
    assert_frame_equal(a.corpus.articles_with_texts(), b.corpus.articles_with_texts())
    every = pl.Series(range(b.index.vocab.height), dtype=pl.UInt32)
    with mock.patch.object(parts, "_packed", side_effect=AssertionError("positions sorted, not read")):
        b.index.occurrences(every)  # built or read: the first phrase does not sort
    assert_same_index(a.corpus, a.index, b.index)


# --- reuse ------------------------------------------------------------------------------------


def test_second_open_does_no_cleaning_indexing_or_yake(news, monkeypatch):
    first = open_corpus(news)
    assert first.notices == ()
    texts = first.corpus.texts.column("text").to_list()
    computed = dict(i for i in kw_cache.keywords_for(texts) if not isinstance(i, str))
    assert len(entries()) == 1
    forbid_work(monkeypatch)
    second = open_corpus(news)
    assert second.notices == ()
    assert_same(first, second)
    again = dict(i for i in kw_cache.keywords_for(second.corpus.texts.column("text").to_list()))
    assert again == computed


def test_cached_corpus_is_what_loading_gives(news):
    open_corpus(news)
    cached = open_corpus(news)
    fresh = load_corpus(news)
    assert cached.corpus.name == fresh.name == str(news)
    assert_frame_equal(cached.corpus.articles, fresh.articles)
    # the texts stay in the segments, read when asked
    assert isinstance(cached.corpus.texts, PlacedTexts) and isinstance(fresh.texts, FrameTexts)
    assert_frame_equal(cached.corpus.articles_with_texts(), fresh.articles_with_texts())
    assert [cached.corpus.article(r) for r in (3, 0, 3)] == [fresh.article(r) for r in (3, 0, 3)]
    assert cached.corpus.periods == fresh.periods
    assert cached.corpus.problems == fresh.problems
    index = build_index(fresh)
    assert_same_index(fresh, cached.index, index)
    assert cached.index.period_tokens == index.period_tokens


def test_table_and_bundled_corpora_are_cached_too(counted):
    table = CORPORA / "articles.csv"
    first = open_corpus(table)
    bundled = open_corpus()
    assert counted["index"] == 2
    assert_same(first, open_corpus(table))
    assert_same(bundled, open_corpus())
    assert counted["index"] == 2
    assert len(entries()) == 2


def test_problems_survive_the_cache(news):
    (news / "empty.txt").write_bytes(b"")
    first = open_corpus(news)
    assert any("empty.txt" in p for p in first.corpus.problems)
    assert open_corpus(news).corpus.problems == first.corpus.problems


def test_moved_corpus_keeps_its_cache_but_takes_its_new_name(news, tmp_path, counted):
    open_corpus(news)
    moved = tmp_path / "elsewhere"
    news.rename(moved)
    opened = open_corpus(moved)
    assert counted["index"] == 1
    assert opened.corpus.name == str(moved)


# --- invalidation -----------------------------------------------------------------------------


def test_changed_article_is_read_again(news, counted):
    open_corpus(news)
    cleaned = counted["clean"]
    path = news / "2024" / "antara.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n\nKalimat baru tentang Ukraina.\n", encoding="utf-8")
    opened = open_corpus(news)
    assert counted["clean"] > cleaned and counted["index"] == 2
    assert opened.corpus.texts.column("text").str.contains("Kalimat baru").any()
    assert len(entries()) == 2  # the old entry stays for the old contents


@pytest.mark.parametrize("change", ["add", "remove", "rename", "manifest"])
def test_any_input_change_misses(news, counted, change):
    open_corpus(news)
    if change == "add":
        (news / "2024" / "baru.txt").write_text("JAKARTA - Presiden berbicara pada 3 Maret 2024.", encoding="utf-8")
    elif change == "remove":
        (news / "2016" / "cnn-call.txt").unlink()
    elif change == "rename":
        (news / "2016" / "cnn-call.txt").rename(news / "2016" / "cnn-call-2.txt")
    else:
        (news / "manifest.toml").write_text('[[articles]]\nfile = "2024/antara.txt"\ntitle = "Judul"\n',
                                            encoding="utf-8")
    open_corpus(news)
    assert counted["index"] == 2


# --- periods: a view over the cached index ----------------------------------------------------


@pytest.mark.parametrize("periods", [2, 4, "month", "year", CORPORA / "periods.toml"])
def test_other_periods_regroup_the_cached_index_and_add_no_entry(news, monkeypatch, periods):
    fresh = load_corpus(news, periods=periods)
    index = build_index(fresh)
    open_corpus(news)
    assert len(entries()) == 1
    forbid_work(monkeypatch)  # no cleaning, no build_index: only a regrouping
    viewed = open_corpus(news, periods=periods)
    assert len(entries()) == 1
    assert viewed.corpus.periods == fresh.periods
    assert_frame_equal(viewed.corpus.articles, fresh.articles)
    every = pl.Series(range(index.vocab.height), dtype=pl.UInt32)
    with mock.patch.object(parts, "_packed", side_effect=AssertionError("positions sorted, not read")):
        assert not viewed.index.occurrences(every).is_empty()  # read from the cache, not sorted again
    assert_same_index(fresh, viewed.index, index)


def test_article_order_does_not_depend_on_periods(news):
    by_default = load_corpus(news).articles["id"]
    named = load_corpus(news, periods=CORPORA / "periods.toml")  # 2024 and 2025 outside every period
    assert named.articles["id"].equals(by_default)
    assert named.articles["published"].drop_nulls().is_sorted()
    assert named.articles["id"][-1] == "undated"


def test_a_periods_file_is_read_at_every_opening(news, monkeypatch, counted):
    open_corpus(news)
    shutil.copy(CORPORA / "periods.toml", news / "periods.toml")
    assert [p.label for p in open_corpus(news).corpus.periods] == ["Kemenangan Trump", "Pemilu Rusia"]
    (news / "periods.toml").write_text('[[periods]]\nlabel = "Edited"\nstart = 2016-11-01\nend = 2018-12-31\n',
                                       encoding="utf-8")
    opened = open_corpus(news)
    assert [p.label for p in opened.corpus.periods] == ["Edited"]
    assert opened.index.period_articles == (4,)  # two of 14 Nov 2016 (the English one is undated), two of Mar 2018
    assert counted["index"] == 1 and len(entries()) == 1


def test_a_periods_file_beside_a_table_is_read_from_the_cache_too(tmp_path, counted):
    shutil.copy(CORPORA / "articles.csv", tmp_path)
    table = tmp_path / "articles.csv"
    found = open_corpus(table).corpus.periods
    (tmp_path / "articles.periods.toml").write_text(
        '[[periods]]\nlabel = "Own"\nstart = 2016-11-01\nend = 2016-11-30\n', encoding="utf-8")
    assert [p.label for p in open_corpus(table).corpus.periods] == ["Own"]
    (tmp_path / "articles.periods.toml").unlink()
    assert open_corpus(table).corpus.periods == found
    assert counted["index"] == 1 and len(entries()) == 1


def test_a_bad_periods_file_is_a_corpus_error_on_a_cached_corpus(news):
    open_corpus(news)
    (news / "periods.toml").write_text("[[periods]]\nlabel = 'x'\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no 'start'"):
        open_corpus(news)


def test_columns_are_part_of_the_key():
    table = CORPORA / "custom_columns.csv"
    digests = {read_source(table, columns=c).digest for c in ({"text": "body"}, {"text": "body", "title": "headline"})}
    assert len(digests) == 2


def test_editing_the_cleaning_rules_misses(news, counted, tmp_path, monkeypatch):
    real = Path(str(bundled_dir().parent / "chrome.toml"))
    assert real in store.settings_files()
    rules = tmp_path / "chrome.toml"
    shutil.copy(real, rules)
    paths = store.settings_files()
    monkeypatch.setattr(store, "settings_files", lambda: [rules if p == real else p for p in paths])
    store.settings_digest.cache_clear()
    open_corpus(news)
    open_corpus(news)
    assert counted["index"] == 1
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a new rule\n", encoding="utf-8")
    store.settings_digest.cache_clear()
    open_corpus(news)
    assert counted["index"] == 2
    store.settings_digest.cache_clear()


def test_settings_version_is_part_of_the_key(news, counted, monkeypatch):
    open_corpus(news)
    monkeypatch.setattr(store, "SETTINGS_VERSION", store.SETTINGS_VERSION + 1)
    store.settings_digest.cache_clear()
    open_corpus(news)
    assert counted["index"] == 2
    store.settings_digest.cache_clear()


# --- damage -----------------------------------------------------------------------------------


def damage_truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def damage_garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(b ^ 0x5A for b in data[middle : middle + 16])
    path.write_bytes(bytes(data))


def damage_delete(path: Path) -> None:
    path.unlink()


def damage_json(path: Path) -> None:
    path.write_text("{not json", encoding="utf-8")


def damage_empty_object(path: Path) -> None:
    path.write_text("{}", encoding="utf-8")


def damage_garbage(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


@pytest.mark.parametrize(
    ("file", "damage"),
    [
        ("articles.arrow", damage_truncate),
        ("articles.arrow", damage_garble),
        ("vocab.parquet", damage_delete),
        ("terms.parquet", damage_delete),
        ("days.parquet", damage_truncate),
        ("docs.parquet", damage_truncate),
        ("manifest.json", damage_json),
        ("manifest.json", damage_truncate),
        ("manifest.json", damage_empty_object),
        ("articles.arrow", damage_garbage),
        ("docs.parquet", damage_garbage),
        ("places.parquet", damage_garble),
        ("places.parquet", damage_delete),
    ],
)
def test_damaged_cache_is_rebuilt_with_a_notice(news, counted, file, damage):
    first = open_corpus(news)
    (entry,) = entries()
    damage(entry / file)
    rebuilt = open_corpus(news)
    assert counted["index"] == 2
    assert len(rebuilt.notices) == 1
    assert "index cache" in rebuilt.notices[0] and "rebuilt" in rebuilt.notices[0]
    assert "\n" not in rebuilt.notices[0]
    assert_same(first, rebuilt)
    healed = open_corpus(news)  # and the rebuilt entry is good again
    assert healed.notices == () and counted["index"] == 2


@pytest.mark.parametrize("frame", index_segments.LATER)
def test_a_frame_damaged_inside_is_found_when_read_and_rebuilt_at_the_next_opening(news, counted, frame):
    """The token frames (in the segments, read after the opening: phrases, concordances) are
    checked when read: the read fails with one line saying so, and the segment and the entry
    are built again the next time."""
    first = open_corpus(news)
    first.index.parts.stream()  # read (held) before the damage: compared with the rebuilt below
    first.index.occurrences(pl.Series(range(first.index.vocab.height), dtype=pl.UInt32))
    assert first.index.parts.loaded("postings") or first.index.postings.height
    (segment,) = [p for p in segment_root().iterdir() if not p.name.startswith(".")]
    damage_garble(segment / f"{frame}.parquet")
    opened = open_corpus(news)
    assert opened.notices == () and counted["index"] == 1
    (part,) = opened.index.parts.parts
    with pytest.raises(DamagedCache) as raised:
        {"stream": part.frames.stream, "postings": part.frames.postings, "positions": part.frames.positions}[frame]()
    assert str(raised.value) == (
        f"the index cache is damaged (segment {segment.name} {frame}.parquet is damaged); "
        "it is built again at the next opening"
    )
    rebuilt = open_corpus(news)
    assert counted["index"] == 2
    assert_same(first, rebuilt)


def test_a_segment_s_texts_damaged_are_found_when_read_and_rebuilt_at_the_next_opening(news, counted):
    """The texts are read from the segments when an article is shown: a garbled one fails
    that read with one line, and the next opening builds the segment and the entry again."""
    expected = open_corpus(news).corpus.articles_with_texts()
    (segment,) = [p for p in segment_root().iterdir() if not p.name.startswith(".")]
    damage_garble(segment / "rows.parquet")  # in place: what every reader of it sees
    opened = open_corpus(news)
    assert opened.notices == () and counted["index"] == 1
    with pytest.raises(DamagedCache) as raised:
        opened.corpus.article(0)
    assert str(raised.value) == (
        f"the index cache is damaged (segment {segment.name} rows.parquet is damaged); "
        "it is built again at the next opening"
    )
    rebuilt = open_corpus(news)
    assert counted["index"] == 2 and len(rebuilt.notices) == 1 and "rebuilt" in rebuilt.notices[0]
    assert_frame_equal(rebuilt.corpus.articles_with_texts(), expected)
    assert open_corpus(news).notices == ()


def test_manifest_of_another_format_is_rebuilt(news, counted):
    open_corpus(news)
    (entry,) = entries()
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    manifest["format"] = index_entry.FORMAT + 1
    (entry / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert open_corpus(news).notices and counted["index"] == 2


def test_folder_without_manifest_is_rebuilt_quietly(news, counted):
    """A folder with no manifest was never finished: nothing to tell, just build it."""
    open_corpus(news)
    (entry,) = entries()
    (entry / "manifest.json").unlink()
    opened = open_corpus(news)
    assert opened.notices == () and counted["index"] == 2
    assert (entry / "manifest.json").exists()


# --- writing ----------------------------------------------------------------------------------


def test_failed_write_leaves_nothing_behind(news, monkeypatch):
    real = pl.DataFrame.write_parquet
    written = []

    def failing(self, path, *args, **kwargs):
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(path)
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", failing)
    opened = open_corpus(news)
    assert len(opened.corpus) == 8
    assert opened.notices == (
        f"cannot write the cache in {store.index_root().parent} (no space left); running without it",)
    assert written  # it did start writing
    root = store.index_root()
    assert not root.exists() or list(root.iterdir()) == []  # no partial folder, no temp folder


def test_interrupted_write_leaves_nothing_behind(news, monkeypatch):
    def interrupted(path, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(index_entry, "_write_json", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_corpus(news)
    assert list(store.index_root().iterdir()) == []


def test_an_existing_entry_is_replaced_whole(news):
    opened = open_corpus(news)
    (entry,) = entries()
    (entry / "stale.parquet").write_bytes(b"old")
    index_entry.write_entry(entry, opened.corpus, opened.index)
    assert not (entry / "stale.parquet").exists()
    assert sorted(p.name for p in store.index_root().iterdir()) == [entry.name, entry.name + ".lock"]


def test_only_the_most_recently_used_entries_are_kept(news, monkeypatch, counted):
    monkeypatch.setattr(store, "KEEP", 2)
    extra = news / "2024" / "extra.txt"

    def open_version(n: int) -> None:  # the corpus with one article changed: another entry
        extra.write_text(f"JAKARTA - Versi {n} dari berita ini, 3 Maret 2024.", encoding="utf-8")
        open_corpus(news)

    for n in (2, 3):
        open_version(n)  # two entries
    open_version(2)  # used again: now the most recent
    stale = store.index_root() / ".abc-crashed.tmp"
    stale.mkdir()
    old = stale.stat().st_mtime - store.STALE_TEMP - 10
    os.utime(stale, (old, old))
    fresh_temp = store.index_root() / ".def-writing.tmp"
    fresh_temp.mkdir()
    open_version(4)  # a third: the least recently used (version 3) goes
    names = {p.name for p in store.index_root().iterdir()}
    assert len([n for n in names if not n.startswith(".") and not n.endswith(".lock")]) == 2
    assert {n + ".lock" for n in names if not n.startswith(".") and not n.endswith(".lock")} < names
    assert len([n for n in names if n.endswith(".lock")]) == 2  # the pruned entry's went with it
    assert ".abc-crashed.tmp" not in names and ".def-writing.tmp" in names
    indexed = counted["index"]
    open_version(2)
    assert counted["index"] == indexed  # kept
    open_version(3)
    assert counted["index"] == indexed + 1  # pruned, so built again


def test_unwritable_cache_still_opens_the_corpus(news, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("KABAR_CACHE_DIR", str(blocker))
    opened = open_corpus(news)
    assert len(opened.corpus) == 8
    assert opened.notices == (
        f"cannot write the cache in {blocker} (a file is where a folder should be); running without it",)


def _fail_with(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("target", "code", "why"),
    [
        ("corpus.index.entry._write_frame", errno.ENOSPC, "no space left"),  # a full disk, mid-write
        ("corpus.disk.atomic.tempfile.mkstemp", errno.ENOSPC, "no space left"),  # full at the manifest
        ("os.replace", errno.EROFS, "read-only file system"),  # mounted read-only
        ("tempfile.mkdtemp", errno.EACCES, "permission denied"),  # a folder we may not write
    ],
)
def test_a_cache_that_cannot_be_written_costs_one_notice(news, monkeypatch, target, code, why):
    monkeypatch.setattr(target, _fail_with(code))
    opened = open_corpus(news)
    expected = build_index(load_corpus(news))
    assert len(opened.corpus) == 8 and opened.index.vocab.equals(expected.vocab)
    assert opened.notices == (f"cannot write the cache in {store.index_root().parent} ({why}); running without it",)
    leftovers = [p.name for p in store.index_root().iterdir()] if store.index_root().exists() else []
    assert [n for n in leftovers if not n.endswith(".lock")] == []  # no entry, no temporary folder
    again = open_corpus(news)  # the same process, the same cache: already told
    assert again.notices == () and len(again.corpus) == 8


def test_a_damaged_entry_that_cannot_be_rewritten_is_one_notice(news, monkeypatch):
    open_corpus(news)
    (entry,) = entries()
    damage_garble(entry / "docs.parquet")
    monkeypatch.setattr(index_entry, "_write_frame", _fail_with(errno.ENOSPC))
    opened = open_corpus(news)
    assert len(opened.notices) == 1 and "running without it" in opened.notices[0]


def test_an_entry_that_is_a_file_is_rebuilt(news, counted):
    first = open_corpus(news)
    (entry,) = entries()
    shutil.rmtree(entry)
    entry.write_bytes(b"garbage")
    rebuilt = open_corpus(news)
    assert rebuilt.notices == () and counted["index"] == 2
    assert_same(first, rebuilt)
    assert (entry / "manifest.json").is_file()


def test_a_lock_that_cannot_be_taken_still_reads_the_entry(news, monkeypatch):
    """No lock (a read-only cache, Windows): the entry is read as before, unlocked."""
    first = open_corpus(news)
    (entry,) = entries()
    lock = index_entry.lock_file(entry)
    lock.unlink()
    lock.mkdir()  # cannot be opened as a file
    forbid_work(monkeypatch)
    second = open_corpus(news)
    assert second.notices == ()
    assert_same(first, second)


# --- two processes ----------------------------------------------------------------------------


def test_an_entry_finished_first_by_another_process_is_kept(news):
    """Same key, same data: the second writer keeps the entry (a reader may have it open)."""
    opened = open_corpus(news)
    (entry,) = entries()
    before = (entry / "manifest.json").stat().st_ino
    texts = opened.corpus.texts
    index_entry.Entry(entry, opened.corpus, texts.segments, texts.places).finish(opened.index)  # the slower builder
    assert (entry / "manifest.json").stat().st_ino == before
    assert [p.name for p in store.index_root().iterdir() if p.name.startswith(".")] == []


def test_prune_leaves_an_entry_being_read(news, monkeypatch):
    monkeypatch.setattr(store, "KEEP", 0)
    opened = open_corpus(news)  # KEEP 0: its own prune deletes it at once ...
    assert entries() == []
    index_entry.write_entry(store.entry_folder(read_source(news)), opened.corpus, opened.index)
    (entry,) = entries()
    with locked(index_entry.lock_file(entry), shared=True):  # ... unless someone is reading it
        store.prune(store.index_root())
        assert entries() == [entry]
    store.prune(store.index_root())
    assert list(store.index_root().iterdir()) == []  # the entry and its lock


def test_replacing_waits_for_a_reader(news):
    opened = open_corpus(news)
    (entry,) = entries()
    reading, done = threading.Event(), threading.Event()

    def reader():
        with locked(index_entry.lock_file(entry), shared=True):
            reading.set()
            done.wait(60)

    thread = threading.Thread(target=reader)
    thread.start()
    reading.wait(60)
    writer = threading.Thread(target=index_entry.write_entry, args=(entry, opened.corpus, opened.index))
    before = (entry / "manifest.json").stat().st_ino
    writer.start()
    writer.join(0.5)
    assert writer.is_alive() and (entry / "manifest.json").stat().st_ino == before  # still waiting
    done.set()
    writer.join(60)
    thread.join(60)
    assert (entry / "manifest.json").stat().st_ino != before  # replaced once the reader let go
    assert open_corpus(news).notices == ()


def test_an_entry_deleted_under_an_open_corpus_is_no_harm(news):
    """Another process may prune or replace an entry this one has read (POSIX: open or mapped
    files outlive their name)."""
    open_corpus(news)
    warm = open_corpus(news)
    (entry,) = entries()
    shutil.rmtree(entry)
    shutil.rmtree(segment_root())  # the segments too, which hold the texts
    fresh = load_corpus(news)
    assert_frame_equal(warm.corpus.articles.drop("period"), fresh.articles.drop("period"))
    assert warm.index.vocab.equals(build_index(fresh).vocab)
    # the texts too, read from the segments' files only now, and after others took their place
    open_corpus(news)
    assert any(segment_root().iterdir())
    assert_frame_equal(warm.corpus.articles_with_texts(), fresh.articles_with_texts())
    assert warm.corpus.article(2) == fresh.article(2)


def test_cache_can_be_turned_off(news, monkeypatch):
    monkeypatch.setenv(store.CACHE_ENV, "1")
    open_corpus(news)
    assert entries() == []


# --- where ------------------------------------------------------------------------------------


def test_kabar_cache_dir_is_honoured(news, tmp_path, monkeypatch):
    target = tmp_path / "my-cache"
    monkeypatch.setenv("KABAR_CACHE_DIR", str(target))
    open_corpus(news)
    (entry,) = entries()
    assert entry.parent == target / "index"
    assert (entry / "manifest.json").is_file()
    assert {p.name for p in entry.iterdir()} == {"manifest.json", *index_entry.FILES.values()}


def test_xdg_cache_home_is_honoured_without_override(news, tmp_path, monkeypatch):
    monkeypatch.delenv("KABAR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    open_corpus(news)
    assert list((tmp_path / "xdg" / "kabar" / "index").iterdir())


# --- errors -----------------------------------------------------------------------------------


def test_unreadable_corpus_is_still_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        open_corpus(tmp_path / "missing")
    with pytest.raises(CorpusError, match="no .txt or .md files"):
        open_corpus(tmp_path)
    assert entries() == []


def test_a_full_disk_as_polars_reports_it_is_named(news, monkeypatch):
    """polars raises a bare OSError with the errno only in its message (seen on a full tmpfs)."""

    def full(*args, **kwargs):
        raise OSError("No space left on device (os error 28)")

    monkeypatch.setattr(index_entry, "_write_frame", full)
    assert open_corpus(news).notices == (
        f"cannot write the cache in {store.index_root().parent} (no space left); running without it",
    )
