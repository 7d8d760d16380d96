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
import textwrap
import unicodedata
from collections.abc import Sequence

from corpus.analysis.compare import rate_text
from corpus.visible import one_line, visible

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


def cut(text: str, width: int, *, trim: bool = True) -> str:
    """`text` shortened to `width` columns, ending in "…" when anything was dropped (and, with
    `trim`, no space before it)."""
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
    kept = "".join(out)
    return (kept.rstrip() if trim else kept) + ELLIPSIS


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
            rate_text(p["per_10k"], 2),
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


def cut_left(text: str, width: int, *, trim: bool = True) -> str:
    """`text` shortened to `width` columns from the left, starting with "…" when cut."""
    return cut(text[::-1], width, trim=trim)[::-1]


def wrap(text: str, width: int) -> str:
    """A legend (plain ASCII-like text of our own) broken into lines of `width` columns."""
    return textwrap.fill(text, width=max(20, width), break_on_hyphens=False)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


# --- topics -------------------------------------------------------------------------------

TOPIC_MIN = 16  # columns of topic label the wide topics table keeps
TOPICS_LEGEND = (
    "count (a/N): occurrences (articles with the topic / articles in the period); "
    "/10k: per 10,000 tokens"
)


def topics_table(record: dict, articles: Sequence[int], *, width: int = WIDTH) -> str:
    """One row per topic; per period its count with articles (a/N) and its rate.

    The period labels head column pairs; when they do not fit the width whole, beside at least
    TOPIC_MIN columns of topic label, one row per topic and period instead.
    """
    labels = [one_line(p) for p in record["periods"]]
    topics = record["topics"]
    if not topics:
        return "no topics (see --topics)"
    if not labels:
        return "the corpus has no periods to count the topics in"
    names = [one_line(t["label"]) for t in topics]
    counts = [
        [f"{t['counts'][i]} ({t['docs'][i]}/{articles[i]})" for i in range(len(labels))] for t in topics
    ]
    rates = [[rate_text(t["per_10k"][i], 1) for i in range(len(labels))] for t in topics]
    count_w = [max([5] + [cell_width(row[i]) for row in counts]) for i in range(len(labels))]
    rate_w = [max([4] + [cell_width(row[i]) for row in rates]) for i in range(len(labels))]
    inner = [c + len(GAP) + r for c, r in zip(count_w, rate_w)]
    groups = [max(w, cell_width(label)) for w, label in zip(inner, labels)]
    name_w = max([5] + [cell_width(n) for n in names])
    fixed = sum(len(GAP) + g for g in groups)
    if min(name_w, TOPIC_MIN) + fixed > width:  # whole period labels, readable topic labels
        return _topics_long(labels, names, counts, rates, width=width)
    name_w = min(name_w, width - fixed)

    def line(first: str, cells: Sequence[str]) -> str:
        return GAP.join([_pad(cut(first, name_w), name_w, "l"), *cells]).rstrip()

    top = line("", [_pad(cut(label, g), g, "r") for label, g in zip(labels, groups)])
    head = line("topic", [
        _pad(_pad("count", c, "r") + GAP + _pad("/10k", r, "r"), g, "r")
        for c, r, g in zip(count_w, rate_w, groups)
    ])
    rule = GAP.join(["─" * name_w] + ["─" * g for g in groups])
    body = [
        line(name, [
            _pad(_pad(cnt, c, "r") + GAP + _pad(rate, r, "r"), g, "r")
            for cnt, rate, c, r, g in zip(crow, rrow, count_w, rate_w, groups)
        ])
        for name, crow, rrow in zip(names, counts, rates)
    ]
    return "\n".join([top, head, rule, *body, "", wrap(TOPICS_LEGEND, width)])


def _topics_long(labels, names, counts, rates, *, width: int) -> str:
    rows = [
        (name if i == 0 else "", label, crow[i], rrow[i])
        for name, crow, rrow in zip(names, counts, rates)
        for i, label in enumerate(labels)
    ]
    out = table(("topic", "period", "count", "/10k"), rows, "llrr", width=width, prefer=(16, 19, None, None))
    return out + "\n\n" + wrap(TOPICS_LEGEND, width)


# --- keyness ------------------------------------------------------------------------------

FEW = 5  # fewer occurrences than this in the target: an anecdote


def caution(term: dict) -> str:
    """Why a keyness result is weak evidence, or ""."""
    notes = []
    if term["target_count"] < FEW:
        notes.append(f"< {FEW}×")
    if term["target_docs"] == 1:
        notes.append("1 article")
    return ", ".join(notes)


