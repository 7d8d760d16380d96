"""Corpora as tables: one article per row in a CSV, JSON Lines, JSON or Parquet file.

`read_table` gives a polars frame (`read_frame`: all of it, roles aside); `find_columns` says which
column plays which role (text, title, date, source, url, id), recognising the usual names
case-insensitively (spaces, dashes and underscores ignored) unless told explicitly;
corpus.ingest.dates reads a date column.

CSV and JSON files in legacy encodings are decoded (corpus.ingest.decode) and handed to polars as
UTF-8. A CSV's separator is the one of , ; tab | that its header line uses most (".tsv": tab).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import polars as pl

from corpus.ingest.decode import DecodeError, decode
from corpus.ingest.files import open_regular, read_regular
from corpus.visible import error_line

TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")
ROLES = ("text", "title", "date", "source", "url", "id")
ALIASES: dict[str, tuple[str, ...]] = {  # in order of preference
    "text": ("text", "content", "body", "isi", "article", "teks", "artikel", "konten", "full_text",
             "article_text", "isi_berita", "fulltext"),
    "title": ("title", "headline", "judul", "heading"),
    "date": ("date", "published", "published_at", "tanggal", "pubdate", "pub_date", "publish_date",
             "published_date", "date_published", "datetime", "tgl", "waktu", "timestamp"),
    "source": ("source", "publisher", "media", "outlet", "sumber", "site", "portal", "domain"),
    "url": ("url", "link", "href", "permalink"),
    "id": ("id", "article_id", "doc_id", "uid", "guid", "key"),
}
_ROLE_SYNONYMS = {"published": "date", "content": "text", "body": "text", "headline": "title", "link": "url"}


class TableError(ValueError):
    """A table file that cannot be read, or a column that is not there; the message says why."""


def _key(name: str) -> str:
    return re.sub(r"[\s_\-.]+", "", name.strip().casefold())


def find_columns(columns: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Role -> column name, for the roles that have a column. `overrides` maps roles to column
    names and wins; a role that is not known or a column that is not there is a TableError."""
    found: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(_key(column), column)
    listing = ", ".join(repr(c) for c in columns) or "none"
    for role, column in (overrides or {}).items():
        role_key = _ROLE_SYNONYMS.get(role.strip().lower(), role.strip().lower())
        if role_key not in ROLES:
            raise TableError(f"unknown column role {role!r} (roles: {', '.join(ROLES)})")
        if column in columns:
            found[role_key] = column
        elif _key(column) in by_key:
            found[role_key] = by_key[_key(column)]
        else:
            raise TableError(f"no column {column!r} (given for {role_key}); the columns are: {listing}")
    taken = set(found.values())
    for role in ROLES:
        if role in found:
            continue
        for alias in ALIASES[role]:
            aliased = by_key.get(_key(alias))
            if aliased is not None and aliased not in taken:
                found[role] = aliased
                taken.add(aliased)
                break
    if "text" not in found:
        raise TableError(
            f"no text column (looked for {', '.join(ALIASES['text'][:6])} …; name it explicitly);"
            f" the columns are: {listing}"
        )
    return found


# --- reading ------------------------------------------------------------------------------


def _utf8(data: bytes) -> bytes:
    """`data` as UTF-8 bytes without a BOM, decoding legacy encodings."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    try:
        return decode(data).encode("utf-8")
    except DecodeError as exc:
        raise TableError(str(exc)) from exc


_SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}


def _separator(data: bytes, suffix: str) -> str:
    """The separator of a CSV or TSV file: the one its header line holds most of (a tab first
    in a .tsv file); a comma for a header of one column."""
    header = data.split(b"\n", 1)[0]
    header = re.sub(rb'"[^"]*"', b"", header)  # separators inside quoted names do not count
    counts = {sep: header.count(sep.encode()) for sep in (",", ";", "\t", "|")}
    if suffix == ".tsv" and counts["\t"]:
        return "\t"
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ("\t" if suffix == ".tsv" else ",")


def _csv_fault(text: str, separator: str) -> str | None:
    """Where a CSV text goes wrong, in words, as Python's csv module reads it, or None."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error as exc:
        if "end of data" in str(exc) or "EOF" in str(exc):
            return f"a quote opened on line {start} is never closed"
        return f"line {reader.line_num}: {exc}"
    return None


def _read_csv(data: bytes, separator: str, truncate: bool = False) -> pl.DataFrame:
    return pl.read_csv(
        io.BytesIO(data),
        separator=separator,
        infer_schema=False,  # every column as text: ids and dates stay as written
        truncate_ragged_lines=truncate,
    )


