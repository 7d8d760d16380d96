"""The Kabar dashboard: sidebar of articles, reader, live filter."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.reactive import reactive
from textual.widgets import Footer, Input
from textual.worker import Worker, get_current_worker

from corpus.analysis.overview import overview
from corpus.analysis.topics import TopicError, bundled_topics, load_topics
from corpus.index.store import open_corpus
from corpus.index.terms import TermIndex
from corpus.ingest.load import CorpusError
from corpus.keywords.extraction import Keyword, extract
from corpus.keywords.pipeline import article_keywords
from corpus.keywords.pool import Superseded, article_pool, extract_in
from corpus.model import Corpus
from corpus.visible import one_line
from tui.analysis_screens import AnalysisScreens
from tui.messages import (
    ArticleKeywords,
    ArticleOpened,
    CorpusFailed,
    CorpusLoaded,
    FilterChanged,
    OverviewReady,
)
from tui.palette import KabarCommands, Palette
from tui.screens.guarded import Dashboard
from tui.widgets.article_list import ArticleList
from tui.widgets.filter_pane import FilterPane
from tui.widgets.reader import Reader
from tui.widgets.title_bar import TitleBar
from tui.workers import ReportsFailures, background, start_resource_tracker


def styles_path() -> Path:
    """The .tcss folder: beside the app in a wheel, at the top of a source checkout."""
    here = Path(__file__).parent
    packaged = here / "styles"
    return packaged if packaged.is_dir() else here.parent / "styles"



class KabarApp(ReportsFailures, AnalysisScreens):
    TITLE = "Kabar"
    CSS_PATH = [styles_path() / "kabar.tcss", styles_path() / "screens.tcss"]
    COMMANDS = App.COMMANDS | {KabarCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    BINDINGS = [
        # First of the app's keys, so that the footer keeps it in sight at 80 columns.
        Binding("q", "quit", "Quit", id="app.quit"),
        # priority: decided here, before the focused widget sees the key, so that the keys typed
        # straight after it (already queued) go to the filter (see check_action)
        Binding("slash", "focus_filter", "Filter", id="app.filter", priority=True),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("K", "keyness", "Keyness", id="app.keyness"),
        Binding("C", "concordance", "Concordance", id="app.concordance"),
        Binding("right_square_bracket", "next_article(1)", "Next article", id="app.next_article", show=False),
        Binding("left_square_bracket", "next_article(-1)", "Previous article", id="app.previous_article",
                show=False),
        Binding("backslash", "toggle_sidebar", "Sidebar", id="app.sidebar", show=False),
        Binding("T", "trend", "Trend", id="app.trend"),
        Binding("L", "collocates", "Collocates", id="app.collocates", show=False),
        Binding("W", "changes", "What changed", id="app.changes", show=False),
        Binding("e", "export", "Export", id="app.export", show=False),
        Binding("y", "copy", "Copy", id="app.copy", show=False),
        Binding("S", "toggle_stemming", "Stemming", id="app.stemming", show=False),
    ]

    row: reactive[int | None] = reactive(None, always_update=True)

    def __init__(self, corpus_path: Path | None = None, article: str | None = None,
                 filter_text: str | None = None, *, periods: Path | int | str | None = None,
                 columns: dict[str, str] | None = None, topics_file: Path | None = None) -> None:
        super().__init__()
        self.corpus_path = corpus_path
        self.open_options: dict[str, Any] = {"periods": periods, "columns": columns}
        self.topics_file = topics_file
        self.start_article = article
        self.start_filter = filter_text or ""
        self.corpus: Corpus | None = None
        self.index: TermIndex | None = None
        # Opened articles' keywords, ranked against the whole corpus by the index's counts
        # (corpus.keywords.pipeline.article_keywords): YAKE runs on the articles read, never on
        # every article (What changed reads the index: corpus.analysis.changes).
        self.opened_keywords: dict[int, tuple[Keyword, ...]] = {}
        self.pool: ProcessPoolExecutor | None = None  # YAKE for opened articles (article_pool)
        self._focus_span: tuple[int, int] | None = None  # where to scroll the next opened article

    def get_default_screen(self) -> Dashboard:
        return Dashboard(id="_default")

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Container(id="panes"):
            yield ArticleList(id="sidebar")
            with Container(id="right"):
                yield Reader(id="reader")
                yield FilterPane(id="filter")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FilterPane).input.value = self.start_filter
        self.query_one(ArticleList).focus()
        # After the first frame: the loader's Python work would otherwise compete with it for the GIL.
        self.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        start_resource_tracker()
        self.pool = article_pool()
        self.load()
        self.warm_pool()

    @background("Starting the keyword worker", group="pool", exclusive=False)
    def warm_pool(self) -> None:
        """Start the opened articles' worker while the corpus loads (forkserver, YAKE import)."""
        pool = self.pool
        try:
            if pool is not None:
                pool.submit(int).result()
        except Exception:  # noqa: BLE001 -- a pool that cannot start: YAKE runs in a thread instead
            self.pool = None

    def on_unmount(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    # -- loading (off the UI thread) --------------------------------------------------------
    @background("Loading the corpus", group="load")
    def load(self) -> None:
        try:
            opened = open_corpus(self.corpus_path, **self.open_options)
        except CorpusError as exc:
            self.post_message(CorpusFailed(str(exc)))
            return
        except Exception as exc:  # a loader bug must not put a traceback in front of the user
            self.post_message(CorpusFailed(f"{exc.__class__.__name__}: {exc}"))
            return
        notices = list(opened.notices)
        try:
            topics = load_topics(self.topics_file)
        except TopicError as exc:  # a broken user file costs its topics, not the app
            notices.append(f"{exc} (using the bundled topics)")
            topics = bundled_topics()
        self.post_message(CorpusLoaded(opened.corpus, opened.index, topics, tuple(notices)))
        # Once the articles are on screen: at 100,000 articles the topics and words take seconds.
        self.post_message(OverviewReady(overview(opened.corpus, opened.index, topics)))

    def worker_failed(self, worker: Worker[Any]) -> None:
        if worker.group == "article-keywords":
            self.query_one(Reader).set_keywords_failed()

    @on(CorpusFailed)
    def _failed(self, message: CorpusFailed) -> None:
        if self.quitting:
            return
        self.notify(one_line(message.error), title="Cannot open the corpus", severity="error",
                    timeout=30, markup=False)

    @on(CorpusLoaded)
    def _loaded(self, message: CorpusLoaded) -> None:
        if self.quitting:
            return
        self.corpus, self.index = message.corpus, message.index
        self.sub_title = one_line(message.corpus.name)
        for problem in message.corpus.problems:
            self.notify(one_line(problem), title="Skipped", severity="warning", timeout=15, markup=False)
        for notice in message.notices:
            self.notify(one_line(notice), severity="warning", timeout=15, markup=False)
        sidebar = self.query_one(ArticleList)
        sidebar.set_corpus(message.corpus)
        self.query_one(FilterPane).set_corpus(message.corpus, message.index, message.topics)
        first = 0
        if self.start_article is not None:
            found = message.corpus.row_of(self.start_article)
            if found is None:
                self.notify(f"No article with id {one_line(self.start_article)}", severity="warning", markup=False)
            else:
                first = found
        if len(message.corpus):
            self.open_article(first)

    @on(OverviewReady)
    def _overview(self, message: OverviewReady) -> None:
        if self.quitting:
            return
        self.query_one(FilterPane).set_overview(message.overview)

    def _warn_from_thread(self, notice: str) -> None:
        self.call_from_thread(self.notify, one_line(notice), severity="warning", markup=False)

    @property
    def quitting(self) -> bool:
        """The screens are gone (the app is closing): a worker's late result has nowhere to go."""
        return not self.screen_stack

    def keywords_of(self, row: int | None) -> tuple[Keyword, ...] | None:
        """The keywords of `row`, if computed already."""
        return self.opened_keywords.get(row) if row is not None else None

    @background("Computing the article's keywords", group="article-keywords")
    def compute_article_keywords(self, row: int) -> None:
        """The keywords of the article just opened: its candidates from the cache or from the
        pool's worker (YAKE holds the GIL: never on this process's threads, unless the pool
        cannot start), ranked with the index's counts. Opening another article first drops it."""
        assert self.corpus is not None and self.index is not None
        worker = get_current_worker()

        def extract_one(text: str) -> tuple[Keyword, ...]:
            pool = self.pool
            if pool is not None:
                try:
                    return extract_in(pool, text, lambda: worker.is_cancelled)
                except Superseded:
                    raise
                except Exception:  # noqa: BLE001 -- a worker that died (BrokenProcessPool): go on without
                    self.pool = None
            return extract(text)

        try:
            text = self.corpus.texts.one(row)
            found = article_keywords(text, self.index, extract_one=extract_one, notify=self._warn_from_thread)
        except Superseded:
            return
        self.post_message(ArticleKeywords(row, found))

    @on(ArticleKeywords)
    def _article_keywords(self, message: ArticleKeywords) -> None:
        if self.quitting:
            return
        self.opened_keywords[message.row] = message.keywords
        if self.row == message.row:
            self.query_one(Reader).set_keywords(message.keywords)

    # -- state ------------------------------------------------------------------------------
    def open_article(self, row: int, span: tuple[int, int] | None = None) -> None:
        """Open an article in the reader, scrolled to `span` (character offsets) if given."""
        self._focus_span = span
        self.row = row

    def watch_row(self, row: int | None) -> None:
        if row is None or self.corpus is None:
            return
        sidebar = self.query_one(ArticleList)
        sidebar.open_row = row
        sidebar.select_row(row)
        known = self.keywords_of(row)
        self.query_one(Reader).show(self.corpus, row, known, self._focus_span)
        if known is None and self.index is not None:
            self.compute_article_keywords(row)

    @on(ArticleOpened)
    def _opened(self, message: ArticleOpened) -> None:
        self.open_article(message.row)
        self.query_one(Reader).focus()

    @on(FilterChanged)
    def _filtered(self, message: FilterChanged) -> None:
        comparison = message.comparison
        self.query_one(ArticleList).set_matches(comparison.doc_counts if comparison else {})
        self.query_one(Reader).set_query(message.query, message.stems)

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("focus_filter", "next_article", "toggle_sidebar") and self.screen is not self.screen_stack[0]:
            return False  # the filter and the sidebar are on the dashboard only
        if action == "focus_filter":  # a text field keeps its "/", but the filter has no use for one
            return self.focused is self.query_one(FilterPane).input or not isinstance(self.focused, Input)
        return True

    def action_focus_filter(self) -> None:
        # set_focus now, not Widget.focus (deferred): the next keys are queued already
        pane = self.query_one(FilterPane)
        if self.focused is pane.input:
            return  # "/" in the filter is no query character (queries have no use for it)
        pane.return_to = self.focused
        self.screen.set_focus(pane.input)

    def action_toggle_sidebar(self) -> None:
        """\\: the sidebar folded away for a wider reader, and back."""
        sidebar = self.query_one(ArticleList)
        sidebar.display = not sidebar.display
        if not sidebar.display and self.focused is sidebar:
            self.query_one(Reader).focus()

    def action_next_article(self, step: int) -> None:
        """]/[: the next or previous article of the sidebar (as narrowed), focus left where it is."""
        row = self.query_one(ArticleList).neighbour(self.row, step)
        if row is None:
            self.notify("No more articles that way.", markup=False, timeout=2)
            return
        self.open_article(row)

    def action_clear_filter(self) -> None:
        self.query_one(FilterPane).input.value = ""

    def action_toggle_original(self) -> None:
        self.query_one(Reader).action_toggle_original()

    def action_toggle_matching(self) -> None:
        self.query_one(ArticleList).action_toggle_matching()

    def action_toggle_stemming(self) -> None:
        self.query_one(FilterPane).action_toggle_stemming()

    def action_command_palette(self) -> None:
        if self.use_command_palette and not any(isinstance(s, Palette) for s in self.screen_stack):
            self.push_screen(Palette(id="--command-palette"))


def run_app(corpus_path: Path | None = None, article: str | None = None,
            filter_text: str | None = None, **options) -> int:
    """Open the dashboard; `options` are KabarApp's periods, columns and topics_file."""
    return KabarApp(corpus_path, article, filter_text, **options).run() or 0
