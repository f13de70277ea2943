"""Numeric questions an LMS scores itself, in a course whose learners write a decimal comma.

The html and SCORM targets score with coursekit's own rule (``.`` always, and the course
language's decimal separator). QTI players, Canvas and Moodle read the typed number their
own way, whatever the course's language (docs/targets/*.md, "Numbers with a decimal
comma"): each of those exporters warns once per course when learners who write ``2,5``
may be marked wrong there.
"""

from __future__ import annotations

from coursekit.exporters import Exporter
from coursekit.i18n import ui_text
from coursekit.render.rendered import RenderedCourse

# target -> (code, what the LMS does with a typed number, what the author can do)
LMS_READING = {
    "qti": (
        "CK750",
        "a QTI player reads a typed number itself; players that read it with JavaScript's parseFloat "
        "(@citolab/qti-components among them) take 2,505 for 2",
        "tell learners to type numbers with a point (2.505) in this package, or deliver the quiz with the html "
        "or scorm targets, which accept 2,505 (docs/targets/qti.md)",
    ),
    "canvas": (
        "CK769",
        "Canvas reads a typed number in each learner's own Canvas language: in English 2,5 is read as 25, "
        "in German 2.505 as 2505",
        "ask learners to set Canvas to the course's language and to type no thousands separators; check the "
        "question in Canvas's preview (docs/targets/canvas.md)",
    ),
    "moodle": (
        "CK810",
        "Moodle reads a typed number with the separators of each learner's Moodle language pack: with the "
        "English pack 2,5 is read as 25",
        "ask learners to use Moodle in the course's language and to type no thousands separators "
        "(docs/targets/moodle.md)",
    ),
}


def warn_decimal_comma(exporter: Exporter, rendered: RenderedCourse, lms: str) -> None:
    course = rendered.course
    decimal = ui_text(course).decimal
    if decimal == ".":
        return
    numeric = [q for rq in rendered.quizzes for q in rq.quiz.questions if q.type == "numeric"]
    if not numeric:
        return
    code, reading, hint = LMS_READING[lms]
    count = f"{len(numeric)} numeric question{'s' if len(numeric) != 1 else ''}"
    exporter.warn(
        code,
        f"{count} in a course in {course.language!r}, whose learners write decimals with {decimal!r}: {reading}",
        numeric[0].loc,
        hint,
    )
