"""Which YAKE candidates can be keywords: rules on the words of a phrase, none about one corpus.

A keyword names a topic, so a candidate is dropped when any of its words is
- a stopword (at the ends: YAKE already checks; inside: "Putin dan Presiden" joins two things),
- a date word: a day or month name, a time noun (hari, pekan, bulan, tahun…) or digits
  (number words only when they are the whole phrase: "dua" goes, "musuh nomor satu" stays),
- a bare verb: the Indonesian affixes of a predicate (meN-, ber-, di-, ter-, -kan) on a word that
  is not a name in this text, with loanword noun endings (-isme, -asi, -log…) spared after di-
  and ter- ("terorisme", "diplomasi"),
- a clitic form ending in -nya ("kemenangannya": the thing is named without it; capitalised
  too, "Hasilnya" opening a sentence),
- (as the first word, not a name) an imperative in -lah on a verb-shaped stem ("Mulailah",
  "Lakukanlah"),
- punctuation inside or after a word, but for hyphens, apostrophes and the dot of an initial
  ("Roy N. Mandey"): "Elza Syarief." and "Island,ditetapkan" are pieces of joined sentences,
- (as the last word) a reduplication: "janji-janji" alone is a plural, "sama-sama" an adverb,
- the name of the outlet: the dateline ("Jakarta, CNN Indonesia --") is cut before extraction,
  and a name after an attribution verb ("dikutip dari Xinhua", "Mengutip Channel News Asia") is
  banned from the article's keywords. A cited news agency says where the text came from, not
  what it is about.

A candidate is also dropped when it is a window cut out of a longer name (every occurrence is
followed by a capitalized word: "Amerika Serikat Donald"), or a fragment found only inside a
longer candidate ("Dingin" of "Perang Dingin").

Scraped text often joins paragraphs with a comma ("…kata dia.,Selanjutnya…", "Selintas,terlihat"):
`prepare` parts them again, so that YAKE sees the sentence start and the word boundary.

Decisions are about word shapes only, so the rules apply to any Indonesian news corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from corpus.index.tokens import is_reduplication

DAYS = "senin selasa rabu kamis jumat sabtu minggu ahad monday tuesday wednesday thursday friday saturday sunday"
MONTHS = (
    "januari februari maret april mei juni juli agustus september oktober november desember "
    "january february march may june july august october december "
    "jan feb mar apr jun jul agu agt ags aug sep sept okt oct nov des dec"
)
TIME_NOUNS = "hari pekan bulan tahun kemarin besok lusa pagi siang sore malam dini wib wita wit"
DATE_WORDS = frozenset(f"{DAYS} {MONTHS} {TIME_NOUNS}".split())
NUMBER_WORDS = frozenset(
    "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas belas puluh ratus ribu juta "
    "miliar triliun".split()
)

# meN- with the nasal that its stem's first letter takes, ber- (be-, bel- in "bekerja", "belajar"),
# di-, ter-: a stem of 4+ letters.
_VERB = re.compile(
    r"^(?:me(?:ng(?=[aiueogkh])|ny(?=[aiueo])|m(?=[bpfvaiueo])|n(?=[cdjtzsaiueo])|(?=[lmnrwy]))"
    r"|ber|be(?=kerja|ternak|pergi)|bel(?=ajar)|ter|di(?=[^aiueo])|di(?=[aiueo]\w{4}))\w{4,}$"
)
# Endings of loanword nouns that happen to begin like di-/ter- verbs: terorisme, diplomasi, dialog…
_NOUN_ENDING = re.compile(r"(?:isme|is|asi|si|ika|atik|trik|log|logi|ur|or|al)$")
# Common nouns shaped like verbs (general Indonesian, not this corpus's vocabulary).
_VERB_SHAPED_NOUNS = frozenset("menteri tersangka terdakwa terpidana".split())
_END = (".", "!", "?", ":", '"', "”", "'", "’")
_NUMBER = re.compile(r"^[\d.,:/-]+$")

# A dateline: up to five capitalized words (a city, an outlet, "(ANTARA)") then a dash.
_DATELINE = re.compile(r"^\s*((?:\(?[A-Z][\w.]*\)?,?\s+){0,4}\(?[A-Z][\w.]*\)?)\s+(?:--|[-–—])\s+")
_ATTRIBUTION = re.compile(
    r"\b(?i:dikutip|mengutip|dilansir|melansir|dilaporkan|diberitakan|kantor\s+berita)"
    r"(?:\s+(?i:dari|oleh))?(?:\s+(?i:laman|situs|media|harian|surat\s+kabar|kantor\s+berita))?"
    r"\s+((?:[A-Z][\w.&'-]*)(?:\s+[A-Z][\w.&'-]*){0,3})"
)


def strip_dateline(paragraph: str) -> str:
    """The paragraph without an opening dateline ("Jakarta, CNN Indonesia -- ", "Pantau - ")."""
    return _DATELINE.sub("", paragraph, count=1)


# A paragraph join: a sentence's end and a comma ("…dia.,Selanjutnya", "…dia.,,,“Kami…"), or
# commas where a link was lost, then a capital ("…23-21,,Menanggapi").
_JOINED_PARAGRAPH = re.compile(r"([.!?][\"”’')]*),+(?=\S)|,{2,}(?=[\"“‘'(]?[A-Z])")
# A comma between two letters without a space ("Selintas,terlihat"); digits keep theirs (1,5).
_GLUED_COMMA = re.compile(r"(?<=[^\W\d_]),(?=[^\W\d_])")


def prepare(text: str) -> str:
    """The text for YAKE: no dateline (the first paragraph may be a headline), one line, a heading
    ended with a full stop so that it is not run into the next sentence, paragraphs joined with a
    comma parted again."""
    paragraphs = [strip_dateline(p.strip()) for p in text.split("\n") if p.strip()]
    joined = " ".join(p if p.endswith(_END) else p + "." for p in paragraphs if p)
    return _GLUED_COMMA.sub(", ", _JOINED_PARAGRAPH.sub(lambda m: f"{m.group(1) or '.'} ", joined))


def cited_sources(text: str) -> frozenset[str]:
    """Lower-cased words of the outlets the text cites ("dilansir dari CNN" -> {"cnn"})."""
    return frozenset(w.lower().strip(".,") for m in _ATTRIBUTION.finditer(text) for w in m.group(1).split())


def is_verb(word: str) -> bool:
    """Shaped like an Indonesian predicate: "berbincang", "menyatakan", "dikutip", "sampaikan"."""
    w = word.lower()
    if w in _VERB_SHAPED_NOUNS or (w.startswith(("di", "ter")) and _NOUN_ENDING.search(w)):
        return False
    return bool(_VERB.match(w)) or (len(w) >= 7 and w.endswith("kan"))


def is_date_word(word: str) -> bool:
    w = word.lower()
    return w in DATE_WORDS or bool(_NUMBER.match(w))


def acceptable(words: list[str], proper: list[bool], stopwords: frozenset[str], banned: frozenset[str]) -> bool:
    """Whether a candidate of these words (proper[i]: written capitalized mid-sentence) may be a keyword."""
    if is_reduplication(words[-1]):  # "janji-janji", "Trump sama-sama": a plural or an adverb
        return False
    if all(w.lower() in NUMBER_WORDS for w in words):
        return False
    if not proper[0] and is_imperative(words[0]):
        return False
    for word, is_proper in zip(words, proper, strict=False):
        w = word.lower()
        if w in stopwords or w in banned or is_date_word(w) or not _WORD_SHAPE.match(word):
            return False
        if len(w) >= 7 and w.endswith("nya"):  # a name is not written with -nya, even capitalised
            return False
        if not is_proper and (is_verb(w) or (len(w) >= 6 and w.endswith("nya"))):
            return False
    return True


# A word as a keyword may hold it: letters and digits, joined by hyphens or apostrophes
# ("Mercedes-Benz", "Ma'ruf"), or dotted inside ("detik.com"); or an initial ("N.").
_WORD_SHAPE = re.compile(r"^(?:[^\W_]+(?:[-'’.][^\W_]+)*|[^\W\d_]\.)$")


def is_imperative(word: str) -> bool:
    """An imperative in -lah on a verb-shaped stem of 5+ letters: "Mulailah", "Pastikanlah".
    Nouns and names in -lah have other stems ("sekolah", "masalah", "Fadilah")."""
    w = word.lower()
    if not w.endswith("lah") or len(w) < 8:
        return False
    stem = w[:-3]
    return stem.endswith(("kan", "i")) or is_verb(stem)


_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[^\w\s]")


class Occurrences:
    """Where each word of a text stands, to see what follows a phrase."""

    def __init__(self, text: str) -> None:
        self.words = _TOKEN.findall(text)
        self.lower = [w.lower() for w in self.words]
        self.at: dict[str, list[int]] = {}
        for i, w in enumerate(self.lower):
            self.at.setdefault(w, []).append(i)

    def cut_name(self, phrase: tuple[str, ...]) -> bool:
        """Every occurrence is followed by a capitalized word: a window cut out of a longer name
        ("Amerika Serikat Donald" of "… Donald Trump", "Menteri Luar" of "Menteri Luar Negeri")."""
        n, seen = len(phrase), 0
        for i in self.at.get(phrase[0], ()):
            if tuple(self.lower[i : i + n]) != phrase:
                continue
            seen += 1
            nxt = self.words[i + n] if i + n < len(self.words) else ""
            if not nxt[:1].isupper():
                return False
        return seen > 0


def without_fragments(accepted: list[tuple[tuple[str, ...], Any, float]]) -> Iterator[tuple[Any, float]]:
    """(candidate, score) of (words, YAKE candidate, score) triples, without the phrases found only
    inside one longer accepted phrase (as many occurrences: "Dingin" of "Perang Dingin")."""
    inside: dict[tuple[str, ...], float] = {}
    for key, cand, _ in accepted:
        for n in range(1, len(key)):
            for i in range(len(key) - n + 1):
                inside[key[i : i + n]] = max(inside.get(key[i : i + n], 0.0), cand.tf)
    return ((cand, score) for key, cand, score in accepted if inside.get(key, 0.0) < cand.tf)


def contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether `shorter` occurs in `longer` as a run of whole words."""
    n = len(shorter)
    for i in range(len(longer) - n + 1):
        if longer[i : i + n] == shorter:
            return True
    return False


def overlaps(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One phrase inside the other, or two windows on one longer phrase ("Rusia Vladimir" / "Vladimir Putin")."""
    if len(a) < len(b):
        a, b = b, a
    if contains(a, b):
        return True
    for k in range(1, len(b)):
        if a[-k:] == b[:k] or b[-k:] == a[:k]:
            return True
    return False

