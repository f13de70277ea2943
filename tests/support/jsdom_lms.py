"""SCORM packages launched in jsdom with scorm-again as the LMS, driven from pytest.

The fast twin of tests/support/scorm_lms.py (no browser): tests/js/scorm_session.js runs
plans of launches (each a list of learner steps) in node and returns, per launch, what the
learner saw, every API call, and the cmi data scorm-again holds. A test module runs its plans
in one warm node process (PlanServer: a warm process launches a package in a fraction of a
second, a new one takes seconds), each test's when the test runs. See tests/js/scorm_session.js
for the plans' shape.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
from pathlib import Path

from .scorm_lms import lms_view  # noqa: F401  (re-exported: the jsdom tests read the same view)

ROOT = Path(__file__).resolve().parents[2]
SESSION_JS = ROOT / "tests" / "js" / "scorm_session.js"


def node() -> str:
    found = shutil.which("node")
    assert found is not None, "node is needed (scripts/test.sh installs it)"
    assert (ROOT / "node_modules" / "jsdom").is_dir(), "jsdom is missing: run `npm ci` in the repository"
    return found


class NodeLines:
    """The lines node writes to one of its pipes, read by a thread and handed out with a deadline.

    jsdom runs every page in the node process itself: a page whose script never returns (an
    endless loop, e.g. a mutant of a loop) blocks node, and with it every timeout inside it.
    Waiting here with a deadline, and killing node when it passes, is the only way out; without
    it a test hangs until pytest's or a mutation run's timeout, minutes later."""

    def __init__(self, proc: subprocess.Popen, stream) -> None:
        self.proc = proc
        self.queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.queue.put(line)
        self.queue.put("")  # the pipe closed: node ended

    def next(self, timeout: float) -> str | None:
        """The next line, or "" once node has ended; None when none came within ``timeout``
        seconds, and node is killed then."""
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            self.proc.kill()
            self.proc.wait()
            return None


class PlanServer:
    """One warm node process (tests/js/scorm_session.js --serve) that runs plans as they come:
    a test runs its own plans when it needs them, so a failing test (``pytest -x``, a mutant
    killed in a mutation run) stops the run before the plans of the tests after it.

    Each launch must finish within ``launch_deadline`` seconds (node reports each launch as it
    starts it). A page whose script never returns (an endless loop: a mutant of a loop in
    scorm-types.js) blocks node itself, so no timeout inside it can fire: without this deadline
    the test would hang until the mutation run's timeout, a minute or more. A launch takes
    under a second alone and a few under load; node's own waits give up after 5 s."""

    def __init__(self, folder: Path, launch_deadline: float = 15.0):
        self.deadline = launch_deadline
        self.errors = (folder / "node-stderr.txt").open("w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [node(), str(SESSION_JS), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            encoding="utf-8",
        )
        self.lines = NodeLines(self.proc, self.proc.stdout)
        self.started = False  # node loads jsdom before it answers the first time: one more deadline

    def run(self, plans: dict[str, dict]) -> dict[str, list[dict]]:
        """Each plan's name -> one dict per launch."""
        assert self.proc.stdin is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"node ended earlier ({self.proc.returncode}): {self._stderr()}")
        self.proc.stdin.write(json.dumps(plans) + "\n")
        self.proc.stdin.flush()
        where = "before its first launch"
        while True:
            wait = self.deadline * (1 if self.started else 2)
            line = self.lines.next(wait)
            if line is None:
                raise AssertionError(
                    f"node did not finish {where} within {wait:g} s (a page that never finishes "
                    f"loading, or a script that never returns); killed it. {self._stderr()}"
                )
            self.started = True
            if not line:
                self.proc.wait(timeout=60)
                raise AssertionError(f"node ended ({self.proc.returncode}): {self._stderr()}")
            if line.startswith("#"):  # progress: "# <plan> <launch index>" as node starts a launch
                name, _, index = line[1:].strip().rpartition(" ")
                where = f"launch {index} of plan {name!r}"
                continue
            return json.loads(line)

    def _stderr(self) -> str:
        self.errors.flush()
        self.errors.seek(0)
        return self.errors.read()

    def close(self) -> None:
        if self.proc.stdin is not None:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:  # node was killed (see run)
                pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.errors.close()


def answer_steps(quiz_id: str, kinds: dict[str, str], responses: dict) -> list[dict]:
    return [{"answer": [quiz_id, qid, kinds[qid], response]} for qid, response in responses.items()]


def interactions(cmi: dict) -> dict[str, dict]:
    """The LMS's interactions by id (the last record of each id wins, as an LMS reports it)."""
    items = cmi["interactions"]
    rows = [items[k] for k in sorted(items, key=int)] if isinstance(items, dict) else list(items)
    return {row["id"]: row for row in rows}


def failed_calls(launch: dict) -> list[list[str]]:
    return [c for c in launch["calls"] if c[4] != "0"]
