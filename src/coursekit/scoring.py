"""The one scoring specification: a compact JSON description of each delivered question.

``question_spec(q)`` describes a concrete question (a variant, never a template) as a small
dict of JSON values; ``exporters/html/static/scoring.js`` interprets it in the browser (the
HTML site and the SCORM packages), and ``score``/``evaluate`` below interpret it in Python.
Both follow the format's "Precise rules"; tests run the JS in node over a table of responses
and require the two to agree exactly.

Spec keys (every spec): ``id`` (the variant's id), ``type``, ``points``, ``scoring``
(``all_or_nothing``, ``partial`` or ``manual``), ``fb`` (the feedback keys this question has,
see below). Per type:

- single_choice / multiple_response: ``n`` choices, ``correct`` (indices, authored order),
  ``shuffle``.
- true_false: ``correct`` (bool).
- numeric: ``correct`` (number), ``tolerance``, and ``decimal`` (the course language's
  decimal separator, e.g. ``","``) when it is not ``.``; ``.`` is always accepted.
- short_answer: ``answers`` ([text, score 0..1] as authored), ``case`` (case sensitive).
- essay: ``scoring: manual``; left out of the automatic score and maximum.
- matching: ``n`` left items, ``options`` right-hand options (pairs' rights, then
  distractors), ``correct`` (right index per left), ``shuffle``.
- ordering: ``n`` items; the authored order is the correct one.
- fill_blanks: ``gaps`` in text order, each ``{name, accept, case}`` (typed) or
  ``{name, correct}`` (drop-down, exact match of the stripped choice text).

Responses (the "normalized" form the SCORM runtime also stores): choice questions a list of
choice indices; true_false a bool; numeric/short_answer/essay a string; matching a list
(per left item) of right-hand indices or None; ordering the list of item indices in the
learner's order; fill_blanks a list of strings in gap order. ``None`` is "not answered".

Feedback keys: ``general``, ``correct``, ``incorrect``, ``choice:i`` (selected choice),
``answer:i`` (the matched short answer), ``model`` (an essay's model answer).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from .model import question as qm
from .model.question import normalize_answer

# ASCII digits only, as in JavaScript (Python's \d would also take other scripts' digits).
NUMBER_RE = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")


def _num(x: float) -> int | float:
    """Integral floats as ints: keeps the JSON short (``1`` rather than ``1.0``)."""
    x = float(x)
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def _feedback_keys(q: qm.QuestionBase) -> list[str]:
    keys = [k for k in ("correct", "incorrect", "general") if getattr(q.feedback, k)]
    if isinstance(q, (qm.SingleChoice, qm.MultipleResponse)):
        keys += [f"choice:{i}" for i, c in enumerate(q.choices) if c.feedback]
    elif isinstance(q, qm.ShortAnswer):
        keys += [f"answer:{i}" for i, a in enumerate(q.answers) if a.feedback]
    elif isinstance(q, qm.Essay) and q.model_answer:
        keys.append("model")
    return keys


def question_spec(q: qm.QuestionBase, decimal: str = ".") -> dict[str, Any]:
    """The scoring description of one concrete question (variant); ``decimal`` is the
    decimal separator of the course's language (coursekit.i18n ``UiText.decimal``)."""
    spec: dict[str, Any] = {"id": q.id, "type": q.type, "points": _num(q.points), "scoring": "all_or_nothing"}
    if isinstance(q, (qm.SingleChoice, qm.MultipleResponse)):
        spec.update(
            n=len(q.choices), correct=[i for i, c in enumerate(q.choices) if c.correct is True], shuffle=bool(q.shuffle)
        )
        if isinstance(q, qm.MultipleResponse):
            spec["scoring"] = q.scoring
    elif isinstance(q, qm.TrueFalse):
        spec["correct"] = bool(q.answer)
    elif isinstance(q, qm.NumericQuestion):
        spec.update(correct=_num(q.answer), tolerance=_num(q.tolerance))
        if decimal != ".":
            spec["decimal"] = decimal
    elif isinstance(q, qm.ShortAnswer):
        spec.update(answers=[[a.text, _num(a.score)] for a in q.answers], case=bool(q.case_sensitive))
    elif isinstance(q, qm.Essay):
        spec["scoring"] = "manual"
    elif isinstance(q, qm.Matching):
        spec.update(
            n=len(q.pairs),
            options=len(q.pairs) + len(q.distractors),
            correct=list(range(len(q.pairs))),
            scoring=q.scoring,
            shuffle=bool(q.shuffle),
        )
    elif isinstance(q, qm.Ordering):
        spec.update(n=len(q.items), scoring=q.scoring)
    elif isinstance(q, qm.FillBlanks):
        gaps = []
        for name in q.gap_order():
            blank = q.blanks[name]
            if isinstance(blank, qm.DropdownBlank):
                gaps.append({"name": name, "correct": blank.correct.strip()})
            else:
                gaps.append({"name": name, "accept": list(blank.accept), "case": q.blank_case_sensitive(name)})
        spec.update(gaps=gaps, scoring=q.scoring)
    else:  # pragma: no cover - the model has exactly nine types
        raise TypeError(f"unknown question type {q.type!r}")
    spec["fb"] = _feedback_keys(q)
    return spec


# --------------------------------------------------------------------------- the scorer


