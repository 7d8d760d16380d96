"""Title, date and source of an article that came without them, read from its text.

Functions over strings, and over columns of them. `infer` does one article; the loader calls
`infer_frame` (or its list form `infer_batch`) on all of them, which finds the headlines and
cleans the texts a column at a time (corpus.bulk_clean) and reads in Python only what needs it.

Title
    The headline line when the text has one: the first line that is not site chrome (the
    cleaning rules drop it on its own), short (at most 160 characters, two words or more),
    without terminal punctuation (. , ; : or a trailing dash), and followed by a blank line or
    directly by a line of body text (then it must also be in headline case: most longer words
    capitalised, so a sentence split at a link is not taken for one). Otherwise the first
    sentence of the cleaned text, without its dateline, cut at about 100 characters on a word
    boundary with "…".

Date
    Every date expression in the cleaned text (then, if it has none, in the raw text: a date
    line the cleaning dropped), in reading order; the first that resolves to a full date wins:
      "Kamis, 9 Maret 2023", "14 November 2016", "14 Nov. 2016", "November 14, 2016",
      "2016-11-14", "14/11/2016", "Rabu (3/7/2019)" (day first unless only month-first fits),
      and, without a year, "Senin (14/11)", "Kamis, 9 Maret", "9 Maret", "November 14"
      (a month name without a year must be capitalised: "3 may" is not a date).
    A date without a year takes one from elsewhere in the text: the year of the nearest
    other full date or the nearest year number (1950-2099). With a weekday the year must agree
    with it: the nearest year, or the one before or after it, whose calendar puts that
    weekday on that day ("Senin (14/11)" next to "20 Januari 2017" is 14 November 2016).
    A yearless date whose weekday fits no nearby year, or with no year anywhere, is skipped.
    Indonesian and English month names and their abbreviations are known (Jan, Feb, Mar, Apr,
    Mei/May, Jun, Jul, Agu/Agt/Ags/Aug, Sep/Sept, Okt/Oct, Nov/Nop, Des/Dec), and the weekdays
    (Senin ... Minggu/Ahad, Monday ... Sunday, Mon ... Sun).

Source
    The dateline news sites put before the first sentence, ending in a dash (-, --, – or —):
      "TEMPO.CO, Moskow –"      -> TEMPO.CO       (the part that is a web domain)
      "JAKARTA, KOMPAS.com -"   -> KOMPAS.com
      "Liputan6.com, Jakarta -" -> Liputan6.com
      "Jakarta, CNN Indonesia --" -> CNN Indonesia (the part that is not a place / has an acronym)
      "Moskow (ANTARA) -"       -> ANTARA         (the agency in brackets)
      "Pantau -", "KOMPAS.com -" -> itself
      "JAKARTA -", "Jakarta -"  -> ""             (a place only)
    Places are recognised by shape (a single all-capitals word is a city in a dateline) and
    by a short gazetteer of cities that open datelines (`_PLACES`); outlets are never listed.
    Unknown -> "".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache

import polars as pl

from corpus.bulk_clean import clean_column, headline_candidates, in_parts, unsafe
from corpus.clean import clean_text, is_chrome
from corpus.pieces import rows
from corpus.repair import repair, repair_column

# --- months and weekdays ------------------------------------------------------------------

_MONTH_NAMES = {  # full names: Indonesian, old Indonesian spellings, English
    1: ("januari", "january"),
    2: ("februari", "pebruari", "february"),
    3: ("maret", "march"),
    4: ("april",),
    5: ("mei", "may"),
    6: ("juni", "june"),
    7: ("juli", "july"),
    8: ("agustus", "august"),
    9: ("september",),
    10: ("oktober", "october"),
    11: ("november", "nopember"),
    12: ("desember", "december"),
}
_MONTH_ABBREVIATIONS = {
    1: ("jan",), 2: ("feb", "peb"), 3: ("mar",), 4: ("apr",), 5: ("mei", "may"),
    6: ("jun",), 7: ("jul",), 8: ("agu", "agt", "ags", "agst", "aug"), 9: ("sep", "sept"),
    10: ("okt", "oct"), 11: ("nov", "nop"), 12: ("des", "dec"),
}
MONTHS: dict[str, int] = {  # lower-case name or abbreviation -> month number
    name: number
    for table in (_MONTH_NAMES, _MONTH_ABBREVIATIONS)
    for number, names in table.items()
    for name in names
}
_WEEKDAYS = {  # date.weekday(): Monday is 0
    0: ("senin", "monday", "mon"),
    1: ("selasa", "tuesday", "tue", "tues"),
    2: ("rabu", "wednesday", "wed"),
    3: ("kamis", "thursday", "thu", "thur", "thurs"),
    4: ("jumat", "jum'at", "jum’at", "friday", "fri"),
    5: ("sabtu", "saturday", "sat"),
    6: ("minggu", "ahad", "sunday", "sun"),
}
WEEKDAYS: dict[str, int] = {name: n for n, names in _WEEKDAYS.items() for name in names}


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


_MON = _alternation(MONTHS)
_WD = _alternation(WEEKDAYS)
# A month name standing without a year must be capitalised ("Maret", "MARET", not "may").
_FULL_CAPITALISED = "|".join(
    f"{re.escape(n.capitalize())}|{re.escape(n.upper())}"
    for names in _MONTH_NAMES.values() for n in sorted(names, key=len, reverse=True)
)
_MONTH_INITIALS = "".join(sorted({n[0] for n in MONTHS} | {n[0].upper() for n in MONTHS}))

# Each branch starts with a digit or a month name, so most positions fail at once; a weekday
# before the match ("Kamis, ", "Senin (", "Mon. ") is read backwards by `_weekday_before`.
_DATE = re.compile(
    "(?=\\d)(?:"
    + "|".join(
        (
            # 9 Maret 2023 / 14 Nov. 2016 / 14-Nov-2016 / 14th November 2016
            rf"(?<!\d)(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+(?P<m1>{_MON})\.?[\s,-]+(?P<y1>\d{{4}})(?!\d)",
            # 2016-11-14 / 2016/11/14
            r"(?<!\d)(?P<y3>(?:19|20)\d\d)(?P<s3>[-/])(?P<m3>\d{1,2})(?P=s3)(?P<d3>\d{1,2})(?!\d)",
            # 14/11/2016, 14-11-2016, 14.11.2016, 3/7/19
            r"(?<![\d/.])(?P<a4>\d{1,2})(?P<s4>[-/.])(?P<b4>\d{1,2})(?P=s4)(?P<y4>\d{4}|(?<=/\d/)\d\d|(?<=/\d\d/)\d\d)(?![\d/])",
            # 14/11 -- only after a weekday: Senin (14/11)
            r"(?<![\d/.])(?P<d5>\d{1,2})/(?P<m5>\d{1,2})(?![\d/])",
            # 9 Maret (no year)
            rf"(?<!\d)(?P<d6>\d{{1,2}})\s+(?-i:(?P<m6>{_FULL_CAPITALISED}))\b",
        )
    )
    + f")|\\b(?=[{_MONTH_INITIALS}])(?:"
    + "|".join(
        (
            # November 14, 2016 / Nov. 14, 2016
            rf"(?P<m2>{_MON})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})(?!\d)",
            # November 14 (no year)
            rf"(?-i:(?P<m7>{_FULL_CAPITALISED}))\s+(?P<d7>\d{{1,2}})(?:st|nd|rd|th)?\b(?![,.]?\s*\d)",
        )
    )
    + ")",
    re.IGNORECASE,
)
_WEEKDAY_BEFORE = re.compile(rf"(?:^|[^\w’'])({_WD})\.?\s*,?\s*\(?\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/.,-])(19[5-9]\d|20\d\d)(?![\d/-])")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    day: int
    month: int
    year: int | None
    weekday: int | None


def _make(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    y = int(text)
    return y + (2000 if y < 70 else 1900) if len(text) == 2 else y


def _weekday_before(text: str, start: int) -> int | None:
    m = _WEEKDAY_BEFORE.search(text[max(0, start - 18):start])
    return None if m is None else WEEKDAYS.get(m.group(1).lower())


def _found(m: re.Match[str]) -> _Found | None:
    g = m.groupdict()
    if g["d1"]:
        day, month, year = int(g["d1"]), MONTHS[g["m1"].lower()], int(g["y1"])
    elif g["d2"]:
        day, month, year = int(g["d2"]), MONTHS[g["m2"].lower()], int(g["y2"])
    elif g["y3"]:
        day, month, year = int(g["d3"]), int(g["m3"]), int(g["y3"])
    elif g["a4"]:
        a, b = int(g["a4"]), int(g["b4"])
        day, month = (b, a) if a <= 12 < b else (a, b)  # day first unless only month-first fits
        year = _year(g["y4"])
    elif g["d5"]:
        day, month, year = int(g["d5"]), int(g["m5"]), None
    elif g["d6"]:
        day, month, year = int(g["d6"]), MONTHS[g["m6"].lower()], None
    else:
        day, month, year = int(g["d7"]), MONTHS[g["m7"].lower()], None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    weekday = _weekday_before(m.string, m.start())
    if g["d5"] and weekday is None:
        return None  # "14/11" alone is as likely a score or a ratio
    return _Found(m.start(), m.end(), day, month, year, weekday)


def _resolve(found: _Found, years: list[tuple[int, int]]) -> date | None:
    """A yearless date, given (position, year) of the years elsewhere in the text."""
    nearest: list[int] = []
    for _, year in sorted(years, key=lambda py: abs(py[0] - found.start)):
        if year not in nearest:
            nearest.append(year)
    if found.weekday is None:
        for year in nearest:
            if (day := _make(year, found.month, found.day)) is not None:
                return day
        return None
    for year in nearest:
        for candidate in (year, year - 1, year + 1):
            day = _make(candidate, found.month, found.day)
            if day is not None and day.weekday() == found.weekday:
                return day
    return None


def _years(text: str, found: list[_Found]) -> list[tuple[int, int]]:
    """(position, year) of every full date and every free-standing year number in `text`."""
    years = [(f.start, f.year) for f in found if f.year is not None and _make(f.year, f.month, f.day)]
    years += [
        (m.start(), int(m.group(1)))
        for m in _YEAR.finditer(text)
        if not any(f.start <= m.start() < f.end for f in found)
    ]
    return years


_DIGITS = re.compile(r"\d+")
_REACH = 40  # a date expression reaches at most this far from one of its digits


def _iter_found(text: str):
    """Date expressions in reading order. Every one holds a digit, so only the stretches of
    text around digits are searched (the full pattern is slow on long runs of prose)."""
    windows: list[list[int]] = []
    for m in _DIGITS.finditer(text):
        start, end = max(0, m.start() - _REACH), m.end() + _REACH
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    for start, end in windows:
        if start:  # begin at a word boundary, not inside a weekday name
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else 0
        for m in _DATE.finditer(text, start, min(end, len(text))):
            if (f := _found(m)) is not None:
                yield f


def _scan(text: str) -> list[_Found]:
    return list(_iter_found(text))


def find_dates(text: str) -> list[date]:
    """Every date in `text` that resolves, in reading order (see the module docstring)."""
    found = _scan(text)
    years = _years(text, found) if any(f.year is None for f in found) else []
    out = []
    for f in found:
        day = _make(f.year, f.month, f.day) if f.year is not None else _resolve(f, years)
        if day is not None:
            out.append(day)
    return out


def infer_date(text: str) -> date | None:
    """The first date in `text` that resolves to a full date, or None."""
    found = _iter_found(text)
    for f in found:
        if f.year is None:  # the years elsewhere are needed: read all the rest
            everything = [f, *found]
            years = _years(text, everything)
            for g in everything:
                day = _make(g.year, g.month, g.day) if g.year is not None else _resolve(g, years)
                if day is not None:
                    return day
            return None
        if (day := _make(f.year, f.month, f.day)) is not None:
            return day
    return None


_TIMESTAMP = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO = re.compile(r"^((?:19|20)\d\d)[-/](\d{1,2})[-/](\d{1,2})(?![\d/-])")


def timestamp_date(value: float) -> date | None:
    """A Unix timestamp in seconds, milliseconds or microseconds (told apart by size), as a UTC date."""
    for scale in (1, 1_000, 1_000_000, 1_000_000_000):
        if abs(value) < 1e11 * scale:
            try:
                return datetime.fromtimestamp(value / scale, tz=timezone.utc).date()
            except (OverflowError, OSError, ValueError):
                return None
    return None


def parse_date(value: object) -> date | None:
    """A date given as a value (a table cell, a manifest field), not found in running text.

    Dates and datetimes pass through; numbers are Unix timestamps; strings may be ISO
    ("2016-11-14", "2016-11-14T10:00:00+07:00"), yyyymmdd, a timestamp, or any full date form
    `infer_date` knows ("Kamis, 9 Maret 2023", "14/11/2016", "Nov 14, 2016 10:00 AM").
    A date without a year is not a date here.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return timestamp_date(float(value))
    text = str(value).strip()
    if not text:
        return None
    if m := _ISO.match(text):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _COMPACT.match(text):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if _TIMESTAMP.match(text):
        return timestamp_date(float(text))
    for m in _DATE.finditer(text):
        f = _found(m)
        if f is not None and f.year is not None and (day := _make(f.year, f.month, f.day)):
            return day
    return None


