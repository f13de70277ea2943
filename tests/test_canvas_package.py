"""Canvas QTI 1.2 package: schema-valid, and shaped the way Canvas's own QTI exporter writes
(instructure/canvas-lms lib/cc/qti/qti_items.rb, qti_generator.rb, qti_manifest.rb), which is
what its importer reads back: metadata fields, answer idents, response_lid structure, SCORE in
percent, feedback idents, question groups, assessment_meta.xml, $IMS-CC-FILEBASE$ images."""

from __future__ import annotations

import pytest
import qti_course
from lxml import etree
from qti_xsd import validate

Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"


def export(rendered):
    from coursekit.exporters.qti import EXPORTERS

    result = EXPORTERS["canvas"]().run(rendered)
    (artifact,) = result.artifacts
    return artifact, result.diagnostics


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return export(qti_course.build_rendered(tmp_path_factory.mktemp("c")))


@pytest.fixture(scope="module")
def items(built):
    artifact, _ = built
    root = etree.fromstring(artifact.files["all-types/all-types.xml"])
    return {i.get("ident").split(".", 1)[1]: i for i in root.iter(Q + "item")}


def meta(item) -> dict[str, str]:
    return {f.findtext(Q + "fieldlabel"): f.findtext(Q + "fieldentry") for f in item.iter(Q + "qtimetadatafield")}


def test_package_layout_and_schema(built):
    artifact, _ = built
    files = artifact.files
    assert artifact.name == "test-course-canvas.zip"
    for quiz in ("all-types", "drawn"):
        assert not validate("qti12", files[f"{quiz}/{quiz}.xml"])
        meta_root = etree.fromstring(files[f"{quiz}/assessment_meta.xml"])
        assert meta_root.tag == CANVAS + "quiz" and meta_root.get("identifier") == quiz
    manifest = etree.fromstring(files["imsmanifest.xml"])
    # Canvas writes the CC 1.1 profile namespace of IMS CP 1.1; validate the same tree as CP 1.1.
    as_cp = etree.tostring(manifest).replace(
        b"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", b"http://www.imsglobal.org/xsd/imscp_v1p1"
    )
    assert not validate("imscp", as_cp)
    listed = {f.get("href") for f in manifest.iter("{*}file")}
    assert listed == set(files) - {"imsmanifest.xml"}
    res = {r.get("identifier"): r for r in manifest.iter("{*}resource")}
    assert res["all-types"].get("type") == "imsqti_xmlv1p2"
    assert res["all-types"].find("{*}dependency").get("identifierref") == "all-types_meta"
    assert res["all-types_meta"].get("type") == "associatedcontent/imscc_xmlv1p1/learning-application-resource"
    assert any(
        r.get("type") == "webcontent" and r.get("href").startswith("web_resources/assets/") for r in res.values()
    )


def test_question_types_and_metadata(items):
    expected = {
        "sc": "multiple_choice_question",
        "mr-all": "multiple_answers_question",
        "mr-part": "multiple_answers_question",
        "tf": "true_false_question",
        "num": "numerical_question",
        "num-exact": "numerical_question",
        "sa": "short_answer_question",
        "sa-cs": "short_answer_question",
        "essay": "essay_question",
        "match": "matching_question",
        "match-aon": "matching_question",
        "order": "matching_question",
        "order-part": "matching_question",
        "fill": "fill_in_multiple_blanks_question",
        "fill-aon": "fill_in_multiple_blanks_question",
    }
    assert {k: meta(v)["question_type"] for k, v in items.items()} == expected
    assert meta(items["sc"])["points_possible"] == "2" and meta(items["essay"])["points_possible"] == "5"
    for item in items.values():
        m = meta(item)
        assert m["assessment_question_identifierref"]
        decvar = item.find(f"{Q}resprocessing/{Q}outcomes/{Q}decvar")
        assert (decvar.get("varname"), decvar.get("minvalue"), decvar.get("maxvalue")) == ("SCORE", "0", "100")


def test_choice_answers_match_original_answer_ids(items):
    for key in ("sc", "mr-all", "tf"):
        item = items[key]
        labels = [r.get("ident") for r in item.iter(Q + "response_label")]
        assert ",".join(labels) == meta(item)["original_answer_ids"]
        lid = item.find(f"{Q}presentation/{Q}response_lid")
        assert lid.get("ident") == "response1"
    assert items["mr-all"].find(f"{Q}presentation/{Q}response_lid").get("rcardinality") == "Multiple"
    # The correct choice sets SCORE to 100 (percent of points_possible).
    sc = items["sc"]
    right = [rc for rc in sc.iter(Q + "respcondition") if rc.find(Q + "setvar") is not None]
    assert len(right) == 1 and right[0].findtext(f"{Q}setvar") == "100"
    right_id = right[0].findtext(f"{Q}conditionvar/{Q}varequal")
    label = [r for r in sc.iter(Q + "response_label") if r.get("ident") == right_id][0]
    assert label.findtext(f"{Q}material/{Q}mattext").startswith('<span class="ck-html">Right')


