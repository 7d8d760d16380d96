"""`kabar topics`, `keyness`, `kwic`, `changes`, `index`, and `compare` with @topics and --stem.

Counts were checked by hand with `grep -o -i -w WORD` over the bundled seeds (cleaning removes
none of these words):

    file  article            period               suriah  assad  aleppo  clinton  masalah  pertemuan
    000   xinhua-2018-03-21  Mar 2018                  1      0       0        0        4          1
    001   tempo-2016-11-15   Nov 2016                  1      0       0        1        0          0
    002   cnn-2016-11-15     Nov 2016                  4      3       1        4        0          1
    003   valdai-2024-11-08  Nov 2024 – Feb 2025       0      0       0        0        2          1
    004   pantau-2025-02-13  Nov 2024 – Feb 2025       0      0       0        0        0          2

Tokens per period: 702, 268, 942 (tests/test_cli.py). The bundled topic @suriah is suriah,
syria, assad, aleppo, damaskus, idlib: 9 | 1 | 0 occurrences. Keyness figures follow
docs/statistics.md (suriah in Nov 2016 against the rest: G² 5.528, log ratio 3.107).
"""

from __future__ import annotations

import json
import math
import re
import sys
import types

import pytest
from test_cli import IDS, LABELS, PERIOD_TOKENS, assert_fits, fails, ok, ok_csv, ok_json, run, write_corpus

from tui.cli import main as cli
from tui.cli import output


def _stemmer_installed() -> bool:
    from corpus.analysis.stem import available

    return available()


needs_stemmer = pytest.mark.skipif(not _stemmer_installed(), reason="PySastrawi (kabar[stem]) not installed")


def g2(a: int, b: int, c: int, d: int) -> float:
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0) + (b * math.log(b / e2) if b else 0))


def log_ratio(a: int, b: int, c: int, d: int) -> float:
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


# --- compare with @topics and --stem -----------------------------------------------------------


def test_compare_a_topic(capsys):
    result = ok_json(capsys, "compare", "@suriah")
    assert result["query"] == "@suriah"
    assert [p["count"] for p in result["periods"]] == [9, 1, 0]
    assert [p["docs"] for p in result["periods"]] == [2, 1, 0]
    assert {t["term"]: t["counts"] for t in result["terms"]} == {
        "suriah": [5, 1, 0], "assad": [3, 0, 0], "aleppo": [1, 0, 0],
    }


def test_compare_a_topic_with_other_words(capsys):
    result = ok_json(capsys, "compare", "@suriah", "clinton")
    assert [p["count"] for p in result["periods"]] == [9 + 5, 1, 0]


def test_unknown_topic_is_one_line_listing_the_known(capsys):
    line = fails(capsys, "compare", "@nope", code=2)
    assert line.startswith("kabar: bad query '@nope': unknown topic @nope; known: @terorisme, @suriah")


def test_user_topics_file(capsys, tmp_path):
    topics = tmp_path / "mine.toml"
    topics.write_text('[clintons]\nlabel = "Clinton"\nterms = ["clinton", "hillary"]\n', encoding="utf-8")
    result = ok_json(capsys, "compare", "@clintons", "--topics", str(topics))
    assert [p["count"] for p in result["periods"]] == [5 + 3, 0, 0]  # hillary: 3 in Nov 2016


def test_user_topics_from_the_config_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("KABAR_CONFIG_DIR", str(tmp_path))
    (tmp_path / "topics.toml").write_text('[masalah]\nterms = ["masalah"]\n[suriah]\nterms = []\n', encoding="utf-8")
    result = ok_json(capsys, "compare", "@masalah")
    assert [p["count"] for p in result["periods"]] == [0, 4, 2]
    line = fails(capsys, "compare", "@suriah", code=2)
    assert "unknown topic @suriah" in line  # hidden by the user's file


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "cannot read"), ("[x\n", "not valid TOML"), ('[Bad]\nterms = ["a"]\n', "topic name")],
)
def test_bad_topics_file_is_one_line(capsys, tmp_path, content, expected):
    topics = tmp_path / "topics.toml"
    if content is not None:
        topics.write_text(content, encoding="utf-8")
    line = fails(capsys, "topics", "--topics", str(topics), code=2)
    assert line.startswith("kabar: cannot use the topics: ") and expected in line and str(topics) in line


