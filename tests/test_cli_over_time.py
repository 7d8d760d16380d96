"""`kabar trend` and `kabar collocates` on the bundled corpus: the counts checked by hand in
tests/test_trend.py and tests/test_collocates.py, in every format."""

from __future__ import annotations

import csv
import io
import json

from test_cli import ok, run

from tui.cli.over_time import GRAINS


def test_grains_are_the_domain_s():
    from corpus.analysis.trend import GRAINS as DOMAIN

    assert GRAINS == DOMAIN


def test_trend_json_counts(capsys):
    data = json.loads(ok(capsys, "trend", 'suriah, "presiden rusia"', "--format", "json"))
    assert (data["grain"], data["series"], data["outside"], data["undated"]) == (
        "quarter", ["suriah", '"presiden rusia"'], 0, 0)
    filled = {b["label"]: b for b in data["buckets"] if b["tokens"]}
    assert list(filled) == ["Q4 2016", "Q1 2018", "Q4 2024", "Q1 2025"]
    q4 = filled["Q4 2016"]
    assert (q4["articles"], q4["tokens"]) == (2, 702)
    assert q4["counts"][0] == {"series": "suriah", "count": 5, "docs": 2, "per_10k": 71.23}
    assert q4["counts"][1]["count"] == 2
    empty = data["buckets"][1]  # Q1 2017: no article
    assert empty["tokens"] == 0 and empty["counts"][0]["per_10k"] is None


def test_trend_csv_and_table(capsys):
    rows = list(csv.DictReader(io.StringIO(ok(capsys, "trend", "putin", "--grain", "year", "--format", "csv"))))
    assert len(rows) == 10  # 2016 … 2025, one series
    by_year = {r["bucket"]: r for r in rows}
    assert by_year["2018"]["count"] == "8" and by_year["2018"]["tokens"] == "268"
    assert by_year["2017"]["per_10k"] == ""  # no text that year: no rate
    table = ok(capsys, "trend", "putin", "--grain", "year")
    assert "6 years without articles not shown" in table
    assert "2018" in table and "8 (298.5)" in table
    assert "2017" not in table.split("\n\n", 1)[1]
    assert "2017" in ok(capsys, "trend", "putin", "--grain", "year", "--all")


def test_trend_with_a_topic_and_errors(capsys):
    data = json.loads(ok(capsys, "trend", "@ukraina", "--format", "json"))
    assert data["series"] == ["@ukraina"]
    code, out, err = run(capsys, "trend", '"presiden')
    assert (code, out) == (2, "") and err.startswith("kabar: bad query")
    code, _, err = run(capsys, "trend", "putin", "--grain", "fortnight")
    assert code == 2 and len(err.splitlines()) == 1


def test_collocates_json_and_csv(capsys):
    data = json.loads(ok(capsys, "collocates", '"presiden rusia"', "--min", "2", "--format", "json"))
    first = data["periods"][0]
    assert (first["label"], first["nodes"], first["tokens"]) == ("Nov 2016", 2, 702)
    top = first["collocates"][0]
    assert (top["term"], top["together"], top["total"]) == ("vladimir", 2, 2)
    rows = list(csv.DictReader(io.StringIO(
        ok(capsys, "collocates", '"presiden rusia"', "--min", "2", "--format", "csv"))))
    assert rows[0]["period"] == "Nov 2016" and rows[0]["term"] == "vladimir" and rows[0]["rank"] == "1"


def test_collocates_table_side_by_side(capsys):
    table = ok(capsys, "collocates", "putin", "--min", "2")
    head, body = table.split("\n\n", 1)
    assert "Nov 2016: 15 occurrences" in head
    header = body.splitlines()[0]
    assert "Nov 2016" in header and "Mar 2018" in header and "Nov 2024 – Feb 2025" in header
    assert all(len(line) <= 80 for line in table.splitlines())


def test_collocates_of_nothing(capsys):
    out = ok(capsys, "collocates", "zzzz")
    assert "no collocate" in out
