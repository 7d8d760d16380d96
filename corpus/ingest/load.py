"""Reading a corpus from disk: the bundled one, a folder of text files, or a table file.

`load_corpus(path)` opens
  * nothing (None): the bundled corpus, with the curated periods of its manifest;
  * a folder: every .txt and .md file below it (sorted by relative path; hidden files and
    folders skipped, linked folders not followed), one article each, with an optional manifest (manifest.toml with
    [[articles]] tables, or manifest.csv with columns file/id, title, source, date, url) whose
    fields override what is inferred from each file, and an optional periods.toml;
  * a .txt or .md file: a corpus of that one article;
  * a .csv, .tsv, .jsonl/.ndjson, .json or .parquet file: one article per row (corpus.ingest.tables).

What an article does not say is inferred from its text (corpus.ingest.metadata): the title from
its headline or first sentence, the date from the dates it mentions, the source from its
dateline. Its id is the manifest's, else the front matter's (.md), else the relative path
without suffix (folders) or the row's `id` column, else its row number (tables); repeated ids
get "~2", "~3" ... Text is decoded whatever its encoding (corpus.ingest.decode); `raw` keeps it as
received except that line ends become "\\n".

Periods (corpus.ingest.periods): the `periods` argument (a periods file, a number of periods to find,
or a calendar grain: "week", "month", "quarter", "year"), else the folder's periods.toml (for a
table file NAME.csv: NAME.periods.toml beside it, else periods.toml beside it), else the
manifest's [[periods]], else the periods corpus.ingest.periods.default_periods finds in the dates.
Articles outside every period, and undated ones, keep period null.

A file or row that cannot be used is skipped and named in `Corpus.problems`; a corpus that
cannot be opened at all is a CorpusError with a one-line message. Nothing else escapes.

`read_source(path)` does the reading without the interpreting: it returns the corpus's name, a
blake2b digest of every input byte and loading argument (what corpus.index.store keys its cache by),
and `load()`, which interprets the bytes already read. `load_corpus` is `read_source(...).load()`
without the digest. The periods are no part of the digest: they are a view that
`Source.periods(published)` chooses afresh at every opening (the periods file is read then),
and corpus.model.with_periods applies.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path

import polars as pl

from corpus.ingest.decode import DecodeError, decode, normalize_newlines
from corpus.ingest.dates import YEARLESS_WEEKDAY, corpus_year, parse_date, parse_dates, text_date, text_outliers
from corpus.ingest.files import open_regular, read_regular, shown
from corpus.ingest.tables import TABLE_SUFFIXES, TableError, as_text, is_text_like, read_frame, read_table
from corpus.ingest.metadata import Inferred, Staged, finish_batch, infer_batch, infer_frame
from corpus.model import ARTICLE_SCHEMA, Corpus, Period, make_corpus
from corpus.concurrency.parallel import map_batches
from corpus.ingest.periods import (
    GRAINS, PERIODS_FILE, PeriodsError, auto_periods, calendar_periods, default_periods, periods_from_entries,
    read_periods,
)

BUNDLED_NAME = "bundled: Putin–Trump, 2016–2025"
ARTICLE_SUFFIXES = (".txt", ".md")
MANIFEST_TOML = "manifest.toml"
MANIFEST_CSV = "manifest.csv"
MAX_LISTED = 20  # problems named one by one; the rest are counted in one line

_ROW_SCHEMA = {k: v for k, v in ARTICLE_SCHEMA.items() if k != "period"}
Choose = Callable[[pl.Series], tuple[Period, ...]]  # publication dates -> the periods to view them by


class CorpusError(Exception):
    """The corpus as a whole cannot be opened; the message names what and why."""


def bundled_dir() -> Path:
    return Path(str(files("corpus") / "data" / "bundled"))


def load_corpus(
    path: Path | str | None = None,
    *,
    periods: Path | str | int | None = None,
    columns: dict[str, str] | None = None,
) -> Corpus:
    """The corpus at `path` (see the module docstring). `periods`: a periods file, or how many
    periods to find in the dates. `columns`: role -> column name for table files."""
    return _source(path, periods, columns, hashed=False).load()


@dataclass(frozen=True)
class Source:
    """A corpus's inputs, read but not yet interpreted (no decoding, cleaning or inference)."""

    name: str  # Corpus.name of the corpus it loads
    digest: str  # blake2b over every input byte and loading argument but the periods; "" when not asked for
    _load: Callable[[], Corpus]
    _periods: Choose

    def load(self) -> Corpus:
        """Interpret what was read: the corpus load_corpus() would give. CorpusError as it."""
        try:
            return self._load()
        except OSError as exc:
            raise CorpusError(f"cannot open {self.name}: {exc.strerror or exc}") from exc

    def periods(self, published: pl.Series) -> tuple[Period, ...]:
        """The periods load() gives articles published so (see the module docstring): the
        periods argument, else a periods file or the manifest's, else found in the dates.
        CorpusError when they cannot be used."""
        return self._periods(published)


