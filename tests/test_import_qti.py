"""coursekit import qti: QTI 2.1 / 3.0 items as other tools write them (standard response
processing templates, associate interactions, inline choices, tolerance on ``equal``,
interactions coursekit has no type for), plus the 3.0 spelling of the same items."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from coursekit.importers import run_import
from coursekit.load import load_course

NS21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
MATHML = "http://www.w3.org/1998/Math/MathML"

CHOICE = f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="{NS21}" identifier="choice1" title="Capital" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>B</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>Which is the capital of France? <math xmlns="{MATHML}"><semantics><mi>x</mi>
      <annotation encoding="application/x-tex">x_1</annotation></semantics></math></p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">
      <prompt>Pick one.</prompt>
      <simpleChoice identifier="A">Lyon</simpleChoice>
      <simpleChoice identifier="B">Paris</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="B" showHide="show">Right.</modalFeedback>
</assessmentItem>"""

ASSOCIATE = f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="{NS21}" identifier="assoc" title="Pairs" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="pair">
    <correctResponse><value>A P</value><value>C Q</value></correctResponse>
    <mapping defaultValue="0"><mapEntry mapKey="A P" mappedValue="1"/><mapEntry mapKey="C Q" mappedValue="1"/></mapping>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <associateInteraction responseIdentifier="RESPONSE" shuffle="false" maxAssociations="2">
      <prompt>Pair each country with its capital.</prompt>
      <simpleAssociableChoice identifier="A" matchMax="1">France</simpleAssociableChoice>
      <simpleAssociableChoice identifier="C" matchMax="1">Italy</simpleAssociableChoice>
      <simpleAssociableChoice identifier="P" matchMax="1">Paris</simpleAssociableChoice>
      <simpleAssociableChoice identifier="Q" matchMax="1">Rome</simpleAssociableChoice>
      <simpleAssociableChoice identifier="M" matchMax="1">Madrid</simpleAssociableChoice>
    </associateInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/>
</assessmentItem>"""

GAPS = f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="{NS21}" identifier="gaps" title="Gaps" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="G1" cardinality="single" baseType="identifier">
    <correctResponse><value>W</value></correctResponse>
  </responseDeclaration>
  <responseDeclaration identifier="G2" cardinality="single" baseType="string">
    <correctResponse><value>Seine</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float" normalMaximum="2"/>
  <itemBody>
    <p>Paris lies in the <inlineChoiceInteraction responseIdentifier="G1" shuffle="false">
      <inlineChoice identifier="E">east</inlineChoice><inlineChoice identifier="W">north</inlineChoice>
    </inlineChoiceInteraction> of France, on the river <textEntryInteraction responseIdentifier="G2"/>.</p>
  </itemBody>
</assessmentItem>"""

NUMERIC = f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="{NS21}" identifier="num" title="Pi" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float">
    <correctResponse><value>3.14</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float">
    <defaultValue><value>3</value></defaultValue></outcomeDeclaration>
  <itemBody><p>Pi to two places?</p><p><textEntryInteraction responseIdentifier="RESPONSE"/></p></itemBody>
  <responseProcessing>
    <responseCondition><responseIf>
      <equal toleranceMode="absolute" tolerance="0.01 0.01"><variable identifier="RESPONSE"/>
        <correct identifier="RESPONSE"/></equal>
      <setOutcomeValue identifier="SCORE"><baseValue baseType="float">3</baseValue></setOutcomeValue>
    </responseIf></responseCondition>
  </responseProcessing>
</assessmentItem>"""

HOTSPOT = f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="{NS21}" identifier="hot" title="Hotspot" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
  <itemBody><hotspotInteraction responseIdentifier="RESPONSE" maxChoices="1">
    <object type="image/png" data="map.png"/></hotspotInteraction></itemBody>
</assessmentItem>"""


