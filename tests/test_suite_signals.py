"""The suite started as a background job still tests Ctrl-C.

A shell without job control starts a background command (``pytest ... &`` in a script, a CI
step sent to the background) with SIGINT ignored, and an ignored signal stays ignored in every
process started from it; Python then installs no KeyboardInterrupt handler at all. The tests
that press Ctrl-C on ``coursekit serve`` or ``build --watch`` (they send SIGINT) then saw a
process that never stopped: each waited 20 s, then killed it, and three failed. That is a fact
about how the suite was started, not about coursekit (a terminal's Ctrl-C reaches a foreground
process, whose SIGINT is not ignored), so tests/conftest.py gives SIGINT back its default
handler, and the processes the tests start can be interrupted as an author's would be.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ctrl_c_is_tested_when_the_suite_starts_with_sigint_ignored(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "tests/test_serve_hostile.py::test_ctrl_c_stops_cleanly_and_removes_the_temporary_folder",
            "--basetemp",
            str(tmp_path / "inner"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # as `&` without job control
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "1 passed" in proc.stdout