def read_source(
    path: Path | str | None = None,
    *,
    periods: Path | str | int | None = None,
    columns: dict[str, str] | None = None,
) -> Source:
    """Read the corpus at `path` (as load_corpus) and hash what it is made of: every article
    file or table file, the manifest, the columns (not the periods: see Source.periods).
    The same digest means load() gives the same corpus (but for the code and rules that
    interpret the bytes, which the caller versions). CorpusError when the corpus cannot be
    read at all."""
    return _source(path, periods, columns, hashed=True)


def _source(path, periods, columns, *, hashed: bool) -> Source:
    if path is None:
        return _folder_source(bundled_dir(), BUNDLED_NAME, periods, hashed)
    path = Path(path).expanduser()
    try:
        if not path.exists():
            raise CorpusError(f"no such file or folder: {path}")
        suffix = path.suffix.lower()
        if path.is_dir() or suffix not in TABLE_SUFFIXES:
            if columns:
                raise CorpusError(f"columns apply to table files ({', '.join(TABLE_SUFFIXES)}), not to {path}")
        if path.is_dir():
            return _folder_source(path, str(path), periods, hashed)
        if suffix in TABLE_SUFFIXES:
            choose = _chooser(periods, _periods_beside(path), None)
            digest = _digest(b"table", _file_digest(path), columns) if hashed else ""
            return Source(str(path), digest, lambda: _load_table(path, columns, choose), choose)
        if suffix in ARTICLE_SUFFIXES:
            contents = _read_files(path.parent, [path.name], hashed)
            digest = _digest(b"file", _files_digest([path.name], contents), None) if hashed else ""
            choose = _chooser(periods, None, None)
            return Source(str(path), digest, lambda: _load_files(
                path.parent, [path.name], contents, str(path), choose, _NO_MANIFEST, []), choose)
        raise CorpusError(
            f"not a corpus Kabar can read: {path} (open a folder of .txt/.md files, or a "
            f"{', '.join(TABLE_SUFFIXES[:-1])} or {TABLE_SUFFIXES[-1]} file)"
        )
    except OSError as exc:  # a folder we may not list, a file that vanished
        raise CorpusError(f"cannot open {path}: {exc.strerror or exc}") from exc


# --- hashing the inputs -----------------------------------------------------------------------


def _file_digest(path: Path) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    with open_regular(path) as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.digest()


def _optional_file(path: Path) -> bytes:
    """Digest of a file that may be there (a manifest, periods.toml), or a marker."""
    return _file_digest(path) if path.is_file() else b"-"


def _files_digest(rels: list[str], contents: list[tuple[bytes | OSError, bytes]]) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for rel, (_, digest) in zip(rels, contents):
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0" + digest)
    return h.digest()


def _digest(kind: bytes, inputs: bytes, columns: dict[str, str] | None, *extra: bytes) -> str:
    h = hashlib.blake2b(kind + b"\0" + inputs, digest_size=20)
    for part in extra:
        h.update(b"\0" + part)
    h.update(b"\0columns\0" + json.dumps(columns or {}, sort_keys=True).encode())
    return h.hexdigest()


