"""Digests of every output of the English example courses, to prove a change left them alone.

The example course (``course/``) and the courses in ``examples/`` are built for every target;
each output file (and each member of each zip) is recorded by its SHA-256. The fixture
``tests/fixtures/english_outputs.json`` holds the digests of the outputs as they were before
the course language reached the UI strings; ``tests/test_i18n_english_identical.py`` builds
again and compares.

Regenerate the fixture only when a change is MEANT to change what English courses show,
from the code of a commit (built from ``git archive``, so no checkout is touched):

    .venv/bin/python tests/support/english_baseline.py --write --base main

Files that inline a static file verbatim (the Common Cartridge's interactive simulation pages
carry site.css and sim.js) are digested without that text: the static files are compared with
the source tree on their own (tests/test_i18n_english_identical.py). SCORM launch pages are
digested without the one tag they gained since (``LAUNCH_SCORER``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "english_outputs.json"
COURSES = {
    "course": ROOT / "course",
    "examples/minimal": ROOT / "examples" / "minimal",
    "examples/question-types": ROOT / "examples" / "question-types",
    "examples/variants": ROOT / "examples" / "variants",
}
ZIPS = (".zip", ".imscc")
INLINED = ("exporters/html/static/site.css", "exporters/html/static/sim.js")
# A SCORM launch page (scorm.html, scorm-<chapter>.html at a package's top) loads the quiz's
# scorer since issue 22, to record a numeric answer as it was scored (scorm-interactions.js):
# digested without that tag, so that the rest of the page is still compared.
LAUNCH_PAGE = re.compile(r"scorm(-[^/]+)?\.html")
LAUNCH_SCORER = b'<script src="static/scoring.js"></script>'


def inlined_texts(code_root: Path) -> list[bytes]:
    """The static files some outputs inline verbatim, as the code at ``code_root`` has them."""
    return [(code_root / rel).read_bytes() for rel in INLINED]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(name: str, data: bytes, inlined: list[bytes]) -> str:
    if name.endswith(".html"):
        for text in inlined:
            data = data.replace(text, b"")
    if LAUNCH_PAGE.fullmatch(name):
        data = data.replace(LAUNCH_SCORER, b"", 1)
    return _digest(data)


def output_digests(out: Path, code_root: Path = ROOT) -> dict[str, str]:
    """Every file under ``out`` by path; a zip's members as ``zip-path!member``."""
    inlined = inlined_texts(code_root)
    found: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(out).as_posix()
        data = path.read_bytes()
        if rel.endswith(ZIPS):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in sorted(z.namelist()):
                    found[f"{rel}!{name}"] = _file_digest(name, z.read(name), inlined)
        else:
            found[rel] = _file_digest(rel, data, inlined)
    return found


def build_digests(name: str, work: Path, code_root: Path = ROOT) -> dict[str, str]:
    """Build one course (copied, so no cache is read or left behind) for every target, with
    the coursekit at ``code_root`` (this checkout, or a ``git archive`` of another commit)."""
    src = work / name.replace("/", "-")
    shutil.copytree(COURSES[name], src, ignore=shutil.ignore_patterns(".coursekit-cache"))
    out = work / (src.name + "-out")
    env = dict(os.environ)
    if code_root != ROOT:
        env["PYTHONPATH"] = str(code_root / "src")
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "build", str(src), "--target", "all", "--out", str(out), "-q", "-j", "1"],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        cwd=work,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"building {name} failed:\n{proc.stdout}\n{proc.stderr}")
    return output_digests(out, code_root)


def code_of(commit: str, work: Path) -> Path:
    """The package source of ``commit`` (git archive), laid out to import as coursekit."""
    root = work / "code"
    root.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    (root / "src" / "coursekit" / "exporters").symlink_to(root / "exporters")
    return root


def main() -> None:
    args = sys.argv[1:]
    if args[:1] != ["--write"] or len(args) not in (1, 3) or (len(args) == 3 and args[1] != "--base"):
        sys.exit(
            "usage: english_baseline.py --write [--base COMMIT]   (rewrites " + str(FIXTURE.relative_to(ROOT)) + ")"
        )
    with tempfile.TemporaryDirectory() as tmp:
        code_root = code_of(args[2], Path(tmp)) if len(args) == 3 else ROOT
        digests = {name: build_digests(name, Path(tmp), code_root) for name in COURSES}
    FIXTURE.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
    print(f"wrote {FIXTURE} ({sum(len(d) for d in digests.values())} digests)")


if __name__ == "__main__":
    main()
