"""No silent passes: under CI a skip or an xfail is a failure, whenever it happens.

Active when ``CI`` holds anything but nothing, ``0``, ``false`` or ``no`` (``.ci/run`` sets
``CI=true`` itself, whatever the caller's environment holds). Then:

- a test skipped in setup or call (``pytest.skip``, ``skipif``, a fixture that skips) fails;
- a module skipped while it is collected (a module-level ``pytest.importorskip``) fails;
- an expected failure (``xfail``) and an unexpected pass of one (xpass) fail.

tests/conftest.py loads these hooks; tests/test_no_silent_passes.py proves each case.
"""

from __future__ import annotations

import os

import pytest


def strict() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _reason(report) -> str:
    longrepr = report.longrepr
    return str(longrepr[-1]) if isinstance(longrepr, tuple) else str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not strict():
        return
    if hasattr(report, "wasxfail"):
        kind = "xpassed" if report.passed else "xfailed"
        report.outcome = "failed"
        report.longrepr = f"{kind} in CI (CI forbids xfail): {report.wasxfail}"
        del report.wasxfail
    elif report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (CI forbids skips): {_reason(report)}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if strict() and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"module skipped while collected in CI (CI forbids skips): {_reason(report)}"
