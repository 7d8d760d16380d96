"""corpus.analysis.export: tables to CSV / Markdown / Parquet files and to clipboard text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

import corpus.disk.atomic
from corpus.analysis.export import ExportError, table_text, with_format, write_table


@pytest.fixture
def frame() -> pl.DataFrame:
    return pl.DataFrame({
        "term": ["suriah", "a|b", "[bold]x[/bold]\x1b[31m", "dua\nbaris\tdan tab"],
        "target_count": [5, 3, 3, 4],
        "g2": [5.5312, 2.0, 1.25, None],
        "caution": [False, True, True, True],
        "published": [date(2016, 11, 15), None, date(2018, 3, 21), date(2025, 2, 13)],
    })


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_round_trip_keeps_rows(frame, tmp_path, fmt):
    plain = frame.filter(pl.col("term").is_in(["suriah", "a|b"]))
    path = write_table(plain, tmp_path / f"t.{fmt}", fmt)
    assert path == tmp_path / f"t.{fmt}"
    back = pl.read_csv(path, try_parse_dates=True) if fmt == "csv" else pl.read_parquet(path)
    assert back.equals(plain)


def test_parquet_keeps_every_character(frame, tmp_path):
    path = write_table(frame, tmp_path / "t.parquet", "parquet")
    assert pl.read_parquet(path).equals(frame)


def test_csv_makes_control_characters_visible_but_keeps_the_rows(frame, tmp_path):
    path = write_table(frame, tmp_path / "t.csv", "csv")
    back = pl.read_csv(path)
    assert back.height == frame.height
    assert back["term"][2] == "[bold]x[/bold]␛[31m"
    assert back["term"][3] == "dua\nbaris\tdan tab"  # quoted: line breaks and tabs survive
    assert "\x1b" not in path.read_text()


def test_markdown_escapes_pipes_and_keeps_one_row_a_line(frame, tmp_path):
    path = write_table(frame, tmp_path / "t.md", "md")
    lines = path.read_text().splitlines()
    assert lines[0] == "| term | target_count | g2 | caution | published |"
    assert lines[1] == "| --- | ---: | ---: | --- | --- |"
    assert len(lines) == 2 + frame.height
    assert lines[3].startswith("| a\\|b | 3 |")
    assert "[bold]x[/bold]␛[31m" in lines[4]
    assert "| dua baris dan tab |" in lines[5]
    assert all(line.count("|") - line.count("\\|") == 6 for line in lines)


def test_table_text_tsv_for_the_clipboard(frame):
    text = table_text(frame)
    lines = text.splitlines()
    assert lines[0] == "term\ttarget_count\tg2\tcaution\tpublished"
    assert lines[1] == "suriah\t5\t5.5312\tfalse\t2016-11-15"
    assert lines[2] == "a|b\t3\t2.0\ttrue\t"
    assert lines[4].split("\t")[0] == "dua baris dan tab"  # one row, one line
    assert "\x1b" not in text and len(lines) == 1 + frame.height


def test_table_text_markdown(frame):
    assert table_text(frame, "md").splitlines()[3].startswith("| a\\|b |")
    with pytest.raises(ValueError):
        table_text(frame, "csv")  # type: ignore[arg-type]


def test_nested_columns_are_written_as_text(tmp_path):
    nested = pl.DataFrame({"term": ["a"], "docs": [[1, 2]]})
    assert "[1, 2]" in table_text(nested)
    assert pl.read_csv(write_table(nested, tmp_path / "n.csv", "csv"))["docs"][0] == "[1, 2]"
    assert pl.read_parquet(write_table(nested, tmp_path / "n.parquet", "parquet"))["docs"].to_list() == [[1, 2]]


def test_with_format_swaps_known_suffixes():
    assert with_format(Path("kabar-x.csv"), "md") == Path("kabar-x.md")
    assert with_format(Path("out/kabar.MD"), "parquet") == Path("out/kabar.parquet")
    assert with_format(Path("notes"), "csv") == Path("notes.csv")
    assert with_format(Path("v1.2"), "csv") == Path("v1.2.csv")


def test_missing_folder_and_not_a_folder(frame, tmp_path):
    with pytest.raises(ExportError, match="No such folder"):
        write_table(frame, tmp_path / "nope" / "t.csv", "csv")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="Not a folder"):
        write_table(frame, tmp_path / "file" / "t.csv", "csv")
    with pytest.raises(ExportError, match="is a folder"):
        write_table(frame, tmp_path, "csv")
    with pytest.raises(ValueError):
        write_table(frame, tmp_path / "t.xlsx", "xlsx")  # type: ignore[arg-type]


def test_permission_denied_is_a_short_message(frame, tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(corpus.disk.atomic.tempfile, "mkstemp", denied)
    with pytest.raises(ExportError) as caught:
        write_table(frame, tmp_path / "t.csv", "csv")
    assert str(caught.value) == f"Permission denied: cannot write in {tmp_path}"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(frame, tmp_path, monkeypatch):
    target = tmp_path / "t.parquet"
    target.write_text("old")

    def broken(self, out, *args, **kwargs):
        out.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", broken)
    with pytest.raises(ExportError, match="No space left"):
        write_table(frame, target, "parquet")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_replacing_a_file_keeps_its_permissions(frame, tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_table(frame, target, "csv")
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = write_table(frame, tmp_path / "new.csv", "csv")
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_relative_and_home_paths(frame, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert write_table(frame, Path("./rel.csv"), "csv") == tmp_path / "rel.csv"
    assert write_table(frame, Path("~/home.md"), "md") == tmp_path / "home.md"


def test_markdown_numbers_read_as_people_read_them():
    frame = pl.DataFrame({"per_10k": [5 * 10_000 / 270, 0.0], "score": [0.00332145, 12.0]})
    lines = table_text(frame, "md").splitlines()
    assert lines[2] == "| 185.19 | 0.003321 |"  # 185.185185…: two decimals; a small score keeps its digits
    assert lines[3] == "| 0.0 | 12.0 |"
    assert "185.185185" in table_text(frame, "tsv")  # the spreadsheet copy keeps the value
