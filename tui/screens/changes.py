"""What changed: per period, the keyphrases new, gone or kept since the period before.

corpus.analysis.changes decides the lists; this screen adds how many articles carry each phrase (the
period's for new and persistent, the period before's for vanished) and lays the three lists
side by side under each period, TOP of each unless `a` shows them all. Each list and phrase is
marked beyond its colour: + new, − vanished, = persistent. The first period lists its own phrases
(what was talked about before anything could change). Keywords arrive in the background:
update_keywords() redraws with more of them, and the header says how many are in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
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

from corpus.analysis.changes import PeriodChanges, normalize, what_changed
from corpus.keywords.extraction import Keyword
from corpus.model import Corpus
from corpus.visible import one_line
from tui.screens.guarded import GuardedScreen
from tui.widgets.title_bar import TitleBar
from tui.workers import ReportsFailures, background

TOP = 10  # phrases listed per kind and period unless showing all
KINDS = ("new", "vanished", "persistent")
MARKS = {"new": "+", "vanished": "−", "persistent": "="}  # readable without colour

Keywords = Sequence[tuple[Keyword, ...] | None] | Mapping[int, tuple[Keyword, ...]]


@dataclass
class ChangesReady(Message):
    generation: int
    changes: tuple[PeriodChanges, ...]
    counts: list[Counter[str]]  # per period: phrase -> articles carrying it
    done: int  # articles with keywords


def _as_mapping(corpus: Corpus, keywords: Keywords) -> dict[int, tuple[Keyword, ...]]:
    if isinstance(keywords, Mapping):
        return dict(keywords)
    return {row: kws for row, kws in enumerate(keywords) if kws is not None and row < len(corpus)}


class ChangesScreen(ReportsFailures, GuardedScreen[None]):
    TITLE = "What changed"
    BINDINGS = [
        Binding("a", "toggle_all", "All / top phrases", id="changes.all"),
        Binding("escape", "back", "Back", id="changes.back"),
    ]
    COMPONENT_CLASSES = {"changes--period", "changes--dim", "changes--new", "changes--vanished",
                         "changes--persistent"}

    show_all: reactive[bool] = reactive(False, init=False)

    def __init__(self, corpus: Corpus, keywords: Keywords) -> None:
        super().__init__()
        self.corpus = corpus
        self.keywords = _as_mapping(corpus, keywords)
        self.changes: tuple[PeriodChanges, ...] | None = None
        self.counts: list[Counter[str]] = []
        self.done = 0
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("Comparing keyphrases…"), id="changes-head")
        with VerticalScroll(id="changes-body"):
            yield Static(Text(""), id="changes-periods")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#changes-body").focus()
        self.compute(self._generation, self.keywords)

    def update_keywords(self, keywords: Keywords) -> None:
        """More keywords arrived (or all of them): compare again."""
        self.keywords = _as_mapping(self.corpus, keywords)
        self._generation += 1
        self.compute(self._generation, self.keywords)

    @background("Comparing the periods' phrases", group="changes")
    def compute(self, generation: int, keywords: dict[int, tuple[Keyword, ...]]) -> None:
        changes = what_changed(self.corpus, keywords)
        counts: list[Counter[str]] = [Counter() for _ in self.corpus.periods]
        for row, period in enumerate(self.corpus.articles["period"].to_list()):
            found = keywords.get(row)
            if period is not None and found:
                counts[period].update({normalize(k.phrase) for k in found} - {""})
        self.post_message(ChangesReady(generation, changes, counts, len(keywords)))

    @on(ChangesReady)
    def _ready(self, message: ChangesReady) -> None:
        if message.generation != self._generation:
            return  # newer keywords are being compared
        self.changes, self.counts, self.done = message.changes, message.counts, message.done
        self._show()

    def watch_show_all(self) -> None:
        if self.changes is not None:
            self._show()

    # -- drawing -----------------------------------------------------------------------------
    def _show(self) -> None:
        assert self.changes is not None
        dim = self.get_component_rich_style("changes--dim")
        total = len(self.corpus)
        head = Text("Keyphrases against the period before: ")
        head.append("+ new", style=self.get_component_rich_style("changes--new"))
        head.append(" (not before) · ")
        head.append("− vanished", style=self.get_component_rich_style("changes--vanished"))
        head.append(" (only before) · ")
        head.append("= persistent", style=self.get_component_rich_style("changes--persistent"))
        head.append(" (both); the number: articles carrying it")
        if self.done < total:
            head.append(f"\nKeywords for {self.done:,} of {total:,} articles so far: the lists will grow.",
                        style="bold")
        head.append(f"\n{'All phrases' if self.show_all else f'Top {TOP} of each'} · a: "
                    f"{'top only' if self.show_all else 'show all'} · esc back", style=dim)
        self.query_one("#changes-head", Static).update(head)
        self.query_one("#changes-periods", Static).update(Group(*(self._period(c) for c in self.changes)))

    def _listing(self, phrases: tuple[str, ...], counts: Counter[str], kind: str | None = None) -> Text:
        """The phrases, each with its mark (none for the first period's) and its article count."""
        shown = phrases if self.show_all else phrases[:TOP]
        dim = self.get_component_rich_style("changes--dim")
        mark = self.get_component_rich_style(f"changes--{kind}") if kind else None
        out = Text()
        for phrase in shown:
            if kind and mark is not None:
                out.append(f"{MARKS[kind]} ", style=mark)
            out.append(f"{counts.get(phrase, 0):>2} ", style=dim)
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
        title.append(f" · {articles:,} article{'s' if articles != 1 else ''} with keywords", style=dim)
        if change.previous is None:
            title.append(" · the first period: its phrases, nothing before", style=dim)
            first = Table(box=None, expand=True, padding=(0, 1), show_edge=False, pad_edge=False)
            first.add_column(Text(f"phrases ({len(change.phrases):,})"), no_wrap=True, overflow="ellipsis")
            first.add_row(self._listing(change.phrases, self.counts[change.period]))
            return Group(Text(""), title, first)
        before = periods[change.previous].label
        title.append(f" · against {one_line(before)}", style=dim)
        here, previous = self.counts[change.period], self.counts[change.previous]
        if not articles:
            title.append(" · no article here yet", style=dim)
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False, pad_edge=False)
        for kind, phrases in zip(KINDS, (change.new, change.vanished, change.persistent), strict=True):
            heading = Text(f"{MARKS[kind]} {kind} ({len(phrases):,})",
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
                    rows["articles"].append(self.counts[side].get(phrase, 0))
                    rows["of_articles"].append(articles[side])
        schema = {"period": pl.String, "compared_with": pl.String, "change": pl.String, "phrase": pl.String,
                  "articles": pl.Int64, "of_articles": pl.Int64}
        return "changes", pl.DataFrame(rows, schema=schema)

    # -- actions -----------------------------------------------------------------------------
    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all

    def action_back(self) -> None:
        self.dismiss(None)