@needs_stemmer
def test_compare_stemmed(capsys):
    plain = ok_json(capsys, "compare", "temu")
    assert [p["count"] for p in plain["periods"]] == [0, 0, 0]
    stemmed = ok_json(capsys, "compare", "temu", "--stem")  # pertemuan → temu
    assert [p["count"] for p in stemmed["periods"]] == [1, 1, 3]
    assert stemmed["terms"] == [{"term": "temu", "counts": [1, 1, 3]}]


def test_stemmer_missing_is_one_line(capsys, monkeypatch):
    import corpus.analysis.stem

    def unavailable(index):
        raise corpus.analysis.stem.StemmerUnavailable(corpus.analysis.stem.INSTALL_HINT)

    monkeypatch.setattr(corpus.analysis.stem, "stemmed_index", unavailable)
    for command in ("compare", "kwic"):
        line = fails(capsys, command, "temu", "--stem", code=2)
        assert line == "kabar: stemming needs PySastrawi: pip install 'kabar[stem]'"


# --- topics ------------------------------------------------------------------------------------


def test_topics_json(capsys):
    result = ok_json(capsys, "topics")
    assert set(result) == {"periods", "topics"}
    assert result["periods"] == LABELS
    assert all(set(t) == {"name", "label", "terms", "counts", "docs", "per_10k"} for t in result["topics"])
    by_name = {t["name"]: t for t in result["topics"]}
    suriah = by_name["suriah"]
    assert suriah["label"] == "suriah"
    assert suriah["terms"] == ["suriah", "syria", "assad", "aleppo", "damaskus", "idlib"]
    assert suriah["counts"] == [9, 1, 0]
    assert suriah["docs"] == [2, 1, 0]
    assert suriah["per_10k"] == [round(9 * 10_000 / 702, 2), round(10_000 / 268, 2), 0.0] == [128.21, 37.31, 0.0]
    assert [t["name"] for t in result["topics"]][:3] == ["terorisme", "suriah", "ukraina"]


def test_topics_agree_with_compare(capsys):
    topics = ok_json(capsys, "topics")["topics"]
    for topic in topics[:4]:
        compared = ok_json(capsys, "compare", f"@{topic['name']}")
        assert [p["count"] for p in compared["periods"]] == topic["counts"]
        assert [p["docs"] for p in compared["periods"]] == topic["docs"]


def test_topics_csv(capsys):
    rows = ok_csv(capsys, "topics")
    assert rows[0] == ["topic", "label", "period", "count", "docs", "articles", "per_10k"]
    suriah = [r for r in rows[1:] if r[0] == "suriah"]
    assert suriah == [
        ["suriah", "suriah", "Nov 2016", "9", "2", "2", "128.21"],
        ["suriah", "suriah", "Mar 2018", "1", "1", "1", "37.31"],
        ["suriah", "suriah", "Nov 2024 – Feb 2025", "0", "0", "2", "0.0"],
    ]


def test_topics_table(capsys):
    out = ok(capsys, "topics")
    assert_fits(out)
    lines = out.splitlines()
    assert lines[0].split() == ["Nov", "2016", "Mar", "2018", "Nov", "2024", "–", "Feb", "2025"]
    row = next(line for line in lines if line.startswith("suriah "))
    assert row.split() == ["suriah", "9", "(2/2)", "128.2", "1", "(1/1)", "37.3", "0", "(0/2)", "0.0"]
    assert "articles with the topic / articles in the period" in " ".join(lines[-2:])


def test_topics_table_rounds_the_rate_once(capsys):
    """3 and 22 occurrences in Nov 2024 – Feb 2025's 942 tokens: 31.847 and 233.546 per 10k, so
    31.8 and 233.5 (rounding 31.85 and 233.55, the JSON's two decimals, again gave 31.9 and 233.6)."""
    out = ok(capsys, "topics")
    rates = {line.split("  ")[0]: line.split()[-1] for line in out.splitlines() if "(" in line}
    assert rates["pemilu & peretasan"] == "31.8"
    assert rates["Putin"] == "233.5"
    json_rates = {t["label"]: t["per_10k"][2] for t in ok_json(capsys, "topics")["topics"]}
    assert (json_rates["pemilu & peretasan"], json_rates["Putin"]) == (31.85, 233.55)  # JSON: 2 decimals


def test_topics_table_narrow_falls_back_to_a_row_per_period(capsys, monkeypatch):
    monkeypatch.setattr(output, "terminal_width", lambda: 60)
    out = ok(capsys, "topics")
    assert_fits(out, 60)
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("suriah "))
    assert lines[at].split()[1:] == ["Nov", "2016", "9", "(2/2)", "128.2"]
    assert lines[at + 2].split() == ["Nov", "2024", "–", "Feb", "2025", "0", "(0/2)", "0.0"]
    monkeypatch.setattr(output, "terminal_width", lambda: 40)
    assert_fits(ok(capsys, "topics"), 40)


