"""The column cleaner (corpus.ingest.clean_column) gives clean_text's output, article for article.

clean_text is the reference: its own tests say what cleaning means. Here both run on the
bundled seeds, on every test corpus, and on thousands of articles assembled at random from the
kinds of line that make the rules' states matter: labels and what follows them, trailing
blocks early and late, teasers, repeats, titles, odd spaces, line ends, paragraphs joined on
one line with commas, mojibake, and characters on which Python's and Rust's regexes disagree
(those articles take the Python path).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import polars as pl
import pytest

import corpus.ingest.headlines
import corpus.ingest.metadata
from corpus.ingest import clean_column as bulk_clean
from corpus.ingest.clean import clean_text, is_chrome
from corpus.ingest.load import bundled_dir
from corpus.ingest.metadata import infer

CORPORA = Path(__file__).resolve().parent / "corpora"

CHROME = [
    "Baca juga:", "Baca juga: Putin dan Trump bertemu lagi", "BACA JUGA", "Lihat juga:", "Pilihan Editor:",
    "Penulis:", "Editor: Ahmad Ryansyah", "Oleh Ahmad Ryansyah", "Oleh:", "Sumber: Reuters", "Redaksi",
    "Foto: ANTARA/Hafidz Mubarak", "(Foto: Dok. Istimewa)", "Gambar Istimewa : antaranews.com",
    "ADVERTISEMENT", "Scroll to continue with content", "Iklan", "Share", "Facebook", "Bagikan:",
    "Ikuti kami di Google News", "Klik di sini untuk berlangganan", "Tonton video pilihan di bawah ini",
    "Video Pilihan", "Tags", "Tag: Putin, Trump, Rusia", "Topik terkait: Rusia", "Related Posts",
    "Copyright © 2024 Kabar", "© 2025 Pantau", "HOME ⁄ Internasional", "Berita › Dunia › Rusia",
    "Pantau Flash", "Breaking News", "Halaman: 1 2 3", "(ama)", "(rds/ard)", "(*)",
    "[Gambas:Video CNN]", "[ADVERTISEMENT]", "Jika keberatan dengan konten ini, laporkan.",
    "Artikel ini telah tayang di Kompas.com", "Laporan wartawan Tribun, Budi", "Simak juga:",
    "loading...", "(Baca juga: Harga Minyak Naik Lagi)", "Baca juga: Pawai Budaya Meriahkan Kota,Panitia datang.",
    "Penulis: Dewi Lestari,Editor: Budi Santoso", "#TetapSemangat bersama KABAR", "Sumber : Antara", "[mus]",
    "(ANT)", "(bam/ala)", "Baca juga,,", "Reporter: Nama Saya,Setelah itu dia pergi.",
]
WORDS = ("presiden rusia vladimir putin donald trump hubungan bilateral kedua negara amerika serikat "
         "kremlin dialog perang ukraina sanksi moskow washington oleh karena itu foto video baca juga "
         "kata dia menurut pernyataan pada hari senin kerja sama").split()
SPACES = ["  ", " \t ", "\u00a0", "\u2003", "\t", "é", "—"]  # safe: the column path takes these
MOJIBAKE = ["‚Äú", "‚Äù", "â€œ", "Ã¤", "‚Äé", "Ã¶"]  # left as they are by the cleaners (repair is before)
ODD = ["ß", "🙂", "e\u0301", "²", "\u200d", "İ", "K", "\x1c", "Ⓐ", "ﬁ", "ſ", "\u3000"]  # these go to clean_text


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    text = text[0].upper() + text[1:]
    return text + rng.choice([".", ".", "!", "?", ":", '"', "”", "", "", ",", " ...", "…"])


def line(rng: random.Random, seen: list[str]) -> str:
    roll = rng.random()
    if roll < 0.25:
        return ""
    if roll < 0.45:
        return rng.choice(CHROME)
    if roll < 0.5 and seen:  # a repeat, or a teaser: the start of a line already written or to come
        earlier = rng.choice(seen)
        return earlier if rng.random() < 0.5 else earlier[: rng.randint(20, 80)] + rng.choice(["", "...", "…", " ."])
    if roll < 0.55:
        return " ".join(w.capitalize() for w in sentence(rng, rng.randint(2, 8)).split())  # a subheading
    if roll < 0.6:
        return sentence(rng, 3) + rng.choice([" ", "", "  "]) + rng.choice(
            ["(ama)", "(rds/ard)", "[Gambas:Video CNN]", "(RCTI)", "[mus],,", "Sumber: Antara", "loading...",
             ",,,loading..."]
        )
    return sentence(rng, rng.randint(4, 60))


def article(rng: random.Random) -> str:
    odd = rng.random() < 0.15
    seen: list[str] = []
    lines = []
    for _ in range(rng.randint(0, 40)):
        text = line(rng, seen)
        if text and rng.random() < 0.5:
            seen.append(text)
        if text and rng.random() < 0.1:
            spot = rng.randint(0, len(text))
            text = text[:spot] + rng.choice(SPACES + MOJIBAKE + (ODD if odd else [])) + text[spot:]
        if rng.random() < 0.1:
            text = rng.choice([" ", "\t", "\u00a0", "\u2002"]) + text + rng.choice([" ", "  ", "\u2009"])
        lines.append(text)
    if rng.random() < 0.3:  # paragraphs joined on one line, as scrapes that lost the breaks have them
        return "".join(text + rng.choice([",", ",", ",,", ", ,", ",,,", "\n", " ,"]) for text in lines)
    return rng.choice(["\n", "\r\n", "\r"]).join(lines)


def clean_texts(raws: list[str], titles: list[str | None] | None = None) -> list[str]:
    """bulk_clean.clean_column over raws and titles, in parts over threads as the loader runs it."""
    titles = titles if titles is not None else [None] * len(raws)
    frame = pl.DataFrame({"raw": raws, "title": titles}, schema={"raw": pl.String, "title": pl.String})
    return bulk_clean.in_parts(lambda part: part.select(text=bulk_clean.clean_column(part)), frame)["text"].to_list()


def assert_same(raws: list[str], titles: list[str | None]) -> None:
    got = clean_texts(raws, titles)
    for raw, title, text in zip(raws, titles, got, strict=False):
        assert text == clean_text(raw, title), (raw, title)


def test_the_bundled_seeds_with_and_without_their_titles():
    raws = [p.read_text(encoding="utf-8") for p in sorted(bundled_dir().glob("*.txt"))]
    titles = [raw.split("\n", 1)[0] for raw in raws]
    assert_same(raws + raws, titles + [None] * len(raws))


def test_every_test_corpus_text():
    raws = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPORA.rglob("*")) if p.is_file()]
    assert len(raws) > 5
    assert_same(raws, [None] * len(raws))


@pytest.mark.parametrize("seed", range(4))
def test_random_articles(seed, monkeypatch):
    by_python = []
    monkeypatch.setattr(bulk_clean, "clean_text", lambda raw, title: by_python.append(raw) or clean_text(raw, title))
    rng = random.Random(seed)
    raws = [article(rng) for _ in range(600)]
    titles = [rng.choice([None, "", line(rng, []), clean_text(raw).split("\n\n")[0]]) for raw in raws]
    assert_same(raws, titles)
    # most of them really took the column path
    assert 0 < len(by_python) < 0.25 * len(raws)


def test_articles_in_parts_over_threads(monkeypatch):
    monkeypatch.setattr(bulk_clean, "PART", 100)
    monkeypatch.setattr(bulk_clean, "cpus", lambda: 3)
    rng = random.Random(9)
    raws = [article(rng) for _ in range(1007)]
    assert_same(raws, [None] * len(raws))


def test_no_text_at_all():
    assert clean_texts([]) == []
    assert clean_texts(["", "\n\n", "Iklan"]) == ["", "", ""]


def test_is_chrome_is_clean_text_of_one_line():
    rng = random.Random(3)
    lines = CHROME + [line(rng, []) for _ in range(2000)] + ["  ", "[Gambas:Video CNN]", "Tags\nPutin"]
    for text in lines:
        assert is_chrome(text) == (clean_text(text) == ""), text


@pytest.mark.parametrize("chars", [199, 200, 201])
def test_the_limits_of_the_settings(chars):
    body = ("Putin berkata " * 40)[:chars - 1].strip().ljust(chars - 1, "x") + "."
    assert len(body) == chars
    raws = [
        f"{body}\n\nTags\n\nTrump menjawab.",  # drops the rest from 200 characters kept on
        f"Baca juga:\n{body[:chars - 40]}\n\nSetelah itu, dia pergi.",  # a next line up to 160 is taken
    ]
    assert_same(raws, [None, None])


def test_infer_batch_cleans_article_by_article_when_the_column_cleaner_fails(monkeypatch):
    rng = random.Random(5)
    jobs = [(article(rng), None, True, True) for _ in range(30)] + [("Judul\n\nIsi berita.", "Judul", True, True)]
    expected = [infer(raw, title=title) for raw, title, _, _ in jobs]

    def broken(*args):
        raise pl.exceptions.ComputeError("a text polars cannot hold")

    monkeypatch.setattr(corpus.ingest.metadata, "clean_column", broken)
    monkeypatch.setattr(corpus.ingest.metadata, "COLUMNS_MIN", 0)
    assert corpus.ingest.metadata.infer_batch(jobs) == expected


def test_on_the_safe_characters_python_and_polars_agree():
    """What the rules and the cleaning ask of a character, asked of each safe one in both."""
    chars = list(bulk_clean.safe_characters())
    column = pl.Series(chars)
    for pattern in (r"\w", r"\s", r"\d", *(f"(?i){letter}" for letter in "abcdefghijklmnopqrstuvwxyz")):
        python = [re.fullmatch(pattern, c) is not None for c in chars]
        assert column.str.contains(f"^(?:{pattern})$").to_list() == python, pattern
    assert column.str.strip_chars().to_list() == [c.strip() for c in chars]
    assert column.str.to_lowercase().to_list() == [c.casefold() for c in chars]
    assert column.str.len_chars().to_list() == [1] * len(chars)
    # between two letters, \b sees the character as Python does
    framed = pl.Series([f"a{c}a" for c in chars])
    assert framed.str.contains(r"^a\b").to_list() == [re.match(r"a\b", f"a{c}a") is not None for c in chars]


HEADLINES = ["Putin Dan Trump Bertemu Di Helsinki", "# Putin Dan Trump Bertemu", "## Kremlin Menjawab Washington",
             "#Bukan Judul Markdown", "Putin dan Trump bertemu", "Apakah Putin Datang?",
             "JAKARTA, KOMPAS.com - " + "Putin " * 10,
             "Judul Pendek", "Satu", "Judul Yang Berakhir Titik.",
             "Moskow (ANTARA) - Putin berkata hari ini soal perang itu lagi."]


def headline_article(rng: random.Random) -> str:
    """An article whose opening lines are the kinds find_headline weighs."""
    top = [rng.choice(["", "", *CHROME[:12], *HEADLINES, sentence(rng, rng.randint(2, 12))])
           for _ in range(rng.randint(0, 4))]
    if rng.random() < 0.1:
        top += [rng.choice(["", "Iklan"])] * rng.randint(57, 61)  # about the 60 lines searched
    top.append(rng.choice(HEADLINES + [""]))
    if rng.random() < 0.2:
        top += [""] * rng.randint(30, 45)  # blank lines up to and past the 39 read after it
    text = "\n".join(top + [line(rng, []) for _ in range(rng.randint(0, 8))])
    if rng.random() < 0.2:
        text = rng.choice([" ", "\u00a0", "\t"]) + text.replace("\n", "\n" + rng.choice(["", " ", "\u00a0"]), 2)
    return text


@pytest.mark.parametrize("seed", range(3))
def test_headline_candidates_are_what_find_headline_reads(seed):
    rng = random.Random(seed)
    raws = [headline_article(rng) for _ in range(800)] + [article(rng).replace("\r", "") for _ in range(200)]
    raws += [p.read_text(encoding="utf-8", errors="replace").replace("\r", "") for p in sorted(CORPORA.rglob("*.txt"))]
    frame = pl.DataFrame({"raw": raws}).with_row_index("doc")
    safe = frame.filter(~pl.col("raw").str.contains(bulk_clean._patterns()[0]))
    limits = corpus.ingest.headlines.HEADLINE_WITHIN, corpus.ingest.headlines.HEADLINE_AFTER
    found = {row["doc"]: row for row in bulk_clean.headline_candidates(safe, *limits).iter_rows(named=True)}
    headlines = 0
    for doc, raw in safe.iter_rows():
        lines = raw.split("\n", 100)[:100]
        expected = corpus.ingest.headlines.find_headline(lines)
        got = found.get(doc)
        if got is None:
            assert expected is None, raw
            continue
        assert raw[got["start"]:got["start"] + got["length"]] == lines[got["line"]]
        assert " ".join(got["s"].split()) == corpus.ingest.headlines.headline_text(lines[got["line"]])  # the title
        more = got["more"]
        is_headline = corpus.ingest.headlines.is_headline(got["s"], got["following"], lambda more=more: more)
        assert (got["line"] if is_headline else None) == expected, raw
        headlines += expected is not None
    assert headlines > 100


@pytest.mark.parametrize("seed", range(3))
def test_infer_batch_is_infer_article_by_article(seed, monkeypatch):
    monkeypatch.setattr(bulk_clean, "PART", 150)  # several parts, over threads
    rng = random.Random(seed)
    raws = [headline_article(rng) if rng.random() < 0.6 else article(rng) for _ in range(700)]
    raws = [raw.replace("\n", "\nJAKARTA, KOMPAS.com - Putin berkata pada Senin (14/11) soal 20 Januari 2017.\n", 1)
            if rng.random() < 0.2 else raw for raw in raws]
    jobs = [(raw, rng.choice([None, None, "", "Judul Diberikan", line(rng, [])]),
             rng.random() < 0.5, rng.random() < 0.5)
            for raw in raws]
    # a "\r" alone ends a line for clean_text but not for find_headline
    jobs.append(("Iklan\rBaca juga:\nPutin Dan Trump Bertemu Di Helsinki\n\nIsi berita.", None, False, False))
    expected = [infer(raw, title=title, find_date=d, find_source=s) for raw, title, d, s in jobs]
    assert expected[-1].title == "Putin Dan Trump Bertemu Di Helsinki"
    monkeypatch.setattr(corpus.ingest.metadata, "_infer_each", None)  # no part falls back to Python
    assert corpus.ingest.metadata.infer_batch(jobs) == expected
    assert sum(e.title != t for e, (_, t, _, _) in zip(expected, jobs, strict=False)) > 200  # titles were found
