"""Segments: a corpus built a slice at a time, each slice cached on its own (docs/scale.md).

A corpus's units (files, rows: corpus.ingest.staging) are cut into segments of about
SEGMENT_ARTICLES. Where a cut falls is decided by the units themselves (content-defined, as
rsync and restic cut files): after a unit whose key is 0 modulo the target size, within a
minimum and a maximum. The same units are therefore cut the same way in every run, and adding,
changing or removing units changes only the segments they fall in (and, at the end of a table,
adds new ones).

A segment is the costly part of loading and indexing its units: their rows staged (decoded,
cleaned, inferred: Staging.stage) and indexed in the segment's own numbering (its own sorted
vocabulary, its rows as documents): the stream, postings and positions of corpus.index.parts.
It is cached under segment_root()/<key>, the key a hash of the settings and of every unit's
content and place (Staging.digests), written whole or not at all (a temporary folder renamed
into place). An interrupted build leaves only finished segments, which the next build finds: it
resumes where it stopped.

`finish` joins the segments' rows into the corpus (Staging.finish: the corpus-wide steps), and
`merged_index` makes its TermIndex with each segment a part: the vocabularies merged, each
segment's map to the corpus's terms and rows, the totals and day counts summed. No token is
joined or sorted across segments, so a grown corpus costs its new segments and this merge.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import tempfile
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from corpus.disk.atomic import replace_folder
from corpus.disk.checksums import checker, damaged, file_crcs
from corpus.index.days import day_counts
from corpus.index.parts import Frames, Part, Parts, local_index
from corpus.index.terms import TermIndex, held_by, token_stream_ids
from corpus.ingest.finish import ROW_SCHEMA
from corpus.ingest.staging import Finished, Staged, Staging, joined
from corpus.paths import segment_root
from corpus.texts import ROW_GROUP, StoredTexts
from corpus.visible import NOTICE_LIMIT, error_line

SEGMENT_ARTICLES = 20_000  # the size cuts aim at: ~10M tokens, ~1 GB of memory to build
SIZE_ENV = "KABAR_SEGMENT_ARTICLES"  # another size (e.g. larger on a machine with more memory)
FORMAT = 3  # of a segment folder (2: rows in small row groups, with checksums; 3: its own postings and positions)
MANIFEST = "segment.json"
ROWS = "rows.parquet"
FRAMES = ("rows", "vocab", "stream", "postings", "positions")
LATER = ("stream", "postings", "positions")  # read when a view first needs them (corpus.index.parts)
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
class LocalIndex:
    """Some texts' index in their own numbering (doc: a text's row; term id: the place in
    `vocab`, sorted): `totals` the occurrences of each term, `frames` the stream, postings and
    positions (corpus.index.parts)."""

    vocab: pl.Series
    totals: pl.Series
    frames: Frames


@dataclass(frozen=True)
class Segment:
    """The staged rows of some units and their index (doc: the row in `staged.rows`)."""

    staged: Staged
    index: LocalIndex


def build_segment(staging: Staging, start: int, stop: int) -> Segment:
    staged = staging.stage(start, stop)
    stream, vocab = token_stream_ids(staged.rows["text"])
    totals, frames = local_index(stream, len(vocab))
    return Segment(staged, LocalIndex(vocab, totals, frames))


def segment_key(staging: Staging, start: int, stop: int, settings: str) -> str:
    h = hashlib.blake2b(f"segment {FORMAT} {settings} {staging.kind}\0".encode(), digest_size=16)
    h.update(staging.digests.slice(start, stop - start).to_numpy().tobytes())
    return h.hexdigest()


# --- the cache ----------------------------------------------------------------------------------


def _write(folder: Path, segment: Segment) -> Segment:
    """Write `segment` to `folder` whole: into a temporary folder beside it, renamed into place.
    The segment, its token frames now read from there when used (not held in memory)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-", suffix=".tmp"))
    try:
        # zstd: its texts are most of its bytes (a third of them compressed). Small row groups:
        # the dashboard reads an article's text from here (corpus.texts.PlacedTexts), a group at
        # a time. The token frames are uncompressed Parquet: its integer encodings shrink them
        # to a third and read as fast.
        segment.staged.rows.write_parquet(tmp / ROWS, compression="zstd", row_group_size=ROW_GROUP)
        frames = segment.index.frames
        written = {
            "vocab": pl.DataFrame({"term": segment.index.vocab, "total": segment.index.totals}),
            "stream": frames.stream().select("term_id"), "postings": frames.postings(),
            "positions": pl.DataFrame({"row": frames.positions()}),
        }
        for name, frame in written.items():
            frame.write_parquet(tmp / f"{name}.parquet", compression="uncompressed", statistics=False)
        sums = {name: file_crcs(tmp / _file(name)) for name in FRAMES}
        manifest = {"format": FORMAT, "problems": list(segment.staged.problems), "rows": segment.staged.rows.height,
                    "crc32": sums}
        # ASCII: a problem line may name a file whose name is not UTF-8 (a lone surrogate here)
        (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        replace_folder(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return replace(segment, index=replace(segment.index, frames=Frames(load=_Files(folder, sums).read)))


def _file(name: str) -> str:
    return ROWS if name == "rows" else f"{name}.parquet"


def _read(folder: Path) -> Segment | None:
    """The segment cached in `folder`, slimmed (_slim: its texts are read from there when
    shown), or None when there is none or it cannot be read (it is then built again). Its rows
    and vocabulary are read now, every byte checked; its token frames when first used, checked
    then (_Files)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            return None
        sums = manifest["crc32"]
        if any(file_crcs(folder / _file(name)) != sums[name] for name in ("rows", "vocab")):
            return None
        if pl.read_parquet_schema(folder / ROWS) != pl.Schema(ROW_SCHEMA):
            return None
        rows = pl.read_parquet(folder / ROWS, columns=[c for c in ROW_SCHEMA if c not in ("text", "raw")])
        # The texts only if an article is undated (what _slim keeps): most corpora read none.
        undated = bool(rows["published"].is_null().any())
        text = pl.read_parquet(folder / ROWS, columns=["text"])["text"] if undated else pl.lit(None, pl.String)
        rows = rows.with_columns(text=text, raw=pl.lit(None, pl.String)).select(list(ROW_SCHEMA))
        vocab = pl.read_parquet(folder / "vocab.parquet")
        if rows.height != manifest["rows"]:
            return None
        index = LocalIndex(vocab["term"], vocab["total"], Frames(load=_Files(folder, sums).read))
        return _slim(Segment(Staged(rows, tuple(manifest["problems"])), index))
    except Exception:  # noqa: BLE001 -- a damaged folder fails in any way inside polars or json
        return None


class _Files:
    """A segment's LATER frames: files opened now, each read (and its checksums verified) when
    first asked for, through the file opened here (a segment pruned meanwhile stays readable)."""

    def __init__(self, folder: Path, sums: dict[str, list[int]]) -> None:
        self.folder, self.sums = folder, sums
        self.files = {name: open(folder / _file(name), "rb") for name in LATER}  # noqa: SIM115
        for file in self.files.values():
            weakref.finalize(self, file.close)

    def read(self, name: str) -> pl.DataFrame:
        file, manifest = self.files[name], self.folder / MANIFEST
        checker(self.sums[name], f"segment {self.folder.name} {_file(name)}", manifest)(file)
        try:
            file.seek(0)
            return pl.read_parquet(file).rechunk()  # one chunk: a gather over many is 5× slower
        except Exception as exc:
            raise damaged(error_line(exc, limit=NOTICE_LIMIT), manifest) from exc


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
    slimmed = 0  # the segments cached (and slimmed: _slim) before the cache could not be written
    total = len(staging)
    if progress is not None:
        progress(0, total)  # the clock starts before the first segment, not after it
    cut = plan(staging, settings, previous)
    for start, stop in cut:
        key = segment_key(staging, start, stop, settings)
        segment = _read(segment_root() / key) if unwritable is None else None
        found = segment is not None
        if segment is None:
            segment = build_segment(staging, start, stop)
            if unwritable is None:
                try:
                    segment = _write(segment_root() / key, segment)
                except OSError as exc:  # a full disk, a read-only cache: the rest is built uncached
                    unwritable, slimmed = exc, len(built)
        built.append(segment if unwritable is not None or found else _slim(segment))
        keys.append((key, stop - start))
        if progress is not None:
            progress(stop, total)
    if unwritable is not None:  # the corpus holds its texts: those of the segments cached go back
        built[:slimmed] = [
            _whole(segment, key, staging, start, stop)
            for segment, (key, _), (start, stop) in zip(built[:slimmed], keys, cut, strict=False)
        ]
    return built, keys, unwritable


def _slim(segment: Segment) -> Segment:
    """`segment` without the texts the corpus-wide steps do not read (Staging.finish reads
    those of undated articles only): a cached segment's are read from its file when shown
    (corpus.texts.PlacedTexts), so a corpus of any size is built holding one segment's texts."""
    rows = segment.staged.rows.with_columns(
        text=pl.when(pl.col("published").is_null()).then(pl.col("text")), raw=pl.lit(None, pl.String)
    )
    return replace(segment, staged=replace(segment.staged, rows=rows))


def _whole(segment: Segment, key: str, staging: Staging, start: int, stop: int) -> Segment:
    """`segment`, cached and slimmed, with all its texts: read back from its folder, or built
    again if that fails."""
    try:
        rows = pl.read_parquet(segment_root() / key / ROWS, columns=["text", "raw"])
        if rows.height == segment.staged.rows.height:
            return replace(segment, staged=replace(segment.staged, rows=segment.staged.rows.with_columns(rows)))
    except Exception:  # noqa: BLE001 -- unreadable now: built again below
        pass
    return build_segment(staging, start, stop)


def build_cached(staging: Staging, number: int, settings: str) -> str:
    """Build segment `number` of `staging` (its place among the cuts) and cache it, unless it
    is cached; its key. Segments are independent: one process, or one machine sharing the
    cache folder, may build each (docs/scale.md), and `segments` then finds them all."""
    start, stop = cuts(staging.keys)[number]
    key = segment_key(staging, start, stop, settings)
    if _read(segment_root() / key) is None:
        _write(segment_root() / key, build_segment(staging, start, stop))
    return key


@dataclass(frozen=True)
class Opened:
    """A cached segment opened for reading: its texts (corpus.texts) and token frames
    (corpus.index.parts), each read when asked and checked against its checksums then."""

    texts: StoredTexts
    frames: Frames


def opened(built: Sequence[Built]) -> list[Opened]:
    """The segments `built`, opened. OSError when one is not there any more."""
    found = []
    for key, units in built:
        folder = segment_root() / key
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("rows") != units:
            raise OSError(f"segment {key} is not the one listed")
        sums = manifest["crc32"]
        check = checker(sums["rows"], f"segment {folder.name} {ROWS}", folder / MANIFEST)
        texts = StoredTexts.open(folder / ROWS, units, check)
        found.append(Opened(texts, Frames(load=_Files(folder, sums).read)))
    return found


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


def part_docs(places: pl.DataFrame, built: Sequence[Built]) -> list[pl.Series]:
    """The corpus row (reading order) of each row of each segment `built`, from `places`."""
    doc = places.with_row_index("doc").sort("segment", "local")["doc"]
    starts = [0, *pl.Series([units for _, units in built], dtype=pl.Int64).cum_sum().to_list()]
    return [doc.slice(a, b - a) for a, b in itertools.pairwise(starts)]


def merged_index(parts: Sequence[LocalIndex], finished: Finished, built: Sequence[Built]) -> TermIndex:
    """The index, without periods, of `finished`, the corpus of the segments (cut as `built`)
    indexed `parts`: their vocabularies merged, each segment a part of it in its own numbering
    (corpus.index.parts). Nothing is joined or sorted across segments."""
    vocabulary = pl.concat([p.vocab for p in parts]).unique().sort() if parts else pl.Series("term", [], pl.String)
    terms = [vocabulary.search_sorted(p.vocab).cast(pl.UInt32) for p in parts]
    docs = part_docs(places(finished, built), built)
    built_parts = [Part(t, p.totals, d, p.frames) for t, p, d in zip(terms, parts, docs, strict=True)]
    return merged(vocabulary, built_parts, finished.corpus.articles["published"])


def merged(vocabulary: pl.Series, parts: list[Part], published: pl.Series) -> TermIndex:
    """The index over the vocabulary `vocabulary` of the documents published on `published`
    (reading order), whose tokens are `parts` (corpus.index.parts): the terms' totals and the
    documents' token counts and the articles holding each term summed over the parts (a pass
    over each part's postings, read for it alone, not kept), and the day counts
    (corpus.index.days.day_counts)."""
    documents = len(published)
    total = pl.zeros(len(vocabulary), pl.UInt32, eager=True)
    held = pl.zeros(len(vocabulary), pl.UInt32, eager=True)  # the articles holding each term
    tokens = pl.zeros(documents, pl.UInt32, eager=True)
    for part in parts:
        total = total.scatter(part.terms, total.gather(part.terms) + part.totals)
        postings = part.frames.postings(keep=False)
        held = held.scatter(part.terms, held.gather(part.terms) + held_by(postings, len(part.terms)))
        sizes = postings.group_by("doc").agg(pl.col("n").sum())
        tokens = tokens.scatter(part.docs.gather(sizes["doc"]), sizes["n"])
        del postings, sizes
    vocab = pl.DataFrame({"term_id": pl.int_range(len(vocabulary), dtype=pl.UInt32, eager=True), "term": vocabulary,
                          "total": total, "docs": held})
    frame = pl.DataFrame({"doc": pl.int_range(documents, dtype=pl.UInt32, eager=True), "tokens": tokens})
    together = Parts(parts, tokens)
    return TermIndex(vocab=vocab, docs=frame, period_tokens=(), period_articles=(), parts=together,
                     days=day_counts(together, published, held))