# --- keyness -----------------------------------------------------------------------------------


def test_keyness_json_nov_2016_against_the_rest(capsys):
    result = ok_json(capsys, "keyness", "Nov 2016")
    assert set(result) == {"target", "reference", "target_tokens", "reference_tokens", "min_count", "tested",
                           "bonferroni", "critical_values", "terms"}
    assert result["target"] == "Nov 2016"
    assert result["reference"] == "rest of the corpus"
    assert (result["target_tokens"], result["reference_tokens"], result["tested"]) == (702, 1210, 80)
    assert result["critical_values"] == {"0.05": 3.84, "0.01": 6.63, "0.001": 10.83, "0.0001": 15.14}
    fields = {"term", "direction", "target_count", "reference_count", "g2", "log_ratio", "p"}
    assert all(set(t) == fields for t in result["terms"])
    terms = {t["term"]: t for t in result["terms"]}
    c, d = 702, 268 + 942
    assert terms["suriah"] == {
        "term": "suriah", "direction": "more", "target_count": 5, "reference_count": 1, "g2": 5.528,
        "log_ratio": 3.107, "p": "<0.05",
    }
    assert terms["suriah"]["g2"] == round(g2(5, 1, c, d), 3)
    assert terms["suriah"]["log_ratio"] == round(log_ratio(5, 1, c, d), 3)
    assert terms["clinton"] == {
        "term": "clinton", "direction": "more", "target_count": 5, "reference_count": 0, "g2": 10.02,
        "log_ratio": 4.107, "p": "<0.01",
    }
    assert terms["assad"]["target_count"] == 3 and terms["assad"]["reference_count"] == 0
    # ukraina (the hand-checked table): 1 in Nov 2016, 1 + 6 in the rest: less frequent
    assert terms["ukraina"] == {
        "term": "ukraina", "direction": "less", "target_count": 1, "reference_count": 7,
        "g2": round(g2(1, 7, c, d), 3), "log_ratio": round(log_ratio(1, 7, c, d), 3), "p": "",
    }
    assert "rusia" not in terms  # 18 against 31: 17.99 expected, no difference
    ways = [t["direction"] for t in result["terms"]]
    assert ways == sorted(ways, key=["more", "less"].index)  # more first, then less
    for way in ("more", "less"):
        g2s = [t["g2"] for t in result["terms"] if t["direction"] == way]
        assert g2s == sorted(g2s, reverse=True)  # most distinctive first
        side = "target_count" if way == "more" else "reference_count"
        assert all(t[side] >= 3 for t in result["terms"] if t["direction"] == way)
        assert all((t["log_ratio"] > 0) == (way == "more") for t in result["terms"] if t["direction"] == way)


def test_keyness_bonferroni_counts_the_terms_tested(capsys):
    plain = {t["term"]: t for t in ok_json(capsys, "keyness", "Nov 2016")["terms"]}
    result = ok_json(capsys, "keyness", "Nov 2016", "--bonferroni")
    assert result["bonferroni"] is True and result["tested"] == 80
    assert result["critical_values"]["0.05"] == 11.70  # 0.05 / 80: z = Φ⁻¹(1 − 0.05/160) = 3.4205
    terms = {t["term"]: t for t in result["terms"]}
    assert plain["suriah"]["p"] == "<0.05" and terms["suriah"]["p_bonferroni"] == ""  # 5.53 < 11.70
    assert terms["as"]["p_bonferroni"] == "" and plain["as"]["p"] == "<0.001"  # 11.04 < 11.70
    rows = ok_csv(capsys, "keyness", "Nov 2016", "--bonferroni")
    assert rows[0][-1] == "p_bonferroni"
    table = ok(capsys, "keyness", "Nov 2016", "--bonferroni")
    assert "Bonferroni-corrected for 80 terms tested" in table and "G² ≥ 11.70" in table


def test_keyness_direction_option(capsys):
    every = ok_json(capsys, "keyness", "1")["terms"]
    less = ok_json(capsys, "keyness", "1", "--direction", "less")["terms"]
    more = ok_json(capsys, "keyness", "1", "--direction", "more")["terms"]
    assert more + less == every
    assert {t["direction"] for t in less} == {"less"} and {t["direction"] for t in more} == {"more"}
    assert (len(more), len(less)) == (24, 40)