# --- source -------------------------------------------------------------------------------

# Cities that open datelines, to tell "Jakarta -" (a place) from "Pantau -" (an outlet). Only
# a tie-breaker: a web domain, a bracketed agency or an acronym decide first.
_PLACES = frozenset(
    name.strip()
    for name in """
    jakarta, bandung, surabaya, medan, semarang, yogyakarta, jogja, jogjakarta, makassar,
    denpasar, palembang, padang, pekanbaru, banda aceh, aceh, balikpapan, samarinda, pontianak,
    banjarmasin, manado, kupang, mataram, jayapura, ambon, batam, bogor, depok, tangerang,
    bekasi, solo, surakarta, malang, serang, jambi, bengkulu, bandar lampung, lampung, palu,
    kendari, gorontalo, mamuju, ternate, sorong, manokwari, tanjungpinang, tanjung pinang,
    pangkalpinang, palangka raya, palangkaraya, tarakan, cirebon, tasikmalaya, kediri, jember,
    madiun, magelang, purwokerto, sleman, bantul, washington, washington dc, new york, moskow,
    moscow, london, paris, berlin, beijing, tokyo, seoul, canberra, sydney, singapura,
    singapore, kuala lumpur, bangkok, manila, hanoi, new delhi, kiev, kyiv, kairo, cairo,
    riyadh, teheran, tehran, ankara, istanbul, brussels, brussel, jenewa, geneva, roma, rome,
    den haag, the hague, doha, dubai, yerusalem, jerusalem, gaza, damaskus, damascus, baghdad,
    beirut, islamabad, dhaka, wina, vienna, madrid, ottawa, havana, caracas, brasilia,
    tel aviv, vatikan, pyongyang, taipei, hong kong, shanghai, mumbai, kabul, amman, warsawa,
    warsaw, minsk, tbilisi, stockholm, oslo, helsinki, kopenhagen, copenhagen, lisbon, lisabon,
    athena, athens, dili, phnom penh, vientiane, yangon, naypyidaw, bandar seri begawan,
    port moresby, wellington, los angeles, san francisco, chicago, toronto, montreal
    """.replace("\n", " ").split(",")
)


