"""A table file as a corpus: one article per row (.csv, .tsv, .jsonl/.ndjson, .json, .parquet).

The columns are found by corpus.ingest.tables; what a row does not give is inferred from its
text (corpus.ingest.finish). Rows without text, dates not understood and rows that fail are
named in the corpus's problems; ids are the `id` column's, else the row number.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from corpus.ingest.dates import parse_dates
from corpus.ingest.finish import finish_all
from corpus.ingest.metadata import infer_frame
from corpus.ingest.source import Choose, CorpusError
from corpus.ingest.staging import Finished, Staged, Staging, finish_rows
from corpus.ingest.tables import TableError, as_text, is_text_like, read_table


def table_staging(path: Path, columns: dict[str, str] | None, choose: Choose) -> Staging:
    """The table at `path` as a Staging (corpus.ingest.staging): a unit is a row with text. The
    table is read and its columns judged whole (problems about a column are about every row);
    the rows' texts are interpreted a slice at a time."""
    try:
        frame, roles, problems = read_table(path, columns)
        for role in ("title", "source", "id"):  # only the text is needed: another column may be odd
            if role in roles and not is_text_like(frame.schema[roles[role]]):
                problems.append(f"{path.name}: column '{roles[role]}' holds {frame.schema[roles[role]]} values, "
                                f"not text: no {role} taken from it")
                del roles[role]
        given = frame.select(
            row=pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
            raw=as_text(frame, roles["text"]),
            **{
                role: as_text(frame, roles[role]).str.strip_chars().replace("", None)
                if role in roles else pl.lit(None, pl.String)
                for role in ("title", "source", "id")
            },
        )
    except TableError as exc:
        raise CorpusError(f"{path}: {exc}") from exc
    if "date" in roles:
        dates, missed, examples = parse_dates(frame[roles["date"]])
        given = given.with_columns(published=dates)
        if missed:
            shown = ", ".join(repr(e) for e in examples)
            problems.append(
                f"{path.name}: {missed:,} value{'s' if missed > 1 else ''} in date column '{roles['date']}' not"
                f" understood (e.g. {shown}); {'those rows are' if missed > 1 else 'that row is'} dated from"
                " the text where it says, shown by date_basis"
            )
    else:
        given = given.with_columns(published=pl.lit(None, pl.Date))
    # A regex, not strip_chars() == "": stripping would copy every text (gigabytes at a million rows).
    blank = given.select(pl.col("raw").is_null() | pl.col("raw").str.contains(r"^\s*$")).to_series()
    if blank.any():
        problems.append(f"{path.name}: {_rows(given.filter(blank)['row'].to_list())}")
        given = given.filter(~blank)
    if given.height == 0:
        raise CorpusError(f"{path}: no row has any text (column '{roles['text']}')")
    if given["raw"].str.contains("\r", literal=True).any():  # else replacing would copy every text for nothing
        given = given.with_columns(
            raw=pl.col("raw").str.replace_all("\r\n", "\n", literal=True).str.replace_all("\r", "\n", literal=True)
        )

    def stage(start: int, stop: int) -> Staged:
        part = given.slice(start, stop - start)
        asked = {"find_date": pl.col("published").is_null(), "find_source": pl.col("source").is_null()}
        found = infer_frame(part.select("raw", "title", **asked), finish_all)
        failed = [
            f"{path.name} row {row}: could not be read ({error})"
            for row, error in part.select("row", error=found["error"]).drop_nulls("error").iter_rows()
        ]
        rows = part.select(
            id=pl.coalesce("id", pl.col("row").cast(pl.String)),
            title=found["title"],
            source=pl.coalesce("source", found["source"]),
            published=pl.coalesce("published", found["published"]),
            date_basis=pl.when(pl.col("published").is_not_null()).then(pl.lit("column")).otherwise(found["date_basis"]),
            text=found["text"],
            raw="raw",
            origin=pl.format("{} row {}", pl.lit(path.name), "row"),
        )
        return Staged(rows.filter(found["error"].is_null()) if failed else rows, tuple(failed))

    def finish(staged: Staged) -> Finished:
        return finish_rows(str(path), staged, problems, "rows", choose)

    # A row is cut by its text, and built from all it gives, its place included (ids and origins
    # are row numbers).
    return Staging("table", given["raw"].hash(), given.hash_rows(), stage, finish)


def _rows(rows: list[int], limit: int = 10) -> str:
    if len(rows) == 1:
        return f"row {rows[0]} has no text, skipped"
    shown = ", ".join(str(r) for r in rows[:limit])
    more = f", … ({len(rows) - limit:,} more)" if len(rows) > limit else ""
    return f"{len(rows):,} rows have no text, skipped (rows {shown}{more})"
