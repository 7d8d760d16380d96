"""Helpers for Pilot and snapshot tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

SIZE = (120, 40)  # the terminal of a Pilot test that names none


async def settle(pilot, rounds: int = 3) -> None:
    """Let the app's workers finish and their messages land.

    A worker replaced by a newer one (the filter's `exclusive` workers, when typing on) ends
    cancelled; that is expected. A worker that failed still fails the test.
    """
    for _ in range(rounds):
        for worker in list(pilot.app.workers):
            with suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()


@asynccontextmanager
async def running(app: App, size: tuple[int, int] = SIZE) -> AsyncIterator[Pilot]:
    """`app` run at `size`, its pilot given once the first workers have settled: how nearly
    every Pilot test begins. The app is pilot.app."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot
