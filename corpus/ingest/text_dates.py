"""The publication date in an article's text, and text dates checked against a whole corpus.

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

A corpus (`corpus_year`, `text_outliers`, YEARLESS_WEEKDAY)
    The loader (corpus.ingest.finish) dates yearless weekday dates with the year of the corpus's
    bulk, and makes undated the text dates far outside the corpus's other dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import cast

import polars as pl

from corpus.ingest.date_expressions import DATE, FULL_CAPITALISED, WEEKDAYS, Found, make_date, read_match

_MONTH_YEAR = re.compile(rf"(?-i:\b(?:{FULL_CAPITALISED}))\s+((?:19|20)\d\d)(?!\d)")
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


def _not_today(text: str, f: Found) -> bool:
    return bool(_NOT_TODAY_BEFORE.search(text[max(0, f.start - 40):f.start])
                or _NOT_TODAY_AFTER.match(text[f.end:f.end + 12]))


def _context_years(text: str, found: list[Found]) -> list[tuple[int, int]]:
    """(position, year) of every full date and every month-and-year in `text`."""
    years = [(f.start, f.year) for f in found if f.year is not None and make_date(f.year, f.month, f.day)]
    return years + [(m.start(), int(m.group(1))) for m in _MONTH_YEAR.finditer(text)]


def _resolve(found: Found, years: list[tuple[int, int]]) -> date | None:
    """A date; a yearless one given (position, year) of the context years in its text."""
    if found.year is not None:
        return make_date(found.year, found.month, found.day)
    nearest: list[int] = []
    for _, year in sorted(years, key=lambda py: abs(py[0] - found.start)):
        if year not in nearest:
            nearest.append(year)
    if found.weekday is None:
        for year in nearest:
            if (day := make_date(year, found.month, found.day)) is not None:
                return day
        return None
    for year in nearest:
        for candidate in (year, year - 1, year + 1):
            day = make_date(candidate, found.month, found.day)
            if day is not None and day.weekday() == found.weekday:
                return day
    return None


DIGITS = re.compile(r"\d+")
REACH = 40  # a date expression reaches at most this far from one of its digits


def iter_found(text: str, stop: int | None = None) -> Iterator[Found]:
    """Date expressions in reading order, found as they are read (a caller may stop early),
    those starting before `stop` when given. Every one holds a digit, so only the stretches of
    text around digits are searched (the full pattern is slow on long runs of prose)."""
    window: list[int] | None = None
    for m in DIGITS.finditer(text):
        start, end = max(0, m.start() - REACH), m.end() + REACH
        if stop is not None and start > stop:
            break
        if window is not None and start <= window[1]:
            window[1] = end
            continue
        if window is not None:
            yield from found_in(text, *window)
        window = [start, end]
    if window is not None:
        yield from found_in(text, *window)


def found_in(text: str, start: int, end: int) -> Iterator[Found]:
    if start:  # begin at a word boundary, not inside a weekday name
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else 0
    for m in DATE.finditer(text, start, min(end, len(text))):
        if (f := read_match(m)) is not None:
            yield f


def looks_like_date(text: str) -> bool:
    """Whether `text` holds a date expression (a dateline part that is not a name)."""
    return DATE.search(text) is not None


_TIME_AFTER = re.compile(r"^[\s,|-]*(?:pukul\s*)?\d{1,2}[:.]\d\d\b", re.IGNORECASE)
_DASH_AFTER = re.compile(r"^\s*\)?\s*(?:\([^()\n]{1,30}\)\s*)?(?:-{1,2}|–|—)\s")  # "... 10/9 (Reuters) -"
_DATE_LINE = 80  # characters: a line this short holding a date is a date line


def _dateline_like(text: str, f: Found) -> bool:
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


def _top_date(text: str, found: Iterable[Found], years: list[tuple[int, int]]) -> date | None:
    """The first dateline-like date that resolves among those starting in the first TOP_CHARS
    characters of `text` (`found`: its date expressions, in reading order)."""
    for f in found:
        if f.start >= TOP_CHARS:
            break
        if _dateline_like(text, f) and not _not_today(text, f) and (day := _resolve(f, years)) is not None:
            return day
    return None


def _body_date(text: str, found: list[Found], years: list[tuple[int, int]]) -> date | None:
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
    found, rest = [], iter_found(text)
    for f in rest:  # the usual case first: a full date in the dateline, and no need to read on
        found.append(f)
        if f.start >= TOP_CHARS:
            break
        if _dateline_like(text, f) and not _not_today(text, f):
            if f.year is None:
                break  # it needs the context years of the whole text
            if (day := make_date(f.year, f.month, f.day)) is not None:
                return day, "dateline"
    found += rest
    years = _context_years(text, found) if any(f.year is None for f in found) else []
    if not years and corpus_years:
        years = [(0, year) for year in corpus_years]
        found = [f for f in found if f.year is not None or f.weekday is not None]  # a weekday to check
    if (day := _top_date(text, found, years)) is not None:
        return day, "dateline"
    if raw_top and (day := _top_date(raw_top, iter_found(raw_top, TOP_CHARS), years)) is not None:
        return day, "dateline"
    if (day := _body_date(text, found, years)) is not None:
        return day, "text"
    return None, None


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
    # not None: there are OUTLIER_MIN dates or more
    q1 = cast(float, days.to_physical().quantile(0.25, "lower"))
    q3 = cast(float, days.to_physical().quantile(0.75, "higher"))
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
    q1, q3 = cast(float, bulk.quantile(0.25, "lower")), cast(float, bulk.quantile(0.75, "higher"))
    reach = OUTLIER_IQRS * (q3 - q1) + OUTLIER_MARGIN
    far = (frame["day"] < q1 - reach) | (frame["day"] > q3 + reach)
    return (from_text & far.fill_null(False)).alias("outlier")
