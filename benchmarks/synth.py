"""A synthetic Indonesian-like news corpus for benchmarks: deterministic, any size.

    .venv/bin/python benchmarks/synth.py 10000 benchmarks/data/synth-10k.parquet
    .venv/bin/python benchmarks/synth.py 10000 benchmarks/data/synth-10k --folder

Each article has ~500 words (`--words`): a headline line, a dateline ("JAKARTA, KOMPAS.com -"),
paragraphs of sentences drawn from a Zipfian vocabulary (real function words at the top, then
words built from Indonesian-looking syllables, with me-/ber-/di- prefixes and -kan/-an/-nya
suffixes), a few multi-word names ("Presiden Rusia Vladimir Putin"), a date in the text
("Senin (14/11/2016)"), and chrome lines the cleaner removes ("Baca juga: …", "ADVERTISEMENT",
"Editor: …"). Dates span 2016–2024. A Parquet table has columns id, date, source, text (no
title: it is inferred); a folder has one .txt per article, in year subfolders.
"""

from __future__ import annotations

import argparse
import itertools
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

FUNCTION_WORDS = (
    "yang dan di ke dari ini itu dengan untuk pada dalam tidak akan juga oleh sebagai "
    "ada adalah karena bahwa atau saat telah sudah masih bisa dapat harus lebih para "
    "kata mereka kami kita ia dia tersebut antara setelah hingga namun tetapi jika "
    "secara serta seperti bagi tahun hari kepada menjadi belum sangat baru lain"
).split()
TOPIC_WORDS = (
    "presiden pemerintah menteri negara rakyat ekonomi politik keamanan perang damai "
    "suriah ukraina rusia amerika serikat china indonesia jakarta moskow washington "
    "teroris terorisme sanksi minyak gas pemilu partai militer pasukan diplomasi "
    "perjanjian kerja sama hubungan bilateral kunjungan konferensi"
).split()
NAMES = [
    "Vladimir Putin", "Donald Trump", "Joko Widodo", "Prabowo Subianto", "Sergei Lavrov",
    "Xi Jinping", "Joe Biden", "Dmitry Peskov", "Retno Marsudi", "Bashar al-Assad",
    "Volodymyr Zelensky", "Angela Merkel", "Emmanuel Macron", "Recep Tayyip Erdogan",
]
TITLES = ["Presiden Rusia", "Presiden Amerika Serikat", "Menteri Luar Negeri", "Juru bicara Kremlin"]
SOURCES = [("JAKARTA", "KOMPAS.com"), ("MOSKOW", "ANTARA"), ("WASHINGTON", "Tempo.co"),
           ("DAMASKUS", "CNN Indonesia"), ("KYIV", "Detik"), ("BEIJING", "Republika")]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
ONSETS = ["b", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "y", "c",
          "ng", "ny", "kh", "sy", "pr", "tr", "st"]
VOWELS = ["a", "a", "a", "i", "i", "u", "u", "e", "o"]
CODAS = ["", "", "", "", "", "", "n", "ng", "r", "t", "k", "l", "s", "h", "m"]
PREFIXES = ["", "", "", "", "", "me", "mem", "men", "meng", "ber", "di", "ter", "pe", "ke"]
SUFFIXES = ["", "", "", "", "", "", "kan", "an", "nya", "i"]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """Function and topic words first (the most frequent), then made-up words."""
    words = list(dict.fromkeys(FUNCTION_WORDS + TOPIC_WORDS))
    seen = set(words)
    while len(words) < size:
        stem = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                       for _ in range(rng.choice((1, 2, 2, 2, 2, 3))))
        word = rng.choice(PREFIXES) + stem + rng.choice(SUFFIXES)
        if word not in seen and 3 <= len(word) <= 16:
            seen.add(word)
            words.append(word)
    return words


def zipf_weights(n: int, s: float = 1.05) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** s
    return weights / weights.sum()


class Writer:
    def __init__(self, seed: int, vocab_size: int, words: int) -> None:
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.vocab = np.array(vocabulary(vocab_size, self.rng))
        # Generator.choice(p=...) computed this cumulative sum on every call (200,000 terms
        # per article at 1M articles); drawing as it does, from the sum made once, gives the
        # same words.
        cdf = zipf_weights(len(self.vocab)).cumsum()
        self.cdf = cdf / cdf[-1]
        self.words = words
        start = date(2016, 1, 1)
        self.days = [(start + timedelta(days=d)) for d in range((date(2024, 12, 31) - start).days + 1)]

    def sentence(self, tokens: list[str]) -> str:
        text = " ".join(tokens)
        return text[0].upper() + text[1:] + "."

    def article(self, n: int) -> dict:
        rng = self.rng
        day = rng.choice(self.days)
        city, outlet = rng.choice(SOURCES)
        count = max(50, int(self.np.normal(self.words, self.words * 0.2)))
        drawn = self.vocab[self.cdf.searchsorted(self.np.random(count), side="right")].tolist()
        # Names and titled names, so YAKE and phrase queries find multi-word phrases.
        for _ in range(max(2, count // 60)):
            at = rng.randrange(len(drawn))
            drawn[at] = rng.choice(TITLES) + " " + rng.choice(NAMES) if rng.random() < 0.4 else rng.choice(NAMES)
        sentences, at = [], 0
        while at < len(drawn):
            size = rng.randint(8, 22)
            sentences.append(self.sentence(drawn[at : at + size]))
            at += size
        when = f"{DAYS[day.weekday()]} ({day.day}/{day.month}/{day.year})"
        sentences[0] = sentences[0][:-1] + f" pada {when}."
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        title = " ".join(w.capitalize() for w in drawn[3:10])
        chrome = [
            (1, "ADVERTISEMENT"),
            (2, "Baca juga: " + " ".join(w.capitalize() for w in drawn[20:27])),
            (len(paragraphs), "Editor: " + rng.choice(NAMES)),
        ]
        body = list(paragraphs)
        for offset, (where, line) in enumerate(chrome):
            body.insert(min(len(body), where + offset), line)
        body[0] = f"{city}, {outlet} - {body[0]}"
        text = title + "\n\n" + "\n\n".join(body) + "\n"
        return {"id": f"synth-{n:06d}", "date": day, "source": outlet, "title": title, "text": text}


def generate(count: int, *, seed: int = 7, words: int = 500, vocab_size: int | None = None):
    vocab_size = vocab_size or min(200_000, 20_000 + count // 2)
    writer = Writer(seed, vocab_size, words)
    for n in range(count):
        yield writer.article(n)


def write_parquet(path: Path, count: int, *, chunk: int = 50_000, **kw) -> None:
    """Written `chunk` articles at a time into parts, then streamed into one file: a million
    articles (3.5 GB of text) never all in memory as Python strings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        parts, rows = [], generate(count, **kw)
        while batch := list(itertools.islice(rows, chunk)):
            parts.append(Path(tmp) / f"{len(parts):05d}.parquet")
            pl.DataFrame(batch).select("id", "date", "source", "text").write_parquet(parts[-1])
        pl.scan_parquet(parts).sink_parquet(path)


def write_folder(path: Path, count: int, **kw) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for row in generate(count, **kw):
        folder = path / str(row["date"].year)
        folder.mkdir(exist_ok=True)
        (folder / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--folder", action="store_true", help="write a folder of .txt files")
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    (write_folder if args.folder else write_parquet)(args.path, args.count, seed=args.seed, words=args.words)


if __name__ == "__main__":
    main()
