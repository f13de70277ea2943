"""quiz.js on the HTML site as a learner meets it, in jsdom: what the learner is told (score,
pass or not, each question's result, the home page's progress, the sidebar) at the pass mark
and for every question type. Fast enough to run against quiz.js's mutants; the Chromium
tests (test_html_browser.py, test_pass_boundaries.py) check the same pages in a browser.
"""

from __future__ import annotations

import pytest
from support import boundary_course as bc
from support import every_type_course as ec
from support.course_dir import export, load_rendered, write_files
from support.jsdom_lms import answer_steps
from support.jsdom_site import visit_site

BOUNDARY_PAGE = f"chapter-{bc.CHAPTER_ID}.html"
# What each question's line says after the boundary attempts (points as the page rounds them).
BOUNDARY_LINES = {
    "just-below": {
        "three": "Partly correct: 2 of 3 points.",
        "thirds": "Partly correct: 0.67 of 1 point.",
        "truth": "Incorrect: 0 of 1 point.",
    },
    "exactly-at": {
        "three": "Correct: 3 of 3 points.",
        "thirds": "Incorrect: 0 of 1 point.",
        "truth": "Incorrect: 0 of 1 point.",
    },
    "just-above": {
        "three": "Correct: 3 of 3 points.",
        "thirds": "Partly correct: 0.33 of 1 point.",
        "truth": "Incorrect: 0 of 1 point.",
    },
}


@pytest.fixture(scope="module")
def boundary_site(tmp_path_factory):
    rendered = load_rendered(bc.write(tmp_path_factory.mktemp("boundary-course")))
    return write_files(tmp_path_factory.mktemp("boundary-site"), export(rendered, "html"))


@pytest.fixture(scope="module")
def every_site(tmp_path_factory):
    rendered = load_rendered(ec.write(tmp_path_factory.mktemp("every-course")))
    return write_files(tmp_path_factory.mktemp("every-site"), export(rendered, "html"))


def test_pass_mark_at_the_boundary(tmp_path, boundary_site):
    visits = []
    for attempt in bc.ATTEMPTS:
        steps = [
            *answer_steps(bc.QUIZ_ID, bc.KINDS, bc.ATTEMPTS[attempt][0]),
            {"check": bc.QUIZ_ID},
            {"look": bc.QUIZ_ID},
        ]
        visits += [{"page": BOUNDARY_PAGE, "fresh": True, "steps": steps}, {"page": "index.html"}]
    out = visit_site(tmp_path, boundary_site, visits)
    for k, attempt in enumerate(bc.ATTEMPTS):
        _, points, passed, _ = bc.ATTEMPTS[attempt]
        quiz, home = out[2 * k], out[2 * k + 1]
        assert quiz["problems"] == [] and home["problems"] == []
        checked, seen = quiz["steps"][-2:]
        pct = f"{round(points / 5 * 100, 1):g}"
        verdict = "Passed: 60% needed." if passed else "Not passed yet: 60% needed."
        assert checked["result"].startswith(f"You scored {round(points, 2):g} of 5 points ({pct}%). {verdict}"), attempt
        assert (checked["asked"] is not None) is (attempt == "exactly-at")
        assert seen["resultClass"].split() == ["ck-quiz-result", "ck-passed" if passed else "ck-failed"]
        assert seen["lines"] == BOUNDARY_LINES[attempt]
        assert seen["checkHidden"] is True
        assert quiz["sidebar"] == [
            ["\u2713 Quiz passed", "ck-side-status ck-passed"]
            if passed
            else ["Quiz not passed yet", "ck-side-status ck-failed"]
        ]
        text = f"Check: {round(points, 2):g} of 5 points, " + ("passed" if passed else "not passed yet")
        cls = "ck-progress-item " + ("ck-passed" if passed else "ck-failed")
        assert home["progress"] == {bc.QUIZ_ID: [text, cls]}, attempt


EVERY_LINES = {
    "right": {
        "sc": "Correct: 2 of 2 points.",
        "mr": "Correct: 1 of 1 point.",
        "tf": "Correct: 1 of 1 point.",
        "num": "Correct: 1 of 1 point.",
        "short": "Correct: 1 of 1 point.",
        "match": "Correct: 3 of 3 points.",
        "order": "Correct: 1 of 1 point.",
        "gaps": "Correct: 1 of 1 point.",
    },
    "wrong": {
        "sc": "Incorrect: 0 of 2 points.",
        "mr": "Incorrect: 0 of 1 point.",
        "tf": "Incorrect: 0 of 1 point.",
        "num": "Incorrect: 0 of 1 point.",
        "short": "Incorrect: 0 of 1 point.",
        "match": "Incorrect: 0 of 3 points.",
        "order": "Incorrect: 0 of 1 point.",
        "gaps": "Incorrect: 0 of 1 point.",
    },
}
ESSAY_LINE = "Submitted. Not scored automatically: compare your answer with the model answer, if there is one."


