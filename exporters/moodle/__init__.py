"""Target ``moodle``: Moodle XML for the question bank import (``qformat_xml``).

One file ``<course-id>-moodle.xml`` for the course, or with ``options.split`` a folder
``<course-id>-moodle/`` holding ``<quiz-id>.xml`` per quiz. Categories:
``$course$/top/<course title>/<quiz title>``, plus ``.../<quiz title>/<question id>`` per
parametric question holding its variants (a teacher adds "a random question from this
category" to deliver one variant per attempt). Mapping and warnings: docs/targets/moodle.md.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from coursekit.exporters import Artifact, Exporter, require_unique_at
from coursekit.exporters.decimal_comma import warn_decimal_comma
from coursekit.fanout import quiz_iter

from .questions import QuestionWriter
from .xmltext import DocPart, XmlDoc, join, joined, short_hash

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedCourse, RenderedQuiz

IDNUMBER_MAX = 100  # question_bank_entries.idnumber and question_categories.idnumber are char(100)


def idnumber(value: str) -> str:
    """Stable and unique; shortened with a hash when it would not fit Moodle's column."""
    if len(value) <= IDNUMBER_MAX:
        return value
    return value[: IDNUMBER_MAX - 9] + "~" + short_hash(value)


def category_path(*names: str) -> str:
    """``$course$/top/...`` as qformat_default::assemble_category_path writes it ('/' -> '//')."""
    escaped = []
    for name in names:
        # Moodle cleans category names with PARAM_TEXT (strip_tags): keep angle brackets out.
        name = " ".join(name.split()).replace("<", "‹").replace(">", "›").replace("/", "//")
        if name.startswith("/"):
            name = " " + name
        if name.endswith("/"):
            name += " "
        escaped.append(name)
    return "/".join(["$course$", "top", *escaped])


class MoodleExporter(Exporter):
    name = "moodle"

    def export(self, rendered: RenderedCourse) -> list[Artifact]:
        warn_decimal_comma(self, rendered, "moodle")
        course = rendered.course
        quizzes = rendered.quizzes
        # Two quizzes with one title would share a Moodle category: tell them apart by id.
        titles = [rq.quiz.title for rq in quizzes]
        self._titles = {
            rq.quiz.id: rq.quiz.title if titles.count(rq.quiz.title) == 1 else f"{rq.quiz.title} ({rq.quiz.id})"
            for rq in quizzes
        }
        head = XmlDoc()
        self._category(
            head, category_path(course.title), rendered.description.html if rendered.description else "", course.id
        )
        course_part = head.part()
        # Each quiz's questions are handed over as soon as they are made (Exporter.output; its
        # names settled in quiz order, as one join of all the parts would settle them).
        parts = quiz_iter(self, rendered, lambda rq: self._quiz(rendered, rq))
        taken: set[str] = set()  # question names, unique across the file or the split folder
        if self.options.split:
            folder = self.output(f"{course.id}-moodle", "dir")
            for rq, part in zip(quizzes, parts, strict=True):
                folder.add(f"{rq.quiz.id}.xml", join([course_part, part], taken))
            return [folder.close()]
        out = self.output(f"{course.id}-moodle.xml", "file")
        for piece in joined(itertools.chain([course_part], parts), taken):
            out.append(piece)
        return [out.close()]

    def _category(self, doc: XmlDoc, path: str, info_html: str, ident: str) -> None:
        node = doc.el(doc.root, "question", type="category")
        doc.text(doc.el(node, "category"), path)
        doc.text(doc.el(node, "info", format="html"), info_html, html=True)
        doc.el(node, "idnumber", idnumber(ident))

    def _quiz(self, rendered: RenderedCourse, rq: RenderedQuiz) -> DocPart:
        """One quiz's categories and questions (spread over processes for big banks)."""
        doc = XmlDoc()
        course, quiz = rendered.course, rq.quiz
        writer = QuestionWriter(doc, rendered, rq, self.warn)
        title = self._titles[quiz.id]
        quiz_path = category_path(course.title, title)
        info = f"<p>Questions of the quiz “{_esc(quiz.title)}” (chapter “{_esc(rq.chapter.title)}”).</p>"
        self._category(doc, quiz_path, info, f"{course.id}/{quiz.id}")
        # Moodle finds a question again by its idnumber; two alike would import as one.
        # Each idnumber is made once, for this check and for writing.
        numbered = [[(idnumber(f"{quiz.id}/{q.id}"), q) for q in slot.variants] for slot in rq.slots]
        require_unique_at(self.name, "question idnumber", (pair for pairs in numbered for pair in pairs))
        slots = [(slot, pairs, slot.is_parametric) for slot, pairs in zip(rq.slots, numbered, strict=True)]
        for _slot, pairs, parametric in slots:
            if not parametric:
                ident, q = pairs[0]
                writer.write(q, ident)
        for slot, pairs, parametric in slots:
            if not parametric:
                continue
            src = slot.source
            sub = category_path(course.title, title, src.id)
            sub_info = (
                f"<p>{len(slot.variants)} variants of question “{_esc(src.id)}” of the quiz “{_esc(quiz.title)}”. "
                "Add “a random question from this category” to the quiz so each attempt gets one variant.</p>"
            )
            self._category(doc, sub, sub_info, f"{course.id}/{quiz.id}/{src.id}")
            for ident, q in pairs:
                writer.write(q, ident)
        return doc.part()


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=False)


EXPORTERS = {"moodle": MoodleExporter}