@dataclass
class Result:
    score: float
    max: float
    status: str  # "correct", "partial", "incorrect", "ungraded"
    feedback: list[str] = field(default_factory=list)
    parts: list[bool] = field(default_factory=list)  # per gap / pair / position: right or not


def parse_number(text: Any, decimal: str = ".") -> float | None:
    """A numeric response: ``.`` decimals and exponents, surrounding white space allowed,
    and ``decimal`` (the course language's separator, e.g. ``,``) in place of the point.
    One decimal mark at most: a second mark, or a point and a comma, is no number (so a
    thousands separator is refused, never read as something else)."""
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text) if math.isfinite(text) else None
    s = str(text).strip()
    if decimal != "." and decimal in s and "." not in s:
        s = s.replace(decimal, ".", 1) if s.count(decimal) == 1 else s
    return float(s) if NUMBER_RE.match(s) else None


def numeric_correct(value: float, answer: float, tolerance: float) -> bool:
    # Slack relative to the larger of |answer| and tolerance (as every other target), so an
    # exact answer of 0 stays exact.
    return abs(value - answer) <= tolerance + 1e-9 * max(abs(answer), tolerance)


def _is_index(x: Any) -> bool:
    # JSON does not tell 1 from 1.0; neither does the JS scorer.
    return (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())


def _indices(response: Any, n: int) -> list[int]:
    if not isinstance(response, list):
        return []
    out: list[int] = []
    for r in response:
        if _is_index(r) and 0 <= r < n and int(r) not in out:
            out.append(int(r))
    return out


def _text(response: Any) -> str | None:
    return response if isinstance(response, str) else None


def _count_score(points: float, good: int, n: int, scoring: str) -> float:
    if scoring == "partial":
        return points * good / n
    return points if good == n else 0.0


def evaluate(spec: dict[str, Any], response: Any) -> Result:
    """Score one response against its spec; see the module docstring for the forms."""
    t, points, scoring = spec["type"], float(spec["points"]), spec["scoring"]
    keys = set(spec.get("fb", ()))
    extra: list[str] = []
    parts: list[bool] = []
    if t == "essay":
        fb = [k for k in ("general", "model") if k in keys]
        return Result(0.0, 0.0, "ungraded", fb)
    if t in ("single_choice", "multiple_response"):
        picks = _indices(response, spec["n"])
        correct = set(spec["correct"])
        extra = [f"choice:{i}" for i in sorted(picks)]
        if t == "single_choice":
            s = points if len(picks) == 1 and picks[0] in correct else 0.0
        elif scoring == "partial":
            good = sum(1 for i in picks if i in correct)
            wrong = len(picks) - good
            frac = (good - wrong) / len(correct)
            s = max(0.0, frac) * points
        else:
            s = points if set(picks) == correct else 0.0
    elif t == "true_false":
        s = points if isinstance(response, bool) and response == spec["correct"] else 0.0
    elif t == "numeric":
        value = parse_number(response, spec.get("decimal", "."))
        s = (
            points
            if value is not None and numeric_correct(value, float(spec["correct"]), float(spec["tolerance"]))
            else 0.0
        )
    elif t == "short_answer":
        text = _text(response)
        best, best_i = 0.0, -1
        if text is not None:
            mine = normalize_answer(text, spec["case"])
            # The highest-scoring match wins; a match scoring 0 still shows its feedback.
            for i, (answer, weight) in enumerate(spec["answers"]):
                if normalize_answer(answer, spec["case"]) == mine and (best_i < 0 or float(weight) > best):
                    best, best_i = float(weight), i
        if best_i >= 0:
            extra = [f"answer:{best_i}"]
        s = best * points
    elif t == "matching":
        n = spec["n"]
        given = response if isinstance(response, list) else []
        parts = [i < len(given) and _is_index(given[i]) and given[i] == spec["correct"][i] for i in range(n)]
        s = _count_score(points, sum(parts), n, scoring)
    elif t == "ordering":
        n = spec["n"]
        given = response if isinstance(response, list) else []
        valid = len(given) == n and sorted(x for x in given if _is_index(x)) == list(range(n))
        parts = [valid and given[p] == p for p in range(n)]
        s = _count_score(points, sum(parts), n, scoring)
    elif t == "fill_blanks":
        gaps = spec["gaps"]
        given = response if isinstance(response, list) else []
        for i, gap in enumerate(gaps):
            text = _text(given[i]) if i < len(given) else None
            if text is None:
                parts.append(False)
            elif "correct" in gap:
                parts.append(text.strip() == gap["correct"])
            else:
                mine = normalize_answer(text, gap["case"])
                parts.append(any(normalize_answer(a, gap["case"]) == mine for a in gap["accept"]))
        s = _count_score(points, sum(parts), len(gaps), scoring)
    else:
        raise ValueError(f"unknown question type {t!r}")
    status = "correct" if s >= points - 1e-12 else "incorrect" if s <= 0 else "partial"
    fb = extra + (["correct"] if status == "correct" else ["incorrect"]) + ["general"]
    return Result(s, points, status, [k for k in fb if k in keys], parts)


def score(spec: dict[str, Any], response: Any) -> tuple[float, float]:
    """(score, maximum) of one response; essays are (0, 0): nobody grades them here."""
    r = evaluate(spec, response)
    return r.score, r.max
