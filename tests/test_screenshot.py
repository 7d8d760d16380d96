"""The README's picture is the screen as it is: docs/screenshot.py renders it from the app, and
this fails when docs/screenshot.svg is out of date (run the script, look at it, commit it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


async def test_the_readme_screenshot_is_current():
    spec = importlib.util.spec_from_file_location("screenshot", DOCS / "screenshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = await module.render()
    assert fresh == (DOCS / "screenshot.svg").read_text(encoding="utf-8"), (
        "docs/screenshot.svg is stale: run `.venv/bin/python docs/screenshot.py` and look at it")
