"""The sidebar: articles grouped by period, drawn line by line so any number of them is cheap.

Nothing is kept per line: the lines are a heading per period, then LINES_PER_ARTICLE per article,
so a line's article is found by arithmetic from where its period starts (at 100,000 articles a
list of line objects took a third of a second to build, on the UI thread, at every rebuild).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip

from corpus.model import Corpus
from corpus.visible import one_line
from tui.cli.output import cell_width, cut
from tui.messages import ArticleOpened
from tui.widgets.cursor_list import CursorList, moves

LINES_PER_ARTICLE = 2  # the title (the line a reader scans), then date · source
MEASURED = 50  # the longest titles (in characters) measured in cells for the sidebar's width


@dataclass(frozen=True)
class _Line:
    kind: str  # "period", "meta" or "title"
    key: int  # period index (None → -1) for "period", corpus row otherwise
    position: int = -1  # index into the shown articles, for article lines; the block, for headings


class ArticleList(CursorList):
    BINDINGS = [
        *moves("list"),
        Binding("enter", "open", "Open", id="list.open"),
        Binding("m", "toggle_matching", "Only matching", id="list.only_matching"),
    ]
    COMPONENT_CLASSES = {
        "article-list--period",
        "article-list--meta",
        "article-list--cursor",
        "article-list--open",
        "article-list--match",
    }

    LINES_PER_ITEM = LINES_PER_ARTICLE

    only_matching: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus: Corpus | None = None
        self.doc_counts: Mapping[int, int] = {}
        self.open_row: int | None = None
        self._shown: list[int] = []  # corpus rows shown, ascending (the corpus's reading order)
        self._block_lines: list[int] = []  # line of each period's heading
        self._block_positions: list[int] = []  # position in _shown of each period's first article
        self._block_periods: list[int] = []  # each period's index (-1: outside)
        self._block_sizes: list[int] = []  # articles shown under each heading
        self._widest = 0  # cells of the longest title or period heading (the width it asks for)

    # -- data -------------------------------------------------------------------------------
    def set_corpus(self, corpus: Corpus) -> None:
        self.corpus = corpus
        # Only what a line shows: row() on the full frame would copy each article's text.
        self._meta = corpus.articles.select("title", "source", "published")
        self._rebuild()
        self._widest = self._measure()
        self.refresh(layout=True)

    def _measure(self) -> int:
        """Cells the titles and period headings take, each with its leading space. Only the
        longest titles in characters are measured in cells: at 100,000 articles that is one
        polars pass, and a title of wide characters among them still counts double."""
        titles = self._meta.select(pl.col("title").sort_by(pl.col("title").str.len_chars(), descending=True)
                                   .head(MEASURED))["title"]
        widths = [1 + cell_width(one_line(title)) for title in titles]
        widths += [cell_width(self._period_heading(period, size, 1_000).plain)
                   for period, size in zip(self._block_periods, self._block_sizes, strict=True)]
        return max(widths, default=0)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the titles ask (`width: auto`); the stylesheet bounds it to part of the screen."""
        return self._widest

    def set_matches(self, doc_counts: Mapping[int, int]) -> None:
        current = self.current_row
        self.doc_counts = doc_counts
        if self.only_matching:
            self._rebuild(keep=current)
        else:
            self.refresh()

    @property
    def current_row(self) -> int | None:
        return self._shown[self.cursor] if self._shown else None

    def select_row(self, row: int) -> None:
        position = self._position_of(row)
        if position is not None:
            self.cursor = position

    def neighbour(self, row: int | None, step: int) -> int | None:
        """The article `step` places from `row` in the list as shown (None past either end)."""
        if not self._shown:
            return None
        at = self._position_of(row)
        if at is None:  # not shown (narrowed away): the nearest one in that direction
            at = bisect_left(self._shown, row if row is not None else 0) - (1 if step > 0 else 0)
        wanted = at + step
        return self._shown[wanted] if 0 <= wanted < len(self._shown) else None

    def _position_of(self, row: int | None) -> int | None:
        at = bisect_left(self._shown, row) if row is not None else len(self._shown)
        return at if at < len(self._shown) and self._shown[at] == row else None

    def _rebuild(self, keep: int | None = None) -> None:
        corpus = self.corpus
        if corpus is None:
            return
        periods = corpus.articles["period"]
        if self.only_matching and self.doc_counts:
            shown = sorted(self.doc_counts)
            periods = periods.gather(shown)
        else:
            shown = list(range(len(periods)))
        # The corpus is in date order and periods are date ranges, so each period is one run of
        # rows; articles outside every period make a run wherever their dates put them (before
        # the first period, between two, after the last, and the undated at the end).
        lines, positions, keys, sizes = [], [], [], []
        line = position = 0
        for run in periods.rle().to_list():
            key = -1 if run["value"] is None else run["value"]
            lines.append(line)
            positions.append(position)
            keys.append(key)
            sizes.append(run["len"])
            line += 1 + LINES_PER_ARTICLE * run["len"]
            position += run["len"]
        self._shown, self._block_sizes = shown, sizes
        self._block_lines, self._block_positions, self._block_periods = lines, positions, keys
        self.virtual_size = Size(0, line)
        total = len(corpus.articles)
        narrowed = f" · {len(shown):,} of {total:,} shown (m: all)" if len(shown) != total else f" · {total:,}"
        self.border_title = Content(f"Articles{narrowed}")
        kept = self._position_of(keep)
        self.cursor = kept if kept is not None else 0 if not shown else min(self.cursor, len(shown) - 1)
        self.refresh()

    def _line(self, index: int) -> _Line:
        """What line `index` (0 <= index < virtual_size.height) shows."""
        block = bisect_right(self._block_lines, index) - 1
        offset = index - self._block_lines[block]
        if offset == 0:
            return _Line("period", self._block_periods[block], block)
        position = self._block_positions[block] + (offset - 1) // LINES_PER_ARTICLE
        kind = "title" if (offset - 1) % LINES_PER_ARTICLE == 0 else "meta"
        return _Line(kind, self._shown[position], position)

    def _first_line(self, position: int) -> int:
        """The line of the article at `position` in _shown."""
        block = bisect_right(self._block_positions, position) - 1
        return self._block_lines[block] + 1 + LINES_PER_ARTICLE * (position - self._block_positions[block])

    def _period_heading(self, period: int, total: int, width: int) -> Text:
        """" Nov 2016 · 2 articles"; in a narrow sidebar the word goes, then the label is cut,
        never the number."""
        corpus = self.corpus
        assert corpus is not None
        label = one_line(corpus.period_label(None if period < 0 else period))
        count = f" · {total:,}"
        for heading in (f" {label}{count} article{'s' if total != 1 else ''}", f" {label}{count}"):
            if cell_width(heading) <= width:
                return Text(heading)
        return Text(cut(f" {label}", max(2, width - len(count)), trim=False) + count)

    # -- drawing ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= self.virtual_size.height or self.corpus is None:
            return Strip.blank(width, base)
        line = self._line(index)
        if line.kind == "period":
            text = self._period_heading(line.key, self._block_sizes[line.position], width)
            text.stylize(self.get_component_rich_style("article-list--period"))
        else:
            text = self._article_line(line)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        return Strip(segments, width).apply_style(base)

    def _article_line(self, line: _Line) -> Text:
        row = line.key
        article = self._meta.row(row, named=True)
        count = self.doc_counts.get(row)
        if line.kind == "meta":
            match_style = self.get_component_rich_style("article-list--match") if count else ""
            marker = Text(f"●{count:<3}" if count else "    ", style=match_style)
            date = article["published"].isoformat() if article["published"] else "undated"
            meta_style = self.get_component_rich_style("article-list--meta")
            text = Text.assemble(" ", marker, Text(f"{date} · {one_line(article['source'])}", style=meta_style))
        else:
            text = Text(" " + one_line(article["title"]))
        if row == self.open_row:
            text.stylize(self.get_component_rich_style("article-list--open"))
        if line.position == self.cursor:
            text.stylize(self.get_component_rich_style("article-list--cursor"))
        return text

    # -- behaviour --------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        if not self._shown:
            return
        first = self._first_line(new)
        self.show_lines(first - (1 if new == 0 else 0), first + LINES_PER_ARTICLE)
        self.refresh()

    def watch_only_matching(self) -> None:
        self._rebuild(keep=self.current_row)

    @property
    def items(self) -> int:
        return len(self._shown)

    def action_open(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(ArticleOpened(row))

    def action_toggle_matching(self) -> None:
        if not self.doc_counts and not self.only_matching:
            self.notify("Type a filter first: this shows only the articles that match it.", markup=False)
            return
        self.only_matching = not self.only_matching

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.virtual_size.height and (line := self._line(index)).kind != "period":
            self.cursor = line.position
            self.action_open()
