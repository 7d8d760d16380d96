"""Every test runs with its own cache and config folders: the user's files never leak in or get touched.

`bundled`: the bundled corpus and its index, built once (neither is ever changed).
`dashboard`: the dashboard run and settled, `async with dashboard(filter_text="suriah") as pilot:`.
A dashboard worker that fails fails the test (see _no_worker_failures).
`dev`: the real dev corpus (../shared/corpora/clickid-dev, never copied into the project) and
its index, built once; tests that use it skip where it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.index.terms import build_index
from corpus.ingest.load import load_corpus


def pytest_configure(config):
    config.addinivalue_line("markers", "worker_failures: the test makes dashboard workers fail on purpose")


@pytest.fixture(autouse=True)
def _no_worker_failures(request, monkeypatch):
    """A dashboard worker that raises is a notice to the user (tui.workers), not an ended app:
    a Pilot test would not see it. Here every such failure fails the test, unless it is marked
    `worker_failures` (it fails them on purpose); `failures` then lists them."""
    import tui.workers

    failures: list[BaseException] = []
    report = tui.workers.report_failure

    def recorded(app, worker):
        failures.append(worker.error)
        report(app, worker)

    monkeypatch.setattr(tui.workers, "report_failure", recorded)
    yield failures
    if request.node.get_closest_marker("worker_failures") is None:
        assert not failures, f"a dashboard worker failed: {failures[0]!r}"


@pytest.fixture
def dashboard():
    """`dashboard(size=(80, 24), **options)`: KabarApp(**options) run at `size` (120x40 when not
    given), an async context manager giving its pilot once the first workers have settled
    (pilot_support.running)."""
    # Imported here, not at the top: the tests of corpus alone never load Textual.
    from pilot_support import SIZE, running

    from tui.app import KabarApp

    def run(*, size: tuple[int, int] = SIZE, **options):
        return running(KabarApp(**options), size)

    return run


def pytest_addoption(parser):
    parser.addoption("--fuzz-long", action="store_true",
                     help="the keystroke fuzz with 50,000 events a corpus, not 1,500")


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
