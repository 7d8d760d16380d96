"""Dates: every shape of a date column, and the publication date read from news text.

The texts are written here in the shapes of Indonesian news (a dateline, a weekday with the
date in brackets, joined paragraphs); none is copied from a real corpus. The dev corpus is only
read, by the last test, where it is.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from corpus.ingest.dates import parse_date, parse_dates
from corpus.ingest.load import load_corpus
from corpus.ingest.text_dates import text_date
from tui.cli import main as cli

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "clickid-dev" / "articles.csv"

# --- values ---------------------------------------------------------------------------------

SEP_10 = date(2019, 9, 10)
COLUMN_SHAPES = [
    ("2019-09-10", SEP_10),
    ("2019-09-10T14:05:00+07:00", SEP_10),
    ("2019-09-10 14:05", SEP_10),  # a date column holding a time
    ("2019/09/10", SEP_10),
    ("10/09/2019", SEP_10),
    ("10-09-2019", SEP_10),
    ("10.09.2019", SEP_10),
    ("10/09/2019 14:05 WIB", SEP_10),
    ("10-Sep-19", SEP_10),  # two-digit year after a month abbreviation
    ("10 Sep 19", SEP_10),
    ("Sep 10, 2019", SEP_10),
    (" Sep 10, 2019 ", SEP_10),  # stray spaces
    ("  10   September  2019 ", SEP_10),
    ("10 September 2019", SEP_10),
    ("Selasa, 10 September 2019 14:05 WIB", SEP_10),
    ("31 Juli 2019", date(2019, 7, 31)),
    ("Oktober 19, 2019", date(2019, 10, 19)),
    ("10 Agu 2019", date(2019, 8, 10)),
    ("10 Agt 2019", date(2019, 8, 10)),
    ("5 Des 2019", date(2019, 12, 5)),
    ("3 Okt 2019", date(2019, 10, 3)),
    ("1568073600", SEP_10),  # Unix seconds, 2019-09-10 00:00 UTC
    ("1568073600000", SEP_10),  # milliseconds
    ("43718", SEP_10),  # an Excel serial day number, as text
    ("43718.604", SEP_10),  # with the time of day
    ("20190910", SEP_10),  # yyyymmdd
    # not dates
    ("2019", None),  # a year, not an Excel serial (1990 is 32874) nor a timestamp
    ("13:47 WIB", None),  # a time in the date column
    ("10 September", None),  # no year
    ("kemarin", None),
    ("", None),
]


@pytest.mark.parametrize(("value", "expected"), COLUMN_SHAPES)
def test_each_column_shape(value, expected):
    assert parse_date(value) == expected
    dates, missed, _ = parse_dates(pl.Series([value]))
    assert dates.to_list() == [expected]
    assert missed == (1 if expected is None and value.strip() else 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (43718, SEP_10),  # Excel serial
        (43718.604, SEP_10),
        (1568073600, SEP_10),  # Unix seconds
        (20190910, SEP_10),
        (2019, None),  # a year
        (32873, None),  # 31 Dec 1989: before the Excel range
        (date(2019, 9, 10), SEP_10),
        (None, None),
    ],
)
def test_numbers_excel_serials_timestamps_and_years_are_told_apart(value, expected):
    assert parse_date(value) == expected


def test_numeric_columns():
    dates, missed, examples = parse_dates(pl.Series([43718, 43719, 2019, None]))
    assert dates.to_list() == [SEP_10, date(2019, 9, 11), None, None]
    assert (missed, examples) == (1, ["2019"])


def test_a_month_first_column_is_read_month_first():
    dates, missed, _ = parse_dates(pl.Series(["09/10/2019", "09/23/2019", "10/01/2019"]))
    assert dates.to_list() == [SEP_10, date(2019, 9, 23), date(2019, 10, 1)]
    assert missed == 0


def test_a_day_first_column_stays_day_first():
    dates, _, _ = parse_dates(pl.Series(["09/10/2019", "23/09/2019"]))
    assert dates.to_list() == [date(2019, 10, 9), date(2019, 9, 23)]


def test_values_not_understood_are_counted_with_two_examples():
    dates, missed, examples = parse_dates(pl.Series(["kemarin", "2019-09-10", "besok", "kemarin", "lusa", " ", None]))
    assert dates.to_list() == [None, SEP_10, None, None, None, None, None]
    assert (missed, examples) == (4, ["kemarin", "besok"])


def test_times_of_day_in_a_column():
    values = ["2019-09-10 14:05", "2019-09-10T23:59:59+07:00", "Sep 10, 2019 10:00 AM", "10/09/2019 14:05 WIB",
              "10.09.2019 14.05", "kemarin 14:05"]
    dates, missed, examples = parse_dates(pl.Series(values))
    assert dates.to_list() == [SEP_10] * 5 + [None]
    assert (missed, examples) == (1, ["kemarin 14:05"])  # shown as given


def test_a_table_with_a_time_column_and_unreadable_dates(tmp_path):
    path = tmp_path / "news.csv"
    body = " , - Pemerintah provinsi meresmikan jembatan baru di pinggir kota pada pagi hari ini."
    rows = [
        ("Jembatan baru", "10-Sep-19", "08:15", body),
        ("Harga cabai", "kemarin", "09:00", "Jakarta, Selasa (10/9/2019) - Harga cabai naik di pasar tradisional."),
        ("Banjir", "tadi pagi", "10:30", "Banjir merendam ratusan rumah warga di tepi sungai."),
        ("Sidang", " Sep 11, 2019 ", "11:45", body),
    ]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["title", "date", "time", "content"])
        writer.writerows(rows)
    corpus = load_corpus(path)
    got = {r["title"]: (r["published"], r["date_basis"]) for r in corpus.articles.iter_rows(named=True)}
    assert got == {
        "Jembatan baru": (SEP_10, "column"),
        "Harga cabai": (SEP_10, "dateline"),  # fell back to the text, and says so
        "Banjir": (None, None),
        "Sidang": (date(2019, 9, 11), "column"),
    }
    assert corpus.problems == (
        "news.csv: 2 values in date column 'date' not understood (e.g. 'kemarin', 'tadi pagi'); those rows are"
        " dated from the text where it says, shown by date_basis",
    )


# --- text -----------------------------------------------------------------------------------

TEXTS = [
    # full dates, Indonesian and English
    ("Keduanya berbicara pada Kamis, 9 Maret 2023 malam.", date(2023, 3, 9)),
    ("Pemilu digelar pada 14 November 2016.", date(2016, 11, 14)),  # a short line: a date line
    ("Diterbitkan 14 Nov. 2016 pukul 08.00 WIB.", date(2016, 11, 14)),
    ("Jumat, 14 Nov 2016 08:00 WIB", date(2016, 11, 14)),
    ("Pada 17 Agt 2020 upacara digelar.", date(2020, 8, 17)),
    ("Rapat pada 3 Okt 2021.", date(2021, 10, 3)),
    ("The call took place on November 14, 2016, the Kremlin said.", date(2016, 11, 14)),
    ("Published Monday, Nov. 14, 2016.", date(2016, 11, 14)),
    ("Posted 2016-11-14T10:00:00+07:00 by admin.", date(2016, 11, 14)),
    ("Diperbarui 14/11/2016 10:00 WIB.", date(2016, 11, 14)),
    ("Pada Rabu (3/7/2019), rapat digelar.", date(2019, 7, 3)),
    ("Tanggal 11/14/2016 (month first only fits).", date(2016, 11, 14)),
    ("Tertanggal 14.11.2016 di Jakarta.", date(2016, 11, 14)),
    ("Pada 14/11/16 pagi.", date(2016, 11, 14)),
    # no year: taken from a date-like context, checked against the weekday
    ("Dalam perbincangan pada Senin (14/11), keduanya sepakat. Trump dilantik 20 Januari 2017.",
     date(2016, 11, 14)),
    ("Pada Rabu (12/2), keduanya berbicara, sebulan setelah pelantikan Januari 2025.", date(2025, 2, 12)),
    # the first date of the top wins
    ("Kremlin, 15 November 2016: panggilan pada Senin, 14 November 2016.", date(2016, 11, 15)),
    ("31 Februari 2016 tidak ada; 1 Maret 2016 ada.", date(2016, 3, 1)),
    # a bare year number is no context (it was, before: these were dated from it)
    ("Putin berbicara pada Kamis, 9 Maret lalu. Tahun 2023 menjadi tahun sibuk.", None),
    ("Pertemuan pada 9 Maret itu membahas anggaran 2023.", None),
    ("Senin (14/11) ... tahun 2015 ... tahun 2016", None),
    # dateline heads, in a long first line
    ("WASHINGTON, Nov 14, 2016 (Reuters) - U.S. President-elect Donald Trump and Russian President Vladimir"
     " Putin spoke by phone and agreed to work towards constructive cooperation, the Kremlin said.",
     date(2016, 11, 14)),
    ("Jakarta, 10/9/2019 - Pemerintah provinsi meresmikan jembatan baru di pinggir kota pada pagi hari ini,"
     " disaksikan ratusan warga yang datang dari desa-desa sekitar.", SEP_10),
    # not the day of writing
    ("Pemilu digelar 14 November 2016 lalu.", None),  # "lalu": a past day
    ("Konser digelar 14 November 2016 mendatang.", None),  # "mendatang": to come
    # not dates
    ("Tidak ada tanggal di sini.", None),
    ("Pada Senin (14/11) keduanya berbicara.", None),  # no year anywhere
    ("Skor akhir 3/1 pada musim 2016.", None),  # a score, no weekday
    ("They may meet; the 3 may go in 2016.", None),  # "may" is a verb
    ("Harga naik menjadi Rp 1.000.000 per unit.", None),
    ("Versi 1.2.3 dirilis.", None),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_text_date(text, expected):
    assert text_date(text)[0] == expected


FILLER = (
    "Warga berkumpul di balai desa untuk mendengarkan penjelasan petugas tentang rencana itu, "
    "dan banyak yang bertanya tentang biaya serta jadwal pengerjaannya di lapangan. "
) * 3


def test_the_dateline_wins_over_a_birth_date_in_the_body():
    text = ("Jakarta, Selasa (10/9/2019) - Penyanyi itu merilis album barunya. " + FILLER
            + "Penyanyi kelahiran 30 November 1995 itu pernah tampil di festival 12 Agustus 2017.")
    assert text_date(text) == (SEP_10, "dateline")


def test_a_date_line_at_the_top():
    text = "10 September 2019, 14:05 WIB\n\nKOMPAS.com - Presiden meresmikan bendungan. " + FILLER
    assert text_date(text) == (SEP_10, "dateline")


def test_a_yearless_dateline_takes_its_year_from_a_date_in_the_text():
    text = "Senin (9/9) - Sidang dilanjutkan. " + FILLER + "Sidang pertama digelar pada 2 September 2019."
    assert text_date(text) == (date(2019, 9, 9), "dateline")


def test_a_birth_date_alone_is_not_a_publication_date():
    text = "Aktris itu kembali berakting. " + FILLER + "Aktris kelahiran 30 November 1995 itu senang."
    assert text_date(text) == (None, None)
    assert text_date("Penyanyi itu menikah pada 17 Oktober 2014 silam. " + FILLER) == (None, None)


def test_a_yearless_date_does_not_take_the_year_of_a_name():
    text = "Timnas bertanding 5 September lalu. " + FILLER + "Laga itu bagian dari kualifikasi Piala Dunia 2022."
    assert text_date(text) == (None, None)


def test_a_weekday_never_picks_a_far_year():
    # Tuesday 10 September is 2019; the only context year is 2017, and 10/9 is a Sunday in
    # 2017, Saturday in 2016, Monday in 2018: the weekday may not reach out to 2019 or 1985
    text = "Selasa (10/9) - Rapat digelar. " + FILLER + "Aturan itu berlaku sejak 20 Januari 2017."
    assert text_date(text) == (None, None)
    text = "Selasa (10/9) - Rapat digelar. " + FILLER + "Aturan itu terbit 20 Januari 2018."
    assert text_date(text) == (date(2019, 9, 10), "dateline")  # 2018 + 1


def test_a_bare_date_in_the_lead_is_an_event_not_a_dateline():
    text = "Gedung baru itu resmi beroperasi pada 22 Agustus 2019, kata pejabat setempat. " + FILLER
    assert text_date(text) == (None, None)


def test_body_dates_named_with_a_weekday_when_they_agree():
    opening = "Pemerintah kota menyiapkan anggaran tambahan untuk perbaikan jalan. " + FILLER
    one = opening + "Rapat anggaran digelar pada Rabu (11/9/2019) di balai kota."
    assert text_date(one) == (date(2019, 9, 11), "text")
    close = one + " Laporan itu diserahkan Jumat (13/9/2019). Proyek itu selesai 20 Desember 2019."
    assert text_date(close) == (date(2019, 9, 13), "text")  # within a week: the latest named one
    yearless = opening + ("Rapat digelar Senin (9/9). Laporan diserahkan Rabu (11/9). "
                          "Jalan ditutup hingga 2 Januari 2020.")
    assert text_date(yearless) == (date(2019, 9, 11), "text")  # the years: 2 Januari 2020 - 1
    far = one + " Sidang berikutnya Senin (14/10/2019)."
    assert text_date(far) == (None, None)  # which one is today? undated rather than wrong
    bare = opening + "Rapat anggaran digelar pada 11 September 2019 di balai kota."
    assert text_date(bare) == (None, None)  # no weekday: an event's date, not said to be today's


# --- a corpus -------------------------------------------------------------------------------


def _write_folder(folder: Path, texts: list[str]) -> Path:
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _september_2019() -> list[str]:
    weekdays = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]  # 1 September 2019: Minggu
    return [f"Jakarta, {weekdays[(day - 1) % 7]} ({day}/9/2019) - Berita ke-{day} tentang kota. " + FILLER
            for day in range(1, 26)]


def test_a_text_date_far_from_the_others_is_dropped(tmp_path):
    texts = _september_2019()
    texts.append("Jakarta, Kamis (30/9/1965) - Berita lama tentang kota. " + FILLER)
    corpus = load_corpus(_write_folder(tmp_path / "news", texts))
    by_id = {r["id"]: (r["published"], r["date_basis"]) for r in corpus.articles.iter_rows(named=True)}
    assert by_id["25"] == (None, None)
    assert by_id["00"] == (date(2019, 9, 1), "dateline")
    assert sum(b == "dateline" for _, b in by_id.values()) == 25
    assert corpus.problems == (
        "1 date read from the text far outside the corpus's other dates (e.g. 1965-09-30) not trusted:"
        " that article is undated",
    )


def test_a_weekday_without_a_year_chooses_near_the_corpus_year(tmp_path):
    texts = _september_2019() + [
        "Warga memadati alun-alun pada Rabu (18/9) pagi untuk menyaksikan upacara. " + FILLER,  # 2019
        "Warga memadati alun-alun pada Senin (18/9) pagi untuk menyaksikan upacara. " + FILLER,  # no year near
        "Warga memadati alun-alun pada 18 September pagi untuk menyaksikan upacara. " + FILLER,  # no weekday
    ]
    corpus = load_corpus(_write_folder(tmp_path / "news", texts))
    by_id = {r["id"]: (r["published"], r["date_basis"]) for r in corpus.articles.iter_rows(named=True)}
    assert (by_id["25"], by_id["26"], by_id["27"]) == ((date(2019, 9, 18), "dateline"), (None, None), (None, None))


def test_a_corpus_spread_over_years_lends_no_year(tmp_path):
    texts = [f"Jakarta, Senin (2/9/{year}) - Berita tahun {year}. " + FILLER for year in range(1990, 2020)]
    texts.append("Warga memadati alun-alun pada Rabu (18/9) pagi untuk menyaksikan upacara. " + FILLER)
    corpus = load_corpus(_write_folder(tmp_path / "news", texts))
    assert corpus.articles.filter(pl.col("id") == "30")["published"].to_list() == [None]


def test_a_column_date_is_never_dropped(tmp_path):
    path = tmp_path / "news.csv"
    rows = [(f"2019-09-{day:02d}", f"Berita ke-{day}. " + FILLER) for day in range(1, 26)] + [("1965-09-30", FILLER)]
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("date", "content"), *rows])
    corpus = load_corpus(path)
    assert date(1965, 9, 30) in corpus.articles["published"].to_list()
    assert corpus.problems == ()


def test_date_basis_in_kabar_articles_json(tmp_path, capsys):
    folder = tmp_path / "news"
    texts = {
        "dateline.txt": "Jakarta, Selasa (10/9/2019) - Pemerintah meresmikan bendungan baru. " + FILLER,
        "body.txt": "Pemerintah meresmikan bendungan baru. " + FILLER + "Peresmian digelar Rabu (11/9/2019).",
        "undated.txt": "Pemerintah meresmikan bendungan baru. " + FILLER,
        "given.md": "---\ndate: 2019-09-12\n---\nPemerintah meresmikan bendungan baru. " + FILLER,
    }
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert cli.main(["articles", "--corpus", str(folder), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["id"]: (r["published"], r["date_basis"]) for r in records} == {
        "dateline": ("2019-09-10", "dateline"),
        "body": ("2019-09-11", "text"),
        "undated": (None, None),
        "given": ("2019-09-12", "column"),
    }


def test_every_date_of_the_dev_corpus_parses():
    if not DEV.is_file():
        pytest.skip(f"the dev corpus is not here ({DEV})")
    dates = pl.read_csv(DEV, infer_schema=False, columns=["date"])["date"]
    parsed, missed, examples = parse_dates(dates)
    assert (missed, examples) == (0, [])
    assert parsed.null_count() == dates.null_count()
    assert parsed.min() >= date(2019, 1, 1) and parsed.max() <= date(2019, 12, 31)
