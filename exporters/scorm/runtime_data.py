"""scorm/scorm-data.js: what the runtime needs to know about the course, as one JS object.

Per quiz: its id and each slot's question type (for the suspend_data codec); per delivered
question (every variant): the interaction's id, types, weighting, description and correct
patterns in both versions' syntax. Per SCO: its pages, start page, quizzes and mastery.
"""

from __future__ import annotations

import json
from typing import Any

from coursekit.exporters import require_unique_at
from coursekit.model import question as qm
from coursekit.model.gaps import find_gaps
from coursekit.render.rendered import RenderedCourse, RenderedQuiz

from .interactions import TEXT_LIMIT_2004, clip, describe, interaction_id
from .plan import ScoPlan


def _points(q: qm.QuestionBase) -> float:
    return float(q.points)


def is_scored(q: qm.QuestionBase) -> bool:
    """Essays are graded by a person: SCORM leaves them out of the automatic score."""
    return not isinstance(q, qm.Essay)


def nominal_max(rq: RenderedQuiz) -> float:
    """A quiz's expected maximum per attempt (with ``select``, the drawn share of the total)."""
    per_slot = []
    for slot in rq.slots:
        scored = [_points(v) for v in slot.variants if is_scored(v)]
        per_slot.append(sum(scored) / len(slot.variants) if scored else 0.0)
    total = sum(per_slot)
    if rq.quiz.select is not None and rq.slots:
        total *= rq.quiz.select / len(rq.slots)
    return total


def sco_mastery(quizzes: list[RenderedQuiz], course_passing: float) -> float | None:
    """The passing fraction of a SCO: its quiz's own when it holds one scored quiz, else the
    course's ``passing_score`` applied to the aggregate; None when nothing is scored."""
    scored = [rq for rq in quizzes if nominal_max(rq) > 0]
    if not scored:
        return None
    return scored[0].passing_score if len(scored) == 1 else course_passing


def _gaps_as_lines(text: str) -> str:
    out, last = [], 0
    for gap in find_gaps(text):
        out.append(text[last : gap.start] + "\\_\\_\\_")
        last = gap.end
    return "".join(out) + text[last:]


def _description(rendered: RenderedCourse, rq: RenderedQuiz, q: qm.QuestionBase) -> str:
    text = q.prompt or ""
    if isinstance(q, qm.FillBlanks):
        text = (text + "\n\n" if text else "") + _gaps_as_lines(q.text)
    frag = rendered.quiz_md(rq, text, math="tex")
    return clip(frag.text, TEXT_LIMIT_2004)


def quiz_entries(rendered: RenderedCourse) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    quizzes: list[dict[str, Any]] = []
    interactions: dict[str, dict[str, Any]] = {}
    for rq in rendered.quizzes:
        quizzes.append({"id": rq.quiz.id, "kinds": [slot.source.type for slot in rq.slots]})
        per_question: dict[str, Any] = {}
        # The runtime finds a question's interaction by its id: a duplicate would overwrite one.
        questions = [q for slot in rq.slots for q in slot.variants]
        require_unique_at("SCORM", "question id", ((q.id, q.loc) for q in questions))
        for slot in rq.slots:
            for q in slot.variants:
                spec = describe(q, _points(q))
                spec["id"] = interaction_id(rq.quiz.id, q.id)
                spec["description"] = _description(rendered, rq, q)
                per_question[q.id] = spec
        interactions[rq.quiz.id] = per_question
    return quizzes, interactions


def runtime_data_js(
    rendered: RenderedCourse, version: str, scos: list[tuple[ScoPlan, list[str], str, list[str]]]
) -> bytes:
    """``scos``: (plan, pages, start page, quiz ids) per SCO."""
    quizzes, interactions = quiz_entries(rendered)
    data = {
        "version": version,
        "course": rendered.course.id,
        "quizzes": quizzes,
        "interactions": interactions,
        "scos": {
            plan.key: {
                "mastery": plan.mastery,
                "pages": pages,
                "start": start,
                "quizzes": quiz_ids,
                "restrict": len(scos) > 1,
            }
            for plan, pages, start, quiz_ids in scos
        },
    }
    body = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return f"window.CourseKitScormData = {body};\n".encode("ascii")
