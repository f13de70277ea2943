"""scorm/scorm-data.js: what the runtime needs to know about the course, as one JS object.

Per quiz: its id and each slot's question type (for the suspend_data codec); per delivered
question (every variant): the interaction's id, types, weighting, description and correct
patterns in both versions' syntax. Per SCO: its pages, start page, quizzes, mastery, primary
objective (2004, scored SCOs) and its share of what one LMS request may carry (budget.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from coursekit.exporters import require_unique_at
from coursekit.i18n import ui_text
from coursekit.model import question as qm
from coursekit.model.gaps import find_gaps
from coursekit.render.rendered import RenderedCourse, RenderedQuiz

from .budget import ScoBudget, full_bytes, sco_budget
from .interactions import clip, describe, interaction_id
from .plan import ScoPlan

# Interaction descriptions are a short reminder of the question (the id names it): every
# character is sent again with each request of an LMS such as Moodle (see budget.py).
DESCRIPTION_LIMIT = 60


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
    full = clip(frag.text, 10 * DESCRIPTION_LIMIT)
    if len(full) <= DESCRIPTION_LIMIT:
        return full
    cut = full[: DESCRIPTION_LIMIT - 3]
    return (cut.rsplit(" ", 1)[0] if " " in cut[20:] else cut).rstrip() + "..."


def quiz_entries(rendered: RenderedCourse) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    quizzes: list[dict[str, Any]] = []
    interactions: dict[str, dict[str, Any]] = {}
    for rq in rendered.quizzes:
        quizzes.append({"id": rq.quiz.id, "kinds": [slot.source.type for slot in rq.slots]})
        per_question: dict[str, Any] = {}
        # The runtime finds a question's interaction by its id: a duplicate would overwrite one.
        questions = [q for slot in rq.slots for q in slot.variants]
        require_unique_at("SCORM", "question id", ((q.id, q) for q in questions))
        for slot in rq.slots:
            for q in slot.variants:
                spec = describe(q, _points(q))
                spec["id"] = interaction_id(rq.quiz.id, q.id)
                spec["description"] = _description(rendered, rq, q)
                per_question[q.id] = spec
        interactions[rq.quiz.id] = per_question
    return quizzes, interactions


def _attempt(rendered: RenderedCourse, quiz_ids: list[str], interactions: dict[str, dict[str, Any]]):
    """Per question one attempt of these quizzes delivers, the interaction specs of its variants
    (with ``select``, the drawn share, largest first)."""
    out: list[list[dict[str, Any]]] = []
    by_id = {rq.quiz.id: rq for rq in rendered.quizzes}
    for quiz_id in quiz_ids:
        rq = by_id[quiz_id]
        slots = [[interactions[quiz_id][q.id] for q in slot.variants] for slot in rq.slots]
        if rq.quiz.select is not None and rq.quiz.select < len(slots):
            slots = sorted(slots, key=lambda vs: -max(full_bytes(v) for v in vs))[: rq.quiz.select]
        out.extend(slots)
    return out


OverBudget = Callable[[ScoPlan, ScoBudget, list[str]], None]

# What both SCORM targets describe alike (quiz_entries), as the first holds it for the other.
QUIZ_ENTRIES = "scorm-quiz-entries"
SCORM_TARGETS = frozenset({"scorm12", "scorm2004"})


def _shared_quiz_entries(rendered: RenderedCourse) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """``quiz_entries``, made once for both SCORM packages of a process (RenderedCourse.shared):
    they are the same for both versions, and every prompt is rendered for its description."""
    entries = rendered.shared.pop(QUIZ_ENTRIES, None)
    if entries is None:
        entries = quiz_entries(rendered)
    if rendered.coming & SCORM_TARGETS:
        rendered.shared[QUIZ_ENTRIES] = entries
    return entries


def runtime_data_js(
    rendered: RenderedCourse,
    version: str,
    scos: list[tuple[ScoPlan, list[str], str, list[str]]],
    over_budget: OverBudget | None = None,
) -> bytes:
    """``scos``: (plan, pages, start page, quiz ids) per SCO. ``over_budget`` is told about each
    SCO with more questions than its interactions' share of a request can record."""
    quizzes, interactions = _shared_quiz_entries(rendered)
    entries = {}
    for plan, pages, start, quiz_ids in scos:
        budget = sco_budget(pages, _attempt(rendered, quiz_ids, interactions))
        if budget.recordable < budget.questions and over_budget is not None:
            over_budget(plan, budget, quiz_ids)
        entries[plan.key] = {
            "mastery": plan.mastery,
            "objective": plan.objective_id if plan.mastery is not None else None,
            "pages": pages,
            "start": start,
            "quizzes": quiz_ids,
            "restrict": len(scos) > 1,
            "budget": budget.as_json(),
            "detail": budget.detail,
        }
    data = {
        "version": version,
        "course": rendered.course.id,
        "quizzes": quizzes,
        "interactions": interactions,
        "scos": entries,
    }
    decimal = ui_text(rendered.course).decimal
    if decimal != ".":  # learners type numbers with it: 2,5 is recorded as the number 2.5
        data["decimal"] = decimal
    body = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return f"window.CourseKitScormData = {body};\n".encode("ascii")
