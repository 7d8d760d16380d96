"""The trend chart: each piece of the query per 10,000 tokens over calendar time.

Drawn with textual-plot (a native Textual canvas, braille lines): one series per piece, each
with its own colour from the theme and its own marker shape, so it reads without colour too;
period boundaries as thin vertical lines; empty buckets (no text at all) break the line rather
than drawing through them. ←/→ move a cursor over the buckets and the line under the chart
gives the numbers behind the points there: count, articles, rate and its denominator.
The legend and that line are ours, drawn as Text: series labels are what the user typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, cast

import polars as pl
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from corpus.analysis.compare import rate_text
from corpus.analysis.trend import Trend
from corpus.model import Period
from corpus.visible import one_line

if TYPE_CHECKING:
    from textual_plot import PlotWidget
    from textual_plot.axis_formatter import AxisFormatter

MARKERS = ("●", "■", "▲", "◆", "★", "✚", "○", "□")
THEME_COLOURS = ("primary", "warning", "success", "error", "secondary", "accent")
RATE_DECIMALS = 1


def bucket_labels(labels: Sequence[str]) -> AxisFormatter:
    """x ticks at bucket positions, labelled with the buckets' calendar names."""
    from textual_plot.axis_formatter import AxisFormatter  # noqa: F811 (at run time, here)

    class BucketLabels(AxisFormatter):
        def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
            return [float(i) for i in range(len(labels))]

        def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
            return [labels[round(t)] if 0 <= round(t) < len(labels) else "" for t in ticks]

    return BucketLabels()


def runs(values: Sequence[float | None]) -> list[list[int]]:
    """Positions of the unbroken runs of values (None breaks a run)."""
    out: list[list[int]] = []
    current: list[int] = []
    for i, value in enumerate(values):
        if value is None:
            if current:
                out.append(current)
            current = []
        else:
            current.append(i)
    if current:
        out.append(current)
    return out


def boundaries(starts: Sequence, periods: Sequence[Period]) -> list[float]:
    """x positions between buckets where a period begins or ends (buckets are date starts)."""
    edges: set[float] = set()
    for period in periods:
        first = next((i for i, s in enumerate(starts) if s >= period.start), None)
        after = next((i for i, s in enumerate(starts) if s > period.end), None)
        if first is not None and first > 0:
            edges.add(first - 0.5)
        if after is not None and after > 0:
            edges.add(after - 0.5)
    return sorted(edges)


@cache
def _plot_class() -> type[PlotWidget]:
    from textual.containers import Grid
    from textual.events import Mount
    from textual_plot import PlotWidget

    class Plot(PlotWidget, can_focus=False):
        """textual-plot, made safe for a screen that comes and goes, and a picture only: the
        chart around it (TrendChart) takes the keys."""

        # Its pan and zoom keys are not gated by allow_pan_and_zoom (the mouse is): focused
        # by a click, it took + and - from the trend's grain, and its arrows divided by zero
        # on a plot with no height (found by the fuzz). Without focus, and with those actions
        # refused, its keys go on to the chart.
        def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
            if not self._allow_pan_and_zoom and action.startswith(("pan_", "zoom_", "reset_scales")):
                return False
            return super().check_action(action, parameters)

        # A screen closed while the plot was put up takes its parts: textual-plot, setting
        # them up as it mounts (its mount handler, its margins' watchers), then finds no grid
        # and ended the app (found by the fuzz). Without its parts it does nothing.
        @on(Mount)
        def _parts_gone(self, event: Mount) -> None:
            if not self.query(Grid):
                event.prevent_default()  # the handlers of textual-plot's classes are not called

        def _update_margin_sizes(self) -> None:
            if self.query(Grid):
                super()._update_margin_sizes()

        def on_resize(self) -> None:
            # textual-plot sizes its canvases as it renders, from their sizes then: a render in
            # the middle of a layout (the legend above taking its lines) could keep a canvas of
            # the old size, the frame drawn short (a snapshot on a loaded machine). Sized again
            # once the layout is final; and the chart chooses its ticks for the new width.
            self.call_after_refresh(self.refresh, layout=True)
            self.post_message(PlotResized())

    return Plot


