"""Bad inputs for the matrix in tests/test_bad_input.py (issue 11): each case builds a corpus
in a fresh folder and says what `kabar articles` must do with it.

A case is a builder (folder -> the corpus path and extra arguments), the exit code, fragments
the one-line message on stderr must hold, and how many articles must load. Most corpora are
three good articles (or rows) beside the bad one, so that "the rest loads" is a count.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from tests.hostile import ARTICLES, write_hostile_corpus

BODY = "Presiden berbicara tentang ekonomi dan perdagangan di depan wartawan di Jakarta. "
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + bytes(range(256)) * 4


@dataclass(frozen=True)
class Built:
    corpus: Path
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path], Built]
    code: int = 0
    said: tuple[str, ...] = ()  # fragments of stderr (each on one line with the others)
    count: int | None = None  # articles listed (exit 0)


def good_folder(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"good{i}.txt").write_text(f"Berita Baik Nomor {i}\n\nJakarta, 3/3/2020 - {BODY}", encoding="utf-8")
    return folder


def folder_with(name: str, data: bytes | str) -> Callable[[Path], Built]:
    """Three good articles and `name` holding `data`."""
    def build(root: Path) -> Built:
        folder = good_folder(root / "news")
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return Built(folder)
    return build


def article(text: str = "Judul Berita Aneh") -> str:
    return f"{text}\n\nJakarta - {BODY}"


GOOD_ROWS = [(f"g{i}", f"Judul Baik {i}", BODY + f"Nomor {i}.", "2020-03-03") for i in range(3)]


def csv_text(rows, header=("id", "title", "text", "date"), sep=",") -> str:
    def cell(v):
        v = str(v)
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in f'{sep}"\n') else v
    return "\n".join(sep.join(cell(v) for v in row) for row in [header, *rows]) + "\n"


def table(name: str, content: bytes | str, *args: str) -> Callable[[Path], Built]:
    def build(root: Path) -> Built:
        path = root / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return Built(path, args)
    return build


def parquet(frame_of: Callable[[], pl.DataFrame], *args: str, cut: int | None = None) -> Callable[[Path], Built]:
    def build(root: Path) -> Built:
        path = root / "news.parquet"
        frame_of().write_parquet(path)
        if cut is not None:
            data = path.read_bytes()
            path.write_bytes(data[: len(data) * cut // 100])
        return Built(path, args)
    return build


def good_frame(**extra) -> pl.DataFrame:
    return pl.DataFrame({"id": [r[0] for r in GOOD_ROWS], "title": [r[1] for r in GOOD_ROWS],
                         "text": [r[2] for r in GOOD_ROWS], **extra})


MD_ARTICLE = folder_with("x.md", article())  # with_file's default corpus: one Markdown article


def with_file(name: str, content: str | bytes, then: Callable[[Path], Built] = MD_ARTICLE) -> Callable[[Path], Built]:
    """`then`'s corpus (a folder) with `name` beside its articles."""
    def build(root: Path) -> Built:
        built = then(root)
        path = built.corpus / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return built
    return build


def with_args(build: Callable[[Path], Built], *args: str, **env: str) -> Callable[[Path], Built]:
    def wrapped(root: Path) -> Built:
        built = build(root)
        return Built(built.corpus, built.args + args, {**built.env, **env})
    return wrapped


def hostile(root: Path) -> Built:
    return Built(write_hostile_corpus(root / "hostile", tiny_files=30))


def symlink_loops(root: Path) -> Built:
    folder = good_folder(root / "news")
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a folder linking to itself
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")  # two links to each other
    return Built(folder)


def odd_names(root: Path) -> Built:
    folder = good_folder(root / "news")
    for name in ("with spaces.txt", "new\nline.txt", "-rf --corpus.txt", "x" * 250 + ".txt", "tab\there.md"):
        (folder / name).write_text(article(), encoding="utf-8")
    return Built(folder)


def non_utf8_name(root: Path) -> Built:
    folder = good_folder(root / "news")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as f:
        f.write(article().encode())
    return Built(folder)


