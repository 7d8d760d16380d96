"""The trend of the filter's query, whole screen: the chart at any terminal size, its grain chosen.

The filter pane draws the same chart where it has the room; `T` brings it here, where even at
80×24 it gets the screen. `-` and `+` make the calendar buckets coarser or finer (day … year);
←/→ walk the buckets, the line under the chart giving the numbers behind each point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Static

from corpus.analysis.query import Query
from corpus.analysis.topics import Topic
from corpus.analysis.trend import GRAINS, Trend, bucket_count, span, trend
from corpus.index.terms import TermIndex
from corpus.model import Corpus
from corpus.visible import one_line
from tui.screens.guarded import GuardedScreen
from tui.widgets.title_bar import TitleBar
from tui.widgets.trend_chart import TrendChart
from tui.workers import ReportsFailures, background


@dataclass
class TrendReady(Message):
    grain: str | None
    trend: Trend


MAX_BUCKETS = 1_000  # the finest grain offered draws at most this many points


class TrendScreen(ReportsFailures, GuardedScreen[None]):
    TITLE = "Trend"
    BINDINGS = [
        Binding("minus", "grain(1)", "Coarser", id="trend.coarser"),
        Binding("plus,equals_sign", "grain(-1)", "Finer", id="trend.finer"),
        Binding("escape", "back", "Back", id="trend.back"),
    ]

    def __init__(
        self, corpus: Corpus, index: TermIndex, text: str, *, topics: Mapping[str, Topic] | None = None,
        transform: Callable[[Query], Query] | None = None,
    ) -> None:
        super().__init__()
        self.corpus, self.index, self.text = corpus, index, text
        self.topics, self.transform = topics, transform
        self.grain: str | None = None  # None: the corpus's own (trend.choose_grain)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("Counting…"), id="trend-head")
        yield TrendChart(id="trend-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = one_line(self.text)
        self.query_one(TrendChart).focus()
        self.compute(self.grain)

    @background("Drawing the trend", group="trend")
    def compute(self, grain: str | None) -> None:
        result = trend(self.corpus, self.index, self.text, grain=grain, topics=self.topics, transform=self.transform)
        self.post_message(TrendReady(grain, result))

    @on(TrendReady)
    def _show(self, message: TrendReady) -> None:
        if message.grain != self.grain:
            return  # the grain was changed again meanwhile
        shown = message.trend
        head = Text(f"{one_line(self.text)}", style="bold")
        head.append(f"  by {shown.grain} (-: coarser, +: finer)", style="dim")
        if shown.outside or shown.undated:
            head.append(f"\n{shown.outside:,} dated articles outside the periods and {shown.undated:,} undated "
                        "are not on the time axis", style="dim")
        if not shown.buckets.height:
            head.append("\nNo periods to draw over: the corpus has no dated articles.", style="dim")
        self.query_one("#trend-head", Static).update(head)
        self.query_one(TrendChart).show(shown, self.corpus.periods)

    def action_grain(self, step: int) -> None:
        chart = self.query_one(TrendChart)
        # From the grain asked for last, which the chart may not show yet: two quick presses
        # of + step twice.
        current = self.grain or (chart.trend.grain if chart.trend is not None else None)
        if current is None:
            return  # the corpus's own grain is not known before the first trend is drawn
        i = min(max(GRAINS.index(current) + step, 0), len(GRAINS) - 1)
        window = span(self.corpus)
        if window is not None and bucket_count(*window, GRAINS[i]) > MAX_BUCKETS:
            self.notify(f"By {GRAINS[i]} this corpus makes more than {MAX_BUCKETS:,} points: too fine to draw",
                        markup=False)
            return
        if GRAINS[i] != current:
            self.grain = GRAINS[i]
            self.compute(self.grain)

    def action_back(self) -> None:
        self.dismiss(None)
