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


async def render() -> str:
    """The dashboard on the bundled corpus with QUERY in the filter, as SVG."""
    sys.path.insert(0, str(HERE.parent))
    from tui.app import KabarApp

    app = KabarApp(filter_text=QUERY)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):  # the corpus, the count and the chart: until all have landed
            await pilot.pause(0.05)
            if not any(w.is_running for w in app.workers) and app.query_one("#filter-trend").display:
                break
        await pilot.pause(0.2)
        return app.export_screenshot(title=TITLE)


def main() -> None:
    (HERE / "screenshot.svg").write_text(asyncio.run(render()), encoding="utf-8")


if __name__ == "__main__":
    main()
