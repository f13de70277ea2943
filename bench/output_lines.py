"""How much `coursekit build --target all` prints for a big bank, and how long `validate` takes.

The generated 10,000-question course (bench/gen_course.py) makes every target warn about
thousands of questions; by default the build must print at most 40 lines (target-limit
warnings are summarised one line per code). Exits 1 when it prints more.

    python bench/output_lines.py                  # 10,000 questions
    python bench/output_lines.py --questions 300  # quicker
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_course import generate  # noqa: E402

LIMIT = 40


def coursekit(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run coursekit in a fresh process: (process, wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "coursekit", *args], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc, wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--validate-runs", type=int, default=3, help="validate runs to time (best is reported)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ck-output-") as tmp:
        root = generate(Path(tmp) / "course", questions=args.questions)
        times = [coursekit("validate", str(root), cwd=Path(tmp))[1:] for _ in range(args.validate_runs)]
        wall, cpu = min(t[0] for t in times), min(t[1] for t in times)
        print(f"validate, {args.questions:,} questions: best of {len(times)}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        proc, build_wall, _ = coursekit(
            "build", str(root), "--target", "all", "--out", str(Path(tmp) / "out"), cwd=Path(tmp)
        )
        lines = (proc.stdout + proc.stderr).splitlines()
        report, _, _ = coursekit(
            "build", str(root), "--target", "all", "--out", str(Path(tmp) / "out"), "--format", "json", cwd=Path(tmp)
        )
        summary = json.loads(report.stdout)["summary"]
    print("\n".join(lines))
    print(
        f"-- build --target all: exit {proc.returncode}, {build_wall:.1f} s, {len(lines)} lines printed "
        f"for {summary['warnings']:,} warnings (limit {LIMIT})"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"questions": args.questions, "validate_wall_s": wall, "validate_cpu_s": cpu, "lines": len(lines)}
                | {"warnings": summary["warnings"]},
                indent=2,
            )
        )
    return 0 if proc.returncode == 0 and len(lines) <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
