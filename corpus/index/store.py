"""Opening a corpus ready to use: articles and their token index, cached on disk.

`open_corpus(path)` reads the corpus's files (corpus.ingest.load.read_source: bytes only, hashed with
blake2b as they are read) and looks for an index built from the same bytes with the same
settings under corpus.paths.index_root()/<key>/. There, the articles frame (clean text, titles,
dates ...) and the TermIndex frames are files (FILES: Parquet, and Arrow IPC for the
articles), and manifest.json, written last, says what the folder holds, with their sizes
and checksums. A hit does no decoding, cleaning, inference or tokenizing; a miss loads
the corpus, builds the index and writes the folder for next time.

The key is a hash of
  * every input byte and loading argument (articles, manifest, columns), but not the periods;
  * the settings: SETTINGS_VERSION (bump it when what loading means changes in a way the files
    below do not show), the rules file corpus/data/chrome.toml, the source of the modules that
    turn bytes into the index, and the polars version. Editing a cleaning rule or the tokenizer
    therefore simply misses.

Periods are a view, not part of the entry: the articles and index are stored without their
period columns, in an order that does not depend on periods, and every opening chooses the
periods afresh (Source.periods: the --periods value, a periods file, or found in the dates) and
applies them (corpus.model.with_periods, corpus.index.terms.with_periods: a gather and a group-by).
A new --periods value therefore costs a regrouping of the cached counts, and no new entry.

The folder is written to a temporary folder beside it and renamed into place, so a crash leaves
no half-written entry under its key. A folder that cannot be read back (truncated, garbled,
from another format) is rebuilt, with a notice in `Opened.notices`; a cache that cannot be
written costs one notice (corpus.disk.nocache), never the corpus. Keywords are cached separately,
per text (corpus.keywords.cache), since they do not depend on the rest of the corpus.

Several Kabar processes may share the cache. Beside each entry is a lock file
(corpus.disk.locks.locked): a reader holds it shared while it reads the entry; a writer putting its
finished folder in place holds it alone, and keeps an entry another process finished first
(the same key is the same data); prune() deletes only entries nobody holds. Two processes
opening a new corpus at once both build it (neither waits on the other), and one entry stays.
Once read, an entry may go: polars reads the frames into memory (checked with polars 1.x: no
mapping of the files remains), and were one still mapped, POSIX keeps an unlinked file alive.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import ftfy
import polars as pl

from corpus.disk.atomic import replace_folder, write_file
from corpus.index.terms import TermIndex, build_index, with_periods
from corpus.ingest.load import Source, read_source
from corpus.disk.locks import locked
from corpus.model import ARTICLE_SCHEMA, Corpus
from corpus.model import with_periods as corpus_with_periods
from corpus.paths import index_root
from corpus.disk.nocache import unwritable

# Bump when loading or indexing changes in a way the hashed rules and sources below miss.
SETTINGS_VERSION = 2  # 2: articles have a date_basis
FORMAT = 3  # of the cache folder itself (2: with the phrase positions; 3: without the periods)
CACHE_ENV = "KABAR_NO_INDEX_CACHE"  # set to 1: never read or write the index cache

# What turns the bytes into the Corpus and TermIndex: a change to any of these misses.
RULES_FILES = ("data/chrome.toml",)
CODE_FILES = (
    "ingest/load.py", "ingest/decode.py", "ingest/tables.py", "ingest/dates.py", "ingest/metadata.py",
    "ingest/repair.py", "ingest/clean.py", "ingest/clean_column.py",
    "model.py", "index/tokens.py", "index/terms.py", "index/store.py",
)
FRAMES = ("articles", "vocab", "stream", "postings", "docs", "positions")
# The articles (clean and raw text: most of the bytes) are an uncompressed Arrow IPC file: at
# 100,000 articles it reads in 0.2 s where LZ4 Parquet takes 1.1-1.7 s. The token frames are
# Parquet: its integer encodings shrink them to a third and read as fast (a compression codec on
# top made them no smaller at 10,000 articles, only slower to write).
FILES = {name: f"{name}.arrow" if name == "articles" else f"{name}.parquet" for name in FRAMES}
CHUNK = 1 << 25  # checksummed separately, so that two threads can verify one big file
WRITERS = 3  # frames written at once (threads: polars and zlib work without the GIL)
KEEP = 6  # entries kept, the most recently used; older ones (other corpora, old settings) go
STALE_TEMP = 3600  # seconds after which a temporary folder is a crashed writer's, and goes


@dataclass(frozen=True)
class Opened:
    corpus: Corpus
    index: TermIndex
    notices: tuple[str, ...] = ()  # things worth telling the user, e.g. a cache rebuilt


class CacheMiss(Exception):
    """The cache folder for a key cannot be used; the message says why (for a notice)."""


def open_corpus(
    path: Path | str | None = None,
    *,
    periods: Path | str | int | None = None,
    columns: dict[str, str] | None = None,
) -> Opened:
    """The corpus at `path` (corpus.ingest.load.load_corpus) and its index, from the cache when the
    inputs and settings have not changed. CorpusError when the corpus cannot be read."""
    source = read_source(path, periods=periods, columns=columns)
    if os.environ.get(CACHE_ENV):
        corpus = source.load()
        return Opened(corpus, build_index(corpus))
    return open_source(source)


def open_source(source: Source) -> Opened:
    """open_corpus() for a corpus already read."""
    notices: list[str] = []
    try:
        folder = entry_folder(source)
    except OSError as exc:  # the cache root cannot even be named (no home folder)
        corpus = source.load()
        return Opened(corpus, build_index(corpus), (f"index not cached ({_describe(exc)})",))
    damaged, cached = False, None
    try:
        # Looked for under the lock too: while a writer swaps the folder, for a moment it is not there.
        with locked(lock_file(folder), shared=True):
            if (folder / MANIFEST).exists():
                cached = read_entry(folder, source.name)
    except CacheMiss as exc:
        damaged = True
        notices.append(f"index cache for this corpus was unusable ({exc}); rebuilt it")
    if cached is not None:
        corpus, index = cached
        _touch(folder / MANIFEST)
        corpus = corpus_with_periods(corpus, source.periods(corpus.articles["published"]))
        return Opened(corpus, with_periods(index, corpus))
    corpus = source.load()
    try:
        entry = _Entry(folder, corpus)
    except Exception as exc:  # noqa: BLE001 -- a full disk, a read-only cache: still the corpus
        return Opened(corpus, build_index(corpus), _not_written(folder, exc))
    try:
        index = build_index(corpus)
    except BaseException:
        entry.abandon()
        raise
    try:
        entry.finish(index, replace=damaged)
        prune(folder.parent)
    except Exception as exc:  # noqa: BLE001 -- as above
        return Opened(corpus, index, _not_written(folder, exc))
    return Opened(corpus, index, tuple(notices))


def _not_written(folder: Path, exc: BaseException) -> tuple[str, ...]:
    """The one notice for a cache that cannot be written (corpus.disk.nocache: none if already
    told); it replaces a notice about a damaged entry, which without a cache does not matter."""
    notice = unwritable(folder.parent.parent, exc)
    return (notice,) if notice else ()


def _touch(path: Path) -> None:
    try:
        os.utime(path)  # "last used", for prune()
    except OSError:
        pass


def prune(root: Path) -> None:
    """Delete all but the KEEP most recently used entries under `root`, temporary folders
    left by writers that died (older than STALE_TEMP seconds), and lock files of no entry.
    An entry another process is reading (its lock held) is left for a later prune."""
    entries, locks, now = [], [], time.time()
    for path in root.iterdir():
        try:
            if path.name.startswith("."):
                if now - path.stat().st_mtime > STALE_TEMP:
                    shutil.rmtree(path, ignore_errors=True)
            elif path.suffix == LOCK_SUFFIX:
                if not path.with_suffix("").exists():
                    locks.append(path)
            elif path.is_dir():
                manifest = path / MANIFEST
                entries.append((manifest.stat().st_mtime if manifest.exists() else 0.0, path))
        except OSError:
            continue
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        _delete(path, lock_file(path))
    for lock in locks:
        _delete(lock.with_suffix(""), lock)


def _delete(folder: Path, lock: Path) -> None:
    """Delete an entry and its lock file, unless another process holds the lock."""
    with locked(lock, wait=False) as free:
        if free:
            shutil.rmtree(folder, ignore_errors=True)
            try:
                lock.unlink()  # while held: a process that opened it will see it gone and retry
            except OSError:
                pass


# --- keys and places --------------------------------------------------------------------------

MANIFEST = "manifest.json"
LOCK_SUFFIX = ".lock"


def lock_file(folder: Path) -> Path:
    """The lock beside an entry (corpus.disk.locks): readers share it, replacing or deleting the
    entry takes it whole. Beside, not inside: the folder itself is swapped whole."""
    return folder.with_name(folder.name + LOCK_SUFFIX)


def settings_files() -> list[Path]:
    """The rules and sources the cached index depends on (RULES_FILES, CODE_FILES)."""
    package = Path(str(files("corpus")))
    return [package / name for name in RULES_FILES + CODE_FILES]


@cache
def settings_digest() -> str:
    """Hash of everything besides the inputs that decides what the cached index holds."""
    versions = f"polars {pl.__version__} ftfy {ftfy.__version__}"  # ftfy: what corpus.ingest.repair undoes
    h = hashlib.blake2b(f"settings {SETTINGS_VERSION} format {FORMAT} {versions}".encode(), digest_size=16)
    for path in settings_files():
        h.update(b"\0" + path.name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:  # e.g. an install without sources: the version still counts
            h.update(b"-")
    return h.hexdigest()


def cache_key(source: Source) -> str:
    return hashlib.blake2b(f"{source.digest}\0{settings_digest()}".encode(), digest_size=16).hexdigest()


def entry_folder(source: Source) -> Path:
    return index_root() / cache_key(source)


# --- writing ----------------------------------------------------------------------------------


def _index_frames(index: TermIndex) -> dict[str, pl.DataFrame]:
    # positions: free when the index was just built, 5 s of sorting at 100,000 articles when not
    return {"vocab": index.vocab, "stream": index.stream, "postings": index.postings.drop("period"),
            "docs": index.docs.drop("period"), "positions": pl.DataFrame({"row": index.positions[0]})}


class _Entry:
    """A cache folder being written atomically: into a temporary folder beside it, manifest
    last, then renamed into place; on any failure nothing is left behind. The articles are
    written from the start, beside the building of the index (threads: polars and zlib work
    without the GIL)."""

    def __init__(self, folder: Path, corpus: Corpus) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        self.folder, self.corpus = folder, corpus
        self.tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-", suffix=".tmp"))
        self.pool = ThreadPoolExecutor(max_workers=WRITERS)
        self.jobs = {"articles": self.pool.submit(_write_frame, self.tmp / FILES["articles"],
                                                  corpus.articles.drop("period"))}

    def finish(self, index: TermIndex, *, replace: bool = False) -> None:
        """Write the index and put the folder in place. An entry another process finished
        meanwhile under the same key holds the same data and is kept (readers may have it
        open), unless `replace`: this process found the entry there damaged."""
        try:
            for name, frame in _index_frames(index).items():
                self.jobs[name] = self.pool.submit(_write_frame, self.tmp / FILES[name], frame)
            self.pool.shutdown()  # every writer done before any result is read: none left in tmp
            corpus = self.corpus
            manifest = {
                "format": FORMAT,
                "key": self.folder.name,
                "problems": list(corpus.problems),
                "frames": {name: self.jobs[name].result() for name in FRAMES},
            }
            _write_json(self.tmp / MANIFEST, manifest)
            with locked(lock_file(self.folder)):
                if replace or not (self.folder / MANIFEST).exists():
                    replace_folder(self.tmp, self.folder)
            self.abandon()  # when kept: our copy goes
        except BaseException:
            self.abandon()
            raise

    def abandon(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_entry(folder: Path, corpus: Corpus, index: TermIndex) -> None:
    """Write the cache folder for `corpus` and its index, replacing any there (see _Entry)."""
    _Entry(folder, corpus).finish(index, replace=True)


def _write_frame(path: Path, frame: pl.DataFrame) -> dict:
    """Write `frame` to `path` and describe the file for the manifest."""
    if path.suffix == ".arrow":
        frame.write_ipc(path, compression="uncompressed")
    else:
        frame.write_parquet(path, compression="uncompressed", statistics=False)
    size = path.stat().st_size
    crcs = [_crc32(path, start) for start in range(0, size, CHUNK)]
    return {"file": path.name, "rows": frame.height, "size": size, "crc32": crcs}


def _write_json(path: Path, data: dict) -> None:
    # durable: the manifest vouches for the frames, whose own loss the checksums catch
    write_file(path, lambda f: f.write(json.dumps(data, ensure_ascii=False).encode("utf-8")), durable=True)


def _crc32(path: Path, start: int) -> int:
    """CRC-32 of CHUNK bytes of `path` from `start` (zlib releases the GIL while it sums)."""
    crc, left = 0, CHUNK
    with open(path, "rb") as f:
        f.seek(start)
        while left and (block := f.read(min(left, 1 << 22))):
            crc = zlib.crc32(block, crc)
            left -= len(block)
    return crc


def _damaged(path: Path, info: dict) -> str | None:
    """Why `path` is not the file the manifest describes, or None."""
    size = path.stat().st_size
    if size != info["size"]:
        return f"{path.name} is {'truncated' if size < info['size'] else 'too long'}"
    if len(info["crc32"]) != -(-size // CHUNK):
        return f"{path.name} is described wrongly"
    return None


# --- reading ----------------------------------------------------------------------------------


def read_entry(folder: Path, name: str) -> tuple[Corpus, TermIndex]:
    """The corpus and index cached in `folder`, without periods (the articles without their
    period column); CacheMiss when anything is off.

    Every byte is checked against the manifest's checksums (a garbled Parquet page or Arrow
    buffer can otherwise read back as wrong numbers without an error), by two threads while
    this one reads the frames."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("key") != folder.name:
            raise CacheMiss("written by another version")
        described = manifest["frames"]
        for frame in FRAMES:
            if described[frame]["file"] != FILES[frame]:
                raise CacheMiss("written by another version")
            if why := _damaged(folder / FILES[frame], described[frame]):
                raise CacheMiss(why)
        with ThreadPoolExecutor(max_workers=2) as pool:
            checks = [
                (frame, pool.submit(_crc32, folder / FILES[frame], i * CHUNK), crc)
                for frame in FRAMES
                for i, crc in enumerate(described[frame]["crc32"])
            ]
            try:
                frames = {frame: _read_frame(folder / FILES[frame]) for frame in FRAMES}
            finally:
                for frame, check, crc in checks:
                    if check.result() != crc:
                        for _, other, _ in checks:
                            other.cancel()
                        raise CacheMiss(f"{FILES[frame]} is damaged")
        for frame in FRAMES:
            if frames[frame].height != described[frame]["rows"]:
                raise CacheMiss(f"{FILES[frame]} has the wrong number of rows")
        articles = frames["articles"]
        if articles.schema != pl.Schema({k: v for k, v in ARTICLE_SCHEMA.items() if k != "period"}):
            raise CacheMiss("the articles have the wrong columns")
        corpus = Corpus(name=name, articles=articles, periods=(), problems=tuple(manifest["problems"]))
        index = TermIndex(
            vocab=frames["vocab"],
            stream=frames["stream"],
            postings=frames["postings"],
            docs=frames["docs"],
            period_tokens=(),
            period_articles=(),
        )
        if index.docs.height != articles.height or frames["positions"].height != index.stream.height:
            raise CacheMiss("its parts do not agree")
        index.know_positions(frames["positions"]["row"])
        return corpus, index
    except CacheMiss:
        raise
    except Exception as exc:  # noqa: BLE001 -- a damaged file may fail in any way inside polars
        raise CacheMiss(_describe(exc)) from exc


def _read_frame(path: Path) -> pl.DataFrame:
    return pl.read_ipc(path) if path.suffix == ".arrow" else pl.read_parquet(path)


def _describe(exc: BaseException) -> str:
    first = str(exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {first[0][:120]}" if first else exc.__class__.__name__
