"""Loading corpora: the bundled one, folders of text files, table files, encodings, problems."""

from __future__ import annotations

import codecs
import json
import shutil
import tomllib
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

import corpus.ingest.metadata
from corpus.ingest.clean import clean_text
from corpus.ingest.load import BUNDLED_NAME, CorpusError, bundled_dir, load_corpus
from corpus.model import ARTICLE_SCHEMA, Period

CORPORA = Path(__file__).resolve().parent / "corpora"
NEWS = CORPORA / "news"
BODY = "Presiden Rusia Vladimir Putin dan Presiden Amerika Serikat Donald Trump berbicara melalui telepon."


def by_id(corpus) -> dict[str, dict]:
    return {row["id"]: row for row in corpus.articles_with_texts().iter_rows(named=True)}


def copy_news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(NEWS, folder)
    return folder


def assert_one_line_error(excinfo, *parts: str) -> None:
    message = str(excinfo.value)
    assert "\n" not in message and "Traceback" not in message
    for part in parts:
        assert part in message, message


# --- the bundled corpus, exactly as before ------------------------------------------------------


def test_bundled_corpus_loads_as_curated():
    corpus = load_corpus()
    manifest = tomllib.loads((bundled_dir() / "manifest.toml").read_text(encoding="utf-8"))
    assert corpus.name == BUNDLED_NAME
    assert corpus.problems == ()
    assert corpus.articles.schema == pl.Schema(ARTICLE_SCHEMA)
    assert corpus.articles["id"].to_list() == [
        "cnn-2016-11-15", "tempo-2016-11-15", "xinhua-2018-03-21", "valdai-2024-11-08", "pantau-2025-02-13",
    ]
    assert corpus.periods == (
        Period("Nov 2016", date(2016, 11, 1), date(2016, 11, 30)),
        Period("Mar 2018", date(2018, 3, 1), date(2018, 3, 31)),
        Period("Nov 2024 – Feb 2025", date(2024, 11, 1), date(2025, 2, 28)),
    )
    assert corpus.articles["period"].to_list() == [0, 0, 1, 2, 2]
    rows = by_id(corpus)
    for entry in manifest["articles"]:
        row = rows[entry["id"]]
        raw = (bundled_dir() / entry["file"]).read_text(encoding="utf-8")
        assert (row["title"], row["source"], row["published"], row["origin"]) == (
            entry["title"], entry["source"], entry["published"], entry["file"],
        )
        assert row["raw"] == raw
        assert row["text"] == clean_text(raw, title=entry["title"])


def test_bundled_corpus_with_automatic_periods():
    corpus = load_corpus(periods=2)
    assert [p.label for p in corpus.periods] == ["Nov 2016 – Mar 2018", "Nov 2024 – Feb 2025"]
    assert len(corpus) == 5


# --- folders --------------------------------------------------------------------------------------


def test_folder_of_text_files_with_everything_inferred():
    corpus = load_corpus(NEWS)
    assert corpus.problems == ()
    assert corpus.name == str(NEWS)
    rows = by_id(corpus)
    assert sorted(rows) == [
        "2016/cnn-call", "2016/reuters-english", "2016/tempo-call", "2018/kompas", "2018/liputan6",
        "2024/antara", "2025/pantau", "undated",
    ]
    inferred = {i: (r["published"], r["source"]) for i, r in rows.items()}
    assert inferred == {
        "2016/cnn-call": (date(2016, 11, 14), "CNN Indonesia"),
        # "spoke by phone on November 14, 2016": an event's date in the lead, no weekday, no
        # dateline date: undated rather than risk it (corpus.ingest.dates)
        "2016/reuters-english": (None, "Reuters"),
        "2016/tempo-call": (date(2016, 11, 14), "TEMPO.CO"),
        "2018/kompas": (date(2018, 3, 18), "KOMPAS.com"),
        "2018/liputan6": (date(2018, 3, 20), "Liputan6.com"),
        "2024/antara": (date(2024, 11, 7), "ANTARA"),
        "2025/pantau": (date(2025, 2, 12), "Pantau"),
        "undated": (None, ""),
    }
    assert rows["2016/cnn-call"]["title"] == "Putin dan Trump Sepakat Perkuat Kerja Sama Lawan Terorisme"
    assert rows["2018/kompas"]["title"] == "Putin Kembali Terpilih sebagai Presiden Rusia"  # "# " heading
    assert rows["2025/pantau"]["title"] == "Putin dan Trump Bahas Hubungan Bilateral dalam Panggilan Telepon"
    assert rows["2016/tempo-call"]["title"].startswith("Presiden Rusia Vladimir Putin dan Presiden terpilih")
    assert rows["2018/kompas"]["origin"] == "2018/kompas.md"
    assert "## " not in rows["2018/kompas"]["text"]


