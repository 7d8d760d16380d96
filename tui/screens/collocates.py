"""Collocates by period: the words around the filter's query, one column per period, side by side,
so a reader sees how a topic is talked about in one period against another.

corpus.analysis.collocates counts them (log-likelihood, ±WINDOW tokens). Enter on a collocate
shows it in context (the concordance of that word); `+`/`-` widen or narrow the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from corpus.analysis.collocates import MIN_COUNT, WINDOW, Collocates, collocates
from corpus.analysis.query import Alternative, Query
from corpus.index.terms import TermIndex
from corpus.model import Corpus
from corpus.visible import one_line
from tui.messages import ConcordanceRequested
from tui.screens.guarded import GuardedScreen
from tui.widgets.key_table import KeyTable
from tui.widgets.title_bar import TitleBar
from tui.workers import ReportsFailures, background

TOP = 30
MAX_WINDOW = 20


@dataclass
class CollocatesReady(Message):
    window: int
    result: Collocates


class CollocatesScreen(ReportsFailures, GuardedScreen[None]):
    TITLE = "Collocates"
    BINDINGS = [
        Binding("enter", "concordance", "Word in context", id="collocates.concordance", priority=True),
        Binding("plus,equals_sign", "window(1)", "Wider window", id="collocates.wider"),
        Binding("minus", "window(-1)", "Narrower window", id="collocates.narrower"),
        Binding("escape", "back", "Back", id="collocates.back"),
    ]
    COMPONENT_CLASSES = {"collocates--dim"}

    def __init__(self, corpus: Corpus, index: TermIndex, query: Query) -> None:
        super().__init__()
        self.corpus, self.index, self.query_shown = corpus, index, query
        self.window = WINDOW
        self.result: Collocates | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("Counting…"), id="collocates-head")
        yield KeyTable(id="collocates-table", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = one_line(self.query_shown.text)
        self.query_one(DataTable).focus()
        self.compute(self.window)

    @background("Counting collocates", group="collocates")
    def compute(self, window: int) -> None:
        result = collocates(self.corpus, self.index, self.query_shown, window=window, min_count=MIN_COUNT, top=TOP)
        self.post_message(CollocatesReady(window, result))

    @on(CollocatesReady)
    def _show(self, message: CollocatesReady) -> None:
        if message.window != self.window:
            return  # changed again meanwhile
        self.result = result = message.result
        dim = self.get_component_rich_style("collocates--dim")
        head = Text(f"Words within {result.window} tokens of ", style=dim)
        head.append(one_line(result.query), style="bold")
        head.append(f", strongest first (log-likelihood G², seen at least {result.min_count} times; "
                    "the number is how often)", style=dim)
        for p in result.periods:
            head.append(f"\n{one_line(p.label)}: ", style="bold")
            head.append(f"{p.nodes:,} occurrences, {p.window:,} tokens in their windows, of {p.tokens:,}", style=dim)
        self.query_one("#collocates-head", Static).update(head)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column(Text("#"), key="rank")
        for i, p in enumerate(result.periods):
            table.add_column(Text(one_line(p.label)), key=f"p{i}")
        depth = max((p.terms.height for p in result.periods), default=0)
        for rank in range(depth):
            cells = [Text(f"{rank + 1}", justify="right")]
            for p in result.periods:
                if rank < p.terms.height:
                    row = p.terms.row(rank, named=True)
                    cells.append(Text(f"{one_line(row['term'])} {row['together']:,}"))
                else:
                    cells.append(Text(""))
            table.add_row(*cells)
        if not depth:
            table.add_row(Text(""), *(Text("none") for _ in result.periods))
        table.move_cursor(row=0, column=1)  # on a word, not on a rank

    def _word_under_cursor(self) -> str | None:
        if self.result is None:
            return None
        row, column = self.query_one(DataTable).cursor_coordinate
        if column == 0 or column > len(self.result.periods):
            return None
        terms = self.result.periods[column - 1].terms
        return str(terms["term"][row]) if row < terms.height else None

    def action_concordance(self) -> None:
        word = self._word_under_cursor()
        if word is not None:
            self.post_message(ConcordanceRequested(Query(word, (Alternative((word,)),))))

    def action_window(self, step: int) -> None:
        window = min(max(self.window + step, 1), MAX_WINDOW)
        if window != self.window:
            self.window = window
            self.compute(window)

    def action_back(self) -> None:
        self.dismiss(None)

    def export_table(self):
        """`e`/`y`: every period's collocates, one row each."""
        if self.result is None:
            return None
        import polars as pl

        frames = [p.terms.with_columns(period=pl.lit(p.label), rank=pl.int_range(1, p.terms.height + 1))
                  for p in self.result.periods]
        return "collocates", pl.concat(frames) if frames else pl.DataFrame()
