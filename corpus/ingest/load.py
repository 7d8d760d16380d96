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

Who does what: corpus.ingest.folders (folders and lone text files), corpus.ingest.manifest,
corpus.ingest.table_corpus (table files), corpus.ingest.finish (what every corpus's rows go
through), corpus.ingest.source (Source, CorpusError, the choice of periods),
corpus.ingest.digest (reading and hashing the input files); this module picks among them.

`read_source(path)` does the reading without the interpreting: it returns the corpus's name, a
blake2b digest of every input byte and loading argument (what corpus.index.store keys its cache by),
and `load()`, which interprets the bytes already read. `load_corpus` is `read_source(...).load()`
without the digest. The periods are no part of the digest: they are a view that
`Source.periods(published)` chooses afresh at every opening (the periods file is read then),
and corpus.model.with_periods applies.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from corpus.ingest.digest import file_digest, files_digest, inputs_digest, read_files
from corpus.ingest.folders import ARTICLE_SUFFIXES, files_staging, folder_source
from corpus.ingest.manifest import NO_MANIFEST
from corpus.ingest.source import CorpusError, Source, chooser, periods_beside
from corpus.ingest.table_corpus import table_staging
from corpus.ingest.tables import TABLE_SUFFIXES
from corpus.model import Corpus

__all__ = ["BUNDLED_NAME", "CorpusError", "Source", "bundled_dir", "load_corpus", "read_source"]

BUNDLED_NAME = "bundled: Putin–Trump, 2016–2025"


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
        return folder_source(bundled_dir(), BUNDLED_NAME, periods, hashed)
    path = Path(path).expanduser()
    try:
        if not path.exists():
            raise CorpusError(f"no such file or folder: {path}")
        suffix = path.suffix.lower()
        if path.is_dir() or suffix not in TABLE_SUFFIXES:
            if columns:
                raise CorpusError(f"columns apply to table files ({', '.join(TABLE_SUFFIXES)}), not to {path}")
        if path.is_dir():
            return folder_source(path, str(path), periods, hashed)
        if suffix in TABLE_SUFFIXES:
            choose = chooser(periods, periods_beside(path), None)
            digest = inputs_digest(b"table", file_digest(path), columns) if hashed else ""
            return Source(str(path), digest, lambda: table_staging(path, columns, choose), choose)
        if suffix in ARTICLE_SUFFIXES:
            contents = read_files(path.parent, [path.name], hashed)
            digest = inputs_digest(b"file", files_digest([path.name], contents), None) if hashed else ""
            choose = chooser(periods, None, None)
            return Source(str(path), digest, lambda: files_staging(
                path.parent, [path.name], contents, str(path), choose, NO_MANIFEST, []), choose)
        raise CorpusError(
            f"not a corpus Kabar can read: {path} (open a folder of .txt/.md files, or a "
            f"{', '.join(TABLE_SUFFIXES[:-1])} or {TABLE_SUFFIXES[-1]} file)"
        )
    except OSError as exc:  # a folder we may not list, a file that vanished
        raise CorpusError(f"cannot open {path}: {exc.strerror or exc}") from exc
