"""The jsdom LMS harness itself (tests/support/jsdom_lms.py, tests/js/scorm_session.js): a launch
that never finishes fails its test in seconds, saying which launch and why.

A mutant of a loop in scorm-types.js (``i--`` in ``allMatch``, ``s = s`` in ``stripPrefixes``)
makes a page's script loop for ever. jsdom runs every page in the node process itself, so that
process stops answering and none of its own timeouts can fire; before the deadline in
``PlanServer`` the test hung until the mutation run's timeout (the run without mutants, 30-80 s
under load, plus ``MUTATION_TIMEOUT_MS``), and most of the first scorm-types.js run timed out so.
"""

from __future__ import annotations

import time

import pytest
from support.jsdom_lms import PlanServer


def package(folder, script: str):
    """A stand-in package whose launch page runs ``script``."""
    folder.mkdir()
    (folder / "scorm.html").write_text(f"<!DOCTYPE html><html><head><script>{script}</script></head></html>")
    return folder


def test_a_launch_whose_script_never_returns_fails_in_seconds(tmp_path):
    pkg = package(tmp_path / "pkg", "for (;;) {}")
    server = PlanServer(tmp_path, launch_deadline=2)
    start = time.monotonic()
    try:
        with pytest.raises(AssertionError, match=r"node did not finish launch 0 of plan 'endless' within \d+ s"):
            server.run({"endless": {"pkg": str(pkg), "version": "2004", "launches": [{"steps": []}]}})
        assert time.monotonic() - start < 15
        # the process was killed: the next plan of the module fails at once, not after a deadline
        with pytest.raises(AssertionError, match="node ended earlier"):
            server.run({"after": {"pkg": str(pkg), "version": "2004", "launches": [{"steps": []}]}})
    finally:
        server.close()


def test_a_launch_page_that_never_connects_fails_with_its_script_error(tmp_path):
    """The page throws and never starts the course: node's own wait gives up after 5 s and the
    error carries what the page reported."""
    pkg = package(tmp_path / "pkg", "throw new Error('the launch page broke')")
    server = PlanServer(tmp_path)
    start = time.monotonic()
    try:
        broke = r"timed out waiting for the launch page; the pages reported: .*the launch page broke"
        with pytest.raises(AssertionError, match=broke):
            server.run({"broken": {"pkg": str(pkg), "version": "1.2", "launches": [{"steps": []}]}})
        assert time.monotonic() - start < 20
    finally:
        server.close()
