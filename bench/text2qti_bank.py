"""Translate a coursekit course's questions into text2qti's plain-text quiz format.

Used by the benchmark to run text2qti on the same question bank as ``--target canvas``.
text2qti has no matching, ordering or fill-in-the-blank questions; those are written as the
closest type it has (a multiple-choice stand-in with the same amount of text) so both tools
process the same number of questions of comparable size.
"""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.model import (
    Course,
    Essay,
    FillBlanks,
    Matching,
    MultipleResponse,
    NumericQuestion,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)


def _one_line(text: str | None) -> str:
    # text2qti reads one logical line per item; keep Markdown but fold white space.
    return re.sub(r"\s+", " ", (text or "").strip()) or "-"


def _num(value) -> float:
    # A parametric question's answer is a template; any number stands in for the bench.
    return float(value) if isinstance(value, (int, float)) else 1.0


def question_lines(n: int, q) -> list[str]:
    lines = [f"{n}.  {_one_line(getattr(q, 'prompt', None) or getattr(q, 'text', ''))}"]
    if q.feedback.general:
        lines.append(f"...  {_one_line(q.feedback.general)}")
    if isinstance(q, SingleChoice):
        for i, c in enumerate(q.choices):
            mark = "*" if c.correct is True else ""  # text2qti: wrong choices start at column 0
            lines.append(f"{mark}{chr(97 + i % 26)}) {_one_line(c.text)}")
            if c.feedback:
                lines.append(f"... {_one_line(c.feedback)}")
    elif isinstance(q, MultipleResponse):
        for c in q.choices:
            lines.append(f"[{'*' if c.correct is True else ' '}] {_one_line(c.text)}")
    elif isinstance(q, TrueFalse):
        lines.append(f"{'*' if q.answer is True else ''}a) True")
        lines.append(f"{'*' if q.answer is False else ''}b) False")
    elif isinstance(q, NumericQuestion):
        lines.append(f"=   {_num(q.answer):g} +- {_num(q.tolerance):g}")
    elif isinstance(q, ShortAnswer):
        for a in q.answers:
            lines.append(f"*   {_one_line(a.text)}")
    elif isinstance(q, Essay):
        lines.append("____")
    elif isinstance(q, (Matching, Ordering, FillBlanks)):
        options = (
            [f"{p.left} -> {p.right}" for p in q.pairs]
            if isinstance(q, Matching)
            else list(q.items)
            if isinstance(q, Ordering)
            else [", ".join(q.blanks)]
        )
        lines.append(f"*a) {_one_line(options[0])}")
        for i, o in enumerate(options[1:], start=1):
            lines.append(f"{chr(97 + i % 26)}) {_one_line(o)}")
        if len(options) == 1:
            lines.append("b) none of these")
    return lines


def _absolute_images(text: str, base: Path) -> str:
    # Images are named relative to the quiz file; text2qti resolves them relative to its input,
    # so point them at the course's files.
    return re.sub(
        r"(!\[[^\]]*\]\()([^)\s]+)\)",
        lambda m: f"{m.group(1)}{(base / m.group(2)).resolve().as_posix()})",
        text,
    )


def write_bank(course: Course, dest: Path) -> list[Path]:
    """One text2qti file per quiz (text2qti converts one quiz per file); returns the files."""
    dest.mkdir(parents=True, exist_ok=True)
    files = []
    for _, quiz in course.all_quizzes():
        out = [f"Quiz title: {_one_line(quiz.title)}", "", ""]
        for n, q in enumerate(quiz.questions, start=1):
            out.extend(question_lines(n, q))
            out.append("")
        path = dest / f"{quiz.id}.md"
        path.write_text(_absolute_images("\n".join(out), quiz.path.parent), encoding="utf-8")
        files.append(path)
    return files


def write_single_bank(course: Course, dest: Path) -> Path:
    """Every question of the course in one text2qti file (one quiz): text2qti converts the whole
    bank in one process, as coursekit builds the whole course in one command."""
    dest.mkdir(parents=True, exist_ok=True)
    out = [f"Quiz title: {_one_line(course.title)}", "", ""]
    n = 0
    for _, quiz in course.all_quizzes():
        for q in quiz.questions:
            n += 1
            out.append(_absolute_images("\n".join(question_lines(n, q)), quiz.path.parent))
            out.append("")
    path = dest / "bank.md"
    path.write_text("\n".join(out), encoding="utf-8")
    return path
