"""What a token is, said once and used by every view.

A token is a run of letters and digits, lower-cased. Hyphens split words ("Rusia-AS" is
"rusia" + "as"), except in reduplication, which stays one token ("negara-negara", "isu-isu"):
in Indonesian the doubled form is a word of its own (a plural), not two words.

Bulk tokenizing runs in polars; `token_spans` does the same in Python for one article's
highlighting. A test keeps the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl

# Letters and digits, with hyphen-joined parts kept together until is_reduplication decides.
WORD = r"[^\W_]+(?:-[^\W_]+)*"
_WORD_RE = re.compile(WORD)
_PART_RE = re.compile(r"[^\W_]+")


def is_reduplication(word: str) -> bool:
    parts = word.lower().split("-")
    return len(parts) > 1 and all(p == parts[0] for p in parts)


def token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, token) for every token of `text`, offsets into `text`."""
    for m in _WORD_RE.finditer(text):
        word = m.group()
        if "-" not in word or is_reduplication(word):
            yield m.start(), m.end(), word.lower()
        else:
            for part in _PART_RE.finditer(word):
                yield m.start() + part.start(), m.start() + part.end(), part.group().lower()


def tokenize(text: str) -> list[str]:
    return [t for _, _, t in token_spans(text)]


def token_stream(texts: pl.Series) -> pl.DataFrame:
    """Every token of every text, in order: columns doc (row number) and term."""
    # The streaming engine splits one column's rows over the CPUs (twice as fast on two) and
    # keeps their order.
    words = (
        pl.LazyFrame({"text": texts})
        .with_row_index("doc")
        .select(pl.col("doc").cast(pl.UInt32), term=pl.col("text").str.to_lowercase().str.extract_all(WORD))
        .explode("term")
        .drop_nulls("term")
        .collect(engine="streaming")
    )
    # Split hyphenated compounds; reduplication is decided once per distinct compound, and
    # every other token splits into itself (split on "-" is vectorised; a join is 3× slower).
    compounds = words.filter(pl.col("term").str.contains("-", literal=True))["term"].unique()
    whole = [w for w in compounds.to_list() if is_reduplication(w)]
    return (
        words.lazy()
        .with_columns(
            term=pl.when(pl.col("term").is_in(whole))
            .then(pl.concat_list("term"))
            .otherwise(pl.col("term").str.split("-"))
        )
        .explode("term")
        .collect(engine="streaming")
    )
