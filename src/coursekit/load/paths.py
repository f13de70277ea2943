"""Resolving paths that authors write, refusing any that leave the course folder."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import Diagnostic, Location, Severity

_DRIVE_RE = re.compile(r"^[A-Za-z]:|^\\\\")


def _inside(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or below it (both normalised): ``folder in path.parents`` as
    string prefixes, which a load that resolves hundreds of paths does much faster."""
    p, f = os.path.normcase(str(path)), os.path.normcase(str(folder))
    return p == f or p.startswith(f if f.endswith(os.sep) else f + os.sep)


def resolve_in_course(
    ref: str,
    base_file: Path,
    root: Path,
    at: Location | Callable[[], Location],
    what: str,
    root_real: Path | None = None,
) -> tuple[Path | None, Diagnostic | None]:
    """Resolve ``ref`` relative to the file that names it; (path, None) or (None, error).
    ``at``: where ``ref`` is written, or a function computing it (called only for an error).
    ``root_real``: ``root.resolve()`` when the caller has it (a load resolves hundreds of paths)."""

    def err(code: str, message: str, hint: str) -> tuple[None, Diagnostic]:
        return None, Diagnostic(code, message, at if isinstance(at, Location) else at(), Severity.ERROR, hint)

    if not ref.strip():
        return err("CK023", f"{what} path is empty", "write a path relative to this file")
    if _DRIVE_RE.match(ref):
        return err(
            "CK022",
            f"{what} {ref!r} is a Windows drive or network path",
            "write a path relative to this file, with forward slashes",
        )
    if ref.startswith("/"):
        return err("CK021", f"{what} {ref!r} is an absolute path", "write a path relative to this file")
    if "\\" in ref:
        return err("CK022", f"{what} {ref!r} uses backslashes", "use forward slashes: " + ref.replace("\\", "/"))
    if "://" in ref or ref.startswith("data:"):
        return err(
            "CK261",
            f"{what} {ref!r} is a URL; courses may not load anything from elsewhere",
            "copy the file into the course (e.g. assets/) and link it relatively",
        )
    candidate = base_file.parent / ref
    lexical = Path(os.path.normpath(candidate))
    root_lex = Path(os.path.normpath(root))
    if not _inside(lexical, root_lex):
        return err("CK020", f"{what} {ref!r} leaves the course folder", "keep every file inside the course folder")
    real = candidate.resolve()
    root_real = root_real if root_real is not None else root.resolve()
    if not _inside(real, root_real):
        return err(
            "CK024",
            f"{what} {ref!r} is a link to a file outside the course folder",
            "copy the file into the course folder instead of linking it",
        )
    if not real.is_file():
        hint = "check the path; it is relative to this file"
        if real.parent.is_dir():
            close = difflib.get_close_matches(real.name, sorted(p.name for p in real.parent.iterdir()), n=1)
            if close:
                hint = f"did you mean {close[0]!r}?"
        return err("CK023", f"{what} {ref!r} not found", hint)
    return real, None
