"""Driving the dashboard as a person would, with Textual's Pilot."""

from __future__ import annotations

import io

import pytest
from pilot_support import settle
from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable, Input, Static

from tui.screens.help import HelpScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import Reader


def text_of(app, selector: str, width: int = 100) -> str:
    """What a Static shows, as plain text (a rich Table is rendered at `width` columns)."""
    content = app.query_one(selector, Static).content
    if isinstance(content, (str, Text)):
        return str(content)
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


async def type_text(pilot, text: str):
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_opens_first_article_and_keywords_arrive(dashboard):
    async with dashboard() as pilot:
        app = pilot.app
        assert app.row == 0
        assert "CNN Indonesia" in text_of(app, "#reader-head")
        assert "computing" not in text_of(app, "#reader-keywords")
        assert list(app.opened_keywords) == [0]


async def test_opened_articles_get_keywords_and_yake_runs_on_them_only(bundled, dashboard):
    """Each article opened shows its keywords, the same as ranking every article gives, and YAKE
    ran on the opened articles only (their candidates are all the cache holds): nothing runs it
    over the corpus (What changed reads the index)."""
    from corpus.keywords.cache import load_frame, text_hash
    from corpus.keywords.pipeline import keywords_for_corpus

    corpus, index = bundled
    texts = corpus.texts.column("text").to_list()
    async with dashboard() as pilot:
        app = pilot.app
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert app.row == 2
        shown = text_of(app, "#reader-keywords")
        assert sorted(app.opened_keywords) == [0, 2]
        cached = set(load_frame()[0]["hash"].unique())
    every = keywords_for_corpus(texts, index)
    assert app.opened_keywords == {0: every[0], 2: every[2]}
    assert "computing" not in shown
    assert all(k.phrase in shown for k in every[2])
    assert cached == {text_hash(texts[0]), text_hash(texts[2])}


async def test_a_broken_keyword_worker_costs_the_worker_not_the_keywords(monkeypatch, bundled, dashboard):
    from concurrent.futures.process import BrokenProcessPool

    from corpus.keywords.pipeline import keywords_for_corpus

    class Broken:
        def submit(self, *args):
            raise BrokenProcessPool("a worker died")

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr("tui.app.article_pool", Broken)
    async with dashboard() as pilot:
        app = pilot.app
        assert app.pool is None  # given up on, and the keywords computed here instead
        found = dict(app.opened_keywords)
    corpus, index = bundled
    assert found == {0: keywords_for_corpus(corpus.texts.column("text").to_list(), index)[0]}


async def test_keys_move_and_enter_opens(dashboard):
    async with dashboard() as pilot:
        app = pilot.app
        await pilot.press("j", "j", "enter")
        assert app.corpus.articles["id"][app.row] == "xinhua-2018-03-21"
        assert "Mar 2018" in text_of(app, "#reader-head")
        assert app.focused is app.query_one(Reader)
        await pilot.press("shift+tab", "k", "enter")
        assert app.corpus.articles["id"][app.row] == "tempo-2016-11-15"


async def test_typing_in_the_filter_updates_the_numbers_live(dashboard):
    async with dashboard() as pilot:
        app = pilot.app
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "suri")
        await settle(pilot)
        summary = text_of(app, "#filter-summary")
        assert "0/2" in summary  # nothing yet: "suri" is not a whole token
        await type_text(pilot, "ah")
        await settle(pilot)
        summary = text_of(app, "#filter-summary")
        assert "5" in summary and "2/2" in summary and "1/1" in summary
        assert app.query_one(ArticleList).doc_counts  # matching articles are marked
        terms = app.query_one("#filter-terms", DataTable)
        assert terms.row_count == 1
        assert [str(c) for c in terms.get_row_at(0)] == ["suriah", "5", "1", "0", "█▅·"]  # 71.2, 37.3, 0 per 10k


