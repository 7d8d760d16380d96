"""The dashboard's analysis screens (keyness, concordance, what changed, trend, collocates), its
export and copy, and its help: how each is opened over the dashboard from what it shows.

A mixin of KabarApp, kept apart from the loading and the reading it does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import App
from textual.screen import Screen

from corpus.analysis.query import Query
from corpus.analysis.stem import stem_query
from corpus.index.terms import TermIndex
from corpus.model import Corpus
from corpus.visible import one_line
from tui.messages import ConcordanceRequested
from tui.screens.changes import ChangesScreen
from tui.screens.collocates import CollocatesScreen
from tui.screens.concordance import ConcordanceScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.exporting import copy_screen, export_screen
from tui.screens.help import HelpScreen
from tui.screens.keyness import KeynessScreen
from tui.screens.trend import TrendScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.filter_pane import FilterPane
from tui.widgets.kwic_view import Jump, KwicView
from tui.widgets.reader import Reader
from tui.widgets.trend_chart import TrendChart

# Screens over the dashboard that replace one another (show_analysis).
ANALYSIS_SCREENS = (KeynessScreen, ConcordanceScreen, ChangesScreen, TrendScreen, CollocatesScreen)


class AnalysisScreens(App[int]):
    corpus: Corpus | None
    index: TermIndex | None
    row: int | None

    def open_article(self, row: int, span: tuple[int, int] | None = None) -> None:
        raise NotImplementedError  # KabarApp's

    def action_keyness(self) -> None:
        if self.corpus is None or self.index is None or not self.corpus.periods:
            self.notify("Keyness compares periods: this corpus has none yet.", markup=False)
            return
        period = self.corpus.articles["period"][self.row] if self.row is not None else None
        self.show_analysis(KeynessScreen(self.corpus, self.index, period or 0), self._jump)

    def action_concordance(self) -> None:
        pane = self.query_one(FilterPane)
        if pane.counted_query is None or pane.counted_query.is_empty:
            self.notify("Type a query in the filter first (or press Enter on a term).", markup=False)
            return
        self._concordance(pane.counted_query)

    @on(ConcordanceRequested)
    def _concordance_requested(self, message: ConcordanceRequested) -> None:
        self._concordance(message.query)

    def _concordance(self, query: Query) -> None:
        index = self.query_one(FilterPane).counted_index
        if self.corpus is not None and index is not None:
            self.show_analysis(ConcordanceScreen(self.corpus, index, query), self._jump)

    def _jump(self, jump: Jump | None) -> None:
        if jump is not None:
            self.open_article(jump.row, (jump.start, jump.end))
            self.query_one(Reader).focus()

    def action_changes(self) -> None:
        if self.corpus is not None and self.index is not None:
            self.show_analysis(ChangesScreen(self.corpus, self.index))

    def show_analysis(self, screen: Screen[Any], callback: Any = None) -> None:
        """An analysis screen over the dashboard, replacing the one shown (K inside What changed
        leaves one screen to go back from, not a pile)."""
        if isinstance(self.screen, ANALYSIS_SCREENS):
            self.pop_screen()
        self.push_screen(screen, callback)

    def _filter_query(self) -> Query | None:
        pane = self.query_one(FilterPane)
        if pane.counted_query is None or pane.counted_query.is_empty:
            self.notify("Type a query in the filter first.", markup=False)
            return None
        return pane.counted_query

    def action_trend(self) -> None:
        pane = self.query_one(FilterPane)
        index = pane.counted_index
        if self.corpus is None or index is None or self._filter_query() is None:
            return
        transform = stem_query if pane.stemming else None
        self.show_analysis(TrendScreen(self.corpus, index, pane.input.value, topics=pane.topics,
                                      transform=transform))

    def action_collocates(self) -> None:
        index = self.query_one(FilterPane).counted_index
        query = self._filter_query()
        if self.corpus is not None and index is not None and query is not None:
            self.show_analysis(CollocatesScreen(self.corpus, index, query))

    def action_export(self) -> None:
        export_screen(self, self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Written: {one_line(str(path))}", title="Export", markup=False)

    def action_copy(self) -> None:
        copy_screen(self)

    def action_help(self) -> None:
        sections: list[tuple[str, list[Any]]] = [
            ("Everywhere", list(self.BINDINGS)),
            ("Sidebar", list(ArticleList.BINDINGS)),
            ("Reader", list(Reader.BINDINGS)),
            ("Filter", list(FilterPane.BINDINGS)),
            ("Keyness", list(KeynessScreen.BINDINGS)),
            ("Concordance", list(ConcordanceScreen.BINDINGS) + list(KwicView.BINDINGS)),
            ("What changed", list(ChangesScreen.BINDINGS)),
            ("Trend", list(TrendScreen.BINDINGS) + list(TrendChart.BINDINGS)),
            ("Collocates", list(CollocatesScreen.BINDINGS)),
            ("Export", list(ExportDialog.BINDINGS)),
        ]
        self.push_screen(HelpScreen(sections))