def keyness_table(record: dict, *, width: int = WIDTH, top: int | None = None) -> str:
    """The header (both sides with token totals), then term, counts, G², log ratio, caution."""
    target, reference = one_line(record["target"]), one_line(record["reference"])
    head = [
        cut(f"target:     {target}, {record['target_tokens']:,} tokens", width),
        cut(f"reference:  {reference}, {record['reference_tokens']:,} tokens", width),
        wrap(f"terms found at least {record['min_count']} times in the target and relatively "
             "more often there than in the reference, most distinctive first", width),
        "",
    ]
    terms = record["terms"]
    if not record["target_tokens"] or not record["reference_tokens"]:
        side = "target" if not record["target_tokens"] else "reference"
        return "\n".join(head + [f"nothing to compare: the {side} has no tokens"])
    if not terms:
        return "\n".join(head + ["no term is distinctive of the target (try a lower --min)"])
    shown = terms if top is None else terms[:top]
    rows = [
        (t["term"], t["target_count"], t["reference_count"], f"{t['g2']:.2f}",
         f"{t['log_ratio']:+.2f}", caution(t))
        for t in shown
    ]
    out = head + [table(("term", "target", "reference", "G²", "log ratio", "caution"), rows, "lrrrrl",
                        width=width, prefer=(16, None, None, None, None, 13))]
    if len(terms) > len(shown):
        out.append(f"… and {len(terms) - len(shown)} more terms (--top N shows more)")
    out.append("")
    if any(r[5] for r in rows):
        out.append(wrap(f"caution: < {FEW}× = fewer than {FEW} occurrences in the target; "
                        "1 article = all of them in one article. Read these as anecdotes.", width))
    out.append(wrap("G²: how sure (≥ 3.84 ~ p < 0.05, ≥ 6.63 ~ p < 0.01); "
                    "log ratio: how much (+1 = twice as frequent)", width))
    return "\n".join(out)


# --- concordance --------------------------------------------------------------------------


def kwic_table(record: dict, *, width: int = WIDTH) -> str:
    """Lines grouped by period: left context right-aligned, the match, the right context."""
    head = cut(f"query: {one_line(record['query'])}", width)
    lines = record["lines"]
    if not lines:
        return f"{head}\n\nno occurrences"
    lefts = [one_line(line["left"]) for line in lines]
    matches = [one_line(line["match"]) for line in lines]
    rights = [one_line(line["right"]) for line in lines]
    match_w = min(max(cell_width(m) for m in matches), max(6, width // 3))
    room = max(2, width - match_w - 2 * len(GAP))
    left_w = min(max(cell_width(x) for x in lefts), room // 2)
    right_w = max(1, room - left_w)
    out = [head]
    group: object = object()
    for line, left, match, right in zip(lines, lefts, matches, rights):
        if line["period"] != group:
            group = line["period"]
            n = sum(1 for x in lines if x["period"] == group)
            label = one_line(group) if group is not None else "outside periods"
            out += ["", cut(f"{label}: {_plural(n, 'line')}", width)]
        text = GAP.join([
            _pad(cut_left(left, left_w), left_w, "r"),
            _pad(cut(match, match_w), match_w, "l"),
            cut(right, right_w),
        ])
        out.append(text.rstrip())
    out += ["", wrap(f"{_plural(len(lines), 'occurrence')}; article ids: --format csv or json", width)]
    return "\n".join(out)


# --- what changed -------------------------------------------------------------------------


def _listed(items: Sequence[str], top: int) -> list[str]:
    shown = list(items[:top])
    if len(items) > top:
        shown.append(f"… {len(items) - top} more")
    return shown


def changes_table(records: Sequence[dict], *, width: int = WIDTH, top: int = 10) -> str:
    """A block per period: its phrases new, vanished and kept since the period before."""
    if not records:
        return "the corpus has no periods to compare"
    blocks = []
    for r in records:
        label = one_line(r["label"])
        articles = _plural(r["articles"], "article")
        if r["previous"] is None:
            heading = cut(f"{label}  ({articles}; the first period: its phrases)", width)
            if not r["phrases"]:
                blocks.append(f"{heading}\n(no keyphrases)")
                continue
            column = _listed(r["phrases"], top)
            blocks.append(heading + "\n" + table((f"phrases ({len(r['phrases'])})",), [(p,) for p in column],
                                                 width=width))
            continue
        heading = cut(f"{label}  against {one_line(r['previous'])}  ({articles})", width)
        lists = [_listed(r[k], top) for k in ("new", "vanished", "persistent")]
        if not any(lists):
            blocks.append(f"{heading}\n(no keyphrases in either period)")
            continue
        depth = max(len(x) for x in lists)
        rows = [[x[i] if i < len(x) else "" for x in lists] for i in range(depth)]
        headers = [f"{k} ({len(r[k])})" for k in ("new", "vanished", "persistent")]
        blocks.append(heading + "\n" + table(headers, rows, "lll", width=width))
    return "\n\n".join(blocks)


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
