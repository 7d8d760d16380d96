"""Running without the on-disk cache when it cannot be written: told once, never fatal.

A full disk, a read-only file system, a cache folder we may not write or a file where the folder
should be all make a cache write fail. The corpus is then opened (and keywords computed) as if
there were no cache, and the user is told once per cache folder and process: the first
failure gives a notice, later ones (the keyword cache after the index cache, say) give none.

corpus.index.store reports its failures here; corpus.keywords.cache (the keyword cache) and its callers can
do the same with `unwritable(cache_root(), exc)` to share the one notice.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from corpus.visible import NOTICE_LIMIT, error_line

_told: set[Path] = set()  # cache folders already reported unwritable in this process


def unwritable(root: Path, exc: BaseException) -> str | None:
    """The notice for a failed write under the cache folder `root`: the first time for this
    folder in this process, None after."""
    key = Path(root).absolute()
    if key in _told:
        return None
    _told.add(key)
    return f"cannot write the cache in {key} ({why(exc)}); running without it"


def told(root: Path) -> bool:
    """Whether the cache under `root` was already reported unwritable in this process."""
    return Path(root).absolute() in _told


def why(exc: BaseException) -> str:
    """A failed write's cause as a few words, for the notice."""
    code = getattr(exc, "errno", None)
    if code is None and (found := re.search(r"\(os error (\d+)\)", str(exc))):
        code = int(found.group(1))  # polars (Rust) puts the errno in its message only
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", None):
        return "no space left"
    if code == errno.EROFS:
        return "read-only file system"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return "a file is where a folder should be"
    return error_line(exc, limit=NOTICE_LIMIT)
