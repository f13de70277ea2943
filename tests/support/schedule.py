"""The order in which `--dist loadfile` hands test files to the workers: longest first.

xdist gives each worker a whole file at a time, by default the files with the most tests first.
A file of a few long tests (a hypothesis property building 300 courses, the benchmark smoke
runs) then starts last and one worker runs it alone while the other has finished: on two cores
that tail was minutes. scripts/test.sh passes ``--no-loadscope-reorder``, so xdist takes the
files in collection order, and this hook puts the files known to take longest first (longest
processing time first: the short files fill in around them), then the rest by number of tests,
as xdist would. Within a file nothing moves. A file missing from LONGEST only runs later.
"""

from __future__ import annotations

# Files by measured time on two cores (`--durations`), longest first; the first entries each take
# minutes of one worker. Re-measure when a file becomes slow; an entry for a deleted file is harmless.
LONGEST = (
    "test_properties.py",
    "test_html_example_course.py",
    "test_import_mutations.py",
    "test_build_cache.py",
    "test_bench_smoke.py",
    "test_scorm_lms_data.py",
    "test_reproducible.py",
    "test_atomic.py",
    "test_import_roundtrip.py",
    "test_examples_in_lms.py",
    "test_html_browser.py",
    "test_html_figures_phone.py",
    "test_canvas_conditions.py",
)


def pytest_collection_modifyitems(session, config, items) -> None:
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def rank(path: str) -> tuple[int, int]:
        name = path.rsplit("/", 1)[-1]
        return (LONGEST.index(name) if name in LONGEST else len(LONGEST), -len(files[path]))

    items[:] = [item for path in sorted(files, key=rank) for item in files[path]]  # sorted() is stable
