"""The tables of the headless commands, one renderer per command, for people to read.

Each takes the command's records (tui/cli/commands.py, tui/cli/analysis.py) and the width to
fit (tui.cli.output.terminal_width), and builds on the primitives of tui/cli/output.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus.analysis.compare import rate_text
from corpus.visible import one_line
from tui.cli.output import GAP, WIDTH, cell_width, cut, cut_left, pad, table, wrap
from tui.glyphs import bar

BAR_WIDTH = 20
MAX_TERMS = 20


def articles_table(records: Sequence[dict], *, width: int = WIDTH) -> str:
    rows = [
        (r["id"], r["published"] or "—", r["period"] or "outside periods", r["source"],
         r["title"])
        for r in records
    ]
    if not rows:
        return "no articles"
    # Ids and dates stay whole. The period comes next: its labels often start alike ("Nov 2016 –
    # Mar 2018", "Nov 2016 – Nov 2024"), so it is cut last (weight infinite), only once source and
    # title are down to min_width; until then source and title share the cuts, 1 to 3.
    period_width = max(cell_width(one_line(row[2])) for row in rows)
    return table(
        ("id", "date", "period", "source", "title"),
        rows,
        "lllll",
        width=width,
        shrink=(0, 0, float("inf"), 1, 3),
        min_width=8,
        prefer=(None, None, period_width, 14, 30),
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
            bar(p["per_10k"], top, BAR_WIDTH, eighths=False),
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
    inner = [c + len(GAP) + r for c, r in zip(count_w, rate_w, strict=True)]
    groups = [max(w, cell_width(label)) for w, label in zip(inner, labels, strict=True)]
    name_w = max([5] + [cell_width(n) for n in names])
    fixed = sum(len(GAP) + g for g in groups)
    if min(name_w, TOPIC_MIN) + fixed > width:  # whole period labels, readable topic labels
        return _topics_long(labels, names, counts, rates, width=width)
    name_w = min(name_w, width - fixed)

    def line(first: str, cells: Sequence[str]) -> str:
        return GAP.join([pad(cut(first, name_w), name_w, "l"), *cells]).rstrip()

    top = line("", [pad(cut(label, g), g, "r") for label, g in zip(labels, groups, strict=True)])
    head = line("topic", [
        pad(pad("count", c, "r") + GAP + pad("/10k", r, "r"), g, "r")
        for c, r, g in zip(count_w, rate_w, groups, strict=True)
    ])
    rule = GAP.join(["─" * name_w] + ["─" * g for g in groups])
    body = [
        line(name, [
            pad(pad(cnt, c, "r") + GAP + pad(rate, r, "r"), g, "r")
            for cnt, rate, c, r, g in zip(crow, rrow, count_w, rate_w, groups, strict=True)
        ])
        for name, crow, rrow in zip(names, counts, rates, strict=True)
    ]
    return "\n".join([top, head, rule, *body, "", wrap(TOPICS_LEGEND, width)])


def _topics_long(labels, names, counts, rates, *, width: int) -> str:
    rows = [
        (name if i == 0 else "", label, crow[i], rrow[i])
        for name, crow, rrow in zip(names, counts, rates, strict=True)
        for i, label in enumerate(labels)
    ]
    out = table(("topic", "period", "count", "/10k"), rows, "llrr", width=width, prefer=(16, 19, None, None))
    return out + "\n\n" + wrap(TOPICS_LEGEND, width)


# --- keyness ------------------------------------------------------------------------------

FEW = 5  # fewer occurrences than this where the term is more frequent: an anecdote
HALF = 5  # cells of the log ratio bar on each side of its axis
AXIS = "│"
BLOCK = "█"  # a whole cell of a bar
TRACK = "·"  # the bar's empty left cells: a table cell keeps no leading spaces


def caution(term: dict) -> str:
    """Why a keyness result is weak evidence, or "": few occurrences, or all in one article, on
    the side where the term is more frequent (the target for "more", the reference for "less")."""
    side = "target" if term.get("direction", "more") == "more" else "reference"
    notes = []
    if term[f"{side}_count"] < FEW:
        notes.append(f"< {FEW}×")
    if term.get(f"{side}_docs") == 1:
        notes.append("1 article")
    return ", ".join(notes)


def ratio_bar(log_ratio: float, top: float, half: int = HALF) -> str:
    """The log ratio as a bar from an axis: to the right when more frequent in the target, to the
    left when less; `half` cells for |top|, at least one for any difference. Empty cells left of
    the axis are a dotted track, so that the axis stays in place."""
    cells = max(1, round(abs(log_ratio) / top * half)) if top > 0 else 1
    cells = min(cells, half)
    if log_ratio > 0:
        return TRACK * half + AXIS + BLOCK * cells
    return TRACK * (half - cells) + BLOCK * cells + AXIS


def significance_legend(record: dict) -> str:
    """What the stars mean: the G² each needs, corrected for the terms tested if asked."""
    lines = [f"{'*' * (i + 1)} p < {alpha} (G² ≥ {value:.2f})"
             for i, (alpha, value) in enumerate(record["critical_values"].items())]
    if record["bonferroni"]:
        return (f"significance, Bonferroni-corrected for {record['tested']:,} terms tested "
                f"(alpha / {record['tested']:,}): " + "; ".join(lines))
    return ("significance (chi-square, 1 d.f.; --bonferroni corrects for the "
            f"{record['tested']:,} terms tested): " + "; ".join(lines))


def keyness_table(record: dict, *, width: int = WIDTH, top: int | None = None) -> str:
    """The header (both sides with token totals, how many terms each way), then term, counts, G²
    with its stars, log ratio and its bar, caution: the terms more frequent in the target, then
    those less frequent, `top` of each."""
    target, reference = one_line(record["target"]), one_line(record["reference"])
    tested, more, less = record["tested"], record["more"], record["less"]
    head = [
        cut(f"target:     {target}, {record['target_tokens']:,} tokens", width),
        cut(f"reference:  {reference}, {record['reference_tokens']:,} tokens", width),
        wrap(f"{tested:,} terms found at least {record['min_count']} times on one side compared: "
             f"{more:,} more frequent in the target (+), {less:,} less (-), "
             f"{tested - more - less:,} with no difference (not listed)", width),
        "",
    ]
    terms = record["terms"]
    if not record["target_tokens"] or not record["reference_tokens"]:
        side = "target" if not record["target_tokens"] else "reference"
        return "\n".join(head + [f"nothing to compare: the {side} has no tokens"])
    if not terms:
        return "\n".join(head + ["no term is distinctive of either side (try a lower --min)"])
    groups = [[t for t in terms if t["direction"] == way] for way in ("more", "less")]
    shown = [g if top is None else g[:top] for g in groups]
    peak = max(abs(t["log_ratio"]) for g in shown for t in g)
    rows: list[tuple[object, ...]] = []
    for group in shown:
        if rows and group:
            rows.append(("",) * 8)
        rows += [
            (t["term"], t["target_count"], t["reference_count"], f"{t['g2']:.2f}",
             "*" * ("0.05", "0.01", "0.001", "0.0001").index(str(t["p"])) + "*" if t["p"] is not None else "",
             f"{t['log_ratio']:+.2f}", ratio_bar(t["log_ratio"], peak), caution(t))
            for t in group
        ]
    out = head + [table(("term", "target", "ref.", "G²", "p", "log ratio", "less · more", "caution"), rows,
                        "lrrrlrll", width=width, shrink=(1, 1, 1, 1, 1, 1, 0, 1),
                        prefer=(14, None, None, None, None, None, None, 9))]
    hidden = [len(g) - len(s) for g, s in zip(groups, shown, strict=True)]
    if any(hidden):
        parts = [f"{n:,} {way} frequent" for n, way in zip(hidden, ("more", "less"), strict=True) if n]
        out.append(wrap(f"… and {' and '.join(parts)} not shown (--top N shows more of each)", width))
    out.append("")
    if any(r[7] for r in rows):
        out.append(wrap(f"caution: < {FEW}× = fewer than {FEW} occurrences where the term is more frequent; "
                        "1 article = all of them in one article. Read these as anecdotes.", width))
    out.append(wrap(significance_legend(record), width))
    out.append(wrap("G²: how sure; log ratio: how much (+1 = twice as frequent in the target, "
                    "−1 = half); the bar: |log ratio|, right of │ more, left less", width))
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
    for line, left, match, right in zip(lines, lefts, matches, rights, strict=True):
        if line["period"] != group:
            group = line["period"]
            n = sum(1 for x in lines if x["period"] == group)
            label = one_line(str(group)) if group is not None else "outside periods"
            out += ["", cut(f"{label}: {_plural(n, 'line')}", width)]
        text = GAP.join([
            pad(cut_left(left, left_w), left_w, "r"),
            pad(cut(match, match_w), match_w, "l"),
            cut(right, right_w),
        ])
        out.append(text.rstrip())
    out += ["", wrap(f"{_plural(len(lines), 'occurrence')}; article ids: --format csv or json", width)]
    return "\n".join(out)


# --- what changed -------------------------------------------------------------------------


MARKS = {"new": "+", "vanished": "−", "persistent": "="}  # readable without colour


def _listed(items: Sequence[str], top: int, mark: str = "") -> list[str]:
    shown = [f"{mark} {item}" if mark else item for item in items[:top]]
    if len(items) > top:
        shown.append(f"{'  ' if mark else ''}… {len(items) - top} more")
    return shown


def _how_many(record: dict, kind: str) -> str:
    """How many phrases a list has, cut or not (corpus.analysis.changes.LISTED, --top)."""
    return f"{max(len(record[kind]), record.get('found', {}).get(kind, 0)):,}"


def changes_table(records: Sequence[dict], *, width: int = WIDTH, top: int = 10) -> str:
    """A block per period: its phrases new (+), vanished (−) and kept (=) since the period before;
    the first period's phrases unmarked (nothing before it to compare with)."""
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
            blocks.append(heading + "\n" + table((f"phrases ({_how_many(r, 'phrases')})",), [(p,) for p in column],
                                                 width=width))
            continue
        heading = cut(f"{label}  against {one_line(r['previous'])}  ({articles})", width)
        lists = [_listed(r[k], top, MARKS[k]) for k in ("new", "vanished", "persistent")]
        if not any(lists):
            blocks.append(f"{heading}\n(no keyphrases in either period)")
            continue
        depth = max(len(x) for x in lists)
        rows = [[x[i] if i < len(x) else "" for x in lists] for i in range(depth)]
        headers = [f"{MARKS[k]} {k} ({_how_many(r, k)})" for k in ("new", "vanished", "persistent")]
        blocks.append(heading + "\n" + table(headers, rows, "lll", width=width))
    return "\n\n".join(blocks)
