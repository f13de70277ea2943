"""SCORM manifests: valid against the official XSDs of each version, in both SCO modes, and
written the way LMS parsers (Moodle's mod_scorm) read them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).parent))

from shared_schemas import SCHEMAS  # noqa: E402

from coursekit.exporters.scorm.exporter import package_files  # noqa: E402
from coursekit.exporters.scorm.site import SiteFiles  # noqa: E402

CP12 = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
CP2004 = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


# ---------------------------------------------------------------- validators


def _schema_from_copy(folder: Path, patch, driver: str) -> etree.XMLSchema:
    import shutil
    import tempfile

    # lxml reads every included and imported XSD while it builds the schema, so the patched
    # copy can go once the schema is built.
    with tempfile.TemporaryDirectory(prefix="ck-xsd-") as tmp:
        root = Path(tmp) / "x"
        shutil.copytree(folder, root)
        for p in root.rglob("*"):
            p.chmod(0o755 if p.is_dir() else 0o644)
        patch(root)
        (root / "driver.xsd").write_text(driver)
        return etree.XMLSchema(etree.parse(str(root / "driver.xsd")))


_CACHE: dict[str, etree.XMLSchema] = {}


def _validate12(data: bytes) -> list[str]:
    """SCORM 1.2 XSDs with the two in-memory corrections SOURCES.md documents."""
    if "12" not in _CACHE:

        def patch(root: Path) -> None:
            x = root / "ims_xml.xsd"
            x.write_text(
                x.read_text(encoding="utf-8", errors="replace").replace(
                    'xmlns="http://www.w3.org/XML/1998/namespace"', ""
                )
            )
            md = root / "imsmd_rootv1p2p1.xsd"
            md.write_text(
                md.read_text(encoding="utf-8", errors="replace").replace('namespace="##any"', 'namespace="##other"')
            )

        driver = """<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:coursekit:driver">
<xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="imscp_rootv1p1p2.xsd"/>
<xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="adlcp_rootv1p2.xsd"/>
<xsd:import namespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" schemaLocation="imsmd_rootv1p2p1.xsd"/>
</xsd:schema>"""
        _CACHE["12"] = _schema_from_copy(SCHEMAS / "scorm12", patch, driver)
    schema = _CACHE["12"]
    ok = schema.validate(etree.fromstring(data))
    return [] if ok else [str(e) for e in schema.error_log]


def _validate2004(data: bytes) -> list[str]:
    """SCORM 2004 4th Edition XSDs; the W3C xml.xsd import is mapped to the local copy."""
    if "2004" not in _CACHE:

        def patch(root: Path) -> None:
            cp = root / "imscp_v1p1.xsd"
            cp.write_text(cp.read_text(encoding="utf-8").replace("http://www.w3.org/2001/xml.xsd", "xml.xsd"))

        driver = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:coursekit:driver">
<xs:import namespace="http://www.imsglobal.org/xsd/imscp_v1p1" schemaLocation="imscp_v1p1.xsd"/>
<xs:import namespace="http://www.adlnet.org/xsd/adlcp_v1p3" schemaLocation="adlcp_v1p3.xsd"/>
<xs:import namespace="http://www.adlnet.org/xsd/adlseq_v1p3" schemaLocation="adlseq_v1p3.xsd"/>
<xs:import namespace="http://www.adlnet.org/xsd/adlnav_v1p3" schemaLocation="adlnav_v1p3.xsd"/>
<xs:import namespace="http://www.imsglobal.org/xsd/imsss" schemaLocation="imsss_v1p0.xsd"/>
<xs:import namespace="http://ltsc.ieee.org/xsd/LOM" schemaLocation="lom.xsd"/>
</xs:schema>"""
        _CACHE["2004"] = _schema_from_copy(SCHEMAS / "scorm2004", patch, driver)
    schema = _CACHE["2004"]
    ok = schema.validate(etree.fromstring(data))
    return [] if ok else [str(e) for e in schema.error_log]


# ---------------------------------------------------------------- courses


