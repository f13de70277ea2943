"""Plant one of Stryker's mutants by hand and see whether tests notice it.

    python scripts/mutant.py REPORT.json                      # the survivors: id, line, mutation
    python scripts/mutant.py REPORT.json 12 40 -- -x tests/test_html_answers.py -k confirm
                                                               # each mutant alone: killed or survived

REPORT.json is the JSON report scripts/mutation.sh writes (build/mutation/<name>.json). A
survivor of the run is re-checked against other tests (the Chromium tests of a file whose run
used its jsdom tests, or a test written since) by applying Stryker's replacement to the source,
running pytest with the arguments after ``--``, and restoring the file, whatever happens. It
refuses a file that differs from the source in the report (the mutant's position would be wrong)
and one with uncommitted changes (restoring is a ``git checkout``). Do not run other tests in
the same checkout meanwhile.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def offset(text: str, line: int, column: int) -> int:
    """Stryker's positions: 1-based line and column."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts[line - 1] + column - 1


def planted(source: str, mutant: dict) -> str:
    loc = mutant["location"]
    a = offset(source, loc["start"]["line"], loc["start"]["column"])
    b = offset(source, loc["end"]["line"], loc["end"]["column"])
    return source[:a] + mutant["replacement"] + source[b:]


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    rest = argv[1:]
    ids, pytest_args = (rest[: rest.index("--")], rest[rest.index("--") + 1 :]) if "--" in rest else (rest, [])
    [(name, entry)] = report["files"].items()
    mutants = {m["id"]: m for m in entry["mutants"]}
    if not ids:
        for m in entry["mutants"]:
            if m["status"] == "Survived":
                loc = m["location"]["start"]
                print(f"{m['id']:>5} {loc['line']}:{loc['column']} {m['mutatorName']}: {m['replacement'][:90]!r}")
        return 0
    path = ROOT / name
    source = path.read_text(encoding="utf-8")
    if source != entry["source"]:
        sys.exit(f"{name} differs from the source in the report: mutant positions would be wrong")
    if subprocess.run(["git", "diff", "--quiet", "--", name], cwd=ROOT).returncode:
        sys.exit(f"{name} has uncommitted changes: commit or stash them first")
    verdicts = {}
    # `kill` must restore the file too (the default SIGTERM ends Python without running finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(f"stopped: {name} restored"))
    try:
        for mid in ids:
            path.write_text(planted(source, mutants[mid]), encoding="utf-8")
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if run.returncode in (2, 3, 4, 5):  # interrupted, internal or usage error, no tests: no verdict
                sys.exit(f"pytest exited {run.returncode} for mutant {mid}:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
            verdicts[mid] = "killed" if run.returncode else "survived"
            print(f"{mid}: {verdicts[mid]}", flush=True)
    finally:
        path.write_text(source, encoding="utf-8")
    return 0 if all(v == "killed" for v in verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
