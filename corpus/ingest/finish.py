"""Finishing a corpus's rows, whatever they were read from: metadata inferred from the texts
(in worker processes when there are many), yearless dates dated by the corpus's year, dates far
outside the corpus's own made undated, repeated ids made unique, problem lines capped.
"""

from __future__ import annotations

import polars as pl

from corpus.concurrency.parallel import map_batches
from corpus.ingest.metadata import Inferred, Staged, finish_batch, infer_batch
from corpus.ingest.text_dates import YEARLESS_WEEKDAY, corpus_year, text_date, text_outliers
from corpus.model import ARTICLE_SCHEMA
from corpus.texts import SCHEMA as TEXT_SCHEMA

MAX_LISTED = 20  # problems named one by one; the rest are counted in one line
# A staged row: an article's metadata (without its period: periods are a view) and texts.
ROW_SCHEMA = {
    **{k: v for k, v in ARTICLE_SCHEMA.items() if k not in ("period", "origin")},
    **TEXT_SCHEMA,
    "origin": ARTICLE_SCHEMA["origin"],
}


def date_by_corpus_year(frame: pl.DataFrame) -> pl.DataFrame:
    """Undated articles with a weekday and a yearless date ("Rabu (18/9)") and no year in their
    text, dated with the year of the corpus's bulk (corpus.ingest.text_dates.corpus_year): the weekday
    chooses among it and the years beside it."""
    year = corpus_year(frame["published"])
    if year is None:
        return frame
    undated = frame.with_row_index("i").filter(pl.col("published").is_null())  # then the regex: on these only
    todo = undated.filter(pl.col("text").str.contains(YEARLESS_WEEKDAY))
    found = [text_date(text, corpus_years=(year,)) for text in todo["text"]]
    where = todo["i"]
    return frame.with_columns(
        frame["published"].scatter(where, pl.Series([day for day, _ in found], dtype=pl.Date)),
        frame["date_basis"].scatter(where, pl.Series([basis for _, basis in found], dtype=pl.String)),
    )


def drop_outliers(frame: pl.DataFrame, problems: list[str]) -> pl.DataFrame:
    """Dates read from text far outside the corpus's other dates (corpus.ingest.text_dates.text_outliers)
    made undated, and counted in one problem line."""
    far = text_outliers(frame["published"], frame["date_basis"])
    n = int(far.sum())
    if not n:
        return frame
    examples = ", ".join(str(d) for d in frame.filter(far)["published"].unique(maintain_order=True).head(2))
    problems.append(
        f"{n:,} date{'s' if n > 1 else ''} read from the text far outside the corpus's other dates"
        f" (e.g. {examples}) not trusted: {'those articles are' if n > 1 else 'that article is'} undated"
    )
    return frame.with_columns(
        published=pl.when(far).then(None).otherwise(pl.col("published")),
        date_basis=pl.when(far).then(None).otherwise(pl.col("date_basis")),
    )


def capped(lines: list[str], what: str) -> list[str]:
    if len(lines) <= MAX_LISTED:
        return lines
    return lines[:MAX_LISTED] + [f"… and {len(lines) - MAX_LISTED:,} more {what} skipped"]


def unique_ids(frame: pl.DataFrame, problems: list[str]) -> pl.DataFrame:
    n = pl.col("id").cum_count().over("id")
    repeated = frame.select((n > 1).sum()).item()
    if repeated:
        example, origin = frame.filter(n > 1).select("id", "origin").row(0)
        problems.append(f"{repeated:,} repeated article ids made unique with ~2, ~3 … (e.g. '{example}' in {origin})")
        frame = frame.with_columns(id=pl.when(n > 1).then(pl.format("{}~{}", "id", n)).otherwise("id"))
    return frame


# Below this many articles the dating and dateline reading (~0.05 ms each) is done before
# worker processes would start.
PARALLEL_MIN = 2000


def infer_all(jobs: list[tuple[str, str | None, bool, bool]]) -> list[Inferred | str]:
    """metadata.infer_batch over every job, dates and datelines read as finish_all says."""
    return infer_batch(jobs, finish_all)


def finish_all(staged: list[tuple[Staged, str]]) -> list[Inferred | str]:
    """metadata.finish_batch; the reading of dates and datelines, Python work for each
    article, spread over the CPUs when there are many."""
    if len(staged) < PARALLEL_MIN or not any(s.find_date or s.find_source for s, _ in staged):
        return finish_batch(staged)
    return map_batches(finish_batch, staged, batch=100, preload=["corpus.ingest.metadata"])
