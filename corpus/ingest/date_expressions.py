"""Date expressions in text: month and weekday names (Indonesian and English), the one regex
that finds a date written in any of the ways news writes it, and a match read as a day.

corpus.ingest.dates (dates given as values) and corpus.ingest.text_dates (the publication date
in an article's text) both read dates with these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# --- months and weekdays ------------------------------------------------------------------

MONTH_NAMES = {  # full names: Indonesian, old Indonesian spellings, English
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
MONTH_ABBREVIATIONS = {
    1: ("jan",), 2: ("feb", "peb"), 3: ("mar",), 4: ("apr",), 5: ("mei", "may"),
    6: ("jun",), 7: ("jul",), 8: ("agu", "agt", "ags", "agst", "aug"), 9: ("sep", "sept"),
    10: ("okt", "oct"), 11: ("nov", "nop"), 12: ("des", "dec"),
}
MONTHS: dict[str, int] = {  # lower-case name or abbreviation -> month number
    name: number
    for table in (MONTH_NAMES, MONTH_ABBREVIATIONS)
    for number, names in table.items()
    for name in names
}
WEEKDAY_NAMES = {  # date.weekday(): Monday is 0
    0: ("senin", "monday", "mon"),
    1: ("selasa", "tuesday", "tue", "tues"),
    2: ("rabu", "wednesday", "wed"),
    3: ("kamis", "thursday", "thu", "thur", "thurs"),
    4: ("jumat", "jum'at", "jum’at", "friday", "fri"),
    5: ("sabtu", "saturday", "sat"),
    6: ("minggu", "ahad", "sunday", "sun"),
}
WEEKDAYS: dict[str, int] = {name: n for n, names in WEEKDAY_NAMES.items() for name in names}


def alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


MON = alternation(MONTHS)
WD = alternation(WEEKDAYS)
# A month name standing without a year must be capitalised ("Maret", "MARET", not "may").
FULL_CAPITALISED = "|".join(
    f"{re.escape(n.capitalize())}|{re.escape(n.upper())}"
    for names in MONTH_NAMES.values() for n in sorted(names, key=len, reverse=True)
)
MONTH_INITIALS = "".join(sorted({n[0] for n in MONTHS} | {n[0].upper() for n in MONTHS}))

# Each branch starts with a digit or a month name, so most positions fail at once; a weekday
# before the match ("Kamis, ", "Senin (", "Mon. ") is read backwards by `weekday_before`.
DATE = re.compile(
    "(?=\\d)(?:"
    + "|".join(
        (
            # 9 Maret 2023 / 14 Nov. 2016 / 14-Nov-2016 / 14th November 2016
            rf"(?<!\d)(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+(?P<m1>{MON})\.?[\s,-]+(?P<y1>\d{{4}})(?!\d)",
            # 2016-11-14 / 2016/11/14
            r"(?<!\d)(?P<y3>(?:19|20)\d\d)(?P<s3>[-/])(?P<m3>\d{1,2})(?P=s3)(?P<d3>\d{1,2})(?!\d)",
            # 14/11/2016, 14-11-2016, 14.11.2016, 3/7/19
            r"(?<![\d/.])(?P<a4>\d{1,2})(?P<s4>[-/.])(?P<b4>\d{1,2})(?P=s4)(?P<y4>\d{4}|(?<=/\d/)\d\d|(?<=/\d\d/)\d\d)(?![\d/])",
            # 14/11 -- only after a weekday: Senin (14/11)
            r"(?<![\d/.])(?P<d5>\d{1,2})/(?P<m5>\d{1,2})(?![\d/])",
            # 9 Maret (no year)
            rf"(?<!\d)(?P<d6>\d{{1,2}})\s+(?-i:(?P<m6>{FULL_CAPITALISED}))\b",
        )
    )
    + f")|\\b(?=[{MONTH_INITIALS}])(?:"
    + "|".join(
        (
            # November 14, 2016 / Nov. 14, 2016
            rf"(?P<m2>{MON})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})(?!\d)",
            # November 14 (no year)
            rf"(?-i:(?P<m7>{FULL_CAPITALISED}))\s+(?P<d7>\d{{1,2}})(?:st|nd|rd|th)?\b(?![,.]?\s*\d)",
        )
    )
    + ")",
    re.IGNORECASE,
)
WEEKDAY_BEFORE = re.compile(rf"(?:^|[^\w’'])({WD})\.?\s*,?\s*\(?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    day: int
    month: int
    year: int | None
    weekday: int | None


def make_date(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def full_year(text: str) -> int:
    y = int(text)
    return y + (2000 if y < 70 else 1900) if len(text) == 2 else y


def weekday_before(text: str, start: int) -> int | None:
    m = WEEKDAY_BEFORE.search(text[max(0, start - 18):start])
    return None if m is None else WEEKDAYS.get(m.group(1).lower())


def read_match(m: re.Match[str]) -> Found | None:
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
        year = full_year(g["y4"])
    elif g["d5"]:
        day, month, year = int(g["d5"]), int(g["m5"]), None
    elif g["d6"]:
        day, month, year = int(g["d6"]), MONTHS[g["m6"].lower()], None
    else:
        day, month, year = int(g["d7"]), MONTHS[g["m7"].lower()], None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    weekday = weekday_before(m.string, m.start())
    if g["d5"] and weekday is None:
        return None  # "14/11" alone is as likely a score or a ratio
    return Found(m.start(), m.end(), day, month, year, weekday)


# "Januari 2025": a month and year, context for a yearless date (a full date is context too)
