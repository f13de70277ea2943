"""The benchmark: wall time and peak memory of validate and every target's build.

    python bench/run.py                   # sizes 100, 1000, 10000 + the simulation course
    python bench/run.py --sizes 100       # the CI smoke run (no timing assertions anywhere)

Each measurement runs the real CLI in a fresh process, started and timed by bench/rss.py
(``os.wait4`` there gives its own peak RSS, not counting this process's pages),
twice: "cold" after deleting the build cache (<course>/.coursekit-cache/, see
docs/build-cache.md), "warm" right after, with nothing changed. Rows "all -j1" and
"all -jN" build every target in one command, serially and in N processes (``--jobs``,
default: the number of CPUs; 0 skips them); "canvas -j1" and "moodle -j1" are those builds on one
core (the other target rows use the default -j: every CPU).
text2qti runs on the same question bank (translated by bench/text2qti_bank.py), once on the
whole bank in one file ("text2qti", as coursekit builds the whole course in one command) and
once per quiz file ("text2qti per quiz", the times added up, each run paying text2qti's start-up);
the text2qti/canvas ratios at -j 1 and at the default -j (of the whole-bank run) are printed from
the same run, as is
time(100000)/time(10000) of every step with ``--sizes 10000 100000``. ``--repeat N`` keeps
the median of N cold runs (and N text2qti runs). Results go to bench/results/bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_course import generate  # noqa: E402

TARGETS = ["html", "scorm12", "scorm2004", "qti21", "qti30", "canvas", "moodle", "cc"]


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of one command."""
    with tempfile.TemporaryDirectory(prefix="coursekit-rss-") as tmp:
        result = Path(tmp) / "result"
        # Launched through bench/rss.py, which times the command and reads its peak RSS.
        proc = subprocess.run(
            [sys.executable, str(HERE / "rss.py"), str(result), *cmd],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        seconds, peak_kb = result.read_text().split()
    err = proc.stderr.decode(errors="replace")
    if proc.returncode != 0:
        print(
            f"  ! {' '.join(cmd[-4:])} exited {proc.returncode}: "
            f"{err.strip().splitlines()[-1:] if err.strip() else ''}",
            file=sys.stderr,
        )
    return float(seconds), int(peak_kb) / 1024, proc.returncode


def text2qti_command() -> str | None:
    """text2qti on PATH, or installed beside this Python (a venv that is not activated)."""
    beside = Path(sys.executable).parent / "text2qti"
    return shutil.which("text2qti") or (str(beside) if beside.is_file() else None)


def coursekit(*args: str) -> list[str]:
    return [sys.executable, "-m", "coursekit", *args]


def bench_course(
    name: str, course: Path, work: Path, targets: list[str], with_text2qti: bool, jobs: int = 0, repeat: int = 1
) -> dict:
    rows = {}
    steps = [("validate", coursekit("validate", str(course)))] + [
        (t, coursekit("build", str(course), "--target", t, "--out", str(work / f"out-{name}-{t}"), "--quiet"))
        for t in targets
    ]
    for target in ("canvas", "moodle"):
        if target in targets:
            # One core (a laptop on battery, a CI container): the per-core speed (canvas: against
            # text2qti); the rows without -j use the default, every CPU.
            out = str(work / f"out-{name}-{target}-j1")
            cmd = coursekit("build", str(course), "--target", target, "--out", out, "--quiet", "-j", "1")
            steps.append((f"{target} -j1", cmd))
    if jobs:
        # Every target in one build, serially and with -j: what parallel export buys.
        all_targets = [a for t in targets for a in ("--target", t)]
        for j in sorted({1, jobs}):
            steps.append(
                (
                    f"all -j{j}",
                    coursekit(
                        "build",
                        str(course),
                        *all_targets,
                        "--out",
                        str(work / f"out-{name}-all-j{j}"),
                        "--quiet",
                        "-j",
                        str(j),
                    ),
                )
            )
    for label, cmd in steps:
        cache = course / ".coursekit-cache"
        colds = []
        for _ in range(repeat):  # the median of cold runs (another process may share the cores)
            shutil.rmtree(cache, ignore_errors=True)
            colds.append(measure(cmd, work))
        cold = (statistics.median(c[0] for c in colds), max(c[1] for c in colds), max(c[2] for c in colds))
        warm = measure(cmd, work)
        rows[label] = {
            "cold_s": round(cold[0], 3),
            "warm_s": round(warm[0], 3),
            "peak_mb": round(max(cold[1], warm[1]), 1),
            "ok": cold[2] == 0 and warm[2] == 0,
        }
    text2qti = text2qti_command()
    if with_text2qti and text2qti is None:
        print("  ! text2qti is not installed (pip install '.[bench]'): no text2qti row, no ratio", file=sys.stderr)
    if with_text2qti and text2qti is not None:
        sys.path.insert(0, str(HERE.parent / "src"))
        from text2qti_bank import write_bank, write_single_bank

        from coursekit.load import load_course

        loaded, _ = load_course(course)
        # "text2qti": the whole bank in one file and one process, as coursekit builds the whole
        # course in one command (the ratios compare these). "text2qti per quiz": one run per
        # quiz file, the times added up: that adds text2qti's start-up (about 0.2 s) per quiz.
        single = [write_single_bank(loaded, work / f"t2q-{name}-single")]
        per_quiz = write_bank(loaded, work / f"t2q-{name}")
        for label, bank in (("text2qti", single), ("text2qti per quiz", per_quiz)):
            rows[label] = time_text2qti(text2qti, bank, repeat)
    return rows


def time_text2qti(text2qti: str, bank: list[Path], repeat: int) -> dict:
    """Median over ``repeat`` rounds of the summed time of one text2qti run per file."""
    totals = []
    peak = 0.0
    ok = True
    for _ in range(repeat):
        seconds = 0.0
        for f in bank:
            took, rss, code = measure([text2qti, str(f)], f.parent)
            seconds, peak, ok = seconds + took, max(peak, rss), ok and code == 0
        totals.append(seconds)
    return {"cold_s": round(statistics.median(totals), 3), "warm_s": None, "peak_mb": round(peak, 1), "ok": ok}


def compile_sources() -> None:
    """Byte-compile coursekit and text2qti as ``pip install`` does: an editable install under
    PYTHONDONTWRITEBYTECODE (set on this machine) would otherwise compile every module of both
    in every timed run, a cost no installed user pays."""
    import compileall
    import importlib.util

    for name in ("coursekit", "exporters", "text2qti"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                compileall.compile_dir(folder, quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    ap.add_argument("--targets", nargs="*", default=TARGETS)
    ap.add_argument("--no-sim-course", action="store_true")
    ap.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="also time every target in one build with -j 1 and -j N (0: skip)",
    )
    ap.add_argument("--repeat", type=int, default=1, help="cold runs per step (and text2qti runs); the median is kept")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "bench.json")
    args = ap.parse_args()
    results: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "courses": {}}
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        work = Path(tmp)
        plan = [(f"q{n}", dict(questions=n)) for n in args.sizes]
        if not args.no_sim_course:
            plan.append(("sims", dict(questions=250, chapters=50, simulations=20)))
        for name, spec in plan:
            course = generate(work / name, **spec)
            print(f"== {name}: {spec}", file=sys.stderr)
            results["courses"][name] = bench_course(
                name,
                course,
                work,
                args.targets,
                with_text2qti=name.startswith("q"),
                jobs=args.jobs,
                repeat=max(1, args.repeat),
            )
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))


