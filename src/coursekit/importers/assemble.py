"""From a reader's drafts to the files of a course folder, every question validated first.

Each draft question is validated as the model's ``Question``; one that fails is refused with
a located warning saying what in the source to fix (CK911), never written half-right. Ids are
made slugs and unique (CK916 when one had to change). Quiz files are YAML from ``yaml_out``
(single quotes or block scalars, never escapes), so they read back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..diagnostics import Diagnostics, Location
from ..model import Question
from ..model.base import SLUG_RE, is_template
from ..model.question import normalize_answer
from . import yaml_out
from .draft import DraftQuestion, DraftQuiz, ImportResult, question_label
from .parallel import fork_map
from .slugs import slugify, unique

_QUESTION = TypeAdapter(Question)
_KEY_ORDER = ("id", "type", "prompt", "text", "points")
MAX_QUIZ_QUESTIONS = 2000  # keeps each quiz file well under the loader's 5 MB limit


@dataclass
class Assembled:
    quizzes: dict[str, str] = field(default_factory=dict)  # quiz id -> YAML text
    titles: dict[str, str] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)
    questions: int = 0


def _reason(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"] if not (isinstance(p, str) and p in _TYPE_TAGS))
    at = (err.get("ctx") or {}).get("at") or ()
    where = ".".join(str(p) for p in (*err["loc"][1:], *at)) if at else loc
    return f"{err['msg']}" + (f" (at {where})" if where else "")


_TYPE_TAGS = {
    "single_choice",
    "multiple_response",
    "true_false",
    "numeric",
    "short_answer",
    "essay",
    "matching",
    "ordering",
    "fill_blanks",
}


def ordered(data: dict[str, Any]) -> dict[str, Any]:
    head = {k: data[k] for k in _KEY_ORDER if k in data}
    return head | {k: v for k, v in data.items() if k not in head}


def _validated(q: DraftQuestion) -> str | None:
    """None when the question is valid, else why not (the first broken rule). The id is not a
    rule of the source: a free-text one is made a slug afterwards (CK916), so it is checked as
    that slug."""
    data = q.data
    ident = str(data.get("id", ""))
    if not _is_slug(ident):
        data = data | {"id": slugify(ident, "question")}
    try:
        _QUESTION.validate_python(data)
    except ValidationError as exc:
        return _reason(exc)
    return _math_problem(data)


def _math_problem(data: dict[str, Any]) -> str | None:
    """Why a formula of the question would fail ``coursekit validate`` (CK270-CK276), checked
    exactly as validate checks it; None when every formula converts. Such a question is refused:
    written with its formula as literal text, it would show learners TeX source instead of the
    formula (\\ce{H2O}, a misspelt command), which is the half-right question import never writes."""
    from ..load.loader import data_markdown_fields
    from ..load.markdown_math import check, equation_problems, find_math

    for path, text in data_markdown_fields(data):
        if "$" not in text:
            continue
        field = ".".join(str(p) for p in path)
        refs = find_math(text)
        for ref in refs:
            problem = check(ref)
            if problem is not None:
                return f"a formula would not render ({problem.code}: {problem.message}) (at {field})"
        if "\\label" in text or "ref" in text or any(r.label for r in refs):
            for problem in equation_problems(text, refs):
                return f"{problem.code}: {problem.message} (at {field})"
    return None


def _prepared(q: DraftQuestion) -> tuple[str | None, str | None]:
    """(why the question is refused, or None; its YAML as an item of ``questions:``). Both are
    the costly part of a big bank, so they are done together, per question, in forked workers."""
    problem = _validated(q)
    return (problem, None) if problem is not None else (None, _item_yaml(ordered(q.data)))


def _item_yaml(data: dict[str, Any]) -> str:
    return "\n".join(yaml_out.sequence_lines([data], "  "))


def _has_feedback(data: dict[str, Any]) -> bool:
    if any((data.get("feedback") or {}).values()) or data.get("model_answer"):
        return True
    return any(c.get("feedback") for c in data.get("choices", []) + data.get("answers", []))


def _merge_answers(q: DraftQuestion, diags: Diagnostics) -> None:
    """Short answers the same after coursekit's normalising (``Paris``, ``paris`` when case does
    not matter) are one answer: valid in the source, refused by the model (CK306). They are
    merged at the first one's place, keeping the highest score and that answer's feedback;
    a different score (CK913) or another feedback (CK914) that is dropped is warned about."""
    answers = q.data.get("answers")
    if not isinstance(answers, list) or len(answers) < 2:
        return
    case = bool(q.data.get("case_sensitive", False))
    groups: dict[str, list[dict[str, Any]]] = {}
    for a in answers:
        text = a.get("text") if isinstance(a, dict) else None
        if not isinstance(text, str) or not text.strip() or is_template(text):
            groups[f"\0{len(groups)}"] = [a]  # left to the model's own rules
            continue
        groups.setdefault(normalize_answer(text, case), []).append(a)
    if len(groups) == len(answers):
        return
    merged = []
    for group in groups.values():
        best = max(group, key=lambda a: _score(a))  # the first of the highest
        kept = dict(best)
        merged.append(kept)
        if len(group) == 1:
            continue
        label = question_label(q.name)
        others = [a for a in group if a is not best]
        if any(_score(a) != _score(best) for a in others):
            scores = ", ".join(f"{a['text']!r} {_score(a) * 100:g} %" for a in group)
            diags.warning(
                "CK913",
                f"{label}: answers {scores} are one answer after normalising; it scores {_score(best) * 100:g} %",
                q.where,
                "check the question's scoring after import",
            )
        for a in others:
            if a.get("feedback") and a.get("feedback") != best.get("feedback"):
                diags.warning(
                    "CK914",
                    f"{label}: the feedback of answer {a['text']!r} is not imported (the answer is the same as "
                    f"{best['text']!r} after normalising)",
                    q.where,
                    "add it by hand if it matters",
                )
    q.data = q.data | {"answers": merged}


def _score(answer: dict[str, Any]) -> float:
    score = answer.get("score", 1)
    return float(score) if isinstance(score, (int, float)) else 1.0


def merge(result: ImportResult, quiz_id: str, where: Location) -> None:
    """``--quiz-id``: every question of the import in one quiz with that id."""
    title = result.quizzes[0].title if len(result.quizzes) == 1 else (result.title or quiz_id)
    merged = DraftQuiz(quiz_id, title, where)
    for quiz in result.quizzes:
        merged.questions.extend(quiz.questions)
    if len(result.quizzes) == 1:
        merged.extra = dict(result.quizzes[0].extra)
    result.quizzes = [merged]


def assemble(result: ImportResult, taken_quiz_ids: set[str]) -> Assembled:
    out = Assembled(assets=dict(result.assets))
    diags = result.diags
    drafts = [q for quiz in result.quizzes for q in quiz.questions]
    for q in drafts:
        if q.data.get("type") == "short_answer":
            _merge_answers(q, diags)
    prepared = iter(fork_map(_prepared, drafts))
    for quiz in result.quizzes:
        questions: list[dict[str, Any]] = []
        items: list[str] = []  # each question's YAML
        ids: set[str] = set()
        for q in quiz.questions:
            problem, item = next(prepared)
            if problem is not None:
                diags.warning(
                    "CK911",
                    f"{question_label(q.name)} is not imported: {problem}",
                    q.where,
                    "fix the question in the source (or add it by hand afterwards)",
                )
                continue
            data = ordered(q.data)
            original = str(data["id"])
            data["id"] = unique(original if _is_slug(original) else slugify(original, "question"), ids)
            if data["id"] != original:
                item = _item_yaml(data)
                diags.warning(
                    "CK916",
                    f"{question_label(q.name)}: id {original!r} is written as {data['id']!r}",
                    q.where,
                    "ids are slugs ([a-z0-9-]) unique in their quiz",
                )
            if not _has_feedback(data):
                diags.warning(
                    "CK915",
                    f"{question_label(q.name)} has no feedback in the source; coursekit validate warns (CK401)",
                    q.where,
                    "add feedback to the imported question",
                )
            questions.append(data)
            items.append(item)
        if not questions:
            diags.warning("CK912", f"quiz {quiz.title!r} has no question left to import", quiz.where, "")
            continue
        for part, (chunk, chunk_items) in enumerate(zip(_chunks(questions), _chunks(items), strict=True)):
            base = quiz.id if _is_slug(quiz.id) else slugify(quiz.id, "quiz")
            if part:
                base = f"{base[:56]}-part-{part + 1}"
            qid = unique(base, taken_quiz_ids)
            if qid != quiz.id and part == 0:
                diags.warning(
                    "CK916",
                    f"quiz {quiz.title!r}: id {quiz.id!r} is written as {qid!r}",
                    quiz.where,
                    "quiz ids are slugs unique in the course",
                )
            data = {"id": qid, "title": quiz.title.strip() or qid} | _quiz_extra(quiz, len(chunk), diags)
            # Each question validated above, ids made unique, select checked; the file is the
            # quiz's own keys then its questions, as yaml_out.dump would write the whole mapping.
            out.quizzes[qid] = yaml_out.dump(data) + "questions:\n" + "\n".join(chunk_items) + "\n"
            out.titles[qid] = data["title"]
            out.questions += len(chunk)
        if len(questions) > MAX_QUIZ_QUESTIONS:
            diags.warning(
                "CK912",
                f"quiz {quiz.title!r} has {len(questions):,} questions; written as quizzes of "
                f"{MAX_QUIZ_QUESTIONS:,} (the loader reads files up to 5 MB)",
                quiz.where,
                "",
            )
    return out


def _quiz_extra(quiz: DraftQuiz, n: int, diags: Diagnostics) -> dict[str, Any]:
    extra = dict(quiz.extra)
    if "select" in extra and extra["select"] > n:
        diags.warning(
            "CK912",
            f"quiz {quiz.title!r} draws {extra['select']} questions but only {n} were imported; every one is used",
            quiz.where,
            "set select again after adding the missing questions",
        )
        del extra["select"]
    return extra


def _chunks(questions: list) -> list[list]:
    return [questions[i : i + MAX_QUIZ_QUESTIONS] for i in range(0, len(questions), MAX_QUIZ_QUESTIONS)]


def _is_slug(text: str) -> bool:
    import re

    return bool(re.match(SLUG_RE, text)) and len(text) <= 64
