"""coursekit import canvas: zips written by text2qti (a real foreign producer, run here on
text fixtures) and a package in the exact shape Canvas's classic quiz export writes
(lib/cc/qti/qti_items.rb, qti_generator.rb), including what coursekit never emits: matching
distractors, multiple dropdowns, numerical ranges and precision answers, equation images,
question groups, text-only and formula questions."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from import_roundtrip import compare, questions_by_id

from coursekit.importers import run_import
from coursekit.load import load_course

FIXTURES = Path(__file__).parent / "import_fixtures"
TEXT2QTI = shutil.which("text2qti", path=str(Path(sys.executable).parent)) or shutil.which("text2qti")


def _load(out: Path):
    course, diags = load_course(out)
    assert course is not None and not diags.has_errors(), diags.render()
    return course, questions_by_id(course)


def _text2qti_zip(tmp_path: Path, name: str) -> Path:
    assert TEXT2QTI, "text2qti is a test dependency (pip install -e '.[test]')"
    shutil.copy(FIXTURES / "text2qti" / name, tmp_path / name)
    subprocess.run([TEXT2QTI, name], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path / name.replace(".txt", ".zip")


def test_text2qti_zip_imports_every_question(tmp_path):
    zip_path = _text2qti_zip(tmp_path, "physics.txt")
    report = run_import("canvas", zip_path, tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, qs = _load(tmp_path / "c")
    (quiz,) = [q for _, q in course.all_quizzes()]
    assert quiz.title == "Physics warm-up"
    assert [q.type for q in quiz.questions] == [
        "single_choice", "multiple_response", "true_false", "numeric", "numeric", "short_answer", "essay", "numeric",
    ]  # fmt: skip
    units, vectors, fall, light, g, capital, essay, legs = quiz.questions
    assert units.points == 2 and [c.correct for c in units.choices] == [True, False, False]
    assert units.choices[0].feedback == "Right." and units.feedback.general == "The newton is kg·m/s²."
    assert vectors.scoring == "partial" and [c.correct for c in vectors.choices] == [True, True, False, False]
    assert fall.answer is True and fall.feedback.correct == "Yes: Apollo 15 showed it."
    assert (light.answer, light.tolerance) == (300000, 1000)
    assert (g.answer, g.tolerance) == (9.8, 0.1) and g.prompt == "Give $g$ on Earth in m/s²."
    assert [a.text for a in capital.answers] == ["Paris", "paris, france"] and not capital.case_sensitive
    assert essay.points == 5 and (legs.answer, legs.tolerance) == (8, 0)
    codes = [d.code for d in report.diags.warnings]
    assert "CK914" in codes  # the quiz description, said rather than dropped


def test_text2qti_text_and_its_zip_score_alike(tmp_path):
    """The text2qti reader and the Canvas reader of text2qti's own zip agree question by question."""
    zip_path = _text2qti_zip(tmp_path, "physics.txt")
    run_import("canvas", zip_path, tmp_path / "from-zip")
    run_import("text2qti", FIXTURES / "text2qti" / "physics.txt", tmp_path / "from-text")
    _, a = _load(tmp_path / "from-zip")
    _, b = _load(tmp_path / "from-text")
    assert set(a) == set(b)
    problems = [p for qid in a for p in compare(b[qid], a[qid])]
    assert not problems, "\n".join(problems)


def _canvas_zip(path: Path) -> Path:
    items = (FIXTURES / "canvas-export.xml").read_bytes()
    manifest = b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="g1" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">
  <metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>
  <organizations/>
  <resources>
    <resource identifier="g2" type="imsqti_xmlv1p2"><file href="g2/g2.xml"/><dependency identifierref="g3"/></resource>
    <resource identifier="g3" type="associatedcontent/imscc_xmlv1p1/learning-application-resource"
      href="g2/assessment_meta.xml"><file href="g2/assessment_meta.xml"/></resource>
    <resource identifier="g4" type="webcontent" href="web_resources/Uploaded Media/dot.png">
      <file href="web_resources/Uploaded Media/dot.png"/></resource>
  </resources>
</manifest>"""
    meta = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz identifier="g2" xmlns="http://canvas.instructure.com/xsd/cccv1p0"><title>Forces</title>
<description></description><shuffle_answers>true</shuffle_answers></quiz>"""
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", manifest)
        zf.writestr("g2/g2.xml", items)
        zf.writestr("g2/assessment_meta.xml", meta)
        zf.writestr("web_resources/Uploaded Media/dot.png", png)
    path.write_bytes(buf.getvalue())
    return path


