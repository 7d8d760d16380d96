"""The live filter: type a query, see per period how often it occurs, as you type."""

from __future__ import annotations

from typing import Any

import polars as pl
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker

from corpus.analysis.compare import Comparison, compare, period_frame, rate_text
from corpus.analysis.overview import Overview
from corpus.analysis.query import Alternative, Query, QueryError, parse
from corpus.analysis.stem import StemmedIndex, StemmerUnavailable, stem_query, stemmed_index
from corpus.analysis.topics import Topic
from corpus.analysis.trend import Axis, Trend, axis, trend
from corpus.index.terms import TermIndex
from corpus.model import Corpus
from corpus.visible import one_line
from tui.glyphs import bar, sparkline
from tui.headings import bottom, headings, height, width
from tui.messages import ConcordanceRequested, FilterChanged
from tui.widgets.compare_layout import BAR, MAX_TERMS, Terms, fit, wide_width
from tui.widgets.key_table import KeyTable
from tui.widgets.trend_chart import TrendChart
from tui.workers import ReportsFailures, background

WIDE_SUMMARY = 64  # pane width from which the period summary fits on one line a period
CHART_ROWS = 30  # the pane's height from which the trend chart is drawn in it
MEMO_PIECES = 256  # query pieces whose trend counts are kept between keystrokes


