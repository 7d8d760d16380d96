"""Indonesian stopwords: YAKE's list plus function words it lacks (data/stopwords_extra.txt)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _words(text: str) -> set[str]:
    return {w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")}


@cache
def stopwords() -> frozenset[str]:
    yake_list = files("yake.core") / "StopwordsList" / "stopwords_id.txt"
    extra = files("corpus") / "data" / "stopwords_extra.txt"
    return frozenset(_words(yake_list.read_text(encoding="utf-8")) | _words(extra.read_text(encoding="utf-8")))
