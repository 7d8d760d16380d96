"""Dates read from bare texts: how often Kabar dates a real article wrong when nothing but its
text is given.

    .venv/bin/python benchmarks/dates_bare.py                 # 300 texts, seed 10
    .venv/bin/python benchmarks/dates_bare.py --n 1000 --show 20

Writes N `content` texts of the dev corpus (../shared/corpora/clickid-dev/articles.csv, chosen
with a fixed seed, non-empty ones only) as .txt files into a fresh folder under /tmp (no title,
no date: a bare folder), loads it with corpus.ingest.load.load_corpus, and compares each inferred date
with the CSV's own `date` column, parsed here independently and plainly. Prints: exact, off by
1-7 days, wrong by more than 7 days, undated, and the date basis of each. With --show, the
articles dated more than 7 days wrong, with the date in their URL when it has one: the CSV's
date column is itself sometimes wrong (see the corpus's SOURCE.md), so read those by hand.
Nothing from the corpus is written outside /tmp.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.ingest.load import load_corpus  # noqa: E402

DEV = ROOT.parent / "shared" / "corpora" / "clickid-dev" / "articles.csv"
_MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "maret": 3, "apr": 4, "april": 4,
    "may": 5, "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "agustus": 8,
    "sep": 9, "september": 9, "oct": 10, "oktober": 10, "nov": 11, "november": 11,
    "dec": 12, "desember": 12,
}


def csv_date(value: str) -> date | None:
    """The dev corpus's date shapes, read plainly: 2019-09-17, 16/09/2019, 31 Juli 2019,
    Oktober 19, 2019, Oct 2, 2019."""
    v = value.strip()
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", v):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", v):
        return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    if m := re.fullmatch(r"([A-Za-z]+) (\d{1,2}), (\d{4})", v):
        return date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    return None


def url_date(url: str) -> date | None:
    m = re.search(r"/(20\d\d)/(\d\d)/(\d\d)/", url)
    return date(int(m[1]), int(m[2]), int(m[3])) if m else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--show", type=int, default=0, help="list this many articles dated more than 7 days wrong")
    args = parser.parse_args()
    if not DEV.is_file():
        print(f"no dev corpus at {DEV}", file=sys.stderr)
        return 1
    with open(DEV, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["content"].strip() and csv_date(r["date"])]
    sample = random.Random(args.seed).sample(rows, args.n)
    folder = Path(tempfile.mkdtemp(prefix="kabar-dates-bare-"))
    try:
        for i, r in enumerate(sample):
            (folder / f"{i:05d}.txt").write_text(r["content"], encoding="utf-8")
        corpus = load_corpus(folder)
    finally:
        shutil.rmtree(folder)
    articles = corpus.articles
    basis = articles["date_basis"].to_list() if "date_basis" in articles.columns else [None] * articles.height
    outcome: Counter[str] = Counter()
    by_basis: Counter[tuple[str, str]] = Counter()
    wrong = []
    for article_id, published, how in zip(articles["id"], articles["published"], basis, strict=False):
        r = sample[int(article_id)]
        truth = csv_date(r["date"])
        if published is None:
            kind = "undated"
        else:
            off = abs((published - truth).days)
            kind = "exact" if off == 0 else "off 1-7 days" if off <= 7 else "wrong > 7 days"
            if off > 7:
                wrong.append((article_id, published, truth, url_date(r["url"]), how, r["content"]))
        outcome[kind] += 1
        by_basis[(str(how), kind)] += 1
    print(f"{args.n} bare texts of {DEV.name} (seed {args.seed})")
    for kind in ("exact", "off 1-7 days", "wrong > 7 days", "undated"):
        print(f"  {kind:15} {outcome[kind]:5}  {100 * outcome[kind] / args.n:5.1f} %")
    if any(b != (None,) for b in set(basis)):
        print("by date basis:")
        for (how, kind), n in sorted(by_basis.items()):
            print(f"  {how:9} {kind:15} {n:5}")
    for article_id, published, truth, in_url, how, text in wrong[: args.show]:
        print(f"\n{article_id}: dated {published} ({how}), column {truth}, url {in_url}\n  {text[:300]!r}")
    for problem in corpus.problems:
        print(f"problem: {problem}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
