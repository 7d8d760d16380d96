"""Keywords cached on disk, so a second launch does no YAKE work.

The cache lives in the cache folder (corpus.paths.cache_root: KABAR_CACHE_DIR when set, else
the user cache folder), under the names corpus.paths gives. Entries hold one article's
candidates (corpus.keywords.extraction.extract),
which depend on its text and nothing else of the corpus: they are keyed by a hash of the
cleaned text, and the files by settings_key() (VERSION, the YAKE version, and the source and
data files that decide the candidates): changed text or settings simply miss, and an edit to a
keyword rule cannot leave stale candidates behind. Files of other settings are deleted at a merge.

One Parquet file, keywords-<settings_key()>.parquet, holds the entries; a run that computes new ones
adds them as small part files in keywords-<settings_key()>.parts/ as it goes (so an interrupted run
keeps what it did, and a 100,000-article run does not rewrite a growing file every few
thousand articles), then merges the parts into the main file once at the end. Every write is
atomic (corpus.disk.atomic), one process merges at a time (corpus.disk.locks), and a cache that cannot be
written costs one notice (corpus.disk.nocache), never the keywords. An unreadable file is skipped
with a notice and replaced at the next merge.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Callable, Generator
from functools import cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import polars as pl

from corpus import paths
from corpus.disk.atomic import write_file
from corpus.disk.locks import locked
from corpus.disk.nocache import unwritable
from corpus.keywords.extraction import VERSION, Keyword
from corpus.keywords.pool import extract_many
from corpus.keywords.ranking import CANDIDATE_SCHEMA

_SCHEMA = pl.Schema({"hash": pl.String, "rank": pl.UInt16, "phrase": pl.String, "score": pl.Float64})


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def text_hashes(texts: list[str]) -> list[str]:
    """text_hash() of each text, in this thread: at 100,000 articles (4 KB each) 0.5 s; a thread
    pool was slower (0.9 s with four threads on two cores: encoding holds the GIL, and blake2b
    releases it for only microseconds at a time)."""
    return [text_hash(t) for t in texts]


# What extract() reads besides the text: its code, its rules and the stopword lists.
CANDIDATE_FILES = (
    "keywords/extraction.py", "keywords/phrases.py", "keywords/stopwords.py", "index/tokens.py",
    "data/stopwords_extra.txt",
)


@cache
def settings_key() -> str:
    """v<VERSION>-<hash of the YAKE version and CANDIDATE_FILES>: names the cache files."""
    h = hashlib.blake2b(f"yake {version('yake')}".encode(), digest_size=6)
    package = files("corpus")
    for name in CANDIDATE_FILES:
        h.update(b"\0" + name.encode() + b"\0")
        try:
            h.update(package.joinpath(name).read_bytes())
        except OSError:  # an install without sources: the version still counts
            h.update(b"-")
    return f"v{VERSION}-{h.hexdigest()}"


def keyword_file() -> Path:
    return paths.keyword_file(settings_key())


def parts_folder() -> Path:
    return paths.keyword_parts(settings_key())


def _remove_other_settings() -> None:
    """Delete the cache files of other settings (never read again), a stored file or parts folder."""
    current = {keyword_file().name, parts_folder().name, paths.keyword_lock(settings_key()).name}
    for path in paths.keyword_files_of_any_settings():
        if path.name in current:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.suffix in (".parquet", ".lock"):
            path.unlink(missing_ok=True)


def _parts() -> list[Path]:
    try:
        return sorted(parts_folder().glob("*.parquet"))
    except OSError:
        return []


def _read(path: Path, hashes: pl.Series | None) -> pl.DataFrame:
    frame = pl.scan_parquet(path)
    if hashes is not None:
        frame = frame.filter(pl.col("hash").is_in(hashes.implode()))
    return frame.collect().cast(_SCHEMA)


def _unreadable(path: Path, exc: Exception) -> str:
    return f"keyword cache {path} was unreadable ({exc.__class__.__name__}); rebuilding it"


def load_frame(hashes: set[str] | None = None) -> tuple[pl.DataFrame, list[str]]:
    """Cached rows (hash, rank, phrase, score) for these text hashes (all when None), and
    notices for files that could not be read."""
    wanted = pl.Series(list(hashes), dtype=pl.String) if hashes is not None else None
    frames, notices = [], []
    main = keyword_file()
    for path in ([main] if main.exists() else []) + _parts():
        try:
            frames.append(_read(path, wanted))
        except FileNotFoundError:  # merged away by another process meanwhile
            continue
        except Exception as exc:  # noqa: BLE001 -- any damage to a file means: without it
            notices.append(_unreadable(path, exc))
    if not frames:
        return pl.DataFrame(schema=_SCHEMA), notices
    # A text may be in two files (two runs at once): its rows are the same, keep one set.
    frame = pl.concat(frames)
    if len(frames) > 1:
        frame = frame.unique(["hash", "rank"], keep="first", maintain_order=True)
    return frame, notices


def load_keywords(hashes: set[str]) -> tuple[dict[str, tuple[Keyword, ...]], str | None]:
    """Cached keywords for these texts, and a notice when a cache file was unreadable."""
    frame, notices = load_frame(hashes)
    return _as_keywords(frame), ("; ".join(notices) or None)


def cached_rows(hashes: list[str]) -> tuple[pl.DataFrame, list[int]]:
    """The cached candidates of the texts with these text_hash()es, as corpus.keywords.ranking.rank_rows()
    takes them (doc: position in `hashes`), and the positions not cached. No Python object per
    candidate: at 100,000 articles there are millions. Unreadable files count as empty here;
    keywords_for() says so and rebuilds them."""
    cached, _ = load_frame(set(hashes))
    found = pl.DataFrame({"hash": hashes}, schema={"hash": pl.String}).with_row_index("doc").join(
        cached, on="hash", how="left", maintain_order="left"
    )
    missing = found.filter(pl.col("rank").is_null())["doc"].to_list()
    rows = (
        found.filter(pl.col("phrase").is_not_null())  # an article without keywords has a null row
        .sort("doc", "rank")
        .select("doc", "phrase", "score")
        .cast(CANDIDATE_SCHEMA)
    )
    return rows, missing


def _as_keywords(frame: pl.DataFrame) -> dict[str, tuple[Keyword, ...]]:
    if frame.is_empty():
        return {}
    grouped = frame.sort("hash", "rank").group_by("hash", maintain_order=True).agg("phrase", "score")
    found = {}
    for h, phrases, scores in grouped.iter_rows():
        # An article with no keywords has one row with a null phrase.
        found[h] = tuple(Keyword(p, s) for p, s in zip(phrases, scores, strict=True) if p is not None)
    return found


def _frame(new: dict[str, tuple[Keyword, ...]]) -> pl.DataFrame:
    hashes: list[str] = []
    ranks: list[int] = []
    phrases: list[str | None] = []
    scores: list[float | None] = []
    for h, kws in new.items():
        for r, k in enumerate(kws):
            hashes.append(h)
            ranks.append(r)
            phrases.append(k.phrase)
            scores.append(k.score)
        if not kws:  # still a row, so the article is not recomputed each launch
            hashes.append(h)
            ranks.append(0)
            phrases.append(None)
            scores.append(None)
    return pl.DataFrame({"hash": hashes, "rank": ranks, "phrase": phrases, "score": scores}, schema=_SCHEMA)


def _write(frame: pl.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, frame.write_parquet)


def not_cached(exc: BaseException) -> str | None:
    """The notice for a keyword cache that cannot be written: the same one notice per cache
    folder and process as the index cache's (corpus.disk.nocache), None once told."""
    return unwritable(paths.cache_root(), exc)


