"""Time ``coursekit import`` on a big Moodle XML bank (the issue's bar: 10,000 questions < 10 s).

The bank is coursekit's own Moodle export of bench/gen_course.py's course (every question
type, every 40th question with an image, every 25th parametric), so it holds what Moodle
exports: CDATA HTML, base64 files, Cloze, categories. The import runs in a fresh process,
as a user runs it, and the imported course is then validated.

    python bench/import_bench.py [--questions 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_course import generate  # noqa: E402


def coursekit(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "coursekit", *args], capture_output=True, text=True)
    return time.perf_counter() - start, proc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="keep the work folder here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ck-import-bench-"))
    course = generate(work / "course", questions=args.questions)
    seconds, proc = coursekit("build", str(course), "-t", "moodle", "-o", str(work / "out"), "-q", "--no-cache")
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr)
        return 1
    (bank,) = (work / "out").glob("*.xml")
    seconds, proc = coursekit("import", "moodle", str(bank), "--out", str(work / "imported"))
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-2000:])
        return 1
    check, vproc = coursekit("validate", str(work / "imported"))
    result = {
        "questions": args.questions,
        "bank_bytes": bank.stat().st_size,
        "import_seconds": round(seconds, 2),
        "validate_seconds": round(check, 2),
        "validate_status": vproc.returncode,
        "summary": proc.stderr.strip().splitlines()[-1],
    }
    print(json.dumps(result, indent=2))
    return 0 if vproc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
