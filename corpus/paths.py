"""Where every file Kabar writes or reads for the user lives: the one place that decides it.

Cache (may be deleted at any time; rebuilt as needed)
    cache_root(): KABAR_CACHE_DIR when set, else the user cache folder (platformdirs, which
    honours XDG_CACHE_HOME) for "kabar". Under it:
      index/<key>/ and index/<key>.lock   one cached corpus and its token index (corpus.index.store)
      segments/<key>/                     one slice of a corpus, staged and tokenized (corpus.index.segments)
      keywords-<settings>.parquet         the keyword candidates (corpus.keywords.cache), with
      keywords-<settings>.parts/          the part files not yet merged into it, and
      keywords-<settings>.lock            the lock one merging process holds
      kabar.log                           tracebacks of the dashboard's failed workers (tui.workers)

Configuration
    config_root(): KABAR_CONFIG_DIR when set, else the user config folder (platformdirs) for
    "kabar"; topics.toml there adds to the bundled topics (corpus.analysis.topics).

Exports
    export_folder(): where the export dialog proposes to write a table: the current folder.

Nothing here creates a folder or touches the disk: callers create what they write.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "kabar"
CACHE_ENV = "KABAR_CACHE_DIR"
CONFIG_ENV = "KABAR_CONFIG_DIR"
LOG_NAME = "kabar.log"  # its size is capped by tui.workers (LOG_BYTES, one older file kept)
KEYWORDS_PREFIX = "keywords-"  # + the keyword settings key: the keyword cache's files


def cache_root() -> Path:
    """The cache folder: KABAR_CACHE_DIR, else the user cache folder."""
    override = os.environ.get(CACHE_ENV)
    return Path(override).expanduser() if override else platformdirs.user_cache_path(APP)


def index_root() -> Path:
    """The folder of the cached corpora and indexes (corpus.index.store): one entry per key."""
    return cache_root() / "index"


def digest_root() -> Path:
    """Where the digests of large input files are remembered by their stat (corpus.ingest.digest)."""
    return cache_root() / "digests"


def segment_root() -> Path:
    """The folder of cached segments (corpus.index.segments): one folder per key, shared by
    every corpus holding the same units."""
    return cache_root() / "segments"


def keyword_file(settings: str) -> Path:
    """The keyword candidates of the settings `settings` (corpus.keywords.cache.settings_key())."""
    return cache_root() / f"{KEYWORDS_PREFIX}{settings}.parquet"


def keyword_parts(settings: str) -> Path:
    """The folder of keyword part files not yet merged into keyword_file(settings)."""
    return cache_root() / f"{KEYWORDS_PREFIX}{settings}.parts"


def keyword_lock(settings: str) -> Path:
    """The lock held while the parts of `settings` are merged."""
    return cache_root() / f"{KEYWORDS_PREFIX}{settings}.lock"


def keyword_files_of_any_settings() -> list[Path]:
    """Every keyword cache file or folder there, of whatever settings (the stale ones are deleted)."""
    return list(cache_root().glob(f"{KEYWORDS_PREFIX}v*"))


def log_path() -> Path:
    """The dashboard's log of failed workers."""
    return cache_root() / LOG_NAME


def config_root() -> Path:
    """The configuration folder: KABAR_CONFIG_DIR, else the user config folder."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else platformdirs.user_config_path(APP)


def export_folder() -> Path:
    """Where exports are proposed: the current folder (shown as "./")."""
    return Path(".")
