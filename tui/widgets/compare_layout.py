"""How the Compare pane's tables fit its width: the columns they need, and cells cut to fit.

Pure helpers of tui/widgets/filter_pane.py: they measure and shorten text, they draw nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import polars as pl

from corpus.analysis.compare import Comparison, rate_text
from corpus.visible import one_line
from tui.headings import width as heading_width

BAR = 12  # cells of the widest bar
MAX_TERMS = 200  # rows in the terms table; the rest are counted, not listed


def wide_width(result: Comparison) -> int:
    """Columns the one-line-a-period table needs with every label and number whole: at
    100,000 articles the counts and token totals are long, and a cut number is a wrong one."""
    cells = [
        [one_line(p.label), f"{p.count:,}", f"{p.docs:,}/{p.articles:,}", rate_text(p.per_10k, 1), f"{p.tokens:,}"]
        for p in result.periods
    ]
    heads = ["period", "count", "articles", "per 10k", "of tokens"]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(heads)]
    return sum(widths) + BAR + 1 + 2 * len(heads)  # one space either side of each gap


@dataclass(frozen=True)
class Terms:
    """The rows of the terms table, read once per result: its width is measured from them."""

    names: list[str]  # shown as they are drawn (one_line)
    counts: pl.DataFrame  # a column per period
    more: str  # "… and N more terms", or ""

    @classmethod
    def of(cls, result: Comparison) -> Terms:
        shown = result.terms.head(MAX_TERMS)
        hidden = result.terms.height - MAX_TERMS
        return cls([one_line(t) for t in shown["term"].to_list()], shown.drop("term"),
                   f"… and {hidden:,} more terms" if hidden > 0 else "")

    def width(self, labels: list[str]) -> int:
        """Columns the table takes with these period labels (a cell is padded by one each side)."""
        widths = [max(len("term"), len(self.more), *map(len, self.names))]
        for label, column in zip(labels, self.counts.columns, strict=False):
            largest = cast(int | None, self.counts[column].max()) if self.counts.height else 0
            widths.append(max(heading_width(label), len(f"{largest or 0:,}")))
        if len(labels) > 1:
            widths.append(max(len("rate"), len(labels)))  # the sparkline
        return sum(widths) + 2 * len(widths)


def fit(cell: str, width: int) -> str:
    """"pemerintah 357" in `width` characters: the word cut ("pemer… 357"), the number whole."""
    if len(cell) <= width:
        return cell
    word, _, number = cell.rpartition(" ")
    return f"{word[: max(1, width - len(number) - 2)]}… {number}"
