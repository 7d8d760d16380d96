#!/usr/bin/env python3
"""Kabar's two commands, needing nothing but Python ≥ 3.11:

    python3 dev.py run [kabar arguments]   open the dashboard (bundled corpus by default)
    python3 dev.py test [pytest arguments] the checks, then the whole test suite:
                                           ruff check, mypy, lint-imports, pytest; the first
                                           failure stops it (exit status non-zero)
    python3 dev.py test --no-checks [pytest arguments]
                                           pytest alone, for a quick local run

Both first make .venv and install Kabar with the versions pinned in requirements.lock (first
the lock's pip, which knows PEP 735 groups, then Kabar with its `stem` extra and the `dev`
group of pyproject.toml), again whenever pyproject.toml, the lock or these steps change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".kabar-installed"


# Each step: pip install arguments, constrained by the lock. The lock's pip first: the venv's own
# (ensurepip's) may be older than 25.1, which brought `--group`.
INSTALL = (
    ("pip",),
    ("--group", "dev", "-e", ".[stem]"),
)

# `python3 dev.py test` runs these before pytest, in this order.
CHECKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ruff", ("ruff", "check", "corpus", "tui", "tests", "benchmarks", "docs", "dev.py")),
    ("mypy", ("mypy",)),  # its settings (packages corpus and tui) are in pyproject.toml
    ("lint-imports", ("lint-imports",)),  # the contracts in pyproject.toml
)


def _fingerprint() -> str:
    digest = hashlib.sha256(repr(INSTALL).encode())
    for name in ("pyproject.toml", "requirements.lock"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py is run by whichever python3 is at hand)
        sys.exit(f"Kabar needs Python ≥ 3.11; this is {sys.version.split()[0]}")
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev.py: installing Kabar and its pinned dependencies", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for step in INSTALL:
        subprocess.run([*pip, "-c", "requirements.lock", *step], cwd=ROOT, check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return subprocess.call([str(BIN / "kabar"), *rest])
    checks = CHECKS
    if "--no-checks" in rest:
        rest = [arg for arg in rest if arg != "--no-checks"]
        checks = ()
    for name, (tool, *args) in checks:
        print(f"dev.py test: {name}", file=sys.stderr, flush=True)
        code = subprocess.call([str(BIN / tool), *args], cwd=ROOT)
        if code != 0:
            print(f"dev.py test: {name} failed (exit {code}); stopped before pytest", file=sys.stderr)
            return code
    print("dev.py test: pytest", file=sys.stderr, flush=True)
    code = subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)
    if code == 5:
        print("dev.py: no tests ran: that is a failure", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