def test_folder_periods_found_from_the_dates_and_undated_articles_kept():
    corpus = load_corpus(NEWS)
    assert [p.label for p in corpus.periods] == ["14 Nov 2016", "18–20 Mar 2018", "Nov 2024 – Feb 2025"]
    undated = corpus.articles.filter(pl.col("published").is_null())
    assert undated["id"].to_list() == ["2016/reuters-english", "undated"]
    assert undated["period"].to_list() == [None, None]
    assert corpus.articles["id"][-1] == "undated"  # after every period
    assert [p.label for p in load_corpus(NEWS, periods=4).periods] == [
        "14 Nov 2016", "18–20 Mar 2018", "7 Nov 2024", "12 Feb 2025",
    ]


def test_periods_file_argument_and_articles_outside_every_period(tmp_path):
    corpus = load_corpus(NEWS, periods=CORPORA / "periods.toml")
    assert [p.label for p in corpus.periods] == ["Kemenangan Trump", "Pemilu Rusia"]
    periods = {r["id"]: r["period"] for r in corpus.articles.iter_rows(named=True)}
    assert periods["2016/tempo-call"] == 0 and periods["2018/liputan6"] == 1
    assert periods["2024/antara"] is None and periods["2025/pantau"] is None and periods["undated"] is None
    assert len(corpus) == 8


def test_periods_toml_inside_the_folder(tmp_path):
    folder = copy_news(tmp_path)
    shutil.copy(CORPORA / "periods.toml", folder / "periods.toml")
    assert [p.label for p in load_corpus(folder).periods] == ["Kemenangan Trump", "Pemilu Rusia"]
    assert len(load_corpus(folder, periods=2).periods) == 2  # an explicit number wins


def test_manifest_toml_overrides_what_is_inferred(tmp_path):
    folder = copy_news(tmp_path)
    (folder / "manifest.toml").write_text(
        """
[[periods]]
label = "Awal"
start = 2016-01-01
end = 2018-12-31

[[articles]]
id = "tempo-2016-11-15"
file = "2016/tempo-call.txt"
title = "Trump dan Putin Sepakat Perbarui Hubungan"
source = "Tempo.co"
published = 2016-11-15

[[articles]]
file = "undated.txt"
published = "2018-03-21"
""",
        encoding="utf-8",
    )
    corpus = load_corpus(folder)
    rows = by_id(corpus)
    tempo = rows["tempo-2016-11-15"]
    assert (tempo["title"], tempo["source"], tempo["published"]) == (
        "Trump dan Putin Sepakat Perbarui Hubungan", "Tempo.co", date(2016, 11, 15),
    )
    assert rows["undated"]["published"] == date(2018, 3, 21)  # the rest is still inferred
    assert rows["undated"]["source"] == ""
    assert "2016/tempo-call" not in rows
    assert [p.label for p in corpus.periods] == ["Awal"]
    assert rows["2024/antara"]["period"] is None


