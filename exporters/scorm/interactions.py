"""What the runtime needs to write ``cmi.interactions.n`` for each question, per SCORM version.

The correct-response patterns are computed here (testable in Python, one place for each
version's syntax); the runtime only formats the learner's response with the same identifiers.
Identifiers are positional in the authored order: choices/items/right-hand options
``a``..``z`` then ``0``..``9`` (SCORM 1.2's "short identifier" is one character of [0-9a-z]),
matching prompts ``1``..``n``.

Syntax, 1.2 (RTE 3.4.2.7): lists separated by ``,``, matching pairs ``1.a``, true-false
``t``/``f``, numeric a single value. 2004 (RTE 4.2.9): lists separated by ``[,]``, pairs
``1[.]a``, ``true``/``false``, numeric ranges ``min[:]max``, fill-in with
``{case_matters=...}``/``{order_matters=...}`` prefixes.

Numbers are exact decimals in shortest form (``datatypes.py``); a numeric pattern that does not
fit the version's number type is left out here, and the runtime then records the interaction as
``fill-in`` text with ``numtext`` as its pattern.
"""

from __future__ import annotations

import hashlib
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from typing import Any

from coursekit.model import question as qm

from .datatypes import exact, fits_cmidecimal12, fits_real107, is_plain_decimal, plain

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
MAX_FILL_IN_PATTERNS = 5  # SCORM 2004 smallest permitted maximum for fill-in correct_responses
MAX_FILL_IN_NODES = 10  # 2004 fill-in: at most 10 strings in one response
TEXT_LIMIT_12 = 255  # 1.2 CMIString255 (student_response, pattern)
TEXT_LIMIT_2004 = 250  # 2004 localized_string_type(250) per fill-in node / description
SCALE_2004 = Decimal("1e-7")  # the 7 decimals of real(10,7)


def short_id(i: int) -> str:
    return ALPHABET[i] if i < len(ALPHABET) else f"x{i}"


def left_id(i: int) -> str:
    return str(i + 1)


def interaction_id(quiz_id: str, question_id: str) -> str:
    """``<quiz>_<question>``: both are slugs, which never contain ``_``. Fits 1.2's 255 chars."""
    ident = f"{quiz_id}_{question_id}"
    if len(ident) > 250:
        digest = hashlib.sha1(ident.encode()).hexdigest()[:12]
        ident = f"{ident[:237]}_{digest}"
    return ident


def clip(text: str, limit: int) -> str:
    """One line, at most ``limit`` characters; SCORM strings may not start with ``{`` (a delimiter).
    Cut, it never ends in a space: scorm-again refuses a pattern (or a node of one) with spaces
    around it, and a learner's response is trimmed (scorm-interactions.js ``oneLine``)."""
    text = " ".join(text.split())
    if text.startswith("{"):
        text = "(" + text[1:]
    return text[:limit].rstrip()


def _numeric(q: qm.NumericQuestion) -> dict[str, Any]:
    """Patterns of both versions where the numbers fit; ``numtext`` for the text fallback.

    The range is computed in decimal from the authored numbers: 0.0905 +- 0.005 is
    ``0.0855[:]0.0955``, not ``0.08549999999999999[:]0.0955``. Its ends are rounded inwards to
    the 7 decimals of ``real(10,7)`` (1/6 +- 0.001 is ``0.1656667[:]0.1676666``), so that every
    value inside the pattern is a correct answer."""
    answer, tol = exact(q.answer), exact(q.tolerance)
    value = plain(answer)
    # 50 digits: an end below 1e40 with its 7 decimals fits (6.02e23 needs 32, more than the
    # default context's 28, and quantize raised); what does not fit real(10,7) is dropped below.
    with localcontext(prec=50):
        low, high = answer - tol, answer + tol
        lo = plain(low.quantize(SCALE_2004, rounding=ROUND_CEILING)) if low.adjusted() < 40 else None
        hi = plain(high.quantize(SCALE_2004, rounding=ROUND_FLOOR)) if high.adjusted() < 40 else None
    inside = lo is not None and hi is not None and Decimal(lo) <= Decimal(hi)
    return {
        "correct12": [value] if is_plain_decimal(value) else [],
        "correct2004": [f"{lo}[:]{hi}"] if inside and fits_real107(lo) and fits_real107(hi) else [],
        "numtext": value if value is not None else repr(q.answer),
    }


