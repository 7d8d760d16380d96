"""Plain-text output of the headless commands: tables for people, JSON and CSV for programs.

Tables are fixed-width and fit the given width (80 columns unless the terminal says otherwise):
long cells are cut with "…", numbers are right-aligned and never cut. Every cell goes through
`one_line`, so no control character from the corpus reaches the terminal raw. JSON and CSV keep
the data as it is, except that control and format characters are escaped (JSON) or made
visible (CSV), for the same reason.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence

from tui.safe import one_line, visible

WIDTH = 80
GAP = "  "
ELLIPSIS = "…"
BAR = "█"
BAR_WIDTH = 20
MAX_TERMS = 20


# --- measuring and cutting ---------------------------------------------------------------


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal columns `text` takes (wide CJK characters count two, combining marks none)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def cut(text: str, width: int) -> str:
    """`text` shortened to `width` columns, ending in "…" when anything was dropped."""
    if cell_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out: list[str] = []
    used = 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + ELLIPSIS


def _pad(text: str, width: int, align: str) -> str:
    space = " " * max(0, width - cell_width(text))
    return space + text if align == "r" else text + space


# --- the generic table -------------------------------------------------------------------


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    align: str | Sequence[str] | None = None,
    *,
    width: int = WIDTH,
    shrink: Sequence[float] | None = None,
    min_width: int = 6,
    prefer: Sequence[int | None] | None = None,
) -> str:
    """Rows under a header and a rule, fitted to `width` columns.

    align: one "l" or "r" per column (default all left). Right-aligned columns hold numbers:
    they are never cut below their widest cell (only their header may be cut).
    shrink: a weight per column for sharing the cuts when the table is too wide; 0 keeps the
    column whole (use it for ids that must be copied). prefer: a width per column (or None)
    that cuts leave alone until every column is down to it; only then do they go further, to
    `min_width`. Cells may be any value; each becomes one safe line of text.
    """
    n = len(headers)
    aligns = list(align or "l" * n)
    weights = list(shrink) if shrink is not None else [1.0] * n
    head = [one_line(str(h)) for h in headers]
    body = [[one_line("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([cell_width(head[i])] + [cell_width(r[i]) for r in body]) for i in range(n)]
    mins = []
    for i in range(n):
        cells = max([cell_width(r[i]) for r in body], default=0)
        if weights[i] <= 0:
            mins.append(widths[i])
        elif aligns[i] == "r":
            mins.append(max(1, cells))
        else:
            mins.append(min(widths[i], min_width))
    room = width - len(GAP) * (n - 1)
    preferred = [max(mins[i], (prefer[i] if prefer else None) or 0) for i in range(n)]
    for floor in (preferred, mins):
        while sum(widths) > room:
            # Take a column from the widest (for its weight) of those that can still give one.
            movable = [i for i in range(n) if widths[i] > floor[i] and weights[i] > 0]
            if not movable:
                break
            i = max(movable, key=lambda j: (widths[j] / weights[j], j))
            widths[i] -= 1

    def line(cells: Sequence[str]) -> str:
        padded = (_pad(cut(c, widths[i]), widths[i], aligns[i]) for i, c in enumerate(cells))
        return GAP.join(padded).rstrip()

    rule = GAP.join("─" * w for w in widths)
    return "\n".join([line(head), rule] + [line(r) for r in body])


# --- per-command renderers ---------------------------------------------------------------


def articles_table(records: Sequence[dict], *, width: int = WIDTH) -> str:
    rows = [
        (r["id"], r["published"] or "—", r["period"] or "outside periods", r["source"],
         r["title"])
        for r in records
    ]
    if not rows:
        return "no articles"
    return table(
        ("id", "date", "period", "source", "title"),
        rows,
        "lllll",
        width=width,
        shrink=(0, 0, 1, 1, 3),
        min_width=8,
        prefer=(None, None, 19, 14, 30),
    )


def keywords_table(records: Sequence[dict], titles: dict[str, str], *, width: int = WIDTH) -> str:
    """One block per article: a heading with id and title, then rank, score, phrase."""
    blocks = []
    for r in records:
        heading = cut(f"{one_line(r['id'])}  {one_line(titles.get(r['id'], ''))}".rstrip(), width)
        if not r["keywords"]:
            blocks.append(f"{heading}\n(no keywords)")
            continue
        rows = [(rank, f"{k['score']:.4g}", k["phrase"]) for rank, k in enumerate(r["keywords"], 1)]
        blocks.append(heading + "\n" + table(("rank", "score", "phrase"), rows, "rrl", width=width))
    return "\n\n".join(blocks) if blocks else "no articles"


def bar(rate: float, top: float, width: int = BAR_WIDTH) -> str:
    """A bar of █ for `rate`, `width` long for `top`; any occurrence shows at least one."""
    if top <= 0 or rate <= 0:
        return ""
    return BAR * max(1, round(rate / top * width))


def terms_table(record: dict, *, width: int = WIDTH, limit: int | None = MAX_TERMS) -> str:
    labels = [p["label"] for p in record["periods"]]
    terms = record["terms"]
    if not terms:
        return "no term matched"
    shown = terms if limit is None else terms[:limit]
    rows = [[t["term"], *t["counts"]] for t in shown]
    out = table(["term", *labels], rows, "l" + "r" * len(labels), width=width)
    if len(terms) > len(shown):
        out += f"\n… and {len(terms) - len(shown)} more terms"
    return out


def compare_table(record: dict, *, width: int = WIDTH, terms_only: bool = False) -> str:
    if terms_only:
        return terms_table(record, width=width, limit=None)
    periods = record["periods"]
    top = max((p["per_10k"] for p in periods), default=0.0)
    rows = [
        (
            p["label"],
            p["count"],
            f"{p['docs']}/{p['articles']}",
            f"{p['per_10k']:.2f}",
            p["tokens"],
            bar(p["per_10k"], top),
        )
        for p in periods
    ]
    head = cut(f"query: {one_line(record['query'])}", width)
    if not periods:
        return f"{head}\n\nthe corpus has no periods to compare"
    total = sum(p["count"] for p in periods)
    parts = [
        head,
        "",
        table(("period", "count", "docs", "per 10k", "tokens", ""), rows, "lrrrrl", width=width),
        "",
        f"{total} occurrence{'s' if total != 1 else ''} in all periods"
        "; per 10k = per 10,000 tokens",
        "",
        terms_table(record, width=width),
    ]
    return "\n".join(parts)


# --- JSON and CSV -------------------------------------------------------------------------

# json.dumps escapes C0 controls itself; with ensure_ascii=False it lets DEL, C1 controls
# (U+009B is a one-character CSI), bidi overrides, line separators and lone surrogates through
# raw. Outside strings the only control character is the indent's newline.
_ESCAPE_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def to_json(data: object) -> str:
    """Indented JSON, UTF-8 kept readable, every control or format character escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if not text.isascii() or "\x7f" in text:
        text = "".join(
            _json_escape(ch)
            if ch != "\n" and unicodedata.category(ch) in _ESCAPE_CATEGORIES
            else ch
            for ch in text
        )
    return text + "\n"


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return visible(value)
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A header row, then the rows; strings with control characters made visible."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue()
