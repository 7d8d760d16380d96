"""What a user could do without Kabar: one word counted by a plain polars scan of the raw text.

    .venv/bin/python benchmarks/plain_scan.py CORPUS.parquet [WORD]

No index, no cleaning: the text column of a Parquet table lower-cased and the word's matches
between word boundaries counted, in all and by article. benchmarks/scale.py times it beside
Kabar's warm `compare` of the same word in the same run: an index that does not beat this by a
wide margin is not earning its cache.
"""

from __future__ import annotations

import re
import sys

import polars as pl


def count(path: str, word: str) -> tuple[int, int]:
    """(occurrences, articles) of `word` in the text column of the table at `path`."""
    found = (
        pl.scan_parquet(path)
        .select(n=pl.col("text").str.to_lowercase().str.count_matches(rf"\b{re.escape(word)}\b"))
        .select(occurrences=pl.col("n").sum(), articles=(pl.col("n") > 0).sum())
        .collect()
    )
    return int(found["occurrences"][0]), int(found["articles"][0])


if __name__ == "__main__":
    occurrences, articles = count(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "suriah")
    print(f"{occurrences} occurrences in {articles} articles")
