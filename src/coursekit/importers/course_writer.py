"""Writing an import into a course folder: all of it or nothing.

A new (or empty) ``--out`` folder is written whole in a hidden staging folder beside it and
renamed into place (``package.write_tree``). Adding to an existing course never overwrites:
every new file is checked first (a collision is an error, CK906, and nothing is written),
the files are staged beside the course, moved in, and ``course.yaml`` gets the new chapter
line last, by an atomic replace; if anything fails on the way, the files already moved are
removed again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..diagnostics import Diagnostic, Location, Severity, display_path
from ..package import safe_arcname, write_tree
from . import yaml_out
from .assemble import Assembled
from .draft import ImportProblem
from .slugs import slugify, unique


def _chapter(chapter_id: str, title: str, quiz_ids: list[str], source: str) -> str:
    front = yaml_out.dump({"id": chapter_id, "title": title, "summary": f"Questions imported from {source}."})
    body = "\n".join(f":::{{quiz}} ../quizzes/{qid}.yaml\n:::\n" for qid in quiz_ids)
    return f"---\n{front}---\n\n{body}"


def files_for(assembled: Assembled, chapter_id: str, title: str, source: str) -> dict[str, bytes]:
    files = {f"quizzes/{qid}.yaml": text.encode("utf-8") for qid, text in assembled.quizzes.items()}
    files.update(assembled.assets)
    files[f"chapters/{chapter_id}.md"] = _chapter(chapter_id, title, list(assembled.quizzes), source).encode("utf-8")
    return files


def is_course(out: Path) -> bool:
    return (out / "course.yaml").is_file()


def check_new_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ImportProblem("CK906", "--out names a file, not a folder", Location(display_path(out)), "name a folder")
    if out.is_dir() and any(out.iterdir()) and not is_course(out):
        raise ImportProblem(
            "CK906",
            "--out is a folder that is neither empty nor a course (no course.yaml)",
            Location(display_path(out)),
            "name a new folder, an empty one, or an existing course to add to",
        )


def write_new(out: Path, assembled: Assembled, title: str, source: str) -> list[str]:
    course_id = slugify(out.resolve().name, "imported")
    chapter_id = "imported-questions"
    files = files_for(assembled, chapter_id, title, source)
    course = {
        "id": course_id,
        "title": title,
        "description": f"Questions imported from {source} with coursekit import.",
        "language": "en",
        "version": "0.1.0",
        "chapters": [f"chapters/{chapter_id}.md"],
    }
    files["course.yaml"] = yaml_out.dump(course).encode("utf-8")
    for name in files:
        safe_arcname(name)
    if out.is_dir():
        _fill_empty(out, files)  # empty (checked); may be '.', the current folder: kept, filled
    else:
        write_tree(files, out)
    return sorted(files)


def _fill_empty(out: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into the empty folder ``out``: staged beside it, then moved in one
    top-level entry at a time, ``course.yaml`` last; a failure removes what was moved."""
    parent = out.resolve().parent
    where = parent if os.access(parent, os.W_OK) and parent != out.resolve() else out
    staging = Path(tempfile.mkdtemp(prefix=f".{out.resolve().name[:80]}.ck-import-", dir=where))
    moved: list[Path] = []
    try:
        _write_files(staging, files)
        tops = sorted({name.split("/", 1)[0] for name in files}, key=lambda t: (t == "course.yaml", t))
        for top in tops:
            dest = out / top
            if dest.exists() or dest.is_symlink():
                raise FileExistsError(17, "File exists", str(dest))
            os.rename(staging / top, dest)
            moved.append(dest)
    except BaseException:
        for path in moved:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_into_course(out: Path, assembled: Assembled, title: str, source: str, chapter_ids: set[str]) -> list[str]:
    """Add the import to the course in ``out`` (new quizzes, assets and one chapter)."""
    chapter_id = unique(slugify(f"imported-{title}", "imported")[:50], chapter_ids)
    files = files_for(assembled, chapter_id, title, source)
    course_yaml = out / "course.yaml"
    with course_yaml.open(encoding="utf-8", newline="") as f:  # kept byte for byte: CRLF stays CRLF
        text = f.read()
    new_course_yaml = add_chapter_line(text, f"chapters/{chapter_id}.md", Location(display_path(course_yaml)))
    collisions = []
    for name in sorted(files):
        path = out / safe_arcname(name)
        if path.exists() or path.is_symlink():
            same = name.startswith("assets/") and path.is_file() and path.read_bytes() == files[name]
            if not same:
                collisions.append(name)
    if collisions:
        raise ImportProblem(
            "CK906",
            f"the course already has {', '.join(collisions[:5])}" + (" …" if len(collisions) > 5 else ""),
            Location(display_path(out / collisions[0])),
            "import into a new folder, or use --quiz-id to choose another quiz id",
        )
    files = {n: d for n, d in files.items() if not (out / n).exists()}
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name[:80]}.ck-import-", dir=out.parent))
    moved: list[Path] = []
    try:
        _write_files(staging, files)
        staged_yaml = staging / "course.yaml.new"
        staged_yaml.write_bytes(new_course_yaml.encode("utf-8"))
        for name in files:
            dest = out / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(staging / name, dest)  # fails if it appeared meanwhile: never overwrite
            moved.append(dest)
        os.replace(staged_yaml, course_yaml)
    except BaseException:
        for path in moved:
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted([*files, "course.yaml"])


def add_chapter_line(text: str, chapter: str, where: Location) -> str:
    """course.yaml with ``chapter`` appended to its block list ``chapters:``, text otherwise kept."""
    from ..load.yaml_nodes import YamlProblem, parse_yaml

    try:
        doc = parse_yaml(text)
    except YamlProblem as p:
        raise ImportProblem(p.code, p.message, Location(where.file, p.line, p.col), "fix course.yaml first") from None
    chapters = doc.data.get("chapters") if isinstance(doc.data, dict) else None
    if not isinstance(chapters, list) or not chapters:
        raise ImportProblem("CK906", "course.yaml has no chapters list to add to", where, "fix course.yaml first")
    lines = text.split("\n")
    last_line, last_col = doc.position(("chapters", len(chapters) - 1))
    first_line, first_col = doc.position(("chapters", 0))
    item_line = lines[first_line - 1]
    dash = item_line.rfind("-", 0, first_col - 1)
    if dash < 0 or item_line[:dash].strip():
        raise ImportProblem(
            "CK906",
            "course.yaml writes chapters as a flow list; the new chapter cannot be added safely",
            where,
            f"write chapters as a block list (one '- path' per line), or add {chapter} by hand",
        )
    indent = item_line[:dash]
    cr = "\r" if lines[last_line - 1].endswith("\r") or "\r\n" in text else ""
    if cr and last_line == len(lines):  # the last list item ends the file without a line break
        lines[last_line - 1] += cr
        cr = ""
    lines.insert(last_line, f"{indent}- {chapter}{cr}")
    return "\n".join(lines)


def diag(problem: ImportProblem) -> Diagnostic:
    d = problem.diagnostic
    return Diagnostic(d.code, d.message, d.location, Severity.ERROR, d.hint)


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (course-relative POSIX paths) below ``folder``, a staging folder."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
