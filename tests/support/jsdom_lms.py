"""SCORM packages launched in jsdom with scorm-again as the LMS, driven from pytest.

The fast twin of tests/support/scorm_lms.py (no browser): tests/js/scorm_session.js runs
plans of launches (each a list of learner steps) in node and returns, per launch, what the
learner saw, every API call, and the cmi data scorm-again holds. A test module runs all its
plans in one node process (a warm process launches a package in a fraction of a second, a new
one takes seconds). See tests/js/scorm_session.js for the plans' shape.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .scorm_lms import lms_view  # noqa: F401  (re-exported: the jsdom tests read the same view)

ROOT = Path(__file__).resolve().parents[2]
SESSION_JS = ROOT / "tests" / "js" / "scorm_session.js"


def node() -> str:
    found = shutil.which("node")
    assert found is not None, "node is needed (scripts/test.sh installs it)"
    assert (ROOT / "node_modules" / "jsdom").is_dir(), "jsdom is missing: run `npm ci` in the repository"
    return found


def run_plans(folder: Path, plans: dict[str, dict]) -> dict[str, list[dict]]:
    """Run each plan (its launches) and return, by the plan's name, one dict per launch."""
    path = folder / "plans.json"
    path.write_text(json.dumps(plans), encoding="utf-8")
    out = subprocess.run([node(), str(SESSION_JS), str(path)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def answer_steps(quiz_id: str, kinds: dict[str, str], responses: dict) -> list[dict]:
    return [{"answer": [quiz_id, qid, kinds[qid], response]} for qid, response in responses.items()]


def interactions(cmi: dict) -> dict[str, dict]:
    """The LMS's interactions by id (the last record of each id wins, as an LMS reports it)."""
    items = cmi["interactions"]
    rows = [items[k] for k in sorted(items, key=int)] if isinstance(items, dict) else list(items)
    return {row["id"]: row for row in rows}


def failed_calls(launch: dict) -> list[list[str]]:
    return [c for c in launch["calls"] if c[4] != "0"]
