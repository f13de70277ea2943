"""Scoring proven by a real QTI engine: every question type, full / wrong / partial answers.

Items are scored by @citolab/qti-components in headless Chromium (see qti_engine.py):
our QTI 3.0 items directly, and our QTI 2.1 items after citolab's own qti_convert has
upgraded them to 3.0. Responses are chosen by what the learner sees (choice texts), not
by our identifiers, so a wrong mapping of identifiers shows up as a wrong score.
"""

from __future__ import annotations

import re
from copy import deepcopy

import pytest
from lxml import etree
from qti_course import build_rendered

NS3 = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    from coursekit.exporters.qti import EXPORTERS

    rendered = build_rendered(tmp_path_factory.mktemp("course"))
    qti30 = EXPORTERS["qti30"]().run(rendered).artifacts[0].files
    qti21 = EXPORTERS["qti21"]().run(rendered).artifacts[0].files
    from qti_convert import upgrade_package_files

    upgraded = upgrade_package_files({k: v for k, v in qti21.items()})
    files = getattr(upgraded, "files", upgraded)
    upgraded_items = {k: (v if isinstance(v, bytes) else v.encode()) for k, v in files.items()}
    return {"qti30": qti30, "qti21": upgraded_items}


def _text(e: etree._Element) -> str:
    """What a learner sees: a formula's TeX annotation is for tools, not shown."""
    e = deepcopy(e)
    for ann in e.xpath(".//*[local-name()='annotation' or local-name()='annotation-xml']"):
        ann.getparent().remove(ann)
    return " ".join("".join(e.itertext()).split())


def ident_of(xml: bytes, tag: str, text: str) -> str:
    """The identifier of the ``tag`` element whose visible text is ``text``."""
    root = etree.fromstring(xml)
    hits = [e.get("identifier") for e in root.iter(NS3 + tag) if _text(e) == text]
    assert len(hits) == 1, (tag, text, hits)
    return hits[0]


# Per item: list of (responses as the learner sees them, expected SCORE). Response values are
# resolved to identifiers with ``resolve`` below.
CASES = {
    "sc": [({"RESPONSE": ("choice", "Right a")}, 2), ({"RESPONSE": ("choice", "Wrong")}, 0), ({}, 0)],
    "mr-all": [
        ({}, 0),
        ({"RESPONSE": ("choices", ["A", "B"])}, 1),
        ({"RESPONSE": ("choices", ["A"])}, 0),
        ({"RESPONSE": ("choices", ["A", "B", "C"])}, 0),
    ],
    "mr-part": [
        ({"RESPONSE": ("choices", ["A", "B", "C"])}, 3),
        ({"RESPONSE": ("choices", ["A", "B"])}, 2),
        ({"RESPONSE": ("choices", ["A", "B", "D"])}, 1),
        ({"RESPONSE": ("choices", ["A", "D", "E"])}, 0),
        ({"RESPONSE": ("choices", ["A", "B", "C", "D"])}, 2),
        ({"RESPONSE": ("choices", ["D"])}, 0),
        ({}, 0),
    ],
    "tf": [({}, 0), ({"RESPONSE": "false"}, 1), ({"RESPONSE": "true"}, 0)],
    "num": [
        ({"RESPONSE": "5.7"}, 2),
        ({"RESPONSE": "5.75"}, 2),
        ({"RESPONSE": "5.65"}, 2),
        ({"RESPONSE": "5.7e0"}, 2),
        ({"RESPONSE": "5.76"}, 0),
        ({"RESPONSE": "5.64"}, 0),
    ],
    "num-exact": [({}, 0), ({"RESPONSE": "7"}, 1), ({"RESPONSE": "7.0"}, 1), ({"RESPONSE": "7.0001"}, 0)],
    "sa": [
        ({"RESPONSE": "Paris"}, 2),
        ({"RESPONSE": "paris"}, 2),
        ({"RESPONSE": "Lutetia"}, 1),
        ({"RESPONSE": "London"}, 0),
    ],
    "sa-cs": [({}, 0), ({"RESPONSE": "Na"}, 1), ({"RESPONSE": "na"}, 0)],
    "essay": [({"RESPONSE": "Some text"}, 0)],
    "match": [
        ({"RESPONSE": ("pairs", [("one", "1"), ("two", "2"), ("three 3", "3")])}, 3),
        ({"RESPONSE": ("pairs", [("one", "1"), ("two", "2"), ("three 3", "4")])}, 2),
        ({"RESPONSE": ("pairs", [("one", "2"), ("two", "1")])}, 0),
        ({}, 0),
    ],
    "match-aon": [
        ({}, 0),
        ({"RESPONSE": ("pairs", [("a", "A"), ("b", "B")])}, 1),
        ({"RESPONSE": ("pairs", [("a", "B"), ("b", "A")])}, 0),
        ({"RESPONSE": ("pairs", [("a", "A")])}, 0),
    ],
    "order": [
        ({}, 0),
        ({"RESPONSE": ("order", ["first", "second", "third"])}, 1),
        ({"RESPONSE": ("order", ["second", "first", "third"])}, 0),
    ],
    "order-part": [
        ({"RESPONSE": ("order", ["w", "x", "y", "z"])}, 4),
        ({"RESPONSE": ("order", ["w", "x", "z", "y"])}, 2),
        ({"RESPONSE": ("order", ["x", "w", "y", "z"])}, 2),
        ({"RESPONSE": ("order", ["z", "y", "x", "w"])}, 0),
        ({"RESPONSE": ("order", ["w", "z", "y", "x"])}, 2),
        ({}, 0),
    ],
    "fill": [
        ({"GAP1": "Paris", "GAP2": ("inline", "blue")}, 2),
        ({"GAP1": "Paris", "GAP2": ("inline", "green")}, 1),
        ({"GAP1": "PARIS CITY", "GAP2": ("inline", "blue")}, 2),
        ({"GAP1": "Rome", "GAP2": ("inline", "blue")}, 1),
        ({"GAP1": "Rome", "GAP2": ("inline", "green")}, 0),
        ({"GAP2": ("inline", "blue")}, 1),
        ({}, 0),
    ],
    "fill-aon": [
        ({"GAP1": "x", "GAP2": "y"}, 1),
        ({"GAP1": "X", "GAP2": "y"}, 0),
        ({"GAP1": "x", "GAP2": "Y"}, 1),
        ({"GAP1": "x"}, 0),
    ],
}


