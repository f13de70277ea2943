"""Nothing lost: compare every target's output (and the diagnostics) of two coursekit versions.

    python bench/compare_outputs.py snapshot COURSE_DIR SNAP_DIR [-j N]   # build all targets + diagnostics
    python bench/compare_outputs.py compare SNAP_A SNAP_B                 # exit 1 on any difference

A snapshot is ``coursekit build --target all --no-cache`` into SNAP_DIR/out, plus the text of
``coursekit validate --format json`` and of the build's JSON report (every diagnostic, located).
Comparing walks every output file and every member of every zip: equal bytes pass; XML whose
bytes differ passes when its canonical form (C14N 2.0, lxml) is equal and is listed as "c14n"
(formatting only); anything else fails, a zip whose members are all equal but whose own bytes
differ (dates, order, compression) too.
Run ``snapshot`` on the commit before a change and on the change itself, then ``compare``.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

ZIP_SUFFIXES = (".zip", ".imscc")


def snapshot(course: Path, dest: Path, jobs: int) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    run = [sys.executable, "-m", "coursekit"]
    validate = subprocess.run([*run, "validate", str(course), "--format", "json"], capture_output=True, text=True)
    (dest / "validate.json").write_text(validate.stdout + f"\nexit {validate.returncode}\n")
    build = subprocess.run(
        [*run, "build", str(course), "--target", "all", "--out", str(dest / "out"), "--no-cache", "--quiet"]
        + ["-j", str(jobs), "--format", "json"],
        capture_output=True,
        text=True,
    )
    # The JSON report lists every diagnostic of every target with its location.
    (dest / "build.txt").write_text(build.stdout + build.stderr + f"\nexit {build.returncode}\n")


def _entries(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, zips opened: ``a.zip!inner/path`` -> bytes."""
    out: dict[str, bytes] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        data = path.read_bytes()
        out[name] = data
        if name.endswith(ZIP_SUFFIXES):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    out[f"{name}!{info.filename}"] = zf.read(info)
    return out


def _c14n(data: bytes) -> bytes | None:
    try:
        tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError:
        return None
    return etree.tostring(tree, method="c14n2", strip_text=True)


def _steady(report: str) -> str:
    """The report without what differs between any two runs (the JSON report's elapsed time)."""
    return re.sub(r'"elapsed_seconds": [0-9.e-]+', '"elapsed_seconds": 0', report)


def compare(a: Path, b: Path) -> int:
    problems: list[str] = []
    c14n_only: list[str] = []
    for text in ("validate.json", "build.txt"):
        if _steady((a / text).read_text()) != _steady((b / text).read_text()):
            problems.append(f"{text}: diagnostics differ")
    ea, eb = _entries(a / "out"), _entries(b / "out")
    for name in sorted(set(ea) | set(eb)):
        if name not in ea or name not in eb:
            problems.append(f"{name}: only in {'B' if name not in ea else 'A'}")
        elif ea[name] != eb[name]:
            ca, cb = _c14n(ea[name]), _c14n(eb[name])
            if ca is not None and ca == cb:
                c14n_only.append(name)
            elif not name.endswith(ZIP_SUFFIXES):  # a zip differs when a member does: listed there
                problems.append(f"{name}: bytes differ")
            elif not any(n.startswith(name + "!") for n in sorted(set(ea) | set(eb)) if ea.get(n) != eb.get(n)):
                # every member equal, the archive not: dates, order, compression or headers
                problems.append(f"{name}: zip bytes differ, every member equal")
    containers = {n.split("!")[0] for n in c14n_only}
    for name in c14n_only:
        print(f"c14n  {name}")
    for name in problems:
        print(f"DIFF  {name}")
    zips_with_c14n = sum(1 for n in containers if n.endswith(ZIP_SUFFIXES))
    print(
        f"{len(ea)} files and members compared: {len(problems)} different, "
        f"{len(c14n_only)} C14N-equal only ({zips_with_c14n} zips hold them), the rest byte-identical"
    )
    return 1 if problems else 0


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("course", type=Path)
    s.add_argument("dest", type=Path)
    s.add_argument("-j", type=int, default=1)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.cmd == "snapshot":
        snapshot(args.course, args.dest, args.j)
    else:
        sys.exit(compare(args.a, args.b))


if __name__ == "__main__":
    main()