class FilterPane(ReportsFailures, Vertical):
    BINDINGS = [
        Binding("escape", "leave", "Clear / leave filter", id="filter.leave"),
    ]
    COMPONENT_CLASSES = {"filter-pane--dim", "filter-pane--bar", "filter-pane--error"}

    stemming: reactive[bool] = reactive(False)

    BORDER_TITLE = "Compare"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus: Corpus | None = None
        self.index: TermIndex | None = None
        self.topics: dict[str, Topic] = {}
        self.overview: Overview | None = None  # shown for the empty query
        self.comparison: Comparison | None = None
        self.counted_query: Query | None = None  # as counted (stemmed when stemming is on)
        self._stemmed: StemmedIndex | None = None  # built on first use of stemming
        self._axis: Axis | None = None  # the trend chart's calendar, once per corpus
        self.trend: Trend | None = None  # the current query's; None while the pane is too short for it
        # trend()'s memo of each query piece's counts, one for the plain index, one for the stemmed
        self._trend_memo: dict[bool, dict[str, Any]] = {False: {}, True: {}}
        self.return_to: Widget | None = None  # where "/" came from: leaving goes back there

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder='/ filter: suriah, teror*, "presiden rusia"',
            id="filter-input",
            compact=True,
        )
        yield Static(Text(""), id="filter-message")
        yield Static(Text("stemming on: words count with their derived forms (S: off)"), id="filter-mode")
        yield Static(Text("Loading…"), id="filter-summary")
        yield TrendChart(id="filter-trend")
        yield KeyTable(id="filter-terms", cursor_type="row", zebra_stripes=True)

    @property
    def input(self) -> Input:
        return self.query_one("#filter-input", Input)

    def set_corpus(self, corpus: Corpus, index: TermIndex, topics: dict[str, Topic]) -> None:
        self.corpus, self.index, self.topics, self.overview = corpus, index, topics, None
        self._stemmed, self._axis = None, None
        self._trend_memo = {False: {}, True: {}}
        self.run_query(self.input.value)

    def set_overview(self, overview: Overview) -> None:
        """The empty query's view, which comes after the corpus (app.OverviewReady)."""
        self.overview = overview
        if self.comparison is None and self.counted_query is not None and self.counted_query.is_empty:
            self._show_overview()

    def watch_stemming(self, on: bool) -> None:
        self.query_one("#filter-mode", Static).display = on
        self.run_query(self.input.value)

    @on(Input.Changed, "#filter-input")
    def _typed(self, event: Input.Changed) -> None:
        self.run_query(event.value)

    def run_query(self, text: str) -> None:
        # The chart's trend only where the chart shows (T counts its own): in a short pane (80x24)
        # a keystroke pays for the comparison alone. Grown tall, the pane counts again (_place_chart).
        # The pane's size is read here: a worker thread must not touch the DOM (it may be going).
        self._count(text, chart=self.size.height >= CHART_ROWS)

    @background("Counting the filter", group="filter")
    def _count(self, text: str, *, chart: bool) -> None:
        """Runs off the UI thread: polars does the counting and releases the GIL meanwhile."""
        if self.corpus is None or self.index is None:
            return
        try:
            query = parse(text, self.topics)
        except QueryError as exc:
            self.post_message(FilterChanged(text, None, None, str(exc)))
            return
        index, stems, transform = self.index, None, None
        if self.stemming and not query.is_empty:
            try:
                if self._stemmed is None:
                    self._stemmed = stemmed_index(self.index)  # once per corpus
            except StemmerUnavailable as exc:
                self.app.call_from_thread(self.notify, one_line(str(exc)), severity="error", markup=False)
                self.app.call_from_thread(setattr, self, "stemming", False)
                return
            index, stems, query, transform = self._stemmed, self._stemmed.stems, stem_query(query), stem_query
        if query.is_empty:
            self.post_message(FilterChanged(text, query, None, None, stems))
            return
        result = compare(self.corpus, index, query)
        len(result.doc_counts)  # read here, not by the sidebar on the UI thread (Matches is lazy)
        over_time = None
        if chart:
            if self._axis is None:  # articles and their tokens are the same in the stemmed index
                self._axis = axis(self.corpus, index)
            memo = self._trend_memo[transform is not None]
            if len(memo) > MEMO_PIECES:
                memo.clear()
            over_time = trend(self.corpus, index, text, topics=self.topics, transform=transform, on=self._axis,
                              memo=memo, doc_counts=result.doc_counts)
        self.post_message(FilterChanged(text, query, result, None, stems, over_time))

    def worker_failed(self, worker: Worker[Any]) -> None:
        """The count failed (the app said why): say so here rather than show an old result."""
        note = self.query_one("#filter-message", Static)
        note.update(Text("This query could not be counted (see the notice)",
                         style=self.get_component_rich_style("filter-pane--error")))
        note.display = True

    @on(FilterChanged)
    def _show(self, message: FilterChanged) -> None:
        if message.text != self.input.value:
            message.stop()  # typed on since: a stale result is dropped, never shown
            return
        self.comparison, self.counted_query = message.comparison, message.query
        note = self.query_one("#filter-message", Static)
        note.update(Text(one_line(message.error or ""), style=self.get_component_rich_style("filter-pane--error")))
        note.display = bool(message.error)
        if message.error:
            return
        self.trend = message.trend
        self._place_chart()
        if message.comparison is None:
            self._show_overview()  # or, until it is counted, "Counting topics…"
        else:
            self._show_comparison(message.comparison)

    def _place_chart(self) -> None:
        """The chart where the pane is tall enough to read one; elsewhere `T` shows it whole."""
        chart = self.query_one(TrendChart)
        fits = self.size.height >= CHART_ROWS
        if fits and self.trend is None and self.comparison is not None:
            self.run_query(self.input.value)  # counted while the pane was too short for the chart
        chart.display = self.trend is not None and fits
        # Drawn only where it shows: at 80x24 a keystroke never pays for a chart nobody sees.
        if chart.display and chart.trend is not self.trend and self.corpus is not None:
            chart.show(self.trend, self.corpus.periods)

    def _show_comparison(self, result: Comparison) -> None:
        room = self.query_one("#filter-summary", Static).content_size.width or self.size.width
        fits = room >= max(WIDE_SUMMARY, wide_width(result))
        summary = self._wide_summary if fits else self._narrow_summary
        self.query_one("#filter-summary", Static).update(summary(result))
        # Each label over more lines where the columns would not fit on one: past the edge, the
        # last column's counts would be out of sight.
        assert self.corpus is not None
        terms = Terms.of(result)
        labels = headings([one_line(p.label) for p in self.corpus.periods], lambda h: terms.width(h) <= room)
        self._fill_terms(terms, labels)

    def on_resize(self) -> None:
        self._place_chart()
        if self.comparison is not None:
            self._show_comparison(self.comparison)
        elif self.counted_query is not None and self.counted_query.is_empty:
            self._show_overview()  # its columns and headings are measured to the pane

    def _bar(self, value: float, largest: float) -> Text:
        return Text(bar(value, largest, BAR), style=self.get_component_rich_style("filter-pane--bar"))

    def _wide_summary(self, result: Comparison) -> Table:
        dim = self.get_component_rich_style("filter-pane--dim")
        largest = max((p.per_10k for p in result.periods), default=0.0)
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
        table.add_column("period", no_wrap=True, overflow="ellipsis")
        table.add_column("count", justify="right", no_wrap=True)
        table.add_column("articles", justify="right", no_wrap=True)
        table.add_column("per 10k", justify="right", no_wrap=True)
        table.add_column("of tokens", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True, min_width=BAR + 1, overflow="crop")
        for p in result.periods:
            table.add_row(
                Text(one_line(p.label)),
                Text(f"{p.count:,}"),
                Text(f"{p.docs:,}/{p.articles:,}"),
                Text(rate_text(p.per_10k, 1)),
                Text(f"{p.tokens:,}", style=dim),
                self._bar(p.per_10k, largest),
            )
        return table

    def _narrow_summary(self, result: Comparison) -> Text:
        """Two lines a period, so labels and every denominator stay whole in a narrow pane."""
        dim = self.get_component_rich_style("filter-pane--dim")
        largest = max((p.per_10k for p in result.periods), default=0.0)
        width = max(len(one_line(p.label)) for p in result.periods) if result.periods else 0
        out = Text()
        for p in result.periods:
            out.append(one_line(p.label).ljust(width + 1), style="bold")
            out.append_text(self._bar(p.per_10k, largest))
            out.append(f"\n  {p.count:,} in {p.docs:,}/{p.articles:,} articles · ")
            out.append(f"{rate_text(p.per_10k, 1)}/10k", style="bold")
            out.append(f" of {p.tokens:,} tokens\n", style=dim)
        out.rstrip()
        return out

    def _fill_terms(self, rows: Terms, labels: list[str]) -> None:
        terms = self.query_one("#filter-terms", DataTable)
        terms.clear(columns=True)
        lines = terms.header_height = height(labels)
        terms.add_column(Text(bottom("term", lines)), key="term")
        for i, label in enumerate(labels):
            terms.add_column(Text(bottom(label, lines)), key=f"c{i}")
        index = self.counted_index
        tokens = index.period_tokens if index is not None else ()
        if len(labels) > 1:
            terms.add_column(Text(bottom("rate", lines)), key="spark")
        for name, counts in zip(rows.names, rows.counts.iter_rows(), strict=False):
            cells = [Text(f"{v:,}", justify="right") for v in counts]
            if len(labels) > 1:  # the term's rate per period, drawn: where it rose and fell
                rates = [v / n if n else None for v, n in zip(counts, tokens, strict=False)]
                cells.append(Text(sparkline(rates), style=self.get_component_rich_style("filter-pane--bar")))
            terms.add_row(Text(name), *cells)
        if rows.more:
            terms.add_row(Text(rows.more, style=self.get_component_rich_style("filter-pane--dim")))
        terms.display = True

    def _show_overview(self) -> None:
        """The empty query: every topic by period, and each period's most frequent words."""
        assert self.corpus is not None
        if self.overview is None:
            self.query_one("#filter-summary", Static).update(Text("Counting topics…"))
            self.query_one("#filter-terms", DataTable).display = False
            return
        dim = self.get_component_rich_style("filter-pane--dim")
        room = self.query_one("#filter-summary", Static).content_size.width or self.size.width
        labels = [one_line(p.label) for p in self.corpus.periods]
        caption = Text("\nFrequent words of each period: word and its count per 10k tokens", style=dim)
        self.query_one("#filter-summary", Static).update(Group(self._topics_table(self.overview, labels, room),
                                                               caption))
        words = self.query_one("#filter-terms", DataTable)
        words.clear(columns=True)
        top = self.overview.words
        columns = [top.filter(pl.col("period") == i) for i in range(len(labels))]
        word_cells = [
            [f"{one_line(c['term'][rank])} {rate_text(c['per_10k'][rank], 0)}" if rank < c.height else ""
             for c in columns]
            for rank in range(max((c.height for c in columns), default=0))
        ]
        # Too wide (many periods, a narrow pane): each word cut to its share, its count kept
        # whole; and each label over more lines where the columns would not fit on one. Never a
        # table wider than the pane: a horizontal scrollbar hides the last periods.
        share = max(6, (room - 5) // max(1, len(labels)) - 2)
        widest = [min(share, max([0, *(len(row[i]) for row in word_cells)])) for i in range(len(labels))]
        labels = headings(labels, lambda heads: sum(max(w, width(h)) + 2 for w, h in zip(widest, heads,
                                                                                       strict=True)) + 5 <= room)
        lines = words.header_height = height(labels)
        words.add_column(Text(bottom("#", lines), style=dim), key="rank")
        for i, label in enumerate(labels):
            words.add_column(Text(bottom(label, lines)), key=f"c{i}")
        for rank, row in enumerate(word_cells):
            words.add_row(Text(f"{rank + 1}", justify="right"), *(Text(fit(cell, share)) for cell in row))
        words.display = True

    def _topics_table(self, overview: Overview, labels: list[str], room: int) -> Table:
        """Topics by period, in `room` columns: the labels over more lines if need be, then each
        count over its rate, then the periods numbered with a legend, then the counts alone."""
        dim = self.get_component_rich_style("filter-pane--dim")
        names: list[str] = []
        numbers: list[list[tuple[str, ...]]] = []  # per topic, per period: count and rate
        for (name,), rows in overview.topics.group_by(["topic"], maintain_order=True):
            names.append(f"@{one_line(name)}")
            numbers.append([(f"{r['count']:,}", f"({rate_text(r['per_10k'], 0)})")
                            for r in rows.sort("period").iter_rows(named=True)])
        by_period = [[row[i] for row in numbers] for i in range(len(labels))]
        topic = max(map(width, ["topic", *names]))

        def fits(heads: list[str], joiner: str) -> bool:  # a cell padded by one each side
            cells = [max([width(h), *(width(joiner.join(pair)) for pair in column)]) for h, column
                     in zip(heads, by_period, strict=True)]
            return topic + 2 + sum(w + 2 for w in cells) <= room

        joiner, legend = " ", None
        heads = headings(labels, lambda h: fits(h, " "))
        if not fits(heads, joiner):
            joiner = "\n"
            heads = headings(labels, lambda h: fits(h, "\n"))
        if not fits(heads, joiner):  # many periods in a narrow pane: numbered, named underneath
            heads = [f"P{i + 1}" for i in range(len(labels))]
            legend = Text("  ".join(f"P{i + 1} {label}" for i, label in enumerate(labels)), style=dim)
        title = "Topics (type @name): count (per 10k tokens)"
        if not fits(heads, joiner):  # still too narrow: the counts alone, whole (a cut number is a wrong one)
            numbers = [[(count,) for count, _ in row] for row in numbers]
            by_period[:] = [[row[i] for row in numbers] for i in range(len(labels))]
            title = "Topics (type @name): count (rates: kabar topics)"
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False,
                      title=Text(title, style=dim), title_justify="left", caption=legend, caption_justify="left")
        table.add_column(Text("topic"), no_wrap=True, overflow="ellipsis")
        for head in heads:
            # No ratio: Rich shares a ratio's room evenly, cutting a column wider than its share.
            table.add_column(Text(head), justify="right", no_wrap=True, min_width=width(head))
        # The name is what one types; the label (in topics.toml and `kabar topics`) says more.
        for name, row in zip(names, numbers, strict=True):
            table.add_row(Text(name), *(Text(joiner.join(pair), no_wrap=True, overflow="ellipsis") for pair in row))
        return table

    @property
    def counted_index(self) -> TermIndex | None:
        """The index the shown numbers come from: the stemmed one while stemming is on."""
        return self._stemmed if self.stemming and self._stemmed is not None else self.index

    @on(DataTable.RowSelected, "#filter-terms")
    def _term_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a term: its concordance."""
        if self.comparison is None or event.cursor_row >= min(self.comparison.terms.height, MAX_TERMS):
            return
        term = self.comparison.terms["term"][event.cursor_row]
        self.post_message(ConcordanceRequested(Query(term, (Alternative(tuple(term.split())),))))

    def export_table(self) -> tuple[str, pl.DataFrame] | None:
        """`e`/`y`: the terms table when it has focus, else the comparison (or the topics)."""
        if self.corpus is None:
            return None
        labels = [p.label for p in self.corpus.periods]
        if self.comparison is None:
            return ("topics", self.overview.topics) if self.overview is not None else None
        terms = self.query_one("#filter-terms", DataTable)
        if terms.has_focus:
            names = {f"c{i}": label for i, label in enumerate(labels)}
            return "terms", self.comparison.terms.rename(names)
        table = period_frame(self.comparison).rename({"label": "period"})
        return "comparison", table.with_columns(query=pl.lit(self.comparison.query))

    def action_toggle_stemming(self) -> None:
        self.stemming = not self.stemming

    def action_leave(self) -> None:
        if self.input.value:
            self.input.value = ""
            return
        back, self.return_to = self.return_to, None
        if back is not None and back.is_attached and back.focusable and back is not self.input:
            self.screen.set_focus(back)
        else:
            self.screen.focus_next()
