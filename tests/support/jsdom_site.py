"""The HTML site's pages in jsdom, visited by a learner (tests/js/site.js), driven from pytest."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from .jsdom_lms import ROOT, NodeLines, node

SITE_JS = ROOT / "tests" / "js" / "site.js"
# Seconds a visit's page or step may take; each takes well under a second alone, and a few
# seconds on a loaded two-core machine. COURSEKIT_JSDOM_STALL overrides (a slower machine).
STALL = float(os.environ.get("COURSEKIT_JSDOM_STALL", "30"))
# Before its first page, node loads jsdom: seconds alone, more on a loaded machine, and not a
# hang. That first wait is this long (or STALL, if longer).
STARTUP = 60.0


def visit_sites(folder: Path, plans: dict[str, tuple[Path, list[dict]]]) -> dict[str, list[dict]]:
    """Each plan's visits (name: (site, visits)), all in one node process (a warm process opens
    a page several times faster than a new one): per visit, the learner steps' results, the home
    page's progress, the sidebar statuses and the page's problems."""
    path = folder / "plans.json"
    doc = {"plans": {name: {"site": str(site), "visits": visits} for name, (site, visits) in plans.items()}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with (folder / "out.json").open("w+", encoding="utf-8") as result:
        proc = subprocess.Popen([node(), str(SITE_JS), str(path)], stdout=result, stderr=subprocess.PIPE, text=True)
        errors = watch(proc)
        assert proc.returncode == 0, "".join(errors)
        result.seek(0)
        return json.load(result)


def watch(proc: subprocess.Popen) -> list[str]:
    """Wait for site.js, reading its stderr: its errors, and the page or step it last began.
    A run that begins nothing new for STALL seconds is stopped (``NodeLines``) and fails at once
    with where it hung (in a mutation run: seconds, where Stryker's timeout would wait minutes)."""
    errors: list[str] = []
    where = "start"
    lines = NodeLines(proc, proc.stderr)
    while line := lines.next(max(STALL, STARTUP) if where == "start" else STALL):
        if line.startswith("@ "):
            where = line[2:].strip()
        else:
            errors.append(line)
    if line is None:
        if where == "start":
            raise AssertionError(f"node began no page within {max(STALL, STARTUP):g} s of starting")
        raise AssertionError(f"jsdom made no progress for {STALL:g} s after {where}: a script that never returns?")
    proc.wait()
    return errors
