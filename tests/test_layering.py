"""corpus/ is the domain: importing all of it must load neither textual nor rich."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_corpus_imports_no_ui():
    modules = sorted(p.stem for p in (ROOT / "corpus").glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('corpus.' + name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, f"corpus/ loaded UI modules: {run.stdout}{run.stderr}"
    assert len(modules) >= 8  # the check really imported the domain


def test_headless_cli_does_not_load_textual():
    code = "import sys, tui.cli; sys.exit(1 if 'textual' in sys.modules else 0)"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr or "tui.cli imported textual at module level"
