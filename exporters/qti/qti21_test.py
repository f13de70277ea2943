"""One QTI 2.1 assessmentTest per quiz.

testPart (nonlinear, submitted together) -> one section for the quiz, with ``selection``
for ``select`` and ``ordering`` for ``shuffle_questions``; a parametric question is an
invisible sub-section selecting 1 of its variants, so it counts as one question in
``select``. Test outcomes sum the presented items' SCORE and MAXSCORE (``testVariables``
only sees items of the candidate's route, so a drawn subset has the right maximum) and PASS
compares SCORE with passing_score x MAXSCORE.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .ids import ncname
from .qti_spelling import QTI21, Qti21Spelling
from .qti_text import Node

if TYPE_CHECKING:
    from coursekit.render.rendered import RenderedQuiz

    from .package import ItemFile


def build_test(rq: RenderedQuiz, slots: list[list[ItemFile]], href_prefix: str, q: Qti21Spelling = QTI21) -> Node:
    """The quiz's test, spelt by ``q`` (QTI 2.1's names by default)."""
    quiz = rq.quiz
    ident = ncname(quiz.id)
    root = q.root("assessmentTest", [("identifier", ident), ("title", quiz.title)])
    root.append(q.outcome("SCORE", "float", "0"))
    root.append(q.outcome("MAXSCORE", "float", "0"))
    root.append(q.outcome("PASS", "boolean", "false"))
    part = q.el("testPart", identifier=f"{ident}.part", navigationMode="nonlinear", submissionMode="simultaneous")
    part.append(
        q.el(
            "itemSessionControl",
            maxAttempts="1",
            showFeedback="true",
            allowReview="true",
            # The format's show_answers: only "always" lets the delivery system show the solution
            # (QTI cannot make it depend on passing the test; after_pass keeps it hidden).
            showSolution="true" if quiz.show_answers == "always" else "false",
            allowComment="false",
            allowSkipping="true",
            validateResponses="false",
        )
    )
    section = q.el("assessmentSection", identifier=f"{ident}.section", title=quiz.title, visible="true")
    if quiz.select is not None:
        section.append(q.el("selection", select=str(quiz.select)))
    if quiz.shuffle_questions:
        section.append(q.el("ordering", shuffle="true"))
    for slot, group in zip(rq.slots, slots, strict=True):
        if len(group) == 1 and not slot.is_parametric:
            section.append(_ref(q, group[0], href_prefix))
            continue
        variants = q.el(
            "assessmentSection", identifier=f"{ident}.{slot.source.id}.variants", title=slot.source.id, visible="false"
        )
        variants.append(q.el("selection", select="1"))
        for item in group:
            variants.append(_ref(q, item, href_prefix))
        section.append(variants)
    part.append(section)
    root.append(part)
    sum_of = lambda name: q.el("sum", q.el("testVariables", variableIdentifier=name))  # noqa: E731
    root.append(
        q.el(
            "outcomeProcessing",
            q.el("setOutcomeValue", sum_of("SCORE"), identifier="SCORE"),
            q.el("setOutcomeValue", sum_of("MAXSCORE"), identifier="MAXSCORE"),
            q.el(
                "setOutcomeValue",
                q.el("gte", q.var("SCORE"), q.el("product", q.var("MAXSCORE"), q.fnum(rq.passing_score))),
                identifier="PASS",
            ),
        )
    )
    return root


def _ref(q: Qti21Spelling, item: ItemFile, href_prefix: str) -> Node:
    return q.el("assessmentItemRef", identifier=item.identifier, href=href_prefix + item.path)