def named_pipe_inside(root: Path) -> Built:
    folder = good_folder(root / "news")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(root / "elsewhere")
    (folder / "link.txt").symlink_to(root / "elsewhere")
    return Built(folder)


def named_pipe_corpus(root: Path) -> Built:
    os.mkfifo(root / "news.csv")
    return Built(root / "news.csv")


def unreadable_folder(root: Path) -> Built:
    folder = good_folder(root / "news")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "secret.txt").write_text(article(), encoding="utf-8")
    locked.chmod(0)
    return Built(folder)


def unreadable_file(root: Path) -> Built:
    folder = good_folder(root / "news")
    (folder / "secret.txt").write_text(article(), encoding="utf-8")
    (folder / "secret.txt").chmod(0)
    return Built(folder)


def cache_is_a_file(root: Path) -> Built:
    (root / "cache-file").write_text("not a folder")
    return Built(good_folder(root / "news"), env={"KABAR_CACHE_DIR": str(root / "cache-file")})


def cache_below_a_file(root: Path) -> Built:
    (root / "cache-file").write_text("not a folder")
    return Built(good_folder(root / "news"), env={"KABAR_CACHE_DIR": str(root / "cache-file" / "kabar")})


def manifest(text: str) -> Callable[[Path], Built]:
    return with_file("manifest.toml", text, folder_with("x.txt", article()))


def periods(text: str | bytes) -> Callable[[Path], Built]:
    return with_file("periods.toml", text, folder_with("x.txt", article()))


def periods_file_arg(text: str) -> Callable[[Path], Built]:
    def build(root: Path) -> Built:
        built = folder_with("x.txt", article())(root)
        (root / "p.toml").write_text(text, encoding="utf-8")
        return Built(built.corpus, ("--periods", str(root / "p.toml")))
    return build


def periods_arg_pipe(root: Path) -> Built:
    built = folder_with("x.txt", article())(root)
    os.mkfifo(root / "p.toml")
    return Built(built.corpus, ("--periods", str(root / "p.toml")))


def periods_arg_folder(root: Path) -> Built:
    built = folder_with("x.txt", article())(root)
    (root / "p.toml").mkdir()
    return Built(built.corpus, ("--periods", str(root / "p.toml")))


def jsonl(lines: list[str]) -> str:
    good = [json.dumps({"id": r[0], "title": r[1], "text": r[2]}) for r in GOOD_ROWS]
    return "\n".join(good + lines) + "\n"


def dated(dates: list[str]) -> Callable[[Path], Built]:
    rows = [(f"d{i}", f"Judul {i}", BODY, d) for i, d in enumerate(dates)]
    return table("news.csv", csv_text(rows))


def many_periods(n: int) -> str:
    days = [date(2000, 1, 1) + timedelta(days=i) for i in range(n)]
    return "".join(f'[[periods]]\nlabel = "P{i}"\nstart = {d}\nend = {d}\n' for i, d in enumerate(days))


