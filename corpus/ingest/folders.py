"""A folder of text files as a corpus (or a single .txt or .md file): one article a file.

Every .txt and .md file below the folder (sorted by relative path; hidden files and folders
skipped, linked folders not followed), with the folder's optional manifest
(corpus.ingest.manifest) and periods.toml. A Markdown file's simple front matter gives fields
too (the manifest wins); its markup is dropped from the text inferred from. A file that cannot
be used is named in the corpus's problems.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from corpus.ingest.dates import parse_date
from corpus.ingest.decode import DecodeError, decode, normalize_newlines
from corpus.ingest.digest import files_digest, inputs_digest, optional_file, read_files
from corpus.ingest.files import shown
from corpus.ingest.finish import ROW_SCHEMA, capped, infer_all
from corpus.ingest.manifest import FIELD_ROLES, MANIFEST_CSV, MANIFEST_TOML, Manifest, read_manifest
from corpus.ingest.metadata import Inferred
from corpus.ingest.periods import PERIODS_FILE
from corpus.ingest.source import Choose, CorpusError, Source, chooser
from corpus.ingest.staging import Finished, Staged, Staging, finish_rows
from corpus.ingest.tables import TABLE_SUFFIXES

ARTICLE_SUFFIXES = (".txt", ".md")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)


def front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Simple `key: value` front matter of a Markdown file, and the body after it."""
    m = _FRONT_MATTER.match(raw)
    if m is None:
        return {}, raw
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        role = FIELD_ROLES.get(key.strip().lower())
        value = value.strip().strip("'\"").strip()
        if sep and role and value:
            fields.setdefault(role, value)
    return fields, raw[m.end():]


_MD_MARKUP = re.compile(r"^(?:#{1,6}|>)\s+", re.MULTILINE)


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
    read = [_read_article(data, rel, manifest.given(rel)) for (data, _), rel in zip(contents, rels, strict=True)]
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


def scan(folder: Path, problems: list[str]) -> list[str]:
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


def folder_source(folder: Path, name: str, periods, hashed: bool) -> Source:
    problems: list[str] = []
    manifest = read_manifest(folder, problems)
    rels = scan(folder, problems)
    if not rels:
        tables = sorted(
            p.name for p in folder.iterdir() if p.suffix.lower() in TABLE_SUFFIXES and p.name != MANIFEST_CSV
        )
        hint = f"; to read a table, open the file itself: {', '.join(tables[:3])}" if tables else ""
        raise CorpusError(f"no .txt or .md files in {folder}{hint}")
    missing = sorted(set(manifest.by_file) - set(rels))
    problems += capped([f"{file}: listed in {manifest.name} but not in the folder" for file in missing], "listed files")
    periods_file = folder / PERIODS_FILE
    choose = chooser(periods, periods_file if periods_file.is_file() else None, manifest.periods)
    contents = read_files(folder, rels, hashed)
    digest = ""
    if hashed:
        digest = inputs_digest(
            b"folder", files_digest(rels, contents), None,
            optional_file(folder / MANIFEST_TOML), optional_file(folder / MANIFEST_CSV),
        )
    return Source(name, digest, lambda: files_staging(folder, rels, contents, name, choose, manifest, problems), choose)


def files_staging(
    folder: Path,
    rels: list[str],
    contents: list[tuple[bytes | OSError, bytes]],
    name: str,
    choose: Choose,
    manifest: Manifest,
    problems: list[str],
) -> Staging:
    """The files `rels` of `folder` (their `contents` read), one article each, as a Staging:
    a unit is a file, keyed by its path and built from its bytes and the manifest's fields."""

    def stage(start: int, stop: int) -> Staged:
        results = _articles(contents[start:stop], rels[start:stop], manifest)
        rows = pl.DataFrame([r for r in results if not isinstance(r, str)], schema=ROW_SCHEMA, orient="row")
        rows = rows.with_columns(  # default ids: the relative path without its suffix
            id=pl.when(pl.col("id") == "").then(pl.col("origin").str.replace(r"\.[^./]*$", "")).otherwise(pl.col("id"))
        )
        return Staged(rows, tuple(r for r in results if isinstance(r, str)))

    def nothing(lines: list[str]) -> CorpusError:
        return CorpusError(f"no article in {folder} could be read ({lines[0] if lines else 'no files'})")

    def finish(staged: Staged) -> Finished:
        return finish_rows(name, staged, problems, "files", choose, nothing)

    paths = pl.Series([rel.encode("utf-8", "surrogateescape") for rel in rels], dtype=pl.Binary)
    given = pl.Series([repr(sorted(manifest.given(rel).items())).encode() for rel in rels], dtype=pl.Binary)
    content = pl.DataFrame({"path": paths, "data": [digest for _, digest in contents], "given": given})
    return Staging("folder", paths.hash(), content.hash_rows(), stage, finish)
