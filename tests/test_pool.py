"""Keywords at scale: the process pool, the part files of the keyword cache, `kabar index`."""

from __future__ import annotations

import io
import re

import polars as pl
import pytest

import corpus.keywords.cache as kw_cache
import corpus.keywords.extraction as K
import corpus.keywords.pool as P
from corpus import paths
from corpus.concurrency.parallel import cpus
from corpus.index.store import open_corpus
from tui.cli import indexing
from tui.cli.indexing import Progress, run_index

PEOPLE = ["Vladimir Putin", "Donald Trump", "Joko Widodo", "Sergei Lavrov", "Retno Marsudi",
          "Xi Jinping", "Dmitry Peskov", "Prabowo Subianto"]
PLACES = ["Jakarta", "Moskow", "Washington", "Beijing", "Damaskus"]
TOPICS = ["krisis Suriah", "perang Ukraina", "sanksi ekonomi", "harga minyak", "kerja sama militer"]


def tiny_texts(n: int = 40) -> list[str]:
    texts = []
    for i in range(n):
        who, other = PEOPLE[i % len(PEOPLE)], PEOPLE[(i * 3 + 1) % len(PEOPLE)]
        where, topic = PLACES[i % len(PLACES)], TOPICS[(i // 2) % len(TOPICS)]
        texts.append(
            f"Presiden {who} bertemu {other} di {where} untuk membahas {topic}. "
            f"Pertemuan ke-{i + 1} itu membahas {topic} dan hubungan kedua negara. "
            f"{who} mengatakan {topic} harus diselesaikan melalui dialog."
        )
    texts[7] = ""  # an empty text has no keywords, in the pool as here
    return texts


@pytest.fixture(scope="module")
def serial() -> dict[int, tuple[K.Keyword, ...]]:
    return {i: K.extract(t) for i, t in enumerate(tiny_texts())}


def test_pool_gives_what_one_process_gives(serial):
    items = list(enumerate(tiny_texts()))
    pooled = list(P.extract_many(items, processes=2, batch=3))
    assert sorted(i for i, _ in pooled) == list(range(len(items)))  # each once
    assert dict(pooled) == serial
    assert any(serial.values()) and serial[7] == ()


def test_default_batching_through_the_pool(serial):
    items = list(enumerate(tiny_texts()))
    assert dict(P.extract_many(items, processes=2)) == serial


def test_few_texts_run_here_without_a_pool(monkeypatch, serial):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool for a handful of texts")

    monkeypatch.setattr(P, "process_pool", no_pool)
    items = list(enumerate(tiny_texts()))[:5]
    assert dict(P.extract_many(items)) == {i: serial[i] for i in range(5)}
    assert dict(P.extract_many(items, processes=1)) == {i: serial[i] for i in range(5)}


def test_closing_early_stops_the_pool():
    items = list(enumerate(tiny_texts()))
    results = P.extract_many(items, processes=2, batch=2)
    first = next(results)
    results.close()  # cancels what is queued and waits for the workers: no hang, no error
    assert first[0] in range(len(items))


def test_workers_is_at_least_one():
    assert 1 <= cpus() <= 8


# --- the keyword cache with the pool ----------------------------------------------------------


def test_keywords_for_through_the_pool_matches_serial_and_is_cached(serial, monkeypatch):
    texts = tiny_texts()
    pooled = dict(kw_cache.keywords_for(texts, processes=2))
    assert pooled == serial
    assert kw_cache.keyword_file().exists()
    assert not list(kw_cache.parts_folder().glob("*.parquet"))  # merged at the end

    def boom(*args, **kwargs):
        raise AssertionError("YAKE ran on cached texts")

    monkeypatch.setattr(kw_cache, "extract_many", boom)
    assert dict(kw_cache.keywords_for(texts, processes=2)) == serial


def test_repeated_text_is_extracted_once(monkeypatch, serial):
    texts = tiny_texts()[:3] * 2
    seen = []
    real = kw_cache.extract_many

    def counting(items, **kwargs):
        items = list(items)
        seen.extend(items)
        return real(items, **kwargs)

    monkeypatch.setattr(kw_cache, "extract_many", counting)
    found = dict(kw_cache.keywords_for(texts))
    assert len(seen) == 3
    assert found == {i: serial[i % 3] for i in range(6)}


def test_interrupted_run_keeps_what_it_computed(serial):
    texts = tiny_texts()
    run = kw_cache.keywords_for(texts, save_every=4)
    got = [next(run) for _ in range(10)]
    run.close()
    cached, notice = kw_cache.load_keywords({kw_cache.text_hash(t) for t in texts})
    assert notice is None
    assert len(cached) >= 10
    for i, kws in got:
        assert cached[kw_cache.text_hash(texts[i])] == kws


def test_parts_are_read_before_they_are_merged(serial):
    texts = tiny_texts()[:6]
    kw_cache.save_keywords({kw_cache.text_hash(t): serial[i] for i, t in enumerate(texts[:3])})
    kw_cache.save_keywords({kw_cache.text_hash(t): serial[i + 3] for i, t in enumerate(texts[3:])})
    assert len(list(kw_cache.parts_folder().glob("*.parquet"))) == 2
    cached, _ = kw_cache.load_keywords({kw_cache.text_hash(t) for t in texts})
    assert cached == {kw_cache.text_hash(t): serial[i] for i, t in enumerate(texts)}
    kw_cache.merge_parts()
    assert not list(kw_cache.parts_folder().glob("*.parquet"))
    assert kw_cache.load_keywords({kw_cache.text_hash(t) for t in texts})[0] == cached


def test_damaged_part_is_skipped_with_a_notice_and_dropped_at_the_merge(serial):
    texts = tiny_texts()[:4]
    kw_cache.save_keywords({kw_cache.text_hash(texts[0]): serial[0]})
    (part,) = kw_cache.parts_folder().glob("*.parquet")
    part.write_bytes(b"garbage")
    items = list(kw_cache.keywords_for(texts))
    notices = [i for i in items if isinstance(i, str)]
    assert len(notices) == 1 and "unreadable" in notices[0]
    assert dict(i for i in items if not isinstance(i, str)) == {i: serial[i] for i in range(4)}
    assert not part.exists()
    assert list(kw_cache.keywords_for(texts)) == [(i, serial[i]) for i in range(4)]


def test_text_hashes_match_text_hash():
    texts = [f"teks nomor {i} " * (i % 7 + 1) for i in range(5000)]
    assert kw_cache.text_hashes(texts) == [kw_cache.text_hash(t) for t in texts]


# --- kabar index ------------------------------------------------------------------------------


def small_corpus(tmp_path):
    path = tmp_path / "tiny.parquet"
    pl.DataFrame({"id": [f"a{i}" for i in range(40)], "date": ["2020-01-01"] * 20 + ["2021-06-01"] * 20,
                  "text": tiny_texts()[:7] + ["Kosong sekali."] + tiny_texts()[8:]}).write_parquet(path)
    return open_corpus(path)


def test_run_index_computes_then_finds_everything(tmp_path, monkeypatch):
    opened = small_corpus(tmp_path)
    monkeypatch.setattr(indexing, "LOG_EVERY", 0.0)  # a line per article: every line is checked
    out = io.StringIO()
    assert run_index(opened, processes=2, stream=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("kabar: keywords of 40 articles of ")
    assert re.fullmatch(r"kabar: keywords of 40 articles ready in \d+:\d\d: 40 computed \([\d.,]+ articles/s\), "
                        r"0 from the cache", lines[-1]), lines[-1]
    progress = [line for line in lines[1:-1]]
    assert progress and all(re.match(r"kabar: keywords [\d,]+/40 +\d+%", line) for line in progress)
    assert "\r" not in out.getvalue()  # not a terminal: plain lines

    def boom(*args, **kwargs):
        raise AssertionError("YAKE ran on cached texts")

    monkeypatch.setattr(kw_cache, "extract_many", boom)
    out = io.StringIO()
    assert run_index(opened, stream=out) == 0
    assert out.getvalue().splitlines()[-1].endswith("0 computed, 40 from the cache")


def test_run_index_draws_a_bar_on_a_terminal(tmp_path, monkeypatch):
    opened = small_corpus(tmp_path)

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(indexing, "REDRAW", 0.0)
    out = Terminal()
    assert run_index(opened, processes=1, stream=out) == 0
    text = out.getvalue()
    assert "\r\x1b[2K[" in text and "40/40 100%" in text
    assert text.count("\n") == 3  # the header, the bar once finished, the summary


def test_run_index_reports_an_unwritable_cache(tmp_path, monkeypatch):
    opened = small_corpus(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("KABAR_CACHE_DIR", str(blocker))
    out = io.StringIO()
    assert run_index(opened, processes=1, stream=out) == 1
    assert "cannot write the keyword cache" in out.getvalue().splitlines()[-1]


def test_progress_line_counts_rate_and_eta():
    progress = Progress(1000, io.StringIO(), tty=False)
    progress.computing(1000)
    progress.start -= 10  # ten seconds ago
    for _ in range(100):
        progress.advance()
    line = progress.line(progress.start + 10)
    assert line.startswith("100/1,000  10%  10.0 articles/s  ETA 1:30")
    assert Progress(0, io.StringIO(), tty=False).line(0.0).startswith("0/0 100%")


def test_indexing_does_not_import_textual():
    import subprocess
    import sys

    code = "import sys, tui.cli.indexing; sys.exit('textual' in sys.modules or 'yake' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_cache_files_of_other_settings_are_never_read_and_go_at_a_merge(serial):
    root = paths.cache_root()
    root.mkdir(parents=True, exist_ok=True)
    texts = tiny_texts()[:3]
    # an old-format file (the name before the settings hash) claiming other candidates for these texts
    old = root / "keywords-v2.parquet"
    kw_cache._frame({h: (K.Keyword("stale phrase", 0.1),) for h in kw_cache.text_hashes(texts)}).write_parquet(old)
    (root / "keywords-v1.parts").mkdir()
    assert kw_cache.settings_key().startswith(f"v{K.VERSION}-") and kw_cache.keyword_file().name != old.name
    assert dict(kw_cache.keywords_for(texts)) == {i: serial[i] for i in range(3)}
    current = {kw_cache.keyword_file().name, kw_cache.parts_folder().name, f"keywords-{kw_cache.settings_key()}.lock"}
    assert {p.name for p in root.glob("keywords-*")} == current


def test_one_process_merges_at_a_time(serial):
    """Two merges at once would each write the main file from what they read, and the later
    rename would lose the parts the other had folded in and deleted: a merge waits for the lock
    another holds, then merges what is left."""
    import threading

    from corpus.disk.locks import locked

    texts = tiny_texts()[:2]
    hashes = kw_cache.text_hashes(texts)
    kw_cache.save_keywords({hashes[0]: serial[0]})
    with locked(paths.keyword_lock(kw_cache.settings_key())):
        merging = threading.Thread(target=kw_cache.merge_parts)
        merging.start()
        merging.join(0.5)
        assert merging.is_alive()  # waiting: the other merge holds the lock
        assert not kw_cache.keyword_file().exists()
        kw_cache.save_keywords({hashes[1]: serial[1]})  # the other merge's part, never listed by the first
    merging.join()
    assert not list(kw_cache.parts_folder().glob("*.parquet"))
    assert kw_cache.load_keywords(set(hashes))[0] == {hashes[0]: serial[0], hashes[1]: serial[1]}