async def test_invalid_query_shows_a_message_not_an_exception(dashboard):
    async with dashboard() as pilot:
        app = pilot.app
        await pilot.press("slash", "quotation_mark", "p")
        await settle(pilot)
        message = app.query_one("#filter-message", Static)
        assert message.display and "quote" in text_of(app, "#filter-message")
        await pilot.press("quotation_mark")
        await settle(pilot)
        assert not app.query_one("#filter-message", Static).display


async def test_escape_clears_then_leaves_the_filter(dashboard):
    async with dashboard() as pilot:
        app = pilot.app
        await pilot.press("slash", "x")
        await pilot.press("escape")
        assert app.query_one("#filter-input", Input).value == ""
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)  # back where "/" was pressed
        await pilot.press("G")
        assert app.query_one(ArticleList).cursor == len(app.corpus) - 1
        await pilot.press("tab", "slash", "escape")  # from the reader, back to the reader
        assert isinstance(app.focused, Reader)


async def test_only_matching_narrows_the_sidebar(dashboard):
    async with dashboard(filter_text="peskov") as pilot:
        app = pilot.app
        sidebar = app.query_one(ArticleList)
        sidebar.focus()
        await pilot.press("m")
        await pilot.pause()
        assert len(sidebar._shown) == 2
        await pilot.press("m")
        await pilot.pause()
        assert len(sidebar._shown) == 5


async def test_filter_matches_are_highlighted_in_the_reader(dashboard):
    async with dashboard(article="cnn-2016-11-15", filter_text="suriah") as pilot:
        app = pilot.app
        body = app.query_one("#reader-body", Static).content
        match_style = app.query_one(Reader).get_component_rich_style("reader--match")
        marked = [body.plain[s.start:s.end] for s in body.spans if s.style == match_style]
        assert [m.lower() for m in marked] == ["suriah"] * 4


async def test_original_text_toggle(dashboard):
    async with dashboard(article="pantau-2025-02-13") as pilot:
        app = pilot.app
        assert "SHARE" not in text_of(app, "#reader-body")
        app.query_one(Reader).focus()
        await pilot.press("o")
        assert "SHARE" in text_of(app, "#reader-body")
        await pilot.press("o")
        assert "SHARE" not in text_of(app, "#reader-body")