def _fill_blank_answers(q: qm.FillBlanks) -> list[str]:
    out = []
    for name in q.gap_order():
        blank = q.blanks[name]
        out.append(blank.correct.strip() if isinstance(blank, qm.DropdownBlank) else blank.accept[0])
    return out


def describe(q: qm.QuestionBase, points: float) -> dict[str, Any]:
    """The type-specific part of an interaction: types, correct patterns, response identifiers."""
    weight = plain(points)
    spec: dict[str, Any] = {
        "kind": q.type,
        "weighting12": weight if fits_cmidecimal12(weight) else None,
        "weighting2004": weight if fits_real107(weight) else None,
    }
    if isinstance(q, qm.SingleChoice | qm.MultipleResponse):
        ids = [short_id(i) for i in range(len(q.choices))]
        correct = [ids[i] for i, c in enumerate(q.choices) if c.correct is True]
        spec.update(
            type12="choice",
            type2004="choice",
            ids=ids,
            correct12=[",".join(correct)],
            correct2004=["[,]".join(correct)],
        )
    elif isinstance(q, qm.TrueFalse):
        spec.update(
            type12="true-false",
            type2004="true-false",
            correct12=["t" if q.answer else "f"],
            correct2004=["true" if q.answer else "false"],
        )
    elif isinstance(q, qm.NumericQuestion):
        spec.update(type12="numeric", type2004="numeric", **_numeric(q))
    elif isinstance(q, qm.ShortAnswer):
        full = [a.text for a in q.answers if float(a.score) == 1.0][:MAX_FILL_IN_PATTERNS]
        prefix = "{case_matters=true}" if q.case_sensitive else ""
        spec.update(
            type12="fill-in",
            type2004="fill-in",
            correct12=[clip(a, TEXT_LIMIT_12) for a in full],
            # the prefix counts towards the first node's 250 characters where scorm-again checks them
            correct2004=[prefix + clip(a, TEXT_LIMIT_2004 - len(prefix)).replace("[,]", "[ ,]") for a in full],
        )
    elif isinstance(q, qm.Essay):
        # 1.2 has no long-fill-in: an essay is a fill-in there (response clipped to 255 chars).
        spec.update(type12="fill-in", type2004="long-fill-in", correct12=[], correct2004=[])
    elif isinstance(q, qm.Matching):
        rights = [p.right for p in q.pairs] + list(q.distractors)
        spec.update(
            type12="matching",
            type2004="matching",
            lefts=[left_id(i) for i in range(len(q.pairs))],
            rights=[short_id(j) for j in range(len(rights))],
        )
        spec["correct12"] = [",".join(f"{left_id(i)}.{short_id(i)}" for i in range(len(q.pairs)))]
        spec["correct2004"] = ["[,]".join(f"{left_id(i)}[.]{short_id(i)}" for i in range(len(q.pairs)))]
    elif isinstance(q, qm.Ordering):
        ids = [short_id(i) for i in range(len(q.items))]
        spec.update(
            type12="sequencing",
            type2004="sequencing",
            ids=ids,
            correct12=[",".join(ids)],
            correct2004=["[,]".join(ids)],
        )
    elif isinstance(q, qm.FillBlanks):
        answers = _fill_blank_answers(q)
        gaps = q.gap_order()
        spec.update(type12="fill-in", gaps=gaps)
        spec["correct12"] = [clip(",".join(answers), TEXT_LIMIT_12)]
        nodes = [clip(a, TEXT_LIMIT_2004).replace("[,]", "[ ,]") for a in answers]
        typed = [n for n in gaps if isinstance(q.blanks[n], qm.TypedBlank)]
        case = all(q.blank_case_sensitive(n) for n in typed)
        if len(nodes) <= MAX_FILL_IN_NODES and len(set(nodes)) == len(nodes):
            prefix = "{case_matters=%s}" % ("true" if case else "false")
            if len(nodes) > 1:
                prefix += "{order_matters=true}"
            first = clip(answers[0], TEXT_LIMIT_2004 - len(prefix)).replace("[,]", "[ ,]")  # as above
            spec.update(type2004="fill-in", correct2004=[prefix + "[,]".join([first, *nodes[1:]])])
        else:
            # Too many gaps (or repeated answers) for one fill-in pattern: the whole text instead.
            spec.update(type2004="long-fill-in", correct2004=[clip(" | ".join(answers), 4000)])
    else:  # pragma: no cover - the model has exactly these nine types
        raise TypeError(f"unknown question type {q.type!r}")
    return spec
