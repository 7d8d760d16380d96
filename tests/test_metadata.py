"""Title, date and source inferred from article text, and decoding bytes from the wild."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from corpus.ingest.datelines import infer_source, source_from_dateline
from corpus.ingest.decode import DecodeError, decode, normalize_newlines
from corpus.ingest.headlines import find_headline, first_sentence
from corpus.ingest.metadata import infer

BUNDLED = Path(__file__).resolve().parent.parent / "corpus" / "data" / "bundled"


def seed(prefix: str) -> str:
    (path,) = BUNDLED.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# --- dates (more in test_dates.py) ---------------------------------------------------------


def test_date_from_a_line_the_cleaning_drops_when_the_text_has_none():
    raw = ("Foto: Presiden Putin di Kremlin, 14/11/2016 (getty images)\n\n"
           "Presiden Rusia Vladimir Putin berbicara dengan Donald Trump melalui telepon.")
    found = infer(raw)
    assert "Foto" not in found.text
    assert (found.published, found.date_basis) == (date(2016, 11, 14), "dateline")


# --- sources --------------------------------------------------------------------------------

SOURCES = [
    ("TEMPO.CO, Moskow – Buruknya hubungan bilateral Amerika Serikat dengan Rusia segera berakhir.", "TEMPO.CO"),
    ("Jakarta, CNN Indonesia -- Presiden Rusia Vladimir Putin dan Presiden terpilih AS berbincang.", "CNN Indonesia"),
    ("Pantau - Presiden Rusia Vladimir Putin dan Presiden Amerika Serikat Donald Trump bertelepon.", "Pantau"),
    ("KOMPAS.com - Presiden Rusia Vladimir Putin kembali terpilih dalam pemilu presiden Rusia.", "KOMPAS.com"),
    ("JAKARTA, KOMPAS.com - Presiden Rusia Vladimir Putin kembali terpilih dalam pemilu presiden.", "KOMPAS.com"),
    ("Liputan6.com, Jakarta - Presiden Amerika Serikat Donald Trump menelepon Presiden Rusia.", "Liputan6.com"),
    ("Moskow (ANTARA) - Presiden Rusia Vladimir Putin mengucapkan selamat kepada Donald Trump.", "ANTARA"),
    ("WASHINGTON, Nov 14 (Reuters) - President-elect Donald Trump and Vladimir Putin spoke by phone.", "Reuters"),
    ("Bisnis.com, JAKARTA - Pemerintah menyiapkan anggaran tambahan untuk program perlindungan sosial.", "Bisnis.com"),
    ("REPUBLIKA.CO.ID, JAKARTA -- Pemerintah menyiapkan anggaran tambahan untuk program sosial.", "REPUBLIKA.CO.ID"),
    ("Jakarta, IDN Times - Pemerintah menyiapkan anggaran tambahan untuk program perlindungan sosial.", "IDN Times"),
    ("Surabaya, Beritasatu - Pemerintah menyiapkan anggaran tambahan untuk program perlindungan sosial.", "Beritasatu"),
    # a place only, or no dateline at all
    ("JAKARTA - Pemerintah menyiapkan anggaran tambahan untuk program perlindungan sosial tahun ini.", ""),
    ("Jakarta - Pemerintah menyiapkan anggaran tambahan untuk program perlindungan sosial tahun ini.", ""),
    ("TULUNGAGUNG - Pemerintah kabupaten menyiapkan anggaran tambahan untuk program perlindungan sosial.", ""),
    ("Presiden Rusia Vladimir Putin mengucapkan selamat kepada Donald Trump atas kemenangannya.", ""),
    ("Rusia - AS Sepakat Berdamai", ""),  # a headline with a dash: nothing follows it
    ("Foto: Presiden Rusia - Vladimir Putin (getty images) bersama pejabat Kremlin di Moskow.", ""),
]


@pytest.mark.parametrize(("line", "expected"), SOURCES)
def test_infer_source(line, expected):
    assert infer_source(["", line, "Paragraf berikutnya."]) == expected


def test_source_from_the_first_dateline_among_the_first_lines():
    lines = ["Pantau Flash", "HOME  ⁄  Internasional", "", "Sebuah Judul Berita", "",
             "Pantau - Presiden Rusia Vladimir Putin dan Presiden Amerika Serikat Donald Trump bertelepon."]
    assert infer_source(lines) == "Pantau"


@pytest.mark.parametrize(
    ("head", "expected"),
    [("Senin (14/11)", ""), ("detikNews", "detikNews"), ("Suara.com", "Suara.com"),
     ("Jakarta, Beritasatu", "Beritasatu")],
)
def test_source_from_dateline_head(head, expected):
    assert source_from_dateline(head) == expected


# --- titles ---------------------------------------------------------------------------------


def test_headline_followed_by_a_blank_line():
    raw = "Putin Siap Berdialog dengan Trump\n\nPresiden Rusia Vladimir Putin menyatakan siap berdialog."
    found = infer(raw)
    assert found.title == "Putin Siap Berdialog dengan Trump"
    assert found.text == "Presiden Rusia Vladimir Putin menyatakan siap berdialog."


def test_headline_followed_directly_by_body_text_is_split_off():
    raw = (
        "Putin Siap Berdialog dengan Trump\n"
        "Presiden Rusia Vladimir Putin menyatakan siap berdialog dengan presiden terpilih Amerika Serikat.\n"
    )
    found = infer(raw)
    assert found.title == "Putin Siap Berdialog dengan Trump"
    assert found.text.startswith("Presiden Rusia Vladimir Putin menyatakan")


def test_a_sentence_split_at_a_link_is_not_a_headline():
    raw = "Menurut laporan yang dikutip\nReuters, kedua pemimpin sepakat bertemu bulan depan di Helsinki."
    assert find_headline(raw.split("\n")) is None
    assert infer(raw).title == ("Menurut laporan yang dikutip Reuters, "
                                "kedua pemimpin sepakat bertemu bulan depan di Helsinki")


def test_chrome_lines_before_the_headline_are_skipped():
    found = infer(normalize_newlines(seed("004")))
    assert found.title == "Putin dan Trump Bahas Hubungan Bilateral dalam Panggilan Telepon"
    assert found.source == "Pantau"
    assert "Putin dan Trump Bahas Hubungan Bilateral dalam Panggilan Telepon" not in found.text


def test_title_from_the_first_sentence_without_the_dateline():
    raw = ("TEMPO.CO, Moskow – Buruknya hubungan bilateral Amerika Serikat dengan Rusia sepertinya segera "
           "berakhir. Presiden AS terpilih mulai menjalin komunikasi.")
    assert infer(raw).title == "Buruknya hubungan bilateral Amerika Serikat dengan Rusia sepertinya segera berakhir"


def test_long_first_sentence_is_cut_on_a_word_boundary():
    title = first_sentence("Presiden Rusia Vladimir Putin dan Presiden terpilih Amerika Serikat Donald Trump "
                           "berbincang soal penguatan kerja sama yang konstruktif termasuk memerangi terorisme.")
    assert title.endswith("…") and len(title) <= 101
    assert title == "Presiden Rusia Vladimir Putin dan Presiden terpilih Amerika Serikat Donald Trump berbincang soal…"


def test_abbreviations_at_the_start_do_not_end_the_sentence():
    assert first_sentence("U.S. President-elect Donald Trump spoke to Putin. They agreed.") == (
        "U.S. President-elect Donald Trump spoke to Putin"
    )


def test_given_title_is_used_and_removed_from_the_text():
    found = infer(normalize_newlines(seed("003")), title="Judul Editor", find_date=False, find_source=False)
    assert found.title == "Judul Editor"
    assert found.published is None and found.source == ""


def test_bundled_seeds_without_their_manifest():
    """A cross-check of inference against the curated manifest (which dates by context)."""
    found = {p: infer(normalize_newlines(seed(p))) for p in ("000", "001", "002", "003", "004")}
    assert [(f.published, f.source) for f in found.values()] == [
        (None, ""),  # no date or dateline in the text; the manifest dates it by context
        (date(2016, 11, 14), "TEMPO.CO"),  # the call; the manifest says the 15th (the report)
        (date(2016, 11, 14), "CNN Indonesia"),  # "Senin (14/11)" + "20 Januari 2017" -> 2016
        (None, ""),
        (None, "Pantau"),  # "Rabu (12/2)" and no year anywhere
    ]
    assert found["003"].title == "Putin Siap Jalin Kontak Kembali dengan Trump, Buka Peluang Dialog Rusia-AS"
    assert found["004"].title == "Putin dan Trump Bahas Hubungan Bilateral dalam Panggilan Telepon"


# --- decoding -------------------------------------------------------------------------------

TEXT = "Café “Moskow” — Putin’s résumé.\nBaris kedua."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with a BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16-le"),  # no BOM: NULs in every other byte
    ],
    ids=["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "cp1252", "utf-16-le-no-bom"],
)
def test_decode(data):
    assert decode(data) == TEXT


def test_decode_latin1_and_short_cp1252():
    assert decode("Ünïcödé façade señor".encode("latin-1")) == "Ünïcödé façade señor"
    assert decode("é".encode("cp1252")) == "é"
    assert decode("Putin’s".encode("cp1252")) == "Putin’s"


def test_decode_non_western_legacy_encodings_by_detection():
    text = "Президент России Владимир Путин поздравил Дональда Трампа с победой на выборах."
    assert decode(text.encode("cp1251")) == text


def test_decode_keeps_line_ends_and_normalize_newlines_fixes_them():
    assert decode(b"a\r\nb\rc") == "a\r\nb\rc"
    assert normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"


def test_binary_data_is_not_text():
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00")
