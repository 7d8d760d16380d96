"""The cleaning step: chrome goes, real text stays, on the seeds and on text the rules never saw."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from corpus.ingest.clean import clean_text

BUNDLED = Path(__file__).resolve().parent.parent / "corpus" / "data" / "bundled"
RULES = Path(__file__).resolve().parent.parent / "corpus" / "data" / "chrome.toml"
TITLE_003 = "Putin Siap Jalin Kontak Kembali dengan Trump, Buka Peluang Dialog Rusia-AS"
TITLE_004 = "Putin dan Trump Bahas Hubungan Bilateral dalam Panggilan Telepon"


def seed(prefix: str) -> str:
    (path,) = BUNDLED.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def assert_well_formed(text: str) -> None:
    assert text == text.strip()
    assert "\n\n\n" not in text and "\r" not in text and "\u00a0" not in text
    assert all(p.strip() and "\n" not in p for p in paragraphs(text))


# --- the five seeds -------------------------------------------------------------


def test_000_lines_ending_in_full_stops_stay_separate_paragraphs():
    text = clean_text(seed("000"))
    assert_well_formed(text)
    paras = paragraphs(text)
    assert len(paras) == 8
    assert paras[0].startswith("Hubungan Presiden Amerika Serikat (AS) Donald Trump")
    assert "Trump bahkan secara khusus menghubungi Putin melalui telepon" in paras[0]
    assert paras[-1].endswith("Namun Rusia membantah memiliki keterlibatan dalam insiden itu.")


def test_001_blank_runs_collapse_and_text_is_kept():
    text = clean_text(seed("001"))
    assert_well_formed(text)
    paras = paragraphs(text)
    assert len(paras) == 9
    assert paras[0].startswith("TEMPO.CO, Moskow – Buruknya")  # en dash kept as is
    assert "Kremlin menjelaskan, Putin melalui telepon" in text
    assert '"Mereka sepakat mencari upaya-upaya pemersatu' in text
    assert paras[-1].startswith("Selama kampanye pemilihan Presiden AS, Trump dituding")


def test_002_ads_video_embed_and_initials_go():
    text = clean_text(seed("002"))
    assert_well_formed(text)
    for chrome in ("ADVERTISEMENT", "SCROLL TO CONTINUE", "Gambas", "[Gambas:Video CNN]", "(ama)"):
        assert chrome not in text


def test_002_split_sentences_are_rejoined_and_text_kept():
    text = clean_text(seed("002"))
    paras = paragraphs(text)
    assert '"[Mereka] menekankan pentingnya menciptakan dasar' in text
    assert any(p.endswith("bunyi pernyataan Kremlin yang dikutip Reuters.") for p in paras)
    assert "Dilansir dari CNN, kedua tokoh ini" in text
    assert "taipan real-estate ini memang" in text
    # the placeholder was glued to this sentence: the sentence survives as its own paragraph
    assert any(p.startswith("Trump bahkan pernah menyebutkan Putin merupakan pemimpin") for p in paras)
    assert paras[-1].endswith("Clinton menuding Rusia berusaha memenangkan Trump dalam pemilu.")
    assert len(paras) == 15


def test_003_chrome_goes():
    text = clean_text(seed("003"), title=TITLE_003)
    assert_well_formed(text)
    for chrome in ("Redaksi", "Gambar Istimewa", "antaranews.com", "Jika keberatan", "Laporkan",
                   "Terima Kasih", "Ikuti kami", "Tags", "Related Post", TITLE_003):
        assert chrome not in text


def test_003_teaser_dropped_full_paragraph_and_subheadings_kept():
    text = clean_text(seed("003"), title=TITLE_003)
    paras = paragraphs(text)
    assert text.count("Presiden Rusia Vladimir Putin menyampaikan niatnya") == 1
    assert paras[0].endswith("dengan pemerintahan Amerika yang baru ini.")
    assert "Amerika Serikat,” ucap Putin." in text  # curly quote kept
    for heading in ("Fokus Kerja Sama di Krisis Ukraina", "Respons Kremlin: Rusia Terbuka untuk Dialog",
                    "Membangun Kembali Hubungan Rusia-AS", "Tantangan Menuju Pemulihan Hubungan Bilateral",
                    "Harapan Putin untuk Kerja Sama di Masa Depan"):
        assert heading in paras
    assert paras[-1].startswith("Putin dan Trump sama-sama memiliki karakter kepemimpinan")
    assert paras[-1].endswith("membawa angin segar bagi stabilitas dunia.")


def test_003_without_title_keeps_headline_once():
    text = clean_text(seed("003"))
    assert paragraphs(text)[0] == TITLE_003
    assert text.count("Presiden Rusia Vladimir Putin menyampaikan niatnya") == 1


def test_004_chrome_goes():
    text = clean_text(seed("004"), title=TITLE_004)
    assert_well_formed(text)
    for chrome in ("Pantau Flash", "HOME", "⁄", "Internasional", "Oleh Ahmad", "SHARE", "Foto:",
                   "getty images", "Baca Juga", "Menlu Sugiono", "Bollywood", "Penulis", "Ryansyah", TITLE_004):
        assert chrome not in text


def test_004_text_kept():
    text = clean_text(seed("004"), title=TITLE_004)
    paras = paragraphs(text)
    assert paras[0].startswith("Pantau - Presiden Rusia Vladimir Putin dan Presiden Amerika Serikat")
    assert '"Presiden Putin dan Presiden Trump membahas langkah-langkah' in text
    assert "Gedung Putih dalam pernyataannya" in text
    assert paras[-1].endswith("konflik geopolitik yang masih berlangsung.")
    assert len(paras) == 7


def test_004_repeated_headline_kept_once_without_title():
    text = clean_text(seed("004"))
    assert text.count(TITLE_004) == 1
    assert text.startswith(TITLE_004 + "\n\n")


# --- rule kinds on text they were not written for -----------------------------

A = "Harga beras di pasar tradisional naik dua persen pekan ini."
B = "Pedagang berharap pasokan dari Jawa Timur segera pulih."


@pytest.mark.parametrize("chrome", [
    "Baca juga: Harga Cabai Naik Jelang Lebaran",
    "BACA JUGA: Stok Minyak Goreng Aman",
    "Baca juga:\nHarga Cabai Naik Jelang Lebaran",
    "Lihat juga:\n\nVideo Pasar Induk Kramat Jati",
    "Simak juga:\nPemerintah Siapkan Operasi Pasar",
    "Lihat juga Video: Antrean Minyak Goreng di Medan",
    "Editor: Sri Haryati",
    "Pewarta :\nFulan bin Fulan",
    "Oleh: Siti Nurhaliza",
    "Redaksi",
    "ADVERTISEMENT",
    "Advertisement",
    "SCROLL TO CONTINUE WITH CONTENT",
    "[Gambas:Video 20detik]",
    "Foto: ANTARA/Hafidz Mubarak A",
    "Foto Istimewa : dok. pribadi",
    "Bagikan :",
    "Follow Berita Okezone di Google News",
    "Simak Video \"Harga Beras Naik\"",
    "Tonton video selengkapnya di sini",
    "Beranda › Ekonomi › Pasar",
    "Detik Flash",
    "(rds/ard)",
])
def test_chrome_between_paragraphs_goes(chrome):
    text = clean_text(f"{A}\n{chrome}\n{B}")
    assert text == f"{A}\n\n{B}"


def test_closing_initials_at_the_end_go_alone_or_glued():
    assert clean_text(f"{A}\n{B}\n(rds/ard)") == f"{A}\n\n{B}"
    assert clean_text(f"{A}\n{B} (rds/ard)") == f"{A}\n\n{B}"
    assert clean_text(f"{A}\n\n{B}\n\n(*)\n") == f"{A}\n\n{B}"


def test_trailing_block_drops_everything_after_it():
    body = [A, B, "Operasi pasar digelar di dua belas kota mulai Senin depan.", "Bulog menyiapkan cadangan beras."]
    text = clean_text("\n".join(body) + "\nTag: beras, pasar, harga\nBerita Lain Yang Tidak Diinginkan\n")
    assert text == "\n\n".join(body)


def test_trailing_block_rule_cannot_swallow_an_article_from_the_header():
    text = clean_text(f"Tags\n{A}\n{B}")
    assert text == f"{A}\n\n{B}"


def test_long_line_after_read_also_label_is_real_text():
    long_para = ("Kementerian Perdagangan " + "memantau harga bahan pokok di seluruh provinsi, " * 5
                 + "kata pejabat itu.")
    assert clean_text(f"{A}\nBaca juga:\n{long_para}") == f"{A}\n\n{long_para}"


@pytest.mark.parametrize("sentence", [
    "Foto itu diambil oleh wartawan lokal pada Senin pagi.",
    "Oleh karena itu, pemerintah menunda keputusan impor beras.",
    "Polisi memeriksa foto: semuanya ternyata asli.",
    "Ia mengunggah foto pasar di akun Instagram miliknya.",
    "Oleh Presiden, ia diminta menjaga stok pangan.",
    "Editor senior itu mengatakan pasar mulai tenang.",
    "Iklan minyak goreng itu ditarik dari televisi.",
    "Beranda rumahnya kini dipakai sebagai lapak sayur.",
])
def test_real_sentence_with_chrome_words_survives(sentence):
    assert clean_text(f"{A}\n{sentence}\n{B}") == f"{A}\n\n{sentence}\n\n{B}"


def test_sentence_split_at_a_link_is_joined_across_sites():
    raw = ("Hal itu disampaikan Menteri Perdagangan seperti dilansir\nKompas.com, Senin.\n"
           "Ia menambahkan harga akan turun.")
    assert clean_text(raw) == ("Hal itu disampaikan Menteri Perdagangan seperti dilansir Kompas.com, Senin.\n\n"
                               "Ia menambahkan harga akan turun.")


def test_normalisation_keeps_characters_of_real_text():
    raw = 'Ia berkata,\u00a0"[Kami] siap" — kata dia.  \r\n\r\n\r\n\r\nItu\u00a0benar.\rSelesai.'
    assert clean_text(raw) == 'Ia berkata, "[Kami] siap" — kata dia.\n\nItu benar.\n\nSelesai.'


def test_title_and_exact_duplicates():
    headline = "Harga Beras Naik Dua Persen"
    raw = f"{headline}\n\nOleh Budi Santoso\n\n{headline.upper()}\n\n{A}\n\n{A}\n\n{B}"
    assert clean_text(raw, title=headline) == f"{A}\n\n{B}"
    assert clean_text(raw) == f"{headline}\n\n{A}\n\n{B}"


def test_teaser_cut_mid_sentence_is_dropped_but_short_subheading_is_not():
    full = A + " " + B
    teaser = full[:70] + "..."
    assert clean_text(f"{teaser}\n\n{full}") == full
    assert clean_text(f"Harga beras\n\n{full}") == f"Harga beras\n\n{full}"


# --- paragraphs joined on one line (scrapes that lost the line breaks) -----------

P1 = "Warga memadati alun-alun kota sejak pagi untuk menonton pawai budaya."
P2 = '"Kami sudah menunggu sejak subuh," kata Rina, Sabtu (12/10/2019).'
P3 = "Panitia menyiapkan 40 kendaraan hias dari seluruh kecamatan. Tiap kendaraan membawa tema daerahnya."
P4 = "Acara ditutup dengan tari kolosal di depan balai kota."


def test_joined_paragraphs_are_paragraphs_again_and_inline_chrome_goes():
    raw = (f"{P1},{P2},Baca juga: Pawai Budaya Meriahkan Hari Jadi Kota Lama,{P3},,Baca juga:,,{P4},,,loading...")
    assert clean_text(raw) == "\n\n".join([P1, P2, P3, P4])


def test_a_comma_followed_by_a_space_is_a_sentence_going_on():
    raw = "Dalam perbincangan pada Senin (14/11), Trump dan Putin sepakat. Hal itu, kata dia, penting."
    assert clean_text(raw) == raw


@pytest.mark.parametrize("label", ["Baca juga:", "Baca Juga:,", "BACA JUGA:", "Baca juga", "Baca juga: ,"])
def test_a_real_paragraph_after_read_also_is_kept(label):
    # the link is gone: what follows the label is the next paragraph, a sentence, and stays
    short = "Polisi kemudian memeriksa tiga saksi di lokasi."
    assert clean_text(f"{P1},{label},{short},{P4}") == "\n\n".join([P1, short, P4])
    assert clean_text(f"{P1}\n{label}\n{short}\n{P4}") == "\n\n".join([P1, short, P4])
    # glued to a sentence that lost its full stop, the label ends the line (and the two lines
    # are read as one sentence split at a link, as ever)
    text = clean_text(f"Polisi datang ke lokasi,{label}\n{short}")
    assert text.startswith("Polisi datang ke lokasi") and text.endswith(short) and "juga" not in text.lower()


def test_a_linked_headline_after_read_also_goes_on_its_own_line_or_in_brackets():
    assert clean_text(f"{P1}\nBaca juga:\nPawai Budaya Meriahkan Kota Lama\n{P4}") == f"{P1}\n\n{P4}"
    raw = f"{P1} (Baca juga: Pawai Budaya Meriahkan Kota Lama) {P4}"
    assert clean_text(raw) == f"{P1} {P4}"


def test_a_read_also_headline_ends_at_the_join_whatever_the_gap():
    for gap in [",", ",,", ", ,"]:
        raw = f"{P1},Baca juga: Pawai Budaya, Tradisi yang Terjaga di Kota Lama{gap}{P3}"
        assert clean_text(raw) == f"{P1}\n\n{P3}", gap


def test_a_photo_credit_or_a_bare_read_label_goes_up_to_the_join_and_what_follows_stays():
    assert clean_text(f"{P1},Foto: @akun_contoh,{P3}") == f"{P1}\n\n{P3}"
    assert clean_text(f"{P1},,Foto: Sinta Ayu - dok Contoh,{P3}") == f"{P1}\n\n{P3}"
    assert clean_text(f"{P1},Baca: Pawai Budaya Tak Langgar Aturan,,{P3}") == f"{P1}\n\n{P3}"


def test_a_citation_in_brackets_is_not_a_link():
    cited = "Doa itu tercatat dalam kitab klasik (Lihat: Syekh Contoh, Kitab Doa, cetakan kedua, halaman 3)."
    assert clean_text(f"{P1},{cited}") == f"{P1}\n\n{cited}"


def test_a_reporters_credit_goes_and_the_sentence_it_runs_into_stays():
    raw = f"{P1},Laporan wartawan Contoh.com Sinta Ayu dari Jayapura, massa juga melempari kantor di pusat kota.,{P4}"
    assert clean_text(raw) == "\n\n".join([P1, "massa juga melempari kantor di pusat kota.", P4])
    assert clean_text(f"{P1}\nLaporan wartawan Contoh.com, Sinta Ayu\n{P4}") == f"{P1}\n\n{P4}"


def test_where_a_read_also_headline_ends_cannot_be_seen_the_text_stays():
    rest = "Pawai budaya tahun ini " + "diikuti ribuan warga dari kecamatan di sekitar kota, " * 4 + "kata panitia."
    assert clean_text(f"{P1},Baca juga: {rest}") == f"{P1}\n\n{rest}"


def test_credits_inside_and_at_the_end_of_a_line_go():
    assert clean_text(f"{P1},{P3},Penulis: Dewi Lestari,Editor: Budi Santoso") == f"{P1}\n\n{P3}"
    assert clean_text(f"- Reporter: Sinta Ayu,{P3}") == f"- {P3}"
    assert clean_text(f"Penulis: ,{P3},{P4}") == f"{P3}\n\n{P4}"
    assert clean_text(f"{P1},{P4} Sumber : Kantor Berita") == f"{P1}\n\n{P4}"


def test_syndication_tails_go():
    tail = 'Artikel ini telah tayang di Contoh.com dengan judul "Pawai Budaya", klik untuk membaca: https://contoh.com/a'
    assert clean_text(f"{P1},{P4} {tail}") == f"{P1}\n\n{P4}"
    assert clean_text(f"{P1},{P4},{tail}") == f"{P1}\n\n{P4}"


@pytest.mark.parametrize("closing", [
    "(bam/ala),,,loading...", " (ANT)", " [mus],,", "(rhm)", " (ant/ded)", ",(nun),,,loading...",
    ",#TetapSemangat bersama KABAR",
    " (contoh. Com),,,loading...", " (berita-kita.co.id)",
])
def test_closing_initials_and_taglines_glued_to_the_last_sentence_go(closing):
    assert clean_text(f"{P1},{P4}{closing}") == f"{P1}\n\n{P4}"


@pytest.mark.parametrize("sentence", [
    "Acara itu disiarkan langsung oleh stasiun televisi swasta (RCTI).",
    "Saya baca juga buku itu, katanya, dan Saya suka.",
    "Sumber daya alam di daerah itu melimpah.",
    "Loading dock di pelabuhan baru selesai dibangun.",
    "Editor buku itu, katanya, sedang sakit.",
    "Hasil wawancara itu tayang di televisi pada 11 Juli 2018.",
])
def test_joined_real_sentences_with_chrome_words_stay(sentence):
    assert clean_text(f"{P1},{sentence},{P4}") == "\n\n".join([P1, sentence, P4])


# --- the rules file and the module's boundaries -------------------------------


def test_line_rules_are_anchored_and_compile():
    import re

    data = tomllib.loads(RULES.read_text(encoding="utf-8"))
    assert data["group"]
    for group in data["group"]:
        assert group["kind"] and group["patterns"]
        for pattern in group["patterns"]:
            re.compile(pattern)
            if group["action"] != "inline":
                assert pattern.startswith("^") and pattern.endswith("$"), (group["kind"], pattern)


def test_clean_does_not_import_textual_or_rich():
    code = "import sys, corpus.ingest.clean; assert not {'textual', 'rich'} & set(sys.modules), sys.modules.keys()"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=RULES.parent.parent.parent)
