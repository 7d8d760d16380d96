"""Ctrl+P: the app's own actions and every article, searchable by name.

Prompts are rich Text, never strings: the palette parses string prompts (and Matcher.highlight
its candidates) as markup, and article titles are untrusted.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.events import Click
from textual.message import Message
from textual.widgets import Button, Input, LoadingIndicator, OptionList

from corpus.visible import one_line


class KabarCommands(Provider):
    def _commands(self):
        app = self.app
        yield "Focus the filter", "Type a query to compare periods", app.action_focus_filter
        yield "Clear the filter", "Back to the most frequent words", app.action_clear_filter
        yield "Toggle original text", "Show the article exactly as received", app.action_toggle_original
        yield "Toggle only matching articles", "Narrow the sidebar to filter matches", app.action_toggle_matching
        yield "Keyness", "Most distinctive terms of a period (G², log ratio)", app.action_keyness
        yield "Concordance", "Every occurrence of the filter's query, in context", app.action_concordance
        yield "Trend", "The filter's query over calendar time, a line per piece", app.action_trend
        yield "Collocates", "Words around the filter's query, period by period", app.action_collocates
        yield "What changed", "Keyphrases new, vanished, persistent per period", app.action_changes
        yield "Export table", "Write the current table as CSV, Markdown or Parquet", app.action_export
        yield "Copy table", "Copy the current table as TSV (works over SSH)", app.action_copy
        yield "Toggle stemming", "Count words with their derived forms (Sastrawi)", app.action_toggle_stemming
        yield "Show keys", "Every key of the app", app.action_help
        corpus = app.corpus
        if corpus is not None:
            for row, (title, source) in enumerate(corpus.articles.select("title", "source").iter_rows()):
                # The palette reads help as markup, so untrusted text stays in the (Text) prompt.
                yield f"Open: {one_line(title)} · {one_line(source)}", "Open in the reader", partial(
                    app.open_article, row
                )

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Text(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, Text(name), callback, text=name, help=help_text)


class _HitList(CommandList):
    """Textual's list of hits, minus a crash: a click carries the option drawn under the pointer,
    and a search that refilled the list meanwhile may have taken that option away (IndexError,
    found by the long fuzz). Such a click is stale, and dropped."""

    async def _on_click(self, event: Click) -> None:
        option = event.style.meta.get("option")
        if isinstance(option, int) and not 0 <= option < self.option_count:
            event.stop()
            event.prevent_default()  # OptionList's own handler (the base class) is not called


class Palette(CommandPalette):
    """Textual's palette, minus three crashes (found by the long fuzz). Two come from keys
    arriving together (a fast typist, a slow link):
    - PageUp/PageDown typed before its list is first laid out look up a line the list has not
      measured yet and raise KeyError. Until it is laid out there is no page to move by: the
      key does nothing.
    - Enter twice on a hit selects it twice: the first selection closes the palette, the second
      closes it again and pops the last screen (ScreenStackError). Once the palette is no longer
      the active screen, a selection is stale and dropped, so its command runs once.
    The third is a click on a hit the list no longer holds (_HitList)."""

    @on(OptionList.OptionSelected)
    @on(Input.Submitted)
    @on(Button.Pressed)
    def _drop_when_closed(self, event: Message) -> None:
        if not self.is_active:
            # prevent_default: CommandPalette's own handler (the base class) is not called.
            event.stop()
            event.prevent_default()

    def compose(self) -> ComposeResult:
        # CommandPalette.compose, with _HitList for its CommandList (the base class finds it by
        # that type all the same).
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield CommandInput(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield _HitList()
                yield LoadingIndicator()

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            pass
