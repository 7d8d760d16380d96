"""One entry of the index cache on disk: a folder holding a corpus's articles and its TermIndex.

The frames are files (FILES: Parquet, and Arrow IPC for the articles); manifest.json, written
last, says what the folder holds, with their sizes and CRC-32 checksums (per CHUNK). `Entry`
writes a folder atomically (into a temporary folder beside it, renamed into place under the
entry's lock: corpus.disk.locks); `read_entry` reads one back, every byte checked, or raises
CacheMiss saying why. Where entries live and when they are used or pruned: corpus.index.store.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from corpus.disk.atomic import replace_folder, write_file
from corpus.disk.checksums import CHUNK, checker, crc32, file_crcs
from corpus.disk.locks import locked
from corpus.index import segments as segment_files
from corpus.index.days import DayCounts, StoredCounts
from corpus.index.parts import Part, Parts
from corpus.index.terms import TermIndex
from corpus.model import ARTICLE_SCHEMA, Corpus
from corpus.texts import PlacedTexts
from corpus.visible import NOTICE_LIMIT, error_line

# of the cache folder itself (2: with the phrase positions; 3: without the periods; 4: day
# counts; 5: the texts apart, read when asked; 6: the texts in the segments; 7: the token
# frames too, the entry holding each segment's map to the corpus's terms; 8: the articles
# holding each term in the vocabulary; 9: the day counts in row groups, read when asked)
FORMAT = 9
FRAMES = ("articles", "places", "vocab", "docs", "days", "dates", "terms")
# The articles' metadata is an uncompressed Arrow IPC file (it reads in a few ms). Their texts,
# most of the bytes, are not here but in the segments the entry was built from (their rows,
# zstd in small row groups), read an article at a time (corpus.texts.PlacedTexts): `places`
# says where each article is among them (segment, row). So are the token frames (stream,
# postings, positions: corpus.index.parts), each segment's in its own numbering: `terms` holds,
# segment after segment, the corpus's id and the total of each of a segment's terms. The rest is
# Parquet: its integer encodings shrink them to a third and read as fast.
FILES = {name: f"{name}.arrow" if name == "articles" else f"{name}.parquet" for name in FRAMES}
# Read when first asked (corpus.index.days.StoredCounts): a word's rows from the row groups that
# hold them, found by their statistics; the whole only for views that count every term.
LATER = ("days",)
READ_AT_OPENING = tuple(name for name in FRAMES if name not in LATER)
DAY_GROUP = 1 << 17  # rows of a row group of the day counts: 2 MB
WRITERS = 3  # frames written at once (threads: polars and zlib work without the GIL)
MANIFEST = "manifest.json"
LOCK_SUFFIX = ".lock"


def corpus_digest(name: str) -> str:
    """What an entry's manifest says of the corpus it holds (a path: any bytes a file name may
    hold, and none of the user's paths written out): the last build of the same corpus is
    found by it (corpus.index.store)."""
    return hashlib.blake2b(name.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


class CacheMiss(Exception):
    """The cache folder for a key cannot be used; the message says why (for a notice)."""


def lock_file(folder: Path) -> Path:
    """The lock beside an entry (corpus.disk.locks): readers share it, replacing or deleting the
    entry takes it whole. Beside, not inside: the folder itself is swapped whole."""
    return folder.with_name(folder.name + LOCK_SUFFIX)


# --- writing ----------------------------------------------------------------------------------


def _index_frames(index: TermIndex) -> dict[str, pl.DataFrame]:
    if index.days is None:
        raise ValueError("an index without day counts is not cached")  # with_periods made them
    terms = pl.DataFrame({
        "term": pl.concat([p.terms for p in index.parts.parts]) if index.parts.parts else [],
        "total": pl.concat([p.totals for p in index.parts.parts]) if index.parts.parts else [],
    }, schema={"term": pl.UInt32, "total": pl.UInt32})
    return {"vocab": index.vocab, "docs": index.docs.drop("period"), "days": index.days.counts,
            "dates": pl.DataFrame({"date": index.days.dates}), "terms": terms}


class Entry:
    """A cache folder being written atomically: into a temporary folder beside it, manifest
    last, then renamed into place; on any failure nothing is left behind. The articles are
    written from the start, beside the building of the index (threads: polars and zlib work
    without the GIL). `segments` (key, units) are the cached segments the corpus was built from,
    which hold its texts, and `places` where each article is among them
    (corpus.index.segments.places)."""

    def __init__(self, folder: Path, corpus: Corpus, segments: list[tuple[str, int]], places: pl.DataFrame) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        self.folder, self.corpus, self.segments = folder, corpus, segments
        self.tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-", suffix=".tmp"))
        self.pool = ThreadPoolExecutor(max_workers=WRITERS)
        self.jobs = {
            "articles": self.pool.submit(_write_frame, self.tmp / FILES["articles"], corpus.articles.drop("period")),
            "places": self.pool.submit(_write_frame, self.tmp / FILES["places"], places),
        }

    def finish(self, index: TermIndex, *, replace: bool = False) -> None:
        """Write the index and put the folder in place. An entry another process finished
        meanwhile under the same key holds the same data and is kept (readers may have it
        open), unless `replace`: this process found the entry there damaged."""
        try:
            for name, frame in _index_frames(index).items():
                self.jobs[name] = self.pool.submit(_write_frame, self.tmp / FILES[name], frame)
            self.pool.shutdown()  # every writer done before any result is read: none left in tmp
            corpus = self.corpus
            manifest = {
                "format": FORMAT,
                "key": self.folder.name,
                "problems": list(corpus.problems),
                "corpus": corpus_digest(corpus.name),
                "segments": self.segments,  # corpus.index.segments: what it was built from (key, units)
                "terms": [len(p.terms) for p in index.parts.parts],  # each segment's rows of `terms`
                "frames": {name: self.jobs[name].result() for name in FRAMES},
            }
            _write_json(self.tmp / MANIFEST, manifest)
            with locked(lock_file(self.folder)):
                if replace or not (self.folder / MANIFEST).exists():
                    replace_folder(self.tmp, self.folder)
            self.abandon()  # when kept: our copy goes
        except BaseException:
            self.abandon()
            raise

    def abandon(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_entry(folder: Path, corpus: Corpus, index: TermIndex) -> None:
    """Write the cache folder for `corpus` (its texts in cached segments: PlacedTexts) and its
    index, replacing any there (see Entry)."""
    if not isinstance(corpus.texts, PlacedTexts):
        raise ValueError("only a corpus whose texts are in cached segments has an entry")
    Entry(folder, corpus, corpus.texts.segments, corpus.texts.places).finish(index, replace=True)


def _write_frame(path: Path, frame: pl.DataFrame) -> dict:
    """Write `frame` to `path` and describe the file for the manifest."""
    if path.suffix == ".arrow":
        frame.write_ipc(path, compression="uncompressed")
    elif path.name == FILES["days"]:
        frame.write_parquet(path, compression="uncompressed", statistics=True, row_group_size=DAY_GROUP)
    else:
        frame.write_parquet(path, compression="uncompressed", statistics=False)
    return {"file": path.name, "rows": frame.height, "size": path.stat().st_size, "crc32": file_crcs(path)}


def _write_json(path: Path, data: dict) -> None:
    # durable: the manifest vouches for the frames, whose own loss the checksums catch
    write_file(path, lambda f: f.write(json.dumps(data, ensure_ascii=False).encode("utf-8")), durable=True)


def _damaged(path: Path, info: dict) -> str | None:
    """Why `path` is not the file the manifest describes, or None."""
    size = path.stat().st_size
    if size != info["size"]:
        return f"{path.name} is {'truncated' if size < info['size'] else 'too long'}"
    if len(info["crc32"]) != -(-size // CHUNK):
        return f"{path.name} is described wrongly"
    return None


# --- reading ----------------------------------------------------------------------------------


def read_entry(folder: Path, name: str) -> tuple[Corpus, TermIndex]:
    """The corpus and index cached in `folder`, without periods (the articles without their
    period column); CacheMiss when anything is off.

    The entry's frames are read now (the day counts are opened now and read when asked:
    corpus.index.days.StoredCounts), every byte checked against the manifest's checksums (a
    garbled Parquet page or Arrow buffer can otherwise read back as wrong numbers without an
    error), by two threads while this one reads them. The segments it lists are opened now:
    their texts and token frames are read when first asked for, checked then, through the files
    opened here (an entry or segment pruned or replaced meanwhile stays readable: POSIX keeps an
    opened file)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("key") != folder.name:
            raise CacheMiss("written by another version")
        described = manifest["frames"]
        for frame in FRAMES:
            if described[frame]["file"] != FILES[frame]:
                raise CacheMiss("written by another version")
            if why := _damaged(folder / FILES[frame], described[frame]):
                raise CacheMiss(why)
        with ThreadPoolExecutor(max_workers=2) as pool:
            checks = [
                (frame, pool.submit(crc32, folder / FILES[frame], i * CHUNK), crc)
                for frame in READ_AT_OPENING
                for i, crc in enumerate(described[frame]["crc32"])
            ]
            try:
                frames = {frame: _read_frame(folder / FILES[frame]) for frame in READ_AT_OPENING}
                days_check = checker(described["days"]["crc32"], FILES["days"], folder / MANIFEST)
                days = StoredCounts(folder / FILES["days"], days_check)
                built = [(str(key), int(units)) for key, units in manifest["segments"]]
                try:
                    segments = segment_files.opened(built)
                except (OSError, ValueError, KeyError) as exc:
                    raise CacheMiss("the segments it was built from are gone") from exc
            finally:
                for frame, check, crc in checks:
                    if check.result() != crc:
                        for _, other, _ in checks:
                            other.cancel()
                        raise CacheMiss(f"{FILES[frame]} is damaged")
        for frame in READ_AT_OPENING:
            if frames[frame].height != described[frame]["rows"]:
                raise CacheMiss(f"{FILES[frame]} has the wrong number of rows")
        articles = frames["articles"]
        if articles.schema != pl.Schema({k: v for k, v in ARTICLE_SCHEMA.items() if k != "period"}):
            raise CacheMiss("the articles have the wrong columns")
        texts = PlacedTexts([s.texts for s in segments], frames["places"], built)
        units = pl.Series([units for _, units in built], dtype=pl.Int64)
        segment, local = texts.places["segment"].cast(pl.Int64), texts.places["local"].cast(pl.Int64)
        placed = bool(((segment < len(built)) & (local < units.gather(segment.clip(0, max(len(built) - 1, 0))))).all())
        sizes = [int(n) for n in manifest["terms"]]
        if (
            len(texts) != articles.height
            or (len(texts) and not placed)
            or frames["docs"].height != articles.height
            or len(sizes) != len(built)
            or sum(sizes) != frames["terms"].height
        ):
            raise CacheMiss("its parts do not agree")
        corpus = Corpus(name=name, articles=articles, texts=texts, periods=(), problems=tuple(manifest["problems"]))
        starts = [0, *itertools.accumulate(sizes)]
        terms = frames["terms"]
        parts = [
            Part(terms["term"].slice(a, b - a), terms["total"].slice(a, b - a), docs, opened.frames)
            for (a, b), docs, opened in zip(
                itertools.pairwise(starts), segment_files.part_docs(texts.places, built), segments, strict=True
            )
        ]
        index = TermIndex(
            vocab=frames["vocab"],
            docs=frames["docs"],
            period_tokens=(),
            period_articles=(),
            parts=Parts(parts, frames["docs"]["tokens"]),
            days=DayCounts(days, frames["dates"]["date"]),
        )
        return corpus, index
    except CacheMiss:
        raise
    except Exception as exc:  # noqa: BLE001 -- a damaged file may fail in any way inside polars
        raise CacheMiss(error_line(exc, limit=NOTICE_LIMIT)) from exc


def _read_frame(path: Path) -> pl.DataFrame:
    # In one chunk: gathers and slices over a frame read in many (a Parquet row group each)
    # are several times slower.
    return pl.read_ipc(path) if path.suffix == ".arrow" else pl.read_parquet(path).rechunk()

