"""Indonesian stopwords: YAKE's list plus function words it lacks (data/stopwords_extra.txt)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path

import polars as pl


def _words(text: str) -> set[str]:
    return {w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")}


@cache
def stopwords() -> frozenset[str]:
    # Found without importing yake, which takes ~0.15 s and is not needed to read a list.
    spec = find_spec("yake")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'yake'", name="yake")
    yake_dir = Path(spec.submodule_search_locations[0])
    yake_list = yake_dir / "core" / "StopwordsList" / "stopwords_id.txt"
    extra = files("corpus") / "data" / "stopwords_extra.txt"
    return frozenset(_words(yake_list.read_text(encoding="utf-8")) | _words(extra.read_text(encoding="utf-8")))


def content_terms(vocab: pl.DataFrame) -> pl.DataFrame:
    """term_id, term of the vocabulary's content words: no stopword, no number, no one-letter token."""
    return vocab.filter(
        ~pl.col("term").is_in(list(stopwords()))
        & pl.col("term").str.contains(r"[^\d]")
        & (pl.col("term").str.len_chars() > 1)
    ).select("term_id", "term")
