"""A large input file's digest is remembered by its stat (corpus.ingest.digest): an unchanged
table is not read again at every opening, and any change to it is seen."""

from __future__ import annotations

import hashlib
import os
import time

import pytest

import corpus.ingest.digest as digest


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(digest, "REMEMBERED", 10)


def reads(monkeypatch) -> list[int]:
    """How many times a file's bytes are hashed from now on."""
    counted: list[int] = []
    real = hashlib.blake2b

    def counting(*args, **kwargs):
        counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(digest.hashlib, "blake2b", counting)
    return counted


def aged(path, seconds: float = 60) -> None:
    """`path` written `seconds` ago (its ctime cannot be set: the racy window is moved instead)."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_an_unchanged_large_file_is_hashed_once(small_threshold, monkeypatch, tmp_path):
    table = tmp_path / "news.csv"
    table.write_bytes(b"id,text\n1,kata presiden rusia\n")
    monkeypatch.setattr(digest, "RACY_NS", -(10**12))  # the file counts as old enough at once
    first = digest.file_digest(table)
    assert first == hashlib.blake2b(table.read_bytes(), digest_size=20).digest()
    counted = reads(monkeypatch)
    assert digest.file_digest(table) == first
    assert len(counted) == 1  # the stat's key only, not the file


def test_a_changed_file_is_hashed_again(small_threshold, monkeypatch, tmp_path):
    table = tmp_path / "news.csv"
    table.write_bytes(b"id,text\n1,kata presiden rusia\n")
    monkeypatch.setattr(digest, "RACY_NS", -(10**12))
    first = digest.file_digest(table)
    table.write_bytes(b"id,text\n1,kata presiden china\n")  # same size, other bytes
    aged(table)
    assert digest.file_digest(table) != first
    assert digest.file_digest(table) == hashlib.blake2b(table.read_bytes(), digest_size=20).digest()


def test_a_file_written_just_now_is_not_remembered(small_threshold, monkeypatch, tmp_path):
    table = tmp_path / "news.csv"
    table.write_bytes(b"id,text\n1,kata presiden rusia\n")
    digest.file_digest(table)
    counted = reads(monkeypatch)
    digest.file_digest(table)
    assert len(counted) == 3  # the stat's key before and after, and the file hashed again


def test_small_files_are_always_hashed(monkeypatch, tmp_path):
    table = tmp_path / "news.csv"
    table.write_bytes(b"id,text\n1,kata\n")
    monkeypatch.setattr(digest, "RACY_NS", -(10**12))
    digest.file_digest(table)
    counted = reads(monkeypatch)
    digest.file_digest(table)
    assert len(counted) == 1 and not digest.digest_root().exists()