def _longer_lines(text: str, separator: str) -> list[int]:
    """The lines where a record with more fields than the header starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    width, start, longer = None, 1, []
    for record in reader:
        if width is None:
            width = len(record)
        elif len(record) > width:
            longer.append(start)
        start = reader.line_num + 1
    return longer


def _as_string(value: object) -> str | None:
    """Values of mixed types in one column: all as text, nested ones as JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _json_lines_slowly(data: bytes, problems: list[str], name: str) -> pl.DataFrame:
    """JSON Lines that polars refused: line by line, reporting the lines that are not records."""
    records, bad = [], []
    # Lines end at "\n" (and "\r\n") only: str.splitlines() also splits at U+2028, U+0085 and
    # other characters a JSON string may hold raw, and cut good records in two.
    for n, line in enumerate(data.decode("utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            bad.append(n)
            continue
        if not isinstance(record, dict):
            bad.append(n)
            continue
        records.append({key: _as_string(value) for key, value in record.items()})
    if bad:
        problems.append(f"{name}: {_count(len(bad), 'line')} not a JSON record, skipped ({_some(bad, 'line')})")
    if not records:
        raise TableError("no JSON records in it")
    return pl.from_dicts(records, infer_schema_length=None)


def _count(n: int, what: str) -> str:
    return f"1 {what} is" if n == 1 else f"{n:,} {what}s are"


def _some(numbers: list[int], what: str, limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    more = f", … ({len(numbers) - limit:,} more)" if len(numbers) > limit else ""
    return f"{what}{'s' if len(numbers) > 1 else ''} {shown}{more}"


def read_frame(path: Path) -> tuple[pl.DataFrame, list[str]]:
    """All rows and columns of a table file, and problems worth a warning (bad JSON lines).

    Raises TableError (message without the path) when the file cannot be read as its kind.
    """
    suffix = path.suffix.lower()
    problems: list[str] = []
    try:
        data = read_regular(path)
        if suffix == ".parquet":
            return pl.read_parquet(io.BytesIO(data)), problems
        if not data.strip():
            raise TableError("the file is empty")
        data = _utf8(data)
        if suffix in (".csv", ".tsv"):
            separator = _separator(data, suffix)
            if suffix == ".tsv" and separator != "\t":
                problems.append(f"{path.name}: its header is separated by {_SEPARATOR_NAMES[separator]}, "
                                "not tabs: read as such")
            try:
                try:
                    frame = _read_csv(data, separator)
                except pl.exceptions.PolarsError:  # records longer than the header: cut them, and say so
                    frame = _read_csv(data, separator, truncate=True)
                    if longer := _longer_lines(data.decode("utf-8"), separator):
                        problems.append(f"{path.name}: more fields than the header in {_some(longer, 'line')}, "
                                        "the extra ones ignored")
            except pl.exceptions.PolarsError as exc:
                fault = _csv_fault(data.decode("utf-8"), separator)
                kind = "TSV" if separator == "\t" else f"{_KIND[suffix]} separated by {_SEPARATOR_NAMES[separator]}"
                raise TableError(f"cannot read it as {kind}: {fault or error_line(exc, named=False)}") from exc
        elif suffix in (".jsonl", ".ndjson"):
            try:
                frame = pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
            except Exception:  # a bad line: find which, keep the rest
                frame = _json_lines_slowly(data, problems, path.name)
        elif suffix == ".json":
            frame = pl.read_json(io.BytesIO(data), infer_schema_length=None)
        else:
            raise TableError(f"not a table file Kabar reads ({', '.join(TABLE_SUFFIXES)})")
    except TableError:
        raise
    except OSError as exc:
        raise TableError(f"cannot read it: {exc.strerror or exc}") from exc
    except Exception as exc:  # polars and its readers raise many kinds; none may escape raw
        raise TableError(f"cannot read it as {_KIND.get(suffix, suffix)}: {error_line(exc, named=False)}") from exc
    return frame, problems


_KIND = {".parquet": "Parquet", ".json": "JSON", ".jsonl": "JSON Lines", ".ndjson": "JSON Lines",
         ".csv": "CSV", ".tsv": "TSV"}


def read_table(path: Path, columns: dict[str, str] | None = None) -> tuple[pl.DataFrame, dict[str, str], list[str]]:
    """The rows of a table file, its role -> column map (`find_columns`), and problems worth a
    warning. A Parquet file is read for the columns that have a role only.

    Raises TableError (message without the path) when the file cannot be read as its kind.
    """
    if path.suffix.lower() == ".parquet":
        try:
            open_regular(path).close()  # a named pipe would block the Parquet reader
            schema = list(pl.read_parquet_schema(path))
        except OSError as exc:
            raise TableError(f"cannot read it: {exc.strerror or exc}") from exc
        except Exception as exc:
            raise TableError(f"cannot read it as Parquet: {error_line(exc, named=False)}") from exc
        roles = find_columns(schema, columns)
        try:
            frame = pl.read_parquet(path, columns=[c for c in schema if c in roles.values()])
        except Exception as exc:
            raise TableError(f"cannot read it as Parquet: {error_line(exc, named=False)}") from exc
        return frame, roles, []
    frame, problems = read_frame(path)
    return frame, find_columns(frame.columns, columns), problems


def is_text_like(dtype: pl.DataType) -> bool:
    """Whether a column of `dtype` reads as text: strings, numbers written out, not lists or structs."""
    return not (dtype.is_nested() or dtype == pl.Object)


def as_text(frame: pl.DataFrame, column: str) -> pl.Expr:
    """A column as strings (numbers written out); nested values are a TableError."""
    dtype = frame.schema[column]
    if not is_text_like(dtype):
        raise TableError(f"column {column!r} holds {dtype} values, not text")
    return pl.col(column).cast(pl.String)
