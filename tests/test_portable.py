"""The suite runs from any clone: no machine paths, schemas found beside the repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from shared_schemas import REPO, SCHEMAS

# An absolute path into a checkout or a home/work folder, as a string literal in code.
ABSOLUTE = re.compile(r"""["'](/work/|/home/|/root/|/Users/)""")


def test_no_machine_paths_in_code():
    hits = []
    for top in ("src", "exporters", "tests", "bench", "scripts"):
        for path in sorted((REPO / top).rglob("*")):
            if path.suffix not in (".py", ".js", ".sh", ".j2", ".html") or "node_modules" in path.parts:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if ABSOLUTE.search(line) and path.name != "test_portable.py":
                    hits.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert hits == []


def test_schemas_resolve_beside_the_repository():
    if "COURSEKIT_SCHEMAS" not in os.environ:
        assert SCHEMAS == REPO.parent / "shared" / "schemas"
    assert (SCHEMAS / "qti21").is_dir() and (SCHEMAS / "scorm2004").is_dir()


def test_missing_schemas_fail_with_a_clear_message(tmp_path):
    env = {**os.environ, "COURSEKIT_SCHEMAS": str(tmp_path / "nowhere")}
    code = "import shared_schemas"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).parent, env=env, capture_output=True, text=True
    )
    assert proc.returncode != 0
    assert "the official XSDs are missing" in proc.stderr and "COURSEKIT_SCHEMAS" in proc.stderr
