"""Keywords cached on disk, so a second launch does no YAKE work.

The cache lives under the user cache directory (platformdirs, which honours XDG_CACHE_HOME),
or KABAR_CACHE_DIR when set. Entries are keyed by a hash of the cleaned text, and the file by
the keyword settings version: changed text or settings simply miss. Writes are atomic
(temporary file, then rename); an unreadable file is treated as empty and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import platformdirs
import polars as pl

from corpus.keywords import VERSION, Keyword, extract_many

_SCHEMA = {"hash": pl.String, "rank": pl.UInt16, "phrase": pl.String, "score": pl.Float64}


def cache_root() -> Path:
    override = os.environ.get("KABAR_CACHE_DIR")
    return Path(override) if override else platformdirs.user_cache_path("kabar")


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def keyword_file() -> Path:
    return cache_root() / f"keywords-v{VERSION}.parquet"


def load_keywords(hashes: set[str]) -> tuple[dict[str, tuple[Keyword, ...]], str | None]:
    """Cached keywords for these texts, and a notice when the cache was unreadable."""
    path = keyword_file()
    if not path.exists():
        return {}, None
    try:
        frame = pl.read_parquet(path).cast(_SCHEMA)
    except Exception as exc:  # any damage to the file means: start again
        return {}, f"keyword cache {path} was unreadable ({exc.__class__.__name__}); rebuilding it"
    found: dict[str, list[Keyword]] = {}
    rows = frame.filter(pl.col("hash").is_in(list(hashes))).sort("hash", "rank")
    for h, phrase, score in rows.select("hash", "phrase", "score").iter_rows():
        kws = found.setdefault(h, [])
        if phrase is not None:
            kws.append(Keyword(phrase, score))
    return {h: tuple(kws) for h, kws in found.items()}, None


def save_keywords(new: dict[str, tuple[Keyword, ...]]) -> None:
    """Add entries to the cache file, replacing it atomically."""
    if not new:
        return
    rows = [
        {"hash": h, "rank": r, "phrase": k.phrase, "score": k.score}
        for h, kws in new.items()
        for r, k in enumerate(kws)
    ]
    # An article with no keywords still gets a row, so it is not recomputed each launch.
    rows += [{"hash": h, "rank": 0, "phrase": None, "score": None} for h, kws in new.items() if not kws]
    frame = pl.DataFrame(rows, schema=_SCHEMA)
    path = keyword_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        try:
            old = pl.read_parquet(path).cast(_SCHEMA)
            frame = pl.concat([old.filter(~pl.col("hash").is_in(list(new))), frame])
        except Exception:
            pass  # a damaged file is replaced by the new entries
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keywords-", suffix=".tmp")
    os.close(fd)
    try:
        frame.write_parquet(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def keywords_for(texts: list[str], *, save_every: int = 2000):
    """(position, keywords) for every text: cached ones first, then the rest as computed.

    Yields a notice string instead of a pair when the cache had to be rebuilt. New results
    are saved as they accumulate, so an interrupted run keeps what it did.
    """
    hashes = [text_hash(t) for t in texts]
    cached, notice = load_keywords(set(hashes))
    if notice:
        yield notice
    missing = []
    for i, h in enumerate(hashes):
        if h in cached:
            yield i, cached[h]
        else:
            missing.append((i, texts[i]))
    fresh: dict[str, tuple[Keyword, ...]] = {}
    try:
        for i, kws in extract_many(missing):
            fresh[hashes[i]] = kws
            yield i, kws
            if len(fresh) >= save_every:
                save_keywords(fresh)
                fresh = {}
    finally:
        save_keywords(fresh)
