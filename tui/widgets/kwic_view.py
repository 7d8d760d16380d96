"""The concordance lines as a widget: every line drawn on demand, so any number stays cheap.

Lines (corpus.analysis.kwic's columns) are grouped by period under a heading with the period's
line count; the left context is right-aligned so that every match starts in the same column,
and contexts are cut to the width with "…". Enter (or a click) on a line posts LineChosen with
a Jump to that occurrence. The screen around it: tui.screens.concordance.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from corpus.model import Corpus
from corpus.visible import one_line
from tui.cli.output import cut, cut_left
from tui.widgets.cursor_list import CursorList, moves

LIMIT = 5_000  # lines read and shown; the total is still counted
MAX_MATCH = 24  # cells the match column is sized for; longer matches push the right context
GUTTER_FROM = 120  # width from which each line starts with its article's date and source
GUTTER = 24


@dataclass(frozen=True)
class Jump:
    """Open article `row` scrolled to the occurrence at text[start:end]."""

    row: int
    start: int
    end: int


@dataclass
class LineChosen(Message):
    jump: Jump


@dataclass(frozen=True)
class _Entry:
    kind: str  # "period" or "line"
    index: int  # period key (-1: outside periods) or row of the lines frame
    count: int = 0  # lines under a period heading


def context(text: str) -> str:
    """one_line, keeping one space at either edge where the context had whitespace."""
    body = one_line(text)
    if not body:
        return " " if text[:1].isspace() else ""
    return (" " if text[:1].isspace() else "") + body + (" " if text[-1:].isspace() else "")


class KwicView(CursorList):
    """The concordance lines, drawn line by line: any number of them stays cheap."""

    BINDINGS = [*moves("kwic", "line"), Binding("enter", "open", "Open in reader", id="kwic.open")]
    COMPONENT_CLASSES = {"kwic-view--period", "kwic-view--match", "kwic-view--cursor", "kwic-view--meta"}
    PAGE_OVERLAP = 1

    def __init__(self, corpus: Corpus, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus = corpus
        self._meta = corpus.articles.select("published", "source")
        self.frame: pl.DataFrame | None = None
        self._rows: list[tuple] = []  # the frame's rows, for drawing
        self._entries: list[_Entry] = []
        self._line_at: list[int] = []  # entry index of each concordance line
        self._match_width = 6

    @property
    def line_count(self) -> int:
        return len(self._line_at)

    def set_lines(self, frame: pl.DataFrame, keep: tuple[int, int] | None = None) -> None:
        """Show `frame` (corpus.analysis.kwic's columns); keep the cursor on occurrence (row, start)."""
        self.frame = frame
        columns = ("article_row", "start", "end", "left", "match", "right", "period")
        self._rows = list(frame.select(columns).iter_rows())
        entries: list[_Entry] = []
        line_at: list[int] = []
        sizes = frame.group_by("period", maintain_order=True).len()
        size_of = {(-1 if p is None else p): n for p, n in sizes.iter_rows()}
        previous: object = object()
        for i, row in enumerate(self._rows):
            key = -1 if row[6] is None else row[6]
            if key != previous:
                entries.append(_Entry("period", key, size_of.get(key, 0)))
                previous = key
            line_at.append(len(entries))
            entries.append(_Entry("line", i))
        self._entries, self._line_at = entries, line_at
        matches = [cell_len(one_line(r[4])) for r in self._rows[:LIMIT]]
        self._match_width = min(max(matches, default=6), MAX_MATCH)
        self.virtual_size = Size(0, len(entries))
        position = 0
        if keep is not None:
            for i, row in enumerate(self._rows):
                if (row[0], row[1]) == keep:
                    position = i
                    break
        self.cursor = position
        self.refresh()

    @property
    def current(self) -> Jump | None:
        if not self._rows:
            return None
        row = self._rows[self.cursor]
        return Jump(int(row[0]), int(row[1]), int(row[2]))

    # -- drawing -----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._entries):
            return Strip.blank(width, base)
        entry = self._entries[index]
        text = self._heading(entry, width) if entry.kind == "period" else self._line(entry.index, width)
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(list(text.render(self.app.console)), width).apply_style(base)

    def _heading(self, entry: _Entry, width: int) -> Text:
        label = self.corpus.period_label(None if entry.index < 0 else entry.index)
        head = f" {one_line(label)} · {entry.count:,} line{'s' if entry.count != 1 else ''} "
        text = Text("── " + head + "─" * max(0, width - cell_len(head) - 3))
        text.stylize(self.get_component_rich_style("kwic-view--period"))
        return text

    def _line(self, i: int, width: int) -> Text:
        row, _, _, left, match, right, _ = self._rows[i]
        text = Text()
        if width >= GUTTER_FROM:
            published, source = self._meta.row(row)
            date = published.isoformat() if published else "undated"
            gutter = cut(f"{date} {one_line(source)}", GUTTER - 1, trim=False).ljust(GUTTER - 1) + " "
            text.append(gutter, style=self.get_component_rich_style("kwic-view--meta"))
            width -= GUTTER
        match = one_line(match)
        left_width = max(4, (width - self._match_width) // 2)
        shown = cut_left(context(left), left_width, trim=False)
        text.append(" " * (left_width - cell_len(shown)) + shown)
        text.append(match, style=self.get_component_rich_style("kwic-view--match"))
        text.append(cut(context(right), max(0, width - left_width - cell_len(match)), trim=False))
        if i == self.cursor:
            text.stylize(self.get_component_rich_style("kwic-view--cursor"))
        return text

    # -- behaviour ---------------------------------------------------------------------------
    def watch_cursor(self, cursor: int) -> None:
        if not self._line_at:
            return
        line = self._line_at[cursor]
        top = line - 1 if line and self._entries[line - 1].kind == "period" else line
        self.show_lines(top, line + 1)
        self.refresh()

    @property
    def items(self) -> int:
        return len(self._rows)

    def action_open(self) -> None:
        jump = self.current
        if jump is not None:
            self.post_message(LineChosen(jump))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self._entries) and self._entries[index].kind == "line":
            self.cursor = self._entries[index].index
            self.action_open()
