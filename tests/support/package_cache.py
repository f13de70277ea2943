"""Built packages reused across the mutants of one mutation run (scripts/mutation.sh), and only there.

Stryker instruments a static script once with every mutant and picks the live one at run time
(``__STRYKER_ACTIVE_MUTANT__``, see tests/support/stryker.py and tests/js/lms.js), so the
package coursekit builds is byte for byte the same for every mutant of a run: building it once
per mutant (most of a mutant's time in tests/test_scorm_jsdom.py) only repeats the same work.
When ``COURSEKIT_TEST_PACKAGE_CACHE`` names a folder (mutation.sh sets a fresh one per file), a
package is built once and kept there under a key over everything that goes into it: the bytes
of the course's files, of every file of coursekit and its exporters (the instrumented script
included), the target and the options. Outside a mutation run the variable is unset and every
package is built afresh, as before.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

ENV = "COURSEKIT_TEST_PACKAGE_CACHE"
ROOT = Path(__file__).resolve().parents[2]
CODE = (ROOT / "src", ROOT / "exporters")


def _digest(h, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(folder)).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")


@functools.cache
def _code_digest() -> bytes:
    """coursekit and its exporters, read once per test process (every package of it needs them)."""
    h = hashlib.sha256()
    for folder in CODE:
        _digest(h, folder)
    return h.digest()


def packages(course: Path, what: str, build: Callable[[Path], dict[str, Path]]) -> dict[str, Path]:
    """``build(course)`` -> {name: package folder}, or in a mutation run the folders that a build
    with the same inputs left in the cache. ``course`` is the course's folder; ``what`` names
    the targets and options."""
    cache = os.environ.get(ENV)
    if not cache:
        return build(course)
    h = hashlib.sha256(what.encode() + b"\0")
    _digest(h, course)
    h.update(_code_digest())
    done = Path(cache) / h.hexdigest()[:24]
    if not done.is_dir():
        built = build(course)
        # two test runs at once may both build: each writes its own folder, the first rename wins
        part = Path(cache) / f"{done.name}.{os.getpid()}"
        shutil.rmtree(part, ignore_errors=True)
        for name, folder in built.items():
            shutil.copytree(folder, part / name)
        try:
            part.rename(done)
        except OSError:
            shutil.rmtree(part, ignore_errors=True)
    return {p.name: p for p in sorted(done.iterdir())}