def save_keywords(new: dict[str, tuple[Keyword, ...]]) -> None:
    """Add entries to the cache as a new part file (merge_parts() folds them in)."""
    if new:
        _write(_frame(new), parts_folder() / f"{uuid.uuid4().hex}.parquet")


def merge_parts() -> None:
    """Fold the part files into the main file, atomically; an unreadable file is dropped.

    One process merges at a time (a lock beside the files): two merging at once would each
    write the main file from what they read, and the later rename would drop the parts the
    other had folded in and deleted."""
    if not _parts():
        return
    with locked(paths.keyword_lock(settings_key())):
        _merge(_parts())  # listed again: a merge that held the lock may have taken them


def _merge(parts: list[Path]) -> None:
    if not parts:
        return
    frames = []
    for path in [keyword_file(), *parts]:
        try:
            frames.append(_read(path, None))
        except Exception:  # noqa: BLE001 -- missing or damaged: what it held is recomputed later
            pass
    frame = pl.concat(frames) if frames else pl.DataFrame(schema=_SCHEMA)
    frame = frame.unique(["hash", "rank"], keep="last", maintain_order=True)
    _write(frame, keyword_file())
    _remove_other_settings()
    for path in parts:  # only those merged: another run may be adding parts meanwhile
        try:
            path.unlink()
        except FileNotFoundError:
            pass