class PlotResized(Message):
    """The chart's plot has a new size: the bucket labels that fit (TrendChart._ticks) change.
    The plot is first drawn as it is mounted, before its width is known: no label fitted, and
    none was drawn until something else redrew it (a snapshot on a loaded machine)."""


class TrendChart(Vertical, can_focus=True):
    BINDINGS = [
        Binding("left,h", "move(-1)", "Earlier", id="trend.earlier"),
        Binding("right,l", "move(1)", "Later", id="trend.later"),
        Binding("home", "move(-100000)", "First", show=False, id="trend.first"),
        Binding("end", "move(100000)", "Last", show=False, id="trend.last"),
    ]
    COMPONENT_CLASSES = {"trend--note", "trend--boundary"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.trend: Trend | None = None
        self.periods: tuple[Period, ...] = ()
        self.cursor = 0

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="trend-legend")
        yield Static(Text(""), id="trend-point")

    @property
    def plot(self) -> PlotWidget | None:
        """The chart, mounted on the first trend to draw: textual-plot brings numpy (~70 ms of
        imports) that the dashboard's first paint need not wait for."""
        found = self.query("#trend-plot")
        return cast("PlotWidget", found.first()) if found else None

    async def _mount_plot(self) -> None:
        if self.plot is None:
            plot = _plot_class()(id="trend-plot", allow_pan_and_zoom=False)
            await self.mount(plot, after=self.query_one("#trend-legend"))
            if not self._ready(plot):
                return  # taken down while it was put up: its screen closed
            plot.show_legend(is_visible=False)  # ours is drawn as Text
            plot.margin_top, plot.margin_bottom, plot.margin_left = 0, 1, 7
        self._draw()

    @staticmethod
    def _ready(plot: PlotWidget) -> bool:
        """The plot is on screen with its parts (a canvas and a legend it queries as it draws)."""
        return plot.is_attached and bool(plot.query("#legend")) and bool(plot.query("#plot"))

    @on(PlotResized)
    def _plot_resized(self, message: PlotResized) -> None:
        message.stop()
        if self.trend is not None:
            self._draw()

    def notify_style_update(self) -> None:
        """A new theme: the series take its colours (they are read from it when drawn)."""
        super().notify_style_update()
        if self.trend is not None and self.is_mounted and self.plot is not None:
            self._draw()

    def _solid(self, name: str, default: str) -> str:
        """A theme colour as a Rich style colour: translucent ones blended onto the background."""
        variables = self.app.theme_variables
        try:
            colour = Color.parse(variables.get(name, default))
            background = Color.parse(variables.get("background", "#000000"))
        except ColorParseError:
            return default
        return background.blend(colour.with_alpha(1.0), colour.a).hex6

    def colours(self) -> list[str]:
        return [self._solid(name, "white") for name in THEME_COLOURS]

    def show(self, trend: Trend | None, periods: Sequence[Period] = ()) -> None:
        """Draw `trend` (None: nothing to draw); the cursor goes to the latest bucket with text."""
        self.trend, self.periods = trend, tuple(periods)
        if trend is not None and trend.buckets.height:
            filled = trend.buckets.with_row_index("i").filter(pl.col("tokens") > 0)["i"]
            self.cursor = int(filled[-1]) if len(filled) else trend.buckets.height - 1
        if self.plot is None and trend is not None:
            self.call_later(self._mount_plot)
        else:
            self._draw()

    def action_move(self, step: int) -> None:
        """To the next bucket with text in the direction of `step` (an empty one has no numbers
        to show), or as far as `step` goes when it is a jump to either end."""
        if self.trend is None or not self.trend.buckets.height:
            return
        last = self.trend.buckets.height - 1
        filled = [i for i, n in enumerate(self.trend.buckets["tokens"].to_list()) if n]
        if abs(step) == 1 and filled:
            ahead = [i for i in filled if (i - self.cursor) * step > 0]
            if ahead:
                self.cursor = min(ahead) if step > 0 else max(ahead)
        else:
            ends = filled or [0, last]
            self.cursor = ends[-1] if step > 0 else ends[0]
        self._draw()

    def _draw(self) -> None:
        from textual_hires_canvas import HiResMode

        plot = self.plot
        if plot is None or not self._ready(plot):
            return
        plot.clear()
        trend = self.trend
        if trend is None or not trend.buckets.height or not trend.labels:
            self.query_one("#trend-legend", Static).update(Text(""))
            self.query_one("#trend-point", Static).update(Text(""))
            return
        colours = self.colours()
        muted = self._solid("foreground-muted", "grey50")
        n = trend.buckets.height
        for edge in boundaries(trend.buckets["start"].to_list(), self.periods):
            plot.add_v_line(edge, line_style=muted)
        plot.add_v_line(self.cursor, line_style=f"{muted} dim")
        legend = Text()
        for i, label in enumerate(trend.labels):
            colour, marker = colours[i % len(colours)], MARKERS[i % len(MARKERS)]
            rates = trend.series.filter(pl.col("series") == label)["per_10k"].to_list()
            for run in runs(rates):
                if len(run) > 1:
                    plot.plot(run, [rates[j] for j in run], line_style=colour, hires_mode=HiResMode.BRAILLE)
            shown = [j for j, r in enumerate(rates) if r is not None]
            plot.scatter(shown, [rates[j] for j in shown], marker=marker, marker_style=colour)
            if i:
                legend.append("  ")
            legend.append(f"{marker} ", style=colour)
            legend.append(one_line(label), style=colour)
        legend.append(f"  · per 10,000 tokens, by {trend.grain}", style=self._style("note"))
        plot.set_xlimits(-0.5, n - 0.5)
        top = trend.series["per_10k"].max()
        plot.set_ylimits(0, float(top) * 1.15 if isinstance(top, (int, float)) and top > 0 else 1.0)
        plot.set_x_formatter(bucket_labels(trend.buckets["label"].to_list()))
        plot.set_xticks(self._ticks(n))
        self.query_one("#trend-legend", Static).update(legend)
        self.query_one("#trend-point", Static).update(self._point_text(colours))

    def _ticks(self, n: int) -> list[float]:
        """Bucket labels that fit side by side, those of buckets with text first (a sparse corpus
        then shows the dates it has), none cut at either edge."""
        trend = self.trend
        assert trend is not None
        labels = trend.buckets["label"].to_list()
        cells = max(1, (self.plot.size.width if self.plot else self.size.width) - 9)  # the plot area, beside the y axis
        per_bucket = cells / n
        filled = [i for i, tokens in enumerate(trend.buckets["tokens"].to_list()) if tokens]
        chosen: list[int] = []
        for i in [*filled, *range(n - 1, -1, -1)]:
            centre, half = (i + 0.5) * per_bucket, len(labels[i]) / 2 + 1
            if centre - half < -4 or centre + half > cells + 3:
                continue
            if all(abs(centre - (j + 0.5) * per_bucket) >= half + len(labels[j]) / 2 + 1 for j in chosen):
                chosen.append(i)
        return [float(i) for i in sorted(chosen)]

    def _style(self, name: str):
        return self.get_component_rich_style(f"trend--{name}")

    def _point_text(self, colours: list[str]) -> Text:
        """The numbers behind the points under the cursor, each rate with its count and denominator."""
        trend = self.trend
        assert trend is not None
        bucket = trend.buckets.row(self.cursor, named=True)
        articles = f"{bucket['articles']:,} article{'s' if bucket['articles'] != 1 else ''}"
        out = Text(f"{bucket['label']}", style="bold")
        if not bucket["tokens"]:
            out.append(": no articles", style=self._style("note"))
            return out
        out.append(f"  ({articles}, {bucket['tokens']:,} tokens):", style=self._style("note"))
        rows = trend.series.filter(pl.col("start") == bucket["start"])
        for i, label in enumerate(trend.labels):
            row = rows.filter(pl.col("series") == label).row(0, named=True)
            out.append("  ")
            out.append(f"{MARKERS[i % len(MARKERS)]} {one_line(label)} ", style=colours[i % len(colours)])
            out.append(f"{row['count']:,}")
            if row["count"]:
                out.append(f" in {row['docs']:,} = {rate_text(row['per_10k'], RATE_DECIMALS)}/10k")
        return out
