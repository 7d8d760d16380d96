"""Hostile files: named pipes and links to them never hang a load, names that are not UTF-8,
records holding line separators (issue 11).

Each load runs in a daemon thread with a generous bound, so that a regression fails the test
instead of hanging the suite; the bound is a guard against a hang, not a measure of speed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import polars as pl
import pytest

from corpus.ingest.load import CorpusError, load_corpus

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")

NEWS = Path(__file__).parent / "corpora" / "news"
HANG = 60  # seconds: far beyond any load of these few files


def load_in_thread(path: Path):
    """load_corpus(path): the corpus, or the exception it raised."""
    out: list = []

    def run() -> None:
        try:
            out.append(load_corpus(path))
        except Exception as exc:  # noqa: BLE001 -- handed to the test
            out.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG)
    assert out, f"loading {path} hung"
    return out[0]


@pytest.mark.parametrize("name", ["news.csv", "news.parquet", "news.txt"])
def test_a_named_pipe_given_as_the_corpus_is_refused(tmp_path, name):
    pipe = tmp_path / name
    os.mkfifo(pipe)
    result = load_in_thread(pipe)
    assert isinstance(result, CorpusError)
    assert "named pipe" in str(result) and "\n" not in str(result)


def test_a_link_to_a_named_pipe_given_as_the_corpus_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "news.csv").symlink_to(tmp_path / "pipe")
    result = load_in_thread(tmp_path / "news.csv")
    assert isinstance(result, CorpusError) and "named pipe" in str(result)


def test_pipes_inside_a_folder_are_skipped_or_reported_and_the_rest_loads(tmp_path):
    folder = tmp_path / "news"
    shutil.copytree(NEWS, folder)
    os.mkfifo(folder / "2016" / "pipe.txt")  # skipped: only files are articles
    os.mkfifo(tmp_path / "elsewhere")
    (folder / "2018" / "link.txt").symlink_to(tmp_path / "elsewhere")  # a link is reported
    corpus = load_in_thread(folder)
    assert not isinstance(corpus, Exception), corpus
    assert len(corpus) == len(load_corpus(NEWS))
    assert corpus.problems == ("2018/link.txt: cannot read it (not a regular file (a named pipe))",)


def test_file_names_that_are_not_utf8_are_shown_escaped_and_their_articles_load(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), b"news")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as f:
        f.write(b"Judul Berita Di Sini\n\nJakarta - Presiden berbicara tentang ekonomi di depan wartawan.")
    with open(os.path.join(folder, b"bad\xff.txt"), "wb") as f:
        f.write(b"\xff\xfe\x00")  # a UTF-16 mark and half a character
    root = Path(__file__).resolve().parents[1]
    errors = []
    for argv in ([b"articles", b"--corpus", folder], [b"articles", b"--corpus", os.path.join(folder, b"caf\xe9.txt")]):
        done = subprocess.run([sys.executable, "-m", "tui", *argv], cwd=root, capture_output=True, timeout=HANG)
        out, err = done.stdout.decode(), done.stderr.decode()
        assert done.returncode == 0, err
        assert "caf\\xe9" in out and "Judul Berita Di Sini" in out
        assert "Traceback" not in err and "surrogates" not in err
        errors.append(err)
    assert "bad\\xff.txt: starts with a utf-16-le byte-order mark" in errors[0]


def test_a_json_line_holding_a_unicode_line_separator_is_one_record(tmp_path):
    records = [{"id": f"a{i}", "text": f"Berita nomor {i} tentang ekonomi Jakarta hari ini."} for i in range(5)]
    records[2]["text"] = "Paragraf satu\u2028paragraf dua tentang Jakarta\u0085dan ekonomi."
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(3, "{not json")  # one bad line sends the file to the line-by-line reader
    table = tmp_path / "news.jsonl"
    table.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    corpus = load_in_thread(table)
    assert corpus.articles.sort("id")["id"].to_list() == ["a0", "a1", "a2", "a3", "a4"]
    assert corpus.problems == ("news.jsonl: 1 line is not a JSON record, skipped (line 4)",)
    text = corpus.articles_with_texts().filter(pl.col("id") == "a2")["text"].item()
    assert "Paragraf satu" in text and "dan ekonomi" in text


@pytest.mark.parametrize(("name", "separator", "said"), [("news.tsv", ";", "semicolons"), ("news.tsv", ",", "commas")])
def test_a_tsv_file_separated_otherwise_is_read_with_a_warning(tmp_path, name, separator, said):
    table = tmp_path / name
    rows = [["id", "title", "text"], ["1", "Judul satu", "Isi berita\tdengan tab"], ["2", "Judul dua", "Isi lain"]]
    table.write_text("\n".join(separator.join(f'"{cell}"' for cell in row) for row in rows) + "\n", encoding="utf-8")
    corpus = load_in_thread(table)
    assert corpus.articles.sort("id")["title"].to_list() == ["Judul satu", "Judul dua"]
    assert corpus.problems == (f"{name}: its header is separated by {said}, not tabs: read as such",)


@pytest.mark.parametrize(("name", "content", "said"), [
    ("news.csv", 'id,title,text\n1,Satu,Isi berita\n2,Dua,"Isi yang tidak ditutup\n3,Tiga,Isi\n',
     "cannot read it as CSV separated by commas: a quote opened on line 3 is never closed"),
    ("news.tsv", 'id\ttitle\ttext\n1\tSatu\t"Isi yang tidak ditutup\n2\tDua\tIsi\n',
     "cannot read it as TSV: a quote opened on line 2 is never closed"),
])
def test_an_unclosed_quote_is_named_with_its_line(tmp_path, name, content, said):
    table = tmp_path / name
    table.write_text(content, encoding="utf-8")
    result = load_in_thread(table)
    assert isinstance(result, CorpusError)
    assert str(result) == f"{table}: {said}"
