"""show_answers where another format has a place for it, in files valid against the official schemas:
QTI 2.1 / 3.0 itemSessionControl showSolution, Canvas's assessment_meta.xml show_correct_answers (the
field Canvas's importer reads: lib/cc/importer/canvas/quiz_metadata_converter.rb), and the Common
Cartridge profile's qmd_solutionspermitted (in the portable quiz; Canvas's copy as Canvas)."""

from __future__ import annotations

import pytest
import qti_course
from lxml import etree
from qti_xsd import errors as xsd_errors
from qti_xsd import validate

MODES = {"always": True, "after_pass": False, "never": False}
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"
CC_QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CC_QTI_XSD = "cc11/ccv1p1_qtiasiv1p2p1_v1p0.xsd"


@pytest.fixture(scope="module", params=list(MODES))
def course(request, tmp_path_factory):
    rendered = qti_course.build_rendered(tmp_path_factory.mktemp(request.param))
    for rq in rendered.quizzes:
        rq.quiz.show_answers = request.param
    return request.param, rendered


def files_of(target: str, rendered) -> dict[str, bytes]:
    if target == "cc":
        from coursekit.exporters.cc import EXPORTERS
    else:
        from coursekit.exporters.qti import EXPORTERS
    (artifact,) = EXPORTERS[target]().run(rendered).artifacts
    return artifact.files


@pytest.mark.parametrize("target,attribute", [("qti21", "showSolution"), ("qti30", "show-solution")])
def test_qti_test_allows_the_solution_only_when_always(course, target, attribute):
    mode, rendered = course
    files = files_of(target, rendered)
    for quiz in ("all-types", "drawn"):
        data = files[f"tests/{quiz}.xml"]
        assert validate(target, data) == []
        name = "itemSessionControl" if target == "qti21" else "qti-item-session-control"
        controls = [e for e in etree.fromstring(data).iter() if etree.QName(e).localname == name]
        assert [c.get(attribute) for c in controls] == ["true" if MODES[mode] else "false"]


def test_canvas_shows_correct_answers_only_when_always(course):
    mode, rendered = course
    files = files_of("canvas", rendered)
    for quiz in ("all-types", "drawn"):
        meta = etree.fromstring(files[f"{quiz}/assessment_meta.xml"])
        assert meta.findtext(CANVAS + "show_correct_answers") == ("true" if MODES[mode] else "false")


def test_common_cartridge_permits_solutions_only_when_always(course):
    mode, rendered = course
    files = files_of("cc", rendered)
    for quiz in ("all-types", "drawn"):
        portable = files[f"quiz.{quiz}/assessment_qti.xml"]
        assert xsd_errors(CC_QTI_XSD, portable) == []
        fields = {
            f.findtext(CC_QTI + "fieldlabel"): f.findtext(CC_QTI + "fieldentry")
            for f in etree.fromstring(portable).find(f"{CC_QTI}assessment/{CC_QTI}qtimetadata")
        }
        assert fields["qmd_solutionspermitted"] == ("Yes" if MODES[mode] else "No")
        meta = etree.fromstring(files[f"quiz.{quiz}/assessment_meta.xml"])  # Canvas's own copy
        assert meta.findtext(CANVAS + "show_correct_answers") == ("true" if MODES[mode] else "false")
