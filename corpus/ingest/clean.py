"""Raw scraped news text -> readable article text.

Which lines are site chrome is data (corpus/data/chrome.toml); this module only
knows the generic rule *actions* and how to rebuild paragraphs. Like all of corpus/, it
knows nothing of the UI.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

# A line ending in one of these closes its sentence (or quote); any other line
# followed directly by a non-blank line was split where a link was.
_TERMINAL = (".", "!", "?", ":", '"', "”", "'", "’")
# A line ending in one of these is a sentence, never the linked headline or the name that a
# label ("Baca juga:", "Penulis:") is followed by: it is kept.
SENTENCE_END = tuple(end for end in _TERMINAL if end != ":")
_ACTIONS = {"line", "line_and_next", "rest", "inline"}


@dataclass(frozen=True)
class _Rules:
    inline: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, replacement)
    # Every line pattern in one alternation, in file order, each as a group "r<i>" whose action
    # is actions[i]: one match per line instead of thirty (most lines are text, not chrome).
    # The patterns are anchored, so the first alternative that matches is the first rule.
    line: re.Pattern[str]
    actions: tuple[str, ...]
    line_patterns: tuple[str, ...]  # the alternatives of `line`, unanchored (corpus.ingest.clean_column)
    join: re.Pattern[str]  # a paragraph join: groups 1 and 2 are the ends kept either side of it
    next_line_max_chars: int
    teaser_min_chars: int
    rest_min_chars_before: int


@cache
def _rules() -> _Rules:
    text = (files("corpus") / "data" / "chrome.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    inline, lines = [], []
    for group in data["group"]:
        action = group["action"]
        if action not in _ACTIONS:  # fail loudly on a typo in the rules file
            raise ValueError(f"chrome.toml group {group.get('kind')!r}: unknown action {action!r}")
        for pattern in group["patterns"]:
            compiled = re.compile(pattern)
            if action == "inline":
                inline.append((compiled, r"\g<keep>" if "keep" in compiled.groupindex else ""))
            elif not pattern.startswith("^"):
                raise ValueError(
                    f"chrome.toml group {group.get('kind')!r}: line pattern not anchored with ^: {pattern!r}"
                )
            else:
                lines.append((action, pattern[1:]))
    settings = data["settings"]
    return _Rules(
        tuple(inline),
        re.compile("^(?:" + "|".join(f"(?P<r{i}>{p})" for i, (_, p) in enumerate(lines)) + ")"),
        tuple(action for action, _ in lines),
        tuple(pattern for _, pattern in lines),
        re.compile(settings["paragraph_join"]),
        settings["next_line_max_chars"],
        settings["teaser_min_chars"],
        settings["rest_min_chars_before"],
    )


def _action(line: str, rules: _Rules) -> str | None:
    found = rules.line.match(line)
    if not found:
        return None
    group = found.lastgroup
    assert group is not None  # each alternative of rules.line is a named group
    return rules.actions[int(group[1:])]


def _drop_chrome(lines: list[str], rules: _Rules) -> list[str]:
    # A dropped line becomes a blank line: chrome is block-level on the page, so
    # it separates paragraphs rather than splitting a sentence.
    out: list[str] = []
    kept_chars = 0
    drop_next = False
    for line in lines:
        if not line:
            out.append("")
            continue
        if drop_next:
            drop_next = False
            if len(line) <= rules.next_line_max_chars and not line.endswith(SENTENCE_END):  # a headline or a name
                out.append("")
                continue
        action = _action(line, rules)
        if action == "rest":
            if kept_chars >= rules.rest_min_chars_before:
                break
            action = "line"  # too early to be a trailing block: drop just this line
        if action == "line_and_next":
            drop_next = True
        if action:
            out.append("")
        else:
            out.append(line)
            kept_chars += len(line)
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
            current = []
        elif current and not current[-1].endswith(_TERMINAL):
            current.append(line)  # rejoin a sentence the scrape split at a link
        else:
            if current:  # a single newline after a finished sentence: new paragraph
                paragraphs.append(" ".join(current))
            current = [line]
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _dedupe(paragraphs: list[str], title: str | None, teaser_min_chars: int) -> list[str]:
    keys = [_key(p) for p in paragraphs]
    ordered = sorted(keys)  # the keys a stem begins, next to each other
    title_key = _key(title) if title else None
    seen: set[str] = set()
    out = []
    for paragraph, key in zip(paragraphs, keys, strict=True):
        if key == title_key or key in seen:  # the reader shows the title itself
            continue
        # A teaser (possibly cut mid-sentence or ending in "...") that a full
        # paragraph repeats at its start; short subheadings are never teasers.
        stem = key.rstrip(" .…")
        if len(stem) >= teaser_min_chars and _begins_another(stem, key, ordered):
            continue
        seen.add(key)
        out.append(paragraph)
    return out


def _begins_another(stem: str, key: str, ordered: list[str]) -> bool:
    i = bisect_left(ordered, stem)
    while i < len(ordered) and ordered[i].startswith(stem):
        if ordered[i] != key:
            return True
        i += 1
    return False


def _inline(line: str, rules: _Rules) -> str:
    line = line.strip()
    if line:
        for pattern, replacement in rules.inline:
            line = pattern.sub(replacement, line)
        line = line.strip()
    return line  # a line that held only a placeholder is now blank


def is_chrome(line: str) -> bool:
    """clean_text(line) == "": what a line rule drops, or nothing but placeholders. A line with
    a paragraph join in it is judged whole, as one line (a headline candidate)."""
    if "\n" in line or "\r" in line:
        return not clean_text(line)
    rules = _rules()
    line = _inline(line.replace("\u00a0", " "), rules)
    # alone, a "rest" line or a label is dropped as any other chrome line
    return not line or _action(line, rules) is not None


def clean_text(raw: str, title: str | None = None) -> str:
    """Cleaned article text: paragraphs separated by one blank line ("\\n\\n"), no leading/trailing whitespace."""
    rules = _rules()
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = rules.join.sub("\\1\n\\2", text)  # paragraphs joined on one line: one a line again
    lines = [_inline(line, rules) for line in text.split("\n")]
    paragraphs = _paragraphs(_drop_chrome(lines, rules))
    return "\n\n".join(_dedupe(paragraphs, title, rules.teaser_min_chars))
