#!/usr/bin/env python3
"""Kabar's two commands, needing nothing but Python ≥ 3.11:

    python3 dev.py run [kabar arguments]   open the dashboard (bundled corpus by default)
    python3 dev.py test [pytest arguments] run the whole test suite

Both first make .venv and install Kabar with the versions pinned in requirements.lock,
again whenever pyproject.toml or the lock changes.
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


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "requirements.lock"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_venv() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Kabar needs Python ≥ 3.11; this is {sys.version.split()[0]}")
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev.py: installing Kabar and its pinned dependencies", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", "requirements.lock", "-e", ".[test,stem]"], cwd=ROOT, check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return subprocess.call([str(BIN / "kabar"), *rest])
    code = subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)
    if code == 5:
        print("dev.py: no tests ran: that is a failure", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