TEXT = BODY * 3
CASES = [
    # --- encodings -------------------------------------------------------------------------
    Case("utf8-one-invalid-byte", folder_with("x.txt", article("Café Baru").encode() + b" \xff " + "Café".encode()), count=4),
    Case("utf8-mixed-with-cp1252", folder_with("x.txt", article("Café Baru").encode() + " Café déjà".encode("cp1252")), count=4),
    Case("utf8-invalid-only", folder_with("x.txt", b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc " * 50), count=4),  # read as a legacy encoding
    Case("utf16-le-bom", folder_with("x.txt", article().encode("utf-16")), count=4),
    Case("utf16-be-bom", folder_with("x.txt", b"\xfe\xff" + article().encode("utf-16-be")), count=4),
    Case("utf16-le-no-bom", folder_with("x.txt", article().encode("utf-16-le")), count=4),
    Case("utf16-be-no-bom", folder_with("x.txt", article().encode("utf-16-be")), count=4),
    Case("gbk", folder_with("x.txt", ("新闻标题\n\n北京 - 总统今天在记者面前谈论经济和贸易问题。" * 5).encode("gbk")), count=4),
    Case("shift-jis", folder_with("x.txt", ("ニュースの見出し\n\n東京 - 大統領は今日記者の前で経済と貿易について話した。" * 5).encode("shift_jis")), count=4),
    Case("big5", folder_with("x.txt", ("新聞標題\n\n台北 - 總統今天在記者面前談論經濟和貿易問題。" * 5).encode("big5")), count=4),
    Case("cp1252", folder_with("x.txt", article("Café “Baru” – déjà").encode("cp1252")), count=4),
    # --- empty and not text ------------------------------------------------------------------
    Case("empty-file", folder_with("x.txt", b""), said=("x.txt",), count=3),
    Case("whitespace-only-file", folder_with("x.txt", " \n\t\r\n  \u3000\n"), said=("x.txt",), count=3),
    Case("binary-png-as-txt", folder_with("x.txt", PNG), said=("x.txt",), count=3),
    Case("nul-bytes", folder_with("x.txt", b"\x00" * 4096), said=("x.txt", "binary"), count=3),
    Case("nul-inside-text", folder_with("x.txt", article("Judul\x00Nul") + "\x00\x00" + BODY), said=("x.txt", "binary"), count=3),
    # --- hostile text --------------------------------------------------------------------------
    Case("hostile-corpus", hostile, said=("whitespace.txt", "empty file"), count=len(ARTICLES) - 2 + 30),
    Case("escape-title", folder_with("x.txt", article("\x1b[31mMerah\x1b[0m \x1b]0;jendela\x07 \x9b2J")), count=4),
    Case("c0-c1-controls", folder_with("x.txt", article("".join(map(chr, range(1, 32))) + "".join(map(chr, range(0x80, 0xA0))) + "Judul")), count=4),
    Case("markup-title", folder_with("x.txt", article("[bold red]Judul[/] [@click=app.quit]x[/]")), count=4),
    Case("rtl-combining-zero-width", folder_with("x.txt", article("\u202eعنوان\u202c Cafe\u0301 Ju\u200bdul\ufeff")), count=4),
    Case("escape-in-file-name", folder_with("\x1b[2J\x1b]0;x\x07 [bold]n[/].txt", article()), count=4),
    # --- sizes ---------------------------------------------------------------------------------
    Case("one-mb-line", folder_with("x.txt", "Satu Baris\n\n" + "kata " * 210_000), count=4),
    # --- tables --------------------------------------------------------------------------------
    Case("csv-ragged", table("news.csv", csv_text(GOOD_ROWS) + "r1,Judul,Teks\nr2,Judul,Teks,2020-01-01,lebih,lagi\n"),
         said=("news.csv", "more fields than the header in line 6"), count=5),
    Case("csv-unclosed-quote", table("news.csv", csv_text(GOOD_ROWS) + 'r1,Judul,"tidak ditutup,2020\n'), code=1, said=("news.csv", "line 5")),
    Case("csv-semicolons", table("news.csv", csv_text(GOOD_ROWS, sep=";")), count=3),
    Case("tsv-commas", table("news.tsv", csv_text(GOOD_ROWS)), said=("news.tsv", "commas"), count=3),
    Case("csv-header-only", table("news.csv", "id,title,text\n"), code=1, said=("news.csv",)),
    Case("csv-empty", table("news.csv", ""), code=1, said=("news.csv",)),
    Case("csv-binary", table("news.csv", PNG), code=1, said=("news.csv",)),
    Case("csv-no-text-column", table("news.csv", "a,b\n1,2\n"), code=1, said=("news.csv",)),
    Case("csv-utf16", table("news.csv", csv_text(GOOD_ROWS).encode("utf-16")), count=3),
    Case("csv-cp1252", table("news.csv", csv_text(GOOD_ROWS + [("c", "Café", "déjà vu " + BODY, "2020-01-01")]).encode("cp1252")), count=4),
    Case("csv-duplicate-ids", table("news.csv", csv_text(GOOD_ROWS + GOOD_ROWS)), said=("repeated", "'g0' in news.csv row 4"), count=6),
    Case("csv-duplicate-columns", table("news.csv", "id,text,text\n1,satu " + BODY + ",dua\n2,tiga " + BODY + ",empat\n"), count=2),
    Case("csv-text-column-arg-missing", with_args(table("news.csv", csv_text(GOOD_ROWS)), "--text-col", "nope"), code=1, said=("nope",)),
    Case("jsonl-broken-lines", table("news.jsonl", jsonl(["{not json", "[1, 2]", "42", '"teks"', "null", '{"id": "x"}'])), said=("news.jsonl",), count=3),
    Case("jsonl-u2028", table("news.jsonl", jsonl([json.dumps({"id": "u", "text": "Satu\u2028dua " + BODY}, ensure_ascii=False)])), count=4),
    Case("jsonl-all-broken", table("news.jsonl", "{\n}\n[\n"), code=1, said=("news.jsonl",)),
    Case("jsonl-nested-text", table("news.jsonl", jsonl([json.dumps({"id": "n", "text": {"a": 1}}), json.dumps({"id": "m", "text": [1, 2]})])), count=5),
    Case("parquet-truncated", parquet(good_frame, cut=60), code=1, said=("news.parquet",)),
    Case("parquet-int-text", parquet(lambda: pl.DataFrame({"id": [1, 2], "text": [10, 20]})), count=2),
    Case("parquet-list-column", parquet(lambda: good_frame(tags=[["a"], ["b", "c"], []]))),
    Case("parquet-list-text", parquet(lambda: pl.DataFrame({"id": ["a", "b"], "text": [["satu", "dua"], ["tiga"]]})), code=1, said=("news.parquet",)),
    Case("parquet-struct-title", parquet(lambda: good_frame(title=[{"a": 1}, {"a": 2}, {"a": 3}])), said=("news.parquet", "title"), count=3),
    Case("parquet-binary-text", parquet(lambda: pl.DataFrame({"id": ["a", "b"], "text": [b"\x00\x01", BODY.encode()]})), count=2),  # bytes read as text
    Case("parquet-int-ids-duplicate", parquet(lambda: good_frame(id=[1, 1, 1])), said=("repeated", "news.parquet row 2"), count=3),
    # --- dates ---------------------------------------------------------------------------------
    Case("dates-impossible", dated(["31/02/2020", "2020-02-30", "2020-13-01", "2020-03-03"]), count=4),
    Case("dates-future", dated(["2099-01-01", "2020-03-03", "2020-03-04"]), count=3),
    Case("dates-two-digit", dated(["03/03/20", "4/3/19", "20-03-05"]), count=3),
    Case("dates-foreign", dated(["3 Maret 2020", "March 4, 2020", "2020年3月5日", "5 mars 2020"]), count=4),
    # --- manifests -----------------------------------------------------------------------------
    Case("manifest-bad-toml", manifest("[[articles]\nfile = "), code=1, said=("manifest.toml",)),
    Case("manifest-articles-not-list", manifest('articles = "x"\n'), code=1, said=("manifest.toml", "articles")),
    Case("manifest-wrong-types", manifest('[[articles]]\nfile = "x.txt"\ntitle = [1, 2]\ndate = 5\nsource = {a = 1}\n'), count=4),
    Case("manifest-unknown-file", manifest('[[articles]]\nfile = "hilang.txt"\ntitle = "T"\n'), said=("hilang.txt",), count=4),
    Case("manifest-impossible-date", manifest('[[articles]]\nfile = "x.txt"\ndate = "31/02/2020"\n'), said=("manifest.toml: date '31/02/2020' of x.txt not understood",),
         count=4),
    Case("manifest-entry-without-file", manifest('[[articles]]\ntitle = "T"\n'), said=("entry 1",), count=4),
    Case("manifest-not-utf8", manifest("[[articles]]\nfile = \"x.txt\"\ntitle = \"caf\xe9\"\n".encode("latin-1").decode("latin-1")), count=4),
    Case("manifest-csv-ragged", with_file("manifest.csv", "file,title\nx.txt,T,lebih\n", folder_with("x.txt", article())), count=4),
    # --- periods -------------------------------------------------------------------------------
    Case("periods-not-toml", periods("ini bukan toml ["), code=1, said=("periods.toml",)),
    Case("periods-not-utf8", periods(b"\xff\xfe[[periods]]"), code=1, said=("periods.toml",)),
    Case("periods-end-before-start", periods('[[periods]]\nlabel = "A"\nstart = 2020-03-31\nend = 2020-03-01\n'), code=1, said=("periods.toml", "A")),
    Case("periods-overlap", periods('[[periods]]\nlabel = "A"\nstart = 2020-01-01\nend = 2020-03-31\n[[periods]]\nlabel = "B"\nstart = 2020-03-01\nend = 2020-04-30\n'), code=1, said=("periods.toml",)),
    Case("periods-bad-date", periods('[[periods]]\nlabel = "A"\nstart = "31/02/2020"\nend = 2020-03-01\n'), code=1, said=("periods.toml", "31/02/2020")),
    Case("periods-wrong-types", periods('periods = "x"\n'), code=1, said=("periods.toml",)),
    Case("periods-missing-keys", periods('[[periods]]\nlabel = "A"\n'), code=1, said=("periods.toml",)),
    Case("periods-empty", periods(""), code=1, said=("periods.toml",)),
    Case("periods-too-many", periods(many_periods(501)), code=1, said=("periods.toml", "500")),
    Case("periods-arg-file-not-toml", periods_file_arg("[["), code=1, said=("p.toml",)),
    Case("periods-arg-named-pipe", periods_arg_pipe, code=1, said=("p.toml", "named pipe")),
    Case("periods-arg-folder", periods_arg_folder, code=1, said=("p.toml", "a folder")),
    Case("periods-arg-missing-file", with_args(folder_with("x.txt", article()), "--periods", "/nonexistent/p.toml"), code=1, said=("p.toml",)),
    Case("periods-arg-huge-number", with_args(folder_with("x.txt", article()), "--periods", "1000000000"), code=2, said=("--periods", "500")),
    Case("periods-arg-zero", with_args(folder_with("x.txt", article()), "--periods", "0"), code=2, said=("--periods",)),
    Case("periods-arg-empty", with_args(folder_with("x.txt", article()), "--periods", ""), code=2, said=("--periods",)),
    # --- arguments -----------------------------------------------------------------------------
    Case("corpus-missing", lambda root: Built(root / "nope"), code=1, said=("nope",)),
    Case("corpus-empty-folder", lambda root: Built((root / "e").mkdir() or root / "e"), code=1, said=("no .txt",)),
    Case("corpus-unknown-suffix", table("news.docx", b"PK\x03\x04"), code=1, said=("news.docx",)),
    Case("format-unknown", with_args(folder_with("x.txt", article()), "--format", "xml"), code=2, said=("--format",)),
    # --- file system ---------------------------------------------------------------------------
    Case("symlink-loops", symlink_loops, said=("a.txt", "symbolic links"), count=3),
    Case("odd-file-names", odd_names, count=8),
    Case("non-utf8-file-name", non_utf8_name, count=4),
    Case("named-pipe-inside", named_pipe_inside, said=("link.txt", "named pipe"), count=3),
    Case("named-pipe-corpus", named_pipe_corpus, code=1, said=("news.csv", "named pipe")),
    Case("unreadable-folder", unreadable_folder, said=("locked",), count=3),
    Case("unreadable-file", unreadable_file, said=("secret.txt",), count=3),
    # --- caches --------------------------------------------------------------------------------
    Case("cache-dir-is-a-file", cache_is_a_file, said=("cache",), count=3),
    Case("cache-dir-below-a-file", cache_below_a_file, said=("cache",), count=3),
]
