"""Screens as pictures, at 80×24 and 200×60. Look at the SVGs in __snapshots__ before accepting."""

from __future__ import annotations

import pytest
from pilot_support import settle

from tui.app import KabarApp

SIZES = {"small": (80, 24), "wide": (200, 60)}


async def _settled(pilot):
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_opening_screen(snap_compare, size):
    assert snap_compare(KabarApp(), terminal_size=SIZES[size], run_before=_settled)


@pytest.mark.parametrize("size", SIZES)
def test_filter_comparison(snap_compare, size):
    async def typed(pilot):
        await _settled(pilot)
        await pilot.press("slash", *"suriah", "comma", "space", *"teror*")
        await _settled(pilot)

    assert snap_compare(KabarApp(article="cnn-2016-11-15"), terminal_size=SIZES[size], run_before=typed)


def test_help_screen(snap_compare):
    async def helped(pilot):
        await _settled(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(KabarApp(), terminal_size=SIZES["small"], run_before=helped)


@pytest.mark.parametrize("size", SIZES)
def test_trend_screen(snap_compare, size):
    async def trended(pilot):
        await _settled(pilot)
        await pilot.press("escape", "T")  # leave the filter (keeping the query), then the trend
        await _settled(pilot)
        await pilot.press("left")  # the cursor to Q4 2024, the numbers under the chart
        await pilot.pause()

    app = KabarApp(filter_text='suriah, "presiden rusia", @ukraina')
    assert snap_compare(app, terminal_size=SIZES[size], run_before=trended)


@pytest.mark.parametrize("size", SIZES)
def test_collocates_screen(snap_compare, size):
    async def collocated(pilot):
        await _settled(pilot)
        await pilot.press("escape", "L")
        await _settled(pilot)

    assert snap_compare(KabarApp(filter_text="putin"), terminal_size=SIZES[size], run_before=collocated)


@pytest.mark.parametrize("size", SIZES)
def test_keyness_screen(snap_compare, size):
    async def keyed(pilot):
        await _settled(pilot)
        await pilot.press("K")  # the open article's period, Mar 2018, against the rest
        await _settled(pilot)

    assert snap_compare(KabarApp(article="xinhua-2018-03-21"), terminal_size=SIZES[size], run_before=keyed)


@pytest.mark.parametrize("theme", ["textual-light", "gruvbox"])
def test_themes(snap_compare, theme):
    """Kabar's colours come from the theme's variables: two other themes must read as well."""

    async def themed(pilot):
        pilot.app.theme = theme
        await _settled(pilot)

    app = KabarApp(article="cnn-2016-11-15", filter_text='suriah, "presiden rusia"')
    assert snap_compare(app, terminal_size=SIZES["wide"], run_before=themed)
