"""Helpers for Pilot and snapshot tests."""

from __future__ import annotations

from contextlib import suppress

from textual.worker import WorkerCancelled


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