def _package(path: Path, items: dict[str, str]) -> Path:
    res = "".join(
        f'<resource identifier="r{i}" type="imsqti_item_xmlv2p1" href="{name}"><file href="{name}"/></resource>'
        for i, name in enumerate(items)
    )
    manifest = (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><organizations/>'
        f"<resources>{res}</resources></manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", manifest)
        for name, text in items.items():
            zf.writestr(name, text)
    path.write_bytes(buf.getvalue())
    return path


@pytest.fixture
def imported(tmp_path):
    pkg = _package(
        tmp_path / "bank.zip",
        {"choice.xml": CHOICE, "assoc.xml": ASSOCIATE, "gaps.xml": GAPS, "num.xml": NUMERIC, "hot.xml": HOTSPOT},
    )
    report = run_import("qti", pkg, tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, diags = load_course(tmp_path / "c")
    assert course is not None and not diags.has_errors(), diags.render()
    return report, {q.id: q for _, quiz in course.all_quizzes() for q in quiz.questions}


def test_standard_templates_and_interactions(imported):
    report, qs = imported
    choice = qs["choice1"]
    assert choice.type == "single_choice" and [c.correct for c in choice.choices] == [False, True]
    assert "$x_1$" in choice.prompt and "Pick one." in choice.prompt and choice.shuffle
    assert choice.choices[1].feedback == "Right."
    assoc = qs["assoc"]
    assert [(p.left, p.right) for p in assoc.pairs] == [("France", "Paris"), ("Italy", "Rome")]
    assert assoc.distractors == ["Madrid"] and assoc.scoring == "partial"
    gaps = qs["gaps"]
    assert gaps.type == "fill_blanks" and gaps.points == 2
    assert gaps.text == "Paris lies in the [[g1]] of France, on the river [[g2]]."
    assert (gaps.blanks["g1"].choices, gaps.blanks["g1"].correct) == (["east", "north"], "north")
    assert gaps.blanks["g2"].accept == ["Seine"] and gaps.blanks["g2"].case_sensitive is True
    num = qs["num"]
    assert (num.answer, num.tolerance, num.points) == (3.14, 0.01, 3)


def test_unsupported_interaction_is_refused_with_its_file(imported):
    report, qs = imported
    assert "hot" not in qs
    (refused,) = [d for d in report.diags.warnings if d.code == "CK910"]
    assert refused.location.file.endswith("bank.zip!hot.xml") and "hotspotInteraction" in refused.message


def test_qti30_spelling_reads_the_same(tmp_path):
    from lxml import etree

    from coursekit.exporters.qti.qti30 import to_qti30

    items = {}
    for name, text in {"choice.xml": CHOICE, "gaps.xml": GAPS, "num.xml": NUMERIC}.items():
        tree = etree.fromstring(text.encode())
        for rp in tree.iter(f"{{{NS21}}}responseProcessing"):
            rp.attrib.pop("template", None)  # a 2.1 template URL means nothing to 3.0
        items[name] = etree.tostring(to_qti30(tree), encoding="unicode")
    choice = items["choice.xml"].replace("<qti-response-processing/>", "")
    items["choice.xml"] = choice
    pkg = _package(tmp_path / "bank30.zip", items)
    report = run_import("qti", pkg, tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, _ = load_course(tmp_path / "c")
    qs = {q.id: q for _, quiz in course.all_quizzes() for q in quiz.questions}
    assert [c.correct for c in qs["choice1"].choices] == [False, True]
    assert qs["gaps"].text == "Paris lies in the [[g1]] of France, on the river [[g2]]."
    assert (qs["num"].answer, qs["num"].tolerance) == (3.14, 0.01)


@pytest.mark.parametrize("tolerance", ["abc", "", "-1", "0.1 abc", "nan"])
@pytest.mark.parametrize("mode", ["absolute", "relative"])
def test_a_tolerance_that_is_no_number_refuses_the_item_with_its_file(tmp_path, mode, tolerance):
    old = 'toleranceMode="absolute" tolerance="0.01 0.01"'
    bad = NUMERIC.replace(old, f'toleranceMode="{mode}" tolerance="{tolerance}"')
    pkg = _package(tmp_path / "bank.zip", {"num.xml": bad, "choice.xml": CHOICE})
    report = run_import("qti", pkg, tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    (refused,) = [d for d in report.diags.warnings if d.code == "CK911"]
    assert refused.location.file.endswith("bank.zip!num.xml") and "tolerance" in refused.message
    assert refused.hint


def _test_package(path: Path, select: str, manifest: bool = True, items: tuple = ("choice", "num")) -> Path:
    """A package with one test drawing ``select`` of its two items."""
    test = f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentTest xmlns="{NS21}" identifier="drawn" title="Drawn">
  <testPart identifier="p" navigationMode="nonlinear" submissionMode="simultaneous">
    <assessmentSection identifier="s" title="Drawn" visible="true"><selection select="{select}"/>
      <assessmentItemRef identifier="choice1" href="../items/choice.xml"/>
      <assessmentItemRef identifier="num" href="../items/num.xml"/>
    </assessmentSection>
  </testPart>
</assessmentTest>"""
    res = "".join(
        f'<resource identifier="r{n}" type="imsqti_{kind}_xmlv2p1" href="{href}"><file href="{href}"/></resource>'
        for n, (kind, href) in enumerate(
            [("test", "tests/drawn.xml"), ("item", "items/choice.xml"), ("item", "items/num.xml")]
        )
    )
    manifest_xml = f'<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>{res}</resources></manifest>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        if manifest:
            zf.writestr("imsmanifest.xml", manifest_xml)
        zf.writestr("tests/drawn.xml", test)
        for name in items:
            zf.writestr(f"items/{name}.xml", {"choice": CHOICE, "num": NUMERIC}[name])
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize("select", ["²", "١", "1.5", "-1", "x"])
def test_a_selection_that_is_no_whole_number_is_warned_at_the_test(tmp_path, select):
    report = run_import("qti", _test_package(tmp_path / "t.zip", select), tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    (warning,) = [d for d in report.diags.warnings if d.code == "CK912"]
    assert warning.location.file.endswith("t.zip!tests/drawn.xml") and warning.location.line == 4
    assert repr(select) in warning.message and warning.hint
    course, diags = load_course(tmp_path / "c")
    assert course is not None and not diags.has_errors(), diags.render()
    ((_, quiz),) = course.all_quizzes()
    assert quiz.select is None and len(quiz.questions) == 2


RANGE = NUMERIC.replace(
    """      <equal toleranceMode="absolute" tolerance="0.01 0.01"><variable identifier="RESPONSE"/>
        <correct identifier="RESPONSE"/></equal>""",
    """      <and><gte><variable identifier="RESPONSE"/><baseValue baseType="float">{lo}</baseValue></gte>
        <lte><variable identifier="RESPONSE"/><baseValue baseType="float">{hi}</baseValue></lte></and>""",
).replace("<value>3.14</value>", "<value>{answer}</value>")


def _range_tolerance(tmp_path: Path, answer: str, lo: str, hi: str):
    pkg = _package(tmp_path / "bank.zip", {"num.xml": RANGE.format(answer=answer, lo=lo, hi=hi)})
    report = run_import("qti", pkg, tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, diags = load_course(tmp_path / "c")
    assert course is not None and not diags.has_errors(), diags.render()
    ((_, quiz),) = course.all_quizzes()
    return quiz.questions[0].tolerance


@pytest.mark.parametrize(
    ("answer", "tolerance"),
    [
        (1000000, 0),
        (51, 0),
        (0, 0),
        (8, 0),
        (3.14, 0.01),
        (1e-6, 1e-7),
        (-2.5, 0.5),
        (1e6, 0.001),
        (123456789, 1),
        (0.1, 1000),
        (1e-12, 0),
        (9.81, 0.05),
        (6.02e23, 1e21),
        (0.5, 0.0001),
        (1e15, 0),
        (7, 7),
    ],
)
def test_coursekit_numeric_bounds_give_back_the_authored_tolerance(tmp_path, answer, tolerance):
    from coursekit.exporters.qti.ids import num, numeric_bounds

    lo, hi = numeric_bounds(float(answer), float(tolerance))
    assert _range_tolerance(tmp_path, num(answer), num(lo), num(hi)) == tolerance


@pytest.mark.parametrize(
    ("answer", "lo", "hi", "tolerance"),
    [
        ("3", "2.99", "3.01", 0.01),
        ("1000000", "999999.5", "1000000.5", 0.5),
        ("1000", "999.99", "1000.01", 0.01),
        ("51", "51", "51", 0),
        ("0.3", "0.1", "0.5", 0.2),
        ("100", "99.5", "100.5", 0.5),
    ],
)
def test_a_foreign_interval_gives_its_half_width_without_float_noise(tmp_path, answer, lo, hi, tolerance):
    assert _range_tolerance(tmp_path, answer, lo, hi) == tolerance


def test_percent_encoded_hrefs_and_image_sources_are_decoded(tmp_path):
    from coursefixture import PNG

    item = CHOICE.replace("<p>Which is", '<p><img src="my%20pic.png" alt="a pic"/>Which is')
    manifest = (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><resources>'
        '<resource identifier="r" type="imsqti_item_xmlv2p1" href="items/my%20item.xml">'
        '<file href="items/my%20item.xml"/></resource></resources></manifest>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("imsmanifest.xml", manifest)
        zf.writestr("items/my item.xml", item)
        zf.writestr("items/my pic.png", PNG)
    (tmp_path / "p.zip").write_bytes(buf.getvalue())
    report = run_import("qti", tmp_path / "p.zip", tmp_path / "c")
    assert not [d for d in report.diags.warnings if d.code == "CK917"], report.diags.render()
    course, diags = load_course(tmp_path / "c")
    assert course is not None and not diags.has_errors(), diags.render()
    ((_, quiz),) = course.all_quizzes()
    assert "![a pic](../assets/my-pic-" in quiz.questions[0].prompt
    assert len(list((tmp_path / "c" / "assets").iterdir())) == 1


def test_select_0_draws_nothing_so_the_quiz_shows_every_question_with_a_warning(tmp_path):
    report = run_import("qti", _test_package(tmp_path / "t.zip", "0"), tmp_path / "c")
    (warning,) = [d for d in report.diags.warnings if d.code == "CK912"]
    assert warning.location.file.endswith("t.zip!tests/drawn.xml") and warning.location.line == 4
    assert "0" in warning.message and "every question" in warning.message and warning.hint
    course, diags = load_course(tmp_path / "c")
    assert course is not None and not diags.has_errors(), diags.render()
    ((_, quiz),) = course.all_quizzes()
    assert quiz.select is None and len(quiz.questions) == 2


def test_a_package_without_manifest_still_reads_its_test(tmp_path):
    report = run_import("qti", _test_package(tmp_path / "t.zip", "1", manifest=False), tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, diags = load_course(tmp_path / "c")
    assert course is not None and not diags.has_errors(), diags.render()
    ((_, quiz),) = course.all_quizzes()
    assert (quiz.id, quiz.title, quiz.select) == ("drawn", "Drawn", 1)
    assert [q.id for q in quiz.questions] == ["choice1", "num"]


@pytest.mark.parametrize("manifest", [True, False])
def test_an_item_the_test_names_but_the_package_lacks_is_warned_with_a_fix(tmp_path, manifest):
    pkg = _test_package(tmp_path / "t.zip", "1", manifest=manifest, items=("choice",))
    report = run_import("qti", pkg, tmp_path / "c")
    (missing,) = [d for d in report.diags.warnings if d.code == "CK917"]
    assert "items/num.xml" in missing.message and missing.hint
