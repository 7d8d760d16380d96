"""How much the loader's repair and cleaning take out of a real corpus, and what they leave.

    .venv/bin/python benchmarks/cleaning.py [--corpus ../shared/corpora/clickid-dev/articles.csv]

Loads the corpus as `kabar` does (a private KABAR_CACHE_DIR under /tmp, so the load is cold)
and prints:
  removed      the share of the raw text's token characters (letters and digits) that the
               cleaned text no longer has: chrome, titles repeated, teasers; the raw text is
               taken as corpus.ingest.repair makes it, so that mojibake undone does not count;
  left         articles whose cleaned text still holds a chrome cue or mojibake;
  load         wall time of the load (it includes repair and cleaning).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpora" / "clickid-dev" / "articles.csv"
CUES = {
    "baca juga": r"(?i)\bbaca juga\b",
    "loading...": r"(?i)\bloading\s*(?:\.\.|…)",
    "credit label": r"(?i)\b(?:penulis|editor|reporter|pewarta)\s*:",
    "tayang di tail": r"(?i)artikel ini (?:telah )?tayang di",
    "mojibake": r"‚Ä|â€|Ã[\x80-\xbf]",
    "U+FE0F / zero-width": "[\ufe0f\u200b-\u200d\u2060\ufeff]",
}


def token_chars(texts: pl.Series) -> int:
    return int(texts.str.extract_all(r"[^\W_]+").list.eval(pl.element().str.len_chars()).list.sum().sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEV)
    args = parser.parse_args()
    os.environ["KABAR_CACHE_DIR"] = tempfile.mkdtemp(prefix="kabar-cleaning-")
    from corpus.ingest.load import load_corpus  # after the cache folder is set

    start = time.perf_counter()
    articles = load_corpus(args.corpus).articles_with_texts()
    seconds = time.perf_counter() - start
    try:
        from corpus.ingest.repair import repair_column
    except ImportError:  # a tree from before the repair step
        repaired = articles["raw"]
    else:
        repaired = repair_column(articles["raw"])
    raw, text = token_chars(repaired), token_chars(articles["text"])
    print(f"{articles.height:,} articles; load {seconds:.2f} s")
    print(f"removed      {100 * (raw - text) / raw:.2f} % of the raw token characters ({raw - text:,} of {raw:,})")
    for name, pattern in CUES.items():
        before = articles["raw"].str.contains(pattern).sum()
        after = articles["text"].str.contains(pattern).sum()
        print(f"left         {name:20} {after:6,} articles (raw: {before:,})")


if __name__ == "__main__":
    main()
