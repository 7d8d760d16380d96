"""Opening a corpus ready to use: articles and their token index, cached on disk.

`open_corpus(path)` reads the corpus's files (corpus.ingest.load.read_source: bytes only, hashed with
blake2b as they are read) and looks for an index built from the same bytes with the same
settings under corpus.paths.index_root()/<key>/. There, the articles' metadata (titles, dates
...), their texts and the TermIndex frames are files, and manifest.json, written last, says what the
folder holds, with their sizes and checksums (the entry's format: corpus.index.entry). A hit
does no decoding, cleaning, inference or tokenizing. A miss loads and tokenizes the corpus a
segment at a time (corpus.index.segments: each segment cached on its own, so that an
interrupted build resumes and a grown corpus builds only its new segments), makes the corpus and
an index over them (each segment a part of it, in its own numbering: corpus.index.parts), and
writes the folder for next time.

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
mapping of the files remains), and the texts, read later, through a file opened at reading,
which POSIX keeps alive once unlinked (corpus.texts.StoredTexts).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from pathlib import Path

import ftfy
import polars as pl

from corpus.disk.locks import locked
from corpus.disk.nocache import unwritable
from corpus.index.entry import FORMAT, LOCK_SUFFIX, MANIFEST, CacheMiss, Entry, corpus_digest, lock_file, read_entry
from corpus.index.segments import Progress, finish, merged_index, opened, places, segments
from corpus.index.segments import prune as prune_segments
from corpus.index.terms import TermIndex, build_index, with_periods
from corpus.ingest.digest import forget_unused
from corpus.ingest.load import Source, read_source
from corpus.model import Corpus
from corpus.model import with_periods as corpus_with_periods
from corpus.paths import index_root
from corpus.texts import PlacedTexts
from corpus.visible import NOTICE_LIMIT, error_line

# Bump when loading or indexing changes in a way the hashed rules and sources below miss.
SETTINGS_VERSION = 3  # 2: articles have a date_basis; 3: built from segments
CACHE_ENV = "KABAR_NO_INDEX_CACHE"  # set to 1: never read or write the index cache

# What turns the bytes into the Corpus and TermIndex: a change to any of these misses.
RULES_FILES = ("data/chrome.toml",)
CODE_FILES = (
    "ingest/load.py", "ingest/source.py", "ingest/digest.py", "ingest/folders.py", "ingest/manifest.py",
    "ingest/table_corpus.py", "ingest/finish.py", "ingest/decode.py", "ingest/tables.py",
    "ingest/dates.py", "ingest/text_dates.py", "ingest/date_expressions.py",
    "ingest/metadata.py", "ingest/headlines.py", "ingest/datelines.py",
    "ingest/repair.py", "ingest/clean.py", "ingest/clean_column.py",
    "ingest/staging.py", "model.py", "index/tokens.py", "index/terms.py", "index/store.py", "index/entry.py",
    "index/segments.py", "index/days.py", "index/parts.py",
)
KEEP = 6  # entries kept, the most recently used; older ones (other corpora, old settings) go
STALE_TEMP = 3600  # seconds after which a temporary folder is a crashed writer's, and goes


@dataclass(frozen=True)
class Opened:
    corpus: Corpus
    index: TermIndex
    notices: tuple[str, ...] = ()  # things worth telling the user, e.g. a cache rebuilt


def open_corpus(
    path: Path | str | None = None,
    *,
    periods: Path | str | int | None = None,
    columns: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> Opened:
    """The corpus at `path` (corpus.ingest.load.load_corpus) and its index, from the cache when the
    inputs and settings have not changed. CorpusError when the corpus cannot be read.
    `progress`: see open_source."""
    source = read_source(path, periods=periods, columns=columns)
    if os.environ.get(CACHE_ENV):
        corpus = source.load()
        return Opened(corpus, build_index(corpus))
    return open_source(source, progress)


def open_source(source: Source, progress: Progress | None = None) -> Opened:
    """open_corpus() for a corpus already read. `progress` is told of the segments built or
    found, when the index is not cached whole (corpus.index.segments)."""
    notices: list[str] = []
    try:
        folder = entry_folder(source)
    except OSError as exc:  # the cache root cannot even be named (no home folder)
        corpus = source.load()
        return Opened(corpus, build_index(corpus), (f"index not cached ({error_line(exc, limit=NOTICE_LIMIT)})",))
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
    staging = source.staging()
    previous = _last_build(folder.parent, source.name)
    parts, keys, unwritable = segments(staging, settings_digest(), previous=previous, progress=progress)
    finished = finish(staging, parts)
    corpus = finished.corpus
    indexed = [p.index for p in parts]
    del parts, staging  # their rows are the corpus's now; a table's input goes before the merge
    index = with_periods(merged_index(indexed, finished, keys), corpus)
    if unwritable is not None:  # the entry's texts are the segments': without them, no entry
        return Opened(corpus, index, _not_written(folder, unwritable))
    placed = places(finished, keys)
    try:
        # The texts from the segments, as a later opening reads them: the corpus was built
        # without holding them (corpus.index.segments).
        corpus = replace(corpus, texts=PlacedTexts([s.texts for s in opened(keys)], placed, keys))
    except OSError:  # a segment pruned meanwhile by another process: the corpus is built in memory
        corpus = source.load()
        return Opened(corpus, build_index(corpus), tuple(notices))
    try:
        Entry(folder, corpus, keys, placed).finish(index, replace=damaged)
        prune(folder.parent)
    except Exception as exc:  # noqa: BLE001 -- a full disk, a read-only cache: still the corpus
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
    ranked = sorted(entries, reverse=True)
    for _, path in ranked[KEEP:]:
        _delete(path, lock_file(path))
    for lock in locks:
        _delete(lock.with_suffix(""), lock)
    prune_segments(_segments_of(path for _, path in ranked[:KEEP]))
    forget_unused()


def _built_from(entry: Path) -> tuple[str | None, list[tuple[str, int]]]:
    """The corpus an entry was built for and its segments (key, units), as its manifest says."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        return manifest.get("corpus"), [(str(key), int(units)) for key, units in manifest.get("segments", [])]
    except (OSError, ValueError, TypeError, AttributeError):
        return None, []


def _segments_of(entries: Iterable[Path]) -> set[str]:
    """The segments the entries were built from: those a growing corpus will find again."""
    return {key for path in entries for key, _ in _built_from(path)[1]}


def _last_build(root: Path, name: str) -> list[tuple[str, int]]:
    """The segments of the last entry built for the corpus named `name` (its path): a grown
    corpus is cut as it was first (corpus.index.segments.plan)."""
    latest: tuple[float, list[tuple[str, int]]] = (-1.0, [])
    try:
        entries = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    except OSError:
        return []
    for entry in entries:
        corpus, built = _built_from(entry)
        try:
            when = (entry / MANIFEST).stat().st_mtime
        except OSError:
            continue
        if corpus == corpus_digest(name) and when > latest[0]:
            latest = (when, built)
    return latest[1]


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