def _is_place(part: str) -> bool:
    if " " not in part and "." not in part and part.isupper() and len(part) > 1:
        return True  # "JAKARTA": datelines print the city in capitals
    return " ".join(part.casefold().split()) in _PLACES


_DOMAIN = re.compile(r"\w\.(?:com|co|id|net|org|news|tv|info|me|io|co\.id|or\.id|go\.id)\b", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
# "HEAD -- body": the head holds no sentence punctuation (a dot only inside a domain) and no
# dash; one bracketed group is allowed ("Moskow (ANTARA)").
_DATELINE = re.compile(
    r"^(?P<head>(?:[^\n.!?:;\"“”()\-–—]|\.(?=\w)|\([^()\n]{1,40}\)){2,70}?)\s*(?:--|[-–—])\s+(?=\S)"
)
_BRACKETED = re.compile(r"^(?P<place>[^()]*?)\s*\((?P<source>[^()]+)\)$")


def _name_like(part: str) -> bool:
    """Every word is capitalised, has a capital inside ("detikNews") or is a domain."""
    words = part.split()
    return bool(words) and len(words) <= 5 and all(
        any(ch.isupper() for ch in w) or _DOMAIN.search(w) or w.isdigit() for w in words
    )


def _looks_like_date(part: str) -> bool:
    return bool(_DATE.search(part)) or bool(re.fullmatch(r"[\d\s/.,-]+", part))


@lru_cache(maxsize=4096)  # an outlet writes the same dateline on every article
def source_from_dateline(head: str) -> str:
    """The outlet in a dateline head ("Jakarta, CNN Indonesia"), or ""."""
    head = " ".join(head.split())
    if m := _BRACKETED.match(head):
        source = m.group("source").strip()
        if _looks_like_date(source) or not _name_like(source):
            return ""
        return source
    parts = [p.strip() for p in head.split(",") if p.strip() and not _looks_like_date(p.strip())]
    if not parts or len(parts) > 2 or not all(_name_like(p) for p in parts):
        return ""
    if len(parts) == 1:
        (part,) = parts
        return "" if _is_place(part) else part
    domains = [p for p in parts if _DOMAIN.search(p)]
    if len(domains) == 1:
        return domains[0]
    places = [_is_place(p) for p in parts]
    if places.count(True) == 1:
        return parts[places.index(False)]
    acronyms = [bool(_ACRONYM.search(p)) for p in parts]
    if acronyms.count(True) == 1:
        return parts[acronyms.index(True)]
    return parts[1]


def dateline(line: str) -> tuple[str, str] | None:
    """(head, body) when `line` opens with a dateline and goes on with body text."""
    m = _DATELINE.match(line)
    if m is None:
        return None
    head, body = m.group("head").strip(), line[m.end():]
    if len(head.split()) > 7 or len(body) < 40:  # a headline with a dash is short
        return None
    return head, body


def infer_source(lines: list[str], skip: int | None = None) -> str:
    """The outlet named by the first dateline among the first non-empty lines, or ""."""
    seen = 0
    for i, line in enumerate(lines):
        line = line.strip()
        if not line or i == skip:
            continue
        seen += 1
        if seen > 15:
            break
        found = dateline(line)
        if found is not None:
            source = source_from_dateline(found[0])
            if source or _is_place(found[0].split(",")[0].strip()):
                return source
    return ""


# --- title --------------------------------------------------------------------------------

_TITLE_MAX = 160
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")
_NOT_HEADLINE_END = (".", ",", ";", ":", "-", "–", "—")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def _headline_case(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) >= 4]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


