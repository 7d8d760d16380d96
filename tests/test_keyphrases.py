"""Keyword rules for the shapes of real scraped news: joined paragraphs, glued commas,
imperatives, attribution verbs, punctuation stuck to words (issue 10)."""

from __future__ import annotations

from corpus.keywords.extraction import extract
from corpus.keywords.phrases import acceptable, is_imperative, prepare
from corpus.keywords.stopwords import stopwords

NONE: frozenset[str] = frozenset()


def test_prepare_parts_paragraphs_joined_with_commas():
    joined = "skor 23-21,,Menanggapi laga itu. kata dia.,“Kami siap.” Setiadi.,,,Di sana ke ,, pilates"
    assert prepare(joined) == "skor 23-21. Menanggapi laga itu. kata dia. “Kami siap.” Setiadi. Di sana ke ,, pilates."
    assert prepare("Selintas,terlihat harga 1,5 juta") == "Selintas, terlihat harga 1,5 juta."


def test_imperatives_in_lah_on_verb_stems_but_not_nouns_or_names():
    for word in ("Mulailah", "pastikanlah", "Lakukanlah", "gunakanlah"):
        assert is_imperative(word), word
    for word in ("sekolah", "masalah", "Abdullah", "Fadilah", "Fadhlullah", "kalah", "jumlah"):
        assert not is_imperative(word), word


def test_punctuation_inside_or_after_a_word_is_no_keyword():
    stop = stopwords()
    for bad in (["Elza", "Syarief."], ["Island,ditetapkan"], ["CLR,YTD", "Return"], ["“Kami"]):
        assert not acceptable(bad, [True] * len(bad), stop, NONE), bad
    for good in (["Roy", "N.", "Mandey"], ["Mercedes-Benz"], ["Ma'ruf", "Amin"], ["detik.com"]):
        assert acceptable(good, [True] * len(good), stop, NONE), good


def test_particles_attribution_verbs_and_capitalised_nya_forms_are_no_keywords():
    stop = stopwords()
    for bad in (["Yuk", "belanja"], ["ayo", "dukung"], ["ungkap", "Sri"], ["timpal", "Sunan"],
                ["Hasilnya"], ["Teknisnya"]):
        assert not acceptable(bad, [w[0].isupper() for w in bad], stop, NONE), bad


def test_an_article_of_joined_paragraphs_gives_clean_keywords():
    text = (
        "Penyanyi Luna Maya hadir di Jakarta bersama Syahrini.,,Menanggapi acara itu, Reino "
        "tersenyum.,“Kami bahagia,” ungkap Syahrini.,Selintas,terlihat Syahrini memakai gaun "
        "putih. Mulailah hari dengan senyum, tutur Luna Maya. Yuk datang ke konser Luna Maya."
    )
    phrases = [k.phrase for k in extract(text)]
    assert "Luna Maya" in phrases and "Syahrini" in phrases
    for phrase in phrases:
        first = phrase.split()[0].lower()
        assert first not in {"menanggapi", "ungkap", "tutur", "yuk", "mulailah", "selintas,terlihat"}, phrase
        assert all(ch not in phrase for ch in ",.“”"), phrase
