"""Keystroke to filter update in the dashboard from the moment its articles are listed, and
event-loop lag.

    .venv/bin/python benchmarks/keystroke_latency.py [--corpus PATH] [--seconds 60] [--every 0.25] [--json]

Opens the dashboard headless (Textual's Pilot, 200x60) on the corpus, through corpus.index.store as
the app does (KABAR_CACHE_DIR or the user's cache). Once the corpus is on screen, the app counts
the overview (topics and frequent words) and the open article's keywords; meanwhile this types
into the filter ("suriah", then erases it, again and again): a key, waits for its result, waits
--every seconds, the next key. For each key: the time from pressing it to the frame after the
filter pane showed its result (TIMEOUT when none came). A timer every 20 ms measures how late
the event loop runs it (lag: what any key or repaint waits at that moment). Each sample is
counted in what the app was doing then: "loading" (until the overview is shown), then "ready".
Then quits the app as a user would and says, on stderr, how long it took.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

from textual import on

from tui.app import KabarApp
from tui.messages import CorpusLoaded, FilterChanged, OverviewReady

WORD = "suriah"
TICK = 0.02
TIMEOUT = 10.0  # a result later than this counts as this late


class Measured(KabarApp):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.loaded = asyncio.Event()
        self.phase = "loading"
        self.pressed: dict[str, float] = {}  # filter text -> when its last key was pressed
        self.shown = asyncio.Event()  # the result for the last key is on screen
        self.latencies: list[tuple[str, float]] = []
        self.lags: list[tuple[str, float]] = []
        self._tick_due = 0.0

    @on(CorpusLoaded)
    def _measured_loaded(self) -> None:
        self.call_after_refresh(self.loaded.set)
        self._tick_due = time.perf_counter() + TICK
        self.set_interval(TICK, self._tick)

    @on(OverviewReady)
    def _measured_overview(self) -> None:
        self.phase = "ready"

    @on(FilterChanged)
    def _measured_filter(self, message: FilterChanged) -> None:
        start = self.pressed.pop(message.text, None)
        if start is not None:
            phase = self.phase
            self.call_after_refresh(self._painted, phase, start)

    def _painted(self, phase: str, start: float) -> None:
        self.latencies.append((phase, time.perf_counter() - start))
        self.shown.set()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lags.append((self.phase, max(0.0, now - self._tick_due)))
        self._tick_due = now + TICK


def keys() -> list[str]:
    return list(WORD) + ["backspace"] * len(WORD)


async def drive(app: Measured, seconds: float, every: float) -> None:
    async with app.run_test(size=(200, 60)) as pilot:
        await app.loaded.wait()
        await pilot.press("slash")
        text, end, sequence = "", time.perf_counter() + seconds, keys()
        i = 0
        while time.perf_counter() < end:
            key = sequence[i % len(sequence)]
            text = text[:-1] if key == "backspace" else text + key
            app.shown.clear()
            app.pressed[text] = time.perf_counter()
            await pilot.press(key)
            i += 1
            try:
                await asyncio.wait_for(app.shown.wait(), TIMEOUT)
            except TimeoutError:
                app.pressed.pop(text, None)
                app.latencies.append((app.phase, TIMEOUT))
            await asyncio.sleep(every)
        report(app)
        started = time.perf_counter()
    # Leaving run_test quits the app, which waits for its workers.
    print(f"quit in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def summary(samples: list[tuple[str, float]]) -> dict[str, dict[str, float]]:
    out = {}
    for phase in sorted({p for p, _ in samples}):
        values = sorted(v for p, v in samples if p == phase)
        out[phase] = {"n": len(values), "p50_ms": statistics.median(values) * 1000,
                      "p95_ms": values[round(0.95 * (len(values) - 1))] * 1000, "max_ms": values[-1] * 1000}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--every", type=float, default=0.25)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    app = Measured(args.corpus)
    app.as_json = args.json
    asyncio.run(drive(app, args.seconds, args.every))


def report(app: Measured) -> None:
    result = {"keystroke": summary(app.latencies), "loop_lag": summary(app.lags),
              "max_rss_mb": int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024}
    if app.as_json:
        print(json.dumps(result), flush=True)
    else:
        for kind in ("keystroke", "loop_lag"):
            for phase, s in result[kind].items():
                print(f"{kind:9} {phase:8} n {s['n']:4}  p50 {s['p50_ms']:7.1f} ms  p95 {s['p95_ms']:7.1f} ms  "
                      f"max {s['max_ms']:7.1f} ms")
        print(f"peak RSS {result['max_rss_mb']:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