def test_keyness_against_one_period(capsys):
    result = ok_json(capsys, "keyness", "2018", "--vs", "nov 2016")
    assert (result["target"], result["reference"]) == ("Mar 2018", "Nov 2016")
    masalah = result["terms"][0]  # 4 in xinhua, none in Nov 2016
    assert masalah == {
        "term": "masalah", "direction": "more", "target_count": 4, "reference_count": 0,
        "g2": round(g2(4, 0, 268, 702), 3), "log_ratio": round(log_ratio(4, 0, 268, 702), 3), "p": "<0.01",
    }
    assert (masalah["g2"], masalah["log_ratio"]) == (10.29, 4.389)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Nov 2016", "Nov 2016"), ("nov 2016", "Nov 2016"), ("  NOV   2016 ", "Nov 2016"),
        ("2018", "Mar 2018"), ("mar", "Mar 2018"), ("1", "Nov 2016"), ("3", "Nov 2024 – Feb 2025"),
        ("feb", "Nov 2024 – Feb 2025"), ("nov 2024 - feb 2025", "Nov 2024 – Feb 2025"),
        ("Nov 2024 – Feb 2025", "Nov 2024 – Feb 2025"), ("2025", "Nov 2024 – Feb 2025"),
    ],
)
def test_keyness_period_by_label_part_or_number(capsys, text, label):
    assert ok_json(capsys, "keyness", text)["target"] == label


@pytest.mark.parametrize("text", ["zzz", "4", "0", "dec", "016"])
def test_keyness_unknown_period_lists_the_known(capsys, text):
    line = fails(capsys, "keyness", text, code=2)
    assert line == (
        f"kabar: unknown period {text!r}; the periods are Nov 2016, Mar 2018, Nov 2024 – Feb 2025 (or 1 to 3)"
    )


def test_keyness_ambiguous_period(capsys):
    line = fails(capsys, "keyness", "nov", code=2)
    assert line == "kabar: period 'nov' could be Nov 2016 or Nov 2024 – Feb 2025: say which"


def test_keyness_with_itself(capsys):
    line = fails(capsys, "keyness", "1", "--vs", "nov 2016", code=2)
    assert "not with itself" in line


def test_keyness_unknown_vs(capsys):
    line = fails(capsys, "keyness", "1", "--vs", "1999", code=2)
    assert "unknown period '1999'" in line


def test_keyness_min_and_top(capsys):
    every = ok_json(capsys, "keyness", "1")["terms"]
    more = [t for t in every if t["direction"] == "more"]
    less = [t for t in every if t["direction"] == "less"]
    top3 = ok_json(capsys, "keyness", "1", "--top", "3")["terms"]
    assert top3 == more[:3] + less[:3]  # the top of each end
    at_least_5 = ok_json(capsys, "keyness", "1", "--min", "5")["terms"]
    assert at_least_5 == [t for t in every
                          if t["target_count" if t["direction"] == "more" else "reference_count"] >= 5]
    ones = ok_json(capsys, "keyness", "1", "--min", "1")["terms"]
    assert len(ones) > len(every)
    fails(capsys, "keyness", "1", "--min", "0", code=2)


def test_keyness_csv(capsys):
    rows = ok_csv(capsys, "keyness", "Nov 2016")
    assert rows[0] == ["term", "direction", "target_count", "reference_count", "g2", "log_ratio", "p"]
    assert ["suriah", "more", "5", "1", "5.528", "3.107", "<0.05"] in rows
    assert ["ukraina", "less", "1", "7", "2.381", "-2.022", ""] in rows


def test_keyness_table_header_and_cautions(capsys):
    out = ok(capsys, "keyness", "Nov 2016", "--top", "30")
    assert_fits(out)
    lines = out.splitlines()
    assert lines[0] == "target:     Nov 2016, 702 tokens"
    assert lines[1] == "reference:  rest of the corpus, 1,210 tokens"
    assert "24 more frequent in the target (+), 40 less (-), 16 with no difference" in " ".join(lines[2:4])
    rows = {line.split()[0]: line for line in lines if re.match(r"\w+\s+\d+\s+\d+\s+[\d.]+\s", line)}
    assert rows["suriah"].split() == ["suriah", "5", "1", "5.53", "*", "+3.11", "·····│████"]  # 2 articles
    assert rows["clinton"].split() == ["clinton", "5", "0", "10.02", "**", "+4.11", "·····│█████"]
    assert rows["as"].split()[4] == "***"
    assert rows["assad"].split()[7:] == ["<", "5×,", "1", "article"]  # 3, all in cnn
    assert rows["hillary"].split()[7:] == ["<", "5×"]  # 3, in both Nov 2016 articles
    # less frequent in Nov 2016: the bar to the left of the axis, the caution about the reference
    assert rows["terbuka"].split() == ["terbuka", "0", "7", "6.41", "*", "-3.02", "·████│"]
    assert rows["ukraina"].split() == ["ukraina", "1", "7", "2.38", "-2.02", "···██│"]
    assert rows["eropa"].split()[5:] == ["···██│", "<", "5×,", "1", "article"]  # 3, all in valdai
    assert "rusia" not in rows
    assert lines.index(rows["peskov"]) > lines.index(rows["suriah"])  # more, then less
    assert "caution:" in out and "Read these as anecdotes" in out
    assert "* p < 0.05 (G² ≥ 3.84)" in " ".join(lines)


