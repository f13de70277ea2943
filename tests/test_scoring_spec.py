"""The scoring specification (coursekit.scoring): Python scorer against the format's rules,
and the JS scorer (exporters/html/static/scoring.js, run in node) against the Python one."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from coursekit.model import QUESTION_TYPES
from coursekit.scoring import evaluate, question_spec, score

SCORING_JS = Path(__file__).resolve().parents[1] / "exporters" / "html" / "static" / "scoring.js"


def q(data: dict):
    return QUESTION_TYPES[data["type"]].model_validate(data)


SC = q(
    {
        "id": "sc",
        "type": "single_choice",
        "prompt": "p",
        "points": 2,
        "choices": [{"text": "a", "correct": True, "feedback": "yes"}, {"text": "b"}, {"text": "c", "feedback": "no"}],
        "feedback": {"correct": "C", "incorrect": "I", "general": "G"},
    }
)
MR = q(
    {
        "id": "mr",
        "type": "multiple_response",
        "prompt": "p",
        "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}],
    }
)
MRP = q(
    {
        "id": "mrp",
        "type": "multiple_response",
        "prompt": "p",
        "points": 3,
        "scoring": "partial",
        "choices": [{"text": t, "correct": t in "abc"} for t in "abcde"],
    }
)
TF = q({"id": "tf", "type": "true_false", "prompt": "p", "answer": False})
NUM = q({"id": "num", "type": "numeric", "prompt": "p", "answer": 5.7, "tolerance": 0.05, "points": 2})
NUM0 = q({"id": "num0", "type": "numeric", "prompt": "p", "answer": 0})
NUMBIG = q({"id": "numbig", "type": "numeric", "prompt": "p", "answer": 1e9, "tolerance": 0})
SA = q(
    {
        "id": "sa",
        "type": "short_answer",
        "prompt": "p",
        "points": 2,
        "answers": [
            {"text": "Paris", "feedback": "r"},
            {"text": "Lutetia", "score": 0.5},
            {"text": "straße"},
            {"text": "ΟΔΟΣ"},
        ],
    }
)
SACS = q(
    {
        "id": "sacs",
        "type": "short_answer",
        "prompt": "p",
        "case_sensitive": True,
        "answers": [{"text": "Na"}, {"text": "Ǆ x"}],
    }
)
SAU = q(
    {
        "id": "sau",
        "type": "short_answer",
        "prompt": "p",
        "answers": [{"text": "ıi"}, {"text": "café"}, {"text": "Ꭰ"}, {"text": "ﬁne"}],
    }
)
ESSAY = q({"id": "es", "type": "essay", "prompt": "p", "points": 5, "model_answer": "m"})
MATCH = q(
    {
        "id": "m",
        "type": "matching",
        "prompt": "p",
        "points": 3,
        "pairs": [{"left": "1", "right": "one"}, {"left": "2", "right": "two"}, {"left": "3", "right": "three"}],
        "distractors": ["four"],
    }
)
MATCHA = q(
    {
        "id": "ma",
        "type": "matching",
        "prompt": "p",
        "scoring": "all_or_nothing",
        "pairs": [{"left": "a", "right": "A"}, {"left": "b", "right": "B"}],
    }
)
ORD = q({"id": "o", "type": "ordering", "prompt": "p", "items": ["a", "b", "c"]})
ORDP = q(
    {"id": "op", "type": "ordering", "prompt": "p", "points": 4, "scoring": "partial", "items": ["w", "x", "y", "z"]}
)
FILL = q(
    {
        "id": "f",
        "type": "fill_blanks",
        "points": 2,
        "text": "A [[city]] and [[colour]] and `[[x]]`",
        "blanks": {
            "city": {"accept": ["Paris", "paris city"]},
            "colour": {"choices": ["blue", "green"], "correct": "blue"},
        },
    }
)
FILLA = q(
    {
        "id": "fa",
        "type": "fill_blanks",
        "scoring": "all_or_nothing",
        "text": "[[a]] [[b]]",
        "case_sensitive": True,
        "blanks": {"a": {"accept": ["X"]}, "b": {"accept": ["y"], "case_sensitive": False}},
    }
)

# (question, response, expected score) -- expected from the format's "Precise rules".
TABLE = [
    (SC, [0], 2),
    (SC, [1], 0),
    (SC, [0, 1], 0),
    (SC, None, 0),
    (SC, [], 0),
    (SC, [7], 0),
    (SC, "0", 0),
    (MR, [0, 1], 1),
    (MR, [1, 0], 1),
    (MR, [0], 0),
    (MR, [0, 1, 2], 0),
    (MR, [], 0),
    (MR, None, 0),
    (MRP, [0, 1, 2], 3),
    (MRP, [0, 1], 2),
    (MRP, [0], 1),
    (MRP, [0, 3], 0),
    (MRP, [0, 1, 3], 1),
    (MRP, [3, 4], 0),
    (MRP, [0, 1, 2, 3, 4], 1),
    (MRP, [0, 0, 1], 2),
    (MRP, [0.0, 1.0], 2),
    (MRP, [True, 1], 1),
    (TF, False, 1),
    (TF, True, 0),
    (TF, None, 0),
    (TF, "false", 0),
    (TF, 0, 0),
    (NUM, "5.7", 2),
    (NUM, " 5.75 ", 2),
    (NUM, "5.65", 2),
    (NUM, "5.76", 0),
    (NUM, "5.64", 0),
    (NUM, "57e-1", 2),
    (NUM, "5,7", 0),
    (NUM, "", 0),
    (NUM, "abc", 0),
    (NUM, ".57e1", 2),
    (NUM, "+5.7", 2),
    (NUM, "5.7.1", 0),
    (NUM, "Infinity", 0),
    (NUM, "nan", 0),
    (NUM, "1e999", 0),
    (NUM, "0x5", 0),
    (NUM, 5.7, 2),
    (NUM, "5_7", 0),
    (NUM0, "0", 1),
    (NUM0, "-0", 1),
    (NUM0, "1e-12", 0),
    (NUM0, "0.0", 1),
    (NUMBIG, "1000000000.5", 1),
    (NUMBIG, "1000000002", 0),
    (SA, "Paris", 2),
    (SA, "  paris ", 2),
    (SA, "PARIS", 2),
    (SA, "lutetia", 1),
    (SA, "Rome", 0),
    (SA, None, 0),
    (SA, "STRASSE", 2),
    (SA, "strasse", 2),
    (SA, "STRAẞE", 2),
    (SA, "οδοσ", 2),
    (SA, "ΟΔΟΣ", 2),
    (SA, "οδος", 2),
    (SA, "pa ris", 0),
    (SA, "Paris\u00a0", 2),
    (SACS, "Na", 1),
    (SACS, "na", 0),
    (SACS, " Na ", 1),
    (SACS, "ǆ x", 0),
    (SACS, "Ǆ\t\n x", 1),
    (SAU, "ıi", 1),
    (SAU, "ii", 0),
    (SAU, "II", 0),
    (SAU, "cafe\u0301", 1),
    (SAU, "CAFÉ", 1),
    (SAU, "ꭰ", 1),
    (SAU, "FINE", 1),
    (SAU, "\u200bfine", 0),
    (SAU, "\ufefffine", 0),
    (SAU, "\u2003fine\u3000", 1),
    (SAU, "\x1cfine\x85", 1),
    (ESSAY, "anything", 0),
    (ESSAY, None, 0),
    (MATCH, [0, 1, 2], 3),
    (MATCH, [0, 2, 1], 1),
    (MATCH, [3, 3, 3], 0),
    (MATCH, [0, None, 2], 2),
    (MATCH, None, 0),
    (MATCH, [0], 1),
    (MATCHA, [0, 1], 1),
    (MATCHA, [0, None], 0),
    (MATCHA, [1, 0], 0),
    (ORD, [0, 1, 2], 1),
    (ORD, [0, 2, 1], 0),
    (ORD, [2, 1, 0], 0),
    (ORD, [0, 1], 0),
    (ORD, None, 0),
    (ORDP, [0, 1, 2, 3], 4),
    (ORDP, [0, 1, 3, 2], 2),
    (ORDP, [3, 1, 2, 0], 2),
    (ORDP, [1, 0, 3, 2], 0),
    (ORDP, [0, 1, 2, 2], 0),
    (FILL, ["Paris", "blue"], 2),
    (FILL, ["paris  CITY", "blue"], 2),
    (FILL, ["Paris", "green"], 1),
    (FILL, ["Rome", "blue"], 1),
    (FILL, ["", ""], 0),
    (FILL, None, 0),
    (FILL, ["Paris"], 1),
    (FILL, [" paris ", " blue "], 2),
    (FILL, ["Paris", "Blue"], 1),
    (FILLA, ["X", "Y"], 1),
    (FILLA, ["x", "y"], 0),
    (FILLA, ["X", "z"], 0),
]


# Numeric answers in the course's language (format.md, "Numbers a learner types"): "." always,
# and the language's decimal separator in its place; a thousands separator or a second mark
# is no number. NUMD is 2.505 (as the German course of tests/test_i18n_browser.py asks).
NUMD = q({"id": "numd", "type": "numeric", "prompt": "p", "answer": 2.505, "tolerance": 0})
NUMK = q({"id": "numk", "type": "numeric", "prompt": "p", "answer": 2505, "tolerance": 0})
COMMA_LANGUAGES = ["de", "fr", "es", "pt", "it", "nl", "pt-BR", "de-AT"]
POINT_LANGUAGES = ["en", "en-GB", "de-CH", "ar", "he"]
LOCALE_TABLE = [
    *[
        (lang, question, response, expected)
        for lang in COMMA_LANGUAGES
        for question, response, expected in [
            (NUMD, "2,505", 1),
            (NUMD, "2.505", 1),
            (NUMD, " 2,505 ", 1),
            (NUMD, "+2,505", 1),
            (NUMD, "2505e-3", 1),
            (NUMD, "2,505e0", 1),
            (NUMD, ",2505e1", 1),
            (NUMD, "2,5", 0),
            (NUMK, "2.505", 0),
            (NUMK, "2,505", 0),
            (NUMK, "2505", 1),
            (NUMK, "2.505,0", 0),
            (NUMK, "2,505.0", 0),
            (NUMK, "2 505", 0),
            (NUMK, "2\u202f505", 0),
            (NUMD, "2,50,5", 0),
            (NUMD, "2,,505", 0),
            (NUMD, "2;505", 0),
        ]
    ],
    *[
        (lang, question, response, expected)
        for lang in POINT_LANGUAGES
        for question, response, expected in [
            (NUMD, "2.505", 1),
            (NUMD, "2,505", 0),
            (NUMK, "2,505", 0),
            (NUMK, "2505", 1),
            (NUMK, "2'505", 0),
        ]
    ],
]


def _locale_spec(lang: str, question) -> dict:
    from coursekit.i18n.ui import _ui_text

    return question_spec(question, _ui_text(lang, ()).decimal)


@pytest.mark.parametrize("lang,question,response,expected", LOCALE_TABLE)
def test_numeric_answers_in_the_course_language(lang, question, response, expected):
    got, _ = score(_locale_spec(lang, question), response)
    assert got == expected


def test_decimal_separator_is_in_the_spec_only_where_it_is_not_a_point():
    assert "decimal" not in _locale_spec("en", NUM)
    assert "decimal" not in _locale_spec("de-CH", NUM)
    assert _locale_spec("de", NUM)["decimal"] == ","
    assert "decimal" not in _locale_spec("de", SA)


@pytest.mark.parametrize("question,response,expected", TABLE, ids=[f"{t[0].id}-{i}" for i, t in enumerate(TABLE)])
def test_python_scorer_follows_the_format(question, response, expected):
    got, maximum = score(question_spec(question), response)
    assert got == pytest.approx(expected, abs=1e-12)
    assert maximum == (0 if question.type == "essay" else float(question.points))


def test_spec_is_json_and_compact():
    spec = question_spec(FILL)
    assert json.loads(json.dumps(spec)) == spec
    assert spec["gaps"] == [
        {"name": "city", "accept": ["Paris", "paris city"], "case": False},
        {"name": "colour", "correct": "blue"},
    ]
    assert question_spec(SC)["fb"] == ["correct", "incorrect", "general", "choice:0", "choice:2"]


def test_feedback_keys():
    assert evaluate(question_spec(SC), [2]).feedback == ["choice:2", "incorrect", "general"]
    assert evaluate(question_spec(SC), [0]).feedback == ["choice:0", "correct", "general"]
    assert evaluate(question_spec(SA), "paris").feedback == ["answer:0"]
    assert evaluate(question_spec(ESSAY), "x").feedback == ["model"]
    assert evaluate(question_spec(ORDP), [0, 1, 3, 2]).parts == [True, True, False, False]


def test_js_scorer_agrees_with_python(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    cases = [{"spec": question_spec(qq), "response": resp} for qq, resp, _ in TABLE]
    cases += [{"spec": _locale_spec(lang, qq), "response": resp} for lang, qq, resp, _ in LOCALE_TABLE]
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    script = (
        "const S = require(process.argv[1]); const fs = require('fs');"
        "const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));"
        "console.log(JSON.stringify(cases.map(c => S.score(c.spec, c.response))));"
    )
    out = subprocess.run(
        [node, "-e", script, str(SCORING_JS), str(tmp_path / "cases.json")], capture_output=True, text=True, check=True
    )
    js = json.loads(out.stdout)
    mismatches = []
    for case, r in zip(cases, js, strict=True):
        py = evaluate(case["spec"], case["response"])
        mine = {"score": py.score, "max": py.max, "status": py.status, "feedback": py.feedback, "parts": py.parts}
        if mine != r:
            mismatches.append((case["spec"]["id"], case["response"], mine, r))
    assert not mismatches, mismatches
