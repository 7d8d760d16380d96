"""clean_text over a whole column at once, in polars: the same rules, the same result.

Cleaning article by article in Python costs about 0.12 ms of CPU each, most of a cold open at
10,000 articles. Here every step of corpus.ingest.clean is a column operation over all the lines of
all the articles, run in Rust: the line rules, the inline deletions, the "drop the next line"
and "drop the rest" states, the rebuilt paragraphs and the deduplication. Per-article state is
carried with whole-column shifts, running sums and forward fills that restart at each article's
first line (windows per article, `over("doc")`, made it twice as slow).

Python's `re` and the Rust regex engine agree on the rules' patterns for most text, but not on
every character: what `\\w`, `\\s`, `\\b` and case-insensitive letters mean differs for
combining marks, some numerals, joiners and a few letters with odd case mappings. An article
(or title) with any character outside the blocks and categories below, and an article where
two "label, then the next line" rules follow each other (a chain the column form does not
model), is cleaned by clean_text instead. tests/test_bulk_clean.py holds both to one output.

The headline search (metadata.find_headline) needs Python's judgement for one line an
article, but not the search for that line: headline_candidates finds it here, with what is read
around it, so that an article's text never has to cross into Python to be cleaned.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

from corpus.concurrency.parallel import cpus
from corpus.concurrency.pieces import rows
from corpus.ingest.clean import _TERMINAL, SENTENCE_END, _rules, clean_text

# Unicode blocks that news text is made of: ASCII, Latin-1 and Latin Extended A/B, general
# punctuation and spaces, currency signs.
_BLOCKS = ((0x9, 0xA), (0xD, 0xD), (0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x20A0, 0x20BF))
_CATEGORIES = {"Lu", "Ll", "Lm", "Lo", "Nd", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk",
               "Zs", "Zl", "Zp", "Cf", "Cc"}


def _agrees(c: str) -> bool:
    """True when both regex engines and both string libraries treat `c` alike."""
    if unicodedata.category(c) not in _CATEGORIES or c in "\u200c\u200d":  # joiners are \w in Rust
        return False
    # one-to-one case mappings that casefold agrees with: matched alike by (?i), keyed alike
    return len(c.lower()) == 1 and len(c.upper()) == 1 and c.casefold() == c.lower() and c not in "İı"


def _char_class(chars: list[str], negated: bool = False) -> str:
    """A regex character class of `chars`, runs of code points written as ranges."""
    parts = []
    for _, run in groupby(enumerate(map(ord, chars)), key=lambda pair: pair[1] - pair[0]):
        points = [p for _, p in run]
        parts.append(f"\\x{{{points[0]:X}}}" + (f"-\\x{{{points[-1]:X}}}" if len(points) > 1 else ""))
    return "[" + ("^" if negated else "") + "".join(parts) + "]"


@cache
def safe_characters() -> tuple[str, ...]:
    """The characters of the blocks on which both engines agree (tests/test_bulk_clean.py checks it)."""
    return tuple(c for lo, hi in _BLOCKS for c in map(chr, range(lo, hi + 1)) if _agrees(c))


@cache
def _patterns() -> tuple[str, str]:
    """(a character outside the safe set, a run of whitespace that " ".join(s.split()) changes)."""
    safe = list(safe_characters())
    space = [c for c in safe if c.isspace()]
    other = _char_class([c for c in space if c != " "])
    # A run with a space other than " ", or of two or more: matching every single " " between
    # words would cost four times as much for nothing.
    run = f"{_char_class(space)}*(?:{other}| {{2}}){_char_class(space)}*"
    return _char_class(safe, negated=True), run


@cache
def _action_runs() -> list[tuple[str, str]]:
    """(action, regex) per run of consecutive line rules with the same action: the first rule
    that matches decides, so only the order between runs matters."""
    rules = _rules()
    return [
        (action, "^(?:" + "|".join(f"(?:{p})" for _, p in members) + ")")
        for action, members in groupby(zip(rules.actions, rules.line_patterns, strict=False), key=lambda pair: pair[0])
    ]


def _kind() -> pl.Enum:
    """The actions, "" for none: a byte a line instead of a string."""
    return pl.Enum(["", *sorted({action for action, _ in _action_runs()})])


def _line_action(line: pl.Expr) -> pl.Expr:
    """The first line rule's action, "" for none, null for a blank line."""
    kind = _kind()
    chain: Then | ChainedThen = pl.when(line == "").then(pl.lit(None, kind))
    for action, pattern in _action_runs():
        chain = chain.when(line.str.contains(pattern)).then(pl.lit(action, kind))
    return chain.otherwise(pl.lit("", kind))


def _cum_sum_in_doc(x: pl.Expr, first: pl.Expr) -> pl.Expr:
    """x's running total within each article: the whole column's, less its total before the
    article's first line."""
    total = x.cum_sum()
    return total - pl.when(first).then(total - x).forward_fill()