def test_manifest_csv_overrides_by_file_or_by_id(tmp_path):
    folder = copy_news(tmp_path)
    (folder / "manifest.csv").write_text(
        "file,id,title,source,date,url\n"
        "2016/cnn-call.txt,cnn-1,Judul Editor,CNN Indonesia,15/11/2016,https://example.org/1\n"
        ",undated,,Redaksi,,\n"
        "missing.txt,,,,,\n",
        encoding="utf-8",
    )
    corpus = load_corpus(folder)
    rows = by_id(corpus)
    assert (rows["cnn-1"]["title"], rows["cnn-1"]["published"]) == ("Judul Editor", date(2016, 11, 15))
    assert "Judul Editor" not in rows["cnn-1"]["text"]
    assert rows["undated"]["source"] == "Redaksi"
    assert corpus.problems == ("missing.txt: listed in manifest.csv but not in the folder",)


def test_markdown_front_matter(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: \"Judul dari Front Matter\"\ndate: 2019-07-03\nsource: Kantor Berita\nid: md-1\n---\n"
        f"{BODY}\n",
        encoding="utf-8",
    )
    (row,) = load_corpus(tmp_path).articles_with_texts().iter_rows(named=True)
    assert (row["id"], row["title"], row["published"], row["source"]) == (
        "md-1", "Judul dari Front Matter", date(2019, 7, 3), "Kantor Berita",
    )
    assert row["text"] == BODY


