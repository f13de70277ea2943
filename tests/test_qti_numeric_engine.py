"""Numeric answers of every sign and size, scored by a real QTI engine (tests/qti_engine.py:
@citolab/qti-components in Chromium), for the QTI 3.0 items and the 2.1 items upgraded by
citolab's qti_convert. Negative, zero, tiny and huge answers, exact and with a tolerance: the
answer and the edges of the tolerance score full points, the sign flipped or a step beyond
the tolerance scores nothing."""

from __future__ import annotations

import pytest
from support.course_dir import load_rendered, write_course
from support.qti_packages import engine_items

# id -> (answer, tolerance, responses scoring full points, responses scoring nothing)
NUMBERS = {
    "negative": (-3.5, 0.1, ["-3.5", "-3.6", "-3.4", "-3.5e0", " -3.5 "], ["3.5", "-3.61", "-3.39", "0"]),
    "negative-exact": (-7, 0, ["-7", "-7.0", "-70e-1"], ["7", "-7.0001", "-6.9999"]),
    "zero": (0, 0, ["0", "0.0", "-0", "0e5"], ["0.0000001", "-0.0000001", "1"]),
    "zero-tolerance": (0, 0.5, ["0", "0.5", "-0.5", "0.25"], ["0.51", "-0.51"]),
    "tiny": (1.5e-7, 1e-9, ["1.5e-7", "0.00000015", "1.509e-7", "1.491e-7"], ["-1.5e-7", "1.52e-7", "0", "1.5"]),
    "tiny-negative": (-2.5e-12, 0, ["-2.5e-12", "-0.0000000000025"], ["2.5e-12", "-2.6e-12", "0"]),
    "huge": (6.02e23, 1e21, ["6.02e23", "602000000000000000000000", "6.029e23", "6.011e23"], ["-6.02e23", "6.04e23"]),
    "huge-negative": (-1.6e19, 0, ["-1.6e19", "-16000000000000000000"], ["1.6e19", "-1.7e19"]),
}


def _quiz_yaml() -> str:
    lines = ["id: numbers", "title: Numbers", "questions:"]
    for qid, (answer, tol, _, _) in NUMBERS.items():
        lines += [
            f"  - id: {qid}",
            "    type: numeric",
            f"    prompt: Type {qid}.",
            "    points: 2",
            f"    answer: {answer!r}",
            f"    tolerance: {tol!r}",
            "    feedback: {correct: Yes., incorrect: No.}",
        ]
    return "\n".join(lines) + "\n"


FILES = {
    "course.yaml": "id: numbers\ntitle: Numbers\nlanguage: en\nchapters:\n  - chapters/one.md\n",
    "chapters/one.md": "---\nid: one\ntitle: One\nquiz: ../quizzes/numbers.yaml\n---\n\nText.\n",
    "quizzes/numbers.yaml": _quiz_yaml(),
}


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    return engine_items(load_rendered(write_course(tmp_path_factory.mktemp("numbers"), FILES)))


@pytest.mark.parametrize("flavour", ["qti30", "qti21"])
def test_numeric_answers_of_every_sign_and_size(qti_engine, items, flavour):
    files = items[flavour]
    cases, labels = [], []
    for qid, (_, _, full, none) in NUMBERS.items():
        xml = files[f"items/numbers/{qid}.xml"].decode()
        for response, want in [(r, 2.0) for r in full] + [(r, 0.0) for r in none]:
            cases.append((xml, {"RESPONSE": response}))
            labels.append((qid, response, want))
    results = qti_engine.score(cases)
    wrong = [
        (qid, response, want, r.get("SCORE", r.get("__error__")))
        for (qid, response, want), r in zip(labels, results, strict=True)
        if r.get("SCORE") is None or abs(float(r["SCORE"]) - want) > 1e-9
    ]
    assert wrong == []
