"""Panes that say what they hold: titled edges, the narrowed list counted, the sidebar as wide as
its titles and folded away with one key, the title before date · source, q in the footer at 80
columns, every period label whole in the tables."""

from __future__ import annotations

import pytest
from pilot_support import settle
from textual.widgets import Footer

from tui.widgets.article_list import ArticleList
from tui.widgets.filter_pane import FilterPane
from tui.widgets.reader import Reader


async def test_pane_titles_and_the_narrowed_count(dashboard):
    async with dashboard(filter_text="teror*") as pilot:  # cnn, tempo and xinhua
        app = pilot.app
        sidebar = app.query_one(ArticleList)
        assert sidebar.border_title == "Articles · 5"
        assert app.query_one(Reader).border_title == "CNN Indonesia · 3 matches (n/N)"  # teror*: 3 in cnn
        assert app.query_one(FilterPane).border_title == "Compare"
        sidebar.focus()
        await pilot.press("m")
        await settle(pilot)
        assert sidebar.border_title == "Articles · 3 of 5 shown (m: all)"


async def test_an_untrusted_source_is_not_markup_in_a_title(tmp_path, dashboard):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Teks berita.\n", encoding="utf-8")
    (folder / "manifest.toml").write_text('[[articles]]\nfile = "a.txt"\nsource = "[b]Reuters[/b] \\u001b[2J"\n',
                                          encoding="utf-8")
    async with dashboard(corpus_path=folder, size=(100, 30)) as pilot:
        app = pilot.app
        title = app.query_one(Reader)._border_title  # what is drawn
        assert title is not None and title.plain == "[b]Reuters[/b] ␛[2J"  # as typed, the escape made visible


async def test_the_sidebar_folds_away_and_back(dashboard):
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        sidebar, reader = app.query_one(ArticleList), app.query_one(Reader)
        narrow = reader.size.width
        await pilot.press("backslash")
        await pilot.pause()
        assert not sidebar.display and app.focused is reader
        assert reader.size.width > narrow + 20
        await pilot.press("backslash")
        await pilot.pause()
        assert sidebar.display


async def test_the_sidebar_is_as_wide_as_its_titles_within_bounds(dashboard):
    """The bundled titles (up to 74 characters) ask for more than the bounds: a third of the
    screen at 80 columns, where the reader keeps most of the width; a quarter at 200, beside the
    reader and the filter. Measured again on every resize."""
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        sidebar, reader = app.query_one(ArticleList), app.query_one(Reader)
        assert sidebar.outer_size.width == 26 and reader.outer_size.width == 54
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert sidebar.outer_size.width == 50 and reader.outer_size.width == 78
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert sidebar.outer_size.width == 26


async def test_the_sidebar_fits_its_titles_where_the_bounds_allow(tmp_path, dashboard):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Teks berita.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Teks berita lain.\n", encoding="utf-8")
    title = "Judul yang cukup panjang untuk sidebar"  # 38 characters
    (folder / "manifest.toml").write_text(f'[[articles]]\nfile = "a.txt"\ntitle = "Pendek"\n'
                                          f'[[articles]]\nfile = "b.txt"\ntitle = "{title}"\n', encoding="utf-8")
    async with dashboard(corpus_path=folder, size=(200, 60)) as pilot:
        sidebar = pilot.app.query_one(ArticleList)
        # the title with its leading space, and the right edge: every title whole
        assert sidebar.outer_size.width == len(title) + 2
        assert any(sidebar.render_line(y).text.rstrip() == f" {title}" for y in range(6))
        await pilot.press("backslash")  # folded away and back: the same width
        await pilot.press("backslash")
        await pilot.pause()
        assert sidebar.outer_size.width == len(title) + 2


async def test_title_first_then_date_and_source(dashboard):
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        sidebar = app.query_one(ArticleList)
        lines = [sidebar.render_line(y).text for y in range(3)]
        assert lines[0].startswith(" Nov 2016")
        assert lines[1].startswith(" Putin dan Trump Sepakat")
        assert "2016-11-15 · CNN" in lines[2]


async def test_q_is_in_the_footer_at_80_columns(dashboard):
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        footer = app.query_one(Footer)
        shown = [key for key in footer.query("FooterKey") if key.region.right <= 80 and key.region.width]
        assert "q" in [key.key for key in shown]


