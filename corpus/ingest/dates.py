"""Dates: of a value (a table's date column, a manifest or front-matter field) and of an
article's text. One parser: `parse_date` reads a value, `parse_dates` a column (each distinct
value once, with parse_date), `text_date` finds the publication date in running text.

Values (`parse_date`)
    ISO with or without a time ("2019-09-17", "2019-09-17T13:47:00+07:00", "2019-09-17 13:47"),
    "17/09/2019", "17-09-2019", "17.09.2019" (day first; a column is read month first only when
    some value fits no other way and none needs day first), "10-Sep-19" and "10 Sep 19" (a
    two-digit year after a month name), "Sep 10, 2019", "10 September 2019", "Selasa, 10
    September 2019 14:05 WIB", Indonesian and English month names and abbreviations ("31 Juli
    2019", "Oktober 19, 2019", "10 Agu 2019"), with stray spaces anywhere; numbers, or strings
    of digits: yyyymmdd (19000101-21001231), Excel serial day numbers for 1990-2099
    (32874-73050, a fraction being the time of day) and Unix timestamps in seconds,
    milliseconds or microseconds (from 1973 on: 9 digits or more). These ranges do not overlap,
    and a bare year ("2019") is none of them. A date without a year is not a date here.

Text (`text_date`)
    Every date expression is found ("Kamis, 9 Maret 2023", "14 Nov. 2016", "November 14,
    2016", "2016-11-14", "14/11/2016", "Rabu (3/7/2019)"; without a year "Senin (14/11)",
    "9 Maret", "November 14"; a month name without a year must be capitalised: "3 may" is not
    a date). A date without a year takes one only from a date-like context in the same text:
    the nearest full date, or month and year ("Januari 2025"); never from a bare year number
    ("Piala Dunia 2022"). With a weekday the year must agree with it: the context year, or the
    one before or after it, whose calendar puts that weekday on that day; a weekday alone
    never picks a year.
    The publication date is where news puts it, tried in this order:
      dateline  the first date of the first TOP_CHARS characters (the dateline and first lines)
                that is written as news dates its reports: named with a weekday ("Jakarta,
                Selasa (10/9/2019) -", "Senin (14/11)"), followed by a time ("10 September 2019,
                14:05 WIB"), ending a dateline head ("Jakarta, 10/9/2019 -", "WASHINGTON, Nov 14, 2016
                (Reuters) -"), or alone on a
                short line; in the cleaned text, then in the raw text without its headline line
                (a date line the cleaning dropped). A bare "pada 22 Juli 2019" in the lead is an
                event's date: on the dev corpus such dates were more often wrong than right.
      text      else the body's dates named with a weekday ("pada Rabu (11/9)": news names the
                days of its own week so), when they all lie within MAX_SPREAD days of one
                another: the latest of them. Dates without a weekday, or far apart (a launch
                last year, a concert next month), do not say which day is today's: the
                article is left undated rather than dated wrong.
    Anywhere, a date that is not the day of writing by its words is passed over: one introduced
    as a birth, death, wedding or founding ("lahir 30 November 1995", "kelahiran ...", "menikah
    pada ..."), the start or end of a span ("sejak 6 September 2019", "mulai 1 Januari 2020",
    "hingga ...", the second day of "3-12 Januari 2020"), or marked as past or to come ("...
    silam", "... lalu", "... mendatang", "... nanti").
    Outliers against the rest of a corpus are judged by the loader (`text_outliers`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import polars as pl

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


# "Januari 2025": a month and year, context for a yearless date (a full date is context too)
_MONTH_YEAR = re.compile(rf"(?-i:\b(?:{_FULL_CAPITALISED}))\s+((?:19|20)\d\d)(?!\d)")
# What makes a date not the day of writing: it introduces a birth, a death, a wedding or a
# founding ("lahir pada 30 November 1995"), is the start or end of a span ("sejak 6 September",
# "mulai 1 Januari 2020", "hingga ...", "3-12 Januari 2020"), or is marked as past or to come
# ("... silam", "... lalu": ago, last; "... mendatang", "... nanti": upcoming).
_NOT_TODAY_BEFORE = re.compile(
    r"(?:\b(?:lahir|kelahiran|dilahirkan|born|wafat|meninggal(?:\s+dunia)?|died|menikah|married|"
    r"didirikan|berdiri|founded|dibentuk|sejak|since|mulai|starting|hingga|sampai|until)\b[^.\d]{0,20}"
    r"|\d\s*[-–]\s*)$",
    re.IGNORECASE,
)
_NOT_TODAY_AFTER = re.compile(
    r"^[\s,)]*(?:silam|yang\s+silam|lalu|yang\s+lalu|mendatang|nanti|yang\s+akan\s+datang)\b", re.IGNORECASE
)

TOP_CHARS = 300  # the dateline and the first lines of a text: where news puts its date
MAX_SPREAD = 7  # days: body dates farther apart than this do not say which day is today


def _not_today(text: str, f: _Found) -> bool:
    return bool(_NOT_TODAY_BEFORE.search(text[max(0, f.start - 40):f.start])
                or _NOT_TODAY_AFTER.match(text[f.end:f.end + 12]))


def _context_years(text: str, found: list[_Found]) -> list[tuple[int, int]]:
    """(position, year) of every full date and every month-and-year in `text`."""
    years = [(f.start, f.year) for f in found if f.year is not None and _make(f.year, f.month, f.day)]
    return years + [(m.start(), int(m.group(1))) for m in _MONTH_YEAR.finditer(text)]


def _resolve(found: _Found, years: list[tuple[int, int]]) -> date | None:
    """A date; a yearless one given (position, year) of the context years in its text."""
    if found.year is not None:
        return _make(found.year, found.month, found.day)
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


_DIGITS = re.compile(r"\d+")
_REACH = 40  # a date expression reaches at most this far from one of its digits


def _iter_found(text: str, stop: int | None = None) -> Iterator[_Found]:
    """Date expressions in reading order, found as they are read (a caller may stop early),
    those starting before `stop` when given. Every one holds a digit, so only the stretches of
    text around digits are searched (the full pattern is slow on long runs of prose)."""
    window: list[int] | None = None
    for m in _DIGITS.finditer(text):
        start, end = max(0, m.start() - _REACH), m.end() + _REACH
        if stop is not None and start > stop:
            break
        if window is not None and start <= window[1]:
            window[1] = end
            continue
        if window is not None:
            yield from _found_in(text, *window)
        window = [start, end]
    if window is not None:
        yield from _found_in(text, *window)


def _found_in(text: str, start: int, end: int) -> Iterator[_Found]:
    if start:  # begin at a word boundary, not inside a weekday name
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else 0
    for m in _DATE.finditer(text, start, min(end, len(text))):
        if (f := _found(m)) is not None:
            yield f


def looks_like_date(text: str) -> bool:
    """Whether `text` holds a date expression (a dateline part that is not a name)."""
    return _DATE.search(text) is not None


_TIME_AFTER = re.compile(r"^[\s,|-]*(?:pukul\s*)?\d{1,2}[:.]\d\d\b", re.IGNORECASE)
_DASH_AFTER = re.compile(r"^\s*\)?\s*(?:\([^()\n]{1,30}\)\s*)?(?:-{1,2}|–|—)\s")  # "... 10/9 (Reuters) -"
_DATE_LINE = 80  # characters: a line this short holding a date is a date line


def _dateline_like(text: str, f: _Found) -> bool:
    """Whether a date of the first lines is written as news dates its reports: named with a
    weekday ("Selasa (10/9/2019)", "Kamis, 9 Maret 2023"), followed by a time ("10 September
    2019, 14:05 WIB"), ending a dateline head ("Jakarta, 10/9/2019 -", "WASHINGTON, Nov 14,
    2016 (Reuters) -"), or on a short line of its own. A bare "pada 22 Juli 2019" in the lead
    is an event's date, as often not today's."""
    if f.weekday is not None or _TIME_AFTER.match(text[f.end:f.end + 20]):
        return True
    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.end)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start <= _DATE_LINE:
        return True
    return f.start - line_start <= 60 and bool(_DASH_AFTER.match(text[f.end:f.end + 40]))


def _top_date(text: str, found: Iterable[_Found], years: list[tuple[int, int]]) -> date | None:
    """The first dateline-like date that resolves among those starting in the first TOP_CHARS
    characters of `text` (`found`: its date expressions, in reading order)."""
    for f in found:
        if f.start >= TOP_CHARS:
            break
        if _dateline_like(text, f) and not _not_today(text, f) and (day := _resolve(f, years)) is not None:
            return day
    return None


def _body_date(text: str, found: list[_Found], years: list[tuple[int, int]]) -> date | None:
    """The latest of the body's dates named with a weekday ("Rabu (11/9)": news names the days
    of its own week so) when they lie within MAX_SPREAD days, else None."""
    days = [
        day for f in found
        if f.weekday is not None and not _not_today(text, f) and (day := _resolve(f, years)) is not None
    ]
    return max(days) if days and (max(days) - min(days)).days <= MAX_SPREAD else None


def text_date(text: str, raw_top: str = "", corpus_years: tuple[int, ...] = ()) -> tuple[date | None, str | None]:
    """(publication date, "dateline" or "text") read from an article's text, or (None, None).
    `raw_top`: the raw text without its headline line, for a date line the cleaning dropped.
    `corpus_years`: years for a weekday to choose among when the text has no context year (the
    loader gives the year of the corpus's bulk). See the module docstring."""
    found, rest = [], _iter_found(text)
    for f in rest:  # the usual case first: a full date in the dateline, and no need to read on
        found.append(f)
        if f.start >= TOP_CHARS:
            break
        if _dateline_like(text, f) and not _not_today(text, f):
            if f.year is None:
                break  # it needs the context years of the whole text
            if (day := _make(f.year, f.month, f.day)) is not None:
                return day, "dateline"
    found += rest
    years = _context_years(text, found) if any(f.year is None for f in found) else []
    if not years and corpus_years:
        years = [(0, year) for year in corpus_years]
        found = [f for f in found if f.year is not None or f.weekday is not None]  # a weekday to check
    if (day := _top_date(text, found, years)) is not None:
        return day, "dateline"
    if raw_top and (day := _top_date(raw_top, _iter_found(raw_top, TOP_CHARS), years)) is not None:
        return day, "dateline"
    if (day := _body_date(text, found, years)) is not None:
        return day, "text"
    return None, None


# --- values -------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_ISO = re.compile(r"^((?:19|20)\d\d)[-/](\d{1,2})[-/](\d{1,2})(?![\d/-])")
_TWO_DIGIT_YEAR = re.compile(rf"^(\d{{1,2}})[\s-]+({_MON})\.?[\s,-]+(\d\d)(?![\d:.])", re.IGNORECASE)
_NUMERIC = re.compile(r"^\D*?(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](?:\d{4}|\d\d)(?!\d)")
EXCEL_FIRST, EXCEL_END = 32874, 73051  # serial day numbers of 1990-01-01 and 2100-01-01
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system after its 1900-02-29


def timestamp_date(value: float) -> date | None:
    """A Unix timestamp in seconds, milliseconds or microseconds (told apart by size), as a UTC date."""
    for scale in (1, 1_000, 1_000_000, 1_000_000_000):
        if abs(value) < 1e11 * scale:
            try:
                return datetime.fromtimestamp(value / scale, tz=timezone.utc).date()
            except (OverflowError, OSError, ValueError):
                return None
    return None


def number_date(value: float) -> date | None:
    """yyyymmdd, an Excel serial day number (1990-2099) or a Unix timestamp (1973 on)."""
    if value != value:  # NaN
        return None
    if 19000101 <= value <= 21001231 and value == int(value):
        v = int(value)
        return _make(v // 10000, v // 100 % 100, v % 100)
    if EXCEL_FIRST <= value < EXCEL_END:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    if value >= 1e8:
        day = timestamp_date(value)
        return day if day is not None and 1900 <= day.year <= 2100 else None
    return None


def parse_date(value: object, month_first: bool = False) -> date | None:
    """A date given as a value (a table cell, a manifest field), not found in running text (see
    the module docstring). `month_first`: "11/14/2016" style, for a column that is written so."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return number_date(float(value))
    text = " ".join(str(value).split())
    if not text:
        return None
    if _NUMBER.match(text):
        return number_date(float(text))
    if m := _ISO.match(text):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _TWO_DIGIT_YEAR.match(text):
        return _make(_year(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    if month_first and (m := _NUMERIC.match(text)):
        text = f"{text[:m.start(1)]}{m.group(2)}/{m.group(1)}{text[m.end(2):]}"
    for m in _DATE.finditer(text):
        f = _found(m)
        if f is not None and f.year is not None and (day := _make(f.year, f.month, f.day)):
            return day
    return None


def _month_first(values: list[str]) -> bool:
    """Whether numeric dates in `values` are written month first: some value's second number is
    above 12 and no value's first is."""
    firsts, seconds = [], []
    for v in values:
        if m := _NUMERIC.match(v):
            firsts.append(int(m.group(1)))
            seconds.append(int(m.group(2)))
    return any(s > 12 for s in seconds) and not any(f > 12 for f in firsts)


# A time of day closing a value ("... 14:05", "...T14:05:00+07:00", "... 10:00 AM", "... 14:05 WIB"),
# dropped before a column's values are compared: parse_date reads the day alone anyway.
_TIME_OF_DAY = r"[T\s]\d{1,2}:\d\d(?::\d\d(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d\d:?\d\d|[A-Za-z]{2,5})?\s*$"


def parse_dates(series: pl.Series) -> tuple[pl.Series, int, list[str]]:
    """A date column as dates (parse_date, once per distinct value), how many given values were
    not understood, and up to two of them."""
    dtype = series.dtype
    if dtype == pl.Date:
        dates = series
    elif isinstance(dtype, pl.Datetime):
        dates = series.dt.date()
    elif dtype == pl.Null:
        dates = pl.Series([None] * len(series), dtype=pl.Date)
    else:
        numeric = dtype.is_numeric()
        given = series.cast(pl.Float64 if numeric else pl.String, strict=False)
        if not numeric:  # a column of timestamps then holds a few hundred days, not a value a row
            given = given.str.replace(_TIME_OF_DAY, "")
        values = given.drop_nulls().unique().to_list()
        month_first = not numeric and _month_first(values)
        found = pl.DataFrame(
            {"v": values, "d": [parse_date(v, month_first) for v in values]},
            schema={"v": given.dtype, "d": pl.Date},
        )
        dates = pl.DataFrame({"v": given}).join(found, on="v", how="left", maintain_order="left")["d"]
    dates = dates.cast(pl.Date).alias("date")
    text = series.cast(pl.String, strict=False).str.strip_chars()
    missed = text.filter(dates.is_null() & text.is_not_null() & (text != ""))
    return dates, missed.len(), missed.unique(maintain_order=True).head(2).to_list()


# --- a corpus -----------------------------------------------------------------------------

# A weekday and a date without a year, for polars (Rust regex): "Rabu (18/9)", "Kamis, 19
# September". Only articles that match are read again with the corpus's year. The word
# boundaries are ASCII ones (20 times faster than Unicode's, and looser: a superset).
YEARLESS_WEEKDAY = (
    rf"(?i)(?-u:\b)(?:{'|'.join(sorted(WEEKDAYS, key=len, reverse=True))})(?-u:\b)\.?[\s,(]{{0,4}}\d{{1,2}}"
    r"(?:/\d{1,2}\)|\s+\p{L})"
)
ONE_YEAR = 366  # days: a corpus whose middle half of dates spans at most this lies within a year


def corpus_year(published: pl.Series) -> int | None:
    """The year of the bulk of a corpus's dates, for a weekday without a year to choose near:
    the median's year, when the middle half of at least OUTLIER_MIN dates lies within ONE_YEAR
    days; else None (a corpus spread over years gives no year to lean on)."""
    days = published.cast(pl.Date).drop_nulls()
    if days.len() < OUTLIER_MIN:
        return None
    q1, q3 = days.to_physical().quantile(0.25, "lower"), days.to_physical().quantile(0.75, "higher")
    if q3 - q1 > ONE_YEAR:
        return None
    return days.sort()[days.len() // 2].year


OUTLIER_IQRS = 3  # a text date this many interquartile ranges ...
OUTLIER_MARGIN = 180  # ... plus this many days outside the bulk of the corpus's dates is dropped
OUTLIER_MIN = 20  # dates needed to tell where the bulk is


def text_outliers(published: pl.Series, basis: pl.Series) -> pl.Series:
    """Which dates read from text ("dateline", "text") lie far outside the bulk of the corpus:
    beyond OUTLIER_IQRS interquartile ranges and OUTLIER_MARGIN days from the quartiles of the
    column and dateline dates (of all dates when fewer than OUTLIER_MIN of those). A column's
    dates are the user's data and are never outliers here."""
    frame = pl.DataFrame({"day": published.cast(pl.Date).to_physical(), "basis": basis})
    trusted = frame.filter(pl.col("basis").is_in(["column", "dateline"]))["day"].drop_nulls()
    bulk = trusted if trusted.len() >= OUTLIER_MIN else frame["day"].drop_nulls()
    if bulk.len() < OUTLIER_MIN:
        return pl.Series("outlier", [False] * frame.height, dtype=pl.Boolean)
    from_text = frame["basis"].is_in(["dateline", "text"]).fill_null(False)
    q1, q3 = bulk.quantile(0.25, "lower"), bulk.quantile(0.75, "higher")
    reach = OUTLIER_IQRS * (q3 - q1) + OUTLIER_MARGIN
    far = (frame["day"] < q1 - reach) | (frame["day"] > q3 + reach)
    return (from_text & far.fill_null(False)).alias("outlier")