def resolve(xml: bytes, value):
    if not isinstance(value, tuple):
        return value
    kind, v = value
    if kind == "choice":
        return ident_of(xml, "qti-simple-choice", v)
    if kind == "choices":
        return [ident_of(xml, "qti-simple-choice", t) for t in v]
    if kind == "order":
        return [ident_of(xml, "qti-simple-choice", t) for t in v]
    if kind == "inline":
        return ident_of(xml, "qti-inline-choice", v)
    if kind == "pairs":
        return [
            f"{ident_of(xml, 'qti-simple-associable-choice', a)} {ident_of(xml, 'qti-simple-associable-choice', b)}"
            for a, b in v
        ]
    raise AssertionError(kind)


@pytest.mark.parametrize("flavour", ["qti30", "qti21"])
def test_every_type_scores_as_the_format_says(qti_engine, packages, flavour):
    files = packages[flavour]
    cases, expected, labels = [], [], []
    for qid, rows in CASES.items():
        xml = files[f"items/all-types/{qid}.xml"]
        for responses, score in rows:
            cases.append((xml.decode(), {k: resolve(xml, v) for k, v in responses.items()}))
            expected.append(score)
            labels.append((qid, responses))
    results = qti_engine.score(cases)
    wrong = [
        (label, exp, r.get("SCORE", r.get("__error__")))
        for label, exp, r in zip(labels, expected, results, strict=True)
        if r.get("SCORE") is None or abs(float(r["SCORE"]) - exp) > 1e-9
    ]
    assert not wrong, wrong
    maxima = {qid: float(r["MAXSCORE"]) for (qid, _), r in zip(labels, results, strict=True)}
    assert maxima == {
        "sc": 2,
        "mr-all": 1,
        "mr-part": 3,
        "tf": 1,
        "num": 2,
        "num-exact": 1,
        "sa": 2,
        "sa-cs": 1,
        "essay": 5,
        "match": 3,
        "match-aon": 1,
        "order": 1,
        "order-part": 4,
        "fill": 2,
        "fill-aon": 1,
    }


def test_variants_score_their_own_answers(qti_engine, packages):
    files = packages["qti30"]
    cases = []
    for i in (1, 2, 3):
        xml = files[f"items/drawn/param-v{i}.xml"].decode()
        a, b = (int(v) for v in re.search(r"What is (\d+) \+ (\d+)\?", xml).groups())
        cases += [(xml, {"RESPONSE": str(a + b)}), (xml, {"RESPONSE": str(a + b + 1)})]
    scores = [float(r["SCORE"]) for r in qti_engine.score(cases)]
    assert scores == [1, 0] * 3


def test_feedback_outcomes_select_the_right_modal_feedback(qti_engine, packages):
    xml30 = packages["qti30"]["items/all-types/sc.xml"]
    right, wrong = ident_of(xml30, "qti-simple-choice", "Right a"), ident_of(xml30, "qti-simple-choice", "Wrong")
    r_ok, r_bad = qti_engine.score([(xml30.decode(), {"RESPONSE": right}), (xml30.decode(), {"RESPONSE": wrong})])
    assert (r_ok["FEEDBACK"], r_ok["FEEDBACK_CHOICE"], r_ok["FEEDBACK_GENERAL"]) == ("correct", right, "general")
    assert (r_bad["FEEDBACK"], r_bad["FEEDBACK_CHOICE"]) == ("incorrect", wrong)
    xml_sa = packages["qti30"]["items/all-types/sa.xml"].decode()
    (r_sa,) = qti_engine.score([(xml_sa, {"RESPONSE": "Lutetia"})])
    root = etree.fromstring(xml_sa.encode())
    fb = {m.get("identifier"): _text(m) for m in root.iter(NS3 + "qti-modal-feedback")}
    assert fb[r_sa["FEEDBACK_ANSWER"]] == "Old name."


def test_a_decimal_comma_in_a_qti_player(qti_engine, tmp_path):
    """What warning CK750 tells a German course's author: this QTI engine reads the typed
    number with parseFloat, so 2,505 is 2 (wrong) while 2.505 scores; coursekit's own html
    and SCORM delivery accept both (tests/test_i18n_browser.py)."""
    from i18n_course import write_i18n_course

    from coursekit.exporters.qti import EXPORTERS
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    course, diags = load_course(write_i18n_course(tmp_path / "de", "de"))
    assert course is not None, diags.render("text")
    result = EXPORTERS["qti30"]().run(render_course(course))
    assert [d.code for d in result.diagnostics if d.code == "CK750"] == ["CK750"]
    xml = result.artifacts[0].files["items/unus-probatio/numerus.xml"].decode()
    scores = [float(r["SCORE"]) for r in qti_engine.score([(xml, {"RESPONSE": "2.505"}), (xml, {"RESPONSE": "2,505"})])]
    assert scores == [1.0, 0.0]
