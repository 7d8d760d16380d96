"""Make docs/screenshot.svg, the README's picture, from the app itself: so it shows the screen
as it is, and tests/test_screenshot.py fails when it no longer does.

    .venv/bin/python docs/screenshot.py      # rewrite docs/screenshot.svg
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE = (200, 50)
QUERY = 'suriah, "presiden rusia", @ukraina'
TITLE = 'Kabar comparing suriah, "presiden rusia" and @ukraina across the three periods'
DRAWING = {"load", "filter", "article-keywords"}  # the workers whose results are in the picture


async def render() -> str:
    """The dashboard on the bundled corpus with QUERY in the filter, as SVG."""
    sys.path.insert(0, str(HERE.parent))
    from textual.worker import WorkerState

    from tui.app import KabarApp
    from tui.widgets.reader import Reader

    app = KabarApp(filter_text=QUERY)

    def landed() -> bool:
        """The corpus, the count, the chart and the open article's keywords (YAKE, in another
        process: on a loaded machine its worker may not have started when the count is in).
        The workers that draw nothing on this screen (the pool's start, every article's
        keywords) may run on."""
        busy = any(w.group in DRAWING and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)
        return not busy and app.query_one("#filter-trend").display and app.query_one(Reader).keywords is not None

    async with app.run_test(size=SIZE) as pilot:
        still = 0
        for _ in range(400):  # until all has landed and stayed so for a moment
            await pilot.pause(0.05)
            still = still + 1 if landed() else 0
            if still == 4:
                break
        await pilot.pause(0.2)
        return app.export_screenshot(title=TITLE)


def main() -> None:
    (HERE / "screenshot.svg").write_text(asyncio.run(render()), encoding="utf-8")


if __name__ == "__main__":
    main()