# find_headline looks for the headline among the first HEADLINE_WITHIN lines and reads the
# HEADLINE_AFTER lines after it: no line past _HEADLINE_READS.
HEADLINE_WITHIN, HEADLINE_AFTER = 60, 39
_HEADLINE_READS = HEADLINE_WITHIN + HEADLINE_AFTER + 1


def find_headline(lines: list[str]) -> int | None:
    """Index of the headline line in `lines` (see the module docstring), or None."""
    for i, line in enumerate(lines[:HEADLINE_WITHIN]):
        s = _MD_HEADING.sub("", line.strip())
        if not s or is_chrome(s):
            continue
        # the first line that is not chrome: a headline, or the body has started
        rest = lines[i + 1:i + 1 + HEADLINE_AFTER]
        return i if is_headline(s, rest[0].strip() if rest else "", lambda: any(x.strip() for x in rest)) else None
    return None


def is_headline(s: str, following: str, more: Callable[[], bool]) -> bool:
    """Whether `s`, the first line that is not chrome (stripped, without a Markdown heading
    mark), is the headline: `following` is the next line stripped, `more()` whether any of the
    HEADLINE_AFTER lines after it is not blank."""
    if len(s) > _TITLE_MAX or len(s.split()) < 2 or s.endswith(_NOT_HEADLINE_END):
        return False
    if dateline(s) is not None:
        return False
    if not following:  # a blank line follows, or nothing: then the whole text is this line
        return more()
    body_like = (len(following) >= 80 or following.endswith((".", "!", "?", '"', "”"))) and (
        following[0].isupper() or following[0] in "\"“‘'("
    )
    return body_like and _headline_case(s) and not s.endswith(("?", "!"))


