"""A reader's flow, as in less and newsboat: j/k/Space/b scroll, n/N walk the filter's matches
("match 2 of 4"), ]/[ open the next or previous article, the first match is in view on opening.

suriah occurs 4 times in the cleaned cnn-2016-11-15 (tests/test_cli.py's hand-checked table)."""

from __future__ import annotations

from pilot_support import settle
from textual.widgets import Input

from tui.widgets.reader import Reader


def head(app) -> str:
    """The reader's title: the source, and where n/N are in the matches."""
    title = app.query_one(Reader)._border_title  # as drawn
    return title.plain if title is not None else ""


async def test_n_and_shift_n_walk_the_matches(dashboard):
    async with dashboard(article="cnn-2016-11-15", filter_text="suriah", size=(100, 30)) as pilot:
        app = pilot.app
        reader = app.query_one(Reader)
        reader.focus()
        await pilot.press("n")
        assert "match 1 of 4 (n/N)" in head(app)
        first = reader.focus_span
        assert first is not None and reader.article.text[first[0]:first[1]].lower() == "suriah"
        await pilot.press("n", "n")
        assert "match 3 of 4" in head(app)
        await pilot.press("N", "N", "N")
        assert "match 4 of 4" in head(app)  # wraps round
        await pilot.press("n")
        assert "match 1 of 4" in head(app) and reader.focus_span == first


async def test_the_first_match_is_in_view_when_an_article_opens(dashboard):
    async with dashboard(filter_text="ukraina", size=(80, 24)) as pilot:
        app = pilot.app
        app.open_article(app.corpus.row_of("valdai-2024-11-08"))
        await settle(pilot)
        reader = app.query_one(Reader)
        assert "match 1 of 6" in head(app)  # ukraina: 6 in valdai
        start = reader.focus_span[0]
        assert start == 677 and reader.scroll_y > 0  # below the first screenful, and scrolled to


async def test_brackets_open_the_next_and_previous_article(dashboard):
    async with dashboard(size=(100, 30)) as pilot:
        app = pilot.app
        assert app.row == 0
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.row == 1
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert app.row == 4
        await pilot.press("right_square_bracket")  # the last: stays, and says so
        await settle(pilot)
        assert app.row == 4
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.row == 3


async def test_brackets_follow_the_narrowed_list(dashboard):
    async with dashboard(filter_text="teror*", size=(100, 30)) as pilot:  # in cnn, tempo and xinhua only
        app = pilot.app
        app.query_one("#sidebar").focus()
        await pilot.press("m")
        await settle(pilot)
        app.open_article(2)
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.row == 2  # xinhua was the last matching one
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.row == 1


async def test_j_k_space_b_scroll_the_reader(dashboard):
    async with dashboard(article="valdai-2024-11-08", size=(80, 24)) as pilot:
        app = pilot.app
        reader = app.query_one(Reader)
        reader.focus()
        await pilot.press("j", "j")
        await pilot.pause()
        assert reader.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert reader.scroll_y == 1
        await pilot.press("space")
        await pilot.pause()
        paged = reader.scroll_y
        assert paged > 5
        await pilot.press("b")
        await pilot.pause()
        assert reader.scroll_y < paged


async def test_slash_in_the_filter_is_not_a_query_character(dashboard):
    async with dashboard(size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("slash", "p", "u", "slash", "t")
        assert app.query_one(Input).value == "put"
