"""The title of an article that came without one: its headline line, else its first sentence.

Title
    The headline line when the text has one: the first line that is not site chrome (the
    cleaning rules drop it on its own), short (at most 160 characters, two words or more),
    without terminal punctuation (. , ; : or a trailing dash), and followed by a blank line or
    directly by a line of body text (then it must also be in headline case: most longer words
    capitalised, so a sentence split at a link is not taken for one). Otherwise the first
    sentence of the cleaned text, without its dateline, cut at about 100 characters on a word
    boundary with "…".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from corpus.ingest.clean import is_chrome
from corpus.ingest.datelines import dateline

# --- title --------------------------------------------------------------------------------

_TITLE_MAX = 160
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")
_NOT_HEADLINE_END = (".", ",", ";", ":", "-", "–", "—")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def _headline_case(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) >= 4]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


# find_headline looks for the headline among the first HEADLINE_WITHIN lines and reads the
# HEADLINE_AFTER lines after it: no line past HEADLINE_READS.
HEADLINE_WITHIN, HEADLINE_AFTER = 60, 39
HEADLINE_READS = HEADLINE_WITHIN + HEADLINE_AFTER + 1


def find_headline(lines: list[str]) -> int | None:
    """Index of the headline line in `lines` (see the module docstring), or None."""
    for i, line in enumerate(lines[:HEADLINE_WITHIN]):
        s = _MD_HEADING.sub("", line.strip())
        if not s or is_chrome(s):
            continue
        # the first line that is not chrome: a headline, or the body has started
        rest = lines[i + 1:i + 1 + HEADLINE_AFTER]
        following = rest[0].strip() if rest else ""
        return i if is_headline(s, following, _any_text(rest)) else None
    return None


def _any_text(lines: list[str]) -> Callable[[], bool]:
    """Whether any of `lines` is not blank, asked only when needed."""
    return lambda: any(x.strip() for x in lines)


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


