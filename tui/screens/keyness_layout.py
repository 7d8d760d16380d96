"""How the Keyness table fits its screen: its columns, the layouts it gives way through, its bars.

Pure helpers of tui/screens/keyness.py: they measure and draw text, they mount nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tui.cli.output import cell_width
from tui.headings import bottom
from tui.headings import width as heading_width

HALF = 6  # bar cells each side of the axis
AXIS = "│"
BAR = "█"
TRACK = "·"

# The table's columns: key, heading on one line, heading over two (the bar's are bar_heading's).
COLUMNS = (("rank", "#", "#"), ("term", "term", "term"), ("target", "target", "target"),
           ("reference", "ref.", "ref."), ("docs", "articles", "arti-\ncles"), ("g2", "G²", "G²"),
           ("p", "p", "p"), ("log_ratio", "log ratio", "log\nratio"))
# What gives way, in order, when the table is wider than its screen: the rank shown, the headings'
# lines, the bar's cells each side of its axis (0: no bar). The terms are cut only after the last.
LAYOUTS = ((True, 1, HALF), (True, 2, HALF), (True, 2, 5), (True, 2, 4), (True, 2, 0), (False, 2, 0))
MIN_TERM = 8  # the term column never narrower than this, cut or not


@dataclass(frozen=True)
class Fit:
    """How the table is laid out in its room."""

    rank: bool  # the rank column shown
    lines: int  # the headings' lines
    half: int  # bar cells each side of the axis; 0: no bar column
    term: int  # the term column's width: a term wider is cut with "…"

    def headings(self) -> list[tuple[str, str]]:
        """(key, heading) of each column shown, headings at the bottom of `lines` lines."""
        shown = [(key, one if self.lines == 1 else two) for key, one, two in COLUMNS
                 if self.rank or key != "rank"]
        if self.half:
            shown.append(("bar", bar_heading(self.half)))
        return [(key, bottom(label, self.lines)) for key, label in shown]


def bar_heading(half: int) -> str:
    """"less · more" over a bar, its middle over the axis (at 4 cells a side, "less·more")."""
    return "less ".rjust(half) + "·" + " more".ljust(half) if half >= 5 else "less·more"


def fit(widths: Mapping[str, int], room: int, padding: int = 1) -> Fit:
    """The first of LAYOUTS in which the columns, each as wide as its heading and its widest cell
    (`widths`, by key; "term" with its † mark), fit `room` with `padding` each side of each;
    failing all, the last with the terms cut to what is left (at least MIN_TERM)."""
    term = 0
    for rank, lines, half in LAYOUTS:
        layout = Fit(rank, lines, half, 0)
        used = sum(max(heading_width(label), widths.get(key, 0)) + 2 * padding
                   for key, label in layout.headings() if key != "term")
        term = room - used - 2 * padding
        whole = max(widths.get("term", 0), cell_width("term"))
        if whole <= term:
            return Fit(rank, lines, half, whole)
    return Fit(False, LAYOUTS[-1][1], LAYOUTS[-1][2], max(term, MIN_TERM))


def ratio_bar(log_ratio: float, top: float, half: int = HALF) -> str:
    """|log ratio| as a bar from an axis: right for more frequent in the target, left for less;
    `half` cells for `top`, at least one for any difference. Empty cells left of the axis are
    TRACK: a table cell drops leading spaces, and the axis must stay in one column."""
    cells = min(half, max(1, round(abs(log_ratio) / top * half))) if top > 0 else 1
    if log_ratio > 0:
        return TRACK * half + AXIS + BAR * cells
    return TRACK * (half - cells) + BAR * cells + AXIS