async def test_help_screen_lists_keys_and_closes(dashboard):
    async with dashboard(size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(text_of(app.screen, f"#{w.id}") for w in app.screen.query(Static) if w.id)
        for words in ("Filter", "Quit", "Original text", "Only matching", "Clear / leave filter"):
            assert words in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_q_quits_but_types_in_the_filter(dashboard):
    async with dashboard(size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("slash", "q")
        assert app.query_one("#filter-input", Input).value == "q"
        await pilot.press("escape", "escape", "q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_tab_cycles_panes(dashboard):
    async with dashboard() as pilot:
        app = pilot.app
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(type(app.focused).__name__)
        assert {"Reader", "Input", "ArticleList"} <= set(seen)


async def test_untrusted_title_and_text_are_shown_exactly(tmp_path, dashboard):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("[bold]Not bold[/bold] [Reuters] said \x1b[31mred\x07.\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '[[periods]]\nlabel = "[b]P[/b]"\nstart = 2020-01-01\nend = 2020-12-31\n'
        '[[articles]]\nid = "a"\nfile = "a.txt"\ntitle = "[Mereka] \\u001b[2J"\n'
        'source = "[/x]"\npublished = 2020-05-01\n',
        encoding="utf-8",
    )
    async with dashboard(corpus_path=folder) as pilot:
        app = pilot.app
        head = text_of(app, "#reader-head")
        body = text_of(app, "#reader-body")
        assert "[Mereka] ␛[2J" in head and "[/x]" in head and "[b]P[/b]" in head
        assert "[bold]Not bold[/bold] [Reuters] said ␛[31mred␇." in body
        assert "\x1b" not in head + body


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_usable_at_both_sizes(size, dashboard):
    async with dashboard(filter_text="suriah", size=size) as pilot:
        app = pilot.app
        for selector in ("#sidebar", "#reader", "#filter"):
            region = app.query_one(selector).region
            assert region.width >= 20 and region.height >= 8, (selector, region)


async def test_stemming_toggle_counts_derived_forms(dashboard):
    # 2024–25: valdai has "dialog"/"Dialog" 5 times, one in the headline (shown as the title,
    # not the text): 4; pantau none. Stemmed, valdai's two "berdialog" join them: 6.
    async with dashboard(filter_text="dialog") as pilot:
        app = pilot.app
        pane = app.query_one("#filter")
        plain = pane.comparison.periods[2].count
        assert plain == 4
        await pilot.press("S")
        await settle(pilot)
        assert pane.stemming and app.query_one("#filter-mode", Static).display
        assert pane.comparison.periods[2].count == 6
        await pilot.press("S")
        await settle(pilot)
        assert pane.comparison.periods[2].count == plain


async def open_from_concordance(pilot, app) -> Reader:
    """Once the concordance is asked for: Enter on its first line, and the reader it opens."""
    await settle(pilot)
    assert type(app.screen).__name__ == "ConcordanceScreen"
    await pilot.press("enter")
    await settle(pilot)
    return app.query_one(Reader)


async def test_concordance_from_the_filter_jumps_to_the_occurrence(dashboard):
    async with dashboard(filter_text="suriah") as pilot:
        app = pilot.app
        await pilot.press("C")
        reader = await open_from_concordance(pilot, app)
        start, end = reader.focus_span
        assert reader.article.text[start:end].lower() == "suriah"
        assert app.focused is reader


async def test_enter_on_a_term_opens_its_concordance(dashboard):
    async with dashboard(filter_text="teror*") as pilot:
        app = pilot.app
        app.query_one("#filter-terms", DataTable).focus()
        await pilot.pause()
        await pilot.press("down", "enter")  # second row: "teror", once, in CNN's text
        reader = await open_from_concordance(pilot, app)
        assert reader.article.id == "cnn-2016-11-15"
        assert reader.article.text[slice(*reader.focus_span)] == "teror"


async def test_keyness_opens_on_the_current_period(dashboard):
    async with dashboard(article="xinhua-2018-03-21") as pilot:
        app = pilot.app
        await pilot.press("K")
        await settle(pilot)
        assert type(app.screen).__name__ == "KeynessScreen"
        name, frame = app.screen.export_table()
        assert frame.height > 0
        await pilot.press("escape")
        assert type(app.screen).__name__ != "KeynessScreen"


async def test_export_and_copy_the_comparison(tmp_path, dashboard):
    import polars as pl

    async with dashboard(filter_text="suriah") as pilot:
        app = pilot.app
        await pilot.press("y")
        copied = app.clipboard.splitlines()
        assert copied[0].split("\t")[:2] == ["period", "start"] and len(copied) == 4
        await pilot.press("e")
        await pilot.pause()
        path_input = app.screen.query_one(Input)
        path_input.value = str(tmp_path / "suriah.csv")
        await pilot.press("enter")
        await settle(pilot)
    table = pl.read_csv(tmp_path / "suriah.csv")
    assert table["count"].to_list() == [5, 1, 0] and table["tokens"].to_list() == [702, 268, 942]


async def test_corpus_options_reach_the_dashboard(dashboard):
    async with dashboard(periods=2) as pilot:
        app = pilot.app
        assert len(app.corpus.periods) == 2


async def test_a_corpus_that_cannot_open_is_a_message_not_a_crash(tmp_path, dashboard):
    async with dashboard(corpus_path=tmp_path / "missing", size=(100, 30)) as pilot:
        app = pilot.app
        assert app.is_running and app.corpus is None
        assert any("missing" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize("width", [120, 200])
async def test_big_numbers_are_never_cut(width, dashboard):
    """At 100,000 articles counts and token totals are long: the summary goes to two lines a
    period rather than cut one of them."""
    from corpus.analysis.compare import Comparison, PeriodCount
    from tui.widgets.filter_pane import FilterPane

    async with dashboard(size=(width, 40)) as pilot:
        app = pilot.app
        await pilot.press("slash")
        await type_text(pilot, '"presiden rusia"')
        await settle(pilot)
        pane = app.query_one(FilterPane)
        periods = tuple(
            PeriodCount(p.label, p.start, p.end, 39_360 + i, 2_071_234 + i, 3_059 + i, 2_200 + i)
            for i, p in enumerate(app.corpus.periods)
        )
        pane._show_comparison(Comparison('"presiden rusia"', periods, pane.comparison.terms, {}))
        await pilot.pause()
        summary = text_of(app, "#filter-summary", app.query_one("#filter-summary").content_size.width)
        for p in periods:
            for number in (f"{p.count:,}", f"{p.docs:,}/{p.articles:,}", f"{p.tokens:,}", p.label):
                assert number in summary
        assert "…" not in summary


async def test_period_headings_keep_their_count_in_a_narrow_sidebar(dashboard):
    async with dashboard(size=(80, 24)) as pilot:
        app = pilot.app
        sidebar = app.query_one(ArticleList)
        size = sidebar._block_sizes[sidebar._block_periods.index(2)]
        heading = lambda width: str(sidebar._period_heading(2, size, width))  # noqa: E731
        assert heading(40) == " Nov 2024 – Feb 2025 · 2 articles"
        assert heading(30) == " Nov 2024 – Feb 2025 · 2"
        assert heading(16) == " Nov 2024 –… · 2"


@pytest.mark.parametrize("selector", ["#reader-body", "#reader-head", "#filter-summary"])
async def test_a_triple_click_selects_text_and_the_app_lives_on(selector, dashboard):
    # Textual selects a paragraph on a triple click by calling widget.query("*") on the widget's
    # ancestors: an attribute named `query` on a widget (the Reader's and the filter's, once) made
    # that call fail and killed the app.
    async with dashboard() as pilot:
        app = pilot.app
        await pilot.press("slash", "p", "u", "t", "i", "n")
        await settle(pilot)
        assert await pilot.triple_click(selector, offset=(2, 0))
        await pilot.double_click(selector, offset=(2, 0))
        await settle(pilot)
        assert app.is_running
        assert "Nov 2024 – Feb 2025                22           2/2" in text_of(app, "#filter-summary")


async def test_articles_outside_periods_stand_where_their_dates_put_them(tmp_path, dashboard):
    # one period (2020); articles before it, after it and undated each head their own block
    folder = tmp_path / "c"
    folder.mkdir()
    days = {"early": "2019-01-05", "in-a": "2020-03-01", "in-b": "2020-04-01", "late": "2021-06-01", "none": None}
    manifest = ['[[periods]]\nlabel = "Tahun 2020"\nstart = 2020-01-01\nend = 2020-12-31\n']
    for name, day in days.items():
        (folder / f"{name}.txt").write_text(f"Berita {name} tentang sesuatu.\n", encoding="utf-8")
        manifest.append(f'[[articles]]\nfile = "{name}.txt"\nid = "{name}"\ntitle = "Judul {name}"\n'
                        + (f"published = {day}\n" if day else ""))
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    async with dashboard(corpus_path=folder) as pilot:
        app = pilot.app
        sidebar = app.query_one(ArticleList)
        assert app.corpus.articles["id"].to_list() == ["early", "in-a", "in-b", "late", "none"]
        headings = [str(sidebar._period_heading(key, size, 60))
                    for key, size in zip(sidebar._block_periods, sidebar._block_sizes, strict=False)]
        assert headings == [" outside periods · 1 article", " Tahun 2020 · 2 articles",
                            " outside periods · 2 articles"]


async def test_an_article_that_was_all_chrome_says_so(tmp_path, dashboard):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(",,,loading...\n", encoding="utf-8")
    async with dashboard(corpus_path=folder) as pilot:
        app = pilot.app
        assert text_of(app, "#reader-body") == (
            "No text left after cleaning: everything received was site chrome (o in the reader shows it).")
        app.query_one(Reader).focus()
        await pilot.press("o")
        assert text_of(app, "#reader-body") == ",,,loading...\n"