def print_table(results: dict) -> None:
    courses = results["courses"]
    labels = sorted(
        {label for rows in courses.values() for label in rows},
        key=lambda name: (name != "validate", name.startswith("text2qti"), name),
    )
    print(f"{'step':<18}" + "".join(f"{name:>22}" for name in courses))
    for label in labels:
        cells = []
        for rows in courses.values():
            r = rows.get(label)
            cells.append(
                f"{r['cold_s']:>7.2f}/{(r['warm_s'] or 0):>5.2f}s {r['peak_mb']:>5.0f}MB" if r else f"{'-':>22}"
            )
        print(f"{label:<18}" + "".join(f"{c:>22}" for c in cells))
    for name, rows in courses.items():
        t2q = rows.get("text2qti")
        for label, what in (("canvas -j1", "canvas -j 1"), ("canvas", f"canvas (default -j, {results['cpus']} CPUs)")):
            if t2q and label in rows and rows[label]["cold_s"]:
                ratio = t2q["cold_s"] / rows[label]["cold_s"]
                print(f"{name}: text2qti (whole bank, one run) / coursekit {what} = {ratio:.2f}x")
    sizes = [n for n in courses if n.startswith("q")]
    for small, big in (("q1000", "q10000"), ("q10000", "q100000")):
        if small in sizes and big in sizes:
            for label in labels:
                a, b = courses[small].get(label), courses[big].get(label)
                if a and b and a["cold_s"]:
                    print(f"time({big[1:]})/time({small[1:]}) {label}: {b['cold_s'] / a['cold_s']:.1f}")


if __name__ == "__main__":
    main()