def test_keyness_table_shows_twenty_each_way_then_how_many_more(capsys):
    terms = ok_json(capsys, "keyness", "1")["terms"]
    more = sum(t["direction"] == "more" for t in terms)
    less = len(terms) - more
    out = ok(capsys, "keyness", "1")
    assert f"… and {more - 20} more frequent and {less - 20} less frequent not shown" in out


def test_keyness_needs_a_rest(capsys, tmp_path):
    folder = write_corpus(
        tmp_path / "one", [{"id": "a", "title": "A", "text": "Satu dua tiga.", "published": "2020-05-01"}],
        periods=[("Only", "2020-01-01", "2020-12-31")],
    )
    line = fails(capsys, "--corpus", str(folder), "keyness", "only", code=2)
    assert "only period" in line


def test_keyness_without_periods(capsys, tmp_path):
    folder = write_corpus(tmp_path / "none", [{"id": "a", "title": "A", "text": "Teks tanpa tanggal."}], periods=[])
    line = fails(capsys, "--corpus", str(folder), "keyness", "1", code=2)
    assert "no periods" in line


# --- kwic --------------------------------------------------------------------------------------


def test_kwic_json_one_line_per_counted_occurrence(capsys):
    result = ok_json(capsys, "kwic", "suriah")
    assert set(result) == {"query", "lines"}
    assert result["query"] == "suriah"
    lines = result["lines"]
    assert all(set(line) == {"article_id", "period", "left", "match", "right"} for line in lines)
    counted = ok_json(capsys, "compare", "suriah")
    assert len(lines) == sum(p["count"] for p in counted["periods"]) == 6
    assert [line["period"] for line in lines] == ["Nov 2016"] * 5 + ["Mar 2018"]
    assert sorted(line["article_id"] for line in lines) == sorted(
        ["cnn-2016-11-15"] * 4 + ["tempo-2016-11-15", "xinhua-2018-03-21"]
    )
    assert all(line["match"].lower() == "suriah" for line in lines)
    assert all(len(line["left"]) <= 40 and len(line["right"]) <= 40 for line in lines)
    xinhua = lines[-1]
    assert xinhua["left"].endswith("membahas masalah ") and xinhua["right"].startswith(" dan krisis Ukraina")


def test_kwic_a_topic_and_a_phrase(capsys):
    assert len(ok_json(capsys, "kwic", "@suriah")["lines"]) == 10  # 9 + 1
    phrase = ok_json(capsys, "kwic", '"presiden rusia"')["lines"]
    assert len(phrase) == 6  # 2 | 2 | 2
    assert all(line["match"].lower() == "presiden rusia" for line in phrase)


@needs_stemmer
def test_kwic_stemmed(capsys):
    lines = ok_json(capsys, "kwic", "temu", "--stem")["lines"]
    assert [line["match"] for line in lines] == ["pertemuan"] * 5
    assert [line["article_id"] for line in lines] == [
        "cnn-2016-11-15", "xinhua-2018-03-21", "valdai-2024-11-08", "pantau-2025-02-13", "pantau-2025-02-13",
    ]


def test_kwic_width_limit_and_sort(capsys):
    narrow = ok_json(capsys, "kwic", "suriah", "--width", "10")["lines"]
    assert len(narrow) == 6 and all(len(line["left"]) <= 10 and len(line["right"]) <= 10 for line in narrow)
    assert len(ok_json(capsys, "kwic", "suriah", "--limit", "2")["lines"]) == 2
    by_right = ok_json(capsys, "kwic", "suriah", "--sort", "right")["lines"]
    nov = [re.findall(r"\w+", line["right"].lower())[0] for line in by_right if line["period"] == "Nov 2016"]
    assert nov == sorted(nov)
    by_left = ok_json(capsys, "kwic", "suriah", "--sort", "left")["lines"]
    nov = [re.findall(r"\w+", line["left"].lower())[-1] for line in by_left if line["period"] == "Nov 2016"]
    assert nov == sorted(nov)
    fails(capsys, "kwic", "suriah", "--sort", "middle", code=2)
    fails(capsys, "kwic", "suriah", "--limit", "0", code=2)


