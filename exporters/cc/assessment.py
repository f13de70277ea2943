"""One quiz's files: the portable CC assessment and Canvas's own copy, as Canvas exports a quiz.

Canvas's export (lib/cc/qti/qti_generator.rb ``generate_quiz``) writes, per quiz with migration
id M: ``M/assessment_qti.xml`` (CC profile, resource ``imsqti_xmlv1p2/imscc_xmlv1p1/assessment``
depending on the settings resource), ``non_cc_assessments/M.xml.qti`` (its full QTI dialect) and
``M/assessment_meta.xml`` (settings), both files of one learning-application resource. Canvas's
importer reads only the last two (lib/cc/importer/canvas/quiz_converter.rb, and
quiz_metadata_converter.rb finds the settings at ``M/assessment_meta.xml``); every other LMS reads
the first. The Canvas copy is the ``canvas`` target's own writer, not a second one: built after
canvas in one process, this target takes what canvas wrote of each quiz for it (CANVAS_QUIZZES);
otherwise it calls that writer here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from coursekit.exporters.qti.canvas import CanvasExporter, QuizCopy
from coursekit.exporters.qti.package import xml_bytes

from . import layout
from .cc_items import NS, CcItemWriter, el, field_

if TYPE_CHECKING:
    from coursekit.exporters import Exporter
    from coursekit.package import Deflated
    from coursekit.render.rendered import RenderedCourse, RenderedQuiz

XSI = "http://www.w3.org/2001/XMLSchema-instance"
CC_QTI_XSD = "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
# Items are XML text (cc_items.py), parsed once per quiz; huge_tree: a long HTML text must not fail.
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
# RenderedCourse.shared: {quiz id: canvas.QuizCopy}, each quiz's Canvas copy (under this target's
# quiz ident, its files deflated for this target's zip) the canvas target wrote for it.
CANVAS_QUIZZES = "canvas-quizzes"


@dataclass
class QuizFiles:
    ident: str
    files: dict[str, bytes | Deflated]
    portable: str | None  # path of the CC assessment, None when no question fits the profile
    portable_assets: list[str] = field(default_factory=list)  # Asset.path values its items show
    canvas_assets: list[str] = field(default_factory=list)


def quiz_files(
    exporter: Exporter, rendered: RenderedCourse, rq: RenderedQuiz, canvas_copy: QuizCopy | None = None
) -> QuizFiles:
    """The quiz's files; ``canvas_copy``: its Canvas copy, if the canvas target wrote it already."""
    ident = layout.quiz_ident(rq.quiz.id)
    if canvas_copy is None:
        canvas_copy = CanvasExporter(exporter.options).quiz_copy(rendered, rq, ident)
    # Its warnings are this target's, whoever wrote it (and come back from a fan-out's workers).
    exporter.diagnostics.extend(canvas_copy.warnings)
    files: dict[str, bytes | Deflated] = {
        f"non_cc_assessments/{ident}.xml.qti": canvas_copy.qti,
        f"{ident}/assessment_meta.xml": canvas_copy.meta,
    }
    portable, assets = _portable(exporter, rendered, rq, ident)
    path = None
    if portable is not None:
        path = f"{ident}/assessment_qti.xml"
        files[path] = xml_bytes(portable)
    return QuizFiles(ident, files, path, sorted(assets), sorted(canvas_copy.assets))


def _portable(exporter: Exporter, rendered: RenderedCourse, rq: RenderedQuiz, ident: str):
    quiz = rq.quiz
    writer = CcItemWriter(rendered, rq, exporter.warn)
    if quiz.select is not None or quiz.shuffle_questions:
        what = f"select: {quiz.select}" if quiz.select is not None else "shuffle_questions"
        exporter.warn(
            "CK726",
            f"quiz '{quiz.id}': the CC profile has one fixed list of questions ({what} is lost); "
            "the portable quiz holds every question in order (Canvas's copy draws them)",
            quiz.loc,
            "set up the drawing in the LMS after import, or drop select / shuffle_questions",
        )
    items, assets = [], set()
    for slot in rq.slots:
        question = slot.variants[0]
        if slot.is_parametric:
            exporter.warn(
                "CK725",
                f"question '{slot.source.id}': the CC profile has no variants; the portable quiz holds "
                f"its first variant of {len(slot.variants)} (Canvas's copy draws one per attempt)",
                slot.source.loc,
                "add the other variants by hand in the LMS if you need them",
            )
        built = writer.item(question, f"{quiz.id}.{question.id}")
        if built is not None:
            items.append(built.item)
            assets |= built.assets
    if not items:
        exporter.warn(
            "CK728",
            f"quiz '{quiz.id}': no question fits the CC profile; the cartridge has no portable quiz for it "
            "(Canvas still imports its own copy)",
            quiz.loc,
            "add a question of a profile type (choice, true/false, short answer, essay)",
        )
        return None, set()
    metadata = el(
        "qtimetadata",
        field_("cc_profile", "cc.exam.v0p1"),
        field_("qmd_assessmenttype", "Examination"),
        field_("qmd_scoretype", "Percentage"),
        field_("cc_maxattempts", "1"),
        # show_answers: the profile's yes/no (Moodle's CC restore does not read it; its quiz review
        # options apply there).
        field_("qmd_solutionspermitted", "Yes" if quiz.show_answers == "always" else "No"),
    )
    assessment = el("assessment", metadata, el("section", *items, ident="root_section"), ident=ident, title=quiz.title)
    root = etree.fromstring(
        f'<questestinterop xmlns="{NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{NS} {CC_QTI_XSD}">'
        f"{assessment}</questestinterop>",
        _PARSER,
    )
    return root, assets
