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
    words, terms = token_codes(texts)
    return words.select("doc", term=terms.gather(words["code"]))


def token_codes(texts: pl.Series) -> tuple[pl.DataFrame, pl.Series]:
    """token_stream() with the terms coded: (words, terms), where words has columns doc and code
    (UInt32), in text order, and terms[code] is the term. A code no token has (a compound that
    was split) has a null term."""
    # Coding the tokens as they are found hashes each once (value_counts over the strings, then
    # numbering them, cost 3× as much), and splitting compounds then concerns a few thousand
    # distinct terms instead of millions of tokens. Private categories keep the codes dense.
    coded = pl.Categorical(pl.Categories.random())
    # The streaming engine splits one column's rows over the CPUs (twice as fast on two) and
    # keeps their order.
    tokens = (
        pl.LazyFrame({"text": texts})
        .with_row_index("doc")
        .select(pl.col("doc").cast(pl.UInt32), code=pl.col("text").str.to_lowercase().str.extract_all(WORD))
        .explode("code")
        .drop_nulls("code")
        .with_columns(pl.col("code").cast(coded))
        .collect(engine="streaming")
    )
    # `tokens` keeps the categories alive (they go with the last column using them, and casting
    # the parts must not start them afresh), so it stays a Categorical until the end.
    codes = tokens["code"].to_physical()
    found = pl.DataFrame(_terms(len(codes) and codes.max() + 1, coded)).with_row_index("code")
    compounds = found.filter(pl.col("term").str.contains("-", literal=True)).iter_rows()
    split = [(code, term.split("-")) for code, term in compounds if not is_reduplication(term)]
    if not split:
        return pl.DataFrame({"doc": tokens["doc"], "code": codes}), found["term"]
    parts = pl.DataFrame(
        {"code": [code for code, parts in split for _ in parts], "part": [p for _, parts in split for p in parts]},
        schema={"code": pl.UInt32, "part": pl.String},
    ).with_columns(pl.col("part").cast(coded).to_physical())
    terms = _terms(max(found.height, parts["part"].max() + 1), coded)
    # Each code stands for the list of its parts' codes (most for just itself), exploded (in
    # the streaming engine: 4× faster at 50M tokens).
    into = (
        pl.DataFrame({"code": pl.int_range(len(terms), dtype=pl.UInt32, eager=True)})
        .join(parts.group_by("code").agg("part"), on="code", how="left", maintain_order="left")
        .select(pl.coalesce("part", pl.concat_list("code")))
        .to_series()
    )
    words = (
        pl.LazyFrame({"doc": tokens["doc"], "code": codes})
        .select("doc", code=pl.lit(into).gather(pl.col("code")))
        .explode("code")
        .collect(engine="streaming")
    )
    return words, terms.scatter([code for code, _ in split], None)


def _terms(count: int, coded: pl.Categorical) -> pl.Series:
    """The terms of codes 0 to count - 1 (null for one reserved but never handed out)."""
    return pl.int_range(count, dtype=pl.UInt32, eager=True).cat.to(coded, strict=False).cast(pl.String).alias("term")