def headline_text(line: str) -> str:
    return " ".join(_MD_HEADING.sub("", line.strip()).split())


def first_sentence(text: str, limit: int = 100) -> str:
    """A readable title from running text: its first sentence, at most about `limit` characters."""
    paragraph = next((p for p in text.split("\n\n") if p.strip()), "")
    paragraph = " ".join(paragraph.split())
    if (found := dateline(paragraph)) is not None:
        paragraph = found[1].strip()
    sentence = paragraph
    for m in _SENTENCE_END.finditer(paragraph):
        if m.start() >= 30:  # not at "Dr." or "AS." in the first words
            sentence = paragraph[:m.start()]
            break
    sentence = sentence.strip()
    if len(sentence) > limit:
        cut = sentence[:limit + 1]
        space = cut.rfind(" ")
        sentence = (cut[:space] if space > limit // 2 else sentence[:limit]).rstrip(" ,;:–—-") + "…"
    elif sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    return sentence


# --- all together -------------------------------------------------------------------------


@dataclass(frozen=True)
class Inferred:
    text: str  # cleaned, without the title line
    title: str
    published: date | None
    source: str


def infer(raw: str, *, title: str | None = None, find_date: bool = True, find_source: bool = True) -> Inferred:
    """Repair and clean `raw` and work out what was not given: the title (when `title` is None or
    empty), the date (when `find_date`), the source (when `find_source`). `raw` has "\\n" line
    ends."""
    staged, to_clean = _stage(repair(raw), title and repair(title), find_date, find_source)
    return finish(staged, clean_text(to_clean, title=staged.title))


@dataclass(frozen=True)
class Staged:
    """An article between the steps of `infer`: its headline found, its text not yet read."""

    raw: str
    title: str | None  # given, or the headline's
    headline: int | None  # its line in raw
    find_date: bool
    find_source: bool


def _stage(raw: str, title: str | None, find_date: bool, find_source: bool) -> tuple[Staged, str]:
    """The article staged, and the text to clean: raw, with the headline made a paragraph of
    its own even when body text follows directly."""
    if title:
        return Staged(raw, title, None, find_date, find_source), raw
    # find_headline reads no further than line _HEADLINE_READS: the rest stays unsplit
    lines = raw.split("\n", _HEADLINE_READS)
    headline = find_headline(lines[:_HEADLINE_READS])
    if headline is None:
        return Staged(raw, None, None, find_date, find_source), raw
    title = headline_text(lines[headline])
    rest = raw.split("\n", headline + 1)[headline + 1:]
    return Staged(raw, title, headline, find_date, find_source), "\n".join(lines[:headline] + [title, ""] + rest)


def finish(staged: Staged, text: str) -> Inferred:
    """What `infer` reads from `text` (the staged text, cleaned): the title when none was
    found, the date, the source."""
    raw = staged.raw
    title = staged.title
    if not title:
        title = first_sentence(text) or headline_text(next((x for x in raw.split("\n") if x.strip()), ""))[:100]
    published = None
    if staged.find_date:
        # the article's own words first; then the raw text, for a date line the cleaning dropped
        published = infer_date(text) or infer_date(raw)
    source = infer_source(raw.split("\n"), skip=staged.headline) if staged.find_source else ""
    return Inferred(text=text, title=title, published=published, source=source)


def _failed(exc: Exception) -> str:
    return f"{exc.__class__.__name__}: {exc}"


def finish_batch(batch: Sequence[tuple[Staged, str]]) -> list[Inferred | str]:
    """finish() for each (staged, text), in a worker process too (corpus.parallel); an article
    that fails gives "ErrorClass: message" instead, so that one odd text never costs the others."""
    out: list[Inferred | str] = []
    for staged, text in batch:
        try:
            out.append(finish(staged, text))
        except Exception as exc:  # noqa: BLE001 -- reported by the caller, by file or row
            out.append(_failed(exc))
    return out


# --- a whole corpus -----------------------------------------------------------------------

INFERRED_SCHEMA = {"text": pl.String, "title": pl.String, "published": pl.Date, "source": pl.String, "error": pl.String}
_FOUND_SCHEMA = {"text": pl.String, "title": pl.String, "headline": pl.UInt32, "error": pl.String}
# Below this many articles the columns' fixed cost (about 20 ms) is more than Python's, article
# by article (about 0.14 ms each).
COLUMNS_MIN = 300


def infer_frame(
    given: pl.DataFrame,
    finish_all: Callable[[list[tuple[Staged, str]]], list[Inferred | str]] = finish_batch,
) -> pl.DataFrame:
    """infer(raw, title=, find_date=, find_source=) for each row of `given` (those columns), as
    the columns of INFERRED_SCHEMA; error is "ErrorClass: message" for a row that failed, null
    otherwise. Headlines are found and texts cleaned a column at a time, part by part in
    threads (_infer_part); only what needs Python's reading (a title from the first sentence, a
    date, a dateline) crosses into Python, through `finish_all` (which may spread it over
    processes)."""
    # repaired before anything reads them (corpus.repair); the caller keeps the raw text as received
    given = given.with_columns(raw=repair_column(given["raw"]), title=repair_column(given["title"]))
    given_text = given.select("raw", "title")
    found = in_parts(_infer_part, given_text) if given.height >= COLUMNS_MIN else _infer_each(given_text)
    todo = pl.concat([given.select("raw", "find_date", "find_source"), found], how="horizontal").with_row_index("row")
    todo = todo.filter(pl.col("error").is_null() & (pl.col("title").is_null() | pl.col("find_date") | pl.col("find_source")))
    staged = [
        (Staged(raw, title, headline, find_date, find_source), text)
        for raw, find_date, find_source, title, headline, text in rows(
            todo.select("raw", "find_date", "find_source", "title", "headline", "text")
        )
    ]
    done = finish_all(staged)
    ok = [d if isinstance(d, Inferred) else None for d in done]
    where = todo["row"]
    return pl.DataFrame({
        "text": found["text"],
        "title": found["title"].scatter(where, pl.Series([d and d.title for d in ok], dtype=pl.String)),
        "published": pl.Series([None] * given.height, dtype=pl.Date).scatter(
            where, pl.Series([d and d.published for d in ok], dtype=pl.Date)
        ),
        "source": pl.Series([""] * given.height, dtype=pl.String).scatter(
            where, pl.Series([d.source if d else "" for d in ok], dtype=pl.String)
        ),
        "error": found["error"].scatter(where, pl.Series([d if isinstance(d, str) else None for d in done], dtype=pl.String)),
    })


def infer_batch(
    jobs: Sequence[tuple[str, str | None, bool, bool]],
    finish_all: Callable[[list[tuple[Staged, str]]], list[Inferred | str]] = finish_batch,
) -> list[Inferred | str]:
    """infer_frame over jobs (raw, title, find_date, find_source): an Inferred for each, or
    "ErrorClass: message" for one that failed."""
    given = pl.DataFrame(
        list(jobs), orient="row",
        schema={"raw": pl.String, "title": pl.String, "find_date": pl.Boolean, "find_source": pl.Boolean},
    )
    return [
        error if error is not None else Inferred(text=text, title=title, published=published, source=source)
        for text, title, published, source, error in rows(infer_frame(given, finish_all))
    ]


def _infer_part(part: pl.DataFrame) -> pl.DataFrame:
    """For each row of `part` (doc: 0, 1, ...; raw; title), as _FOUND_SCHEMA: the cleaned text,
    the title given or the headline's (null for neither), the headline's line in raw."""
    try:
        return _infer_in_columns(part)
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException):  # one text polars cannot hold
        return _infer_each(part)


