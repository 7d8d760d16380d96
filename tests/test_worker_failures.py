"""A dashboard worker that raises something nobody foresaw (tui.workers): one notice saying what
failed, the traceback in the log file, the pane that waited says so, and the app goes on."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

import tui.app
import tui.screens.keyness
import tui.widgets.filter_pane
from corpus.paths import log_path
from tui.app import KabarApp
from tui.screens.keyness import KeynessScreen
from tui.widgets.filter_pane import FilterPane
from tui.widgets.reader import Reader

pytestmark = pytest.mark.worker_failures


real_compare = tui.widgets.filter_pane.compare


def fail(*_args, **_kwargs):
    raise RuntimeError("boom [bold]markup[/] \x1b[31m")


async def wait_for(pilot, condition, rounds: int = 200) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("never happened")


async def quit_with_q(pilot) -> None:
    for _ in range(4):  # out of the filter and back to the main screen
        if len(pilot.app.screen_stack) == 1 and not isinstance(pilot.app.focused, Input):
            break
        await pilot.press("escape")
    await pilot.press("q")
    await pilot.pause()
    assert not pilot.app.is_running


def errors(app) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


async def test_a_failed_count_is_a_notice_and_the_filter_still_works(monkeypatch, _no_worker_failures):
    monkeypatch.setattr(tui.widgets.filter_pane, "compare", fail)
    app = KabarApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.corpus is not None)
        await pilot.press("slash", *"putin")
        await wait_for(pilot, lambda: errors(app))
        assert app.is_running
        [said] = errors(app)
        # shown as data: the markup and the escape sequence are visible, never interpreted
        assert said.startswith("Counting the filter failed: RuntimeError: boom [bold]markup[/] ␛[31m")
        assert said.endswith(f"(details in {log_path()})")
        log = log_path().read_text(encoding="utf-8")
        assert "Counting the filter failed" in log and "Traceback" in log and "in fail" in log
        note = app.query_one("#filter-message", Static)
        assert note.display and "could not be counted" in str(note.render())
        # the next keystroke counts again, with the real compare
        monkeypatch.setattr(tui.widgets.filter_pane, "compare", real_compare)
        await pilot.press("backspace")
        await wait_for(pilot, lambda: app.query_one(FilterPane).comparison is not None)
        assert not app.query_one("#filter-message", Static).display
        assert len(_no_worker_failures) == 5  # one a key, told once
        assert log.count("Traceback") == 1
        await quit_with_q(pilot)


async def test_failed_keywords_say_so_in_the_reader(monkeypatch, _no_worker_failures):
    monkeypatch.setattr(tui.app, "article_keywords", fail)
    app = KabarApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(errors(app)) == 1)
        assert [m.split(":")[0] for m in errors(app)] == ["Computing the article's keywords failed"]
        reader = app.query_one(Reader)
        assert "could not be computed" in str(reader.query_one("#reader-keywords", Static).render())
        app.query_one(Reader).focus()
        app.open_article(1)  # another article: its text shows, its keywords fail as well
        await wait_for(pilot, lambda: reader.article is not None and reader.article.id == app.corpus.articles["id"][1])
        await wait_for(
            pilot, lambda: "could not be computed" in str(reader.query_one("#reader-keywords", Static).render()))
        await quit_with_q(pilot)


async def test_a_failed_screen_worker_leaves_the_screen_and_the_app_usable(monkeypatch, _no_worker_failures):
    monkeypatch.setattr(tui.screens.keyness, "keyness", fail)
    app = KabarApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.corpus is not None)
        await pilot.press("K")
        await wait_for(pilot, lambda: errors(app))
        assert isinstance(app.screen, KeynessScreen)
        assert errors(app)[0].startswith("Ranking keyness failed: RuntimeError")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, KeynessScreen))
        await quit_with_q(pilot)


async def test_an_unwritable_log_still_gives_the_notice(monkeypatch, tmp_path, _no_worker_failures):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("KABAR_CACHE_DIR", str(blocker))
    monkeypatch.setattr(tui.widgets.filter_pane, "compare", fail)
    app = KabarApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.corpus is not None)
        await pilot.press("slash", "x")
        await wait_for(pilot, lambda: errors(app))
        assert errors(app) == ["Counting the filter failed: RuntimeError: boom [bold]markup[/] ␛[31m"]


def test_every_worker_is_started_so_that_its_failure_is_reported():
    """Textual's own @work ends the app when the worker raises; and Worker.StateChanged does not
    bubble, so the node that starts a worker must mix in ReportsFailures."""
    import ast
    from pathlib import Path

    root = Path(tui.app.__file__).parent
    starters = 0
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "textual" and path.name != "workers.py":
                assert "work" not in {a.name for a in node.names}, f"{path.name}: use tui.workers.background"
            if not isinstance(node, ast.ClassDef):
                continue
            decorated = [
                d for f in node.body if isinstance(f, ast.FunctionDef) for d in f.decorator_list
                if isinstance(d, ast.Call) and getattr(d.func, "id", "") in ("background", "work")
            ]
            if decorated:
                starters += 1
                assert "ReportsFailures" in {getattr(b, "id", "") for b in node.bases}, f"{path.name}: {node.name}"
    assert starters == 7  # the app, the filter pane, five screens


async def test_a_result_that_lands_as_the_app_quits_is_dropped():
    """A worker's message can arrive after the last screen is gone (q pressed while the keywords
    are ranked): it has nowhere to be shown and must not raise ScreenStackError on the way out."""
    from corpus.analysis.overview import Overview
    from tui.messages import ArticleKeywords, CorpusFailed, OverviewReady

    app = KabarApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert not app.screen_stack
    app._article_keywords(ArticleKeywords(0, ()))
    app._failed(CorpusFailed("gone"))
    app._overview(OverviewReady(Overview.__new__(Overview)))
