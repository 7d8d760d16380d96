"""How `kabar` ends: exit codes, the one-line messages on stderr, and the exceptions behind them.

Every message is one line, `kabar: …`, made safe with corpus.visible.one_line. A Failure is a
command that cannot go on (exit 2 for bad input, 1 when the corpus cannot be opened);
Interrupted and OutputClosed carry Ctrl-C and a closed pipe past click, which would otherwise
print a blank line for the first and exit 1 for the second.
"""

from __future__ import annotations

import sys

from corpus.visible import one_line

PROG = "kabar"

EXIT_OK = 0
EXIT_CORPUS = 1  # the corpus cannot be opened, or an unexpected error
EXIT_USAGE = 2  # a bad argument or bad input (unknown id, bad query)
EXIT_INTERRUPTED = 130  # Ctrl-C


class Failure(Exception):
    """A command cannot go on; the message is the one line shown after 'kabar: '."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class Interrupted(Exception):
    """Ctrl-C while a command ran."""


class OutputClosed(Exception):
    """stdout was closed under us (`kabar articles | head`)."""


def say(line: str) -> None:
    print(f"{PROG}: {one_line(line)}", file=sys.stderr)


def warn(line: str) -> None:
    say(f"warning: {line}")
