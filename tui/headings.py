"""Period labels over table columns, whole: a column too narrow for one gets it over more lines.

A period has one label on every part of the screen (the sidebar, the reader, the summary, the
analysis screens); a shortened one in a table ("2024–25", "P1") would read as another period.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tui.cli.output import cell_width


def width(heading: str) -> int:
    """Columns a heading takes: its widest line."""
    return max(map(cell_width, heading.split("\n")))


def _lines(words: list[str], room: int) -> list[str]:
    """The words filled into lines of `room` columns (a word wider than that gets its own line)."""
    lines: list[str] = []
    for word in words:
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and cell_width(joined) <= room:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def _words(label: str) -> list[str]:
    """The label's words, a range's dash kept with the word before it (a line never starts "–")."""
    words: list[str] = []
    for word in label.split(" "):
        if word == "–" and words:
            words[-1] += " –"
        else:
            words.append(word)
    return words


def wrap(label: str, lines: int) -> str:
    """`label` over at most `lines` lines, as narrow as that allows, broken only at its spaces:
    "Nov 2024 – Feb 2025" over two is "Nov 2024 –" / "Feb 2025", "Mar – Aug 2019" is "Mar –" /
    "Aug 2019"."""
    words = _words(label)
    for room in range(max(map(cell_width, words)), cell_width(label) + 1):
        filled = _lines(words, room)
        if len(filled) <= lines:
            return "\n".join(filled)
    return label


def headings(labels: Sequence[str], fits: Callable[[list[str]], bool]) -> list[str]:
    """The labels on as few lines as lets `fits` accept them (its argument: the headings, lines
    joined by newlines), each label kept on one line where the others' wrapping leaves it room;
    if nothing fits, on as many lines as they have words."""
    most = max((len(_words(label)) for label in labels), default=1)
    for lines in range(1, most + 1):
        wrapped = [wrap(label, lines) for label in labels]
        if fits(wrapped):
            # "Nov 2016" above its numbers needs no break: the shortest labels are kept whole first
            for i in sorted(range(len(labels)), key=lambda i: cell_width(labels[i])):
                label = labels[i]
                whole = [*wrapped[:i], label, *wrapped[i + 1 :]]
                if fits(whole):
                    wrapped = whole
            return wrapped
    return [wrap(label, most) for label in labels]


def height(headings: Sequence[str]) -> int:
    """Lines the tallest heading takes (a table's header height)."""
    return max((heading.count("\n") + 1 for heading in headings), default=1)


def bottom(heading: str, lines: int) -> str:
    """`heading` on the last of `lines` lines, as Rich's tables put a short one over its column."""
    return "\n" * (lines - heading.count("\n") - 1) + heading
