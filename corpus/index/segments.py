"""Segments: a corpus built a slice at a time, each slice cached on its own (docs/scale.md).

A corpus's units (files, rows: corpus.ingest.staging) are cut into segments of about
SEGMENT_ARTICLES. Where a cut falls is decided by the units themselves (content-defined, as
rsync and restic cut files): after a unit whose key is 0 modulo the target size, within a
minimum and a maximum. The same units are therefore cut the same way in every run, and adding,
changing or removing units changes only the segments they fall in (and, at the end of a table,
adds new ones).

A segment is the costly part of loading and indexing its units: their rows staged (decoded,
cleaned, inferred: Staging.stage) and their tokens coded against the segment's own sorted
vocabulary. It is cached under segment_root()/<key>, the key a hash of the settings and of
every unit's content and place (Staging.digests), written whole or not at all (a temporary
folder renamed into place). An interrupted build leaves only finished segments, which the next
build finds: it resumes where it stopped.

`finish` joins the segments into the corpus (Staging.finish: the corpus-wide steps), and
`joined_index` their tokens into its TermIndex: the vocabularies merged, each token's document
and term renumbered, and the index built from the joined stream (corpus.index.terms.index_stream).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import polars as pl

from corpus.disk.atomic import replace_folder
from corpus.disk.checksums import DamagedCache, file_crcs, open_crcs
from corpus.index.terms import TermIndex, index_stream, token_stream_ids
from corpus.ingest.finish import ROW_SCHEMA
from corpus.ingest.staging import Finished, Staged, Staging, joined
from corpus.paths import segment_root
from corpus.texts import ROW_GROUP, StoredTexts

SEGMENT_ARTICLES = 20_000  # the size cuts aim at: ~10M tokens, ~1 GB of memory to build
SIZE_ENV = "KABAR_SEGMENT_ARTICLES"  # another size (e.g. larger on a machine with more memory)
FORMAT = 2  # of a segment folder (2: rows in small row groups, with checksums)
MANIFEST = "segment.json"
ROWS = "rows.parquet"
FRAMES = ("rows", "stream", "vocab")
STALE = 86_400  # seconds after which a segment no kept index uses goes (prune)


def cuts(keys: pl.Series, target: int | None = None) -> list[tuple[int, int]]:
    """[start, stop) of each segment of units keyed `keys`: a segment ends after a unit whose key
    is 0 modulo `target` (default segment_size()), once it holds at least target // 4 units,
    and at 2 * target units at most."""
    target = target or segment_size()
    n = len(keys)
    if n == 0:
        return []
    marks = pl.select(pl.arg_where(keys % target == 0)).to_series().to_list()
    found, start = [], 0
    for mark in [*marks, n - 1]:
        while mark + 1 - start > 2 * target:  # no mark for too long: cut at the maximum
            found.append((start, start + 2 * target))
            start += 2 * target
        if mark + 1 - start >= max(1, target // 4) or mark == n - 1:
            found.append((start, mark + 1))
            start = mark + 1
    return [(a, b) for a, b in found if b > a]


def segment_size() -> int:
    """SIZE_ENV if set to a whole number ≥ 1, else SEGMENT_ARTICLES. The size is part of where
    cuts fall: another size makes other segments."""
    value = os.environ.get(SIZE_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else SEGMENT_ARTICLES


@dataclass(frozen=True)
class Tokens:
    """The tokens of `documents` documents: stream (doc, term_id: in text order) and vocab
    (sorted: term_id i is vocab[i])."""

    stream: pl.DataFrame
    vocab: pl.Series
    documents: int


@dataclass(frozen=True)
class Segment:
    """The staged rows of some units and their tokens (doc: the row in `staged.rows`)."""

    staged: Staged
    tokens: Tokens


def build_segment(staging: Staging, start: int, stop: int) -> Segment:
    staged = staging.stage(start, stop)
    stream, vocab = token_stream_ids(staged.rows["text"])
    return Segment(staged, Tokens(stream, vocab, staged.rows.height))


def segment_key(staging: Staging, start: int, stop: int, settings: str) -> str:
    h = hashlib.blake2b(f"segment {FORMAT} {settings} {staging.kind}\0".encode(), digest_size=16)
    h.update(staging.digests.slice(start, stop - start).to_numpy().tobytes())
    return h.hexdigest()


# --- the cache ----------------------------------------------------------------------------------


def _write(folder: Path, segment: Segment) -> None:
    """Write `segment` to `folder` whole: into a temporary folder beside it, renamed into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-", suffix=".tmp"))
    try:
        # zstd: its texts are most of its bytes (a third of them compressed). Small row groups:
        # the dashboard reads an article's text from here (corpus.texts.PlacedTexts), a group at
        # a time.
        segment.staged.rows.write_parquet(tmp / ROWS, compression="zstd", row_group_size=ROW_GROUP)
        segment.tokens.stream.write_parquet(tmp / "stream.parquet")
        pl.DataFrame({"term": segment.tokens.vocab}).write_parquet(tmp / "vocab.parquet")
        manifest = {"format": FORMAT, "problems": list(segment.staged.problems), "rows": segment.staged.rows.height,
                    "rows_crc32": file_crcs(tmp / ROWS)}
        # ASCII: a problem line may name a file whose name is not UTF-8 (a lone surrogate here)
        (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        replace_folder(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _read(folder: Path) -> Segment | None:
    """The segment cached in `folder`, or None when there is none or it cannot be read (it is
    then built again)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or file_crcs(folder / ROWS) != manifest["rows_crc32"]:
            return None
        rows = pl.read_parquet(folder / ROWS)
        stream = pl.read_parquet(folder / "stream.parquet")
        vocab = pl.read_parquet(folder / "vocab.parquet")["term"]
        if rows.height != manifest["rows"] or rows.schema != pl.Schema(ROW_SCHEMA):
            return None
        return Segment(Staged(rows, tuple(manifest["problems"])), Tokens(stream, vocab, rows.height))
    except Exception:  # noqa: BLE001 -- a damaged folder fails in any way inside polars or json
        return None


Progress = Callable[[int, int], None]  # (units done, units in all)


Built = tuple[str, int]  # a segment's key and how many units it holds


def plan(staging: Staging, settings: str, previous: Sequence[Built] = ()) -> list[tuple[int, int]]:
    """Where `staging` is cut: first as the corpus's last build was (`previous`), for as long as
    its segments still hold the same units, then where the units' keys say (cuts). Rows added
    to the end of a table thus make new segments of their own, where the last segment of the
    last build, ended by the input and not by a cut, would otherwise take them in and be built
    again."""
    found, start = [], 0
    for key, units in previous:
        stop = start + units
        if stop > len(staging) or segment_key(staging, start, stop, settings) != key:
            break
        found.append((start, stop))
        start = stop
    rest = cuts(staging.keys.slice(start))
    return found + [(start + a, start + b) for a, b in rest]


def segments(
    staging: Staging, settings: str, *, previous: Sequence[Built] = (), progress: Progress | None = None
) -> tuple[list[Segment], list[Built], OSError | None]:
    """The segments of `staging` (cut as `plan` says), each read from the cache or built and
    cached; their keys and sizes; and the error that stopped the caching, if the cache could not
    be written (the segments are then built all the same). `progress` is told at the start and
    after each segment."""
    built: list[Segment] = []
    keys: list[Built] = []
    unwritable: OSError | None = None
    total = len(staging)
    if progress is not None:
        progress(0, total)  # the clock starts before the first segment, not after it
    for start, stop in plan(staging, settings, previous):
        key = segment_key(staging, start, stop, settings)
        segment = _read(segment_root() / key) if unwritable is None else None
        if segment is None:
            segment = build_segment(staging, start, stop)
            if unwritable is None:
                try:
                    _write(segment_root() / key, segment)
                except OSError as exc:  # a full disk, a read-only cache: the rest is built uncached
                    unwritable = exc
        built.append(segment)
        keys.append((key, stop - start))
        if progress is not None:
            progress(stop, total)
    return built, keys, unwritable


def build_cached(staging: Staging, number: int, settings: str) -> str:
    """Build segment `number` of `staging` (its place among the cuts) and cache it, unless it
    is cached; its key. Segments are independent: one process, or one machine sharing the
    cache folder, may build each (docs/scale.md), and `segments` then finds them all."""
    start, stop = cuts(staging.keys)[number]
    key = segment_key(staging, start, stop, settings)
    if _read(segment_root() / key) is None:
        _write(segment_root() / key, build_segment(staging, start, stop))
    return key


def texts(built: Sequence[Built]) -> list[StoredTexts]:
    """The texts of the segments `built` (their rows, read when asked: corpus.texts), each checked
    against its checksums before its first read. OSError when one is not there any more."""
    parts = []
    for key, units in built:
        folder = segment_root() / key
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("rows") != units:
            raise OSError(f"segment {key} is not the one listed")
        parts.append(StoredTexts.open(folder / ROWS, units, _checker(folder, manifest["rows_crc32"])))
    return parts


def _checker(folder: Path, crcs: list[int]) -> Callable[[BinaryIO], None]:
    def check(file: BinaryIO) -> None:
        if open_crcs(file.fileno()) != crcs:
            (folder / MANIFEST).unlink(missing_ok=True)  # built again at the next opening
            raise DamagedCache(f"the index cache is damaged (segment {folder.name} {ROWS} is damaged); "
                               "it is built again at the next opening")

    return check


def prune(keep: set[str]) -> None:
    """Delete segments not in `keep` unused for STALE seconds (an interrupted build's are
    kept a day for it to resume), and temporary folders as old."""
    root = segment_root()
    now = time.time()
    try:
        paths = list(root.iterdir())
    except OSError:
        return
    for path in paths:
        if path.name in keep:
            continue
        try:
            if now - path.stat().st_mtime > STALE:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue


# --- assembling ---------------------------------------------------------------------------------


def places(finished: Finished, built: Sequence[Built]) -> pl.DataFrame:
    """segment, local: where each article of `finished` (reading order) is among the segments
    `built` (in unit order): the PlacedTexts of corpus.texts."""
    starts = pl.Series([0, *(units for _, units in built)], dtype=pl.Int64).cum_sum()
    staged = finished.order.cast(pl.Int64)
    segment = starts.search_sorted(staged, "right").cast(pl.Int64) - 1
    local = (staged - starts.gather(segment)).cast(pl.UInt32)
    return pl.DataFrame({"segment": segment.cast(pl.UInt32), "local": local})


def finish(staging: Staging, parts: Sequence[Segment]) -> Finished:
    """The corpus of the segments `parts` (in unit order), as if staged at once."""
    return staging.finish(joined([p.staged for p in parts]))


def joined_index(parts: list[Tokens], finished: Finished) -> TermIndex:
    """The index, without periods, of `finished`, the corpus of the segments whose tokens are
    `parts`: as corpus.index.terms.build_index would build it. `parts` is emptied as it is
    read (each segment's tokens go once joined: at 100,000 articles, 400 MB)."""
    vocabulary = pl.concat([p.vocab for p in parts]).unique().sort() if parts else pl.Series("term", [], pl.String)
    # Each segment's rows follow the last's: its doc d is staged row offset + d.
    offsets = pl.Series([0, *(p.documents for p in parts)], dtype=pl.UInt32).cum_sum()
    stream = pl.concat([
        p.stream.select(
            doc=pl.col("doc") + offsets[i],
            term_id=pl.lit(vocabulary.search_sorted(p.vocab).cast(pl.UInt32)).gather(pl.col("term_id")),
        )
        for i, p in enumerate(parts)
    ]) if parts else pl.DataFrame(schema={"doc": pl.UInt32, "term_id": pl.UInt32})
    parts.clear()
    stream = _in_reading_order(stream, finished.order)
    return index_stream(stream, vocabulary, finished.corpus.articles.height)


def _in_reading_order(stream: pl.DataFrame, order: pl.Series) -> pl.DataFrame:
    """`stream` (doc: staged row, in staged order) with its documents in reading order: doc i
    of the result is staged row order[i], its tokens in their order."""
    staged_tokens = stream.group_by("doc").agg(n=pl.len())
    tokens = pl.zeros(len(order), pl.Int64, eager=True).scatter(staged_tokens["doc"], staged_tokens["n"])
    staged_start = tokens.cum_sum() - tokens  # where staged row r's tokens begin in `stream`
    read_tokens = tokens.gather(order)
    read_start = read_tokens.cum_sum() - read_tokens  # where doc i's tokens begin in the result
    doc = pl.int_range(len(order), dtype=pl.UInt32, eager=True).repeat_by(read_tokens).explode().drop_nulls()
    # Token k of the result is doc's token (k - read_start[doc]), found in `stream` at that
    # offset from its staged row's start: one gather, in the streaming engine's slices.
    source = pl.lit(staged_start).gather(pl.lit(order).gather("doc")) + pl.col("row") - pl.lit(read_start).gather("doc")
    return (
        pl.LazyFrame({"doc": doc})
        .with_row_index("row")
        .select("doc", term_id=pl.lit(stream["term_id"]).gather(source))
        .collect(engine="streaming")
    )