# --- one article ----------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEYS = {
    "title": "title", "headline": "title", "judul": "title",
    "date": "published", "published": "published", "published_at": "published", "tanggal": "published",
    "pubdate": "published", "source": "source", "publisher": "source", "media": "source",
    "outlet": "source", "id": "id", "url": "url", "link": "url",
}


def front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Simple `key: value` front matter of a Markdown file, and the body after it."""
    m = _FRONT_MATTER.match(raw)
    if m is None:
        return {}, raw
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        role = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("'\"").strip()
        if sep and role and value:
            fields.setdefault(role, value)
    return fields, raw[m.end():]


_MD_MARKUP = re.compile(r"^(?:#{1,6}|>)\s+", re.MULTILINE)


def _read(path: str) -> bytes | OSError:
    try:
        return read_regular(path)
    except OSError as exc:
        return exc


def _read_hashed(path: str) -> tuple[bytes | OSError, bytes]:
    data = _read(path)  # blake2b releases the GIL: the reading threads hash in parallel
    if isinstance(data, OSError):
        return data, f"unreadable:{data.errno}".encode()
    return data, hashlib.blake2b(data, digest_size=16).digest()


def _read_files(folder: Path, rels: list[str], hashed: bool) -> list[tuple[bytes | OSError, bytes]]:
    """(contents, digest) of each file, read by a few threads; digest b"" unless hashed."""
    paths = [os.path.join(folder, rel) for rel in rels]
    with ThreadPoolExecutor(max_workers=8) as pool:
        if hashed:
            return list(pool.map(_read_hashed, paths))
        return [(data, b"") for data in pool.map(_read, paths)]


@dataclass(frozen=True)
class _File:
    """One article file, read and decoded, before inference."""

    rel: str
    raw: str
    body: str  # raw without Markdown front matter and markup
    given: dict
    published: date | None
    source: str | None

    def job(self) -> tuple[str, str | None, bool, bool]:
        return (self.body, self.given.get("title") or None, self.published is None, self.source is None)

    def row(self, found: Inferred) -> tuple:
        """(id, title, source, published, date_basis, text, raw, origin)"""
        source = self.source if self.source is not None else found.source
        published, basis = (self.published, "column") if self.published else (found.published, found.date_basis)
        return (str(self.given.get("id") or ""), found.title, source, published, basis, found.text, self.raw,
                shown(self.rel))


def _read_article(data: bytes | OSError, path: str, given: dict) -> _File | str:
    """One file read and decoded, or a problem line."""
    rel = shown(path)
    if isinstance(data, OSError):
        return f"{rel}: cannot read it ({data.strerror or data.__class__.__name__})"
    if not data.strip():
        return f"{rel}: empty file, skipped"
    try:
        raw = normalize_newlines(decode(data))
    except DecodeError as exc:
        return f"{rel}: {exc}, skipped"
    body = raw
    if rel.lower().endswith(".md"):
        fields, body = front_matter(raw)
        given = {**fields, **{k: v for k, v in given.items() if v}}
        body = _MD_MARKUP.sub("", body)
    if not body.strip():
        return f"{rel}: no text, skipped"
    return _File(path, raw, body, given, parse_date(given.get("published")), given.get("source") or None)


def _articles(contents: list[tuple[bytes | OSError, bytes]], rels: list[str], manifest) -> list[tuple | str]:
    """A row (see _File.row) or a problem line for each file."""
    read = [_read_article(data, rel, manifest.given(rel)) for (data, _), rel in zip(contents, rels)]
    found = iter(infer_all([f.job() for f in read if isinstance(f, _File)]))
    results: list[tuple | str] = []
    for f in read:
        if isinstance(f, str):
            results.append(f)
            continue
        inferred = next(found)
        if isinstance(inferred, str):  # one odd file must not stop the corpus
            results.append(f"{shown(f.rel)}: could not be read ({inferred})")
        else:
            results.append(f.row(inferred))
    return results


# --- folders ------------------------------------------------------------------------------


def _scan(folder: Path, problems: list[str]) -> list[str]:
    """Relative paths of the article files below `folder`, sorted; hidden names skipped.
    Only regular files count (a named pipe would block); a dangling link is kept so that it
    is reported as unreadable rather than silently missing."""
    found: list[str] = []
    pending = [""]
    while pending:
        rel_dir = pending.pop()
        try:
            with os.scandir(os.path.join(folder, rel_dir)) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(rel)
                    elif entry.name.lower().endswith(ARTICLE_SUFFIXES) and (
                        entry.is_symlink() or entry.is_file()  # is_file() raises on a link loop
                    ):
                        found.append(rel)
        except OSError as exc:
            if not rel_dir:
                raise
            problems.append(f"{rel_dir}/: cannot list this folder ({exc.strerror or exc})")
    return sorted(found)


@dataclass(frozen=True)
class _Manifest:
    name: str
    by_file: dict[str, dict]  # relative path -> fields
    by_id: dict[str, dict]  # default id (relative path without suffix) -> fields
    periods: tuple[Period, ...] | None

    def given(self, rel: str) -> dict:
        entry = self.by_file.get(rel)
        if entry is None:
            entry = self.by_id.get(rel.rsplit(".", 1)[0], {})
        return entry


_NO_MANIFEST = _Manifest("", {}, {}, None)
_FILE_KEYS = ("file", "path", "filename")


def _manifest_entry(entry: dict) -> dict:
    out: dict = {}
    for key, value in entry.items():
        key = str(key).strip().lower()
        role = "file" if key in _FILE_KEYS else _FRONT_KEYS.get(key)
        if role and value is not None and value != "" and role not in out:
            out[role] = value if role == "published" else str(value).strip()
    return out


def _read_manifest(folder: Path, problems: list[str]) -> _Manifest:
    """manifest.toml ([[articles]], [[periods]]) or manifest.csv; CorpusError when unusable."""
    toml_path, csv_path = folder / MANIFEST_TOML, folder / MANIFEST_CSV
    periods = None
    if toml_path.is_file():
        path = toml_path
        try:
            data = tomllib.loads(toml_path.read_bytes().decode("utf-8-sig"))
            if "periods" in data:
                periods = periods_from_entries(data["periods"])
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, PeriodsError) as exc:
            raise CorpusError(f"{toml_path}: {exc}") from exc
        articles = data.get("articles", [])
        if not isinstance(articles, list) or not all(isinstance(a, dict) for a in articles):
            raise CorpusError(f"{toml_path}: 'articles' must be a list of [[articles]] tables")
        entries = [_manifest_entry(a) for a in articles]
    elif csv_path.is_file():
        path = csv_path
        try:
            frame, _ = read_frame(csv_path)
        except TableError as exc:
            raise CorpusError(f"{csv_path}: {exc}") from exc
        frame = frame.select(pl.all().cast(pl.String, strict=False))
        entries = [_manifest_entry(row) for row in frame.iter_rows(named=True)]
    else:
        return _NO_MANIFEST
    by_file, by_id = {}, {}
    for n, entry in enumerate(entries, start=1):
        if "published" in entry and parse_date(entry["published"]) is None:
            named = entry.get("file") or entry.get("id") or f"entry {n}"
            problems.append(f"{path.name}: date '{entry['published']}' of {named} not understood; dated from the text")
        if entry.get("file"):
            by_file[Path(str(entry["file"])).as_posix()] = entry
        elif entry.get("id"):
            by_id[str(entry["id"])] = entry
        else:
            problems.append(f"{path.name}: entry {n} names no file or id, ignored")
    return _Manifest(path.name, by_file, by_id, periods)


def _folder_source(folder: Path, name: str, periods, hashed: bool) -> Source:
    problems: list[str] = []
    manifest = _read_manifest(folder, problems)
    rels = _scan(folder, problems)
    if not rels:
        tables = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in TABLE_SUFFIXES and p.name != MANIFEST_CSV)
        hint = f"; to read a table, open the file itself: {', '.join(tables[:3])}" if tables else ""
        raise CorpusError(f"no .txt or .md files in {folder}{hint}")
    missing = sorted(set(manifest.by_file) - set(rels))
    problems += _capped([f"{file}: listed in {manifest.name} but not in the folder" for file in missing], "listed files")
    periods_file = folder / PERIODS_FILE
    choose = _chooser(periods, periods_file if periods_file.is_file() else None, manifest.periods)
    contents = _read_files(folder, rels, hashed)
    digest = ""
    if hashed:
        digest = _digest(
            b"folder", _files_digest(rels, contents), None,
            _optional_file(folder / MANIFEST_TOML), _optional_file(folder / MANIFEST_CSV),
        )
    return Source(name, digest, lambda: _load_files(folder, rels, contents, name, choose, manifest, problems), choose)


def _load_files(
    folder: Path,
    rels: list[str],
    contents: list[tuple[bytes | OSError, bytes]],
    name: str,
    choose: Choose,
    manifest: _Manifest,
    problems: list[str],
) -> Corpus:
    results = _articles(contents, rels, manifest)
    rows = [r for r in results if not isinstance(r, str)]
    problems += _capped([r for r in results if isinstance(r, str)], "files")
    if not rows:
        raise CorpusError(f"no article in {folder} could be read ({problems[0] if problems else 'no files'})")
    frame = pl.DataFrame(rows, schema=_ROW_SCHEMA, orient="row")
    frame = frame.with_columns(  # default ids: the relative path without its suffix
        id=pl.when(pl.col("id") == "").then(pl.col("origin").str.replace(r"\.[^./]*$", "")).otherwise(pl.col("id"))
    )
    frame = _unique_ids(_drop_outliers(_date_by_corpus_year(frame), problems), problems)
    return make_corpus(name, frame, choose(frame["published"]), problems)


def _date_by_corpus_year(frame: pl.DataFrame) -> pl.DataFrame:
    """Undated articles with a weekday and a yearless date ("Rabu (18/9)") and no year in their
    text, dated with the year of the corpus's bulk (corpus.ingest.dates.corpus_year): the weekday
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