def test_kwic_csv(capsys):
    rows = ok_csv(capsys, "kwic", "suriah")
    assert rows[0] == ["article_id", "period", "left", "match", "right"]
    assert len(rows) == 1 + 6
    assert rows[-1][:2] == ["xinhua-2018-03-21", "Mar 2018"]


def test_kwic_table(capsys):
    out = ok(capsys, "kwic", "suriah")
    assert_fits(out)
    lines = out.splitlines()
    assert lines[0] == "query: suriah"
    assert "Nov 2016: 5 lines" in lines and "Mar 2018: 1 line" in lines
    body = [line for line in lines if re.search(r"\bSuriah\b", line) and ":" not in line[:12]]
    assert len(body) == 6
    columns = {line.index("Suriah") for line in body}  # the matches line up
    assert len(columns) == 1
    assert lines[-1].startswith("6 occurrences")


def test_kwic_table_fits_a_wide_or_narrow_terminal(capsys, monkeypatch):
    for width in (50, 120):
        monkeypatch.setattr(output, "terminal_width", lambda width=width: width)
        out = ok(capsys, "kwic", "suriah", "--width", "60")
        assert_fits(out, width)


def test_kwic_no_match_and_bad_query(capsys):
    assert ok_json(capsys, "kwic", "zzzz")["lines"] == []
    assert "no occurrences" in ok(capsys, "kwic", "zzzz")
    assert "give a query" in fails(capsys, "kwic", code=2)
    assert fails(capsys, "kwic", '"unclosed', code=2).startswith("kabar: bad query")


def test_kwic_outside_periods(capsys, tmp_path):
    folder = write_corpus(tmp_path / "c", [
        {"id": "in", "title": "In", "text": "Suriah di sini.", "published": "2020-05-01"},
        {"id": "out", "title": "Out", "text": "Suriah tanpa tanggal."},
    ])
    lines = ok_json(capsys, "--corpus", str(folder), "kwic", "suriah")["lines"]
    assert [(line["article_id"], line["period"]) for line in lines] == [("in", "First"), ("out", None)]
    assert "outside periods: 1 line" in ok(capsys, "--corpus", str(folder), "kwic", "suriah")


def test_kwic_control_characters_are_made_visible(capsys, tmp_path):
    folder = write_corpus(tmp_path / "c", [
        {"id": "x", "title": "X", "text": "Awal \x1b[2J teks\u202e Suriah \x9b31m akhir.", "published": "2020-05-01"},
    ])
    out = ok(capsys, "--corpus", str(folder), "kwic", "suriah")
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    raw = run(capsys, "--corpus", str(folder), "kwic", "suriah", "--format", "json")[1]
    assert "\x1b" not in raw and "\x9b" not in raw and "\u202e" not in raw
    json.loads(raw)


# --- changes -----------------------------------------------------------------------------------


@pytest.fixture
def three_periods(tmp_path):
    """The corpus of tests/test_changes.py (its lists checked by hand there), as files."""
    texts = [
        ("2016-03-01", "Gempa bumi guncang kota. Gempa bumi rusak rumah warga. Gempa bumi susulan."),
        ("2016-05-01", "Gempa bumi rusak pasar kota. Warga panik."),
        ("2018-03-01", "Banjir rendam kota. Warga mengungsi. Banjir rendam pasar."),
        ("2018-04-01", "Banjir rendam pasar kota. Warga mengungsi."),
        ("2024-03-01", "Banjir rendam jalan. Sungai meluap. Warga mengungsi."),
        ("2024-04-01", "Sungai meluap. Sungai meluap lagi. Banjir rendam rumah warga."),
    ]
    return write_corpus(
        tmp_path / "c",
        [{"id": f"a{i}", "title": f"T{i}", "text": text, "published": day} for i, (day, text) in enumerate(texts)],
        periods=[("P1", "2016-01-01", "2016-12-31"), ("P2", "2018-01-01", "2018-12-31"),
                 ("P3", "2024-01-01", "2024-12-31")],
    )


