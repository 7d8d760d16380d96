"""The title line survives a title change that lands as its screen goes away (the fuzz met
Textual's Header raising NoMatches there, which ended the app)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets._header import HeaderTitle

from tui.widgets.title_bar import TitleBar


class TitledApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TitleBar()


async def test_a_title_change_after_the_title_is_gone_is_dropped():
    app = TitledApp()
    async with app.run_test() as pilot:
        bar = app.query_one(TitleBar)
        # as a dismissed screen's header is taken apart: its children first
        await bar.query_one(HeaderTitle).remove()
        app.screen.sub_title = "changed while closing"
        app.sub_title = "and the app's too"
        await pilot.pause()
        assert app.is_running


async def test_the_title_still_follows_the_screen():
    app = TitledApp()
    async with app.run_test() as pilot:
        app.title = "Kabar"
        app.screen.sub_title = "13,357 articles"
        await pilot.pause()
        shown = str(app.query_one(HeaderTitle).render())
        assert "Kabar" in shown and "13,357 articles" in shown
