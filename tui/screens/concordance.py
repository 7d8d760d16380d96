"""Concordance: every occurrence of the query with its context, matches lined up in one column.

Lines come from corpus.analysis.kwic, shown by tui.widgets.kwic_view.KwicView; at most LIMIT
lines are shown (the heading says "showing 5,000 of N"). Enter on a line dismisses the screen
with a Jump to that occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import polars as pl
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Static

from corpus.analysis.compare import hits
from corpus.analysis.kwic import SORTS, Sort, kwic
from corpus.analysis.query import Query, QueryError, parse
from corpus.index.terms import TermIndex
from corpus.model import Corpus
from corpus.visible import one_line
from tui.screens.export_dialog import slug
from tui.screens.guarded import GuardedScreen
from tui.widgets.kwic_view import LIMIT, Jump, KwicView, LineChosen
from tui.widgets.title_bar import TitleBar
from tui.workers import ReportsFailures, background

CONTEXT = 100  # characters of context each side (cut again to the screen's width)
SORT_LABELS = {"position": "reading order", "left": "word before", "right": "word after"}
# corpus.analysis.kwic's orders, applied again to the lines already read (always within a period).
SORT_KEYS = {
    "position": ["period", "article_row", "start"],
    "left": ["period", "left_word", "term", "article_row", "start"],
    "right": ["period", "right_word", "term", "article_row", "start"],
}


@dataclass
class KwicReady(Message):
    query: str
    lines: pl.DataFrame | None
    total: int  # every occurrence, shown or not
    error: str | None = None


class ConcordanceScreen(ReportsFailures, GuardedScreen[Jump | None]):
    TITLE = "Concordance"
    BINDINGS = [
        Binding("s", "sort", "Sort", id="concordance.sort"),
        Binding("escape", "back", "Back", id="concordance.back"),
    ]
    COMPONENT_CLASSES = {"concordance--dim", "concordance--error", "concordance--query"}

    def __init__(self, corpus: Corpus, index: TermIndex, query: Query | str) -> None:
        super().__init__()
        self.corpus = corpus
        self.index = index
        self.query_text = query.text if isinstance(query, Query) else query
        self._query = query
        self.sort: Sort = "position"
        self.lines: pl.DataFrame | None = None
        self.total = 0
        self.sub_title = one_line(self.query_text)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("Finding every occurrence…"), id="concordance-head")
        yield KwicView(self.corpus, id="concordance-lines")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(KwicView).focus()
        self.load(self._query)

    @background("Finding the concordance lines", group="concordance")
    def load(self, query: Query | str) -> None:
        text = query.text if isinstance(query, Query) else query
        try:
            parsed = parse(query) if isinstance(query, str) else query
        except QueryError as exc:
            self.post_message(KwicReady(text, None, 0, str(exc)))
            return
        if parsed.is_empty:
            self.post_message(KwicReady(text, None, 0, "Type a query in the filter first"))
            return
        found = hits(self.index, parsed)
        total = int(found["n"].sum()) if not found.is_empty() else 0
        lines = kwic(self.corpus, self.index, parsed, width=CONTEXT, limit=LIMIT)
        self.post_message(KwicReady(text, lines, total))

    @on(KwicReady)
    def _ready(self, message: KwicReady) -> None:
        if message.query != self.query_text:
            return
        if message.error or message.lines is None:
            error = self.get_component_rich_style("concordance--error")
            self.query_one("#concordance-head", Static).update(Text(one_line(message.error or ""), style=error))
            return
        self.lines, self.total = message.lines, message.total
        self._show()

    def _show(self, keep: tuple[int, int] | None = None) -> None:
        assert self.lines is not None
        view = self.query_one(KwicView)
        view.set_lines(self.lines.sort(SORT_KEYS[self.sort], nulls_last=True, maintain_order=True), keep)
        self.sub_title = f"{one_line(self.query_text)} · {self.total:,} line{'s' if self.total != 1 else ''}"
        dim = self.get_component_rich_style("concordance--dim")
        head = Text()
        head.append(one_line(self.query_text), style=self.get_component_rich_style("concordance--query"))
        head.append(f" · {self.total:,} line{'s' if self.total != 1 else ''}")
        if self.lines.height < self.total:
            head.append(f" (showing {self.lines.height:,} of {self.total:,})", style="bold")
        head.append(f" · sorted by {SORT_LABELS[self.sort]}", style=dim)
        head.append(" · s sort · enter open in reader · esc back", style=dim)
        if not self.total:
            head.append("\nNo occurrence.")
        self.query_one("#concordance-head", Static).update(head)

    def export_table(self) -> tuple[str, pl.DataFrame] | None:
        """The lines as shown (sorted, capped) with each line's period size and the total."""
        view = self.query_one(KwicView)
        if view.frame is None:
            return None
        frame = view.frame
        per_period = frame.group_by("period").agg(period_lines=pl.len().cast(pl.Int64))
        frame = frame.join(per_period, on="period", how="left", nulls_equal=True, maintain_order="left")
        frame = frame.select(
            pl.col("period_label").alias("period"),
            "period_lines",
            pl.col("article_id"),
            pl.col("article_row").cast(pl.Int64),
            "start",
            "end",
            "left",
            "match",
            "right",
            "term",
            pl.lit(self.query_text).alias("query"),
            pl.lit(self.total, pl.Int64).alias("total_lines"),
        )
        return f"kwic-{slug(self.query_text, 30)}", frame

    def action_sort(self) -> None:
        if self.lines is None:
            return
        self.sort = cast(Sort, SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])
        current = self.query_one(KwicView).current
        self._show(keep=(current.row, current.start) if current else None)

    def action_back(self) -> None:
        self.dismiss(None)

    @on(LineChosen)
    def _chosen(self, message: LineChosen) -> None:
        self.dismiss(message.jump)
