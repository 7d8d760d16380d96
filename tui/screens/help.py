"""F1 / ?: every key of the app, read from the bindings themselves so the list cannot drift."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.screens.guarded import GuardedModalScreen

EXTRA_KEYS = [
    ("Everywhere", "tab / shift+tab", "Next / previous pane"),
    ("Everywhere", "ctrl+p", "Command palette"),
    ("Reader", "↑ ↓ pgup pgdn home end", "Scroll"),
    ("Filter", "typing", "Updates the comparison on every key"),
]

QUERY_HELP = (
    'Filter queries: words match whole tokens, any case · "quoted phrase" · teror* (wildcard) · '
    "@suriah (a topic: its named set of terms and phrases; the empty filter lists every topic) · "
    "a | b, a, b or a b: alternatives, counted separately and added up."
)

class HelpScreen(GuardedModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Sequence[BindingType]]]) -> None:
        """`sections`: (where, bindings) as the widgets' BINDINGS hold them, where textual also
        allows a (key, action[, description]) tuple for a Binding."""
        super().__init__()
        self.sections = [
            (where, [b if isinstance(b, Binding) else Binding(*b) for b in bindings]) for where, bindings in sections
        ]

    def key_label(self, binding: Binding) -> str:
        keys = [k.strip() for k in binding.key.split(",")]
        return " / ".join(self.app.get_key_display(Binding(k, binding.action)) for k in keys)

    def compose(self) -> ComposeResult:
        table = Table(box=None, padding=(0, 2), show_header=True, expand=True)
        table.add_column("where", no_wrap=True)
        table.add_column("key", no_wrap=True)
        table.add_column("what")
        for where, bindings in self.sections:
            for binding in bindings:
                table.add_row(Text(where), Text(self.key_label(binding)), Text(binding.description))
        for where, key, what in EXTRA_KEYS:
            table.add_row(Text(where), Text(key), Text(what))
        with VerticalScroll(id="help-body"):
            yield Static(Text("Kabar — keys", style="bold"), id="help-title")
            yield Static(table, id="help-keys")
            yield Static(Text(QUERY_HELP), id="help-query")
            yield Static(Text("esc closes this help"), id="help-close")