def _lines(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per line (doc, line, first), stripped, with the inline deletions made."""
    text = pl.col("raw")
    # Replacing copies every text even where nothing is found: look first (loaders already
    # turned "\r\n" into "\n").
    for found, put in (("\r\n", "\n"), ("\r", "\n"), ("\u00a0", " ")):
        if frame["raw"].str.contains(found, literal=True).any():
            text = text.str.replace_all(found, put, literal=True)
    text = text.str.replace_all(_rules().join.pattern, "${1}\n${2}")  # clean_text: one paragraph a line
    return (
        frame.select("doc", line=text.str.split("\n"))
        .explode("line")
        .with_columns(_inline(pl.col("line")), first=pl.col("doc") != pl.col("doc").shift(1).fill_null(-1))
    )


def _inline(line: pl.Expr) -> pl.Expr:
    """clean._inline: stripped, the inline deletions made, stripped again."""
    line = line.str.strip_chars()
    for pattern, replacement in _rules().inline:
        line = line.str.replace_all(pattern.pattern, "${keep}" if replacement else "")
    return line.str.strip_chars()


def headline_candidates(frame: pl.DataFrame, within: int, after: int) -> pl.DataFrame:
    """What metadata.find_headline reads of each article of `frame` (doc, raw; safe characters,
    "\\n" line ends): the first of its first `within` lines that is neither blank nor chrome, as
    doc, line (its index), start (of the line in raw, in characters), length, s (the line
    stripped, without a Markdown heading mark), following (the next line, stripped) and more
    (whether any of the `after` lines after it is not blank). An article without such a line
    has no row."""
    row, doc, stripped = pl.col("row"), pl.col("doc"), pl.col("stripped")
    lines = (
        frame.select("doc", line=pl.col("raw").str.split("\n").list.head(within + after + 1))
        .explode("line")
        .with_row_index("row")
        .with_columns(first=doc != doc.shift(1).fill_null(-1), stripped=pl.col("line").str.strip_chars())
    )
    length = pl.col("line").str.len_chars()
    lines = lines.with_columns(
        k=row - pl.when("first").then(row).forward_fill(),
        start=(length + 1).cum_sum() - length - 1,
        following=pl.when(doc.shift(-1) == doc).then(stripped.shift(-1)).otherwise(pl.lit("")),
        # the next line that is not blank, anywhere after
        next_text=pl.when(stripped != "").then(row).shift(-1).backward_fill(),
    ).with_columns(pl.col("start") - pl.when("first").then(pl.col("start")).forward_fill())
    more = pl.col("next_text").is_not_null() & (pl.col("next_text") <= row + after) & (
        pl.lit(lines["doc"]).gather(pl.col("next_text").fill_null(0)) == doc
    )
    texts = lines.filter((pl.col("k") < within) & (stripped != "")).with_columns(
        s=stripped.str.replace(r"^#{1,6}\s+", ""), more=more
    )
    # Mostly the first or second line that is not blank is the one: the rules are tried on
    # the first three of each article, then on the rest of those where all three were chrome.
    nth = pl.int_range(pl.len()).over("doc")
    texts = texts.with_columns(nth=nth)

    def first_text(lines: pl.DataFrame) -> pl.DataFrame:  # is_chrome, the no-break space a space first
        inline = _inline(pl.col("s").str.replace_all("\u00a0", " ", literal=True))
        return (
            lines.with_columns(inline=inline)
            .filter(_line_action(pl.col("inline")) == "")
            .filter(doc.is_first_distinct())
        )

    found = first_text(texts.filter(pl.col("nth") < 3))
    later = texts.filter((pl.col("nth") >= 3) & ~doc.is_in(found["doc"].implode()))
    found = pl.concat([found, first_text(later)]).sort("doc")
    return found.select(
        "doc", line=pl.col("k").cast(pl.UInt32), start=pl.col("start").cast(pl.UInt32),
        length=length, s="s", following="following", more="more",
    )


def _kept_lines(lines: pl.DataFrame) -> pl.DataFrame:
    """_drop_chrome: each line as kept, or "" where chrome was; the lines after a "rest" rule
    that fired are gone. `chain` marks a label taken as the line after a label."""
    rules = _rules()
    first, action, length = pl.col("first"), pl.col("action"), pl.col("length")
    # The action of the last non-blank line before, in the article ("" at its start): a label
    # takes the next non-blank line, blank lines between or not.
    before = pl.when(first).then(pl.lit("", _kind())).otherwise(action.shift(1)).forward_fill()
    taken = (
        action.is_not_null() & (pl.col("before") == "line_and_next") & (length <= rules.next_line_max_chars)
        & ~pl.col("line").str.slice(-1).is_in(list(SENTENCE_END))
    )
    kept = (action == "") & ~pl.col("taken")
    kept_chars = pl.when(pl.col("kept")).then(length).otherwise(0).cast(pl.Int64)
    fires = (~pl.col("taken") & (action == "rest")).fill_null(False) & (
        _cum_sum_in_doc(kept_chars, first) - kept_chars >= rules.rest_min_chars_before
    )
    return (
        lines.with_columns(action=_line_action(pl.col("line")), length=pl.col("line").str.len_chars())
        .with_columns(before=before)
        .with_columns(taken=taken, chain=(action == "line_and_next") & (pl.col("before") == "line_and_next"))
        .with_columns(kept=kept)
        .filter(_cum_sum_in_doc(fires.cast(pl.UInt32), first) == 0)
        .select("doc", "first", "chain", line=pl.when(pl.col("kept")).then(pl.col("line")).otherwise(pl.lit("")))
    )


def _paragraphs(lines: pl.DataFrame) -> pl.DataFrame:
    """_paragraphs: (doc, paragraph) in order. A line continues the line before it unless that
    one is blank or ends a sentence, or is in another article."""
    before = pl.col("line").shift(1)
    ends = before.str.slice(-1).is_in(list(_TERMINAL))  # _TERMINAL is single characters
    starts = (pl.col("line") != "") & (pl.col("first") | (before == "") | ends)
    return (
        lines.with_columns(number=starts.cast(pl.UInt32).cum_sum())
        .filter(pl.col("line") != "")
        .group_by("number", maintain_order=True)
        .agg(pl.col("doc").first(), paragraph=pl.col("line").str.join(" "))
    )


def _key(text: pl.Expr) -> pl.Expr:
    """_key: " ".join(text.split()).casefold(), for text of safe characters."""
    return text.str.replace_all(_patterns()[1], " ").str.strip_chars().str.to_lowercase()


def _deduped(paragraphs: pl.DataFrame, title_keys: pl.Series) -> pl.DataFrame:
    """_dedupe: drops a paragraph that repeats the title or an earlier paragraph, or that is a
    teaser of a longer one. Whether a key goes depends only on the key and the article's keys,
    so the first of equal keys stands for all. Both tests need two keys of an article that
    begin alike (a teaser's stem is longer than the head compared), which few pairs do."""
    min_chars = _rules().teaser_min_chars
    keyed = paragraphs.with_columns(key=_key(pl.col("paragraph"))).with_columns(
        head=pl.col("key").str.slice(0, min_chars // 2)
    )
    alike = keyed.filter(pl.struct("doc", "head").is_duplicated())
    stems = alike.select("doc", "number", "key", "head", stem=pl.col("key").str.strip_chars_end(" .…")).filter(
        pl.col("stem").str.len_chars() >= min_chars
    )
    teasers = (
        stems.join(alike.select("doc", "head", other="key"), on=["doc", "head"])
        .filter(pl.col("other").str.starts_with(pl.col("stem")) & (pl.col("other") != pl.col("key")))
        ["number"]
    )
    repeats = alike.filter(~pl.struct("doc", "key").is_first_distinct())["number"]
    title_key = title_keys.gather(keyed["doc"])
    return keyed.filter(
        ~pl.col("number").is_in(pl.concat([teasers, repeats]).implode())
        & (title_key.is_null() | (pl.col("key") != title_key))
    )


# Articles per part: parts go to one thread per CPU, and a part's lines, paragraphs and keys
# (three or four times its text) are all that is held at once.
PART = 2500


def in_parts(fn: Callable[[pl.DataFrame], pl.DataFrame], frame: pl.DataFrame) -> pl.DataFrame:
    """fn over PART rows of `frame` at a time (with a column doc numbering them from 0), one
    thread per CPU, the results in order."""
    # Most column operations run on one core; polars lets go of the GIL in them, so a thread
    # per CPU uses them all.
    parts = [frame.slice(start, PART).with_row_index("doc") for start in range(0, frame.height, PART)]
    if len(parts) < 2:
        return fn(parts[0]) if parts else fn(frame.clear().with_row_index("doc"))
    with ThreadPoolExecutor(cpus()) as pool:
        return pl.concat(list(pool.map(fn, parts)))


def unsafe(frame: pl.DataFrame) -> pl.Series:
    """Whether each row's raw or title holds a character outside the safe set."""
    outside = _patterns()[0]
    return frame.select(
        pl.col("raw").str.contains(outside) | pl.col("title").fill_null("").str.contains(outside)
    ).to_series()


def clean_column(frame: pl.DataFrame, odd: pl.Series | None = None) -> pl.Series:
    """clean_text(raw, title) for each row of `frame` (doc: 0, 1, ...; raw; title), a column at
    a time; the rows the columns cannot model (see the module docstring) by clean_text. `odd`,
    when the caller knows it: unsafe(frame), or more rows."""
    lines = _kept_lines(_lines(frame))
    title_keys = frame.select(_key(pl.col("title").replace("", None))).to_series()
    texts = (
        _deduped(_paragraphs(lines), title_keys)
        .group_by("doc", maintain_order=True)
        .agg(text=pl.col("paragraph").str.join("\n\n"))
    )
    out = frame.select("doc").join(texts, on="doc", how="left")["text"].fill_null("")
    chained = pl.col("doc").is_in(lines.filter("chain")["doc"].implode())
    odd_rows = frame.filter((unsafe(frame) if odd is None else odd) | chained)
    if odd_rows.height:
        fixed = [clean_text(raw, title) for raw, title in rows(odd_rows.select("raw", "title"))]
        out = out.scatter(odd_rows["doc"], fixed)
    return out.alias("text")
