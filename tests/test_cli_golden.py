"""Golden files for the headless `kabar` commands on the bundled corpus.

Each case runs the installed console script (`.venv/bin/kabar`) in a subprocess, as a user
would, and compares its exit code, stdout and stderr, byte for byte, with a text file in
__snapshots__/test_cli_golden/ (one file per case). They pin down what the commands print, so
that moving the modules or rebuilding the argument parsing can show that nothing changed.

    .venv/bin/python -m pytest tests/test_cli_golden.py                      # compare
    .venv/bin/python -m pytest tests/test_cli_golden.py --snapshot-update    # rewrite (read the diff!)

Determinism:
- The cache and config folders are conftest's temporary ones (fresh for every case, so every
  case also exercises a cold cache). Their paths, and the repository's, are replaced by
  <KABAR_CACHE_DIR>, <KABAR_CONFIG_DIR> and <ROOT> should any output show them.
- Tables are as wide as the terminal only when stdout is one (tui.cli.output.terminal_width);
  here it is a pipe, so they are 80 columns whatever COLUMNS says. COLUMNS and LINES are fixed
  anyway, for anything (click's help, for one) that asks shutil.get_terminal_size().
- `kabar index` prints a duration and a rate: those two numbers are replaced by placeholders.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

ROOT = Path(__file__).resolve().parent.parent
KABAR = Path(sys.executable).parent / "kabar"

TABLE_CSV_JSON = ("table", "csv", "json")

# case id -> the arguments after `kabar`. Without --format, the table (the default).
CASES: dict[str, list[str]] = {}


def _every_format(name: str, *argv: str) -> None:
    for fmt in TABLE_CSV_JSON:
        CASES[f"{name}-{fmt}"] = [*argv, "--format", fmt]


_every_format("articles", "articles")
_every_format("keywords-one", "keywords", "cnn-2016-11-15")
_every_format("keywords-all-top3", "keywords", "--top", "3")  # YAKE on all five articles
_every_format("compare-alternatives", "compare", "suriah | ukraina")
_every_format("compare-alternatives-terms", "compare", "suriah, ukraina", "--terms")
_every_format("topics", "topics")
_every_format("keyness-period1", "keyness", "1")
_every_format("kwic-prefix", "kwic", "teror*")
_every_format("changes", "changes")
_every_format("trend", "trend", 'suriah, "presiden rusia", @ukraina')
_every_format("collocates", "collocates", "putin", "--min", "2")
CASES.update({
    "articles-periods-2": ["articles", "--periods", "2"],
    "articles-periods-year-before-command": ["--periods", "year", "articles"],
    "keywords-one-top5": ["keywords", "valdai-2024-11-08", "--top", "5"],
    "compare-prefix": ["compare", "teror*"],
    "compare-phrase": ["compare", '"presiden rusia"'],
    "compare-topic": ["compare", "@terorisme"],
    "compare-mixed-words": ["compare", "suriah", "ukraina", '"presiden rusia"'],
    "compare-stem": ["compare", "serang", "--stem"],
    "compare-periods-2": ["compare", "ukraina", "--periods", "2"],
    "keyness-vs-min-top": ["keyness", "nov 2016", "--vs", "2018", "--min", "2", "--top", "5"],
    "kwic-width-sort-limit": ["kwic", "ukraina", "--width", "20", "--sort", "right", "--limit", "5"],
    "kwic-phrase-csv": ["kwic", '"presiden rusia"', "--format", "csv"],
    "changes-top3": ["changes", "--top", "3"],
    "index": ["index"],
    "index-keywords": ["index", "--keywords", "--processes", "1"],
    # errors: one line on stderr, nothing on stdout, exit 2
    "error-bad-query": ["compare", '"presiden'],
    "error-unknown-article": ["keywords", "no-such-article"],
    "error-unknown-period": ["keyness", "9"],
    "error-unknown-topic": ["kwic", "@nosuchtopic"],
    "error-unknown-command": ["frobnicate"],  # click's wording, made one line by tui.cli.main
})


class TextFile(SingleFileSnapshotExtension):
    """One UTF-8 .txt per case, so that a changed output is a readable diff."""

    _write_mode = WriteMode.TEXT
    _file_extension = "txt"


@pytest.fixture
def golden(snapshot):
    return snapshot.use_extension(TextFile)


def _env() -> dict[str, str]:
    env = dict(os.environ)  # KABAR_CACHE_DIR and KABAR_CONFIG_DIR: conftest's, per test
    env.pop("KABAR_DEBUG", None)
    env.update(COLUMNS="100", LINES="40", PYTHONIOENCODING="utf-8")
    return env


def _placeholders(text: str) -> str:
    """Paths that change from run to run, and index's timings, as fixed placeholders."""
    for name in ("KABAR_CACHE_DIR", "KABAR_CONFIG_DIR"):
        if os.environ.get(name):
            text = text.replace(os.environ[name], f"<{name}>")
    text = text.replace(str(ROOT), "<ROOT>")
    text = re.sub(r"ready in \d+:\d\d", "ready in <DURATION>", text)
    return re.sub(r"\([\d.,]+ articles/s\)", "(<RATE> articles/s)", text)


def run_kabar(argv: list[str]) -> str:
    """Exit code, stdout and stderr of `kabar ARGV`, as one text."""
    proc = subprocess.run(
        [str(KABAR), *argv], capture_output=True, env=_env(), cwd=ROOT, timeout=120, check=False
    )
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    # The snapshot file is read in text mode, which would turn a "\r" into "\n" unseen.
    assert "\r" not in out + err
    return (
        f"$ {shlex.join(['kabar', *argv])}\n"
        f"--- exit code: {proc.returncode}\n"
        f"--- stdout:\n{_placeholders(out)}"
        f"--- stderr:\n{_placeholders(err)}"
    )


@pytest.mark.parametrize("argv", CASES.values(), ids=CASES.keys())
def test_golden(argv, golden):
    assert run_kabar(argv) == golden
