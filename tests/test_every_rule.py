"""A question's, a quiz's, course.yaml's and a simulation's own rules: every rule broken is
reported in one run, each at its place, not the first one only.

tests/test_load_broken.py holds each diagnostic's code and place when it is the only one;
here several come together, in one question, quiz or file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coursefixture import COURSE_YAML, PARAMETRIC, QUIZ_HEAD, validate_report, write_course


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths are reported relative to the working folder


report = validate_report


def errors(diags: list[dict]) -> set[tuple[str, str]]:
    return {(d["code"], f"{d['line']}:{d['col']}") for d in diags if d["severity"] == "error"}


FILL = """\
  - id: x
    type: fill_blanks
    feedback: {general: g}
    text: '[[a]] [[B]] [[c]] [[a]] [[d]] [[E f]] [[c]]'
    blanks:
      a: {accept: [x]}
      Bad: {accept: [y]}
      unused: {accept: [z]}
      spare: {choices: [p, q], correct: p}
"""


def test_every_gap_and_blank_problem_of_a_fill_in(tmp_path: Path) -> None:
    write_course(tmp_path, quiz_questions=FILL)
    status, diags = report(tmp_path)
    assert status == 1
    got = [(d["code"], f"{d['line']}:{d['col']}", d["message"]) for d in diags if d["severity"] == "error"]
    # A gap's problem is located at the text, as when it was the only one (the message names
    # the gap); a blank's at its name. An invalid name is reported as that alone.
    assert got == [
        ("CK313", "7:11", "questions.0.text: gap [[B]] has an invalid name"),
        ("CK313", "7:11", "questions.0.text: gap [[E f]] has an invalid name"),
        ("CK314", "7:11", "questions.0.text: gap [[c]] has no blank defined"),
        ("CK314", "7:11", "questions.0.text: gap [[d]] has no blank defined"),
        ("CK316", "7:11", "questions.0.text: gap [[a]] is used twice"),
        ("CK316", "7:11", "questions.0.text: gap [[c]] is used twice"),
        ("CK313", "10:7", "questions.0.blanks.Bad: blank name 'Bad' is not of the form [a-z0-9_-]+"),
        ("CK315", "11:7", "questions.0.blanks.unused: blank 'unused' is never used in text"),
        ("CK315", "12:7", "questions.0.blanks.spare: blank 'spare' is never used in text"),
    ]


SC = "    prompt: P\n    feedback: {general: g}\n"

RULES = [
    (
        "single-choice",
        "  - id: sc\n    type: single_choice\n" + SC + "    choices:\n"
        "      - text: a\n      - text: b\n      - text: a\n      - text: b\n",
        {("CK305", "11:15"), ("CK305", "12:15"), ("CK301", "8:5")},
    ),
    (
        "multiple-response",
        "  - id: mr\n    type: multiple_response\n" + SC + "    choices:\n      - text: a\n      - text: a\n",
        {("CK305", "10:15"), ("CK302", "8:5")},
    ),
    (
        "short-answer",
        "  - id: sa\n    type: short_answer\n" + SC + "    answers:\n"
        "      - {text: ' ', score: 0.5}\n      - {text: Paris, score: 0.5}\n      - {text: ' paris', score: 0.5}\n",
        {("CK307", "9:16"), ("CK306", "11:16"), ("CK303", "8:5")},
    ),
    (
        "matching",
        "  - id: ma\n    type: matching\n" + SC + "    pairs:\n"
        "      - {left: a, right: x}\n      - {left: b, right: x}\n      - {left: ' ', right: ' '}\n"
        "    distractors: [x, ' ', y, y]\n",
        {
            ("CK304", "10:26"),
            ("CK309", "11:16"),
            ("CK309", "11:28"),
            ("CK304", "12:19"),
            ("CK309", "12:22"),
            ("CK304", "12:30"),
        },
    ),
    (
        "ordering",
        "  - id: or\n    type: ordering\n" + SC + "    items: [a, b, a, b]\n",
        {("CK310", "8:19"), ("CK310", "8:22")},
    ),
    (
        "dropdown",
        "  - id: fb\n    type: fill_blanks\n    feedback: {general: g}\n    text: The [[a]].\n    blanks:\n"
        "      a: {choices: [x, x, y, y], correct: z}\n",
        {("CK311", "9:24"), ("CK311", "9:30"), ("CK312", "9:43")},
    ),
    (
        "templates-without-variants",
        "  - id: tp\n    type: single_choice\n    prompt: '{{ p }}'\n    points: '{{ n }}'\n"
        "    feedback: {general: g}\n    choices:\n      - text: a\n      - text: b\n",
        {("CK321", "6:13"), ("CK321", "7:13"), ("CK301", "9:5")},
    ),
]


@pytest.mark.parametrize("name,questions,expected", RULES, ids=[r[0] for r in RULES])
def test_every_broken_rule_of_a_question(tmp_path: Path, name: str, questions: str, expected: set) -> None:
    write_course(tmp_path, quiz_questions=questions)
    status, diags = report(tmp_path)
    assert status == 1
    assert errors(diags) == expected


def tf(qid: str) -> str:
    return f"  - id: {qid}\n    type: true_false\n    prompt: P\n    answer: true\n    feedback: {{general: g}}\n"


def test_every_broken_rule_of_a_quiz(tmp_path: Path) -> None:
    head = QUIZ_HEAD.replace("title: Check\n", "title: Check\nselect: 9\n")
    # lines: 5 q, 10 q, 15 r, 20 r, 25 the parametric add, 31 add-v1, 36 add-v3
    body = tf("q") + tf("q") + tf("r") + tf("r") + PARAMETRIC + tf("add-v1") + tf("add-v3")
    write_course(tmp_path, files={"quizzes/one.yaml": head + body})
    status, diags = report(tmp_path)
    assert status == 1
    assert errors(diags) == {
        ("CK331", "3:9"),
        ("CK330", "10:9"),
        ("CK330", "20:9"),
        ("CK332", "31:9"),
        ("CK332", "36:9"),
    }


def test_every_broken_rule_of_course_yaml(tmp_path: Path) -> None:
    sim = COURSE_YAML[COURSE_YAML.index("  - id: curve") :]
    text = COURSE_YAML + sim + sim + "ui_strings:\n  Chek answers: x\n  Nope: y\n"
    write_course(tmp_path, files={"course.yaml": text})
    status, diags = report(tmp_path)
    assert status == 1
    assert errors(diags) == {("CK120", "18:9"), ("CK120", "29:9"), ("CK113", "41:17"), ("CK113", "42:9")}


def test_every_broken_rule_of_a_simulation(tmp_path: Path) -> None:
    text = COURSE_YAML.replace("      - name: k\n", "      - name: rng\n").replace(
        "        max: 1\n", "        max: 0\n"
    )
    text += "      - name: mode\n        label: Mode\n        choices: [a, a, b, b]\n        default: c\n"
    text += "  - id: other\n    title: T\n    source: simulations/sim.py:curve\n    description: D\n    params:\n"
    text += "".join(
        f"      - {{name: {n}, label: L, min: 0, max: 1, step: 1, default: 0}}\n" for n in ("k", "k", "m", "m")
    )
    write_course(tmp_path, files={"course.yaml": text})
    status, diags = report(tmp_path)
    assert status == 1
    assert errors(diags) == {
        ("CK210", "12:15"),
        ("CK211", "15:14"),
        ("CK215", "20:22"),
        ("CK215", "20:28"),
        ("CK216", "21:18"),
        ("CK217", "28:16"),
        ("CK217", "30:16"),
    }
