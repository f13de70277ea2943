"""QTI 3.0 two ways: written directly (``qti_spelling.QTI30``, the qti30 target built alone)
and converted from the 2.1 trees (``qti30.to_qti30``, qti30 built beside qti21) give the
same bytes, for every question type, feedback kind, math, an image and a parametric question."""

from __future__ import annotations

import copy

import pytest
import qti_course
from lxml import etree

from coursekit.exporters.qti.package import quiz_files_each, same
from coursekit.exporters.qti.qti30 import to_qti30
from coursekit.exporters.qti.qti_spelling import QTI30


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return qti_course.build_rendered(tmp_path_factory.mktemp("course"), select=2, shuffle=True)


def files(tests) -> dict[str, bytes]:
    out = {}
    for test in tests:
        out[test.path] = test.data
        out.update({item.path: item.data for item in test.items})
    return out


def test_written_and_converted_qti30_are_the_same_bytes(rendered):
    converted, written = {}, {}
    for rq in rendered.quizzes:
        converted.update(files(quiz_files_each(rendered, rq, (to_qti30,))))
        written.update(files(quiz_files_each(rendered, rq, (same,), QTI30)))
    assert converted.keys() == written.keys()
    kinds = {etree.QName(etree.fromstring(d)).localname for d in written.values()}
    assert kinds == {"qti-assessment-item", "qti-assessment-test"}
    essays = [d for d in written.values() if b"qti-extended-text-interaction" in d]
    assert essays and all(b'external-scored="human"' in d and b"qti-content-body" in d for d in essays)
    assert [p for p in converted if converted[p] != written[p]] == []


def test_to_qti30_drops_comments_and_keeps_mathml_and_html_attributes():
    ns21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
    src = etree.fromstring(
        f'<assessmentItem xmlns="{ns21}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="x y" identifier="i" timeDependent="false">'
        '<itemBody><p class="keepMe"><!-- gone -->tail gone<img src="a.png" alt=""/></p>'
        '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi mathvariant="bold">x</mi></math>'
        '<choiceInteraction responseIdentifier="R" maxChoices="1"><simpleChoice identifier="A">a'
        "</simpleChoice></choiceInteraction></itemBody>"
        '<modalFeedback outcomeIdentifier="F" identifier="c" showHide="show">Good <b>job</b></modalFeedback>'
        "</assessmentItem>"
    )
    out = etree.tostring(to_qti30(copy.deepcopy(src)), encoding="unicode")
    assert "<!--" not in out and "tail gone" not in out
    assert '<p class="keepMe"><img src="a.png" alt=""/></p>' in out
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi mathvariant="bold">x</mi></math>' in out
    assert '<qti-choice-interaction response-identifier="R" max-choices="1">' in out
    assert '<qti-simple-choice identifier="A">a</qti-simple-choice>' in out
    assert (
        '<qti-modal-feedback outcome-identifier="F" identifier="c" show-hide="show">'
        "<qti-content-body>Good <b>job</b></qti-content-body></qti-modal-feedback>"
    ) in out
    root = etree.fromstring(out.encode())
    assert root.attrib.keys() == [
        "identifier",
        "time-dependent",
        "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation",
    ]
