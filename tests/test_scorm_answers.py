"""Learners see the right answer in the SCORM player too: the packages ship the html site, run here
under scorm-again (strict data types, tests/support/scorm_again_lms.py) in Chromium, SCORM 1.2 and
2004. A quiz answered wrongly shows the correct answer of every question type (parametric variants:
the variant's own); show_answers never and after_pass hold; checking with unanswered questions asks
to confirm; and a relaunch (resume, then review) restores the answers and the shown answers from
suspend_data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support.scorm_again_lms import StrictScormAgainLms, failed_calls, next_launch  # noqa: E402
from test_html_answers import shown  # noqa: E402
from test_scorm_manifest import site_for  # noqa: E402
from test_scorm_runtime import answer  # noqa: E402

from coursekit.exporters.scorm.exporter import package_files  # noqa: E402

# The first variant of every question of qti_course.QUESTIONS, answered wrongly by answer().
EXPECTED = {
    "sc": "Correct answer: Right a",
    "mr-all": "Correct answers: A | B",
    "mr-part": "Correct answers: A | B | C",
    "tf": "Correct answer: False",
    "num": "Correct answer: 5.7 ± 0.05 x",
    "num-exact": "Correct answer: 7",
    "sa": "Correct answer: Paris",
    "sa-cs": "Correct answer: Na",
    "match": "Correct matches: one → 1 | two → 2 | three 3 → 3",
    "match-aon": "Correct matches: a → A | b → B",
    "order": "Correct order: first | second | third",
    "order-part": "Correct order: w | x | y | z",
    "fill": "Correct answers: Blank 1: Paris or paris city | Blank 2: blue",
    "fill-aon": "Correct answers: Blank 1: x | Blank 2: y",
}


def quiz(quiz_id: str) -> str:
    return f"section[data-ck-quiz='{quiz_id}']"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """qti_course's questions and its parametric one in three quizzes of one chapter: all of them
    (show_answers always), four never, four after_pass."""
    from qti_course import GENERATOR, PNG, QUESTIONS, VARIANT_Q

    from coursekit.model import Chapter, Course
    from coursekit.render.pipeline import render_course

    root = tmp_path_factory.mktemp("answers-scorm")
    for folder in ("assets", "simulations", "quizzes", "chapters"):
        (root / folder).mkdir()
    (root / "assets" / "dot.png").write_bytes(PNG)
    (root / "simulations" / "gen.py").write_text(GENERATOR)
    few = [QUESTIONS[0], QUESTIONS[3], QUESTIONS[4], QUESTIONS[8]]  # sc, tf, num, essay
    quizzes = [
        {"id": "all-types", "title": "All types", "questions": [*QUESTIONS, VARIANT_Q]},
        {"id": "never", "title": "Never", "show_answers": "never", "questions": few},
        {
            "id": "after-pass",
            "title": "After a pass",
            "show_answers": "after_pass",
            "passing_score": 0.5,
            "questions": few,
        },
    ]
    chapter = Chapter.model_validate(
        {"id": "ch1", "title": "Chapter", "body": "Hello", "quiz": "../quizzes/q.yaml", "quizzes": quizzes}
    )
    course = Course.model_construct(
        id="answers", title="Answers", language="en", chapters=[chapter], simulations=[], passing_score=0.7
    )
    course._root = root
    chapter._path = root / "chapters" / "ch1.md"
    for q in chapter.quizzes:
        q._path = root / "quizzes" / f"{q.id}.yaml"
    return render_course(course)


def answer_and_check(frame, rq, wrong: set[str] | None = None) -> None:
    """Answer every drawn question through the page's quiz engine (wrongly when its authored id is
    in ``wrong``; every one when ``wrong`` is None), then press Check: nothing is unanswered."""
    st = frame.evaluate("id => CourseKit.getState(id)", rq.quiz.id)
    for q in st["questions"]:
        slot = rq.slots[q["slot"]]
        right = wrong is not None and slot.source.id not in wrong
        variant = slot.variants[q["variant"]]
        q["answer"], _ = answer(variant, right)
        if variant.type == "fill_blanks" and not right:  # a drop-down holds only its choices
            q["answer"] = [
                wrong_choice(variant.blanks[name], given)
                for name, given in zip(variant.gap_order(), q["answer"], strict=True)
            ]
    assert frame.evaluate("([id, st]) => CourseKit.setState(id, st)", [rq.quiz.id, st])
    frame.click(f"{quiz(rq.quiz.id)} [data-ck-check]")
    dialog = frame.locator(f"{quiz(rq.quiz.id)} dialog[data-ck-confirm]")
    assert dialog.evaluate("d => !d.open"), dialog.text_content()


def wrong_choice(blank, typed: str) -> str:
    if getattr(blank, "choices", None):
        return next(c for c in blank.choices if c.strip() != blank.correct.strip())
    return typed


def expected_all_types(rq, state) -> dict[str, str]:
    out = {}
    for q in state["questions"]:
        variant = rq.slots[q["slot"]].variants[q["variant"]]
        if variant.type == "essay":
            continue
        out[variant.id] = EXPECTED.get(variant.id) or f"Correct answer: {variant.answer:g}"  # param-vN: its sum
    return out


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_answers_shown_in_the_scorm_player_and_restored_on_resume_and_review(browser, rendered, tmp_path, version):
    site = site_for(rendered)
    files = package_files(rendered, site, version, False)
    page = site.chapter_pages["ch1"]
    all_types, never, after_pass = rendered.quizzes

    def first(s):
        frame = s.show(page)
        # Unanswered questions: Check asks first; Escape leaves the quiz open.
        frame.click(f"{quiz('never')} [data-ck-check]")
        assert frame.locator(f"{quiz('never')} dialog[data-ck-confirm]").evaluate("d => d.open")
        frame.locator(f"{quiz('never')} dialog[data-ck-confirm]").press("Escape")
        assert frame.evaluate("CourseKit.getState('never').submitted") is False
        answer_and_check(frame, all_types)
        answer_and_check(frame, never)
        answer_and_check(frame, after_pass, wrong={"tf"})  # 4 of 5 points: passed
        state = frame.evaluate("CourseKit.getState('all-types')")
        return {q: shown(frame, quiz(q)) for q in ("all-types", "never", "after-pass")}, state

    def again(s):
        frame = s.show(page)
        frame.wait_for_selector(f"{quiz('all-types')} [data-ck-answer]")
        model = frame.locator(f"{quiz('never')} [data-ck-fb='model']").count()
        return {q: shown(frame, quiz(q)) for q in ("all-types", "never", "after-pass")}, model

    lms = StrictScormAgainLms(tmp_path, files, version)
    try:
        (seen, state), calls1, cmi1, problems1 = lms.session(browser, first)
        (resumed, model2), calls2, cmi2, problems2 = lms.session(browser, again, initial=next_launch(cmi1, version))
        (reviewed, model3), calls3, _, problems3 = lms.session(
            browser, again, initial=next_launch(cmi2, version, mode="review")
        )
    finally:
        lms.close()
    for calls, problems in ((calls1, problems1), (calls2, problems2), (calls3, problems3)):
        assert problems == [] and failed_calls(calls) == []
    assert seen["all-types"] == expected_all_types(all_types, state)
    assert any(k.startswith("param-v") for k in seen["all-types"])
    assert seen["never"] == {} and model2 == model3 == 0
    assert seen["after-pass"] == {"tf": "Correct answer: False"}
    assert resumed == seen and reviewed == seen
