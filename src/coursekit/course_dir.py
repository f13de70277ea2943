"""Which course a command works on when none is named (the format's rule).

Kept apart from the loader so that the CLI can apply it without importing the loader:
a fully cached build never needs the loader, and importing it costs more than the rest
of such a build.
"""

from __future__ import annotations

from pathlib import Path


def course_dir_default(cwd: Path | None = None) -> Path:
    """The current folder if it holds course.yaml, else ./course/."""
    cwd = cwd or Path.cwd()
    return cwd if (cwd / "course.yaml").is_file() else cwd / "course"