MERGE_AT = 64  # part files left by single articles (candidates_of) before they are merged


def candidates_of(
    text: str, extract_one: Callable[[str], tuple[Keyword, ...]], *, notify: Callable[[str], None] | None = None
) -> tuple[Keyword, ...]:
    """The candidates of one text: from the cache, or `extract_one(text)` saved to it (as a
    part file; once MERGE_AT have piled up, they are merged). Cache trouble goes to `notify`
    and costs only the caching."""
    h = text_hash(text)
    cached, notices = load_frame({h})
    for notice in notices:
        if notify:
            notify(notice)
    found = _as_keywords(cached).get(h)
    if found is not None:
        return found
    found = extract_one(text)
    try:
        save_keywords({h: found})
        if len(_parts()) >= MERGE_AT:
            merge_parts()
    except OSError as exc:
        if notify and (told := not_cached(exc)):
            notify(told)
    return found


def keywords_for(
    texts: list[str],
    *,
    hashes: list[str] | None = None,
    processes: int | None = None,
    save_every: int = 2000,
    on_missing: Callable[[int], None] | None = None,
) -> Generator[tuple[int, tuple[Keyword, ...]] | str, None, None]:
    """(position, keywords) for every text: cached ones first, then the rest as computed
    (corpus.keywords.pool.extract_many: a process pool for many texts).

    Yields a notice string instead of a pair when a cache file had to be rebuilt. New results
    are saved as they accumulate, so an interrupted run keeps what it did. `hashes`: the
    texts' text_hash() when already known. `on_missing(n)` is called once the cached ones are
    yielded, with the number still to compute. OSError when the cache cannot be written.
    """
    hashes = text_hashes(texts) if hashes is None else hashes
    cached, notices = load_frame(set(hashes))
    yield from notices
    found = _as_keywords(cached)
    missing: dict[str, list[int]] = {}  # the same text twice is extracted once
    for i, h in enumerate(hashes):
        kws = found.get(h)
        if kws is not None:
            yield i, kws
        else:
            missing.setdefault(h, []).append(i)
    if on_missing is not None:
        on_missing(sum(len(rows) for rows in missing.values()))
    if not missing and not _parts():
        return
    order = list(missing)
    fresh: dict[str, tuple[Keyword, ...]] = {}
    try:
        for n, kws in extract_many(((n, texts[missing[h][0]]) for n, h in enumerate(order)), processes=processes):
            h = order[n]
            fresh[h] = kws
            for i in missing[h]:
                yield i, kws
            if len(fresh) >= save_every:
                save_keywords(fresh)
                fresh = {}
    finally:
        save_keywords(fresh)
        merge_parts()