@pytest.mark.parametrize("how", ["right", "wrong"])
def test_every_type_scored_shown_and_kept_on_reload(tmp_path, every_site, how):
    responses = ec.RIGHT if how == "right" else ec.WRONG
    steps = [*answer_steps(ec.QUIZ_ID, ec.KINDS, responses), {"check": ec.QUIZ_ID}, {"look": ec.QUIZ_ID}]
    first, again, home = visit_site(
        tmp_path,
        every_site,
        [
            {"page": ec.QUIZ_PAGE, "steps": steps},
            {"page": ec.QUIZ_PAGE, "steps": [{"look": ec.QUIZ_ID}]},
            {"page": "index.html"},
        ],
    )
    assert first["problems"] == again["problems"] == home["problems"] == []
    checked, seen = first["steps"][-2:]
    score = ec.MAX if how == "right" else 0
    assert checked["result"].startswith(
        f"You scored {score} of {ec.MAX} points ({100 if how == 'right' else 0}%). "
        + ("Passed: 50% needed." if how == "right" else "Not passed yet: 50% needed.")
        + " 1 written answer is not scored automatically."
    ), checked["result"]
    assert seen["lines"] == {**EVERY_LINES[how], "essay": ESSAY_LINE}
    assert again["steps"][0] == seen  # a reload shows the same answers and results
    passed = "passed" if how == "right" else "not passed yet"
    assert home["progress"] == {
        ec.QUIZ_ID: [
            f"Every type: {score} of {ec.MAX} points, {passed}",
            "ck-progress-item " + ("ck-passed" if how == "right" else "ck-failed"),
        ]
    }


def test_unanswered_questions_are_asked_about_first(tmp_path, every_site):
    some = {q: ec.RIGHT[q] for q in ("sc", "tf", "order")}
    steps = [
        *answer_steps(ec.QUIZ_ID, ec.KINDS, some),
        {"check": ec.QUIZ_ID, "confirm": False},
        {"look": ec.QUIZ_ID},
        {"check": ec.QUIZ_ID, "confirm": True},
    ]
    (visit,) = visit_site(tmp_path, every_site, [{"page": ec.QUIZ_PAGE, "steps": steps}])
    assert visit["problems"] == []
    declined, seen, confirmed = visit["steps"][-3:]
    assert declined["asked"] == (
        "Not answered yet: questions 2, 4, 5, 6, 7 and 9. Questions without an answer score no points. Check anyway?"
    )
    assert declined["result"] == "" and seen["checkHidden"] is False
    assert confirmed["result"].startswith(f"You scored 4 of {ec.MAX} points (")


def test_a_number_the_language_does_not_read_is_refused(tmp_path, every_site):
    steps = [
        *answer_steps(ec.QUIZ_ID, ec.KINDS, {**ec.RIGHT, "num": "5,7"}),
        {"check": ec.QUIZ_ID},
        {"look": ec.QUIZ_ID},
    ]
    (visit,) = visit_site(tmp_path, every_site, [{"page": ec.QUIZ_PAGE, "steps": steps}])
    assert visit["problems"] == []
    checked, seen = visit["steps"][-2:]
    assert checked == {"result": "1 answer is not a number yet: correct it, then check again.", "asked": None}
    assert seen["checkHidden"] is False and seen["lines"]["num"] is None


def test_try_again_starts_a_new_attempt(tmp_path, boundary_site):
    steps = [
        *answer_steps(bc.QUIZ_ID, bc.KINDS, bc.ATTEMPTS["just-below"][0]),
        {"check": bc.QUIZ_ID},
        {"retry": bc.QUIZ_ID},
        {"look": bc.QUIZ_ID},
    ]
    quiz, home = visit_site(tmp_path, boundary_site, [{"page": BOUNDARY_PAGE, "steps": steps}, {"page": "index.html"}])
    seen = quiz["steps"][-1]
    assert seen["result"] == "" and seen["checkHidden"] is False
    assert all(a["checked"] == [] for a in seen["answers"].values())
    assert set(seen["lines"].values()) == {None}
    # the next page knows the quiz as not taken (the old result is gone from storage)
    assert home["sidebar"] == [["Quiz not taken yet", "ck-side-status"]]
    assert home["problems"] == quiz["problems"] == []
