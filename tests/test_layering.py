"""corpus/ is the domain: importing all of it must load neither textual nor rich."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_corpus_imports_no_ui():
    modules = sorted(
        ".".join(p.relative_to(ROOT / "corpus").with_suffix("").parts)
        for p in (ROOT / "corpus").rglob("*.py") if p.stem != "__init__"
    )
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
    code = "import sys, tui.cli.main; sys.exit(1 if 'textual' in sys.modules else 0)"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr or "tui.cli.main imported textual at module level"


def _calls(tree):
    import ast

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def test_tui_never_shows_a_formatted_string_as_markup():
    """Untrusted text (titles, article text, paths, errors) reaches the screen as Text/Content or
    with markup=False: every notify says markup=False, and no widget is handed an f-string."""
    import ast

    unsafe = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            notifies = name == "notify" or (
                name == "call_from_thread" and call.args and isinstance(call.args[0], ast.Attribute)
                and call.args[0].attr == "notify"
            )
            if notifies and not any(k.arg == "markup" and getattr(k.value, "value", None) is False
                                    for k in call.keywords):
                unsafe.append(f"{where}: notify without markup=False")
            if name in ("update", "Static", "Label", "from_markup") and any(
                isinstance(a, ast.JoinedStr) for a in call.args
            ):
                unsafe.append(f"{where}: an f-string shown as markup")
    assert not unsafe, unsafe