def _drop_outliers(frame: pl.DataFrame, problems: list[str]) -> pl.DataFrame:
    """Dates read from text far outside the corpus's other dates (corpus.ingest.dates.text_outliers)
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


def _capped(lines: list[str], what: str) -> list[str]:
    if len(lines) <= MAX_LISTED:
        return lines
    return lines[:MAX_LISTED] + [f"… and {len(lines) - MAX_LISTED:,} more {what} skipped"]


def _unique_ids(frame: pl.DataFrame, problems: list[str]) -> pl.DataFrame:
    n = pl.col("id").cum_count().over("id")
    repeated = frame.select((n > 1).sum()).item()
    if repeated:
        example, origin = frame.filter(n > 1).select("id", "origin").row(0)
        problems.append(f"{repeated:,} repeated article ids made unique with ~2, ~3 … (e.g. '{example}' in {origin})")
        frame = frame.with_columns(id=pl.when(n > 1).then(pl.format("{}~{}", "id", n)).otherwise("id"))
    return frame


def _periods_beside(table: Path) -> Path | None:
    """The periods file of a table file NAME.csv: NAME.periods.toml, else periods.toml, beside it."""
    for candidate in (table.with_name(f"{table.stem}.{PERIODS_FILE}"), table.with_name(PERIODS_FILE)):
        if candidate.is_file():
            return candidate
    return None


def _chooser(spec, periods_file: Path | None, manifest_periods) -> Choose:
    return lambda published: _choose_periods(spec, published, periods_file, manifest_periods)


def _choose_periods(spec, published: pl.Series, periods_file: Path | None, manifest_periods) -> tuple[Period, ...]:
    """The periods `spec` (a number, a grain, a file, or None) names; CorpusError if unusable.
    A plain string that is a grain's name is the grain (a file so named: "./month")."""
    if isinstance(spec, bool) or not isinstance(spec, (int, str, os.PathLike, type(None))):
        raise CorpusError(f"periods must be a periods file, a number of periods or a grain, not {spec!r}")
    if isinstance(spec, int) or (isinstance(spec, str) and spec in GRAINS):
        try:
            return auto_periods(published, spec) if isinstance(spec, int) else calendar_periods(published, spec)
        except PeriodsError as exc:
            raise CorpusError(str(exc)) from exc
    if spec is not None or periods_file is not None:
        path = Path(spec).expanduser() if spec is not None else periods_file
        if not path.exists():  # a folder or a named pipe is there: read_periods says what it is
            raise CorpusError(f"no such periods file: {path}")
        try:
            return read_periods(path)
        except PeriodsError as exc:
            raise CorpusError(f"{path}: {exc}") from exc
    if manifest_periods:
        return manifest_periods
    return default_periods(published)


