"""What the sidebar and the concordance share: a list drawn line by line (any length stays
cheap, as in Toolong), with a cursor over its items moved by the same keys."""

from __future__ import annotations

from textual.binding import Binding
from textual.reactive import reactive
from textual.scroll_view import ScrollView


def moves(prefix: str, item: str = "") -> list[Binding]:
    """The cursor keys, with ids under `prefix`; `item` names what they move over in the help."""

    def name(what: str) -> str:
        return f"{what} {item}".strip()

    return [
        Binding("down,j", "move(1)", name("Next"), id=f"{prefix}.next", show=False),
        Binding("up,k", "move(-1)", name("Previous"), id=f"{prefix}.previous", show=False),
        Binding("pagedown", "page(1)", "Page down", id=f"{prefix}.page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id=f"{prefix}.page_up", show=False),
        Binding("home,g", "jump(0)", name("First"), id=f"{prefix}.first", show=False),
        Binding("end,G", "jump(-1)", name("Last"), id=f"{prefix}.last", show=False),
    ]


class CursorList(ScrollView, can_focus=True):
    """Subclasses draw the lines (render_line), say how many items there are (items), and
    scroll to the cursor's lines when it moves (watch_cursor, with show_lines)."""

    LINES_PER_ITEM = 1
    PAGE_OVERLAP = 0  # lines of the previous page still shown after page down

    cursor: reactive[int] = reactive(0, always_update=True)

    @property
    def items(self) -> int:
        raise NotImplementedError

    def show_lines(self, top: int, bottom: int) -> None:
        """Scroll as little as needed for lines [top, bottom) to be on screen."""
        height = self.scrollable_content_region.height
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False)
        elif bottom > y + height:
            self.scroll_to(y=bottom - height, animate=False)

    def action_move(self, delta: int) -> None:
        if self.items:
            self.cursor = max(0, min(self.items - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        lines = self.scrollable_content_region.height - self.PAGE_OVERLAP
        self.action_move(direction * max(1, lines // self.LINES_PER_ITEM))

    def action_jump(self, where: int) -> None:
        if self.items:
            self.cursor = where % self.items
