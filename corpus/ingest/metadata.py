"""Title, date and source of an article that came without them, read from its text.

Functions over strings, and over columns of them. `infer` does one article; the loader calls
`infer_frame` (or its list form `infer_batch`) on all of them, which finds the headlines and
cleans the texts a column at a time (corpus.ingest.clean_column) and reads in Python only what needs it.
The title is read by corpus.ingest.headlines, the source by corpus.ingest.datelines.

Date
    The publication date from where news puts it, by corpus.ingest.text_dates.text_date: the dateline and
    first lines of the cleaned text, then of the raw text without its headline (a date line
    the cleaning dropped), then a date of the body when it is plausible; with its basis,
    "dateline" or "text".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from corpus.concurrency.pieces import rows
from corpus.ingest.clean import clean_text
from corpus.ingest.clean_column import clean_column, headline_candidates, in_parts, unsafe
from corpus.ingest.datelines import infer_source
from corpus.ingest.headlines import (
    HEADLINE_AFTER,
    HEADLINE_READS,
    HEADLINE_WITHIN,
    find_headline,
    first_sentence,
    headline_text,
    is_headline,
)
from corpus.ingest.repair import repair, repair_column
from corpus.ingest.text_dates import text_date

# --- all together -------------------------------------------------------------------------


@dataclass(frozen=True)
class Inferred:
    text: str  # cleaned, without the title line
    title: str
    published: date | None
    date_basis: str | None  # "dateline" or "text" when published was read, else None
    source: str


def infer(raw: str, *, title: str | None = None, find_date: bool = True, find_source: bool = True) -> Inferred:
    """Repair and clean `raw` and work out what was not given: the title (when `title` is None or
    empty), the date (when `find_date`), the source (when `find_source`). `raw` has "\\n" line
    ends."""
    staged, to_clean = _stage(repair(raw), title and repair(title), find_date, find_source)
    return finish(staged, clean_text(to_clean, title=staged.title))


@dataclass(frozen=True)
class Staged:
    """An article between the steps of `infer`: its headline found, its text not yet read."""

    raw: str
    title: str | None  # given, or the headline's
    headline: int | None  # its line in raw
    find_date: bool
    find_source: bool


def _stage(raw: str, title: str | None, find_date: bool, find_source: bool) -> tuple[Staged, str]:
    """The article staged, and the text to clean: raw, with the headline made a paragraph of
    its own even when body text follows directly."""
    if title:
        return Staged(raw, title, None, find_date, find_source), raw
    # find_headline reads no further than line HEADLINE_READS: the rest stays unsplit
    lines = raw.split("\n", HEADLINE_READS)
    headline = find_headline(lines[:HEADLINE_READS])
    if headline is None:
        return Staged(raw, None, None, find_date, find_source), raw
    title = headline_text(lines[headline])
    rest = raw.split("\n", headline + 1)[headline + 1:]
    return Staged(raw, title, headline, find_date, find_source), "\n".join(lines[:headline] + [title, ""] + rest)


def finish(staged: Staged, text: str) -> Inferred:
    """What `infer` reads from `text` (the staged text, cleaned): the title when none was
    found, the date, the source."""
    raw = staged.raw
    title = staged.title
    if not title:
        title = first_sentence(text) or headline_text(next((x for x in raw.split("\n") if x.strip()), ""))[:100]
    published, basis = None, None
    if staged.find_date:
        raw_top = raw if staged.headline is None else _without_line(raw, staged.headline)
        published, basis = text_date(text, raw_top)
    source = infer_source(raw.split("\n"), skip=staged.headline) if staged.find_source else ""
    return Inferred(text=text, title=title, published=published, date_basis=basis, source=source)


def _without_line(raw: str, line: int) -> str:
    """`raw` without its line number `line` (the headline: a date in it is not a dateline)."""
    lines = raw.split("\n", line + 1)
    return "\n".join(lines[:line] + lines[line + 1:])


def _failed(exc: Exception) -> str:
    return f"{exc.__class__.__name__}: {exc}"


def finish_batch(batch: Sequence[tuple[Staged, str]]) -> list[Inferred | str]:
    """finish() for each (staged, text), in a worker process too (corpus.concurrency.parallel); an article
    that fails gives "ErrorClass: message" instead, so that one odd text never costs the others."""
    out: list[Inferred | str] = []
    for staged, text in batch:
        try:
            out.append(finish(staged, text))
        except Exception as exc:  # noqa: BLE001 -- reported by the caller, by file or row
            out.append(_failed(exc))
    return out


# --- a whole corpus -----------------------------------------------------------------------

INFERRED_SCHEMA = {
    "text": pl.String, "title": pl.String, "published": pl.Date, "date_basis": pl.String, "source": pl.String,
    "error": pl.String,
}
_FOUND_SCHEMA = {"text": pl.String, "title": pl.String, "headline": pl.UInt32, "error": pl.String}
# Below this many articles the columns' fixed cost (about 20 ms) is more than Python's, article
# by article (about 0.14 ms each).
COLUMNS_MIN = 300


def infer_frame(
    given: pl.DataFrame,
    finish_all: Callable[[list[tuple[Staged, str]]], list[Inferred | str]] = finish_batch,
) -> pl.DataFrame:
    """infer(raw, title=, find_date=, find_source=) for each row of `given` (those columns), as
    the columns of INFERRED_SCHEMA; error is "ErrorClass: message" for a row that failed, null
    otherwise. Headlines are found and texts cleaned a column at a time, part by part in
    threads (_infer_part); only what needs Python's reading (a title from the first sentence, a
    date, a dateline) crosses into Python, through `finish_all` (which may spread it over
    processes)."""
    # repaired before anything reads them (corpus.ingest.repair); the caller keeps the raw text as received
    given = given.with_columns(raw=repair_column(given["raw"]), title=repair_column(given["title"]))
    given_text = given.select("raw", "title")
    found = in_parts(_infer_part, given_text) if given.height >= COLUMNS_MIN else _infer_each(given_text)
    todo = pl.concat([given.select("raw", "find_date", "find_source"), found], how="horizontal").with_row_index("row")
    todo = todo.filter(
        pl.col("error").is_null() & (pl.col("title").is_null() | pl.col("find_date") | pl.col("find_source"))
    )
    staged = [
        (Staged(raw, title, headline, find_date, find_source), text)
        for raw, find_date, find_source, title, headline, text in rows(
            todo.select("raw", "find_date", "find_source", "title", "headline", "text")
        )
    ]
    done = finish_all(staged)
    ok = [d if isinstance(d, Inferred) else None for d in done]
    where = todo["row"]
    return pl.DataFrame({
        "text": found["text"],
        "title": found["title"].scatter(where, pl.Series([d and d.title for d in ok], dtype=pl.String)),
        "published": pl.Series([None] * given.height, dtype=pl.Date).scatter(
            where, pl.Series([d and d.published for d in ok], dtype=pl.Date)
        ),
        "date_basis": pl.Series([None] * given.height, dtype=pl.String).scatter(
            where, pl.Series([d and d.date_basis for d in ok], dtype=pl.String)
        ),
        "source": pl.Series([""] * given.height, dtype=pl.String).scatter(
            where, pl.Series([d.source if d else "" for d in ok], dtype=pl.String)
        ),
        "error": found["error"].scatter(
            where, pl.Series([d if isinstance(d, str) else None for d in done], dtype=pl.String)
        ),
    })


def infer_batch(
    jobs: Sequence[tuple[str, str | None, bool, bool]],
    finish_all: Callable[[list[tuple[Staged, str]]], list[Inferred | str]] = finish_batch,
) -> list[Inferred | str]:
    """infer_frame over jobs (raw, title, find_date, find_source): an Inferred for each, or
    "ErrorClass: message" for one that failed."""
    given = pl.DataFrame(
        list(jobs), orient="row",
        schema={"raw": pl.String, "title": pl.String, "find_date": pl.Boolean, "find_source": pl.Boolean},
    )
    return [
        error if error is not None
        else Inferred(text=text, title=title, published=published, date_basis=basis, source=source)
        for text, title, published, basis, source, error in rows(infer_frame(given, finish_all))
    ]


def _infer_part(part: pl.DataFrame) -> pl.DataFrame:
    """For each row of `part` (doc: 0, 1, ...; raw; title), as _FOUND_SCHEMA: the cleaned text,
    the title given or the headline's (null for neither), the headline's line in raw."""
    try:
        return _infer_in_columns(part)
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException):  # one text polars cannot hold
        return _infer_each(part)


def _infer_each(part: pl.DataFrame) -> pl.DataFrame:
    """_infer_part, article by article in Python."""
    return pl.DataFrame([_infer_one(raw, title) for raw, title in rows(part.select("raw", "title"))],
                        schema=_FOUND_SCHEMA, orient="row")


def _infer_one(raw: str, title: str | None) -> tuple:
    try:
        staged, to_clean = _stage(raw, title, False, False)
        return clean_text(to_clean, title=staged.title), staged.title, staged.headline, None
    except Exception as exc:  # noqa: BLE001 -- as finish_batch
        return "", None, None, _failed(exc)


def _answer(value: bool) -> Callable[[], bool]:
    return lambda: value


def _infer_in_columns(part: pl.DataFrame) -> pl.DataFrame:
    part = part.with_columns(pl.col("title").replace("", None))  # an empty title is none (_stage)
    # Articles whose characters the column form cannot be trusted with (or with "\r" line ends)
    # are staged by _stage; the headlines of the others are found in columns and judged here.
    odd = unsafe(part) | part["raw"].str.contains("\r", literal=True)
    heads, errors = [], {}
    search = part.filter(~odd & pl.col("title").is_null()).select("doc", "raw")
    candidates = headline_candidates(search, HEADLINE_WITHIN, HEADLINE_AFTER)
    for doc, line, start, length, s, following, more in rows(candidates):
        try:
            if is_headline(s, following, _answer(more)):
                heads.append((doc, line, start, length, " ".join(s.split())))
        except Exception as exc:  # noqa: BLE001 -- as finish_batch
            errors[doc] = _failed(exc)
    staged = []
    for doc, raw, title in rows(part.filter(odd).select("doc", "raw", "title")):
        try:
            st, to_clean = _stage(raw, title, False, False)
            staged.append((doc, to_clean, st.title, st.headline))
        except Exception as exc:  # noqa: BLE001 -- as finish_batch
            errors[doc] = _failed(exc)
    found = pl.DataFrame(
        heads, orient="row",
        schema={"doc": pl.UInt32, "headline": pl.UInt32, "start": pl.UInt32, "length": pl.UInt32, "found": pl.String},
    )
    raw, start, end = pl.col("raw"), pl.col("start"), pl.col("start") + pl.col("length")
    # _stage's text: the headline line replaced by the title and a blank line
    after = (
        pl.when(end < raw.str.len_chars())
        .then(pl.concat_str(pl.lit("\n"), raw.str.slice(end + 1)))
        .otherwise(pl.lit(""))
    )
    frame = part.join(found, on="doc", how="left", maintain_order="left").select(
        "doc",
        raw=pl.when(pl.col("headline").is_null()).then(raw).otherwise(
            pl.concat_str(raw.str.slice(0, start), pl.col("found"), pl.lit("\n"), after)
        ),
        title=pl.coalesce("title", "found"),
        headline="headline",
    )
    if staged:
        docs = pl.Series([d for d, *_ in staged], dtype=pl.UInt32)
        frame = frame.with_columns(
            frame["raw"].scatter(docs, pl.Series([t for _, t, _, _ in staged], dtype=pl.String)),
            frame["title"].scatter(docs, pl.Series([t for _, _, t, _ in staged], dtype=pl.String)),
            frame["headline"].scatter(docs, pl.Series([h for *_, h in staged], dtype=pl.UInt32)),
        )
    # the headline's title is made of the raw line's characters: odd stays what it was
    out = frame.select(text=clean_column(frame.select("doc", "raw", "title"), odd), title="title", headline="headline",
                       error=pl.lit(None, pl.String))
    if errors:
        docs = pl.Series(list(errors), dtype=pl.UInt32)
        out = out.with_columns(
            out["text"].scatter(docs, ""), out["error"].scatter(docs, pl.Series(list(errors.values()), dtype=pl.String))
        )
    return out