# --- inference, in parallel --------------------------------------------------------------

# Below this many articles the dating and dateline reading (~0.05 ms each) is done before
# worker processes would start.
PARALLEL_MIN = 2000


def infer_all(jobs: list[tuple[str, str | None, bool, bool]]) -> list[Inferred | str]:
    """metadata.infer_batch over every job, dates and datelines read as _finish_all says."""
    return infer_batch(jobs, _finish_all)


def _finish_all(staged: list[tuple[Staged, str]]) -> list[Inferred | str]:
    """metadata.finish_batch; the reading of dates and datelines, Python work for each
    article, spread over the CPUs when there are many."""
    if len(staged) < PARALLEL_MIN or not any(s.find_date or s.find_source for s, _ in staged):
        return finish_batch(staged)
    return map_batches(finish_batch, staged, batch=100, preload=["corpus.ingest.metadata"])


# --- tables -------------------------------------------------------------------------------


def _load_table(path: Path, columns: dict[str, str] | None, choose: Choose) -> Corpus:
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
    empty = given.filter(pl.col("raw").is_null() | (pl.col("raw").str.strip_chars() == ""))
    if empty.height:
        rows = empty["row"].to_list()
        problems.append(f"{path.name}: {_rows(rows)}")
        given = given.filter(pl.col("raw").is_not_null() & (pl.col("raw").str.strip_chars() != ""))
    if given.height == 0:
        raise CorpusError(f"{path}: no row has any text (column '{roles['text']}')")
    if given["raw"].str.contains("\r", literal=True).any():  # else replacing would copy every text for nothing
        given = given.with_columns(
            raw=pl.col("raw").str.replace_all("\r\n", "\n", literal=True).str.replace_all("\r", "\n", literal=True)
        )
    found = infer_frame(
        given.select("raw", "title", find_date=pl.col("published").is_null(), find_source=pl.col("source").is_null()),
        _finish_all,
    )
    failed = [
        f"{path.name} row {row}: could not be read ({error})"
        for row, error in given.select("row", error=found["error"]).drop_nulls("error").iter_rows()
    ]
    rows = given.select(
        id=pl.coalesce("id", pl.col("row").cast(pl.String)),
        title=found["title"],
        source=pl.coalesce("source", found["source"]),
        published=pl.coalesce("published", found["published"]),
        date_basis=pl.when(pl.col("published").is_not_null()).then(pl.lit("column")).otherwise(found["date_basis"]),
        text=found["text"],
        raw="raw",
        origin=pl.format("{} row {}", pl.lit(path.name), "row"),
    )
    if failed:
        problems += _capped(failed, "rows")
        rows = rows.filter(found["error"].is_null())
    rows = _unique_ids(_drop_outliers(_date_by_corpus_year(rows), problems), problems)
    return make_corpus(str(path), rows, choose(rows["published"]), problems)


def _rows(rows: list[int], limit: int = 10) -> str:
    if len(rows) == 1:
        return f"row {rows[0]} has no text, skipped"
    shown = ", ".join(str(r) for r in rows[:limit])
    more = f", … ({len(rows) - limit:,} more)" if len(rows) > limit else ""
    return f"{len(rows):,} rows have no text, skipped (rows {shown}{more})"
