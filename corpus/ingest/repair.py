"""Text as its writer meant it, before anything reads it: mojibake undone, one Unicode form, no
invisible characters.

- Mojibake (UTF-8 read as Windows-1252, Latin-1 or Mac Roman: "â€œ" or "‚Äú" for “) is undone
  by ftfy (fix_encoding only: quotes stay curly, entities and line breaks as they are). ftfy
  reads a 2,000-character article in about 1.6 ms, more than cleaning it; but mojibake lives
  only in runs of non-ASCII characters (each byte of a multi-byte UTF-8 character is ≥ 0x80
  and reads as a non-ASCII character in those encodings), so ftfy is asked about each distinct
  run once. A text where it changes some runs and not others (mojibake beside real accents or
  Arabic, say) is first read whole, since there its judgement needs the context.
- Zero-width characters (U+200B-U+200D, U+2060, U+FEFF), the left-to-right and right-to-left
  marks (U+200E, U+200F) and variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF) are
  removed: they are invisible, they split words ("A\u200ehmad"), and Rust's regex (the bulk
  tokenizer) counts some of them as letters where Python's does not.
- Unicode NFC, so that a typed "café" finds a decomposed "cafe\\u0301".

`repair` does one text; `repair_column` a column, with the same result: it finds in columns the
few texts that need anything and hands those to `repair`. The raw text is kept as received
elsewhere (corpus.ingest.load); this is for what is cleaned, read and counted.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import ftfy
import polars as pl

_RUN = r"[^\x00-\x7F]+"
_RUN_RE = re.compile(_RUN)
INVISIBLE = "\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f\U000e0100-\U000e01ef"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# Characters that NFC leaves alone whatever stands around them and that are not invisible: below
# U+0300 nothing composes or decomposes, nor in general punctuation after U+2001 or the currency
# signs (tests/test_repair.py checks it). A text with any other character is normalized.
_PLAIN = "\\x00-\\u02FF\\u2002-\\u200A\\u2010-\\u205F\\u2061-\\u206F\\u20A0-\\u20BF"
_ODD = f"[^{_PLAIN}]"
_ODD_RE = re.compile(_ODD)
_LEGACY = ("mac_roman", "cp1252")


@lru_cache(maxsize=65536)
def _fix_run(run: str) -> str:
    fixed = ftfy.fix_encoding(run)
    if fixed == run:
        # ftfy leaves an invisible character's mojibake alone ("‚Äé" is U+200E read as Mac Roman):
        # its result looks no better. A run whose bytes in a legacy encoding are UTF-8 for format
        # characters only is that mojibake (real text never reads so).
        for encoding in _LEGACY:
            try:
                decoded = run.encode(encoding).decode("utf-8")
            except UnicodeError:
                continue
            if all(unicodedata.category(c) == "Cf" for c in decoded):
                return decoded
    return fixed


def _fix_mojibake(text: str) -> str:
    runs = _RUN_RE.findall(text)
    changed = [_fix_run(run) != run for run in runs]
    if not any(changed):
        return text
    if not all(changed):  # whole, where context decides; then what ftfy judged alone is mojibake
        text = ftfy.fix_encoding(text)
    return _RUN_RE.sub(lambda m: _fix_run(m.group()), text)


def repair(text: str) -> str:
    """`text` with mojibake undone, invisible characters removed, in NFC."""
    text = _fix_mojibake(text)
    if _ODD_RE.search(text):
        text = unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", text))
    return text


def repair_column(texts: pl.Series) -> pl.Series:
    """repair() of each text of `texts` (nulls stay null)."""
    runs = texts.rename("text").to_frame().with_row_index("row").select(
        "row", run=pl.col("text").str.extract_all(_RUN)
    ).explode("run").drop_nulls("run")
    distinct = runs["run"].unique()
    table = pl.DataFrame(
        {"run": distinct, "fixed": [_fix_run(run) for run in distinct]}, schema={"run": pl.String, "fixed": pl.String}
    )
    broken = table.filter(pl.col("run") != pl.col("fixed")).sort(pl.col("run").str.len_chars(), descending=True)
    out = texts.clone()
    whole = pl.Series([], dtype=pl.UInt32)
    if broken.height:
        is_broken = pl.col("run") != pl.col("fixed")
        changed = (
            runs.join(table, on="run").group_by("row").agg(some=is_broken.any(), every=is_broken.all()).filter("some")
        )
        whole = changed.filter(~pl.col("every"))["row"]  # mixed: ftfy reads the whole text
        # every run broken: each is replaced by its repair, the longest first so that a run is
        # never taken for a shorter one inside it
        every = changed.filter(pl.col("every"))["row"]
        if every.len():
            fixed = out.gather(every).str.replace_many(
                broken["run"].to_list(), broken["fixed"].to_list(), leftmost=True
            )
            out = out.scatter(every, fixed)
    odd = out.str.contains(_ODD).fill_null(False)
    where = (odd.scatter(whole, True) if whole.len() else odd).arg_true()
    if where.len():
        out = out.scatter(where, pl.Series([repair(text) for text in texts.gather(where)], dtype=pl.String))
    return out