def test_hidden_files_and_folders_are_skipped_and_order_is_stable(tmp_path):
    for rel in ("b.txt", "a/z.txt", "a/b.md", ".hidden.txt", ".git/x.txt", "notes.csv", "c.TXT"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(BODY, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.articles.sort("origin")["origin"].to_list() == ["a/b.md", "a/z.txt", "b.txt", "c.TXT"]
    assert sorted(corpus.articles["id"]) == ["a/b", "a/z", "b", "c"]


def test_repeated_ids_are_made_unique(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.md").write_text(BODY, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert sorted(corpus.articles["id"]) == ["a", "a~2"]
    assert any("repeated article ids" in p for p in corpus.problems)


def test_nothing_dated_means_no_periods(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY + " Lagi.", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.periods == ()
    assert corpus.articles["period"].to_list() == [None, None]
    assert corpus.articles["id"].to_list() == ["a", "b"]


def test_a_single_text_file(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(f"Moskow (ANTARA) - {BODY} Pada Kamis, 7 November 2024.", encoding="utf-8")
    (row,) = load_corpus(path).articles_with_texts().iter_rows(named=True)
    assert (row["id"], row["source"], row["published"]) == ("one", "ANTARA", date(2024, 11, 7))


# --- encodings --------------------------------------------------------------------------------------

TEXT = "Café “Moskow” — Putin’s résumé: Presiden Rusia berbicara dengan Trump.\nParagraf kedua, 14 November 2016."


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("cp1252"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf-8-sig", "utf-16", "cp1252", "crlf", "cp1252-crlf"],
)
def test_text_file_encodings(tmp_path, data):
    (tmp_path / "a.txt").write_bytes(data)
    corpus = load_corpus(tmp_path)
    assert corpus.problems == ()
    (row,) = corpus.articles_with_texts().iter_rows(named=True)
    assert row["raw"] == TEXT
    assert row["text"] == TEXT.replace("\n", "\n\n")
    assert row["published"] == date(2016, 11, 14)


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("cp1252"),
        lambda s: s.encode("utf-16"),
        lambda s: codecs.BOM_UTF8 + s.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["cp1252", "utf-16", "utf-8-sig-crlf"],
)
def test_csv_encodings(tmp_path, encode):
    csv = 'title,text,date\nCafé’s Résumé,"Putin’s café.\nBaris kedua.",2016-11-14\n'
    (tmp_path / "a.csv").write_bytes(encode(csv))
    corpus = load_corpus(tmp_path / "a.csv")
    (row,) = corpus.articles_with_texts().iter_rows(named=True)
    assert (row["title"], row["raw"], row["published"]) == (
        "Café’s Résumé", "Putin’s café.\nBaris kedua.", date(2016, 11, 14))


# --- one bad file does not stop the rest ------------------------------------------------------------


def test_bad_files_are_named_and_the_rest_loads(tmp_path):
    folder = copy_news(tmp_path)
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n ", encoding="utf-8")
    (folder / "gone.txt").symlink_to(folder / "does-not-exist.txt")
    corpus = load_corpus(folder)
    assert len(corpus) == 8
    assert sorted(corpus.problems) == [
        "binary.txt: binary data, not text, skipped",
        "blank.md: empty file, skipped",
        "empty.txt: empty file, skipped",
        "gone.txt: cannot read it (No such file or directory)",
    ]


def test_many_problems_are_capped(tmp_path):
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    for i in range(30):
        (tmp_path / f"empty{i:02d}.txt").write_bytes(b"")
    corpus = load_corpus(tmp_path)
    assert len(corpus) == 1
    assert len(corpus.problems) == 21 and corpus.problems[-1] == "… and 10 more files skipped"


# --- tables -----------------------------------------------------------------------------------------


def test_csv_with_usual_column_names():
    corpus = load_corpus(CORPORA / "articles.csv")
    rows = by_id(corpus)
    assert list(rows) == ["cnn-1", "tempo-1", "kompas-1", "antara-1", "pantau-1", "undated-1"]
    assert {i: r["published"] for i, r in rows.items()} == {
        "tempo-1": date(2016, 11, 15),  # ISO
        "cnn-1": date(2016, 11, 15),  # dd/mm/yyyy
        "kompas-1": date(2018, 3, 18),  # 18 Maret 2018
        "antara-1": date(2024, 11, 7),  # Kamis, 7 November 2024
        "pantau-1": date(2025, 2, 13),  # a Unix timestamp
        "undated-1": None,  # "kemarin", and no date in the text
    }
    assert rows["tempo-1"]["source"] == "Tempo.co"  # given
    assert rows["cnn-1"]["source"] == "CNN Indonesia"  # inferred from the dateline
    assert rows["cnn-1"]["title"].startswith("Presiden Rusia Vladimir Putin")  # inferred
    assert rows["tempo-1"]["origin"] == "articles.csv row 1"
    assert corpus.problems == (
        "articles.csv: 1 value in date column 'Published' not understood (e.g. 'kemarin'); "
        "that row is dated from the text where it says, shown by date_basis",
        "articles.csv: 2 rows have no text, skipped (rows 3, 7)",
    )


def test_jsonl_with_indonesian_column_names():
    corpus = load_corpus(CORPORA / "articles.jsonl")
    rows = by_id(corpus)
    assert {i: (r["title"], r["published"], r["source"]) for i, r in rows.items()} == {
        "1": ("Trump dan Putin Sepakat Perbarui Hubungan", date(2016, 11, 15), "TEMPO.CO"),
        "2": ("Putin Kembali Terpilih", date(2018, 3, 18), "KOMPAS.com"),  # null date: from the text
        "3": ("Putin Siap Berdialog", date(2024, 11, 8), "Antara"),
    }


def test_ndjson_with_a_bad_line(tmp_path):
    lines = [json.dumps({"content": BODY, "published_at": "2016-11-14"}), "{not json", "[1, 2]",
             json.dumps({"content": BODY + " Lagi.", "published_at": 1479081600})]
    (tmp_path / "a.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = load_corpus(tmp_path / "a.ndjson")
    assert corpus.articles["published"].to_list() == [date(2016, 11, 14)] * 2
    assert corpus.problems == ("a.ndjson: 2 lines are not a JSON record, skipped (lines 2, 3)",)


def test_parquet_with_typed_columns(tmp_path):
    path = tmp_path / "a.parquet"
    pl.DataFrame(
        {
            "Article_ID": [10, 11, 12],
            "Body": [f"Jakarta, CNN Indonesia -- {BODY}", BODY, "   "],
            "PublishedAt": [datetime(2016, 11, 14, 23, 30), None, datetime(2016, 11, 15)],
            "extra": [[1], [2], [3]],  # unused columns of any type are never read
        }
    ).write_parquet(path)
    corpus = load_corpus(path)
    rows = by_id(corpus)
    assert {i: (r["published"], r["source"]) for i, r in rows.items()} == {
        "10": (date(2016, 11, 14), "CNN Indonesia"),
        "11": (None, ""),
    }
    assert corpus.problems == ("a.parquet: row 3 has no text, skipped",)


def test_parquet_written_from_the_csv_loads_the_same(tmp_path):
    frame = pl.read_csv(CORPORA / "articles.csv", infer_schema=False)
    frame.write_parquet(tmp_path / "articles.parquet")
    shutil.copy(CORPORA / "periods.toml", tmp_path)  # as beside the CSV
    from_csv = load_corpus(CORPORA / "articles.csv").articles.drop("origin")
    from_parquet = load_corpus(tmp_path / "articles.parquet").articles.drop("origin")
    assert from_parquet.equals(from_csv)


def test_column_overrides_and_semicolon_separator():
    with pytest.raises(CorpusError) as excinfo:
        load_corpus(CORPORA / "custom_columns.csv")
    assert_one_line_error(excinfo, "no text column", "'naskah', 'kapan', 'siapa'")
    corpus = load_corpus(CORPORA / "custom_columns.csv", columns={"text": "naskah", "date": "KAPAN", "source": "siapa"})
    assert corpus.articles["published"].to_list() == [date(2016, 11, 14), date(2018, 3, 18)]
    assert corpus.articles["source"].to_list() == ["Kantor Berita A", "Kantor Berita B"]


def test_override_naming_a_missing_column():
    with pytest.raises(CorpusError) as excinfo:
        load_corpus(CORPORA / "articles.csv", columns={"text": "isi_berita"})
    assert_one_line_error(excinfo, "no column 'isi_berita'", "'ID', 'Headline', 'Body'")
    with pytest.raises(CorpusError) as excinfo:
        load_corpus(CORPORA / "articles.csv", columns={"author": "Publisher"})
    assert_one_line_error(excinfo, "unknown column role 'author'")


def test_an_override_wins_over_a_recognised_name(tmp_path):
    (tmp_path / "a.csv").write_text(f"text,summary\nringkas,{BODY}\n", encoding="utf-8")
    (row,) = load_corpus(tmp_path / "a.csv", columns={"text": "summary"}).articles_with_texts().iter_rows(named=True)
    assert row["raw"] == BODY


# --- errors: one clear line, always a CorpusError ------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "kwargs", "parts"),
    [
        (lambda d: d / "missing", {}, ["no such file or folder", "missing"]),
        (lambda d: _write(d / "notes.docx", b"PK\x03\x04"), {}, ["not a corpus Kabar can read", "notes.docx"]),
        (lambda d: d, {}, ["no .txt or .md files"]),
        (lambda d: (_write(d / "data.csv", b"text\nx\n"), d)[1], {}, ["no .txt or .md files", "data.csv"]),
        (lambda d: _write(d / "empty.csv", b""), {}, ["empty.csv", "the file is empty"]),
        (lambda d: _write(d / "bad.parquet", b"not parquet at all"), {}, ["bad.parquet", "Parquet"]),
        (lambda d: _write(d / "bad.jsonl", b"{not json}\n"), {}, ["bad.jsonl", "no JSON records"]),
        (lambda d: _write(d / "a.csv", b"text\n\n  \n"), {}, ["no row has any text"]),
        (lambda d: _news_with(d, "manifest.toml", b"[[articles]\n"), {}, ["manifest.toml"]),
        (lambda d: _news_with(d, "periods.toml", b"[[periods]]\nlabel='x'\n"), {}, ["periods.toml", "no 'start'"]),
        (lambda d: NEWS, {"periods": 0}, ["at least 1"]),
        (lambda d: NEWS, {"periods": 2.5}, ["periods must be a periods file, a number of periods or a grain"]),
        (lambda d: NEWS, {"periods": Path("/nowhere/periods.toml")}, ["no such periods file"]),
        (lambda d: NEWS, {"columns": {"text": "body"}}, ["columns apply to table files"]),
    ],
    ids=["missing", "unknown-type", "empty-folder", "only-a-table", "empty-csv", "bad-parquet",
         "bad-jsonl", "no-text-rows", "bad-manifest", "bad-periods-file", "zero-periods", "float-periods",
         "missing-periods-file", "columns-for-folder"],
)
def test_errors_are_one_line_corpus_errors(tmp_path, setup, kwargs, parts):
    with pytest.raises(CorpusError) as excinfo:
        load_corpus(setup(tmp_path), **kwargs)
    assert_one_line_error(excinfo, *parts)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _news_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = copy_news(tmp_path)
    (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("path", [None, NEWS, CORPORA / "articles.csv", CORPORA / "articles.jsonl"])
def test_small_corpora_load_alike_article_by_article_and_in_columns(path, monkeypatch):
    # below metadata.COLUMNS_MIN articles are inferred one by one in Python; the columns must agree
    by_article = load_corpus(path)
    monkeypatch.setattr(corpus.ingest.metadata, "COLUMNS_MIN", 0)
    in_columns = load_corpus(path)
    assert in_columns.articles.equals(by_article.articles)
    assert (in_columns.problems, in_columns.periods) == (by_article.problems, by_article.periods)


# --- periods beside a table file ------------------------------------------------------------

TWO_PERIODS = '[[periods]]\nlabel = "{0}"\nstart = 2016-11-01\nend = 2016-11-30\n'


@pytest.mark.parametrize("name", ["articles.csv", "articles.jsonl"])
def test_periods_toml_beside_a_table_file(tmp_path, name):
    shutil.copy(CORPORA / name, tmp_path)
    assert [p.label for p in load_corpus(tmp_path / name).periods] != ["Beside"]
    (tmp_path / "periods.toml").write_text(TWO_PERIODS.format("Beside"), encoding="utf-8")
    corpus = load_corpus(tmp_path / name)
    assert [p.label for p in corpus.periods] == ["Beside"]
    assert corpus.articles.filter(pl.col("period") == 0)["published"].to_list() == [date(2016, 11, 15)] * (
        2 if name.endswith(".csv") else 1)
    # NAME.periods.toml is this table's own, and wins over the folder's periods.toml
    (tmp_path / f"{Path(name).stem}.periods.toml").write_text(TWO_PERIODS.format("Own"), encoding="utf-8")
    assert [p.label for p in load_corpus(tmp_path / name).periods] == ["Own"]
    # an explicit --periods still wins over both
    assert len(load_corpus(tmp_path / name, periods=2).periods) == 2


def test_a_bad_periods_file_beside_a_table_is_one_line(tmp_path):
    shutil.copy(CORPORA / "articles.csv", tmp_path)
    (tmp_path / "articles.periods.toml").write_text("[[periods]]\nlabel = 'x'\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"articles\.periods\.toml: period 1 has no 'start'"):
        load_corpus(tmp_path / "articles.csv")


def test_calendar_grain_as_periods_argument():
    corpus = load_corpus(NEWS, periods="year")
    assert [p.label for p in corpus.periods] == ["2016", "2018", "2024", "2025"]
    # no weekday, no dateline date: undated
    assert corpus.articles.filter(pl.col("period").is_null())["id"].to_list() == ["2016/reuters-english", "undated"]