def test_feedback_idents(items):
    fb = {f.get("ident") for f in items["sc"].iter(Q + "itemfeedback")}
    assert fb == {"general_fb", "correct_fb", "general_incorrect_fb", "1000_fb", "1001_fb"}
    links = {d.get("linkrefid") for d in items["sc"].iter(Q + "displayfeedback")}
    assert links == fb


def test_numeric_exact_and_margin(items):
    cv = items["num"].find(f".//{Q}respcondition/{Q}conditionvar")
    assert cv.findtext(f"{Q}or/{Q}varequal") == "5.7"
    lo, hi = float(cv.findtext(f"{Q}or/{Q}and/{Q}vargte")), float(cv.findtext(f"{Q}or/{Q}and/{Q}varlte"))
    assert lo == pytest.approx(5.65) and hi == pytest.approx(5.75) and lo <= 5.65 and hi >= 5.75
    assert items["num"].find(f".//{Q}render_fib").get("fibtype") == "Decimal"


def test_matching_shape_and_shares(items):
    item = items["match"]
    lids = item.findall(f"{Q}presentation/{Q}response_lid")
    assert [lid.get("ident") for lid in lids] == [f"response_{i}" for i in meta(item)["original_answer_ids"].split(",")]
    rights = [r.findtext(f"{Q}material/{Q}mattext") for r in lids[0].iter(Q + "response_label")]
    assert sorted(rights) == ["1", "2", "3", "4"]  # distractor included
    shares = [float(s.text) for s in item.iter(Q + "setvar")]
    assert all(s.getparent().find(Q + "setvar").get("action") == "Add" for s in item.iter(Q + "setvar"))
    assert sum(shares) == pytest.approx(100, abs=0.02)


def test_fill_blanks_markers_and_math(items):
    item = items["fill"]
    html = item.findtext(f"{Q}presentation/{Q}material/{Q}mattext")
    assert "[city]" in html and "[colour] (blue / green)" in html and "\\([[x]]\\)" in html
    assert [lid.get("ident") for lid in item.iter(Q + "response_lid")] == ["response_city", "response_colour"]
    assert "<math" not in etree.tostring(item).decode()


def test_images_use_ims_cc_filebase(built, items):
    artifact, _ = built
    html = items["sc"].findtext(f"{Q}presentation/{Q}material/{Q}mattext")
    src = html.split('src="', 1)[1].split('"', 1)[0]
    assert src.startswith("$IMS-CC-FILEBASE$/assets/")
    assert "web_resources/" + src.removeprefix("$IMS-CC-FILEBASE$/") in artifact.files


def test_groups_for_select_and_meta(built):
    artifact, _ = built
    root = etree.fromstring(artifact.files["drawn/drawn.xml"])
    (group,) = root.iterfind(f".//{Q}section[@ident='drawn_pool']")
    assert group.findtext(f".//{Q}selection_number") == "2"
    assert group.findtext(f".//{Q}selection_extension/{Q}points_per_item") == "1.33"
    meta_root = etree.fromstring(artifact.files["drawn/assessment_meta.xml"])
    assert meta_root.findtext(CANVAS + "quiz_type") == "assignment"
    assert meta_root.findtext(CANVAS + "points_possible") == "2.67"
    assert meta_root.findtext(CANVAS + "allowed_attempts") == "1"
    assert meta_root.findtext(CANVAS + "title") == "Drawn"
    cc = [f for f in root.iter(Q + "qtimetadatafield") if f.findtext(Q + "fieldlabel") == "cc_maxattempts"]
    assert cc and cc[0].findtext(Q + "fieldentry") == "1"


def test_variants_are_a_pick_one_group(tmp_path):
    rendered = qti_course.build_rendered(tmp_path)
    rendered.quizzes[1].quiz.select = None
    rendered.quizzes[1].quiz.shuffle_questions = False
    artifact, diags = export(rendered)
    root = etree.fromstring(artifact.files["drawn/drawn.xml"])
    (group,) = root.iterfind(f".//{Q}section[@ident='drawn.param']")
    assert group.findtext(f".//{Q}selection_number") == "1"
    assert len(group.findall(Q + "item")) == 3
    assert not [d for d in diags if d.code in ("CK766", "CK767")]


def test_fallbacks_are_located_warnings(built):
    _, diags = built
    codes = {(d.code, d.message.split("'")[1]) for d in diags}
    for expected in [
        ("CK760", "order"),
        ("CK760", "order-part"),
        ("CK761", "fill"),
        ("CK762", "mr-all"),
        ("CK763", "match-aon"),
        ("CK764", "sa"),
        ("CK765", "sa-cs"),
        ("CK766", "drawn"),
        ("CK767", "drawn"),
    ]:
        assert expected in codes
    assert all(d.severity.value == "warning" and d.hint for d in diags)


def test_builds_are_byte_identical(tmp_path):
    a, _ = export(qti_course.build_rendered(tmp_path / "a"))
    b, _ = export(qti_course.build_rendered(tmp_path / "b"))
    assert a.files == b.files
