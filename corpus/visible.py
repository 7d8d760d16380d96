"""Untrusted text made safe to show: every control character becomes visible.

Article text, titles, sources, file names and error messages are data. They are never parsed
as markup (callers pass the result to Text/Content or with markup=False), and no control
character reaches the terminal raw: C0 controls show as their Unicode "control picture"
(ESC as ␛), DEL as ␡, and C1 controls, bidi overrides and other format characters as ⍰.

`error_line` is the one way an exception becomes part of such a message (a notice, a CLI line,
a CacheMiss): importable from every layer of corpus, since it imports nothing of Kabar.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_KEEP = {"\n", "\t"}
NOTICE_LIMIT = 120  # characters of an exception's message kept in a notice (error_line)


@cache
def _visible(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch != "\u00ad":
        return "\u2370"
    return ch


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with control and format characters replaced by visible stand-ins."""
    keep = _KEEP if keep_newlines else set()
    if text.isprintable() and (keep_newlines or "\n" not in text):
        return text
    return "".join(ch if ch in keep or ch.isprintable() else _visible(ch) for ch in text)


def one_line(text: str) -> str:
    """For titles, sources and cells: a single line, control characters visible."""
    return visible(" ".join(text.split()), keep_newlines=False)


def error_line(exc: BaseException, *, named: bool = True, limit: int | None = None) -> str:
    """An exception as one short line: its type (unless not `named`) and the first line of its
    message, cut to `limit` characters; the type alone when the message is empty. Not yet
    made visible: whoever shows the message does that (one_line)."""
    lines = str(exc).strip().splitlines()
    if not lines:
        return exc.__class__.__name__
    first = lines[0][:limit]
    return f"{exc.__class__.__name__}: {first}" if named else first
