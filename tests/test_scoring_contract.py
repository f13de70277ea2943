"""The scoring specification as a contract between Python and the browser, edge by edge.

``question_spec`` is what every page ships to scoring.js: each key it documents is checked here
for every type, and responses at the edges of the rules (a True answer, booleans and numbers
where indices or text belong, an index one past the last choice, fractional and repeated
indices, unmatched short answers, a short answer that matches with score 0, empty text where
0 is right, an order with one element too many) are scored by both scorers (Python here, scoring.js in node) against the
format's rule. Written from mutation testing (docs/mutation.md): each case fails for a
one-line change that the other tests let through.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from coursekit.model import QUESTION_TYPES
from coursekit.scoring import evaluate, question_spec

SCORING_JS = Path(__file__).resolve().parents[1] / "exporters" / "html" / "static" / "scoring.js"


def q(data: dict):
    return QUESTION_TYPES[data["type"]].model_validate({"prompt": "p", **data})


TF_TRUE = q({"id": "tf", "type": "true_false", "answer": True, "feedback": {"general": "G"}})
SC = q(
    {"id": "sc", "type": "single_choice", "shuffle": False, "choices": [{"text": "a"}, {"text": "b", "correct": True}]}
)
MR = q(
    {
        "id": "mr",
        "type": "multiple_response",
        "scoring": "partial",
        "points": 2,
        "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}],
    }
)
SA = q(
    {
        "id": "sa",
        "type": "short_answer",
        "answers": [{"text": "5", "feedback": "five"}, {"text": "six", "score": 0.5, "feedback": "six?"}],
        "feedback": {"general": "G", "incorrect": "I"},
    }
)
ESSAY = q({"id": "es", "type": "essay", "model_answer": "M", "feedback": {"general": "G"}})
MATCH = q(
    {
        "id": "m",
        "type": "matching",
        "shuffle": True,
        "pairs": [{"left": "x", "right": "1"}, {"left": "y", "right": "2"}],
        "distractors": ["3", "4"],
    }
)
NUM1 = q({"id": "n", "type": "numeric", "answer": 1, "tolerance": 0})
NUM0 = q({"id": "n0", "type": "numeric", "answer": 0, "tolerance": 0})
# A wrong answer an author expects, with feedback that explains it (score 0).
SA0 = q(
    {
        "id": "sa0",
        "type": "short_answer",
        "answers": [{"text": "convection"}, {"text": "conduction", "score": 0, "feedback": "no flow"}],
        "feedback": {"incorrect": "I"},
    }
)
MRF = q(
    {
        "id": "mrf",
        "type": "multiple_response",
        "choices": [{"text": "a", "correct": True, "feedback": "A"}, {"text": "b"}, {"text": "c", "feedback": "C"}],
    }
)
ORD = q({"id": "o", "type": "ordering", "items": ["a", "b", "c"]})
FILL = q(
    {
        "id": "f",
        "type": "fill_blanks",
        "points": 2,
        "text": "[[typed]] and [[picked]]",
        "blanks": {"typed": {"accept": ["5"]}, "picked": {"choices": ["x", "y"], "correct": "x"}},
    }
)


def test_spec_keys_for_every_type():
    assert question_spec(TF_TRUE) == {
        "id": "tf",
        "type": "true_false",
        "points": 1,
        "scoring": "all_or_nothing",
        "correct": True,
        "fb": ["general"],
    }
    sc = question_spec(SC)
    assert (sc["id"], sc["scoring"], sc["n"], sc["correct"], sc["shuffle"]) == ("sc", "all_or_nothing", 2, [1], False)
    assert question_spec(MR)["shuffle"] is True and question_spec(MR)["scoring"] == "partial"
    assert question_spec(SA)["fb"] == ["incorrect", "general", "answer:0", "answer:1"]
    assert question_spec(ESSAY) == {
        "id": "es",
        "type": "essay",
        "points": 1,
        "scoring": "manual",
        "fb": ["general", "model"],
    }
    m = question_spec(MATCH)
    assert (m["n"], m["options"], m["correct"], m["shuffle"], m["scoring"]) == (2, 4, [0, 1], True, "partial")
    # Without a course language the decimal mark is the point: no `decimal` key.
    assert question_spec(NUM1) == {
        "id": "n",
        "type": "numeric",
        "points": 1,
        "scoring": "all_or_nothing",
        "correct": 1,
        "tolerance": 0,
        "fb": [],
    }


# (question, response, points, feedback keys shown)
EDGES = [
    (TF_TRUE, True, 1, ["general"]),
    (TF_TRUE, False, 0, ["general"]),
    (SC, [True], 0, []),  # a boolean is not choice 1
    (MR, [0, 1, 3], 2, []),  # index 3 is past the last choice: ignored
    (MR, [0, 2], 0, []),
    (SA, 5, 0, ["incorrect", "general"]),  # a number is not the text "5"
    (SA, "5", 1, ["answer:0", "general"]),
    (SA, "nothing", 0, ["incorrect", "general"]),  # no answer matched: no answer feedback
    (SA, "SIX", 0.5, ["answer:1", "incorrect", "general"]),
    (ESSAY, "text", 0, ["general", "model"]),
    (NUM1, True, 0, []),  # a boolean is not the number 1
    (NUM1, "1", 1, []),
    (NUM1, "1undefined", 0, []),  # an English spec has no decimal mark to replace
    (SC, [1, 0.5], 1, []),  # 0.5 is no choice: ignored, not a second pick
    (SC, [1, 1], 1, []),  # a choice sent twice is one pick
    (MR, [0, 0], 1, []),  # one of two right choices, not two
    (MRF, [2, 0], 0, ["choice:0", "choice:2"]),  # choice feedback in the choices' order
    (NUM0, "", 0, []),  # nothing typed is not the number 0
    (NUM0, "abc", 0, []),
    (NUM0, None, 0, []),
    (NUM0, "-0", 1, []),
    (SA0, " Conduction ", 0, ["answer:1", "incorrect"]),  # the expected mistake's feedback
    (SA0, "radiation", 0, ["incorrect"]),
    (SA0, "convection", 1, []),
    (ORD, [0, 1, 2, "x"], 0, []),  # the right order plus something else is not the order
    (ORD, [0, 1, 2, 2], 0, []),
    (ORD, [0, 1, 2], 1, []),
    (FILL, [5, "x"], 1, []),  # a number is not the text "5": only the drop-down is right
    (FILL, ["5", 0], 1, []),  # nor is an index the drop-down's text
    (FILL, ["undefined", "x"], 1, []),  # text that only a missing accepted answer would match
    (FILL, [" 5 ", " x "], 2, []),
]


def _cases():
    return [(question_spec(question), response) for question, response, _, _ in EDGES]


@pytest.mark.parametrize("i", range(len(EDGES)))
def test_python_scorer_at_the_edges(i):
    question, response, points, feedback = EDGES[i]
    r = evaluate(question_spec(question), response)
    assert (r.score, r.feedback) == (points, feedback), (question.id, response)


def test_js_scorer_at_the_edges(tmp_path):
    node = shutil.which("node")
    assert node, "node is not installed"
    (tmp_path / "cases.json").write_text(json.dumps([{"spec": s, "response": r} for s, r in _cases()]))
    out = subprocess.run(
        [
            node,
            "-e",
            "const S = require(process.argv[1]); const fs = require('fs');"
            "const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));"
            "console.log(JSON.stringify(cases.map(c => S.score(c.spec, c.response))));",
            str(SCORING_JS),
            str(tmp_path / "cases.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    got = json.loads(out.stdout)
    want = [{"score": p, "feedback": f} for _, _, p, f in EDGES]
    assert [{"score": g["score"], "feedback": g["feedback"]} for g in got] == want


def test_js_scorer_names_an_unknown_type(tmp_path):
    # A spec of a type scoring.js does not know fails loudly, naming it: never a silent 0.
    node = shutil.which("node")
    assert node, "node is not installed"
    script = (
        "const S = require(process.argv[1]);"
        "try { S.score({type: 'sketch', points: 1, scoring: 'manual', fb: []}, ['x']); console.log('scored'); }"
        " catch (e) { console.log(e.message); }"
    )
    out = subprocess.run([node, "-e", script, str(SCORING_JS)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "unknown question type sketch"


def test_unknown_types_are_named_in_the_error():
    with pytest.raises(ValueError, match="unknown question type 'sketch'"):
        evaluate({"type": "sketch", "points": 1, "scoring": "manual", "fb": []}, None)