def _infer_each(part: pl.DataFrame) -> pl.DataFrame:
    """_infer_part, article by article in Python."""
    return pl.DataFrame([_infer_one(raw, title) for raw, title in rows(part.select("raw", "title"))],
                        schema=_FOUND_SCHEMA, orient="row")


def _infer_one(raw: str, title: str | None) -> tuple:
    try:
        staged, to_clean = _stage(raw, title, False, False)
        return clean_text(to_clean, title=staged.title), staged.title, staged.headline, None
    except Exception as exc:  # noqa: BLE001 -- as finish_batch
        return "", None, None, _failed(exc)


def _infer_in_columns(part: pl.DataFrame) -> pl.DataFrame:
    part = part.with_columns(pl.col("title").replace("", None))  # an empty title is none (_stage)
    # Articles whose characters the column form cannot be trusted with (or with "\r" line ends)
    # are staged by _stage; the headlines of the others are found in columns and judged here.
    odd = unsafe(part) | part["raw"].str.contains("\r", literal=True)
    heads, errors = [], {}
    search = part.filter(~odd & pl.col("title").is_null()).select("doc", "raw")
    candidates = headline_candidates(search, HEADLINE_WITHIN, HEADLINE_AFTER)
    for doc, line, start, length, s, following, more in rows(candidates):
        try:
            if is_headline(s, following, lambda: more):
                heads.append((doc, line, start, length, " ".join(s.split())))
        except Exception as exc:  # noqa: BLE001 -- as finish_batch
            errors[doc] = _failed(exc)
    staged = []
    for doc, raw, title in rows(part.filter(odd).select("doc", "raw", "title")):
        try:
            st, to_clean = _stage(raw, title, False, False)
            staged.append((doc, to_clean, st.title, st.headline))
        except Exception as exc:  # noqa: BLE001 -- as finish_batch
            errors[doc] = _failed(exc)
    found = pl.DataFrame(
        heads, orient="row",
        schema={"doc": pl.UInt32, "headline": pl.UInt32, "start": pl.UInt32, "length": pl.UInt32, "found": pl.String},
    )
    raw, start, end = pl.col("raw"), pl.col("start"), pl.col("start") + pl.col("length")
    # _stage's text: the headline line replaced by the title and a blank line
    after = pl.when(end < raw.str.len_chars()).then(pl.concat_str(pl.lit("\n"), raw.str.slice(end + 1))).otherwise(pl.lit(""))
    frame = part.join(found, on="doc", how="left", maintain_order="left").select(
        "doc",
        raw=pl.when(pl.col("headline").is_null()).then(raw).otherwise(
            pl.concat_str(raw.str.slice(0, start), pl.col("found"), pl.lit("\n"), after)
        ),
        title=pl.coalesce("title", "found"),
        headline="headline",
    )
    if staged:
        docs = pl.Series([d for d, *_ in staged], dtype=pl.UInt32)
        frame = frame.with_columns(
            frame["raw"].scatter(docs, pl.Series([t for _, t, _, _ in staged], dtype=pl.String)),
            frame["title"].scatter(docs, pl.Series([t for _, _, t, _ in staged], dtype=pl.String)),
            frame["headline"].scatter(docs, pl.Series([h for *_, h in staged], dtype=pl.UInt32)),
        )
    # the headline's title is made of the raw line's characters: odd stays what it was
    out = frame.select(text=clean_column(frame.select("doc", "raw", "title"), odd), title="title", headline="headline",
                       error=pl.lit(None, pl.String))
    if errors:
        docs = pl.Series(list(errors), dtype=pl.UInt32)
        out = out.with_columns(
            out["text"].scatter(docs, ""), out["error"].scatter(docs, pl.Series(list(errors.values()), dtype=pl.String))
        )
    return out
