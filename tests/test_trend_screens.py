"""The trend chart and the collocates screen in the dashboard, driven with Pilot; analysis
screens replace each other instead of piling up."""

from __future__ import annotations

from pilot_support import settle
from rich.text import Text
from textual.widgets import DataTable, Static

from tui.screens.changes import ChangesScreen
from tui.screens.collocates import CollocatesScreen
from tui.screens.concordance import ConcordanceScreen
from tui.screens.keyness import KeynessScreen
from tui.screens.trend import TrendScreen
from tui.widgets.filter_pane import FilterPane
from tui.widgets.trend_chart import TrendChart

QUERY = 'suriah, "presiden rusia"'


def shown(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


async def test_trend_screen_walks_the_buckets_with_text(dashboard):
    async with dashboard(filter_text=QUERY, size=(80, 24)) as pilot:
        app = pilot.app
        await pilot.press("escape", "T")  # out of the filter, then the trend
        await settle(pilot)
        assert isinstance(app.screen, TrendScreen)
        chart = app.screen.query_one(TrendChart)
        point = chart.query_one("#trend-point", Static)
        # the cursor starts on the last bucket with text: Q1 2025 (pantau, 237 tokens)
        assert shown(point).startswith("Q1 2025  (1 article, 237 tokens):")
        assert '"presiden rusia" 1 in 1 = 42.2/10k' in shown(point)
        await pilot.press("left", "left")  # Q4 2024, then back over 27 empty quarters to Q1 2018
        assert shown(point).startswith("Q1 2018  (1 article, 268 tokens):")
        assert "suriah 1 in 1 = 37.3/10k" in shown(point)
        await pilot.press("home")
        assert shown(point).startswith("Q4 2016  (2 articles, 702 tokens):")
        assert "suriah 5 in 2 = 71.2/10k" in shown(point)


async def test_trend_grain_keys(dashboard):
    async with dashboard(filter_text="putin", size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("escape", "T")
        await settle(pilot)
        chart = app.screen.query_one(TrendChart)
        assert chart.trend is not None and chart.trend.grain == "quarter"
        await pilot.press("minus")
        await settle(pilot)
        assert chart.trend.grain == "year" and chart.trend.buckets.height == 10
        await pilot.press("minus")  # already the coarsest
        await settle(pilot)
        assert chart.trend.grain == "year"
        await pilot.press("plus", "plus")
        await settle(pilot)
        assert chart.trend.grain == "month"
        await pilot.press("escape")
        assert not isinstance(app.screen, TrendScreen)


async def test_the_chart_is_in_the_filter_pane_where_there_is_room(dashboard):
    async with dashboard(filter_text=QUERY, size=(200, 60)) as pilot:
        app = pilot.app
        chart = app.query_one("#filter-trend", TrendChart)
        assert chart.display and chart.trend is not None
        assert chart.trend.labels == ("suriah", '"presiden rusia"')
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not chart.display  # too short a pane: T shows it whole
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert chart.display


async def test_a_short_pane_counts_no_trend_until_it_grows(dashboard):
    """At 80x24 the chart cannot show, so a query's trend is not counted (T counts its own); the
    pane grown tall enough counts it and draws the chart."""
    async with dashboard(filter_text=QUERY, size=(80, 24)) as pilot:
        pane = pilot.app.query_one(FilterPane)
        chart = pane.query_one("#filter-trend", TrendChart)
        assert pane.comparison is not None and pane.trend is None and not chart.display
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert chart.display and chart.trend is pane.trend
        assert chart.trend is not None and chart.trend.labels == ("suriah", '"presiden rusia"')


async def test_collocates_side_by_side_and_enter_shows_the_word_in_context(dashboard):
    async with dashboard(filter_text="putin") as pilot:
        app = pilot.app
        await pilot.press("escape", "L")
        await settle(pilot)
        assert isinstance(app.screen, CollocatesScreen)
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["#", "Nov 2016", "Mar 2018", "Nov 2024 – Feb 2025"]
        await pilot.press("equals_sign", "minus", "minus")  # window 6, then 4
        await settle(pilot)
        assert app.screen.result is not None and app.screen.result.window == 4
        first = app.screen.result.periods[0].terms["term"][0]
        await pilot.press("enter")  # the word under the cursor: the first of Nov 2016
        await settle(pilot)
        assert isinstance(app.screen, ConcordanceScreen)
        assert app.screen.query_text == first
        assert len(app.screen_stack) == 2  # the concordance replaced the collocates


async def test_analysis_screens_replace_each_other(dashboard):
    async with dashboard(filter_text="putin") as pilot:
        app = pilot.app
        await pilot.press("escape")
        for key, kind in (("W", ChangesScreen), ("K", KeynessScreen), ("T", TrendScreen), ("L", CollocatesScreen),
                          ("W", ChangesScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, kind)
            assert len(app.screen_stack) == 2, key
        await pilot.press("escape")
        assert len(app.screen_stack) == 1


async def test_trend_without_a_query_says_what_to_do(dashboard):
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        await pilot.press("T")
        await settle(pilot)
        assert not isinstance(app.screen, TrendScreen)
        assert any("Type a query" in str(n.message) for n in app._notifications)


async def test_a_plot_whose_parts_are_gone_mounts_quietly():
    """A screen closed while its plot was put up takes the plot's parts: textual-plot's mount
    handler then finds no grid and ended the app (the fuzz found it). Kabar's plot mounts quietly."""
    from textual.app import App

    from tui.widgets.trend_chart import _plot_class

    class PartsGone(_plot_class()):
        def compose(self):
            return iter(())

    class One(App):
        def compose(self):
            yield PartsGone()

    async with One().run_test() as pilot:
        await pilot.pause()


async def test_the_plot_takes_no_keys_from_the_chart(dashboard):
    """textual-plot's own keys pan and zoom (ours has neither): a click no longer focuses it, so
    + and - still step the grain, and its pan keys are refused (on a plot of no height they
    divided by zero: the long fuzz)."""
    async with dashboard(filter_text="putin", size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("escape", "T")
        await settle(pilot)
        chart = app.screen.query_one(TrendChart)
        plot = chart.query_one("#trend-plot")
        await pilot.click(plot)
        assert app.focused is not plot
        for action in ("pan_up", "pan_left", "zoom_in", "zoom_out", "reset_scales"):
            assert plot.check_action(action, ()) is False
        await pilot.press("minus", "up", "down")
        await settle(pilot)
        assert chart.trend is not None and chart.trend.grain == "year"
        assert app.is_running


async def test_the_chart_labels_the_buckets_that_fit_its_width(dashboard):
    """The plot is first drawn as it is mounted, before its width is known: no label fitted
    then. Once laid out (and at every new size) the labels are chosen again for its width."""
    async with dashboard(filter_text=QUERY, size=(200, 60)) as pilot:
        app = pilot.app
        chart = app.query_one("#filter-trend", TrendChart)
        plot = chart.query_one("#trend-plot")
        n = chart.trend.buckets.height
        assert plot._x_ticks and plot._x_ticks == chart._ticks(n)
        await pilot.resize_terminal(160, 60)
        await settle(pilot)
        assert plot._x_ticks and plot._x_ticks == chart._ticks(n)
