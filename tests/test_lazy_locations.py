"""A clean build locates nothing: the loader gives a file's nodes their positions only when one of
them is reported (coursekit.model.base, ``locate_later``), and that walk is a large part of a big
bank's build. Copying locations to parametric variants and checking identifiers for duplicates
must not run it; a diagnostic still gets the exact location."""

from __future__ import annotations

import pytest
from coursefixture import SIM, write_course

from coursekit.build import _exporter_class
from coursekit.exporters import ExportOptions
from coursekit.load import load_course, loader
from coursekit.render.pipeline import render_course

PARAMETRIC = (
    "  - id: sum\n    type: numeric\n    prompt: 'What is {{ x }} + 1?'\n    answer: '{{ y }}'\n"
    "    feedback: {general: g}\n    variants: {count: 3, generator: ../simulations/sim.py:distinct}\n"
    "  - id: other\n    type: true_false\n    prompt: P\n    answer: true\n    feedback: {general: g}\n"
)
DISTINCT = SIM + "\n\ndef distinct(rng):\n    x = int(rng.integers(1, 10**9))\n    return {'x': x, 'y': x + 1}\n"


@pytest.fixture
def walks(monkeypatch):
    from coursekit.model.base import locate_all

    locate_all()  # an earlier test's pending walks (of its own one.yaml) are not this test's
    calls: list[str] = []
    real = loader._locate

    def counted(node, src, path):
        calls.append(src.display)
        real(node, src, path)

    monkeypatch.setattr(loader, "_locate", counted)
    return calls


@pytest.mark.parametrize("target", ["moodle", "qti21", "scorm12"])
def test_a_clean_build_runs_no_locating_walk(tmp_path, walks, target):
    course, diags = load_course(
        write_course(tmp_path / "c", files={"simulations/sim.py": DISTINCT}, quiz_questions=PARAMETRIC)
    )
    assert course is not None and not diags.items, diags.render()
    rendered = render_course(course)
    assert not rendered.warnings
    (rq,) = rendered.quizzes
    assert [len(s.variants) for s in rq.slots] == [3, 1]
    result = _exporter_class(target)(ExportOptions()).run(rendered)
    assert result.artifacts and not result.diagnostics
    assert [w for w in walks if "one.yaml" in w] == []


def test_a_variant_is_still_located_at_its_authored_question(tmp_path, walks):
    course, _ = load_course(
        write_course(tmp_path / "c", files={"simulations/sim.py": DISTINCT}, quiz_questions=PARAMETRIC)
    )
    (rq,) = render_course(course).quizzes
    variant = rq.slots[0].variants[2]
    assert (variant.id, str(variant.loc)) == ("sum-v3", f"{variant.loc.file.rsplit('/', 1)[0]}/one.yaml:4:5")
    assert str(variant.feedback.loc).endswith("one.yaml:8:15")
    assert not any("one.yaml" in w for w in walks)  # a question and its feedback: the shallow walk


def test_a_warning_about_a_question_walks_no_deeper_than_the_questions(tmp_path, walks):
    """Most warnings of a build point at a question or its feedback (Canvas and Moodle give
    thousands in a big bank): asking for those locates each file's questions and their direct
    parts, and only a deeper node (a choice, a blank) runs the walk over every node."""
    course, _ = load_course(
        write_course(tmp_path / "c", files={"simulations/sim.py": DISTINCT}, quiz_questions=PARAMETRIC)
    )
    (_, quiz), *_ = course.all_quizzes()
    other = quiz.questions[1]
    assert str(other.loc).endswith("one.yaml:10:5")
    assert str(other.feedback.loc).endswith("one.yaml:14:15")
    assert str(quiz.loc).endswith("one.yaml:1:1")
    assert str(quiz.questions[0].variants.loc).endswith("one.yaml:9:15")
    assert [w for w in walks if "one.yaml" in w] == []


def test_a_deeper_node_is_located_by_the_walk(tmp_path, walks):
    course, _ = load_course(write_course(tmp_path / "c"))
    (_, quiz), *_ = course.all_quizzes()
    question = quiz.questions[0]
    assert str(question.loc).endswith("one.yaml:4:5")
    assert [w for w in walks if "one.yaml" in w] == []
    assert str(question.choices[1].loc).endswith("one.yaml:11:9")
    assert [w for w in walks if "one.yaml" in w] != []
