"""Digests of every output of the English example courses, to prove a change left them alone.

The example course (``course/``) and the courses in ``examples/`` are built for every target;
each output file (and each member of each zip) is recorded by its SHA-256. The fixture
``tests/fixtures/english_outputs.json`` holds the digests of the outputs as they were before
the course language reached the UI strings; ``tests/test_i18n_english_identical.py`` builds
again and compares.

Regenerate the fixture only when a change is MEANT to change what English courses show:

    .venv/bin/python tests/support/english_baseline.py --write
"""

from __future__ import annotations

import hashlib
import io
import json
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


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def output_digests(out: Path) -> dict[str, str]:
    """Every file under ``out`` by path; a zip's members as ``zip-path!member``."""
    found: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(out).as_posix()
        data = path.read_bytes()
        if rel.endswith(ZIPS):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in sorted(z.namelist()):
                    found[f"{rel}!{name}"] = _digest(z.read(name))
        else:
            found[rel] = _digest(data)
    return found


def build_digests(name: str, work: Path) -> dict[str, str]:
    """Build one course (copied, so no cache is read or left behind) for every target."""
    src = work / name.replace("/", "-")
    shutil.copytree(COURSES[name], src, ignore=shutil.ignore_patterns(".coursekit-cache"))
    out = work / (src.name + "-out")
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "build", str(src), "--target", "all", "--out", str(out), "-q", "-j", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"building {name} failed:\n{proc.stdout}\n{proc.stderr}")
    return output_digests(out)


def main() -> None:
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: english_baseline.py --write   (rewrites " + str(FIXTURE.relative_to(ROOT)) + ")")
    with tempfile.TemporaryDirectory() as tmp:
        digests = {name: build_digests(name, Path(tmp)) for name in COURSES}
    FIXTURE.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
    print(f"wrote {FIXTURE} ({sum(len(d) for d in digests.values())} digests)")


if __name__ == "__main__":
    main()
