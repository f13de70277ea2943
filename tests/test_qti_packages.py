"""QTI 2.1 / 3.0 packages: every XML file valid against the official XSDs, manifests complete,
builds byte-identical, for the test course, every example course and a 500-question course."""

from __future__ import annotations

import copy
import posixpath
from pathlib import Path

import pytest
import qti_course
from lxml import etree
from qti_xsd import validate

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"qti21": ("imscp", "qti21"), "qti30": ("qti30_cp", "qti30")}


def export(rendered, target):
    from coursekit.exporters.qti import EXPORTERS

    result = EXPORTERS[target]().run(rendered)
    (artifact,) = result.artifacts
    return artifact


def check_package(files: dict[str, bytes], target: str) -> None:
    manifest_kind, item_kind = KINDS[target]
    problems = {}
    for path, data in sorted(files.items()):
        if path.endswith(".xml"):
            errs = validate(manifest_kind if path == "imsmanifest.xml" else item_kind, data)
            if errs:
                problems[path] = errs[:3]
    assert not problems, problems
    manifest = etree.fromstring(files["imsmanifest.xml"])
    ns = {"cp": etree.QName(manifest).namespace}
    listed = {f.get("href") for f in manifest.iterfind(".//cp:file", ns)}
    assert listed == set(files) - {"imsmanifest.xml"}, "every file listed once, nothing missing"
    ids = {r.get("identifier") for r in manifest.iterfind(".//cp:resource", ns)}
    for dep in manifest.iterfind(".//cp:dependency", ns):
        assert dep.get("identifierref") in ids
    # Every href in items/tests resolves to a packaged file.
    for path, data in files.items():
        if path.startswith(("items/", "tests/")):
            for e in etree.fromstring(data).iter():
                for attr in ("src", "href"):
                    ref = e.get(attr)
                    if ref and "://" not in ref and not ref.startswith("#"):
                        assert posixpath.normpath(posixpath.join(posixpath.dirname(path), ref)) in files, (path, ref)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return qti_course.build_rendered(tmp_path_factory.mktemp("course"))


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_test_course_package_is_valid_and_complete(rendered, target):
    artifact = export(rendered, target)
    assert artifact.name == f"test-course-{target}.zip" and artifact.kind == "zip"
    check_package(artifact.files, target)
    item_type = {"qti21": "imsqti_item_xmlv2p1", "qti30": "imsqti_item_xmlv3p0"}[target]
    manifest = artifact.files["imsmanifest.xml"].decode()
    assert manifest.count(f'type="{item_type}"') == 15 + 3 + 2  # all-types + 3 variants + 2 drawn
    assert "assets/dot-" in manifest


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_builds_are_byte_identical(tmp_path, target):
    a = export(qti_course.build_rendered(tmp_path / "a"), target).files
    b = export(qti_course.build_rendered(tmp_path / "b"), target).files
    assert a == b


def test_validator_rejects_a_broken_item(rendered):
    files = export(rendered, "qti21").files
    root = etree.fromstring(files["items/all-types/sc.xml"])
    etree.SubElement(root.find("{*}itemBody"), "{http://www.imsglobal.org/xsd/imsqti_v2p1}blink")
    assert validate("qti21", etree.tostring(root))


def test_test_structure_selection_ordering_variants(rendered):
    files = export(rendered, "qti21").files
    test = etree.fromstring(files["tests/drawn.xml"])
    ns = {"q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}
    (section,) = test.iterfind("q:testPart/q:assessmentSection", ns)
    assert section.find("q:selection", ns).get("select") == "2"
    assert section.find("q:ordering", ns).get("shuffle") == "true"
    (group,) = section.iterfind("q:assessmentSection", ns)
    assert group.find("q:selection", ns).get("select") == "1"
    assert [r.get("href") for r in group.iterfind("q:assessmentItemRef", ns)] == [
        f"../items/drawn/param-v{i}.xml" for i in (1, 2, 3)
    ]
    sums = [e.get("variableIdentifier") for e in test.iterfind(".//q:testVariables", ns)]
    assert sums == ["SCORE", "MAXSCORE"]


def test_citolab_upgrade_of_our_qti21_is_valid_qti30(rendered):
    """A second, independent reader: citolab's converter turns our 2.1 into schema-valid 3.0."""
    qti_convert = pytest.importorskip("qti_convert")
    files = export(rendered, "qti21").files
    upgraded = qti_convert.upgrade_package_files(dict(files))
    out = getattr(upgraded, "files", upgraded)
    out = {k: (v if isinstance(v, bytes) else v.encode()) for k, v in out.items()}
    bad = {k: validate("qti30", v)[:2] for k, v in out.items() if k.startswith("items/") and validate("qti30", v)}
    assert not bad


def test_essay_is_human_scored_with_its_points(rendered):
    xml = export(rendered, "qti30").files["items/all-types/essay.xml"].decode()
    assert 'external-scored="human"' in xml and "qti-rubric-block" in xml and 'view="scorer"' in xml
    assert "50–300 words" in xml


def _big_course(root: Path, n: int = 500):
    """n questions cycling through the fixture's types (unique ids), in 5 quizzes."""
    base = [q for q in qti_course.QUESTIONS]
    questions = []
    for i in range(n):
        q = copy.deepcopy(base[i % len(base)])
        q["id"] = f"{q['id']}-{i}"
        questions.append(q)
    return questions


def test_500_question_course_is_valid(tmp_path):
    saved = qti_course.QUESTIONS
    try:
        qti_course.QUESTIONS = _big_course(tmp_path)
        rendered = qti_course.build_rendered(tmp_path / "c")
    finally:
        qti_course.QUESTIONS = saved
    for target in ("qti21", "qti30"):
        files = export(rendered, target).files
        assert sum(1 for p in files if p.startswith("items/all-types/")) == 500
        check_package(files, target)
    check_canvas(export(rendered, "canvas").files)


def check_canvas(files: dict[str, bytes]) -> None:
    bad = {
        p: validate("qti12", v)[:3]
        for p, v in files.items()
        if p.endswith(".xml")
        and p != "imsmanifest.xml"
        and not p.endswith("assessment_meta.xml")
        and validate("qti12", v)
    }
    assert not bad


def _example_dirs():
    dirs = [ROOT / "course"] + sorted(p for p in (ROOT / "examples").glob("*") if (p / "course.yaml").is_file())
    return [d for d in dirs if (d / "course.yaml").is_file()]


@pytest.mark.parametrize("course_dir", _example_dirs(), ids=lambda p: p.name)
@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_example_courses_are_valid(course_dir, target):
    load = pytest.importorskip("coursekit.load")
    from coursekit.render.pipeline import render_course

    course, diags = load.load_course(course_dir)
    assert course is not None, [d.as_text() for d in diags.items]
    rendered = render_course(course)
    check_package(export(rendered, target).files, target)
    if target == "qti21":
        check_canvas(export(rendered, "canvas").files)
