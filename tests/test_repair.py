"""Text repair (corpus.ingest.repair): mojibake undone, NFC, invisible characters gone; the column form
gives the same texts; the repaired text is what is cleaned, read and counted, the raw is kept."""

from __future__ import annotations

import random
import unicodedata

import ftfy.bad_codecs  # noqa: F401 -- registers sloppy-windows-1252
import polars as pl
import pytest

import corpus.ingest.metadata
from corpus.index.tokens import token_stream, tokenize
from corpus.ingest import repair as repair_module
from corpus.ingest.load import load_corpus
from corpus.ingest.metadata import infer, infer_batch
from corpus.ingest.repair import repair, repair_column

QUOTED = "“KPK harus kuat,” kata dia. ‘Ya’ – selesai…"


def mojibake(text: str, encoding: str) -> str:
    """`text` as it reads when its UTF-8 bytes are taken for `encoding`."""
    return text.encode("utf-8").decode(encoding)


@pytest.mark.parametrize("encoding", ["mac_roman", "sloppy-windows-1252", "latin-1"])
def test_mojibake_is_undone(encoding):
    broken = mojibake(QUOTED, encoding)
    assert broken != QUOTED  # "‚ÄúKPK" in Mac Roman, "â€œKPK" in Windows-1252
    assert repair(broken) == QUOTED


def test_a_word_glued_to_garbled_quotes_is_a_word_again():
    assert tokenize(repair("Dia berkata ‚ÄúKPK harus kuat‚Äù.")) == ["dia", "berkata", "kpk", "harus", "kuat"]


def test_mojibake_beside_real_accents_is_read_whole():
    # one run ("‚Äú") is mojibake, another ("é") is not: read whole, ftfy changes nothing (the
    # whole cannot be re-encoded), the runs it judges alone are mended
    text = "Kafé itu ramai. " + mojibake("“Ayo,” katanya.", "mac_roman")
    assert repair(text) == "Kafé itu ramai. “Ayo,” katanya."


def test_the_mojibake_of_invisible_characters_goes_too():
    assert repair("A‚Äéhmad dan ‚Äãyang lain") == "Ahmad dan yang lain"


@pytest.mark.parametrize("text", [
    QUOTED, "Café, naïve, 25°C, ©AFP, Rp 5.000, 1½ jam, «kutipan», Zażółć gęślą", "Tom &amp; Jerry",
    "Rusia–AS — dialog", "Γειά σου κόσμε", "Привет, мир", "مرحبا بالعالم", "日本語のテキスト", "ok 🙂 👍",
])
def test_real_text_is_left_alone(text):
    assert repair(text) == text  # curly quotes stay curly, entities stay, other scripts stay


def test_nfc_makes_a_decomposed_letter_one():
    assert repair("Cafe\u0301 di Jakarta") == "Café di Jakarta"


def test_zero_width_characters_and_variation_selectors_are_removed():
    text = "ka\u200bta \u2764\ufe0f cinta\u200d \ufeffawal\u2060 x\U000e0100y \u200ebaru"
    assert repair(text) == "kata \u2764 cinta awal xy baru"


def test_zero_width_and_variation_selectors_are_not_tokens_in_either_tokenizer():
    text = "Aku \u2764\ufe0f kamu\ufe0f ka\u200dta \ufe0f \u200b x\U000e0100y \u200c"
    python = tokenize(text)
    assert python == ["aku", "kamu", "ka", "ta", "x", "y"]
    assert token_stream(pl.Series([text]))["term"].to_list() == python


def test_a_typed_cafe_finds_a_decomposed_one(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    body = "Kami minum kopi di Cafe\u0301 Batavia pada Senin (14/11/2016). Cafe\u0301 itu ramai sekali.\n"
    (folder / "satu.txt").write_text("Kopi Di Kota Tua\n\n" + body, encoding="utf-8")
    (folder / "dua.txt").write_text("Hujan Di Jakarta\n\nHujan turun di Jakarta pada Selasa (15/11/2016).\n",
                                    encoding="utf-8")
    corpus = load_corpus(folder)
    (satu,) = [row for row in corpus.articles_with_texts().iter_rows(named=True) if row["title"] == "Kopi Di Kota Tua"]
    assert "Café Batavia" in satu["text"]
    assert "Cafe\u0301" in satu["raw"]  # the original stays as received
    assert tokenize("café") == ["café"]
    assert tokenize(satu["text"]).count("café") == 2


def test_the_column_form_repairs_as_repair_does():
    rng = random.Random(5)
    pieces = ["kata", " ", ",", "“", "”", "é", "e\u0301", "\u200b", "\ufe0f", "🙂", "Ä", "‚Äú", "‚Äù", "â€œ", "â€\x9d",
              "‚Äé", "√¢", "ŸÖŸéÿß", "مَا", "\u00a0", "Ã©", "Zażółć", "\n"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30))) for _ in range(2000)]
    texts += ([mojibake(t, "mac_roman") for t in texts[:300]]
              + [mojibake(t, "sloppy-windows-1252") for t in texts[300:600]])
    series = pl.Series(texts + [None], dtype=pl.String)
    assert repair_column(series).to_list() == [repair(t) for t in texts] + [None]
    assert series.to_list() == texts + [None]  # the input is not touched


def test_texts_without_odd_characters_are_stable_under_nfc():
    # repair normalizes only texts with a character outside _PLAIN: every character inside it
    # must be NFC on its own and never be the second half of a composition or a combining mark
    plain = [c for c in map(chr, range(0x110000)) if not repair_module._ODD_RE.match(c)]
    seconds = set()
    for point in range(0x110000):
        parts = unicodedata.decomposition(chr(point)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    assert all(unicodedata.normalize("NFC", c) == c and not unicodedata.combining(c) and c not in seconds
               for c in plain)


def test_what_is_read_is_repaired_and_both_paths_agree(monkeypatch):
    monkeypatch.setattr(corpus.ingest.metadata, "COLUMNS_MIN", 0)  # the column path, even for a few articles
    raw = mojibake("Putin Dan Trump Bertemu Lagi\n\n“Kami siap,” kata Putin pada Senin (14/11/2016).", "mac_roman")
    jobs = [(raw, None, True, True), (raw, mojibake("“Judul” Diberikan", "mac_roman"), True, True)]
    one = [infer(r, title=t, find_date=d, find_source=s) for r, t, d, s in jobs]
    assert infer_batch(jobs) == one
    assert one[0].title == "Putin Dan Trump Bertemu Lagi"
    assert one[0].text == "“Kami siap,” kata Putin pada Senin (14/11/2016)."
    assert one[1].title == "“Judul” Diberikan"

