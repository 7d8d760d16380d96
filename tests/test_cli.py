"""The `kabar` command line: every command in every format, its errors, and its safety.

The counts below were checked by hand against the cleaned texts of the bundled corpus
(`load_corpus().texts.column("text")`) and, where cleaning removes nothing that matters, against
the raw seeds with `grep -o -i -w`:

    article            period               tokens  suriah  ukraina  teror*  "presiden rusia"
    cnn-2016-11-15     Nov 2016                448       4        1       3                 1
    tempo-2016-11-15   Nov 2016                254       1        0       1                 1
    xinhua-2018-03-21  Mar 2018                268       1        1       1                 2
    valdai-2024-11-08  Nov 2024 – Feb 2025     705       0        6       0                 1
    pantau-2025-02-13  Nov 2024 – Feb 2025     237       0        0       0                 1

teror* is terorisme 2 + teror 1 in cnn, terorisme elsewhere. "Kepresiden Rusia" in xinhua is
the token "kepresiden", not the phrase. The raw valdai seed has "Presiden Rusia" twice: the
teaser that repeats the first paragraph, which cleaning drops; pantau's raw photo caption
"Presiden Rusia, Vladimir" is chrome that cleaning removes too.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import commands, options, output
from tui.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "corpus" / "data" / "bundled"

IDS = [
    "cnn-2016-11-15",
    "tempo-2016-11-15",
    "xinhua-2018-03-21",
    "valdai-2024-11-08",
    "pantau-2025-02-13",
]
LABELS = ["Nov 2016", "Mar 2018", "Nov 2024 – Feb 2025"]
TOKENS = {
    "cnn-2016-11-15": 448,
    "tempo-2016-11-15": 254,
    "xinhua-2018-03-21": 268,
    "valdai-2024-11-08": 705,
    "pantau-2025-02-13": 237,
}
PERIOD_TOKENS = [448 + 254, 268, 705 + 237]  # 702, 268, 942
PERIOD_ARTICLES = [2, 1, 2]


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Keyword caching goes to a temporary folder, never the user's cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("KABAR_CACHE_DIR", str(cache))
    return cache


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys, *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert err == ""
    return out


def ok_json(capsys, *argv: str):
    return json.loads(ok(capsys, *argv, "--format", "json"))


def ok_csv(capsys, *argv: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(ok(capsys, *argv, "--format", "csv"))))


def fails(capsys, *argv: str, code: int) -> str:
    got, out, err = run(capsys, *argv)
    assert got == code, (out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kabar: ")
    assert "Traceback" not in err
    return lines[0]


def assert_fits(text: str, width: int = 80) -> None:
    for line in text.splitlines():
        assert len(line) <= width, line


def per_10k(count: int, tokens: int) -> float:
    return round(count * 10_000 / tokens, 2)


def write_corpus(folder: Path, articles: list[dict], periods: list[tuple[str, str, str]] | None = None) -> Path:
    """A small corpus folder: text files plus a manifest.toml like the bundled one."""
    folder.mkdir(parents=True, exist_ok=True)
    if periods is None:
        periods = [("First", "2020-01-01", "2020-12-31"), ("Second", "2021-01-01", "2021-12-31")]
    lines = []
    for label, start, end in periods:
        lines += ["[[periods]]", f"label = {json.dumps(label)}", f"start = {start}", f"end = {end}", ""]
    for i, a in enumerate(articles):
        file = a.get("file", f"{i:03}.txt")
        if "text" in a:
            (folder / file).write_text(a["text"], encoding="utf-8")
        lines += ["[[articles]]", f"id = {json.dumps(a['id'])}", f"file = {json.dumps(file)}"]
        if "title" in a:
            # json.dumps writes \u001b for ESC: a valid TOML basic-string escape too.
            lines.append(f"title = {json.dumps(a['title'])}")
        lines.append(f"source = {json.dumps(a.get('source', 'Test'))}")
        if a.get("published"):
            lines.append(f"published = {a['published']}")
        lines.append("")
    (folder / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


# --- articles ---------------------------------------------------------------------------


def test_articles_json(capsys):
    records = ok_json(capsys, "articles")
    assert [r["id"] for r in records] == IDS
    assert all(set(r) == {"id", "title", "source", "published", "date_basis", "period", "tokens"} for r in records)
    assert {r["date_basis"] for r in records} == {"column"}  # the manifest's dates
    assert [r["period"] for r in records] == ["Nov 2016", "Nov 2016", "Mar 2018", LABELS[2], LABELS[2]]
    assert [r["published"] for r in records] == [
        "2016-11-15", "2016-11-15", "2018-03-21", "2024-11-08", "2025-02-13"
    ]
    assert {r["id"]: r["tokens"] for r in records} == TOKENS
    assert records[1]["title"] == "Trump dan Putin Sepakat Perbarui Hubungan Washington–Moskow"
    assert records[1]["source"] == "Tempo.co"


def test_articles_csv(capsys):
    rows = ok_csv(capsys, "articles")
    assert rows[0] == ["id", "title", "source", "published", "date_basis", "period", "tokens"]
    assert [r[0] for r in rows[1:]] == IDS
    assert rows[3] == [
        "xinhua-2018-03-21",
        "Trump Telepon Putin, Ucapkan Selamat atas Terpilihnya Kembali",
        "Unnamed outlet, citing Xinhua",
        "2018-03-21",
        "column",
        "Mar 2018",
        "268",
    ]


def test_articles_table_keeps_period_labels_whole_and_cuts_titles(capsys):
    # With two periods every label starts "Nov 2016 – " or "Nov 2024 – ": cut, they read alike.
    out = ok(capsys, "articles", "--periods", "2")
    assert_fits(out)
    for line, article_id in zip(out.splitlines()[2:], IDS, strict=True):
        expected = "Nov 2016 – Mar 2018" if article_id[-10:-6] < "2020" else "Nov 2024 – Feb 2025"
        assert f"  {expected}  " in line, line
    assert "Nov 2024 – Feb 2025  " in ok(capsys, "articles")  # the default periods too


def test_articles_table_ignores_columns_when_not_a_terminal(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")  # click and shutil would take it; a pipe is 80 columns
    out = ok(capsys, "articles")
    assert max(len(line) for line in out.splitlines()) > 60
    assert_fits(out)
    monkeypatch.setattr(output, "terminal_width", lambda: 60)
    assert_fits(ok(capsys, "articles"), 60)


def test_articles_table_fits_80_columns_and_shows_whole_ids(capsys):
    out = ok(capsys, "articles")
    assert_fits(out)
    lines = out.splitlines()
    assert lines[0].split() == ["id", "date", "period", "source", "title"]
    assert len(lines) == 2 + 5
    for line, article_id in zip(lines[2:], IDS, strict=True):
        assert line.startswith(article_id + " ")
    assert "…" in out  # long titles are cut, not wrapped
    assert "2016-11-15" in lines[2] and "Nov 2016" in lines[2]


@pytest.mark.parametrize("where", ["before", "after"])
def test_corpus_option_before_or_after_the_command(capsys, where):
    argv = ["--corpus", str(BUNDLED), "articles"] if where == "before" else ["articles", "--corpus", str(BUNDLED)]
    records = json.loads(ok(capsys, *argv, "--format", "json"))
    assert [r["id"] for r in records] == IDS


def test_corpus_option_after_the_command_wins_and_reads_another_corpus(capsys, tmp_path):
    only = {"id": "only", "title": "Only", "text": "Satu dua tiga.", "published": "2020-05-01"}
    folder = write_corpus(tmp_path / "c", [only])
    records = ok_json(capsys, "articles", "--corpus", str(folder))
    assert records == [
        {"id": "only", "title": "Only", "source": "Test", "published": "2020-05-01", "date_basis": "column",
         "period": "First", "tokens": 3}
    ]


def test_articles_outside_periods_and_undated(capsys, tmp_path):
    folder = write_corpus(
        tmp_path / "c",
        [
            {"id": "dated", "title": "Dated", "text": "Ada teks di sini.", "published": "2019-06-01"},
            {"id": "undated", "title": "Undated", "text": "Teks tanpa tanggal."},
        ],
    )
    records = ok_json(capsys, "--corpus", str(folder), "articles")
    assert {r["id"]: (r["published"], r["period"]) for r in records} == {
        "dated": ("2019-06-01", None),
        "undated": (None, None),
    }
    table = ok(capsys, "--corpus", str(folder), "articles")
    assert "outside periods" in table


# --- corpus options: --periods, --…-col, notices -----------------------------------------

CORPORA = ROOT / "tests" / "corpora"
COLUMNS_CSV = CORPORA / "custom_columns.csv"  # naskah;kapan;siapa, two rows
COLUMN_ARGS = ["--text-col", "naskah", "--date-col", "kapan", "--source-col", "siapa"]


@pytest.mark.parametrize("where", ["before", "after"])
def test_periods_number_finds_that_many_periods(capsys, where):
    # Two periods cut at the widest gap between dates, 2018-03-21 .. 2024-11-08:
    # cnn + tempo + xinhua (448 + 254 + 268 = 970 tokens) and valdai + pantau (705 + 237 = 942).
    argv = ["--periods", "2", "compare", "suriah"] if where == "before" else ["compare", "suriah", "--periods", "2"]
    result = ok_json(capsys, *argv)
    assert [p["label"] for p in result["periods"]] == ["Nov 2016 – Mar 2018", "Nov 2024 – Feb 2025"]
    assert [p["tokens"] for p in result["periods"]] == [970, 942]
    assert [p["count"] for p in result["periods"]] == [6, 0]  # suriah 4 + 1 + 1


def test_periods_file(capsys, tmp_path):
    periods = tmp_path / "periods.toml"
    periods.write_text('[[periods]]\nlabel = "Awal"\nstart = 2016-11-01\nend = 2018-12-31\n', encoding="utf-8")
    records = ok_json(capsys, "articles", "--periods", str(periods))
    assert [r["period"] for r in records] == ["Awal", "Awal", "Awal", None, None]
    result = ok_json(capsys, "--periods", str(periods), "compare", "suriah")
    assert [(p["label"], p["count"], p["tokens"]) for p in result["periods"]] == [("Awal", 6, 970)]


@pytest.mark.parametrize("value", ["0", "-2", ""])
def test_bad_periods_number_is_a_usage_error(capsys, value):
    line = fails(capsys, "articles", "--periods", value, code=2)
    assert "--periods" in line


def test_absurd_number_of_periods_is_refused_with_the_limit(capsys):
    line = fails(capsys, "articles", "--periods", "1000000000", code=2)
    assert "at most 500 periods, not 1,000,000,000" in line


def test_cli_says_the_corpus_grains_and_limit():
    import corpus.ingest.periods

    assert (options.GRAINS, options.MAX_PERIODS) == (corpus.ingest.periods.GRAINS, corpus.ingest.periods.MAX_PERIODS)


def write_year_csv(path: Path) -> Path:
    """A table of 2019 articles, one every five days from 2 Jan to 28 Dec, each 'kata kata'."""
    from datetime import date, timedelta

    days = [date(2019, 1, 2) + timedelta(days=5 * i) for i in range(72)]
    rows = "".join(f"a{i},Judul {i},kata kata,{d.isoformat()}\n" for i, d in enumerate(days))
    path.write_text("id,title,text,date\n" + rows, encoding="utf-8")
    return path


def test_periods_ten_splits_one_year(capsys, tmp_path):
    table = write_year_csv(tmp_path / "year.csv")
    result = ok_json(capsys, "--corpus", str(table), "--periods", "10", "compare", "kata")
    assert len(result["periods"]) == 10
    assert sum(p["articles"] for p in result["periods"]) == 72
    assert sum(p["count"] for p in result["periods"]) == 144  # every article: kata twice


def test_default_periods_of_one_year_are_its_months(capsys, tmp_path):
    table = write_year_csv(tmp_path / "year.csv")
    result = ok_json(capsys, "--corpus", str(table), "compare", "kata")
    assert [p["label"] for p in result["periods"]] == [
        "Jan 2019", "Feb 2019", "Mar 2019", "Apr 2019", "May 2019", "Jun 2019",
        "Jul 2019", "Aug 2019", "Sep 2019", "Oct 2019", "Nov 2019", "Dec 2019",
    ]
    # 6 or 7 articles each (one every five days), 2 x kata each
    assert [p["articles"] for p in result["periods"]] == [6, 6, 6, 6, 6, 6, 7, 6, 6, 6, 6, 5]


@pytest.mark.parametrize(("grain", "first", "count"), [
    ("week", "31 Dec 2018 – 6 Jan 2019", 52), ("month", "Jan 2019", 12), ("QUARTER", "Q1 2019", 4),
    ("year", "2019", 1),
])
def test_calendar_grain_periods(capsys, tmp_path, grain, first, count):
    table = write_year_csv(tmp_path / "year.csv")
    result = ok_json(capsys, "--corpus", str(table), "--periods", grain, "compare", "kata")
    assert result["periods"][0]["label"] == first
    assert len(result["periods"]) == count
    assert sum(p["articles"] for p in result["periods"]) == 72


def test_missing_periods_file_is_exit_1(capsys, tmp_path):
    line = fails(capsys, "compare", "x", "--periods", str(tmp_path / "nope.toml"), code=1)
    assert "no such periods file" in line


@pytest.mark.parametrize("where", ["before", "after"])
def test_column_options_read_a_table_corpus(capsys, where):
    options = ["--corpus", str(COLUMNS_CSV), *COLUMN_ARGS, "--periods", str(CORPORA / "periods.toml")]
    argv = [*options, "articles"] if where == "before" else ["articles", *options]
    records = ok_json(capsys, *argv)
    assert [(r["id"], r["source"], r["published"], r["period"]) for r in records] == [
        ("1", "Kantor Berita A", "2016-11-14", "Kemenangan Trump"),
        ("2", "Kantor Berita B", "2018-03-18", "Pemilu Rusia"),
    ]
    assert [r["tokens"] for r in records] == [10, 8]
    result = ok_json(capsys, "compare", '"presiden rusia"', *options)
    assert [p["count"] for p in result["periods"]] == [1, 1]


def test_unknown_column_is_one_line_naming_it(capsys):
    line = fails(capsys, "articles", "--corpus", str(COLUMNS_CSV), "--text-col", "isi", code=1)
    assert "'isi'" in line and "naskah" in line


def test_column_options_on_a_folder_are_refused(capsys):
    line = fails(capsys, "articles", "--text-col", "naskah", code=1)
    assert "table files" in line


def test_cache_notices_are_warnings(capsys, monkeypatch):
    import corpus.index.store

    real = corpus.index.store.open_corpus

    def with_notice(*args, **kwargs):
        opened = real(*args, **kwargs)
        return corpus.index.store.Opened(opened.corpus, opened.index, ("index cache was unusable; rebuilt it",))

    monkeypatch.setattr(corpus.index.store, "open_corpus", with_notice)
    code, out, err = run(capsys, "articles", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 5
    assert err == "kabar: warning: index cache was unusable; rebuilt it\n"


def test_articles_count_tokens_with_the_opened_index(capsys, monkeypatch):
    import corpus.index.terms

    ok(capsys, "articles")  # the index is cached now

    def no_second_index(corpus):
        raise AssertionError("articles built a second index")

    monkeypatch.setattr(corpus.index.terms, "build_index", no_second_index)
    assert [r["tokens"] for r in ok_json(capsys, "articles")] == [TOKENS[i] for i in IDS]


def test_second_run_reads_the_index_cache(capsys, private_cache):
    first = ok_json(capsys, "compare", "suriah")
    assert any((private_cache / "index").iterdir())
    assert ok_json(capsys, "compare", "suriah") == first


# --- compare -----------------------------------------------------------------------------


def compare_json(capsys, query: str) -> dict:
    return ok_json(capsys, "compare", query)


def test_compare_json_suriah_ukraina(capsys):
    result = compare_json(capsys, "suriah, ukraina")
    assert set(result) == {"query", "periods", "terms"}
    assert result["query"] == "suriah, ukraina"
    periods = result["periods"]
    assert all(
        set(p) == {"label", "start", "end", "articles", "tokens", "count", "docs", "per_10k"} for p in periods
    )
    assert [p["label"] for p in periods] == LABELS
    assert [(p["start"], p["end"]) for p in periods] == [
        ("2016-11-01", "2016-11-30"),
        ("2018-03-01", "2018-03-31"),
        ("2024-11-01", "2025-02-28"),
    ]
    assert [p["articles"] for p in periods] == PERIOD_ARTICLES
    assert [p["tokens"] for p in periods] == PERIOD_TOKENS
    # suriah 4+1 | 1 | 0, ukraina 1+0 | 1 | 6
    assert [p["count"] for p in periods] == [6, 2, 6]
    assert [p["docs"] for p in periods] == [2, 1, 1]
    assert [p["per_10k"] for p in periods] == [85.47, 74.63, 63.69]
    assert [p["per_10k"] for p in periods] == [
        per_10k(c, t) for c, t in zip([6, 2, 6], PERIOD_TOKENS, strict=True)
    ]
    assert result["terms"] == [
        {"term": "ukraina", "counts": [1, 1, 6]},
        {"term": "suriah", "counts": [5, 1, 0]},
    ]


@pytest.mark.parametrize(
    ("query", "counts", "docs", "terms"),
    [
        ("suriah", [5, 1, 0], [2, 1, 0], {"suriah": [5, 1, 0]}),
        ("ukraina", [1, 1, 6], [1, 1, 1], {"ukraina": [1, 1, 6]}),
        ("teror*", [4, 1, 0], [2, 1, 0], {"terorisme": [3, 1, 0], "teror": [1, 0, 0]}),
        ('"presiden rusia"', [2, 2, 2], [2, 1, 2], {"presiden rusia": [2, 2, 2]}),
        ('teror* | "presiden rusia"', [6, 3, 2], [2, 1, 2],
         {"presiden rusia": [2, 2, 2], "terorisme": [3, 1, 0], "teror": [1, 0, 0]}),
    ],
)
def test_compare_hand_counted(capsys, query, counts, docs, terms):
    result = compare_json(capsys, query)
    periods = result["periods"]
    assert [p["count"] for p in periods] == counts
    assert [p["docs"] for p in periods] == docs
    assert [p["per_10k"] for p in periods] == [per_10k(c, t) for c, t in zip(counts, PERIOD_TOKENS, strict=True)]
    assert {t["term"]: t["counts"] for t in result["terms"]} == terms


def test_compare_words_after_the_command_make_one_query(capsys):
    result = ok_json(capsys, "compare", "suriah", "ukraina")
    assert [p["count"] for p in result["periods"]] == [6, 2, 6]


def test_compare_csv_periods_then_terms(capsys):
    rows = ok_csv(capsys, "compare", "suriah, ukraina")
    assert rows == [
        ["row", "label", "start", "end", "articles", "tokens", "term", "count", "docs", "per_10k"],
        ["period", "Nov 2016", "2016-11-01", "2016-11-30", "2", "702", "", "6", "2", "85.47"],
        ["period", "Mar 2018", "2018-03-01", "2018-03-31", "1", "268", "", "2", "1", "74.63"],
        ["period", "Nov 2024 – Feb 2025", "2024-11-01", "2025-02-28", "2", "942", "", "6", "1", "63.69"],
        ["term", "Nov 2016", "2016-11-01", "2016-11-30", "2", "702", "ukraina", "1", "", ""],
        ["term", "Mar 2018", "2018-03-01", "2018-03-31", "1", "268", "ukraina", "1", "", ""],
        ["term", "Nov 2024 – Feb 2025", "2024-11-01", "2025-02-28", "2", "942", "ukraina", "6", "", ""],
        ["term", "Nov 2016", "2016-11-01", "2016-11-30", "2", "702", "suriah", "5", "", ""],
        ["term", "Mar 2018", "2018-03-01", "2018-03-31", "1", "268", "suriah", "1", "", ""],
        ["term", "Nov 2024 – Feb 2025", "2024-11-01", "2025-02-28", "2", "942", "suriah", "0", "", ""],
    ]


def test_compare_csv_has_the_terms_json_has(capsys):
    result = ok_json(capsys, "compare", "teror* | \"presiden rusia\"")
    rows = ok_csv(capsys, "compare", "teror* | \"presiden rusia\"")
    header = rows[0]
    terms = [dict(zip(header, r, strict=True)) for r in rows[1:] if r[0] == "term"]
    counts: dict[str, list[int]] = {}
    for row in terms:
        counts.setdefault(row["term"], []).append(int(row["count"]))
    assert counts == {t["term"]: t["counts"] for t in result["terms"]}
    assert [r["label"] for r in terms[:3]] == LABELS


def test_compare_csv_terms(capsys):
    rows = ok_csv(capsys, "compare", "teror*", "--terms")
    assert rows == [["term", *LABELS], ["terorisme", "3", "1", "0"], ["teror", "1", "0", "0"]]


def test_compare_table(capsys):
    out = ok(capsys, "compare", "suriah, ukraina")
    assert_fits(out)
    rows = {line.split("  ")[0]: line for line in out.splitlines() if line.startswith(tuple(LABELS))}
    first = rows["Nov 2016"]
    assert re.search(r"\b6\s+2/2\s+85\.47\s+702\s+█{20}$", first), first
    assert re.search(r"\b2\s+1/1\s+74\.63\s+268\s+█{17}$", rows["Mar 2018"])  # 74.63/85.47*20 = 17.5
    assert re.search(r"\b6\s+1/2\s+63\.69\s+942\s+█{15}$", rows["Nov 2024 – Feb 2025"])
    terms = [line.split() for line in out.splitlines() if line.startswith(("suriah", "ukraina"))]
    assert terms == [["ukraina", "1", "1", "6"], ["suriah", "5", "1", "0"]]


def test_compare_table_no_bar_without_occurrences(capsys):
    out = ok(capsys, "compare", "suriah")
    row = next(line for line in out.splitlines() if line.startswith("Nov 2024"))
    assert re.search(r"\b0\s+0/2\s+0\.00\s+942$", row), row
    assert "█" not in row


def test_compare_table_shows_twenty_terms_then_how_many_more(capsys):
    total = len(ok_json(capsys, "compare", "p*")["terms"])
    assert total > 20
    out = ok(capsys, "compare", "p*")
    assert_fits(out)
    assert out.rstrip().endswith(f"… and {total - 20} more terms")
    rule_index = [i for i, line in enumerate(out.splitlines()) if line.startswith("─")][-1]
    assert len(out.splitlines()) - rule_index - 2 == 20
    # --terms with a table shows all of them
    assert f"and {total - 20} more" not in ok(capsys, "compare", "p*", "--terms")


def test_compare_no_match(capsys):
    result = compare_json(capsys, "zzzz")
    assert [p["count"] for p in result["periods"]] == [0, 0, 0]
    assert result["terms"] == []
    out = ok(capsys, "compare", "zzzz")
    assert "no term matched" in out


# --- keywords ----------------------------------------------------------------------------


def test_keywords_one_article_json(capsys, private_cache):
    result = ok_json(capsys, "keywords", "tempo-2016-11-15")
    assert set(result) == {"id", "keywords"}
    assert result["id"] == "tempo-2016-11-15"
    assert len(result["keywords"]) == 10
    assert all(set(k) == {"phrase", "score"} for k in result["keywords"])
    scores = [k["score"] for k in result["keywords"]]
    assert scores == sorted(scores)  # YAKE: lower is better, best first
    # cached in the temporary folder: that one article's candidates, as a part file
    assert len(list(private_cache.glob("keywords-*.parts/*.parquet"))) == 1


def test_keywords_top_limits(capsys):
    result = ok_json(capsys, "keywords", "valdai-2024-11-08", "--top", "3")
    assert len(result["keywords"]) == 3
    full = ok_json(capsys, "keywords", "valdai-2024-11-08")
    assert result["keywords"] == full["keywords"][:3]


def test_keywords_every_article_in_corpus_order(capsys):
    result = ok_json(capsys, "keywords", "--top", "2")
    assert [r["id"] for r in result] == IDS
    assert all(len(r["keywords"]) == 2 for r in result)


def test_keywords_csv(capsys):
    rows = ok_csv(capsys, "keywords", "--top", "3")
    assert rows[0] == ["id", "rank", "phrase", "score"]
    assert len(rows) == 1 + 5 * 3
    assert [r[0] for r in rows[1::3]] == IDS
    assert [r[1] for r in rows[1:4]] == ["1", "2", "3"]
    float(rows[1][3])


def test_keywords_table(capsys):
    out = ok(capsys, "keywords", "cnn-2016-11-15", "--top", "5")
    assert_fits(out)
    lines = out.splitlines()
    assert lines[0].startswith("cnn-2016-11-15  Putin dan Trump Sepakat")
    assert lines[1].split() == ["rank", "score", "phrase"]
    body = lines[3:]
    assert len(body) == 5
    for rank, line in enumerate(body, 1):
        number, score, _phrase = line.split(maxsplit=2)
        assert number == str(rank)
        digits = score.split("e")[0].replace(".", "").lstrip("0")
        assert len(digits) <= 4
    every = ok(capsys, "keywords", "--top", "2")
    assert_fits(every)
    assert [line.split()[0] for line in every.split("\n\n")] == IDS


def test_keywords_notice_about_a_damaged_cache_goes_to_stderr(capsys, private_cache):
    ok(capsys, "keywords")  # every article: the candidates merged into one file
    (cache_file,) = private_cache.glob("keywords-*.parquet")
    cache_file.write_bytes(b"not parquet")
    code, out, err = run(capsys, "keywords", "tempo-2016-11-15", "--format", "json")
    assert code == 0
    assert json.loads(out)["id"] == "tempo-2016-11-15"
    assert err.startswith("kabar: warning: keyword cache")
    assert len(err.splitlines()) == 1


# --- errors ------------------------------------------------------------------------------


def test_unknown_article_id(capsys):
    line = fails(capsys, "keywords", "nope", code=2)
    assert line == "kabar: unknown article id 'nope' (see 'kabar articles')"


def test_missing_corpus_is_exit_1(capsys, tmp_path):
    line = fails(capsys, "articles", "--corpus", str(tmp_path / "missing"), code=1)
    assert "no such file or folder" in line


def test_folder_without_manifest_is_exit_1(capsys, tmp_path):
    fails(capsys, "--corpus", str(tmp_path), "articles", code=1)


def test_broken_manifest_is_exit_1(capsys, tmp_path):
    (tmp_path / "manifest.toml").write_text("[[periods]\nlabel = ", encoding="utf-8")
    line = fails(capsys, "compare", "x", "--corpus", str(tmp_path), code=1)
    assert "manifest.toml" in line


@pytest.mark.parametrize("query", ['"presiden rusia', "*", '""'])
def test_bad_query(capsys, query):
    line = fails(capsys, "compare", query, code=2)
    assert line.startswith("kabar: bad query")


@pytest.mark.parametrize("argv", [["compare"], ["compare", ""], ["compare", " , | "]])
def test_empty_query_asks_for_one(capsys, argv):
    line = fails(capsys, *argv, code=2)
    assert "give a query" in line


@pytest.mark.parametrize("top", ["0", "-1", "x", "1.5"])
def test_bad_top(capsys, top):
    line = fails(capsys, "keywords", "--top", top, code=2)
    assert "--top" in line


@pytest.mark.parametrize(
    "argv",
    [["articles", "--format", "xml"], ["frobnicate"], ["articles", "extra"], ["--article", "x", "articles"]],
)
def test_usage_errors_are_one_line(capsys, argv):
    fails(capsys, *argv, code=2)


def test_unknown_command_is_one_line_naming_it(capsys):
    line = fails(capsys, "frobnicate", code=2)
    assert line == "kabar: no such command 'frobnicate' (see 'kabar --help')"


@pytest.mark.parametrize(("argv", "words"), [
    (["articles", "--corpus"], ["--corpus", "kabar articles --help"]),
    (["keyness"], ["PERIOD", "kabar keyness --help"]),
    (["compare", "x", "--nope"], ["--nope"]),
    (["--nope"], ["--nope", "kabar --help"]),
])
def test_click_usage_errors_are_one_line(capsys, argv, words):
    line = fails(capsys, *argv, code=2)
    assert all(word in line for word in words), line


def test_version(capsys):
    from importlib.metadata import version

    code, out, err = run(capsys, "--version")
    assert (code, out, err) == (0, f"kabar {version('kabar')}\n", "")


def test_options_given_before_and_after_the_command_after_wins(capsys):
    result = ok_json(capsys, "--periods", "year", "compare", "suriah", "--periods", "2")
    assert len(result["periods"]) == 2
    result = ok_json(capsys, "--periods", "year", "compare", "suriah", "--format", "json")
    assert [p["label"] for p in result["periods"]] == ["2016", "2018", "2024", "2025"]
    line = fails(capsys, "--topics", "/nonexistent/t.toml", "compare", "suriah", code=2)
    assert "/nonexistent/t.toml" in line


def test_ctrl_c_is_exit_130_quietly(capsys, monkeypatch):
    def interrupted(corpus, index):
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "article_records", interrupted)
    assert run(capsys, "articles") == (130, "", "")


def test_help_exits_zero(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "compare" in out
    for command in ("topics", "keyness", "kwic", "changes", "index", "--periods", "--text-col"):
        assert command in out
    code, out, _ = run(capsys, "compare", "--help")
    assert code == 0 and "teror*" in out and "@suriah" in out and "--stem" in out


@pytest.mark.parametrize(
    "command", ["articles", "keywords", "compare", "topics", "keyness", "kwic", "changes", "index"]
)
def test_every_command_has_help_and_the_corpus_options(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    for option in ("--corpus", "--periods", "--text-col", "--title-col", "--date-col", "--source-col",
                   "--id-col", "--url-col", "--topics"):
        assert option in out
    assert ("--format" in out) == (command != "index")


def test_problems_are_warnings_and_the_command_succeeds(capsys, tmp_path):
    folder = write_corpus(
        tmp_path / "c",
        [
            {"id": "here", "title": "Here", "text": "Teks ada.", "published": "2020-02-02"},
            {"id": "gone", "title": "Gone", "file": "missing.txt"},
        ],
    )
    code, out, err = run(capsys, "articles", "--corpus", str(folder), "--format", "json")
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == ["here"]
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kabar: warning: missing.txt")


# --- untrusted text ------------------------------------------------------------------------

EVIL_TITLE = "\x1b[31mMerah[/bold] [link=x]judul\x1b]8;;http://x\x07"


@pytest.fixture
def evil_corpus(tmp_path) -> Path:
    return write_corpus(
        tmp_path / "evil",
        [
            {
                "id": "evil",
                "title": EVIL_TITLE,
                "source": "Src\x9b2J",
                "text": "Suriah dan Ukraina. Teks biasa saja di sini.",
                "published": "2020-03-03",
            }
        ],
    )


def test_control_characters_in_a_table_are_made_visible(capsys, evil_corpus):
    out = ok(capsys, "--corpus", str(evil_corpus), "articles")
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "␛[31mMerah[/bold] [link=x]judul␛]8;;http://x␇" in out
    assert "Src⍰2J" in out
    keywords = ok(capsys, "--corpus", str(evil_corpus), "keywords", "evil")
    assert "\x1b" not in keywords and "␛[31mMerah[/bold]" in keywords


def test_control_characters_in_json_are_escaped_and_round_trip(capsys, evil_corpus):
    out = ok(capsys, "--corpus", str(evil_corpus), "articles", "--format", "json")
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "\\u001b[31mMerah[/bold]" in out
    (record,) = json.loads(out)
    assert record["title"] == EVIL_TITLE
    assert record["source"] == "Src\x9b2J"


def test_control_characters_in_csv_are_made_visible(capsys, evil_corpus):
    rows = ok_csv(capsys, "--corpus", str(evil_corpus), "articles")
    assert rows[1][1] == "␛[31mMerah[/bold] [link=x]judul␛]8;;http://x␇"


def test_error_messages_are_safe(capsys):
    line = fails(capsys, "keywords", "bad\x1b[2Jid", code=2)
    assert "\x1b" not in line and "bad␛[2Jid" in line


# --- the dashboard -----------------------------------------------------------------------


class Calls(list):
    options: list[dict]


@pytest.fixture
def opened(monkeypatch):
    calls = Calls()

    def fake(corpus_path, article, filter_text, **options):
        calls.append((corpus_path, article, filter_text))
        options_seen.append(options)
        return 0

    options_seen: list[dict] = []
    calls.options = options_seen

    monkeypatch.setattr(cli, "open_dashboard", fake)
    return calls


def test_no_command_opens_the_dashboard(capsys, opened):
    assert cli.main([]) == 0
    assert opened == [(None, None, None)]


def test_dashboard_options_are_passed_on(capsys, opened):
    assert cli.main(["--corpus", str(BUNDLED), "--article", "xinhua-2018-03-21", "--filter", "teror*"]) == 0
    assert opened == [(BUNDLED, "xinhua-2018-03-21", "teror*")]


def test_dashboard_unknown_article_fails_before_opening(capsys, opened):
    line = fails(capsys, "--article", "nope", code=2)
    assert "unknown article id 'nope'" in line
    assert opened == []


def test_dashboard_missing_corpus_fails_before_opening(capsys, opened, tmp_path):
    fails(capsys, "--corpus", str(tmp_path / "missing"), code=1)
    assert opened == []


def test_dashboard_takes_the_corpus_options(capsys, opened, tmp_path):
    topics = tmp_path / "t.toml"
    topics.write_text('[mine]\nterms = ["suriah"]\n', encoding="utf-8")
    assert cli.main(["--periods", "2", "--topics", str(topics)]) == 0
    assert opened.options == [{"periods": 2, "columns": None, "topics_file": topics}]


def test_dashboard_column_options_need_a_table_corpus(capsys, opened):
    line = fails(capsys, "--text-col", "isi", code=1)
    assert "--text-col" in line
    assert opened == []


def test_dashboard_filter_may_name_a_topic(capsys, opened):
    assert cli.main(["--filter", "@suriah | ukraina"]) == 0
    assert opened == [(None, None, "@suriah | ukraina")]
    line = fails(capsys, "--filter", "@nosuchtopic", code=2)
    assert "unknown topic @nosuchtopic" in line


def test_dashboard_bad_filter_fails_before_opening(capsys, opened):
    line = fails(capsys, "--filter", '"unclosed', code=2)
    assert "filter" in line
    assert opened == []


# --- as a process ------------------------------------------------------------------------


def test_importing_the_cli_does_not_load_textual():
    code = "import sys, tui.cli.main; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_broken_pipe_exits_quietly(tmp_path):
    articles = [
        {"id": f"a{i:05}", "title": "Judul yang cukup panjang " * 4 + str(i), "text": "Teks.",
         "published": "2020-01-02"}
        for i in range(1500)
    ]
    folder = write_corpus(tmp_path / "big", articles)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "articles", "--corpus", str(folder), "--format", "csv"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline().startswith(b"id,title")
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert err == b""
    assert proc.returncode == 0


def test_any_failure_while_loading_is_one_line_exit_1(capsys, monkeypatch):
    import corpus.index.store

    def broken(path=None, **options):
        raise ValueError("bad value\nsecond line")

    monkeypatch.setattr(corpus.index.store, "open_corpus", broken)
    line = fails(capsys, "articles", code=1)
    assert line == "kabar: cannot open the corpus: ValueError: bad value"


def test_an_unexpected_error_is_one_line(capsys, monkeypatch):
    def boom(corpus, index):
        raise RuntimeError("oops")

    monkeypatch.setattr(commands, "article_records", boom)
    line = fails(capsys, "articles", code=1)
    assert line.startswith("kabar: internal error: RuntimeError: oops")


def test_keywords_still_shown_when_the_cache_cannot_be_written(capsys, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("KABAR_CACHE_DIR", str(blocker / "cache"))
    code, out, err = run(capsys, "keywords", "pantau-2025-02-13", "--top", "2", "--format", "json")
    assert code == 0
    assert len(json.loads(out)["keywords"]) == 2
    # One warning: the index cache and the keyword cache fail in the same folder (corpus.disk.nocache).
    assert err.splitlines() == [
        f"kabar: warning: cannot write the cache in {blocker / 'cache'} (a file is where a folder should be); "
        "running without it"
    ]
