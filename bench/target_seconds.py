"""Each target's export CPU seconds on one course, as a build's target worker spends them.

    python bench/target_seconds.py COURSE_DIR          # sharing groups' members in turn
    python bench/target_seconds.py COURSE_DIR --alone  # every target as if built by itself

Loads and renders the course once (printing those times too), then runs ``_export_one`` of
every target in ``build.SHARING_GROUPS`` order, zips included, with the CLI's GC thresholds.
The figures are what ``_TYPICAL_SECONDS`` in src/coursekit/build.py holds (for the 10,000-question
course of bench/gen_course.py): ``build --jobs`` starts the longest group first.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

from coursekit import build
from coursekit.load import load_course
from coursekit.package import Staging
from coursekit.render.pipeline import render_course
from coursekit.targets import EXPORTER_MODULES


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("course", type=Path)
    ap.add_argument("--alone", action="store_true", help="no target takes what an earlier one made")
    args = ap.parse_args()
    gc.set_threshold(50_000, 20, 100)  # as coursekit.cli.main sets it
    start = time.process_time()
    course, diags = load_course(args.course)
    if course is None:
        raise SystemExit(diags.render())
    loaded = time.process_time()
    rendered = render_course(course)
    print(f"load {loaded - start:.2f} s, render {time.process_time() - loaded:.2f} s")
    # Outputs are written as a build writes them (into its staging folder), then thrown away.
    with tempfile.TemporaryDirectory(prefix="coursekit-target-seconds-") as tmp:
        stage = Staging(Path(tmp) / "out")
        build._STATE.update(rendered=rendered, options=build._export_options({}, 1), stage=stage)
        try:
            for group in build._groups(list(EXPORTER_MODULES)):
                for i, name in enumerate(group):
                    began = time.process_time()
                    build._export_one(name, frozenset() if args.alone else frozenset(group[i + 1 :]))
                    print(f"{name} {time.process_time() - began:.2f} s")
        finally:
            stage.discard()


if __name__ == "__main__":
    main()
