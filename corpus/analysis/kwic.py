"""Concordance (keyword in context): every occurrence of a query with the text around it.

Lines are found from the index first: hits() says which articles hold which matched terms
(words or phrases, exactly what compare() counts), and only those articles are read again,
for character offsets. So the number of lines equals compare()'s count, and the work grows
with the matches, not with the corpus. Within an article a regex finds where a matched term
may start and only a window around it is tokenized (whitespace-cut, so its tokens are the
text's); the whole text is tokenized instead for a stemmed index, a query with very many
distinct terms, or text whose lower case changes length (İ).

Context is up to `width` characters each side of the match, cut at token boundaries (the left
context starts at a token, the right one ends at a token), runs of whitespace shown as one
space. `start`/`end` are offsets of the match in the cleaned text: text[start:end] == match.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from typing import Literal

import polars as pl

from corpus.analysis.compare import hits
from corpus.analysis.query import Query
from corpus.index.terms import TermIndex
from corpus.index.tokens import token_spans
from corpus.model import Corpus

Sort = Literal["position", "left", "right"]
SORTS = ("position", "left", "right")

SCHEMA = {
    "article_row": pl.UInt32,
    "article_id": pl.String,
    "period": pl.Int32,  # index into corpus.periods; null outside every period
    "period_label": pl.String,
    "start": pl.Int64,
    "end": pl.Int64,
    "left": pl.String,
    "match": pl.String,  # the text as written, text[start:end]
    "right": pl.String,
    "term": pl.String,  # the matched token(s), lower-cased, space-separated (compare's term)
    "left_word": pl.String,  # the token just before the match ("" at the start of the text)
    "right_word": pl.String,  # the token just after it ("" at the end)
}

_SPACE = re.compile(r"\s+")
_LINE_COLUMNS = list(SCHEMA)[4:]


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text)


Line = tuple[int, int, str, str, str, str, str, str]  # start, end, left, match, right, term, words


class _Terms:
    """The matched terms (compare's `term`: tokens joined by a space), by length in tokens."""

    def __init__(self, terms: Sequence[str]) -> None:
        self.by_length: dict[int, set[str]] = {}
        for term in terms:
            self.by_length.setdefault(term.count(" ") + 1, set()).add(term)
        self.lengths = sorted(self.by_length)
        self.longest = self.lengths[-1]
        self.firsts = {t.split(" ", 1)[0] for t in terms}
        self.all = set(terms)

    def regex(self) -> re.Pattern:
        """Where a matched term can start, in lower-cased text: a superset, checked on tokens.

        Zero-width (a lookahead), so overlapping occurrences ("isu isu" in "isu isu isu") are
        all found; the words of a phrase may be apart by any run of non-word characters.
        """
        alternatives = "|".join(
            r"[\W_]+".join(re.escape(w) for w in term.split(" "))
            for term in sorted(self.all, key=len, reverse=True)
        )
        return re.compile(rf"(?<![^\W_])(?=(?:{alternatives})(?![^\W_]))")

    def at(self, tokens: list[str], i: int):
        """(k, term) for every matched term starting at token i."""
        if tokens[i] not in self.firsts:
            return
        for k in self.lengths:
            if i + k <= len(tokens):
                term = tokens[i] if k == 1 else " ".join(tokens[i : i + k])
                if term in self.by_length[k]:
                    yield k, term


def _line(text, starts, ends, tokens, i, k, term, width) -> Line:
    start, end = starts[i], ends[i + k - 1]
    first = bisect_left(starts, start - width, 0, i)
    last = bisect_right(ends, end + width, i + k) - 1
    left = text[starts[first] if first < i else start : start]
    right = text[end : ends[last] if last >= i + k else end]
    return (
        start,
        end,
        _flat(left),
        text[start:end],
        _flat(right),
        term,
        tokens[i - 1] if i else "",
        tokens[i + k] if i + k < len(tokens) else "",
    )


def _spans(text: str, ws: int, we: int):
    spans = list(token_spans(text[ws:we]))
    return [s + ws for s, _, _ in spans], [e + ws for _, e, _ in spans], [t for _, _, t in spans]


def _lines_in(text: str, terms: _Terms, width: int, stems: Mapping[str, str] | None) -> list[Line]:
    """Tokenize the whole text and look at every token."""
    starts, ends, tokens = _spans(text, 0, len(text))
    if stems:
        tokens = [stems.get(t, t) for t in tokens]
    return [
        _line(text, starts, ends, tokens, i, k, term, width)
        for i in range(len(tokens))
        for k, term in terms.at(tokens, i)
    ]


def _cut_before(text: str, at: int) -> int:
    """A token boundary at or before `at`: just after a space or line break (0 at the start)."""
    if at <= 0:
        return 0
    return max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1


def _cut_after(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    found = [i for i in (text.find(" ", at), text.find("\n", at)) if i >= 0]
    return min(found) if found else len(text)


def _lines_near(text: str, lowered: str, regex: re.Pattern, terms: _Terms, width: int) -> list[Line]:
    """Find where terms may start with a regex, then tokenize only a window around each.

    Windows are cut at whitespace, which never falls inside a token, so the window's tokens
    are the text's tokens. A window grows until it holds the token before the candidate, the
    longest phrase and the token after it, and `width` characters past the match.
    """
    lines: list[Line] = []
    n = len(text)
    for m in regex.finditer(lowered):
        pos = m.start()
        lo, hi, grow = pos - width, pos + width + 32, 64
        while True:
            ws, we = _cut_before(text, lo), _cut_after(text, hi)
            starts, ends, tokens = _spans(text, ws, we)
            i = bisect_left(starts, pos)
            if i == len(starts) or starts[i] != pos:
                break  # inside a token (as "negara" in "negara-negara"): not a match
            ok_left = ws == 0 or i >= 1
            j = i + terms.longest
            ok_right = we == n or (j < len(tokens) and we >= ends[j - 1] + width)
            if ok_left and ok_right:
                lines.extend(
                    _line(text, starts, ends, tokens, i, k, term, width)
                    for k, term in terms.at(tokens, i)
                )
                break
            lo, hi, grow = (lo if ok_left else ws - grow), (hi if ok_right else we + grow), grow * 2
    return lines


# Beyond this many distinct terms the regex alternation costs more than tokenizing.
_MAX_REGEX_WORDS = 200


_TEXTS_AT_ONCE = 512  # articles whose texts are read together: a limited concordance stops early


def _articles(corpus: Corpus, docs: pl.Series) -> Iterator[tuple[int, str, str, int | None]]:
    """(row, text, id, period) of the article rows `docs`, their texts read a batch at a time."""
    for start in range(0, len(docs), _TEXTS_AT_ONCE):
        batch = docs.slice(start, _TEXTS_AT_ONCE).cast(pl.Int64)
        meta = corpus.articles.select("id", "period")[batch]
        yield from zip(batch.to_list(), corpus.texts.rows(batch).to_list(), meta["id"], meta["period"], strict=True)


def kwic(
    corpus: Corpus,
    index: TermIndex,
    query: Query,
    width: int = 40,
    sort: Sort = "position",
    limit: int | None = None,
) -> pl.DataFrame:
    """Every occurrence of `query`, one row each (columns: SCHEMA), grouped by period.

    sort: "position" (reading order), "left" (by the word before the match) or "right" (by
    the word after it), always within a period. `limit` keeps the first lines in reading
    order (then sorts them); without it there is one line per occurrence compare() counts.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    width = max(0, width)
    found = hits(index, query)
    if found.is_empty() or (limit is not None and limit <= 0):
        return pl.DataFrame(schema=SCHEMA)
    stems = getattr(index, "stems", None)
    terms = _Terms(found["term"].unique().to_list())
    regex = terms.regex() if not stems and len(terms.all) <= _MAX_REGEX_WORDS else None
    docs = found["doc"].unique().sort()
    columns: dict[str, list] = {name: [] for name in SCHEMA}
    total = 0
    for doc, text, article_id, period in _articles(corpus, docs):
        lowered = text.lower() if regex is not None else ""
        if regex is not None and len(lowered) == len(text):
            lines = _lines_near(text, lowered, regex, terms, width)
        else:
            lines = _lines_in(text, terms, width, stems)
        if limit is not None:
            lines = lines[: limit - total]
        label = corpus.period_label(period)
        for line in lines:
            columns["article_row"].append(doc)
            columns["article_id"].append(article_id)
            columns["period"].append(period)
            columns["period_label"].append(label)
            for name, value in zip(_LINE_COLUMNS, line, strict=False):
                columns[name].append(value)
        total += len(lines)
        if limit is not None and total >= limit:
            break
    frame = pl.DataFrame(columns, schema=SCHEMA)
    keys = {
        "position": ["period", "article_row", "start"],
        "left": ["period", "left_word", "term", "article_row", "start"],
        "right": ["period", "right_word", "term", "article_row", "start"],
    }[sort]
    return frame.sort(keys, nulls_last=True, maintain_order=True)
