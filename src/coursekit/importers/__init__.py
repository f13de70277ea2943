"""``coursekit import``: the export stage run backwards.

One reader per foreign format (``READERS``: a module with ``read(path) -> ImportResult``)
turns a file into quizzes of questions in the authoring format, with located warnings;
``assemble`` validates them against the model and ``course_writer`` writes a course folder
(or adds to one), all or nothing. Readers share nothing with the exporters but the model.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics, Location, display_path
from .draft import ImportProblem, ImportResult

READERS = {
    "moodle": "coursekit.importers.moodle",
    "canvas": "coursekit.importers.canvas",
    "qti": "coursekit.importers.qti",
    "gift": "coursekit.importers.gift",
    "text2qti": "coursekit.importers.text2qti",
}


@dataclass
class ImportReport:
    diags: Diagnostics
    written: list[str] = field(default_factory=list)
    questions: int = 0
    quizzes: int = 0


def read(fmt: str, source: Path) -> ImportResult:
    return importlib.import_module(READERS[fmt]).read(Path(source))


def run_import(fmt: str, source: Path, out: Path, quiz_id: str | None = None, strict: bool = False) -> ImportReport:
    """Read ``source`` as ``fmt`` and write the course; problems come back as diagnostics."""
    from .assemble import assemble, merge
    from .course_writer import check_new_target, diag, is_course, write_into_course, write_new

    diags = Diagnostics()
    try:
        existing = is_course(out)
        if not existing:
            check_new_target(out)
        result = read(fmt, source)
        diags.extend(result.diags)
        result.diags = diags  # one collection: the assembler adds to it too
        if quiz_id is not None:
            merge(result, quiz_id, Location(display_path(source)))
        taken_quizzes, chapter_ids = _existing_ids(out) if existing else (set(), set())
        if quiz_id is not None and quiz_id in taken_quizzes:
            raise ImportProblem(
                "CK906",
                f"the course already has a quiz with id {quiz_id!r}",
                Location(display_path(out / "course.yaml")),
                "choose another --quiz-id",
            )
        assembled = assemble(result, taken_quizzes)
        if not assembled.quizzes:
            diags.error(
                "CK905",
                "no question could be imported",
                Location(display_path(source)),
                "check that the file is a " + fmt + " export (see docs/import.md)",
            )
            return ImportReport(diags)
        if strict and diags.warnings:
            return ImportReport(diags, [], assembled.questions, len(assembled.quizzes))
        title = result.title or (next(iter(assembled.titles.values())) if len(assembled.titles) == 1 else "")
        title = title or f"Imported from {source.name}"
        try:
            if existing:
                written = write_into_course(out, assembled, title, source.name, chapter_ids)
            else:
                written = write_new(out, assembled, title, source.name)
        except OSError as exc:  # nothing was left behind (see course_writer); say why
            raise ImportProblem(
                "CK906",
                f"cannot write the course: {exc.strerror or exc}",
                Location(display_path(out)),
                "check that the folder is writable and has space",
            ) from None
        return ImportReport(diags, written, assembled.questions, len(assembled.quizzes))
    except ImportProblem as problem:
        diags.add(diag(problem))
        return ImportReport(diags)


def _existing_ids(out: Path) -> tuple[set[str], set[str]]:
    from ..load import load_course

    course, load_diags = load_course(out)
    if course is None:
        first = load_diags.errors[0] if load_diags.errors else None
        raise ImportProblem(
            "CK906",
            "the course in --out does not load" + (f": {first.message}" if first else ""),
            first.location if first else Location(display_path(out / "course.yaml")),
            "fix the course first (coursekit validate), or import into a new folder",
        )
    quiz_ids = {q.id for ch in course.chapters for q in ch.quizzes}
    quiz_ids |= {p.stem for p in (out / "quizzes").glob("*.y*ml")}
    chapter_ids = {ch.id for ch in course.chapters}
    chapter_ids |= {p.stem for p in (out / "chapters").glob("*.md")}
    return quiz_ids, chapter_ids
