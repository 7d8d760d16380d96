"""Topic groups: named sets of terms and phrases, queried in the filter as `@name`.

The bundled topics (data/topics.toml) suit the bundled corpus. A topics.toml in the user's
config folder (corpus.paths.config_root: KABAR_CONFIG_DIR when set, else the user config folder)
adds topics or replaces a bundled one of the same name; `terms = []` there hides one. A file
that cannot be used raises TopicError, whose message names the file and says what is wrong.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import polars as pl

from corpus.analysis.compare import PER, compare
from corpus.analysis.query import TOPIC_NAME, Alternative, Query, QueryError, parse
from corpus.index.terms import TermIndex
from corpus.model import Corpus
from corpus.paths import config_root

FILE_NAME = "topics.toml"
_KEYS = {"label", "terms", "note"}


class TopicError(Exception):
    """A topics file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Topic:
    name: str  # what follows `@`
    label: str  # what the views show
    terms: tuple[str, ...]  # the entries as written
    alternatives: tuple[Alternative, ...]  # the entries parsed, duplicates dropped
    origin: str  # the file it came from

    @property
    def query(self) -> Query:
        return Query(text=f"@{self.name}", alternatives=self.alternatives, topics=(self.name,))


def bundled_file() -> Path:
    return Path(str(files("corpus") / "data" / FILE_NAME))


def user_topics_file() -> Path:
    return config_root() / FILE_NAME


def _entry_query(entry: str) -> str:
    """An entry with spaces but no quotes or separators is one phrase."""
    plain = entry.strip()
    if re.search(r"\s", plain) and not re.search(r'["|,]', plain):
        return f'"{plain}"'
    return plain


def _topic(name: object, body: object, origin: Path) -> Topic | None:
    """The topic in one [name] table; None for `terms = []` (hide a topic)."""
    where = f"{origin}: [{name}]"
    if not isinstance(name, str) or not TOPIC_NAME.fullmatch(name):
        raise TopicError(
            f"{origin}: topic name {name!r} must start with a lower-case letter and hold only "
            "letters, digits and _ (it is typed after @)"
        )
    if not isinstance(body, dict):
        raise TopicError(f"{origin}: {name} must be a table, as in [{name}] then terms = [...]")
    unknown = sorted(set(body) - _KEYS)
    if unknown:
        raise TopicError(f"{where}: unknown key {unknown[0]!r} (use label and terms)")
    label = body.get("label", name)
    if not isinstance(label, str) or not label.strip():
        raise TopicError(f"{where}: label must be a non-empty string")
    terms = body.get("terms")
    if isinstance(terms, str):
        terms = [terms]
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise TopicError(f'{where}: terms must be a list of strings, as in terms = ["suriah"]')
    if not terms:
        return None
    alternatives: list[Alternative] = []
    for entry in terms:
        if re.search(r"(?:^|[\s|,])@", entry):
            raise TopicError(f"{where}: {entry!r}: a topic cannot include another topic")
        try:
            query = parse(_entry_query(entry))
        except QueryError as exc:
            raise TopicError(f"{where}: {entry!r}: {exc}") from None
        if query.is_empty:
            raise TopicError(f"{where}: empty term {entry!r}")
        alternatives.extend(a for a in query.alternatives if a not in alternatives)
    return Topic(name, label.strip(), tuple(terms), tuple(alternatives), str(origin))


def read_topics(path: Path) -> dict[str, Topic | None]:
    """The topics of one file, in file order; None marks a hidden (emptied) topic."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TopicError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise TopicError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"{path}: not valid TOML: {exc}") from None
    return {name: _topic(name, body, path) for name, body in data.items()}


def bundled_topics() -> dict[str, Topic]:
    return {n: t for n, t in read_topics(bundled_file()).items() if t is not None}


def load_topics(user_file: Path | None = None) -> dict[str, Topic]:
    """Bundled topics, then the user's: same name replaces, new names are added after.

    With no `user_file`, the default user file is read when it exists; a `user_file` given
    explicitly must exist.
    """
    topics = bundled_topics()
    if user_file is None:
        user_file = user_topics_file()
        if not user_file.exists():
            return topics
    for name, topic in read_topics(user_file).items():
        if topic is None:
            topics.pop(name, None)
        else:
            topics[name] = topic
    return topics


def compare_topics(corpus: Corpus, index: TermIndex, topics: Mapping[str, Topic]) -> pl.DataFrame:
    """Every topic in every period, in topic then period order (zeros included).

    Columns: topic (name), label, period (index), period_label, count, docs, articles,
    per_10k. Counts are compare()'s, so they equal what the filter shows for `@name`.
    """
    rows = []
    for topic in topics.values():
        result = compare(corpus, index, topic.query)
        for i, p in enumerate(result.periods):
            rows.append(
                {
                    "topic": topic.name,
                    "label": topic.label,
                    "period": i,
                    "period_label": p.label,
                    "count": p.count,
                    "docs": p.docs,
                    "articles": p.articles,
                    "per_10k": p.count * PER / p.tokens if p.tokens else 0.0,
                }
            )
    schema = {
        "topic": pl.String, "label": pl.String, "period": pl.Int32, "period_label": pl.String,
        "count": pl.Int64, "docs": pl.Int64, "articles": pl.Int64, "per_10k": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)