def test_canvas_export_shape(tmp_path):
    report = run_import("canvas", _canvas_zip(tmp_path / "export.zip"), tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, qs = _load(tmp_path / "c")
    (quiz,) = [q for _, q in course.all_quizzes()]
    assert quiz.title == "Forces"
    by_type = {q.type: q for q in quiz.questions}
    mc = by_type["single_choice"]
    assert "$F = ma$" in mc.prompt and [c.correct for c in mc.choices] == [False, True]
    assert mc.choices[1].feedback == "Yes." and mc.feedback.general == "Newton's second law."
    (image,) = list((course.root / "assets").iterdir())
    assert f"](../assets/{image.name})" in mc.prompt
    match = by_type["matching"]
    assert [(p.left, p.right) for p in match.pairs] == [("Force", "newton"), ("Energy", "joule")]
    assert match.distractors == ["watt"] and match.scoring == "partial"
    drop = by_type["fill_blanks"]
    assert drop.gap_order() == ["unit", "symbol"]
    assert drop.blanks["unit"].correct == "newton" and drop.blanks["unit"].choices == ["newton", "joule"]
    assert drop.blanks["symbol"].correct == "N"
    nums = [q for q in quiz.questions if q.type == "numeric"]
    assert [(n.answer, n.tolerance) for n in nums] == [(9.81, 0.05), (10, 1)]
    refused = {d.message for d in report.diags.warnings if d.code == "CK910"}
    assert any("text_only_question" in m for m in refused) and any("calculated_question" in m for m in refused)
    groups = [d for d in report.diags.warnings if d.code == "CK914" and "group" in d.message]
    assert groups and groups[0].location.file.endswith("export.zip!g2/g2.xml") and groups[0].location.line > 1


def test_course_export_reads_only_the_canvas_dialect(tmp_path):
    """A Canvas course export (.imscc) holds each quiz under non_cc_assessments/ and again as a
    Common Cartridge copy; like Canvas, only the former is read (no duplicate quiz)."""
    items = (FIXTURES / "canvas-export.xml").read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", b"<manifest/>")
        zf.writestr("non_cc_assessments/g2.xml.qti", items)
        zf.writestr("g2/assessment_qti.xml", items)
    (tmp_path / "course.imscc").write_bytes(buf.getvalue())
    report = run_import("canvas", tmp_path / "course.imscc", tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, _ = _load(tmp_path / "c")
    assert len(course.all_quizzes()) == 1


def test_text2qti_group_over_the_whole_quiz_becomes_select(tmp_path):
    zip_path = _text2qti_zip(tmp_path, "groups.txt")
    report = run_import("canvas", zip_path, tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    course, _ = _load(tmp_path / "c")
    ((_, quiz),) = course.all_quizzes()
    assert (quiz.select, quiz.shuffle_questions, len(quiz.questions)) == (2, True, 3)
    run_import("text2qti", FIXTURES / "text2qti" / "groups.txt", tmp_path / "t")
    text_course, _ = _load(tmp_path / "t")
    ((_, text_quiz),) = text_course.all_quizzes()
    assert (text_quiz.select, len(text_quiz.questions)) == (2, 3)


def _with_pick(zip_path: Path, pick: str) -> Path:
    """text2qti's zip of groups.txt with the group's selection_number replaced."""
    with zipfile.ZipFile(zip_path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, data in members.items():
            if b"<selection_number>" in data:
                data = data.replace(b"<selection_number>2<", f"<selection_number>{pick}<".encode())
            zf.writestr(n, data)
    out = zip_path.with_name(f"pick-{len(pick)}.zip")
    out.write_bytes(buf.getvalue())
    return out


@pytest.mark.parametrize("pick", ["²", "٣", "two", "-1"])
def test_a_selection_number_that_is_no_whole_number_is_warned_at_the_group(tmp_path, pick):
    zip_path = _with_pick(_text2qti_zip(tmp_path, "groups.txt"), pick)
    report = run_import("canvas", zip_path, tmp_path / "c")
    assert not report.diags.has_errors(), report.diags.render()
    (warning,) = [d for d in report.diags.warnings if d.code == "CK912"]
    assert "!" in warning.location.file and warning.location.line > 1
    assert repr(pick) in warning.message and warning.hint
    course, _ = _load(tmp_path / "c")
    ((_, quiz),) = course.all_quizzes()
    assert quiz.select is None and len(quiz.questions) == 3


def test_selection_number_0_draws_nothing_so_the_quiz_shows_every_question(tmp_path):
    # Canvas draws min(pick_count, questions): 0 questions (app/models/quizzes/quiz_group.rb)
    zip_path = _with_pick(_text2qti_zip(tmp_path, "groups.txt"), "0")
    report = run_import("canvas", zip_path, tmp_path / "c")
    (warning,) = [d for d in report.diags.warnings if d.code == "CK912"]
    assert "!" in warning.location.file and "0" in warning.message and warning.hint
    course, _ = _load(tmp_path / "c")
    ((_, quiz),) = course.all_quizzes()
    assert quiz.select is None and len(quiz.questions) == 3
