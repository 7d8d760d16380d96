"""Writing files and folders so that a reader sees the old one or the new one, never half.

Everything is written to a temporary name in the target's own folder (a rename is atomic only
within one file system), then renamed over the target with os.replace. Whatever fails, the
temporary file or folder is removed, so a full disk or a Ctrl-C leaves nothing behind.

`durable=True` also fsyncs the file before the rename and the folder after it, so that after a
power cut the name holds the new bytes or the old, not an empty file: wanted for what the user
asked to keep (an export), and for a small file that vouches for others (the index cache's
manifest). Large cache files skip it: their checksums catch any loss, which costs a rebuild.

Used by corpus.index.store (the index cache) and corpus.analysis.export; corpus.keywords.cache (the keyword cache)
can use write_file() for its Parquet files the same way.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_file(
    path: Path,
    write: Callable[[BinaryIO], object],
    *,
    durable: bool = False,
    mode: int | None = None,
) -> None:
    """Call `write(f)` on a temporary file beside `path`, then rename it to `path`.

    `mode`: the permissions of the new file (mkstemp makes it 0600); None keeps those of a file
    replaced, else 0644. OSError (and anything `write` raises) propagates, with no temporary
    file left."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        if mode is None:
            try:
                mode = path.stat().st_mode & 0o777
            except OSError:
                mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    if durable:
        sync_folder(path.parent)


def replace_folder(tmp: Path, folder: Path) -> None:
    """Rename the finished folder `tmp` to `folder`, moving an old folder there aside first
    (a folder cannot be renamed over a non-empty one) and deleting it after. A reader of the
    old folder keeps its open files (POSIX: unlinked files live on while open)."""
    old = None
    if folder.exists():
        old = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-", suffix=".old"))
        os.replace(folder, old / "entry")
    try:
        os.replace(tmp, folder)
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    sync_folder(folder.parent)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so a rename in it survives a power cut. Not possible on every system
    (Windows cannot open a folder): there the rename is as durable as the system makes it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
