"""What a learner gets from the QTI engine: the score and the feedback shown, per answer.

The items of tests/support/qti_reader_course.py, scored by @citolab/qti-components in
Chromium (tests/qti_engine.py): QTI 3.0 as exported and QTI 2.1 upgraded by citolab's
qti_convert. Answers are given by what the learner sees (choice labels, typed text), and
feedback counts as shown when its outcome holds its identifier, as a player decides it.
All cases run in one batch on the shared page.
"""

from __future__ import annotations

import pytest
from lxml import etree
from support import qti_reader_course as course
from support.course_dir import load_rendered
from support.qti_packages import engine_items

NS3 = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    files = engine_items(load_rendered(course.write(tmp_path_factory.mktemp("learner"))))
    return {
        flavour: {p.rsplit("/", 1)[1][: -len(".xml")]: v for p, v in f.items() if p.startswith("items/read/")}
        for flavour, f in files.items()
    }


def words(e: etree._Element) -> str:
    return " ".join("".join(e.itertext()).split())


def choice(xml: bytes, tag: str, text: str) -> str:
    """The identifier of the one ``tag`` the learner sees as ``text``."""
    hits = [e.get("identifier") for e in etree.fromstring(xml).iter(NS3 + tag) if words(e) == text]
    assert len(hits) == 1, (tag, text, hits)
    return hits[0]


def picks(*texts):
    return ("simple", list(texts))


def resolve(xml: bytes, value):
    if isinstance(value, str):
        return value  # typed text
    kind, texts = value
    if kind == "simple":
        ids = [choice(xml, "qti-simple-choice", t) for t in texts]
        return ids[0] if len(ids) == 1 else ids
    if kind == "inline":
        return choice(xml, "qti-inline-choice", texts)
    if kind == "pairs":
        return [
            f"{choice(xml, 'qti-simple-associable-choice', a)} {choice(xml, 'qti-simple-associable-choice', b)}"
            for a, b in texts
        ]
    raise AssertionError(kind)


def shown_feedback(xml: bytes, variables: dict) -> set[str]:
    shown = set()
    for mf in etree.fromstring(xml).iter(NS3 + "qti-modal-feedback"):
        value = variables.get(mf.get("outcome-identifier"))
        held = mf.get("identifier") in value if isinstance(value, list) else value == mf.get("identifier")
        if held == (mf.get("show-hide", "show") == "show"):
            shown.add(words(mf))
    return shown


TEN = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
# (question id, answer as the learner gives it, score, feedback shown)
CASES = [
    ("sc", {"RESPONSE": picks("- 3")}, 2, {"Well done.", "Yes, minus three.", "Subtract."}),
    ("sc", {"RESPONSE": picks("3")}, 0, {"Not quite.", "Mind the sign.", "Subtract."}),
    ("mr", {"RESPONSE": picks("Iron", "Copper")}, 2, {"Iron is a metal.", "Metals conduct."}),
    ("mr", {"RESPONSE": picks("Iron", "Wood")}, 0, {"Iron is a metal.", "Wood is not.", "Metals conduct."}),
    ("mr", {"RESPONSE": picks("Copper", "Glass", "Iron")}, 1, {"Iron is a metal.", "Glass is not.", "Metals conduct."}),
    ("mr-all", {"RESPONSE": picks("Steam", "Air")}, 1, set()),
    ("mr-all", {"RESPONSE": picks("Steam")}, 0, set()),
    ("tf-true", {"RESPONSE": picks("True")}, 1, {"Right.", "Ice is less dense."}),
    ("tf-true", {"RESPONSE": picks("False")}, 0, {"It floats.", "Ice is less dense."}),
    ("tf-false", {"RESPONSE": picks("False")}, 1, set()),
    ("tf-false", {"RESPONSE": picks("True")}, 0, set()),
    ("num", {"RESPONSE": "12.9"}, 1, {"Yes."}),
    ("num", {"RESPONSE": "13.1"}, 0, {"No."}),
    ("sa", {"RESPONSE": "Lutetia"}, 1, {"That is its Roman name."}),
    ("sa", {"RESPONSE": "paris"}, 2, {"Right."}),
    ("sa", {"RESPONSE": "The city of Paris on the Seine"}, 2, {"Right, at length."}),
    ("sa-cs", {"RESPONSE": "CO"}, 0.5, {"That is carbon monoxide."}),
    ("sa-cs", {"RESPONSE": "co"}, 0, set()),
    ("fill-cs", {"GAP1": "PH"}, 1, set()),
    ("fill-cs", {"GAP1": "ph"}, 0, set()),
    # Submitted, the essay waits for its grader: only the general feedback shows.
    ("essay-range", {"RESPONSE": "Heat flows."}, 0, {"Thanks for writing."}),
    ("match", {"RESPONSE": ("pairs", [("iron", "Fe"), ("gold", "Au"), ("lead", "Pb")])}, 3, set()),
    ("match", {"RESPONSE": ("pairs", [("iron", "Fe"), ("gold", "Ag")])}, 1, set()),
    ("order-ten", {"RESPONSE": picks(*TEN)}, 1, set()),
    ("order-ten", {"RESPONSE": picks(*TEN[1::-1], *TEN[2:])}, 0.8, set()),
    ("fill", {"GAP1": "liquid", "GAP2": "solid", "GAP3": ("inline", "gas")}, 3, set()),
    ("fill", {"GAP1": "a liquid at room temperature", "GAP2": "solid", "GAP3": ("inline", "metal")}, 2, set()),
    ("fill", {"GAP1": "solid", "GAP2": "solid", "GAP3": ("inline", "gas")}, 2, set()),
]


@pytest.mark.parametrize("flavour", ["qti30", "qti21"])
def test_score_and_feedback_of_each_answer(qti_engine, items, flavour):
    files = items[flavour]
    batch = [(files[qid].decode(), {k: resolve(files[qid], v) for k, v in r.items()}) for qid, r, _, _ in CASES]
    results = qti_engine.score(batch)
    got = [
        (qid, r, float(out["SCORE"]) if "SCORE" in out else out.get("__error__"), shown_feedback(files[qid], out))
        for (qid, r, _, _), out in zip(CASES, results, strict=True)
    ]
    # Scores compared exactly: a full answer must reach MAXSCORE, not fall a rounding short.
    assert got == [(qid, r, float(score), fb) for qid, r, score, fb in CASES]


@pytest.mark.parametrize("flavour", ["qti30", "qti21"])
def test_the_solution_a_player_shows_scores_full_points(qti_engine, items, flavour):
    """Players offer the declared correct response as the solution: given back, it scores
    exactly the item's MAXSCORE."""
    files = {k: v for k, v in items[flavour].items() if not k.startswith("essay")}
    batch = []
    for xml in files.values():
        responses = {}
        for decl in etree.fromstring(xml).iter(NS3 + "qti-response-declaration"):
            values = [v.text for v in decl.iterfind(f"{NS3}qti-correct-response/{NS3}qti-value")]
            single = decl.get("cardinality") == "single"
            responses[decl.get("identifier")] = values[0] if single and values else values
        batch.append((xml.decode(), responses))
    results = qti_engine.score(batch)
    wrong = {
        qid: (out.get("SCORE", out.get("__error__")), out.get("MAXSCORE"))
        for qid, out in zip(files, results, strict=True)
        if out.get("SCORE") is None or float(out["SCORE"]) != float(out["MAXSCORE"])
    }
    assert wrong == {}
