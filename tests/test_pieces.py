"""corpus.concurrency.pieces: the same values as polars' own conversions, across piece boundaries."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from corpus.concurrency import pieces


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch):
    monkeypatch.setattr(pieces, "PIECE", 3)
    monkeypatch.setattr(pieces, "ROWS", 4)


@pytest.mark.parametrize("n", [0, 1, 3, 7, 12])
def test_each_conversion_gives_what_polars_gives(n):
    frame = pl.DataFrame({
        "text": [f"artikel {i}" if i % 5 else None for i in range(n)],
        "day": [date(2024, 1, 1 + i) for i in range(n)],
        "tokens": [["a", str(i)] for i in range(n)],
    })
    assert pieces.to_list(frame["text"]) == frame["text"].to_list()
    assert list(pieces.rows(frame)) == list(frame.iter_rows())
