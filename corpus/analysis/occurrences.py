"""Where a query or a phrase occurs inside one text, as character spans (for highlighting)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from corpus.analysis.query import Query, pattern_regex
from corpus.index.tokens import token_spans, tokenize


@cache
def _matcher(pattern: str):
    if "*" not in pattern:
        return pattern.__eq__
    return re.compile(pattern_regex(pattern)).match


def _find(tokens: list[tuple[int, int, str]], sequences: Iterable[tuple[str, ...]]):
    spans = []
    for seq in sequences:
        tests = [_matcher(p) for p in seq]
        k = len(tests)
        for i in range(len(tokens) - k + 1):
            if all(tests[j](tokens[i + j][2]) for j in range(k)):
                spans.append((tokens[i][0], tokens[i + k - 1][1]))
    return spans


def query_spans(text: str, query: Query, stems: Mapping[str, str] | None = None) -> list[tuple[int, int]]:
    """Spans of every occurrence of the query's alternatives, sorted.

    With `stems` (surface token -> stem), tokens are matched by their stem, as a stemmed
    index counts them.
    """
    tokens = list(token_spans(text))
    if stems:
        tokens = [(s, e, stems.get(t, t)) for s, e, t in tokens]
    return sorted(set(_find(tokens, (alt.patterns for alt in query.alternatives))))


def phrase_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of every occurrence of these phrases (matched on tokens, any case), sorted."""
    tokens = list(token_spans(text))
    sequences = {tuple(tokenize(p)) for p in phrases}
    return sorted(set(_find(tokens, (s for s in sequences if s))))
