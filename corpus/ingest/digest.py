"""Reading a corpus's input files, and hashing them: what Source.digest is made of.

Files are read by a few threads (blake2b releases the GIL: they hash in parallel); a file that
cannot be read is kept as its OSError, to be named as a problem when the corpus is loaded.
The digest covers every input byte and loading argument but the periods (corpus.ingest.load).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from corpus.disk.atomic import write_file
from corpus.ingest.files import open_regular, read_regular
from corpus.paths import digest_root

REMEMBERED = 16 << 20  # files this large have their digest remembered by their stat
RACY_NS = 2_000_000_000  # a file changed this recently may change again within its mtime's tick


def file_digest(path: Path) -> bytes:
    """blake2b of the file's bytes. A large file's is remembered by what stat says of it (its
    device, inode, size, and times of change, to the nanosecond), as git's index does, so that
    an unchanged table of gigabytes is not read again at every opening: any write changes its
    ctime. A file written within the last RACY_NS is hashed but not remembered (a second write
    in the same clock tick could leave its times as they were)."""
    with open_regular(path) as f:
        seen = os.fstat(f.fileno())
        key = _stat_key(path, seen) if seen.st_size >= REMEMBERED else None
        if key is not None and (known := _remembered(key)) is not None:
            return known
        h = hashlib.blake2b(digest_size=20)
        while chunk := f.read(1 << 20):
            h.update(chunk)
        digest = h.digest()
        after = os.fstat(f.fileno())
    if key is not None and _stat_key(path, after) == key and time.time_ns() - after.st_ctime_ns > RACY_NS:
        _remember(key, digest)
    return digest


def _stat_key(path: Path, st: os.stat_result) -> str:
    fields = (os.path.realpath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return hashlib.blake2b(repr(fields).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _remembered(key: str) -> bytes | None:
    path = digest_root() / key
    try:
        text = path.read_text(encoding="ascii")
        found = bytes.fromhex(text) if len(text) == 40 else None
        if found is not None:
            os.utime(path)  # used: kept by forget_unused
        return found
    except (OSError, ValueError):
        return None


def forget_unused(days: float = 30) -> None:
    """Forget the digests not used for `days` (files moved or gone leave theirs behind)."""
    limit = time.time() - days * 86_400
    try:
        paths = list(digest_root().iterdir())
    except OSError:
        return
    for path in paths:
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def _remember(key: str, digest: bytes) -> None:
    try:
        digest_root().mkdir(parents=True, exist_ok=True)
        write_file(digest_root() / key, lambda f: f.write(digest.hex().encode("ascii")))
    except OSError:  # an unwritable cache: hashed again next time
        pass


def optional_file(path: Path) -> bytes:
    """Digest of a file that may be there (a manifest, periods.toml), or a marker."""
    return file_digest(path) if path.is_file() else b"-"


def files_digest(rels: list[str], contents: list[tuple[bytes | OSError, bytes]]) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for rel, (_, digest) in zip(rels, contents, strict=True):
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0" + digest)
    return h.digest()


def inputs_digest(kind: bytes, inputs: bytes, columns: dict[str, str] | None, *extra: bytes) -> str:
    h = hashlib.blake2b(kind + b"\0" + inputs, digest_size=20)
    for part in extra:
        h.update(b"\0" + part)
    h.update(b"\0columns\0" + json.dumps(columns or {}, sort_keys=True).encode())
    return h.hexdigest()


def _read(path: str) -> bytes | OSError:
    try:
        return read_regular(path)
    except OSError as exc:
        return exc


def _read_hashed(path: str) -> tuple[bytes | OSError, bytes]:
    data = _read(path)  # blake2b releases the GIL: the reading threads hash in parallel
    if isinstance(data, OSError):
        return data, f"unreadable:{data.errno}".encode()
    return data, hashlib.blake2b(data, digest_size=16).digest()


def read_files(folder: Path, rels: list[str], hashed: bool) -> list[tuple[bytes | OSError, bytes]]:
    """(contents, digest) of each file, read by a few threads; digest b"" unless hashed."""
    paths = [os.path.join(folder, rel) for rel in rels]
    with ThreadPoolExecutor(max_workers=8) as pool:
        if hashed:
            return list(pool.map(_read_hashed, paths))
        return [(data, b"") for data in pool.map(_read, paths)]
