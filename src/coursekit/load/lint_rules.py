"""Which warnings the author silenced, and where: built from the loaded course, applied to
every diagnostic of validate and build (the loader's and each exporter's).

A ``lint: {ignore: [...]}`` covers the file it is in (a chapter, a quiz file), a question's
lines in its quiz file, or the whole course; warnings are matched by the file and line they
point at, so a target's warning about a question is silenced by that question's ``lint``.
Opt-in checks (CK402) are left out unless course.yaml enables them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..codes import OPT_IN
from ..diagnostics import Diagnostic, display_path

_END = 1 << 30  # "to the end of the file"


@dataclass
class LintRules:
    ignore: frozenset[str] = frozenset()
    enabled: frozenset[str] = frozenset()
    files: dict[str, set[str]] = field(default_factory=dict)  # shown path -> codes ignored in the file
    spans: dict[str, list[tuple[int, int, frozenset[str]]]] = field(default_factory=dict)  # (first, last line, codes)

    def keeps(self, d: Diagnostic) -> bool:
        if d.is_error:
            return True
        code = d.code
        if code in self.ignore or (code in OPT_IN and code not in self.enabled):
            return False
        where = d.location
        if code in self.files.get(where.file, ()):
            return False
        return not any(lo <= where.line <= hi and code in codes for lo, hi, codes in self.spans.get(where.file, ()))

    def apply(self, diags: Iterable[Diagnostic]) -> list[Diagnostic]:
        return [d for d in diags if self.keeps(d)]

    # ---------------------------------------------------------------- building
    def add_file(self, path, lint) -> None:
        if lint is not None and lint.ignore:
            self.files.setdefault(display_path(path), set()).update(lint.ignore)

    def add_quiz(self, quiz) -> None:
        """The quiz file's own lint, and each question's over its lines (up to the next question)."""
        self.add_file(quiz.path, quiz.lint)
        questions = quiz.questions
        for i, q in enumerate(questions):
            if q.lint is None or not q.lint.ignore:
                continue
            last = questions[i + 1].loc.line - 1 if i + 1 < len(questions) else _END
            self.spans.setdefault(q.loc.file, []).append((q.loc.line, last, frozenset(q.lint.ignore)))


def lint_rules(spec, chapters: Iterable, quizzes: Iterable = ()) -> LintRules:
    """The rules of a course: ``spec`` is its CourseFile (None when course.yaml did not load),
    ``chapters`` the chapters that loaded (each with the quizzes that loaded), ``quizzes``
    the quizzes that loaded for a chapter that did not."""
    lint = getattr(spec, "lint", None)
    rules = LintRules(
        ignore=frozenset(lint.ignore) if lint else frozenset(),
        enabled=frozenset(lint.enable) if lint else frozenset(),
    )
    for ch in chapters:
        rules.add_file(ch.path, ch.lint)
        for quiz in ch.quizzes:
            rules.add_quiz(quiz)
    for quiz in quizzes:
        rules.add_quiz(quiz)
    return rules
