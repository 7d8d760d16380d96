"""Reading a corpus from disk: the bundled one, or a folder with a manifest."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib.resources import files
from pathlib import Path

import polars as pl

from corpus.clean import clean_text
from corpus.model import ARTICLE_SCHEMA, Corpus, Period, make_corpus

BUNDLED_NAME = "bundled: Putin–Trump, 2016–2025"


class CorpusError(Exception):
    """The corpus as a whole cannot be opened; the message names what and why."""


def bundled_dir() -> Path:
    return Path(str(files("corpus") / "data" / "bundled"))


def load_corpus(path: Path | None = None) -> Corpus:
    if path is None:
        return load_manifest_folder(bundled_dir(), name=BUNDLED_NAME)
    if not path.exists():
        raise CorpusError(f"no such file or folder: {path}")
    if path.is_dir() and (path / "manifest.toml").is_file():
        return load_manifest_folder(path, name=str(path))
    raise CorpusError(f"not a corpus Kabar can read: {path}")


def _periods(entries: list[dict]) -> tuple[Period, ...]:
    periods = tuple(Period(str(e["label"]), e["start"], e["end"]) for e in entries)
    return tuple(sorted(periods, key=lambda p: p.start))


def load_manifest_folder(folder: Path, name: str) -> Corpus:
    manifest_path = folder / "manifest.toml"
    try:
        manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
        periods = _periods(manifest.get("periods", []))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise CorpusError(f"{manifest_path}: {exc}") from exc
    rows: list[dict] = []
    problems: list[str] = []
    for entry in manifest.get("articles", []):
        file = entry.get("file", "?")
        try:
            raw = (folder / file).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{file}: {exc.__class__.__name__}: {exc}")
            continue
        title = str(entry.get("title") or Path(file).stem)
        published = entry.get("published")
        rows.append(
            {
                "id": str(entry.get("id") or Path(file).stem),
                "title": title,
                "source": str(entry.get("source", "")),
                "published": published if isinstance(published, date) else None,
                "text": clean_text(raw, title=title),
                "raw": raw,
                "origin": file,
            }
        )
    frame = pl.DataFrame(rows, schema={k: v for k, v in ARTICLE_SCHEMA.items() if k != "period"})
    return make_corpus(name, frame, periods, problems)
