"""kabar in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, width: int, height: int, args: str = ""):
        self.name = f"kabar-test-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
        command = f"{sys.executable} -m tui {args}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command],
            check=True, env=env, cwd=ROOT,
        )

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")

    def quit_by_keys(self, *keys: str) -> None:
        """Press `keys` one at a time (an ESC byte followed at once by "q" reads as alt+q, in any
        terminal) and check that kabar ends."""
        for key in keys:
            self.keys(key)
            time.sleep(0.3)
        deadline = time.monotonic() + 10  # a guard against a hang, not a measure
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not self.alive(), "q did not quit"

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode == 0

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def tmux_factory():
    sessions = []

    def make(width, height, args=""):
        sessions.append(Tmux(width, height, args))
        return sessions[-1]

    yield make
    for session in sessions:
        session.close()


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_read_compare_and_quit_by_keys(tmux_factory, size):
    term = tmux_factory(*size)
    screen = term.wait_for("Topics (type @name)")
    assert "Nov 2024 – Feb 2025" in screen
    term.keys("j", "j", "Enter")  # third article: the Mar 2018 one
    # the article's text, not its source: a wide sidebar shows the source in its list already
    screen = term.wait_for("Hubungan Presiden Amerika Serikat (AS)")
    assert "Unnamed outlet, citing Xinhua" in screen
    term.keys("-l", "/suriah")  # in one write, as a fast typist or a paste: no key may be lost
    screen = term.wait_for("1/1 articles" if size[0] < 140 else "1/1")
    assert "2/2" in screen and "0/2" in screen
    term.quit_by_keys("Escape", "Escape", "q")


def test_matches_next_article_and_the_trend_by_keys(tmux_factory):
    term = tmux_factory(80, 24, "--article cnn-2016-11-15 --filter suriah")
    term.wait_for("CNN Indonesia · 4 matches (n/N)")
    term.keys("Tab")  # from the sidebar to the reader
    time.sleep(0.3)
    term.keys("n")
    term.wait_for("match 1 of 4")
    term.keys("n", "n")
    term.wait_for("match 3 of 4")
    term.keys("]")  # the next article: Tempo's, one suriah
    term.wait_for("Tempo.co · match 1 of 1 (n/N)")  # opened at its match
    term.keys("T")
    term.wait_for("by quarter")  # the heading; the chart is drawn a moment after
    screen = term.wait_for("Q1 2025")  # the cursor starts on the last quarter with text
    assert "suriah" in screen
    term.keys("Left", "Left")
    term.wait_for("Q1 2018  (1 article, 268 tokens)")
    term.quit_by_keys("Escape", "q")