def site_for(rendered) -> SiteFiles:
    """The real HTML site, as the SCORM exporter builds it."""
    from coursekit.exporters import ExportOptions
    from coursekit.exporters.scorm.site import build_site

    return build_site(rendered, ExportOptions())


def _qti_course(tmp: Path):
    from qti_course import build_rendered

    return build_rendered(tmp)


def big_course(tmp: Path, n_questions: int = 500):
    """A generated course: 10 chapters of 50 questions cycling through every type."""
    from qti_course import QUESTIONS

    from coursekit.model import Chapter, Course
    from coursekit.render.pipeline import render_course

    chapters = []
    per = n_questions // 10
    for c in range(10):
        qs = []
        for j in range(per):
            q = dict(QUESTIONS[(c * per + j) % len(QUESTIONS)])
            q["id"] = f"q{j}-{q['id']}"
            q["prompt"] = q.get("prompt", "Fill").replace("![a dot](../assets/dot.png)", "")
            qs.append(q)
        chapters.append(
            Chapter.model_validate(
                {
                    "id": f"ch-{c}",
                    "title": f"Chapter {c}",
                    "body": "Text.",
                    "quiz": "../q.yaml",
                    "quizzes": [{"id": f"quiz-{c}", "title": f"Quiz {c}", "questions": qs}],
                }
            )
        )
    course = Course.model_construct(
        id="big-course",
        title="Big",
        language="en",
        version="1.0.0",
        chapters=chapters,
        simulations=[],
        passing_score=0.7,
        keywords=[],
        authors=[],
        license=None,
        description=None,
    )
    course._root = tmp
    for ch in course.chapters:
        ch._path = tmp / "chapters" / f"{ch.id}.md"
        for quiz in ch.quizzes:
            quiz._path = tmp / "quizzes" / f"{quiz.id}.yaml"
    return render_course(course)


def _example_dirs() -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    dirs = [root / "course"] + sorted(p for p in (root / "examples").glob("*") if p.is_dir())
    return [d for d in dirs if (d / "course.yaml").exists()]


def _load(course_dir: Path):
    load = pytest.importorskip("coursekit.load")
    from coursekit.render.pipeline import render_course

    course, diags = load.load_course(course_dir)
    assert course is not None, [str(d) for d in diags]
    return render_course(course)


@pytest.fixture(scope="module")
def qti_course(tmp_path_factory):
    return _qti_course(tmp_path_factory.mktemp("scorm-course"))


@pytest.fixture(scope="module")
def generated_course(tmp_path_factory):
    return big_course(tmp_path_factory.mktemp("big"))


# ---------------------------------------------------------------- checks