def _headings(table) -> list[str]:
    """A table's period headings as one line each, as a reader puts their lines together."""
    return [" ".join(column.label.plain.split()) for column in list(table.columns.values())[1:]]


def _drawn(app, widget) -> str:
    """The screen's text inside `widget`'s region."""
    region = widget.region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return "\n".join(strip.text[region.x : region.right] for strip in strips)


async def test_no_table_is_wider_than_its_pane(tmp_path, dashboard):
    """Five periods with long labels (weeks of one month, as a user's own corpus has): the
    empty filter's frequent-words table puts each whole label over more lines rather than
    scroll sideways; in a pane too narrow for that the topics table numbers them, with a legend."""
    from textual.widgets import DataTable

    folder = tmp_path / "c"
    folder.mkdir()
    for day in range(1, 29):
        (folder / f"{day:02d}.txt").write_text(f"Jakarta, Senin ({day}/9/2019) - berita hari ke-{day} tentang "
                                               "ekonomi, pemilu dan kebijakan pemerintah.\n", encoding="utf-8")
    async with dashboard(corpus_path=folder, periods="week", size=(200, 60)) as pilot:
        app = pilot.app
        words = app.query_one("#filter-terms", DataTable)
        assert len(words.columns) == 1 + len(app.corpus.periods) >= 5
        assert words.virtual_size.width <= words.size.width
        labels = [p.label for p in app.corpus.periods]
        assert _headings(words) == labels
        # At 60 columns five periods' numbers do not fit the topics table even under labels
        # over many lines: the periods are numbered there, and named under the table.
        await pilot.resize_terminal(60, 40)
        await settle(pilot)
        topics = app.query_one("#filter-summary").content.renderables[0]
        assert [column.header.plain for column in topics.columns[1:]] == ["P1", "P2", "P3", "P4", "P5"]
        assert topics.caption.plain == "  ".join(f"P{i + 1} {label}" for i, label in enumerate(labels))
        assert "…" not in _drawn(app, app.query_one("#filter-summary"))  # no number cut


@pytest.mark.parametrize("columns", [60, 80, 120, 200, 250])
async def test_the_period_labels_are_whole_in_every_table(columns, dashboard):
    """The topics, the frequent words and a query's terms: each column headed by its period's
    whole label (over two lines where the column is narrow), no table wider than the pane."""
    from textual.widgets import DataTable, Static

    async with dashboard(size=(columns, 60)) as pilot:
        app = pilot.app
        labels = [p.label for p in app.corpus.periods]
        pane = app.query_one(FilterPane)
        summary, table = pane.query_one("#filter-summary", Static), pane.query_one("#filter-terms", DataTable)
        topics = summary.content.renderables[0]
        assert [" ".join(column.header.plain.split()) for column in topics.columns[1:]] == labels
        for column in topics.columns[1:]:  # drawn whole: every line of every heading on screen
            assert all(line in _drawn(app, summary) for line in column.header.plain.split("\n"))
        assert _headings(table) == labels and table.virtual_size.width <= table.size.width
        await pilot.press("slash", *"suriah, teror*")
        await settle(pilot)
        assert "term" in table.columns and _headings(table)[:-1] == labels
        assert table.virtual_size.width <= table.size.width
        assert table.header_height == (1 if columns >= 120 else 2 if columns >= 80 else 3)


async def test_j_k_g_in_every_table(dashboard):
    from textual.widgets import DataTable

    async with dashboard(article="xinhua-2018-03-21") as pilot:
        app = pilot.app
        await pilot.press("K")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count > 3 and table.cursor_row == 0
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        await pilot.pause()
        assert table.cursor_row == 0


