"""Every shipped course as a learner meets it in an LMS: the example course and each example,
packaged for SCORM and launched by scorm-again, every quiz answered in the page (once all
right, in SCORM 2004; once with mixed answers, in SCORM 1.2; the small examples in ONCE only
one of these), then what the LMS stores checked.

All right: every quiz says full points, the LMS has 100, completed and passed. Mixed (every
other question wrong): each quiz's points are what the format's rules give those answers
(coursekit.scoring, which tests/test_scoring_spec.py holds equal to the browser's scorer), and
the LMS's raw score is the aggregate rounded down, its status passed exactly when the
aggregate reaches the pass mark. No console error, no failed API call, no request leaving the
package.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from support import learner
from support.course_dir import export, load_shipped
from support.scorm_lms import ScormLms, lms_view

from coursekit.exporters.html import chapter_page
from coursekit.exporters.scorm.runtime_data import sco_mastery
from coursekit.scoring import evaluate, question_spec

ROOT = Path(__file__).resolve().parents[1]
COURSES = [ROOT / "course", *sorted(p for p in (ROOT / "examples").iterdir() if (p / "course.yaml").is_file())]
BOTH = [("2004", "right"), ("1.2", "mixed")]
# Each launch costs a fresh browser context and every chapter page: the example course and
# examples/question-types (every question type) go through both launches; these small
# examples through one, which still answers each of their quizzes in an LMS (variants: drawn
# variants scored partially; minimal: all right, 100 and passed). A new example gets both.
ONCE = {"minimal": ("2004", "right"), "variants": ("1.2", "mixed")}
CASES = [(c, *vh) for c in COURSES for vh in ([ONCE[c.name]] if c.name in ONCE else BOTH)]


def take_every_quiz(rendered, how):
    """Answer and check every quiz of the course, page by page; returns [(quiz, shown score, expected)]."""
    by_id = {(rq.quiz.id, q.id): q for rq in rendered.quizzes for slot in rq.slots for q in slot.variants}

    def act(course):
        out = []
        for rc in rendered.chapters:
            if not rc.quizzes:
                continue
            frame = course.goto(chapter_page(rc.chapter))
            for rq in rc.quizzes:
                quiz_id = rq.quiz.id
                score = maximum = 0.0
                unanswered = False
                for k, shown in enumerate(learner.shown(frame, quiz_id)):
                    q = by_id[(quiz_id, shown["qid"])]
                    response = how(q, k)
                    learner.answer(frame, quiz_id, q.id, q.type, response)
                    unanswered |= not learner.is_answer(q.type, response)
                    result = evaluate(question_spec(q), response)
                    score += result.score
                    maximum += result.max
                text = learner.check(frame, quiz_id, unanswered)
                out.append((quiz_id, text, score, maximum))
        return out

    return act


def _fmt(x: float) -> str:
    return f"{round(x, 2):g}"


def check_quiz_lines(results) -> None:
    for quiz_id, text, score, maximum in results:
        if maximum > 0:
            assert text.startswith(f"You scored {_fmt(score)} of {_fmt(maximum)} "), (quiz_id, text, score, maximum)


@pytest.mark.parametrize("course_dir,version,how", CASES, ids=[f"{v}-{h}-{c.name}" for c, v, h in CASES])
def test_shipped_course_in_scorm_again(browser, tmp_path, course_dir, version, how):
    rendered = load_shipped(course_dir)
    answer = (lambda q, k: learner.right(q)) if how == "right" else learner.mixed
    files = export(rendered, "scorm2004" if version == "2004" else "scorm12")
    s = ScormLms(tmp_path, files, version).session(browser, take_every_quiz(rendered, answer))
    assert s.problems == [] and s.failed_calls() == []
    results = s.out
    assert results, "no quiz was taken"
    check_quiz_lines(results)
    score = sum(r[2] for r in results)
    maximum = sum(r[3] for r in results)
    view = lms_view(s.cmi, version)
    mastery = sco_mastery(rendered.quizzes, rendered.course.passing_score)
    if maximum == 0:  # nothing scored automatically
        return
    ratio = score / maximum
    assert view["raw"] == _decimal(math.floor(ratio * 100 * 100 + 1e-6) / 100), (view, ratio)
    passed = ratio >= mastery - 1e-9
    if how == "right":
        assert view["raw"] == "100" and passed
    if version == "1.2":
        assert view["status"] == ("passed" if passed else "failed")
    else:
        assert view["status"] == "completed/" + ("passed" if passed else "failed")
    assert re.fullmatch(r"c1~.*", view["suspend_data"]), view["suspend_data"]


def _decimal(x: float) -> str:
    return f"{x:.10f}".rstrip("0").rstrip(".")
