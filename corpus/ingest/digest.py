"""Reading a corpus's input files, and hashing them: what Source.digest is made of.

Files are read by a few threads (blake2b releases the GIL: they hash in parallel); a file that
cannot be read is kept as its OSError, to be named as a problem when the corpus is loaded.
The digest covers every input byte and loading argument but the periods (corpus.ingest.load).
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from corpus.ingest.files import open_regular, read_regular


def file_digest(path: Path) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    with open_regular(path) as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.digest()


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
