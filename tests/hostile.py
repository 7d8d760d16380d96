"""A hostile corpus for tests: text, titles and file names that try to break the screen.

Escape sequences, C0 and C1 controls, NUL, Rich/Textual markup (capitalised tags too),
right-to-left and combining text, zero-width characters, a very long line, many tiny files
and empty ones. Every article still has real words, so that it is counted and compared.
"""

from __future__ import annotations

from pathlib import Path

BODY = "Presiden Jokowi bertemu menteri di Jakarta untuk membahas ekonomi dan perdagangan. "

ARTICLES = {
    "escape.txt": "Judul \x1b[31mMerah\x1b[0m dan \x1b]0;judul jendela\x07\n\n" + BODY + "\x1b[2J\x1b[H" + BODY,
    "markup.txt": "[bold red]Judul[/] [Reuters] [link=http://x]klik[/link] [@click=app.quit]keluar[/]\n\n"
                  + BODY + "[Mereka] berkata [/] dan [b]tebal[/b]. " + BODY,
    "controls.txt": "Judul\x00dengan\x01kontrol\x7f\x85\x9b\n\n" + BODY + "\x08\x0b\x0c" + BODY,
    "rtl.txt": "عنوان الخبر \u202eterbalik\u202c\n\n" + BODY + "مرحبا بالعالم " + BODY,
    "combining.txt": "Cafe\u0301 Z\u0335\u0321a\u0336l\u0337g\u0338o\n\n" + BODY + "e\u0301" * 50 + " " + BODY,
    "zero-width.txt": "Ju\u200bdul\u200d \ufeffTersem\u2060bunyi\ufe0f\n\n" + BODY + "👍🏽‍ " + BODY,
    "long-line.txt": "Satu Baris Panjang\n\n" + BODY * 2000,
    "empty.txt": "",
    "whitespace.txt": " \n\t\n  ",
    "[link]nama[bold] \x1b[7m.txt": "Nama Berkas Aneh\n\n" + BODY,
}


def write_hostile_corpus(folder: Path, tiny_files: int = 50) -> Path:
    """The hostile corpus in `folder` (made), with `tiny_files` one-sentence articles too."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    tiny = folder / "tiny"
    tiny.mkdir(exist_ok=True)
    for n in range(tiny_files):
        day = ("14/11/2016", "20/03/2018", "08/11/2024")[n % 3]  # three periods
        (tiny / f"{n:05}.txt").write_text(f"Berita Kecil Nomor {n}\n\nJakarta, {day} - Berita kecil {n}. {BODY}",
                                          encoding="utf-8")
    return folder
