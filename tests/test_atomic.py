"""corpus.disk.atomic: a file or folder is the old one or the new one, never half, never litter."""

from __future__ import annotations

import errno
import os
import stat

import pytest

import corpus.disk.atomic as atomic
from corpus.disk.atomic import replace_folder, write_file


def litter(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_writes_the_file_with_ordinary_permissions(tmp_path):
    target = tmp_path / "t.txt"
    write_file(target, lambda f: f.write(b"new"))
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert litter(tmp_path) == []


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "t.txt"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_file(target, lambda f: f.write(b"new"))
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, error):
    target = tmp_path / "t.txt"
    target.write_bytes(b"old")

    def half(f):
        f.write(b"ha")
        raise error

    with pytest.raises(type(error)):
        write_file(target, half)
    assert target.read_bytes() == b"old"
    assert litter(tmp_path) == []


def test_a_failed_rename_leaves_no_temporary(tmp_path, monkeypatch):
    def read_only(*args):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.os, "replace", read_only)
    with pytest.raises(OSError):
        write_file(tmp_path / "t.txt", lambda f: f.write(b"new"))
    assert list(tmp_path.iterdir()) == []


def test_durable_syncs_the_file_and_its_folder(tmp_path, monkeypatch):
    synced = []
    real = os.fsync

    def counting(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", counting)
    write_file(tmp_path / "t.txt", lambda f: f.write(b"new"))
    assert synced == []
    write_file(tmp_path / "t.txt", lambda f: f.write(b"new"), durable=True)
    assert synced == [False, True]  # the file's bytes, then the folder's new name


def test_replace_folder_swaps_the_whole_folder(tmp_path):
    old, new = tmp_path / "entry", tmp_path / ".entry.tmp"
    old.mkdir()
    (old / "stale").write_text("old")
    (old / "data").write_text("old")
    new.mkdir()
    (new / "data").write_text("new")
    with open(old / "data") as reading:  # a reader of the old folder keeps its file
        replace_folder(new, old)
        assert reading.read() == "old"
    assert sorted(p.name for p in old.iterdir()) == ["data"]
    assert (old / "data").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["entry"]  # the old folder is gone too


def test_replace_folder_into_an_empty_place(tmp_path):
    new = tmp_path / ".entry.tmp"
    new.mkdir()
    (new / "data").write_text("new")
    replace_folder(new, tmp_path / "entry")
    assert [p.name for p in tmp_path.iterdir()] == ["entry"]
