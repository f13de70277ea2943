"""The HTML site's pages in jsdom, visited by a learner (tests/js/site.js), driven from pytest."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .jsdom_lms import ROOT, node

SITE_JS = ROOT / "tests" / "js" / "site.js"


def visit_sites(folder: Path, plans: dict[str, tuple[Path, list[dict]]]) -> dict[str, list[dict]]:
    """Each plan's visits (name: (site, visits)), all in one node process (a warm process opens
    a page several times faster than a new one): per visit, the learner steps' results, the home
    page's progress, the sidebar statuses and the page's problems."""
    path = folder / "plans.json"
    doc = {"plans": {name: {"site": str(site), "visits": visits} for name, (site, visits) in plans.items()}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = subprocess.run([node(), str(SITE_JS), str(path)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)
