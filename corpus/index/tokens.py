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
from typing import cast

import polars as pl

from corpus.ingest.repair import INVISIBLE

# Letters and digits, with hyphen-joined parts kept together until is_reduplication decides.
# Rust's \w (the bulk tokenizer) takes in the joiners and variation selectors, Python's does
# not: both are told to leave them out (corpus.ingest.repair removes them from text anyway).
_LETTER = f"[^\\W_{INVISIBLE}]"
WORD = f"{_LETTER}+(?:-{_LETTER}+)*"
_WORD_RE = re.compile(WORD)
_PART_RE = re.compile(f"{_LETTER}+")


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
    words, terms = token_codes(texts)
    return words.select("doc", term=terms.gather(words["code"]))


def token_codes(texts: pl.Series) -> tuple[pl.DataFrame, pl.Series]:
    """token_stream() with the terms coded: (words, terms), where words has columns doc and code
    (UInt32), in text order, and terms[code] is the term."""
    # No token spans a space, so a text's tokens are those of its space-separated pieces, in
    # order. Splitting at spaces is cheap where the token regex is not (it costs more per match
    # than the split and the coding together), and a corpus has few distinct pieces: the regex,
    # and the splitting of compounds, run once per distinct piece. Private categories number
    # the pieces and the terms densely as they are found.
    piece_codes = pl.Categorical(pl.Categories.random())
    # The streaming engine splits one column's rows over the CPUs and keeps their order.
    pieces = (
        pl.LazyFrame({"text": texts})
        .with_row_index("doc")
        .select(
            pl.col("doc").cast(pl.UInt32),
            piece=pl.col("text").str.to_lowercase().str.split(" ").cast(pl.List(piece_codes)),
        )
        .explode("piece")
        .drop_nulls("piece")
        .collect(engine="streaming")
    )
    # `pieces` keeps the categories alive until their strings are read (they go with the last
    # column using them).
    codes = pieces["piece"].to_physical()
    count = len(codes) and cast(int, codes.max()) + 1
    found = (
        pl.DataFrame({"piece": pl.int_range(count, dtype=pl.UInt32, eager=True), "text": _strings(count, piece_codes)})
        .select("piece", term=pl.col("text").str.extract_all(WORD))
        .explode("term")
        .drop_nulls("term")
    )
    compounds = found.filter(pl.col("term").str.contains("-", literal=True))["term"].unique().to_list()
    if split := [term for term in compounds if not is_reduplication(term)]:
        found = found.with_columns(
            term=pl.when(pl.col("term").is_in(split)).then(pl.col("term").str.split("-")).otherwise(pl.concat_list("term"))
        ).explode("term")
    term_codes = pl.Categorical(pl.Categories.random())
    found = found.with_columns(code=pl.col("term").cast(term_codes))
    terms = _strings(found.height and cast(int, found["code"].to_physical().max()) + 1, term_codes).alias("term")
    # Each piece stands for the list of its terms' codes (null for none), exploded (in the
    # streaming engine: 4× faster at 50M tokens).
    into = (
        pl.DataFrame({"piece": pl.int_range(count, dtype=pl.UInt32, eager=True)})
        .join(found.group_by("piece").agg(pl.col("code").to_physical()), on="piece", how="left", maintain_order="left")
        .get_column("code")
    )
    words = (
        pl.LazyFrame({"doc": pieces["doc"], "piece": codes})
        .select("doc", code=pl.lit(into).gather(pl.col("piece")))
        .explode("code")
        .drop_nulls("code")
        .collect(engine="streaming")
    )
    return words, terms


def _strings(count: int, coded: pl.Categorical) -> pl.Series:
    """The strings of codes 0 to count - 1 (null for one reserved but never handed out)."""
    return pl.int_range(count, dtype=pl.UInt32, eager=True).cat.to(coded, strict=False).cast(pl.String)
