"""No target writes one identifier twice: validate refuses author-level collisions (CK332 for a
question id equal to a generated variant id), and every exporter refuses, with a located CK001
error, to emit a duplicate that got past validation (checked by bypassing validation)."""

from __future__ import annotations

from pathlib import Path

import pytest
from coursefixture import COURSE_YAML, write_course
from lxml import etree
from qti_xsd import validate

from coursekit.diagnostics import CourseError
from coursekit.load import load_course
from coursekit.render.pipeline import render_course

PARAMETRIC = (
    "  - id: rms-variant\n    type: numeric\n    prompt: 'What is {{ x }}?'\n    answer: '{{ x }}'\n"
    "    feedback: {general: g}\n    variants: {count: 2, generator: ../simulations/sim.py:gen}\n"
    "  - id: other\n    type: true_false\n    prompt: P\n    answer: true\n    feedback: {general: g}\n"
)


def _rendered_with_duplicate(tmp_path: Path):
    """A valid course, rendered, whose 'other' question is then renamed to a variant's id."""
    course, diags = load_course(write_course(tmp_path / "c", quiz_questions=PARAMETRIC))
    assert course is not None, diags.render()
    rendered = render_course(course)
    (rq,) = rendered.quizzes
    slot = rq.slots[1]
    clash = slot.variants[0].model_copy(update={"id": "rms-variant-v1"})
    slot.variants[0] = clash
    return rendered, clash


@pytest.mark.parametrize("target", ["qti21", "qti30", "canvas", "moodle", "scorm12", "scorm2004"])
def test_every_exporter_refuses_a_duplicate_identifier(tmp_path, target):
    from coursekit.build import _exporter_class
    from coursekit.exporters import ExportOptions

    rendered, clash = _rendered_with_duplicate(tmp_path)
    exporter = _exporter_class(target)(ExportOptions())
    with pytest.raises(CourseError) as info:
        exporter.run(rendered)
    (diag,) = info.value.diagnostics.items
    assert diag.code == "CK001" and "rms-variant-v1" in diag.message and "twice" in diag.message, diag
    assert diag.location == clash.loc and diag.location.file.endswith("quizzes/one.yaml"), diag
    assert diag.hint


def test_canvas_identifiers_cannot_collide_across_quizzes_and_groups(tmp_path):
    """Quiz ids 'x' and 'x-meta', and a question 'pool' in a drawn quiz: every identifier stays
    distinct (the manifest's identifiers are xs:ID, checked by the IMS CP schema)."""
    from coursekit.exporters.qti import EXPORTERS

    chapter = "---\nid: one\ntitle: One\nquiz: ../quizzes/x.yaml\n---\n\n:::{quiz} ../quizzes/x-meta.yaml\n:::\n"
    tf = "  - id: {qid}\n    type: true_false\n    prompt: P\n    answer: true\n    feedback: {{general: g}}\n"
    files = {
        "course.yaml": COURSE_YAML.split("simulations:")[0],
        "chapters/one.md": chapter,
        "quizzes/x.yaml": "id: x\ntitle: X\nselect: 1\nquestions:\n" + tf.format(qid="pool") + tf.format(qid="b"),
        "quizzes/x-meta.yaml": "id: x-meta\ntitle: Y\nquestions:\n" + tf.format(qid="c"),
    }
    root = write_course(tmp_path / "c", files=files)
    (root / "quizzes" / "one.yaml").unlink()
    (root / "assets" / "dot.png").unlink()
    course, diags = load_course(root)
    assert course is not None, diags.render()
    (artifact,) = EXPORTERS["canvas"]().run(render_course(course)).artifacts
    manifest = etree.fromstring(artifact.files["imsmanifest.xml"])
    as_cp = etree.tostring(manifest).replace(
        b"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", b"http://www.imsglobal.org/xsd/imscp_v1p1"
    )
    assert not validate("imscp", as_cp)
    quiz = etree.fromstring(artifact.files["x/x.xml"])
    idents = [e.get("ident") for e in quiz.iter("{*}assessment", "{*}section", "{*}item")]
    assert len(idents) == len(set(idents)) and "x.pool" in idents, idents
