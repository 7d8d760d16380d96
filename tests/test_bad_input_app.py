"""Part of the bad-input matrix (tests/bad_inputs.py) through the dashboard (issue 11): the
app shows the articles that load and a notice for what went wrong, raises nothing, and quits
on `q`.
"""

from __future__ import annotations

import asyncio

import pytest
from pilot_support import settle

from tests.bad_inputs import CASES
from tui.app import KabarApp

SUBSET = ("hostile-corpus", "escape-in-file-name", "utf16-le-no-bom", "nul-bytes", "csv-ragged", "csv-unclosed-quote",
          "parquet-truncated", "parquet-struct-title", "jsonl-broken-lines", "manifest-bad-toml", "periods-overlap",
          "periods-not-toml", "periods-too-many", "symlink-loops", "named-pipe-inside", "corpus-missing")
HANG = 60  # seconds: a guard against a hang, not a measure of speed


@pytest.mark.parametrize("case", [c for c in CASES if c.id in SUBSET], ids=lambda c: c.id)
async def test_the_dashboard_on_bad_input(case, tmp_path):
    (tmp_path / "in").mkdir()
    built = case.build(tmp_path / "in")
    assert not built.args and not built.env, "the dashboard subset takes corpora alone"
    app = KabarApp(corpus_path=built.corpus)
    async with app.run_test(size=(120, 36)) as pilot:
        await asyncio.wait_for(settle(pilot), HANG)
        notices = [(n.title, str(n.message)) for n in app._notifications]
        if case.code == 1:
            assert app.corpus is None
            assert any(title == "Cannot open the corpus" and all(s in message for s in case.said)
                       for title, message in notices), notices
        else:
            assert app.corpus is not None and len(app.corpus) == case.count
            if case.said:
                assert any(all(s in message for s in case.said) for _, message in notices), notices
        assert all("\n" not in message and "\x1b" not in message for _, message in notices), notices
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running, "q did not quit"
    assert app.return_code == 0