def check_package(files: dict[str, bytes], version: str) -> etree._Element:
    manifest = files["imsmanifest.xml"]
    errors = (_validate12 if version == "1.2" else _validate2004)(manifest)
    assert not errors, errors[:5]
    root = etree.fromstring(manifest)
    cp = CP12 if version == "1.2" else CP2004
    # Moodle reads the schema version and the SCO type by their literal spellings.
    assert root.findtext(f"{cp}metadata/{cp}schemaversion") == ("1.2" if version == "1.2" else "2004 4th Edition")
    assert root.findtext(f"{cp}metadata/{cp}schema") == "ADL SCORM"
    attr = b'adlcp:scormtype="sco"' if version == "1.2" else b'adlcp:scormType="sco"'
    assert attr in manifest
    # Every file of the package is listed in a resource, and every listed file exists.
    listed = {f.get("href").replace("%20", " ") for f in root.iter(f"{cp}file")}
    assert listed == set(files) - {"imsmanifest.xml"}
    # Every item points at a resource whose launch page exists.
    resources = {r.get("identifier"): r for r in root.iter(f"{cp}resource")}
    for item in root.iter(f"{cp}item"):
        res = resources[item.get("identifierref")]
        assert res.get("href") in files
    return root


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("per_chapter", [False, True])
def test_manifest_valid_every_question_type(qti_course, version, per_chapter):
    files = package_files(qti_course, site_for(qti_course), version, per_chapter)
    root = check_package(files, version)
    ids = [e.get("identifier") for e in root.iter() if e.get("identifier")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("per_chapter", [False, True])
def test_manifest_valid_generated_500_questions(generated_course, version, per_chapter):
    files = package_files(generated_course, site_for(generated_course), version, per_chapter)
    root = check_package(files, version)
    cp = CP12 if version == "1.2" else CP2004
    items = list(root.iter(f"{cp}item"))
    assert len(items) == (10 if per_chapter else 1)


@pytest.mark.parametrize("course_dir", _example_dirs(), ids=lambda p: p.name)
@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("per_chapter", [False, True])
def test_manifest_valid_examples(course_dir, version, per_chapter):
    rendered = _load(course_dir)
    check_package(package_files(rendered, site_for(rendered), version, per_chapter), version)


def test_mastery_and_identifiers_scorm12(qti_course):
    files = package_files(qti_course, site_for(qti_course), "1.2", False)
    text = files["imsmanifest.xml"].decode()
    # Identifiers derive from the course id (stable across builds and content changes).
    assert 'identifier="MANIFEST-test-course"' in text and 'identifier="ITEM-test-course"' in text
    # Two scored quizzes in one SCO: the course passing_score (0.7) is the mastery score.
    assert "<adlcp:masteryscore>70</adlcp:masteryscore>" in text
    per = package_files(qti_course, site_for(qti_course), "1.2", True)["imsmanifest.xml"].decode()
    assert 'identifier="ITEM-ch1"' in per and 'adlcp:scormtype="asset"' in per


def test_mastery_and_sequencing_scorm2004(qti_course):
    root = etree.fromstring(package_files(qti_course, site_for(qti_course), "2004", True)["imsmanifest.xml"])
    ss = "{http://www.imsglobal.org/xsd/imsss}"
    primary = root.find(f".//{CP2004}item/{ss}sequencing/{ss}objectives/{ss}primaryObjective")
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext(f"{ss}minNormalizedMeasure") == "0.7000"
    control = root.find(f".//{CP2004}organization/{ss}sequencing/{ss}controlMode")
    assert control.get("flow") == "true" and control.get("choice") == "true"
    lom = root.find(f"{CP2004}metadata/{{http://ltsc.ieee.org/xsd/LOM}}lom")
    assert lom is not None


def test_package_is_deterministic(tmp_path):
    a = package_files(_qti_course(tmp_path / "a"), site_for(_qti_course(tmp_path / "c")), "2004", False)
    b = package_files(_qti_course(tmp_path / "b"), site_for(_qti_course(tmp_path / "d")), "2004", False)
    assert a == b
    from coursekit.exporters import Artifact

    try:
        from coursekit.package import write_artifact
    except ImportError:
        pytest.skip("coursekit.package not written yet")
    for out in ("x", "y"):
        write_artifact(Artifact("p.zip", "zip", a), tmp_path / out)
    assert (tmp_path / "x" / "p.zip").read_bytes() == (tmp_path / "y" / "p.zip").read_bytes()


def test_interaction_patterns_syntax(qti_course):
    from coursekit.exporters.scorm.runtime_data import quiz_entries

    _, interactions = quiz_entries(qti_course)
    specs = interactions["all-types"]
    assert specs["match"]["correct12"] == ["1.a,2.b,3.c"]
    assert specs["match"]["correct2004"] == ["1[.]a[,]2[.]b[,]3[.]c"]
    assert specs["num"]["correct2004"] == ["5.65[:]5.75"]
    assert specs["sa-cs"]["correct2004"] == ["{case_matters=true}Na"]
    assert specs["essay"]["type2004"] == "long-fill-in" and specs["essay"]["type12"] == "fill-in"
    assert specs["fill"]["correct2004"] == ["{case_matters=false}{order_matters=true}Paris[,]blue"]
    for spec in specs.values():
        assert len(spec["id"]) <= 255 and " " not in spec["id"]
        assert re.fullmatch(r"[^\n{]{0,250}", spec["description"])
