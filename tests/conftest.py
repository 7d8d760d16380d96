"""Every test runs with its own cache and config folders: the user's files never leak in or get touched.

`bundled`: the bundled corpus and its index, built once (neither is ever changed).
`dev`: the real dev corpus (../shared/corpora/clickid-dev, never copied into the project) and
its index, built once; tests that use it skip where it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.index import build_index
from corpus.load import load_corpus


def pytest_addoption(parser):
    parser.addoption("--fuzz-long", action="store_true", help="the keystroke fuzz with 50,000 events a corpus, not 1,500")


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("kabar-home")
    monkeypatch.setenv("KABAR_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("KABAR_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))


@pytest.fixture(scope="session")
def bundled():
    corpus = load_corpus()
    return corpus, build_index(corpus)


DEV_CSV = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "clickid-dev" / "articles.csv"


@pytest.fixture(scope="session")
def dev():
    if not DEV_CSV.is_file():
        pytest.skip(f"the real dev corpus is not here ({DEV_CSV})")
    corpus = load_corpus(DEV_CSV)
    return corpus, build_index(corpus)
