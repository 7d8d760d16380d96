"""The optional manifest of a folder corpus: manifest.toml ([[articles]], [[periods]]) or
manifest.csv (columns file/id, title, source, date, url). Its fields override what is inferred
from each file. FIELD_ROLES says what a field name means, in a manifest and in Markdown front
matter alike.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from corpus.ingest.dates import parse_date
from corpus.ingest.periods import PeriodsError, periods_from_entries
from corpus.ingest.source import CorpusError
from corpus.ingest.tables import TableError, read_frame
from corpus.model import Period

MANIFEST_TOML = "manifest.toml"
MANIFEST_CSV = "manifest.csv"
FIELD_ROLES = {
    "title": "title", "headline": "title", "judul": "title",
    "date": "published", "published": "published", "published_at": "published", "tanggal": "published",
    "pubdate": "published", "source": "source", "publisher": "source", "media": "source",
    "outlet": "source", "id": "id", "url": "url", "link": "url",
}


@dataclass(frozen=True)
class Manifest:
    name: str
    by_file: dict[str, dict]  # relative path -> fields
    by_id: dict[str, dict]  # default id (relative path without suffix) -> fields
    periods: tuple[Period, ...] | None

    def given(self, rel: str) -> dict:
        entry = self.by_file.get(rel)
        if entry is None:
            entry = self.by_id.get(rel.rsplit(".", 1)[0], {})
        return entry


NO_MANIFEST = Manifest("", {}, {}, None)
_FILE_KEYS = ("file", "path", "filename")


def _manifest_entry(entry: dict) -> dict:
    out: dict = {}
    for key, value in entry.items():
        key = str(key).strip().lower()
        role = "file" if key in _FILE_KEYS else FIELD_ROLES.get(key)
        if role and value is not None and value != "" and role not in out:
            out[role] = value if role == "published" else str(value).strip()
    return out


def read_manifest(folder: Path, problems: list[str]) -> Manifest:
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
        return NO_MANIFEST
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
    return Manifest(path.name, by_file, by_id, periods)
