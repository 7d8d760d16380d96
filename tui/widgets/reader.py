"""The reader: one article's header, its cleaned text with highlights, and its keywords."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from corpus.analysis.occurrences import phrase_spans, query_spans
from corpus.analysis.query import Query
from corpus.keywords.extraction import Keyword
from corpus.model import Article, Corpus
from corpus.visible import one_line, visible


class Reader(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("o", "toggle_original", "Original text", id="reader.original"),
        Binding("n", "match(1)", "Next match", id="reader.next_match"),
        Binding("N", "match(-1)", "Previous match", id="reader.previous_match"),
        Binding("j", "scroll_down", "Scroll down", id="reader.down", show=False),
        Binding("k", "scroll_up", "Scroll up", id="reader.up", show=False),
        Binding("space", "page_down", "Page down", id="reader.page_down", show=False),
        Binding("b", "page_up", "Page up", id="reader.page_up", show=False),
    ]
    COMPONENT_CLASSES = {
        "reader--keyword", "reader--match", "reader--focus", "reader--title", "reader--meta", "reader--note",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.period_label = ""
        self.keywords: tuple[Keyword, ...] | None = None
        self.keywords_failed = False  # their worker failed: they will not come
        self.shown_query: Query | None = None
        self.stems: Mapping[str, str] | None = None
        self.focus_span: tuple[int, int] | None = None  # an occurrence jumped to from the concordance
        self.original = False
        self.matches: list[tuple[int, int]] = []  # the filter's occurrences in the text shown
        self.current_match: int | None = None  # which of them n/N went to

    def compose(self):
        yield Static(Text("Loading the corpus…"), id="reader-head")
        yield Static(Text(""), id="reader-body")
        yield Static(Text(""), id="reader-keywords")

    def show(self, corpus: Corpus, row: int, keywords: tuple[Keyword, ...] | None,
             focus_span: tuple[int, int] | None = None) -> None:
        self.article = corpus.article(row)
        self.period_label = corpus.period_label(self.article.period)
        self.keywords, self.keywords_failed = keywords, False
        self.focus_span = focus_span
        self.original = self.original and focus_span is None
        self.current_match = None
        self._render_all()
        if focus_span is None and self.matches:
            self._go_to_match(0)  # the first match in view as the article opens
        elif focus_span is None:
            self.scroll_home(animate=False)
        else:
            self.call_after_refresh(self._scroll_to_focus)

    def _scroll_to_focus(self) -> None:
        """Scroll so the focused occurrence sits a few lines below the top."""
        if self.focus_span is None or self.article is None:
            return
        body = self.query_one("#reader-body", Static)
        width = body.content_region.width
        if width <= 0:
            return
        # Wrapping is greedy from the start, so the text before the match wraps as it does on screen.
        before = Text(visible(self.article.text[: self.focus_span[0]]) + "x")
        line = len(before.wrap(self.app.console, width)) - 1
        self.scroll_to(y=max(0, body.virtual_region.y + line - 3), animate=False)

    def set_keywords(self, keywords: tuple[Keyword, ...] | None) -> None:
        self.keywords, self.keywords_failed = keywords, False
        self._render_all()

    def set_keywords_failed(self) -> None:
        """The keywords cannot come (their worker failed: the app said why)."""
        self.keywords_failed = True
        if self.article is not None and self.keywords is None:
            self._render_keywords()

    def set_query(self, query: Query | None, stems: Mapping[str, str] | None = None) -> None:
        self.shown_query, self.stems = query, stems
        self.current_match = None
        if self.article is not None:
            self._render_body()
            self._render_head()

    def action_match(self, step: int) -> None:
        """n/N: the next or previous occurrence of the filter's query, highlighted and in view."""
        if not self.matches or self.original:
            self.notify("No filter match in this article." if not self.original else
                        "Matches are in the cleaned text (o: back to it).", markup=False)
            return
        if self.current_match is None:
            self._go_to_match(0 if step > 0 else len(self.matches) - 1)
        else:
            self._go_to_match((self.current_match + step) % len(self.matches))

    def _go_to_match(self, index: int) -> None:
        self.current_match = index
        self.focus_span = self.matches[index]
        self._render_head()
        self._render_body()
        self.call_after_refresh(self._scroll_to_focus)

    def action_toggle_original(self) -> None:
        self.original = not self.original
        if self.article is not None:
            self._render_all()

    def _style(self, name: str):
        return self.get_component_rich_style(f"reader--{name}")

    def _render_all(self) -> None:
        self._render_body()  # first: it finds the matches the head counts
        self._render_head()
        self._render_keywords()

    def _render_head(self) -> None:
        a = self.article
        assert a is not None
        date = a.published.isoformat() if a.published else "undated"
        head = Text(one_line(a.title), style=self._style("title"))
        head.append("\n")
        head.append(f"{one_line(a.source)} · {date} · {one_line(self.period_label)}", style=self._style("meta"))
        if self.original:
            head.append("\nOriginal text, exactly as received (o: back to the cleaned text)", style=self._style("note"))
        self.query_one("#reader-head", Static).update(head)
        # On the pane's edge, in view however far the text is scrolled: the source, and where n/N are.
        title = one_line(a.source)
        if self.matches and not self.original:
            at = f"match {self.current_match + 1} of {len(self.matches)}" if self.current_match is not None else (
                f"{len(self.matches)} match{'es' if len(self.matches) != 1 else ''}")
            title += f" · {at} (n/N)"
        self.border_title = Content(title)  # untrusted: never markup

    def _render_body(self) -> None:
        a = self.article
        assert a is not None
        self.matches = []
        if self.original:
            self.query_one("#reader-body", Static).update(Text(visible(a.raw)))
            return
        if not a.text.strip():
            # A scraped page can hold nothing but chrome (",,,loading..."): say so rather than show a blank.
            said = ("No text left after cleaning: everything received was site chrome (o in the reader shows it)."
                    if a.raw.strip() else "This article has no text.")
            self.query_one("#reader-body", Static).update(Text(said, style=self._style("note")))
            return
        # visible() swaps characters one for one, so spans found in the text still line up.
        body = Text(visible(a.text))
        if self.keywords:
            for start, end in phrase_spans(a.text, [k.phrase for k in self.keywords]):
                body.stylize(self._style("keyword"), start, end)
        if self.shown_query is not None and not self.shown_query.is_empty:
            self.matches = query_spans(a.text, self.shown_query, self.stems)
            for start, end in self.matches:
                body.stylize(self._style("match"), start, end)
        if self.focus_span is not None:
            body.stylize(self._style("focus"), *self.focus_span)
        self.query_one("#reader-body", Static).update(body)

    def _render_keywords(self) -> None:
        out = Text("Keywords", style=self._style("title"))
        out.append("  YAKE: lower score = more characteristic of this article\n", style=self._style("note"))
        if self.keywords is None and self.keywords_failed:
            out.append("could not be computed (see the notice)", style=self._style("note"))
        elif self.keywords is None:
            out.append("computing…", style=self._style("note"))
        elif not self.keywords:
            out.append("none found", style=self._style("note"))
        for rank, kw in enumerate(self.keywords or (), 1):
            out.append(f"{rank:>2}. ")
            out.append(one_line(kw.phrase), style=self._style("keyword"))
            out.append(f"  {kw.score:.4f}\n", style=self._style("meta"))
        self.query_one("#reader-keywords", Static).update(out)
