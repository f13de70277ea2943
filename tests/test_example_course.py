"""The example course (course/) is what the foundation issue asks for: 9 chapters from the
seed, a quiz per chapter whose seed question is a single_choice with per-choice feedback,
every question type at least twice, parametric questions, and the declared simulations."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coursekit.load import load_course
from coursekit.model import QUESTION_TYPES

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def course():
    course, diags = load_course(REPO / "course")
    assert course is not None and not diags.has_errors() and not diags.warnings, diags.render()
    return course


def test_nine_chapters_in_order(course):
    titles = [c.title for c in course.chapters]
    assert len(titles) == 9
    for want, got in zip(
        ["Large-Scale", "Vision", "Speech", "Language", "Recommend", "Structured", "Deploy", "Timeline", "Connections"],
        titles,
        strict=True,
    ):
        assert want.lower() in got.lower(), (want, got)


def test_a_quiz_per_chapter_with_a_well_made_seed_question(course):
    for chapter in course.chapters:
        assert len(chapter.quizzes) == 1, chapter.id
        quiz = chapter.quizzes[0]
        assert len(quiz.questions) >= 4, quiz.id
        singles = [q for q in quiz.questions if q.type == "single_choice"]
        assert singles, quiz.id
        # the seed's question: a single_choice with at least 3 plausible wrong answers, each explained
        assert any(len(q.choices) >= 4 and all(c.feedback for c in q.choices) for q in singles), quiz.id


def test_every_type_twice_and_parametric_questions(course):
    questions = [q for ch in course.chapters for quiz in ch.quizzes for q in quiz.questions]
    counts = Counter(q.type for q in questions)
    assert set(counts) == set(QUESTION_TYPES) and min(counts.values()) >= 2, counts
    assert sum(q.variants is not None for q in questions) >= 2


def test_simulations_declared(course):
    ids = {s.id for s in course.simulations}
    assert {"vision-taxonomy", "nlp-evolution", "dl-milestones", "data-parallel-scaling", "quantization-error"} <= ids
    assert course.simulation("data-parallel-scaling").params and course.simulation("quantization-error").params