def test_changes_json_hand_checked(capsys, three_periods):
    result = ok_json(capsys, "--corpus", str(three_periods), "changes")
    assert result == [
        {"label": "P1", "previous": None, "articles": 2,
         "phrases": ["gempa bumi"], "new": [], "vanished": [], "persistent": [], "found": {"phrases": 1}},
        {"label": "P2", "previous": "P1", "articles": 2,
         "phrases": ["banjir rendam pasar"],
         "new": ["banjir rendam"], "vanished": ["gempa bumi"], "persistent": [],
         "found": {"phrases": 1, "new": 1, "vanished": 1, "persistent": 0}},
        {"label": "P3", "previous": "P2", "articles": 2,
         "phrases": ["sungai meluap"],
         "new": [], "vanished": [], "persistent": ["banjir rendam"],
         "found": {"phrases": 1, "new": 0, "vanished": 0, "persistent": 1}},
    ]


def test_changes_csv_and_top(capsys, three_periods):
    rows = ok_csv(capsys, "--corpus", str(three_periods), "changes", "--top", "1")
    assert rows == [
        ["period", "previous", "change", "rank", "phrase"],
        ["P1", "", "phrases", "1", "gempa bumi"],  # the first period: its phrases, as the table shows
        ["P2", "P1", "new", "1", "banjir rendam"],
        ["P2", "P1", "vanished", "1", "gempa bumi"],
        ["P3", "P2", "persistent", "1", "banjir rendam"],
    ]


def test_changes_csv_has_every_phrase_table_and_json_show(capsys, three_periods):
    rows = ok_csv(capsys, "--corpus", str(three_periods), "changes")
    first = [r[4] for r in rows[1:] if r[0] == "P1"]
    assert first == ok_json(capsys, "--corpus", str(three_periods), "changes")[0]["phrases"]
    assert {r[2] for r in rows[1:] if r[0] == "P1"} == {"phrases"}
    assert first == ["gempa bumi"]


def test_changes_table(capsys, three_periods):
    out = ok(capsys, "--corpus", str(three_periods), "changes")
    assert_fits(out)
    blocks = out.split("\n\n")
    assert blocks[0].splitlines()[0].startswith("P1  (2 articles; the first period")
    assert blocks[1].splitlines()[0] == "P2  against P1  (2 articles)"
    # marks beyond colour: + new, − vanished, = persistent, on the headings and on every phrase
    assert blocks[1].splitlines()[1].split() == ["+", "new", "(1)", "−", "vanished", "(1)", "=", "persistent", "(0)"]
    assert blocks[1].splitlines()[3].split() == ["+", "banjir", "rendam", "−", "gempa", "bumi"]
    assert blocks[0].splitlines()[3] == "gempa bumi"  # the first period's phrases: nothing to mark


def test_changes_bundled(capsys):
    result = ok_json(capsys, "changes")
    assert [r["label"] for r in result] == LABELS
    assert [r["articles"] for r in result] == [2, 1, 2]
    assert result[0]["previous"] is None and result[0]["new"] == [] and result[0]["phrases"]
    for before, now in zip(result, result[1:], strict=False):
        assert now["previous"] == before["label"]
        assert not set(now["new"]) & set(now["vanished"])
        assert not set(now["persistent"]) & (set(now["new"]) | set(now["vanished"]))
    # in the first period's texts, lower-cased (tests/test_changes.py checks the counts)
    assert "clinton" in result[0]["phrases"] and "hillary clinton" in result[0]["phrases"]
    assert_fits(ok(capsys, "changes"))


# --- index -------------------------------------------------------------------------------------


@pytest.fixture
def fake_indexing(monkeypatch):
    calls = []
    module = types.ModuleType("tui.cli.indexing")

    def run_index(opened, *, processes=None):
        calls.append((len(opened.corpus), processes))
        return 0

    def indexed(opened):
        calls.append((len(opened.corpus), "index only"))
        return 0

    module.run_index = run_index
    module.indexed = indexed
    module.building = lambda: None
    monkeypatch.setitem(sys.modules, "tui.cli.indexing", module)
    return calls


def test_index_builds_the_index_and_keywords_only_when_asked(capsys, fake_indexing):
    assert run(capsys, "index")[0] == 0
    assert run(capsys, "index", "--keywords")[0] == 0
    assert run(capsys, "index", "--keywords", "--processes", "3")[0] == 0
    assert fake_indexing == [(5, "index only"), (5, None), (3 + 2, 3)]


