"""The dateline of a news text, and the source (outlet) it names.

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
from functools import lru_cache

from corpus.ingest.text_dates import looks_like_date

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
    return looks_like_date(part) or bool(re.fullmatch(r"[\d\s/.,-]+", part))


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