@pytest.mark.parametrize("columns", [60, 80, 120, 200, 250])
async def test_the_keyness_table_fits_its_screen(columns, dashboard):
    """Every column of the keyness ranking on screen, no sideways scrolling: its headings whole
    (over two lines where narrow), each number as wide as it is (a cut number is a wrong one), the
    bars narrower or gone before a term is cut. Measured again when the terminal is resized."""
    from textual.widgets import DataTable

    from tui.screens.keyness import KeynessScreen

    def check(table, screen) -> None:
        assert table.row_count > 3
        assert table.virtual_size.width <= table.scrollable_content_region.width <= table.size.width
        headings = [" ".join(column.label.plain.split()) for column in table.columns.values()]
        whole = {"#", "term", "target", "ref.", "articles", "arti- cles", "G²", "p", "log ratio",
                 "less · more", "less·more"}
        assert set(headings) <= whole and {"term", "target", "ref.", "G²", "p"} <= set(headings)
        assert ("arti- cles" in headings) == (table.header_height == 2)
        for column in table.columns.values():  # each heading within its column
            assert max(len(line) for line in column.label.plain.split("\n")) <= column.content_width
            assert column.label.plain.count("\n") < table.header_height
        lines = _drawn(screen.app, table).split("\n")[table.header_height :]
        for key in ("target", "reference", "docs", "g2", "log_ratio"):  # every number drawn whole, in its row
            index = list(table.columns).index(key)
            for row in range(min(table.row_count, 5)):
                assert table.get_cell_at((row, index)).plain in lines[row].split()
        terms = screen.shown["term"].head(table.row_count).to_list()
        cells = [table.get_cell_at((row, list(table.columns).index("term"))).plain for row in range(len(terms))]
        assert [cell.removesuffix(" †") for cell in cells] == terms, (screen.fitted, screen.size)

    async with dashboard(article="xinhua-2018-03-21", size=(columns, 40)) as pilot:
        await pilot.press("K")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, KeynessScreen)
        table = screen.query_one(DataTable)
        check(table, screen)
        if columns >= 120:
            assert table.header_height == 1 and "bar" in table.columns and "rank" in table.columns
        # resized to another width and back: measured again each time
        other = 60 if columns != 60 else 250
        await pilot.resize_terminal(other, 40)
        await settle(pilot)
        check(table, screen)
        await pilot.resize_terminal(columns, 40)
        await settle(pilot)
        check(table, screen)


def test_the_keyness_layout_gives_way_in_order():
    """The headings over two lines first, then narrower bars, no bars, no rank; a term is cut only
    when nothing else is left to give, and never below MIN_TERM."""
    from tui.screens.keyness_layout import HALF, MIN_TERM, Fit, fit

    widths = {"rank": 2, "term": 14, "target": 2, "reference": 2, "docs": 3, "g2": 5, "p": 4, "log_ratio": 5}
    assert fit(widths, 200) == Fit(True, 1, HALF, 14)
    assert fit(widths, 79) == Fit(True, 2, HALF, 14)
    assert fit(widths, 73) == Fit(True, 2, 4, 14)
    assert fit(widths, 59) == Fit(False, 2, 0, 14)
    long = fit({**widths, "term": 40, "g2": 9}, 59)
    assert long.term < 40 and long == Fit(False, 2, 0, 59 - 2 * 7 - sum([6, 4, 5, 9, 4, 5]))
    assert fit({**widths, "term": 40}, 20).term == MIN_TERM


async def test_a_long_term_is_cut_in_the_keyness_table_not_its_numbers(tmp_path, dashboard):
    """At 60 columns a 56-letter term leaves too little room: it is cut with "…", its † kept."""
    from textual.widgets import DataTable

    folder = tmp_path / "c"
    folder.mkdir()
    long = "pemberantasankorupsiyangsangatpanjangsekalihinggatakmuat"
    (folder / "a.txt").write_text("Jakarta, Senin (2/9/2019) - " + f"{long} " * 6 + "ekonomi pemilu.\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Jakarta, Senin (4/11/2019) - ekonomi pemilu ekonomi pemilu ekonomi.\n",
                                  encoding="utf-8")
    async with dashboard(corpus_path=folder, periods="month", size=(60, 30)) as pilot:
        await pilot.press("K")
        await settle(pilot)
        screen = pilot.app.screen
        table = screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        terms = [table.get_cell_at((row, list(table.columns).index("term"))).plain.removesuffix(" †")
                 for row in range(table.row_count)]
        cut = [term for term in terms if term.endswith("…")]
        assert len(cut) == 1 and long.startswith(cut[0].removesuffix("…"))
        g2 = table.get_cell_at((terms.index(cut[0]), list(table.columns).index("g2"))).plain
        assert g2 in _drawn(pilot.app, table)
