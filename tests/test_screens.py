"""The keyness, concordance and what-changed screens and the export dialog, driven with Pilot."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
from pilot_support import running, settle
from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.widgets import DataTable, Static

import corpus.disk.atomic
import tui.screens.changes
from corpus.analysis.changes import what_changed
from corpus.analysis.query import parse
from corpus.index.store import open_corpus
from corpus.index.terms import build_index
from corpus.model import Period, make_corpus
from tui.app import styles_path
from tui.screens.changes import ChangesScreen
from tui.screens.concordance import ConcordanceScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.exporting import copy_screen, export_screen
from tui.screens.keyness import KeynessScreen
from tui.widgets.kwic_view import Jump, KwicView

SCREENS_CSS = Path(__file__).resolve().parent.parent / "styles" / "screens.tcss"


@pytest.fixture(scope="module")
def bundled():
    return open_corpus()


class ScreenApp(App):
    """A bare app that pushes one screen, with the `e` and `y` keys the dashboard gives them."""

    CSS_PATH = [styles_path() / "kabar.tcss", SCREENS_CSS]
    BINDINGS = [
        Binding("e", "export", "Export", id="test.export"),
        Binding("y", "copy", "Copy", id="test.copy"),
    ]

    def __init__(self, make_screen):
        super().__init__()
        self.make_screen = make_screen
        self.results: list[object] = []
        self.exported: list[Path | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.results.append)

    def action_export(self) -> None:
        export_screen(self, self.exported.append)

    def action_copy(self) -> None:
        copy_screen(self)


def rendered(renderable, width: int = 120) -> str:
    if isinstance(renderable, (str, Text)):
        return str(renderable)
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def static_text(screen, selector: str, width: int = 120) -> str:
    return rendered(screen.query_one(selector, Static).content, width)


def table_rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def view_lines(view: KwicView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


# -- keyness -----------------------------------------------------------------------------


def row_of(rows: list[list[str]], term: str) -> list[str]:
    return next(r for r in rows if r[1].split(" ")[0] == term)


async def test_keyness_ranks_suriah_for_nov_2016(bundled):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with running(app):
        screen = app.screen
        assert isinstance(screen, KeynessScreen)
        head = static_text(screen, "#keyness-head")
        assert "Nov 2016 · 702 tokens, 2 articles" in head
        assert "vs rest of the corpus · 1,210 tokens, 3 articles" in head
        assert "min count 3" in head and "G²" in head and "†" in head
        rows = table_rows(screen.query_one(DataTable))
        suriah = row_of(rows, "suriah")
        assert suriah[2:5] == ["5", "1", "2/2"]
        assert "†" not in suriah[1]  # 5 occurrences in 2 articles: no caution
        assert "†" in row_of(rows, "assad")[1]  # 3 occurrences


async def test_keyness_keys_change_target_reference_and_min_count(bundled):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with running(app) as pilot:
        screen = app.screen
        await pilot.press("r")  # against Mar 2018 alone
        await settle(pilot)
        assert screen.reference == 1
        assert "vs Mar 2018 · 268 tokens, 1 article" in static_text(screen, "#keyness-head")
        assert row_of(table_rows(screen.query_one(DataTable)), "suriah")[2:4] == ["5", "1"]
        await pilot.press("r", "r")  # Nov 2024 – Feb 2025, then the rest again
        await settle(pilot)
        assert screen.reference is None
        await pilot.press("right")
        await settle(pilot)
        assert screen.target == 1 and screen.result.target == "Mar 2018"
        assert "Mar 2018 · 268 tokens" in static_text(screen, "#keyness-head")
        await pilot.press("left_square_bracket", "left_square_bracket")  # wraps to the last period
        await settle(pilot)
        assert screen.target == 2
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.target == 0
        before = screen.query_one(DataTable).row_count
        await pilot.press("plus", "plus")
        await settle(pilot)
        assert screen.min_count == 5 and "min count 5" in static_text(screen, "#keyness-head")
        assert 0 < screen.query_one(DataTable).row_count < before
        for r in table_rows(screen.query_one(DataTable)):  # on the side where the term is more frequent
            assert int((r[2] if r[7].startswith("+") else r[3]).replace(",", "")) >= 5
        await pilot.press("minus")
        await settle(pilot)
        assert screen.min_count == 4
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, KeynessScreen)


async def test_keyness_lists_both_ends_and_d_picks_one(bundled):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with running(app) as pilot:
        screen = app.screen
        assert screen.direction == "both"
        head = static_text(screen, "#keyness-head")
        assert "80 terms tested: 24 more frequent in Nov 2016 (+), 40 less (−), 16 no different" in head
        assert "showing both (d)" in head
        rows = table_rows(screen.query_one(DataTable))
        assert len(rows) == 64
        # suriah 5 against 1: more, * (5.53 ≥ 3.84), the bar right of the axis
        assert row_of(rows, "suriah")[5:] == ["5.53", "*", "+3.11", "······│█████"]
        # ukraina 1 against 7 (the hand-checked table): less, no star, the bar left of the axis
        assert row_of(rows, "ukraina")[2:] == ["1", "7", "1/2", "2.38", "", "−2.02", "···███│"]
        assert row_of(rows, "clinton")[6:] == ["**", "+4.11", "······│██████"]  # the longest bar
        assert not any(r[1].split(" ")[0] == "rusia" for r in rows)  # 18 against 31: no difference
        signs = [r[7][0] for r in rows]
        assert signs == ["+"] * 24 + ["−"] * 40  # more first, then less
        await pilot.press("d")
        await settle(pilot)
        assert screen.direction == "more" and "showing more only" in static_text(screen, "#keyness-head")
        assert [r[7][0] for r in table_rows(screen.query_one(DataTable))] == ["+"] * 24
        await pilot.press("d")
        await settle(pilot)
        rows = table_rows(screen.query_one(DataTable))
        assert screen.direction == "less" and [r[7][0] for r in rows] == ["−"] * 40
        assert rows[0][1] == "terbuka" and rows[0][0] == "1"  # ranked within the end shown
        name, frame = screen.export_table()
        assert set(frame["direction"]) == {"less"} and frame.height == 40
        await pilot.press("enter")  # the term under the cursor is the one shown: terbuka
        await settle(pilot)
        assert isinstance(app.screen, ConcordanceScreen) and "terbuka" in (app.screen.sub_title or "")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert screen.direction == "both" and screen.query_one(DataTable).row_count == 64


async def test_keyness_b_corrects_the_stars_for_the_terms_tested(bundled):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with running(app) as pilot:
        screen = app.screen
        head = static_text(screen, "#keyness-head")
        assert "* p<.05 (≥3.84) ** p<.01 (≥6.63) *** p<.001 (≥10.83)" in head
        assert "b: Bonferroni for 80 terms" in head
        assert row_of(table_rows(screen.query_one(DataTable)), "as")[6] == "***"  # 11.04
        await pilot.press("b")
        await settle(pilot)
        assert screen.bonferroni
        head = static_text(screen, "#keyness-head")
        assert "Bonferroni for 80 terms (b): p<.05 needs G² ≥ 11.70" in head  # 0.05 / 80
        rows = table_rows(screen.query_one(DataTable))
        assert row_of(rows, "as")[6] == "" and row_of(rows, "suriah")[6] == ""  # 11.04, 5.53 < 11.70
        assert all(r[6] == "" for r in rows)  # nothing in this small corpus passes 11.70
        _, frame = screen.export_table()
        assert frame["bonferroni"].all() and set(frame["terms_tested"]) == {80} and set(frame["stars"]) == {""}
        await pilot.press("b")
        await settle(pilot)
        assert not screen.bonferroni and row_of(table_rows(screen.query_one(DataTable)), "as")[6] == "***"


async def test_keyness_reference_never_equals_target(bundled):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with running(app, size=(100, 30)) as pilot:
        screen = app.screen
        await pilot.press("r")  # Mar 2018
        await pilot.press("right")  # target Mar 2018: the reference falls back to the rest
        await settle(pilot)
        assert screen.target == 1 and screen.reference is None


async def test_keyness_export_has_counts_and_denominators(bundled):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with running(app):
        name, frame = app.screen.export_table()
        assert name == "keyness-nov-2016-vs-rest-of-the-corpus"
        suriah = frame.filter(pl.col("term") == "suriah").row(0, named=True)
        assert suriah["target_count"] == 5 and suriah["reference_count"] == 1
        assert suriah["target_tokens"] == 702 and suriah["reference_tokens"] == 1210
        assert suriah["target_articles_with_term"] == 2 and suriah["target_articles"] == 2
        assert frame.height == app.screen.query_one(DataTable).row_count


# -- concordance -------------------------------------------------------------------------


async def test_concordance_lists_every_occurrence_by_period(bundled):
    app = ScreenApp(lambda: ConcordanceScreen(bundled.corpus, bundled.index, parse("suriah")))
    async with running(app, size=(120, 30)):
        screen = app.screen
        view = screen.query_one(KwicView)
        assert view.line_count == 6 and screen.total == 6
        assert "6 lines" in (screen.sub_title or "")
        lines = view_lines(view)
        assert "Nov 2016 · 5 lines" in lines[0]
        assert "Mar 2018 · 1 line" in lines[6]
        # the matches line up in one column
        columns = {line.index("Suriah") for line in lines if "Suriah" in line and "──" not in line}
        assert len(columns) == 1


async def test_concordance_enter_jumps_to_the_occurrence(bundled):
    app = ScreenApp(lambda: ConcordanceScreen(bundled.corpus, bundled.index, "suriah"))
    async with running(app, size=(100, 30)) as pilot:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ConcordanceScreen)
        (jump,) = app.results
        assert isinstance(jump, Jump)
        text = bundled.corpus.article(jump.row).text
        assert text[jump.start : jump.end].lower() == "suriah"


async def test_concordance_last_line_is_in_mar_2018_and_escape_returns_none(bundled):
    app = ScreenApp(lambda: ConcordanceScreen(bundled.corpus, bundled.index, "suriah"))
    async with running(app, size=(100, 30)) as pilot:
        view = app.screen.query_one(KwicView)
        await pilot.press("end")
        assert bundled.corpus.articles["id"][view.current.row] == "xinhua-2018-03-21"
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_concordance_sort_by_right_word_reorders(bundled):
    app = ScreenApp(lambda: ConcordanceScreen(bundled.corpus, bundled.index, "suriah"))
    async with running(app, size=(100, 30)) as pilot:
        screen = app.screen
        view = screen.query_one(KwicView)
        by_position = view.frame["right_word"].to_list()
        await pilot.press("s")  # word before
        assert screen.sort == "left"
        assert view.frame.filter(pl.col("period") == 0)["left_word"].to_list() == ["dan", "di", "di", "di", "di"]
        await pilot.press("s")  # word after
        assert screen.sort == "right"
        nov = view.frame.filter(pl.col("period") == 0)["right_word"].to_list()
        assert nov == sorted(nov) and view.frame["right_word"].to_list() != by_position
        assert "word after" in static_text(screen, "#concordance-head")
        await pilot.press("s")
        assert screen.sort == "position"
        assert view.frame["right_word"].to_list() == by_position


async def test_concordance_of_an_invalid_query_says_so(bundled):
    app = ScreenApp(lambda: ConcordanceScreen(bundled.corpus, bundled.index, '"unclosed'))
    async with running(app, size=(100, 30)):
        assert "quote" in static_text(app.screen, "#concordance-head")
        assert app.screen.export_table() is None


# -- what changed ------------------------------------------------------------------------


async def test_changes_lists_new_vanished_persistent():
    from test_changes import TEXTS, corpus_of  # its lists, checked by hand there

    corpus, index = corpus_of(TEXTS)
    app = ScreenApp(lambda: ChangesScreen(corpus, index))
    async with running(app, size=(80, 24)):
        screen = app.screen
        body = static_text(screen, "#changes-periods", width=80)
        lines = [" ".join(line.split()) for line in body.splitlines()]
        # marks beyond colour, on every phrase: + new, − vanished, = persistent; the number:
        # articles carrying it (vanished: in the period before)
        assert "2018 · 2 articles · against 2016" in lines
        assert "+ new (1) − vanished (1) = persistent (0)" in lines
        assert "+ 2 banjir rendam − 2 gempa bumi —" in lines
        # the first period lists its phrases: what was talked about before anything could change
        first = lines.index("phrases (1)")
        assert lines[first + 1] == "2 gempa bumi"
        assert "+ new (0) − vanished (0) = persistent (1)" in lines and "— — = 2 banjir rendam" in lines
        assert "so far" not in static_text(screen, "#changes-head", width=80)
        name, frame = screen.export_table()
        assert frame.rows() == [
            ("2018", "2016", "new", "banjir rendam", 2, 2),
            ("2018", "2016", "vanished", "gempa bumi", 2, 2),
            ("2024", "2018", "persistent", "banjir rendam", 2, 2),
        ]


async def test_changes_show_all_toggles(bundled):
    app = ScreenApp(lambda: ChangesScreen(bundled.corpus, bundled.index))
    async with running(app, size=(80, 24)) as pilot:
        (first, *_) = what_changed(bundled.corpus, bundled.index)
        assert len(first.phrases) > 12
        body = static_text(app.screen, "#changes-periods", width=80)
        assert f"… {len(first.phrases) - 10} more" in body and first.phrases[11] not in body.split()
        await pilot.press("a")
        await pilot.pause()
        body = static_text(app.screen, "#changes-periods", width=80)
        assert first.phrases[-1] in body and "more" not in body


async def test_changes_cut_lists_count_whole_and_say_so(bundled, monkeypatch):
    import corpus.analysis.changes

    monkeypatch.setattr(corpus.analysis.changes, "LISTED", 3)
    monkeypatch.setattr(tui.screens.changes, "LISTED", 3)
    (first, *_) = what_changed(bundled.corpus, bundled.index)
    assert len(first.phrases) == 3 and first.found["phrases"] > 3
    app = ScreenApp(lambda: ChangesScreen(bundled.corpus, bundled.index))
    async with running(app, size=(80, 24)) as pilot:
        body = static_text(app.screen, "#changes-periods", width=80)
        assert f"phrases ({first.found['phrases']})" in body  # how many there are, whole
        assert "Listed: top 10 of each" in static_text(app.screen, "#changes-head", width=80)
        await pilot.press("a")
        await pilot.pause()
        assert "Listed: the 3 most distinctive of each" in static_text(app.screen, "#changes-head", width=80)


# -- export and copy ---------------------------------------------------------------------


async def test_export_dialog_writes_each_format(bundled, tmp_path):
    app = ScreenApp(lambda: ConcordanceScreen(bundled.corpus, bundled.index, "suriah"))
    async with running(app, size=(100, 30)) as pilot:
        _, shown = app.screen.export_table()
        for step, fmt in enumerate(("csv", "md", "parquet")):
            await pilot.press("e")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ExportDialog)
            path = dialog.path_input.value
            assert path.startswith("./kabar-kwic-suriah-") and path.endswith(".csv")
            for _ in range(step):
                await pilot.press("down")
            assert dialog.path_input.value.endswith("." + fmt)
            dialog.path_input.value = str(tmp_path / f"lines.{fmt}")
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, ExportDialog)
            assert app.exported[-1] == tmp_path / f"lines.{fmt}"
        assert pl.read_csv(tmp_path / "lines.csv").equals(shown)
        assert pl.read_parquet(tmp_path / "lines.parquet").equals(shown)
        markdown = (tmp_path / "lines.md").read_text().splitlines()
        assert len(markdown) == 2 + shown.height and markdown[0].startswith("| period | period_lines |")


async def open_export(pilot, app) -> ExportDialog:
    """The export dialog of the screen on show, opened with its key."""
    await settle(pilot)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ExportDialog)
    return app.screen


async def test_export_dialog_errors_stay_inline(bundled, tmp_path, monkeypatch):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.path_input.value = str(tmp_path / "missing" / "terms.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        error = dialog.query_one("#export-error", Static)
        assert error.display and "No such folder" in str(error.content)

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(corpus.disk.atomic.tempfile, "mkstemp", denied)  # root ignores chmod
        dialog.path_input.value = str(tmp_path / "terms.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "Permission denied" in str(error.content)
        monkeypatch.undo()
        await pilot.press("end", "x", "backspace")  # editing clears the message
        assert not error.display
        await pilot.press("enter")
        await pilot.pause()
        assert app.exported == [tmp_path / "terms.csv"]
        assert pl.read_csv(tmp_path / "terms.csv").height == dialog.frame.height


async def test_export_dialog_asks_before_replacing_a_file(bundled, tmp_path):
    target = tmp_path / "terms.csv"
    target.write_text("keep me\n")
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_export(pilot, app)
        dialog.path_input.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "exists" in str(dialog.query_one("#export-error", Static).content)
        assert target.read_text() == "keep me\n"
        await pilot.press("enter")
        await pilot.pause()
        assert app.exported == [target] and target.read_text().startswith("rank,term,")


async def test_escape_cancels_the_export(bundled):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.exported == [None] and isinstance(app.screen, KeynessScreen)


async def test_copy_puts_tsv_on_the_clipboard(bundled):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("y")
        lines = app.clipboard.splitlines()
        header = lines[0].split("\t")
        assert header[:5] == ["rank", "term", "direction", "target", "target_count"]
        suriah = dict(zip(header, next(line.split("\t") for line in lines if "\tsuriah\t" in line), strict=True))
        assert (suriah["direction"], suriah["target_count"], suriah["reference_count"]) == ("more", "5", "1")
        assert suriah["stars"] == "*" and suriah["terms_tested"] == "80"
        assert len(lines) == 1 + app.screen.query_one(DataTable).row_count


# -- untrusted text ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile():
    text = ("Pembuka kalimat biasa di sini. [bold]x[/bold]\x1b[31m muncul di tengah teks "
            "[bold]x[/bold]\x1b[31m lagi, dan [bold]x[/bold]\x1b[31m sekali lagi di akhir.")
    rows = pl.DataFrame({
        "id": ["a[red]1", "b2"],
        "title": ["[bold]judul[/bold]", "biasa"],
        "source": ["src\x1b[2J", "src"],
        "published": [dt.date(2020, 1, 5), dt.date(2021, 1, 5)],
        "text": [text, "teks lain tanpa apa pun yang istimewa sama sekali"],
        "raw": [text, "teks lain"],
        "origin": ["t", "t"],
    })
    periods = (Period("[b]2020[/b]", dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
               Period("2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31)))
    corpus = make_corpus("hostile", rows, periods)
    return corpus, build_index(corpus)


async def test_markup_and_escapes_in_terms_render_literally(hostile):
    corpus, index = hostile
    app = ScreenApp(lambda: KeynessScreen(corpus, index, 0))
    async with running(app, size=(120, 30)):
        screen = app.screen
        terms = [r[1] for r in table_rows(screen.query_one(DataTable))]
        assert any("bold" in t for t in terms)
        assert "[b]2020[/b]" in static_text(screen, "#keyness-head")
        shown = "".join(screen.query_one(DataTable).render_line(y).text for y in range(10))
        assert "\x1b" not in shown


async def test_markup_and_escapes_in_contexts_render_literally(hostile):
    corpus, index = hostile
    app = ScreenApp(lambda: ConcordanceScreen(corpus, index, "muncul"))
    async with running(app, size=(120, 30)) as pilot:
        view = app.screen.query_one(KwicView)
        lines = view_lines(view)
        assert "[b]2020[/b] · 1 line" in lines[0]
        assert "[bold]x[/bold]␛[31m muncul" in lines[1]
        assert "src␛[2J" in lines[1]  # the gutter's source, at 120 columns
        assert not any("\x1b" in line for line in lines)
        app.screen.dismiss(None)
        await pilot.pause()
        app.push_screen(ChangesScreen(corpus, index))  # its phrases are tokens; the labels are not
        await settle(pilot)
        body = static_text(app.screen, "#changes-periods")
        assert "[b]2020[/b]" in body
        assert "\x1b" not in body


async def test_keyness_enter_shows_the_term_in_context_and_jumps(bundled):
    app = ScreenApp(lambda: KeynessScreen(bundled.corpus, bundled.index, 0))
    async with running(app, size=(100, 30)) as pilot:
        keyness_screen = app.screen
        rows = table_rows(keyness_screen.query_one(DataTable))
        for _ in range(next(i for i, r in enumerate(rows) if r[1] == "suriah")):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        concordance = app.screen
        assert isinstance(concordance, ConcordanceScreen)
        assert concordance.query_one(KwicView).line_count == 6
        await pilot.press("escape")  # back to the ranking
        await pilot.pause()
        assert app.screen is keyness_screen and app.results == []
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the first line: dismisses both screens with the Jump
        await pilot.pause()
        (jump,) = app.results
        assert isinstance(jump, Jump)
        assert bundled.corpus.article(jump.row).text[jump.start : jump.end] == "Suriah"
