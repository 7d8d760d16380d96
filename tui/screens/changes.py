"""What changed: per period, the keyphrases that rose, fell or held since the period before.

corpus.analysis.changes decides the lists from the index (in a worker: seconds at 100,000
articles); this screen adds how many articles carry each phrase (the period's for new and
persistent, the period before's for vanished) and lays the three lists side by side under each
period, TOP of each unless `a` shows them all. Each list and phrase is marked beyond its
colour: + new, − vanished, = persistent. The first period lists its own keyphrases (what was
talked about before anything could change).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Footer, Static

from corpus.analysis.changes import LISTED, PeriodChanges, what_changed
from corpus.index.terms import TermIndex
from corpus.model import Corpus
from corpus.visible import one_line
from tui.screens.guarded import GuardedScreen
from tui.widgets.title_bar import TitleBar
from tui.workers import ReportsFailures, background

TOP = 10  # phrases listed per kind and period unless showing all
KINDS = ("new", "vanished", "persistent")
MARKS = {"new": "+", "vanished": "−", "persistent": "="}  # readable without colour


@dataclass
class ChangesReady(Message):
    changes: tuple[PeriodChanges, ...]


def _how_many(change: PeriodChanges, kind: str) -> str:
    """How many phrases a list has, cut or not (corpus.analysis.changes.LISTED): short, so that
    three headings fit 80 columns whole."""
    return f"{max(len(getattr(change, kind)), change.found.get(kind, 0)):,}"


def _cut(change: PeriodChanges) -> bool:
    return any(change.found.get(kind, 0) > len(getattr(change, kind)) for kind in ("phrases", *KINDS))


class ChangesScreen(ReportsFailures, GuardedScreen[None]):
    TITLE = "What changed"
    BINDINGS = [
        Binding("a", "toggle_all", "All / top phrases", id="changes.all"),
        Binding("escape", "back", "Back", id="changes.back"),
    ]
    COMPONENT_CLASSES = {"changes--period", "changes--dim", "changes--new", "changes--vanished",
                         "changes--persistent"}

    show_all: reactive[bool] = reactive(False, init=False)

    def __init__(self, corpus: Corpus, index: TermIndex) -> None:
        super().__init__()
        self.corpus, self.index = corpus, index
        self.changes: tuple[PeriodChanges, ...] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("Comparing keyphrases…"), id="changes-head")
        with VerticalScroll(id="changes-body"):
            yield Static(Text(""), id="changes-periods")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#changes-body").focus()
        self.compute()

    @background("Comparing the periods' phrases", group="changes")
    def compute(self) -> None:
        self.post_message(ChangesReady(what_changed(self.corpus, self.index)))

    @on(ChangesReady)
    def _ready(self, message: ChangesReady) -> None:
        self.changes = message.changes
        self._show()

    def watch_show_all(self) -> None:
        if self.changes is not None:
            self._show()

    # -- drawing -----------------------------------------------------------------------------
    def _show(self) -> None:
        assert self.changes is not None
        dim = self.get_component_rich_style("changes--dim")
        head = Text("Keyphrases against the period before: ")
        head.append("+ new", style=self.get_component_rich_style("changes--new"))
        head.append(" (rose) · ")
        head.append("− vanished", style=self.get_component_rich_style("changes--vanished"))
        head.append(" (fell) · ")
        head.append("= persistent", style=self.get_component_rich_style("changes--persistent"))
        head.append(" (held); the number: articles carrying it")
        shown = f"the {LISTED} most distinctive" if self.show_all else f"top {TOP}"
        if not any(_cut(c) for c in self.changes):
            shown = "all" if self.show_all else f"top {TOP}"
        head.append(f"\nListed: {shown} of each · a: {'top only' if self.show_all else 'show more'} · esc back",
                    style=dim)
        self.query_one("#changes-head", Static).update(head)
        self.query_one("#changes-periods", Static).update(Group(*(self._period(c) for c in self.changes)))

    def _listing(self, phrases: tuple[str, ...], counts: Mapping[str, int], kind: str | None = None) -> Text:
        """The phrases, each with its mark (none for the first period's) and its article count."""
        shown = phrases if self.show_all else phrases[:TOP]
        dim = self.get_component_rich_style("changes--dim")
        width = max((len(f"{counts.get(phrase, 0):,}") for phrase in shown), default=1)
        mark = self.get_component_rich_style(f"changes--{kind}") if kind else None
        out = Text()
        for phrase in shown:
            if kind and mark is not None:
                out.append(f"{MARKS[kind]} ", style=mark)
            out.append(f"{counts.get(phrase, 0):>{width},} ", style=dim)
            out.append(one_line(phrase))
            out.append("\n")
        if len(phrases) > len(shown):
            out.append(f"   … {len(phrases) - len(shown):,} more", style=dim)
        elif not phrases:
            out.append("   —", style=dim)
        out.rstrip()
        return out

    def _period(self, change: PeriodChanges) -> Group:
        periods = self.corpus.periods
        label_style = self.get_component_rich_style("changes--period")
        dim = self.get_component_rich_style("changes--dim")
        title = Text()
        title.append(one_line(change.label), style=label_style)
        articles = change.articles
        title.append(f" · {articles:,} article{'s' if articles != 1 else ''}", style=dim)
        if change.previous is None:
            title.append(" · the first period: its phrases, nothing before", style=dim)
            first = Table(box=None, expand=True, padding=(0, 1), show_edge=False, pad_edge=False)
            first.add_column(Text(f"phrases ({_how_many(change, 'phrases')})"), no_wrap=True, overflow="ellipsis")
            first.add_row(self._listing(change.phrases, change.carried))
            return Group(Text(""), title, first)
        before = periods[change.previous].label
        title.append(f" · against {one_line(before)}", style=dim)
        here, previous = change.carried, self.changes[change.previous].carried if self.changes else {}
        if not articles:
            title.append(" · no article here", style=dim)
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False, pad_edge=False)
        for kind in KINDS:
            heading = Text(f"{MARKS[kind]} {kind} ({_how_many(change, kind)})",
                           style=self.get_component_rich_style(f"changes--{kind}"))
            table.add_column(heading, ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_row(
            self._listing(change.new, here, "new"),
            self._listing(change.vanished, previous, "vanished"),
            self._listing(change.persistent, here, "persistent"),
        )
        return Group(Text(""), title, table)

    # -- export ------------------------------------------------------------------------------
    def export_table(self) -> tuple[str, pl.DataFrame] | None:
        """Every phrase of every list: period, compared with, change, phrase, articles / of."""
        if self.changes is None:
            return None
        labels = [p.label for p in self.corpus.periods]
        articles = [c.articles for c in self.changes]
        rows: dict[str, list] = {name: [] for name in
                                 ("period", "compared_with", "change", "phrase", "articles", "of_articles")}
        for change in self.changes:
            if change.previous is None:
                continue
            for kind, phrases in zip(KINDS, (change.new, change.vanished, change.persistent), strict=True):
                side = change.previous if kind == "vanished" else change.period
                for phrase in phrases:
                    rows["period"].append(labels[change.period])
                    rows["compared_with"].append(labels[change.previous])
                    rows["change"].append(kind)
                    rows["phrase"].append(phrase)
                    rows["articles"].append(self.changes[side].carried.get(phrase, 0))
                    rows["of_articles"].append(articles[side])
        schema = {"period": pl.String, "compared_with": pl.String, "change": pl.String, "phrase": pl.String,
                  "articles": pl.Int64, "of_articles": pl.Int64}
        return "changes", pl.DataFrame(rows, schema=schema)

    # -- actions -----------------------------------------------------------------------------
    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all

    def action_back(self) -> None:
        self.dismiss(None)