def test_index_options(capsys, fake_indexing, tmp_path):
    folder = write_corpus(tmp_path / "c", [{"id": "a", "title": "A", "text": "Teks.", "published": "2020-05-01"}])
    assert run(capsys, "--corpus", str(folder), "index")[0] == 0
    assert fake_indexing == [(1, "index only")]
    fails(capsys, "index", "--keywords", "--processes", "0", code=2)
    line = fails(capsys, "index", "--processes", "2", code=2)
    assert "--processes is for --keywords" in line
    fails(capsys, "index", "--format", "json", code=2)


def test_index_passes_on_the_exit_status(capsys, monkeypatch):
    module = types.ModuleType("tui.cli.indexing")
    module.run_index = lambda opened, *, processes=None: 1
    module.building = lambda: None
    monkeypatch.setitem(sys.modules, "tui.cli.indexing", module)
    assert run(capsys, "index", "--keywords")[0] == 1


def test_index_not_available_is_one_line(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tui.cli.indexing", None)
    line = fails(capsys, "index", code=1)
    assert line == "kabar: 'kabar index' is not available in this version"


# --- every new command -----------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["topics"], ["keyness", "1"], ["kwic", "suriah"], ["changes"]])
def test_missing_corpus_is_one_line_exit_1(capsys, tmp_path, argv):
    line = fails(capsys, *argv, "--corpus", str(tmp_path / "missing"), code=1)
    assert "no such file or folder" in line


def test_analysis_does_not_load_textual():
    import subprocess

    code = "import sys, tui.cli.main, tui.cli.analysis; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=cli.Path(__file__).parent.parent).returncode == 0


def test_as_a_module_failures_stay_one_line(tmp_path):
    """`python -m tui.cli` runs the module as __main__: its Failures must still be caught."""
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "keyness", "zzz"], cwd=cli.Path(__file__).parent.parent,
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("kabar: unknown period 'zzz'") and len(proc.stderr.splitlines()) == 1


def test_period_tokens_are_the_documented_ones():
    assert PERIOD_TOKENS == [702, 268, 942] and len(IDS) == 5


def test_a_long_bad_query_is_not_echoed_whole(capsys):
    code, out, err = run(capsys, "compare", '"' + "a" * 10_000)
    assert code == 2 and out == ""
    assert err.startswith("kabar: bad query '\"aaaa") and "…'" in err and len(err) < 200


def test_changes_phrases_come_from_the_cleaned_text(capsys, tmp_path):
    """Chrome that cleaning removes ("Baca juga: …" lines) is in every raw text and named like a
    topic, so YAKE would rank it first if it saw the raw text: no phrase of it may appear."""
    link = "Baca juga: Harimau Sumatera Terlihat di Kebun Warga Lampung"
    bodies = [
        "Pemerintah kota meresmikan jembatan gantung baru di atas Sungai Musi. Jembatan gantung itu "
        "menghubungkan dua kecamatan.",
        "Petani kopi di dataran tinggi mengeluhkan harga pupuk. Harga pupuk naik dua kali lipat sejak musim lalu.",
        "Gempa bumi mengguncang pesisir selatan. Warga pesisir mengungsi ke bukit terdekat.",
        "Festival layang-layang digelar di pantai. Ratusan layang-layang raksasa menghiasi langit pantai.",
    ]
    articles = [
        {"id": f"a{i}", "title": f"Berita {i}", "published": f"{2020 + i // 2}-03-0{i + 1}",
         "text": f"Judul berita {i}\n\n{body}\n\n{link}\n\nWarga menyambut kabar itu dengan gembira."}
        for i, body in enumerate(bodies)
    ]
    folder = write_corpus(tmp_path / "c", articles)
    raw = [(folder / f"{i:03}.txt").read_text(encoding="utf-8") for i in range(4)]
    assert all("Harimau Sumatera" in r for r in raw)
    records = ok_json(capsys, "--corpus", str(folder), "changes")
    phrases = {p for r in records for change in ("phrases", "new", "vanished", "persistent") for p in r[change]}
    assert phrases  # the bodies give phrases ...
    assert not {p for p in phrases if set(p.split()) & {"harimau", "sumatera", "kebun", "lampung", "baca"}}


def test_the_index_build_shows_its_progress():
    """`kabar index` draws a bar for the building of the index, from its first segment to its last."""
    import io

    from tui.cli.indexing import building

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    update = building(out)
    for done in (0, 4, 10):
        update(done, 10)
    text = out.getvalue()
    assert text.startswith("kabar: reading and indexing 10 texts\n")
    assert "[############################] 10/10 100%" in text
    assert text.endswith("\nkabar: merging the segments and writing the index …\n")
