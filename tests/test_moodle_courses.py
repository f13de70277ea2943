"""Whole courses: determinism, the split layout, the example courses, a 500-question course."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "support"))

import moodle_import as mi  # noqa: E402
from moodle_course import build_rendered  # noqa: E402

from coursekit.exporters import ExportOptions  # noqa: E402
from coursekit.exporters.moodle import EXPORTERS, MoodleExporter  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def export(rendered, **options):
    return MoodleExporter(ExportOptions(**options)).run(rendered)


def assert_imports_cleanly(data: bytes, expected_questions: int) -> mi.ImportResult:
    result = mi.importprocess(data)
    assert result.errors == [] and result.notices == [] and not result.stopped
    assert len(result.questions) == expected_questions
    ids = [q["idnumber"] for q in result.questions]
    assert len(set(ids)) == len(ids)
    return result


def n_questions(rendered, quizzes=None) -> int:
    return sum(len(slot.variants) for rq in (quizzes or rendered.quizzes) for slot in rq.slots)


def test_registered():
    assert EXPORTERS == {"moodle": MoodleExporter}


def test_byte_identical_across_builds(tmp_path):
    first = export(build_rendered(tmp_path / "a")).artifacts[0]
    second = export(build_rendered(tmp_path / "b")).artifacts[0]
    assert first.name == second.name == "test-course-moodle.xml" and first.kind == "file"
    assert first.files == second.files


def test_split_writes_one_file_per_quiz(tmp_path):
    rendered = build_rendered(tmp_path)
    (artifact,) = export(rendered, split=True).artifacts
    assert artifact.kind == "dir" and artifact.name == "test-course-moodle"
    assert sorted(artifact.files) == sorted(f"{rq.quiz.id}.xml" for rq in rendered.quizzes)
    for rq in rendered.quizzes:
        result = assert_imports_cleanly(artifact.files[f"{rq.quiz.id}.xml"], n_questions(rendered, [rq]))
        assert result.categories[0]["path"] == ["$course$", "top", rendered.course.title]
    again = export(build_rendered(tmp_path / "again"), split=True).artifacts[0]
    assert again.files == artifact.files


def test_matching_that_renders_empty_is_refused(tmp_path):
    from coursekit.diagnostics import CourseError

    q = {
        "id": "m",
        "type": "matching",
        "prompt": "p",
        "pairs": [{"left": "<!-- -->", "right": "x"}, {"left": "b", "right": "y"}],
    }
    rendered = build_rendered(tmp_path, [q])
    if rendered.quiz_md(rendered.quizzes[0], "<!-- -->", inline=True, math="tex"):
        pytest.skip("the renderer keeps the comment: nothing renders empty")
    with pytest.raises(CourseError) as err:
        export(rendered)
    assert err.value.diagnostics.items[0].code == "CK811"


# ---------------------------------------------------------------------------- real courses


def _course_dirs() -> list[Path]:
    dirs = [REPO / "course"] + sorted(p for p in (REPO / "examples").glob("*") if p.is_dir())
    return [d for d in dirs if (d / "course.yaml").is_file()]


@pytest.mark.parametrize("course_dir", _course_dirs(), ids=lambda p: p.name)
def test_example_courses_export_and_import(course_dir):
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    course, diags = load_course(course_dir)
    assert course is not None, [d.as_text() for d in diags.items]
    rendered = render_course(course)
    result = export(rendered)
    (artifact,) = result.artifacts
    assert_imports_cleanly(artifact.files[artifact.name], n_questions(rendered))
    assert all(d.location.file != "<memory>" for d in result.diagnostics)


def test_example_courses_exist():
    names = {p.name for p in _course_dirs()}
    assert {"course", "minimal", "question-types", "variants"} <= names, names


# ---------------------------------------------------------------------------- 500 questions


def _generated_questions(n: int) -> list[dict]:
    kinds = [
        lambda i: {
            "type": "single_choice",
            "prompt": f"Q{i} $x_{i}$?",
            "choices": [{"text": f"right {i}", "correct": True}, {"text": "wrong"}],
        },
        lambda i: {
            "type": "multiple_response",
            "prompt": f"Q{i}",
            "scoring": "partial" if i % 2 else "all_or_nothing",
            "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}],
        },
        lambda i: {"type": "true_false", "prompt": f"Q{i} true?", "answer": i % 2 == 0},
        lambda i: {"type": "numeric", "prompt": f"Q{i} number", "answer": i * 0.5, "tolerance": 0.1, "unit": "ms"},
        lambda i: {
            "type": "short_answer",
            "prompt": f"Q{i} word",
            "answers": [{"text": f"w{i}*"}, {"text": "half", "score": 0.5}],
        },
        lambda i: {"type": "essay", "prompt": f"Q{i} essay", "min_words": 10},
        lambda i: {
            "type": "matching",
            "prompt": f"Q{i} match",
            "pairs": [{"left": "l1", "right": "r1"}, {"left": "l2", "right": "r2"}],
            "distractors": ["r3"],
        },
        lambda i: {"type": "ordering", "prompt": f"Q{i} order", "items": ["1", "2", "3"], "scoring": "partial"},
        lambda i: {
            "type": "fill_blanks",
            "text": f"Q{i} [[a]] and [[b]]",
            "points": 2,
            "blanks": {"a": {"accept": ["x{y}"]}, "b": {"choices": ["p", "q#"], "correct": "q#"}},
        },
    ]
    return [dict(kinds[i % len(kinds)](i), id=f"q{i}") for i in range(n)]


def test_500_question_course(tmp_path):
    gen = REPO / "bench" / "gen_course.py"
    if gen.is_file() and importlib.util.find_spec("coursekit.load") and _has_loader():
        spec = importlib.util.spec_from_file_location("gen_course", gen)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "generate"):
            from coursekit.load import load_course
            from coursekit.render.pipeline import render_course

            module.generate(tmp_path / "big", questions=500)
            course, _ = load_course(tmp_path / "big")
            rendered = render_course(course)
            (artifact,) = export(rendered).artifacts
            assert_imports_cleanly(artifact.files[artifact.name], n_questions(rendered))
            return
    rendered = build_rendered(tmp_path, _generated_questions(500))
    result = export(rendered)
    (artifact,) = result.artifacts
    imported = assert_imports_cleanly(artifact.files[artifact.name], n_questions(rendered))
    assert sum(1 for q in imported.questions if q["category"][-1] == "All types & ‹more›") == 500


def _has_loader() -> bool:
    try:
        from coursekit.load import load_course  # noqa: F401
    except ImportError:
        return False
    return True
