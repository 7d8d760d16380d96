"""The filter's query language.

    suriah                one word (whole tokens, any case)
    teror*                `*` stands for any letters: terorisme, teroris, teror
    "presiden rusia"      a phrase: these tokens in a row
    suriah | ukraina      alternatives: `|`, `,` or plain spaces separate them
    @suriah               a topic: all of that topic's terms and phrases (corpus/analysis/topics.py)

Each alternative is counted on its own; the totals add them up. A word that the tokenizer
splits ("rusia-as") is searched as the phrase it becomes.

Every problem with a query is a QueryError, whose message is short enough to show inline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus.index.tokens import is_reduplication

if TYPE_CHECKING:
    from corpus.analysis.topics import Topic

_QUERY_WORD = re.compile(r"(?:[^\W_]|\*)+(?:-(?:[^\W_]|\*)+)*")
_SEPARATORS = "|,"
TOPIC_NAME = re.compile(r"[a-z][a-z0-9_]*")  # what may follow `@`


class QueryError(ValueError):
    """A query that cannot be run; the message is short enough to show inline."""


@dataclass(frozen=True)
class Alternative:
    patterns: tuple[str, ...]  # lower-cased tokens, possibly with `*`

    @property
    def label(self) -> str:
        return " ".join(self.patterns)


@dataclass(frozen=True)
class Query:
    text: str
    alternatives: tuple[Alternative, ...]
    topics: tuple[str, ...] = ()  # names of the @topics the query used, in order

    @property
    def is_empty(self) -> bool:
        return not self.alternatives


def _split_top_level(text: str) -> list[tuple[str, bool]]:
    """Pieces of the query with whether each was quoted."""
    pieces: list[tuple[str, bool]] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError("close the quote to search the phrase")
            if current:
                pieces.append(("".join(current), False))
                current = []
            pieces.append((text[i + 1 : end], True))
            i = end + 1
            continue
        if ch in _SEPARATORS or ch.isspace():
            if current:
                pieces.append(("".join(current), False))
                current = []
        else:
            current.append(ch)
        i += 1
    if current:
        pieces.append(("".join(current), False))
    return pieces


def _patterns(piece: str) -> tuple[str, ...]:
    tokens: list[str] = []
    for m in _QUERY_WORD.finditer(piece.lower()):
        word = m.group()
        tokens.extend([word] if is_reduplication(word) else word.split("-"))
    for token in tokens:
        if not token.strip("*"):
            raise QueryError("a wildcard needs at least one letter, as in teror*")
    return tuple(tokens)


def _topic(piece: str, topics: Mapping[str, Topic] | None) -> Topic:
    name = piece[1:].lower()[:40]
    if not name:
        raise QueryError("type a topic name after @, as in @suriah")
    topic = topics.get(name) if topics and TOPIC_NAME.fullmatch(name) else None
    if topic is None:
        known = ", ".join(f"@{n}" for n in topics) if topics else "none loaded"
        raise QueryError(f"unknown topic @{name}; known: {known}")
    return topic


# Longer queries are refused: no one types one, and each alternative costs a pass over the
# index on every keystroke.
MAX_QUERY_CHARS = 1_000


def parse(text: str, topics: Mapping[str, Topic] | None = None) -> Query:
    """The query in `text`; `@name` stands for the alternatives of topics[name]."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"a query is at most {MAX_QUERY_CHARS:,} characters; this one has {len(text):,}")
    alternatives: list[Alternative] = []
    used: list[str] = []
    for piece, quoted in _split_top_level(text):
        if not quoted and piece.startswith("@"):
            topic = _topic(piece, topics)
            if topic.name not in used:
                used.append(topic.name)
            found = topic.alternatives
        else:
            patterns = _patterns(piece)
            if not patterns:
                if quoted:
                    raise QueryError("empty phrase: type words between the quotes")
                raise QueryError(f"no word to search in {_shortened(piece)!r}")
            found = (Alternative(patterns),)
        for alt in found:
            if alt not in alternatives:
                alternatives.append(alt)
    return Query(text=text, alternatives=tuple(alternatives), topics=tuple(used))


def pieces(text: str) -> list[str]:
    """The query's top-level pieces as typed, phrases in their quotes: ['teror*', '"presiden
    rusia"', '@suriah']; each parses on its own into that piece's alternatives (a trend's series)."""
    return [f'"{piece}"' if quoted else piece for piece, quoted in _split_top_level(text)]


def pattern_regex(pattern: str) -> str:
    """Anchored regex (valid for both Python and polars) for one token pattern."""
    return "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"


def _shortened(text: str, limit: int = 40) -> str:
    """A piece of the query as a message may quote it: at most `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
