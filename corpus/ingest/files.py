"""Opening a user's file without hanging on it: only regular files are read.

`open()` on a named pipe blocks until a writer comes, forever in practice, and a device may
never end; a corpus path (or a link in a corpus folder) can be either. The file is opened
without blocking and checked before the first read.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """`open(path, "rb")` for a regular file (after links); OSError for anything else."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a named pipe" if stat.S_ISFIFO(mode) else "a folder" if stat.S_ISDIR(mode) else "a device or socket"
            raise OSError(errno.EINVAL, f"not a regular file ({kind})", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file (see open_regular)."""
    with open_regular(path) as f:
        return f.read()



def shown(name: str) -> str:
    """A file name as text: the bytes of a name that is not UTF-8 (which Python holds as lone
    surrogates, and polars and the terminal refuse) written as \\xNN escapes: "caf\\xe9.txt"."""
    if name.isascii() or name.isprintable():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
