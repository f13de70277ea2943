"""quiz.js on the HTML site as a learner meets it, in jsdom: what the learner is told (score,
pass or not, each question's result and feedback, the home page's progress, the sidebar) at
the pass mark, for every question type, for drawn and parametric questions, inline quizzes,
saved progress and a host's hook API. Fast enough to run against quiz.js's mutants
(scripts/mutation.sh): four sites, each built once per module and its plans of visits run in
one node process (`seen`), each test reading its plan's results. The Chromium tests
(test_html_browser.py, test_pass_boundaries.py) check the same pages in a browser.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from support import boundary_course as bc
from support import every_type_course as ec
from support.course_dir import export, load_rendered, write_course, write_files
from support.jsdom_lms import answer_steps
from support.jsdom_site import visit_sites
from support.package_cache import packages

sys.path.insert(0, str(Path(__file__).parent))
from html_course import INLINE_TF_RIGHT, rendered_course  # noqa: E402
from html_course import write_course as write_html_course  # noqa: E402

BOUNDARY_PAGE = f"chapter-{bc.CHAPTER_ID}.html"
PLANS: dict[str, tuple[str, list[dict]]] = {}  # name: (site, visits), all run by `seen`


def plan(name: str, site: str, visits: list[dict]) -> None:
    PLANS[name] = (site, visits)


# site: (write the course into a folder, render the course written there)
COURSES = {
    "boundary": (bc.write, load_rendered),
    "every": (ec.write, load_rendered),
    "html": (lambda root: write_html_course(root, with_sim=False), lambda root: rendered_course(root, with_sim=False)),
}


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    """Every plan's visits by name. The plans of one site run in one node process, the first
    time one of them is asked for: a mutant that fails the first tests (scripts/mutation.sh
    runs them with -x) costs one site, not all. In a mutation run each site is built once for
    all mutants (tests/support/package_cache.py)."""

    class Seen(dict):
        def __missing__(self, name: str) -> list[dict]:
            site = PLANS[name][0]
            write, render = COURSES[site]
            course = tmp_path_factory.mktemp(site)
            write(course)

            def build(root: Path) -> dict[str, Path]:
                return {"site": write_files(tmp_path_factory.mktemp(f"{site}-site"), export(render(root), "html"))}

            folder = packages(course, f"html site {site}", build)["site"]
            mine = {n: (folder, visits) for n, (s, visits) in PLANS.items() if s == site}
            self.update(visit_sites(tmp_path_factory.mktemp(f"{site}-visits"), mine))
            return self[name]

    return Seen()


def seeded(seed: int) -> str:
    """An init script: Math.random as a small seeded generator (the draws are repeatable)."""
    return (
        f"(function () {{ var s = {seed * 48271 % 2147483647}; Math.random = function () {{"
        " s = (s * 16807) % 2147483647; return (s - 1) / 2147483646; }; })();"
    )


# ---------------------------------------------------------------- the pass mark

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

# A host listening to the quiz (the hook API): the result it is given, rounded as the page shows it.
HEAR = (
    "window.heard = []; CourseKit.onQuizChecked(function (r) {"
    " heard.push([r.passed, Math.round(r.score * 1e9) / 1e9, r.max, r.passingScore]); }); true"
)

for _attempt in bc.ATTEMPTS:
    plan(
        f"boundary-{_attempt}",
        "boundary",
        [
            {
                "page": BOUNDARY_PAGE,
                "fresh": True,
                "steps": [
                    {"js": HEAR},
                    *answer_steps(bc.QUIZ_ID, bc.KINDS, bc.ATTEMPTS[_attempt][0]),
                    {"check": bc.QUIZ_ID},
                    {"look": bc.QUIZ_ID},
                    {"js": "heard"},
                ],
            },
            {"page": "index.html"},
            {"page": BOUNDARY_PAGE, "steps": [{"look": bc.QUIZ_ID}]},
        ],
    )


@pytest.mark.parametrize("attempt", list(bc.ATTEMPTS))
def test_pass_mark_at_the_boundary(seen, attempt):
    _, points, passed, _ = bc.ATTEMPTS[attempt]
    quiz, home, again = seen[f"boundary-{attempt}"]
    assert quiz["problems"] == [] and home["problems"] == [] and again["problems"] == []
    checked, look, heard = quiz["steps"][-3:]
    # what a host's onQuizChecked listener is told, at the same boundary
    assert heard == [[passed, round(points, 9), 5, 0.6]], attempt
    pct = f"{round(points / 5 * 100, 1):g}"
    verdict = "Passed: 60% needed." if passed else "Not passed yet: 60% needed."
    assert checked["result"].startswith(f"You scored {round(points, 2):g} of 5 points ({pct}%). {verdict}"), attempt
    assert (checked["asked"] is not None) is (attempt == "exactly-at")
    assert look["resultClass"].split() == ["ck-quiz-result", "ck-passed" if passed else "ck-failed"]
    assert look["lines"] == BOUNDARY_LINES[attempt]
    assert look["checkHidden"] is True and look["retryHidden"] is False
    assert quiz["sidebar"] == [
        ["\u2713 Quiz passed", "ck-side-status ck-passed"]
        if passed
        else ["Quiz not passed yet", "ck-side-status ck-failed"]
    ]
    text = f"Check: {round(points, 2):g} of 5 points, " + ("passed" if passed else "not passed yet")
    cls = "ck-progress-item " + ("ck-passed" if passed else "ck-failed")
    assert home["progress"] == {bc.QUIZ_ID: [text, cls]}, attempt
    assert home["sidebar"] == quiz["sidebar"]
    assert again["steps"][0] == look  # the checked attempt comes back as it was left


# ---------------------------------------------------------------- every type (small course)

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

for _how, _responses in (("right", ec.RIGHT), ("wrong", ec.WRONG)):
    plan(
        f"every-{_how}",
        "every",
        [
            {
                "page": ec.QUIZ_PAGE,
                "fresh": True,
                "steps": [*answer_steps(ec.QUIZ_ID, ec.KINDS, _responses), {"check": ec.QUIZ_ID}, {"look": ec.QUIZ_ID}],
            },
            {"page": ec.QUIZ_PAGE, "steps": [{"look": ec.QUIZ_ID}]},
            {"page": "index.html"},
        ],
    )


@pytest.mark.parametrize("how", ["right", "wrong"])
def test_every_type_scored_shown_and_kept_on_reload(seen, how):
    first, again, home = seen[f"every-{how}"]
    assert first["problems"] == again["problems"] == home["problems"] == []
    checked, look = first["steps"][-2:]
    score = ec.MAX if how == "right" else 0
    assert checked["result"].startswith(
        f"You scored {score} of {ec.MAX} points ({100 if how == 'right' else 0}%). "
        + ("Passed: 50% needed." if how == "right" else "Not passed yet: 50% needed.")
        + " 1 written answer is not scored automatically."
    ), checked["result"]
    assert look["lines"] == {**EVERY_LINES[how], "essay": ESSAY_LINE}
    assert again["steps"][0] == look  # a reload shows the same answers and results
    passed = "passed" if how == "right" else "not passed yet"
    assert home["progress"] == {
        ec.QUIZ_ID: [
            f"Every type: {score} of {ec.MAX} points, {passed}",
            "ck-progress-item " + ("ck-passed" if how == "right" else "ck-failed"),
        ]
    }


plan(
    "unanswered",
    "every",
    [
        {
            "page": ec.QUIZ_PAGE,
            "fresh": True,
            "steps": [
                *answer_steps(ec.QUIZ_ID, ec.KINDS, {q: ec.RIGHT[q] for q in ("sc", "tf", "order")}),
                {"check": ec.QUIZ_ID, "confirm": False},
                {"look": ec.QUIZ_ID},
                {"check": ec.QUIZ_ID, "confirm": True},
                {"look": ec.QUIZ_ID},
            ],
        }
    ],
)


def test_unanswered_questions_are_asked_about_first(seen):
    (visit,) = seen["unanswered"]
    assert visit["problems"] == []
    declined, look, confirmed, after = visit["steps"][-4:]
    assert after["marks"]["num"] == after["marks"]["short"] == []  # nothing typed: no mark
    assert declined["asked"] == (
        "Not answered yet: questions 2, 4, 5, 6, 7 and 9. Questions without an answer score no points. Check anyway?"
    )
    assert declined["result"] == "" and look["checkHidden"] is False
    assert confirmed["result"].startswith(f"You scored 4 of {ec.MAX} points (")


plan(
    "not-a-number",
    "every",
    [
        {
            "page": ec.QUIZ_PAGE,
            "fresh": True,
            "steps": [
                *answer_steps(ec.QUIZ_ID, ec.KINDS, {**ec.RIGHT, "num": "5,7"}),
                {"check": ec.QUIZ_ID},
                {"look": ec.QUIZ_ID},
            ],
        }
    ],
)


def test_a_number_the_language_does_not_read_is_refused(seen):
    (visit,) = seen["not-a-number"]
    assert visit["problems"] == []
    checked, look = visit["steps"][-2:]
    assert checked == {"result": "1 answer is not a number yet: correct it, then check again.", "asked": None}
    assert look["checkHidden"] is False and look["lines"]["num"] is None


plan(
    "try-again",
    "boundary",
    [
        {
            "page": BOUNDARY_PAGE,
            "fresh": True,
            "steps": [
                *answer_steps(bc.QUIZ_ID, bc.KINDS, bc.ATTEMPTS["just-below"][0]),
                {"check": bc.QUIZ_ID},
                {"sidebar": True},
                {"retry": bc.QUIZ_ID},
                {"look": bc.QUIZ_ID},
                {"sidebar": True},
            ],
        },
        {"page": "index.html"},
    ],
)


def test_try_again_starts_a_new_attempt(seen):
    quiz, home = seen["try-again"]
    checked_sidebar, _, look, sidebar = quiz["steps"][-4:]
    assert checked_sidebar == [["Quiz not passed yet", "ck-side-status ck-failed"]]
    assert look["result"] == "" and look["checkHidden"] is False and look["retryHidden"] is True
    assert all(a["checked"] == [] for a in look["answers"].values())
    assert set(look["lines"].values()) == {None}
    assert look["enabled"] > 0
    # the sidebar says at once that the new attempt is not taken, not the old check's status
    assert sidebar == [["Quiz not taken yet", "ck-side-status"]]
    # the next page knows the quiz as not taken (the old result is gone from storage)
    assert home["sidebar"] == [["Quiz not taken yet", "ck-side-status"]]
    assert home["progress"] == {bc.QUIZ_ID: ["Check: not taken yet", "ck-progress-item"]}  # a new attempt, no answer
    assert home["problems"] == quiz["problems"] == []


# ---------------------------------------------------------------- the html course (as test_html_browser.py)

QUIZ_PAGE = "chapter-quizzes.html"
ALL = "all-types"
ALL_KINDS = {
    "sc": "single_choice",
    "mr": "multiple_response",
    "tf": "true_false",
    "num": "numeric",
    "sa": "short_answer",
    "essay": "essay",
    "match": "matching",
    "order": "ordering",
    "fill": "fill_blanks",
}
ESSAY_TEXT = "Scaling needs communication and care."
ALL_RIGHT = {
    "sc": [0],
    "mr": [0, 1],
    "tf": False,
    "num": "5.7",
    "sa": " paris ",
    "essay": ESSAY_TEXT,
    "match": [0, 1, 2],
    "order": [0, 1, 2],
    "fill": ["Paris", "blue"],
}
ALL_WRONG = {
    "sc": [1],
    "mr": [0],
    "tf": True,
    "num": "5.8",
    "sa": "Lutetia",
    "essay": ESSAY_TEXT,
    "match": [0, 2, 1],
    "order": [2, 1, 0],
    "fill": ["Rome", "green"],
}
EXPECT_RIGHT = {
    "sc": "Correct: 2 of 2 points.",
    "mr": "Correct: 3 of 3 points.",
    "tf": "Correct: 1 of 1 point.",
    "num": "Correct: 2 of 2 points.",
    "sa": "Correct: 2 of 2 points.",
    "essay": ESSAY_LINE,
    "match": "Correct: 3 of 3 points.",
    "order": "Correct: 3 of 3 points.",
    "fill": "Correct: 2 of 2 points.",
}
EXPECT_WRONG = {
    "sc": "Incorrect: 0 of 2 points.",
    "mr": "Partly correct: 1.5 of 3 points.",
    "tf": "Incorrect: 0 of 1 point.",
    "num": "Incorrect: 0 of 2 points.",
    "sa": "Partly correct: 1 of 2 points.",
    "essay": ESSAY_LINE,
    "match": "Partly correct: 1 of 3 points.",
    "order": "Partly correct: 1 of 3 points.",
    "fill": "Incorrect: 0 of 2 points.",
}

plan(
    "all-types",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                {"look": ALL},
                *answer_steps(ALL, ALL_KINDS, ALL_RIGHT),
                {"check": ALL},
                {"look": ALL},
                {"focus": True},
                {"retry": ALL},
                {"look": ALL},
                {"focus": True},
                *answer_steps(ALL, ALL_KINDS, ALL_WRONG),
                {"check": ALL},
                {"look": ALL},
            ],
        }
    ],
)


def test_every_type_right_then_wrong(seen):
    (visit,) = seen["all-types"]
    assert visit["problems"] == []
    steps = visit["steps"]
    before = steps[0]
    # authored order (no shuffle_questions), numbered as shown; the ordering items never start in order
    assert [d[:2] for d in before["drawn"]] == [[q, k] for k, q in enumerate(ALL_KINDS)]
    assert before["numbers"]["sc"] == "Question 1 of 9" and before["numbers"]["fill"] == "Question 9 of 9"
    assert before["answers"]["order"]["order"] != ["0", "1", "2"]
    assert before["retryHidden"] is True and before["checkHidden"] is False
    n = len(answer_steps(ALL, ALL_KINDS, ALL_RIGHT))
    checked, right = steps[1 + n], steps[2 + n]
    assert checked == {
        "result": "You scored 18 of 18 points (100%). Passed: 50% needed."
        " 1 written answer is not scored automatically.",
        "asked": None,
    }
    assert right["lines"] == EXPECT_RIGHT
    assert right["resultClass"] == "ck-quiz-result ck-passed"
    assert right["feedback"]["sc"] == ["choice:0", "correct", "general"]
    assert right["feedback"]["sa"] == ["answer:0"]
    assert right["feedback"]["essay"] == ["model"]
    assert right["feedback"]["tf"] == ["general"]
    assert right["enabled"] == 0  # locked until "Try again"
    assert right["checkHidden"] is True and right["retryHidden"] is False
    assert steps[3 + n] == ["result", ALL]  # the result is read out: the focus moves there
    assert steps[6 + n] == ["input:radio", "sc"]  # a new attempt starts at the first question
    again = steps[5 + n]
    assert again["result"] == "" and again["resultClass"] == "ck-quiz-result"
    assert again["answers"]["num"]["typed"] == [""] and set(again["lines"].values()) == {None}
    assert all(fb == [] for fb in again["feedback"].values())
    assert again["enabled"] == before["enabled"] > 0  # everything unlocked again
    checked, wrong = steps[-2:]
    assert checked["result"].startswith("You scored 4.5 of 18 points (25%). Not passed yet: 50% needed.")
    assert wrong["lines"] == EXPECT_WRONG
    assert wrong["resultClass"] == "ck-quiz-result ck-failed"
    assert wrong["feedback"]["sc"] == ["choice:1", "incorrect", "general"]
    assert wrong["feedback"]["sa"] == ["answer:1"]
    assert wrong["feedback"]["tf"] == ["general"]
    assert [m[0] for m in wrong["marks"]["match"]] == ["\u2713 right", "\u2717 wrong", "\u2717 wrong"]
    assert all(m == [["\u2713 right", "ck-mark ck-right"]] * len(m) for m in right["marks"].values())
    assert [len(right["marks"][q]) for q in ALL_KINDS] == [1, 2, 1, 1, 1, 0, 3, 3, 2]
    assert right["shown"] == dict.fromkeys(ALL_KINDS)  # nothing to correct
    assert right["classes"] == {
        q: f"ck-question ck-type-{k} ck-{'ungraded' if q == 'essay' else 'correct'}" for q, k in ALL_KINDS.items()
    }
    assert checked["result"] == (
        "You scored 4.5 of 18 points (25%). Not passed yet: 50% needed. 1 written answer is not scored automatically."
        " The correct answer is shown below each of the 8 questions not answered fully right."
        " Question 1: Right a. Question 2: A; B. Question 3: False. Question 4: 5.7 plus or minus 0.05 x."
        " Question 5: Paris. Question 7: one matches 1; two matches 2; three 3 matches 3."
        " Question 8: first; second; third. Question 9: blank 1, Paris; blank 2, blue."
    )
    right_mark, wrong_mark, missed = (
        ["\u2713 right", "ck-mark ck-right"],
        ["\u2717 wrong", "ck-mark ck-wrong"],
        ["correct answer", "ck-mark ck-missed"],
    )
    assert wrong["marks"] == {
        "sc": [missed, wrong_mark],
        "mr": [right_mark, missed],
        "tf": [wrong_mark, missed],
        "num": [wrong_mark],
        "sa": [right_mark],  # the old name scores half: not wrong
        "essay": [],
        "match": [right_mark, wrong_mark, wrong_mark],
        "order": [wrong_mark, right_mark, wrong_mark],
        "fill": [wrong_mark, wrong_mark],
    }
    assert wrong["classes"]["mr"] == "ck-question ck-type-multiple_response ck-partial"  # the last check's status only
    assert wrong["classes"]["sc"] == "ck-question ck-type-single_choice ck-incorrect"
    assert wrong["shown"]["tf"] == "Correct answer:False" and wrong["shown"]["sa"] == "Correct answer:Paris"
    assert wrong["shown"]["essay"] is None


plan(
    "inline",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                {"js": "Array.from(document.querySelectorAll('section[data-ck-quiz]')).map(e => e.dataset.ckQuiz)"},
                {"js": "document.querySelectorAll('div.ck-quiz[data-ck-quiz]').length"},
                {"sidebar": True},
                {"answer": ["inline", "inline-tf", "true_false", True]},
                {"sidebar": True},
                {"check": "inline"},
                {"look": "inline"},
                {"sidebar": True},
                *answer_steps(ALL, ALL_KINDS, ALL_RIGHT),
                {"check": ALL},
                {"sidebar": True},
            ],
        },
        {"page": "index.html"},
    ],
)


def test_inline_quiz_replaces_its_marker_and_counts_in_the_sidebar(seen):
    visit, home = seen["inline"]
    assert visit["problems"] == home["problems"] == []
    steps = visit["steps"]
    assert steps[0] == ["inline", ALL]  # inline where the directive was, front matter at the end
    assert steps[1] == 0
    assert steps[2][1] == steps[4][1] == ["Quiz not taken yet", "ck-side-status"]  # until a check
    assert steps[5]["result"].startswith("You scored 1 of 1 point (100%). Passed")
    assert steps[6]["lines"] == {"inline-tf": "Correct: 1 of 1 point."}
    assert steps[7][1] == ["1 of 2 quizzes passed", "ck-side-status"]
    assert steps[-1][1] == ["\u2713 All quizzes passed", "ck-side-status ck-passed"]
    assert home["sidebar"][1] == steps[-1][1]
    assert home["progress"]["inline"] == ["Inline check: 1 of 1 point, passed", "ck-progress-item ck-passed"]


# Drawn quiz: 2 of 4 slots (select: 2, shuffle_questions), slot 0 a parametric question with
# 3 variants ("What is v + v+1?", answer 2v+1). The learner answers whatever is drawn, checks,
# and tries again, ROUNDS times on one page (a seeded Math.random: the same draws every run).
DRAWN = "drawn"
DRAWN_RIGHT = [
    ("param-v1", "numeric", "3"),
    ("param-v2", "numeric", "5"),
    ("param-v3", "numeric", "7"),
    ("p1", "true_false", True),
    ("p2", "true_false", False),
    ("p3", "single_choice", [0]),
]
ROUNDS = 12
ROUND = [
    {"look": DRAWN},
    *[{"answer": [DRAWN, q, kind, r], "optional": True} for q, kind, r in DRAWN_RIGHT],
    {"check": DRAWN},
    {"look": DRAWN},
    {"js": "CourseKit.getState('drawn')"},
    {"js": "document.querySelector(\"section[data-ck-quiz='drawn'] [data-ck-questions]\").textContent"},
    {"retry": DRAWN},
]
plan("drawn", "html", [{"page": "chapter-end.html", "fresh": True, "init": seeded(1), "steps": ROUND * ROUNDS}])


def test_drawn_and_parametric_questions(seen):
    (visit,) = seen["drawn"]
    assert visit["problems"] == []
    draws, orders = set(), set()
    for k in range(ROUNDS):
        steps = visit["steps"][k * len(ROUND) : (k + 1) * len(ROUND)]
        before, checked, after, state, text, _ = (steps[0], *steps[-5:])
        drawn = before["drawn"]
        assert len(drawn) == 2 and len({slot for _, slot, _ in drawn}) == 2, drawn  # select: 2
        for qid, slot, variant in drawn:
            draws.add((slot, variant))
            if slot == 0:  # the variant's own question, scored with the variant's answer
                assert qid == f"param-v{variant + 1}"
                assert f"What is {variant + 1} + {variant + 2}?" in text
            else:
                assert variant == 0 and qid == f"p{slot}"
        orders.add(tuple(slot for _, slot, _ in drawn))
        assert checked["result"].startswith("You scored 2 of 2 points (100%). Passed"), (k, checked)
        assert set(after["lines"].values()) == {"Correct: 1 of 1 point."}
        assert after["numbers"] == {d[0]: f"Question {n + 1} of 2" for n, d in enumerate(drawn)}
        assert state["submitted"] is True and (state["score"], state["max"], state["attempts"]) == (2, 2, k + 1)
        assert [[q["slot"], q["variant"]] for q in state["questions"]] == [d[1:] for d in drawn]
    # over the rounds: every slot and every variant drawn, and questions in shuffled order
    assert draws == {(0, 0), (0, 1), (0, 2), (1, 0), (2, 0), (3, 0)}, draws
    assert any(list(o) != sorted(o) for o in orders), orders


plan(
    "reload",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [*answer_steps(ALL, ALL_KINDS, {"num": "5.7", "sc": [0], "order": [2, 1, 0]}), {"look": ALL}],
        },
        {"page": "index.html"},
        {"page": QUIZ_PAGE, "steps": [{"look": ALL}, {"check": ALL}, {"look": ALL}]},
        {"page": QUIZ_PAGE, "steps": [{"look": ALL}, {"js": "Object.keys(localStorage).sort()"}]},
        {"page": "index.html"},
    ],
)


def test_progress_is_restored_after_reload(seen):
    answered, home, checked, again, home2 = seen["reload"]
    assert all(v["problems"] == [] for v in seen["reload"])
    before = answered["steps"][-1]
    assert home["progress"]["all-types"] == ["All types: in progress", "ck-progress-item"]
    assert home["sidebar"][1] == ["Quiz in progress", "ck-side-status"]
    restored = checked["steps"][0]
    assert restored == before  # the same questions, answers and display order
    assert restored["answers"]["num"]["typed"] == ["5.7"] and restored["answers"]["sc"]["checked"] == ["0"]
    result = checked["steps"][1]["result"]
    assert result.startswith("You scored 5 of 18 points (27.8%). Not passed yet: 50% needed.")
    assert again["steps"][0] == checked["steps"][2]
    assert again["steps"][0]["lines"]["sc"] == "Correct: 2 of 2 points."
    assert again["steps"][1] == ["coursekit:html-test:quiz:all-types"]
    assert home2["progress"]["all-types"] == ["All types: 5 of 18 points, not passed yet", "ck-progress-item ck-failed"]
    assert home2["progress"]["inline"] == ["Inline check: not taken yet", "ck-progress-item"]


# A host (the SCORM runtime) installs its storage before the engine starts.
HOST = """
  window.hostStore = {'host:inline': JSON.stringify({questions: [{slot: 0, variant: 0, answer: true}],
                                                     submitted: false, attempts: 2})};
  window.CourseKit = {storagePrefix: 'host:', storage: {
    getItem: function (k) { return k in hostStore ? hostStore[k] : null; },
    setItem: function (k, v) { hostStore[k] = v; }, removeItem: function (k) { delete hostStore[k]; }}};
  window.seenEvents = [];
  document.addEventListener('coursekit:ready', function () { seenEvents.push(['ready', CourseKit.quizIds()]); });
  document.addEventListener('coursekit:quizchecked', function (e) {
    seenEvents.push(['checked', e.detail.quiz, e.detail.score]);
  });
"""
ESSAY_STATE = {
    "questions": [{"slot": 5, "variant": 0, "answer": "Long text"}, {"slot": 0, "variant": 0, "answer": [1]}],
    "submitted": True,
    "attempts": 1,
}
plan(
    "hook",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "init": HOST,
            "steps": [
                {"look": "inline"},
                {
                    "js": "window.results = []; window.stop = CourseKit.onQuizChecked(r => results.push(r)); "
                    "CourseKit.onQuizChecked(r => { throw new Error('a broken listener'); }); CourseKit.quizIds()"
                },
                {"js": "[CourseKit.spec('inline'), CourseKit.getState('inline'), Object.keys(CourseKit.getState())]"},
                {"check": "inline"},
                {"js": "results"},
                {"js": "[JSON.parse(hostStore['host:inline']), localStorage.length, seenEvents]"},
                {"js": f"CourseKit.setState('all-types', {json.dumps(ESSAY_STATE)})"},
                {"look": ALL},
                {"js": "CourseKit.getState('all-types')"},
                {
                    "js": "CourseKit.setState('all-types', {questions: [{slot: 99, variant: 0, answer: null}]})"
                    " || CourseKit.setState('nope', {questions: []})"
                },
                {
                    "js": "stop(); CourseKit.reset('inline');"
                    " [CourseKit.getState('inline'), JSON.parse(hostStore['host:inline'])]"
                },
                {"look": "inline"},
                {"answer": ["inline", "inline-tf", "true_false", False]},
                {"check": "inline"},
                {"js": "[results.length, CourseKit.getState('nope'), CourseKit.quizStatus('inline', 0.5)]"},
            ],
        }
    ],
)


def test_hook_api_and_storage_adapter(seen):
    (visit,) = seen["hook"]
    steps = visit["steps"]
    # the only problems: the listener that throws, reported at each check; the others still run
    assert [p.split(" Error")[0] for p in visit["problems"]] == [
        "console.warn: coursekit: onQuizChecked listener failed"
    ] * 2
    assert steps[0]["answers"]["inline-tf"]["checked"] == ["true"]  # the host's saved state
    assert steps[1] == ["inline", ALL]
    spec, state, ids = steps[2]
    assert spec["slots"][0][0]["id"] == "inline-tf" and spec["pass"] == 0.6
    assert state == {"questions": [{"slot": 0, "variant": 0, "answer": True}], "submitted": False, "attempts": 2}
    assert ids == ["inline", ALL]
    assert steps[3]["result"].startswith("You scored 1 of 1 point (100%).")
    (r,) = steps[4]
    assert (r["quiz"], r["score"], r["max"], r["passed"], r["passingScore"], r["attempt"]) == (
        "inline",
        1,
        1,
        True,
        0.6,
        3,
    )
    assert isinstance(r["latency"], int) and r["latency"] >= 0
    assert r["questions"][0] | {"latency": 0} == INLINE_TF_RIGHT
    saved, local, events = steps[5]
    assert saved == {
        "questions": [{"slot": 0, "variant": 0, "answer": True}],
        "submitted": True,
        "attempts": 3,
        "score": 1,
        "max": 1,
    }
    assert local == 0  # nothing in the browser's own storage
    assert events == [["ready", ["inline", ALL]], ["checked", "inline", 1]]
    # setState: a state restored from elsewhere (e.g. suspend_data) is drawn and scored.
    assert steps[6] is True
    restored = steps[7]
    assert [d[0] for d in restored["drawn"]] == ["essay", "sc"]
    assert restored["result"].startswith(
        "You scored 0 of 2 points (0%). Not passed yet: 50% needed. 1 written answer is not scored automatically. "
        "The correct answer is shown below the question not answered fully right."
    )
    assert restored["answers"]["essay"]["typed"] == ["Long text"]
    assert steps[8]["questions"][0]["answer"] == "Long text"
    assert steps[9] is False  # an unknown slot or quiz is refused
    new, kept = steps[10]
    assert new["submitted"] is False and new["attempts"] == 3 and new["questions"][0]["answer"] is None
    assert kept == new  # reset saves the new attempt
    assert steps[11]["result"] == "" and steps[11]["answers"]["inline-tf"]["checked"] == []
    assert steps[13]["result"].startswith("You scored 0 of 1 point (0%). Not passed yet")
    assert steps[14] == [1, None, "failed"]  # unsubscribed: the second check is not reported


# ---------------------------------------------------------------- show_answers, essays only, numbers

EXTRA_FILES = {
    "course.yaml": """\
id: extra
title: Extra
language: en
passing_score: 0.5
chapters:
  - chapters/never.md
  - chapters/after.md
  - chapters/essays.md
  - chapters/numbers.md
  - chapters/select.md
  - chapters/blocks.md
  - chapters/arrange.md
""",
    "chapters/never.md": "---\nid: never\ntitle: Never\nquiz: ../quizzes/never.yaml\n---\n\nText.\n",
    "chapters/after.md": "---\nid: after\ntitle: After\nquiz: ../quizzes/after.yaml\n---\n\nText.\n",
    "chapters/essays.md": "---\nid: essays\ntitle: Essays\nquiz: ../quizzes/essays.yaml\n---\n\nText.\n",
    "chapters/numbers.md": "---\nid: numbers\ntitle: Numbers\nquiz: ../quizzes/numbers.yaml\n---\n\nText.\n",
    "chapters/select.md": "---\nid: select\ntitle: Select\nquiz: ../quizzes/select.yaml\n---\n\nText.\n",
    "chapters/blocks.md": "---\nid: blocks\ntitle: Blocks\nquiz: ../quizzes/blocks.yaml\n---\n\nText.\n",
    "chapters/arrange.md": "---\nid: arrange\ntitle: Arrange\nquiz: ../quizzes/arrange.yaml\n---\n\nText.\n",
    "quizzes/never.yaml": """\
id: never
title: Never shown
show_answers: never
questions:
  - id: pick
    type: single_choice
    prompt: Pick the first.
    choices:
      - {text: First, correct: true}
      - {text: Second, feedback: Not this one.}
  - id: write
    type: essay
    prompt: Write.
    model_answer: The model answer.
  - id: write2
    type: essay
    prompt: Write more.
""",
    "quizzes/after.yaml": """\
id: after
title: After a pass
show_answers: after_pass
questions:
  - id: pick
    type: single_choice
    prompt: Pick the first.
    choices:
      - {text: First, correct: true}
      - {text: Second}
  - id: truth
    type: true_false
    prompt: Ice is cold.
    answer: true
  - id: write
    type: essay
    prompt: Write.
    model_answer: The model answer.
""",
    "quizzes/essays.yaml": """\
id: essays
title: Only essays
show_answers: after_pass
questions:
  - id: one
    type: essay
    prompt: Write one.
    model_answer: The first model.
  - id: two
    type: essay
    prompt: Write two.
""",
    "quizzes/numbers.yaml": """\
id: numbers
title: Two numbers
questions:
  - id: n1
    type: numeric
    prompt: Type 5.5.
    answer: 5.5
  - id: n2
    type: numeric
    prompt: Type 7.
    answer: 7
""",
    "quizzes/select.yaml": "id: select\ntitle: Two of four\nselect: 2\nquestions:\n"
    + "".join(f"  - id: t{k}\n    type: true_false\n    prompt: Statement {k}.\n    answer: true\n" for k in range(4)),
    # choices of two paragraphs each: block content, so their text is no <label> (data-ck-click)
    "quizzes/blocks.yaml": """\
id: blocks
title: Block choices
questions:
  - id: para
    type: single_choice
    prompt: Pick one.
    choices:
      - {text: "First.\\n\\nIts second paragraph.", correct: true}
      - {text: "Second.\\n\\nIts second paragraph."}
  - id: fixed
    type: multiple_response
    prompt: Pick A.
    shuffle: false
    choices:
      - {text: A, correct: true}
      - {text: B}
      - {text: C}
      - {text: D}
""",
}
# An ordering question with a formula among its items (spoken by name, not by its characters),
# an essay without word limits, and the types whose answer can be incomplete.
EXTRA_FILES["quizzes/arrange.yaml"] = """\
id: arrange
title: Arrange
questions:
  - id: steps
    type: ordering
    prompt: Smallest first (x > 1).
    items: ["$x$", "$x^2$", "$x^3$"]
  - id: free
    type: essay
    prompt: Write freely.
  - id: pairs
    type: matching
    prompt: Match.
    pairs:
      - {left: one, right: '1'}
      - {left: two, right: '2'}
    distractors: ['3']
  - id: gaps
    type: fill_blanks
    prompt: Fill the gaps.
    text: The capital of France is [[city]]; of Italy [[other]].
    blanks:
      city:
        accept: [Paris]
      other:
        accept: [Rome]
  - id: short
    type: short_answer
    prompt: Name the capital of Spain.
    answers:
      - {text: Madrid}
"""
COURSES["extra"] = (lambda root: write_course(root, EXTRA_FILES), load_rendered)


# ---------------------------------------------------------------- numbers refused at their field


def number_field(quiz: str, qid: str) -> dict:
    """A step reading a numeric question's field as assistive technology meets it: the refusal
    message under the answer line, and the field's aria-invalid and aria-describedby."""
    return {
        "js": f"""(function () {{
  var li = document.querySelector("section[data-ck-quiz='{quiz}'] li[data-ck-qid='{qid}']");
  var input = li.querySelector('[data-ck-input]');
  var box = document.getElementById(input.id + '-error');
  var result = document.querySelector("section[data-ck-quiz='{quiz}'] [data-ck-result]");
  return {{ id: input.id, invalid: input.getAttribute('aria-invalid'),
    describedby: input.getAttribute('aria-describedby'),
    messages: li.querySelectorAll('[data-ck-input-error]').length,
    box: box && [box.className, box.getAttribute('data-ck-input-error'), box.textContent,
                 box.previousElementSibling === input.closest('.ck-answer-line')],
    focused: document.activeElement === input,
    result: [result.textContent.trim(), result.className] }};
}})()"""
    }


# A numeric question with a unit (its field is already described by the unit), refused twice
# for two different reasons, then accepted; a quiz with two numeric questions and no units.
plan(
    "number-messages",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                *answer_steps(ALL, ALL_KINDS, {**ALL_RIGHT, "num": "2,505"}),
                {"check": ALL},
                number_field(ALL, "num"),
                {"answer": [ALL, "num", "numeric", "  abc  "]},
                {"check": ALL},
                number_field(ALL, "num"),
                {"answer": [ALL, "num", "numeric", "5.7"]},
                {"check": ALL},
                number_field(ALL, "num"),
            ],
        }
    ],
)
plan(
    "two-numbers",
    "extra",
    [
        {
            "page": "chapter-numbers.html",
            "fresh": True,
            "steps": [
                {"answer": ["numbers", "n1", "numeric", "5,5"]},
                {"answer": ["numbers", "n2", "numeric", "seven"]},
                {"check": "numbers"},
                number_field("numbers", "n1"),
                number_field("numbers", "n2"),
                {"answer": ["numbers", "n1", "numeric", "5.5"]},
                {"answer": ["numbers", "n2", "numeric", "7"]},
                {"check": "numbers"},
                number_field("numbers", "n1"),
                number_field("numbers", "n2"),
            ],
        }
    ],
)


# Said on leaving the field, before any check; cleared on leaving it fixed.
plan(
    "number-on-leaving",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                {"answer": [ALL, "num", "numeric", "2,505"]},
                number_field(ALL, "num"),
                {"answer": [ALL, "num", "numeric", "5.7"]},
                number_field(ALL, "num"),
            ],
        }
    ],
)


# An essay's hint counts the words as the learner types.
WORDS = (
    "document.querySelector(\"section[data-ck-quiz='all-types'] li[data-ck-qid='essay'] [data-ck-words]\")"
    ".textContent.trim()"
)
plan(
    "word-count",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                {"js": WORDS},
                {"answer": [ALL, "essay", "essay", "  one two\n three "]},
                {"js": WORDS},
            ],
        }
    ],
)


def test_an_essay_counts_its_words_as_they_are_typed(seen):
    (visit,) = seen["word-count"]
    assert visit["problems"] == []
    before, _, after = visit["steps"]
    assert before.endswith(" 0 words so far.") and after.endswith(" 3 words so far."), (before, after)
    assert before.removesuffix("0 words so far.") == after.removesuffix("3 words so far.")  # the limits kept


def test_a_refused_number_is_said_when_the_learner_leaves_the_field(seen):
    (visit,) = seen["number-on-leaving"]
    assert visit["problems"] == []
    _, typed, _, fixed = visit["steps"]
    assert typed["invalid"] == "true" and typed["messages"] == 1
    assert typed["box"][2].startswith('"2,505" is not accepted')
    assert typed["result"] == ["", "ck-quiz-result"]  # nothing checked
    assert (fixed["invalid"], fixed["messages"], fixed["describedby"]) == (
        None,
        0,
        typed["id"].removesuffix("-in") + "-unit",
    )


def test_a_refused_number_is_said_at_its_field_and_cleared_when_fixed(seen):
    (visit,) = seen["number-messages"]
    assert visit["problems"] == []
    separator, syntax, fixed = (s for s in visit["steps"] if isinstance(s, dict) and "invalid" in s)
    uid = separator["id"].removesuffix("-in")
    not_yet = ["1 answer is not a number yet: correct it, then check again.", "ck-quiz-result ck-failed"]
    assert separator == {
        "id": f"{uid}-in",
        "invalid": "true",
        "describedby": f"{uid}-unit {uid}-in-error",  # the unit still, then the message
        "messages": 1,
        "box": [
            "ck-input-error",
            "",
            '"2,505" is not accepted: use a point for decimals and no thousands separators, for example 1234.5.',
            True,  # right under the answer line
        ],
        "focused": True,
        "result": not_yet,
    }
    # refused again, for another reason: the same message box, rewritten; the answer as typed, trimmed
    assert syntax == {
        **separator,
        "box": ["ck-input-error", "", '"abc" is not a number: write it with digits, for example 1234.5.', True],
    }
    # accepted: the message and the field's invalid state are gone, the unit still describes it
    assert fixed == {
        "id": f"{uid}-in",
        "invalid": None,
        "describedby": f"{uid}-unit",
        "messages": 0,
        "box": None,
        "focused": False,
        "result": [
            "You scored 18 of 18 points (100%). Passed: 50% needed. 1 written answer is not scored automatically.",
            "ck-quiz-result ck-passed",
        ],
    }


def test_two_refused_numbers_and_fields_without_a_unit(seen):
    (visit,) = seen["two-numbers"]
    assert visit["problems"] == []
    n1, n2, fixed1, fixed2 = (s for s in visit["steps"] if isinstance(s, dict) and "invalid" in s)
    not_yet = ["2 answers are not numbers yet: correct them, then check again.", "ck-quiz-result ck-failed"]
    for field, message in (
        (n1, '"5,5" is not accepted: use a point for decimals and no thousands separators, for example 1234.5.'),
        (n2, '"seven" is not a number: write it with digits, for example 1234.5.'),
    ):
        assert field["invalid"] == "true" and field["describedby"] == field["id"] + "-error", field
        assert field["box"] == ["ck-input-error", "", message, True] and field["messages"] == 1
        assert field["result"] == not_yet
    assert n1["focused"] is True and n2["focused"] is False  # the first refused field takes the focus
    for field in (fixed1, fixed2):
        # no aria-describedby left behind, not even an empty one
        assert (field["invalid"], field["describedby"], field["messages"], field["box"]) == (None, None, 0, None)
    assert fixed2["result"] == ["You scored 2 of 2 points (100%). Passed: 50% needed.", "ck-quiz-result ck-passed"]


plan(
    "never",
    "extra",
    [
        {
            "page": "chapter-never.html",
            "fresh": True,
            "steps": [
                {"answer": ["never", "pick", "single_choice", [1]]},
                {"answer": ["never", "write", "essay", "Some words here."]},
                {"answer": ["never", "write2", "essay", "More words."]},
                {"check": "never"},
                {"look": "never"},
            ],
        },
        {"page": "chapter-never.html", "steps": [{"look": "never"}, {"focus": True}]},
    ],
)


def test_show_answers_never(seen):
    visit, again = seen["never"]
    assert visit["problems"] == again["problems"] == []
    checked, look = visit["steps"][-2:]
    assert checked["result"] == (
        "You scored 0 of 1 point (0%). Not passed yet: 50% needed. 2 written answers are not scored automatically."
    )
    assert look["shown"] == {"pick": None, "write": None, "write2": None}
    assert look["feedback"]["write"] == []  # the model answer is a correct answer: never shown
    assert look["feedback"]["pick"] == ["choice:1"]  # feedback is not an answer: shown
    assert look["lineClasses"] == {
        "pick": "ck-q-result ck-incorrect",
        "write": "ck-q-result ck-ungraded",
        "write2": "ck-q-result ck-ungraded",
    }
    assert look["marks"]["pick"] == [["\u2717 wrong", "ck-mark ck-wrong"]]  # no "correct answer" beside First
    assert again["steps"][0] == look
    assert again["steps"][1] is None  # a checked quiz opened again does not take the focus


plan(
    "after-pass",
    "extra",
    [
        {
            "page": "chapter-after.html",
            "fresh": True,
            "steps": [
                {"answer": ["after", "pick", "single_choice", [1]]},
                {"answer": ["after", "truth", "true_false", False]},
                {"answer": ["after", "write", "essay", "Some words here."]},
                {"check": "after"},
                {"look": "after"},
                {"retry": "after"},
                {"answer": ["after", "pick", "single_choice", [0]]},
                {"answer": ["after", "truth", "true_false", False]},
                {"answer": ["after", "write", "essay", "Some words here."]},
                {"check": "after"},
                {"look": "after"},
                {
                    "js": "var r = document.querySelector(\"section[data-ck-quiz='after'] [data-ck-result]\");"
                    " Array.from(r.children).map(e => [e.className, e.textContent])"
                },
            ],
        },
        {"page": "chapter-after.html", "steps": [{"look": "after"}]},
    ],
)


def test_show_answers_after_pass(seen):
    visit, again = seen["after-pass"]
    assert visit["problems"] == again["problems"] == []
    steps = visit["steps"]
    failed, before = steps[3:5]
    assert failed["result"] == (
        "You scored 0 of 2 points (0%). Not passed yet: 50% needed. 1 written answer is not scored automatically."
        " Correct answers are shown after a passing attempt."
    )
    assert before["shown"] == {"pick": None, "truth": None, "write": None}
    assert before["feedback"]["write"] == []
    passed, after, spoken = steps[-3:]
    assert spoken == [["ck-visually-hidden", " Question 2: True."]]  # read out, not shown twice
    assert passed["result"] == (
        "You scored 1 of 2 points (50%). Passed: 50% needed. 1 written answer is not scored automatically."
        " The correct answer is shown below the question not answered fully right. Question 2: True."
    )
    assert after["shown"] == {"pick": None, "truth": "Correct answer:True", "write": None}
    assert after["feedback"]["write"] == ["model"]
    assert after["classes"] == {
        "pick": "ck-question ck-type-single_choice ck-correct",
        "truth": "ck-question ck-type-true_false ck-incorrect",
        "write": "ck-question ck-type-essay ck-ungraded",
    }
    assert again["steps"][0] == after  # what is shown follows from the saved state alone


plan(
    "essays",
    "extra",
    [
        {
            "page": "chapter-essays.html",
            "fresh": True,
            "steps": [
                {"answer": ["essays", "one", "essay", "One two three."]},
                {"answer": ["essays", "two", "essay", "Four."]},
                {"check": "essays"},
                {"look": "essays"},
                {"js": "CourseKit.getState('essays')"},
            ],
        },
        {"page": "index.html"},
    ],
)


def test_a_quiz_of_essays_only_is_submitted_not_scored(seen):
    visit, home = seen["essays"]
    assert visit["problems"] == home["problems"] == []
    checked, look, state = visit["steps"][-3:]
    assert checked["result"] == "Your answers are saved. Nothing in this quiz is scored automatically."
    assert look["resultClass"] == "ck-quiz-result ck-ungraded"
    assert look["lines"] == {"one": ESSAY_LINE, "two": ESSAY_LINE}
    assert look["feedback"] == {"one": ["model"], "two": []}  # after_pass: nothing to pass, shown once submitted
    assert (state["submitted"], state["score"], state["max"]) == (True, 0, 0)
    assert visit["sidebar"][2] == ["\u2713 Quiz passed", "ck-side-status ck-passed"]
    assert home["progress"]["essays"] == ["Only essays: submitted", "ck-progress-item"]


# select without shuffle_questions: each attempt draws its own questions, shown in authored order.
plan(
    "select-in-order",
    "extra",
    [
        {
            "page": "chapter-select.html",
            "fresh": True,
            "init": seeded(3),
            "steps": [
                {"js": "var q = CourseKit.getState('select').questions.map(q => q.slot); CourseKit.reset('select'); q"}
            ]
            * 10,
        }
    ],
)


def test_select_without_shuffle_draws_anew_and_keeps_the_authored_order(seen):
    (visit,) = seen["select-in-order"]
    assert visit["problems"] == []
    draws = visit["steps"]
    assert all(len(d) == 2 and d == sorted(set(d)) for d in draws), draws
    assert {s for d in draws for s in d} == {0, 1, 2, 3}, draws  # every question is drawn sometimes
    assert len({tuple(d) for d in draws}) >= 3, draws


# Choice text that holds block content is a <div>: clicking it picks the choice, as a label would,
# until the quiz is checked.
CLICK_TEXT = (
    "var texts = document.querySelectorAll(\"section[data-ck-quiz='blocks'] [data-ck-click]\");"
    " texts[%d].click(); var c = document.querySelector(\"section[data-ck-quiz='blocks'] input:checked\");"
    " [c && c.id, texts[0].getAttribute('data-ck-click'), texts[1].getAttribute('data-ck-click'),"
    " document.activeElement === c]"
)
plan(
    "block-choices",
    "extra",
    [
        {
            "page": "chapter-blocks.html",
            "fresh": True,
            "steps": [{"js": CLICK_TEXT % 1}, {"check": "blocks"}, {"js": CLICK_TEXT % 0}],
        }
    ],
)


def test_clicking_a_choices_block_text_picks_it_until_checked(seen):
    (visit,) = seen["block-choices"]
    assert visit["problems"] == []
    (picked, first, second, focused), checked, (after, _, _, _) = visit["steps"]
    assert picked == second and focused is True  # the clicked text's choice, focused
    assert checked["result"].startswith("You scored ")
    assert after == second != first  # a checked quiz keeps its answer


# What the learner sees in the order the state says: shuffled choices, a matching question's
# options, ordering items; choices with shuffle: false in authored order.
SHOWN_ORDER = """(function (quiz) {
  var st = CourseKit.getState(quiz), out = {};
  function ids(els, attr) {
    return Array.from(els).map(function (e) { return +(attr ? e.getAttribute(attr) : e.value); });
  }
  document.querySelectorAll("section[data-ck-quiz='" + quiz + "'] li.ck-question").forEach(function (li, k) {
    var selects = Array.from(li.querySelectorAll('select[data-ck-left]'));
    var shown = selects.length
      ? selects.map(function (s) { return ids(s.querySelectorAll('option:not([value=""])')); })
      : [li.querySelector('[data-ck-item]') ? ids(li.querySelectorAll('[data-ck-item]'), 'data-ck-item')
                                            : ids(li.querySelectorAll('[data-ck-option]'), 'data-ck-option')];
    out[li.getAttribute('data-ck-qid')] = [shown, st.questions[k].order === undefined ? null : st.questions[k].order];
  });
  return out;
})"""
plan(
    "shown-order",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "init": seeded(5),
            "steps": [
                {"js": SHOWN_ORDER + f"('{ALL}')"},
                {"answer": [ALL, "mr", "multiple_response", [0, 1, 2]]},
                {
                    "js": f"var list = document.querySelector(\"section[data-ck-quiz='{ALL}'] [data-ck-questions]\");"
                    " [CourseKit.getState('all-types').questions[1].answer,"
                    " Array.from(list.childNodes).filter(n => n.nodeType === 3 && n.textContent.trim()).length]"
                },
            ],
        }
    ],
)
plan(
    "fixed-order",
    "extra",
    [{"page": "chapter-blocks.html", "fresh": True, "steps": [{"js": SHOWN_ORDER + "('blocks')"}]}],
)


def test_choices_options_and_items_are_shown_in_the_drawn_order(seen):
    ((shuffled,), (fixed,)) = seen["shown-order"], seen["fixed-order"]
    assert shuffled["problems"] == fixed["problems"] == []
    orders = shuffled["steps"][0]
    for qid in ("sc", "mr", "match", "order"):
        shown, order = orders[qid]
        assert shown == [order] * len(shown), (qid, orders[qid])  # every select of a matching question
    assert all(orders[q][1] != sorted(orders[q][1]) for q in ("sc", "mr", "match"))  # seeded: all shuffled
    # every choice picked, whatever the order shown: the answer lists them in authored order;
    # the list holds the questions and no stray text
    assert shuffled["steps"][-1] == [[0, 1, 2], 0]
    assert fixed["steps"][0]["fixed"] == [[[0, 1, 2, 3]], None]  # shuffle: false: authored order, none kept


# A state saved or handed over by a host, with display orders right, wrong or missing: a valid
# order is kept, an invalid one drawn anew, a missing one drawn (an ordering question's answer is
# its order); stored answers are written back into the controls, an empty match or gap as the
# control's "choose" entry.
def saved(quiz: str, state: dict) -> str:
    """An init script: the browser already holds ``state`` as the quiz's saved state."""
    return f"localStorage.setItem('coursekit:html-test:quiz:{quiz}', {json.dumps(json.dumps(state))});"


def stored_all_types(match: list | None, order: list | None) -> str:
    """The all-types quiz saved unchecked: the single choice with an order that is no permutation,
    the multiple response with a valid one, no other order; answers only for the matching and
    ordering questions (as given) and the gaps (the select gap empty)."""
    questions = [{"slot": s, "variant": 0, "answer": None} for s in range(9)]
    questions[0]["order"] = [0, 0, 0]
    questions[1]["order"] = [2, 1, 0]
    questions[6]["answer"], questions[7]["answer"], questions[8]["answer"] = match, order, ["Paris", None]
    return saved(ALL, {"submitted": False, "attempts": 1, "questions": questions})


CONTROLS = (
    "[Array.from(document.querySelectorAll(\"li[data-ck-qid='match'] select, li[data-ck-qid='fill'] select\"))"
    ".map(s => [s.value, s.selectedIndex]), CourseKit.getState('all-types').questions.map(q => q.order || null)]"
)
plan(
    "stored-orders",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "init": stored_all_types([1, None, 0], [2, 0, 1]),
            "steps": [{"js": SHOWN_ORDER + f"('{ALL}')"}, {"js": CONTROLS}],
        },
        {"page": QUIZ_PAGE, "fresh": True, "init": stored_all_types([1, None, 0], [9, 9, 9]), "steps": [{"look": ALL}]},
        # a matching answer that is a permutation of its items is still no display order of its options
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "init": stored_all_types([1, 0, 2], None),
            "steps": [{"js": SHOWN_ORDER + f"('{ALL}')"}],
        },
    ],
)


def test_a_stored_state_keeps_valid_orders_and_redraws_the_rest(seen):
    visit, bad_answer, matched = seen["stored-orders"]
    assert visit["problems"] == bad_answer["problems"] == matched["problems"] == []
    shown_match, order = matched["steps"][0]["match"]
    assert shown_match == [order] * 3 and len(order) == 4  # four options, each select in that order
    shown, (controls, orders) = visit["steps"]
    for qid in ("sc", "mr", "match", "order"):
        assert shown[qid][0] == [shown[qid][1]] * len(shown[qid][0]), (qid, shown[qid])  # shown as the state says
    assert sorted(orders[0]) == [0, 1, 2]  # [0, 0, 0] is no order: drawn anew
    assert orders[1] == [2, 1, 0]  # a valid order is kept
    assert sorted(orders[6]) == list(range(len(orders[6])))  # none stored: drawn
    assert orders[7] == [2, 0, 1]  # an ordering question's answer is its order
    assert [v for v, _ in controls] == ["1", "", "0", ""]  # three matches, then the colour gap
    # an empty match or gap shows its "choose" entry (the first), an answered one its choice
    assert [i == 0 for _, i in controls] == [False, True, False, True]
    assert bad_answer["steps"][0]["answers"]["order"]["order"] != []  # an answer that is no order: ignored


# ---------------------------------------------------------------- the sidebar and the home page from other states

# States saved by an older version of the quiz: a variant it no longer has, an attempts count
# that is not a number. Each starts a new attempt without an error; the count of attempts is kept
# when it is a number.
STALE_VARIANT = saved(
    "inline", {"questions": [{"slot": 0, "variant": 7, "answer": True}], "submitted": True, "attempts": 3}
)
STALE_COUNT = saved(
    "inline", {"questions": [{"slot": 9, "variant": 0, "answer": True}], "submitted": False, "attempts": "3"}
)
# variant is optional in a state (a host's, or one saved before variants): the first is meant
NO_VARIANT = saved("inline", {"questions": [{"slot": 0, "answer": False}], "submitted": True, "attempts": 1})
ANNOUNCER = (
    "var f = document.querySelector(\"section[data-ck-quiz='inline'] [data-ck-form]\");"
    " [f.lastElementChild.tagName, f.lastElementChild.className, f.lastElementChild.getAttribute('aria-live')]"
)
plan(
    "stale-states",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "init": STALE_VARIANT,
            "steps": [{"look": "inline"}, {"js": "CourseKit.getState('inline')"}, {"js": ANNOUNCER}],
        },
        {"page": QUIZ_PAGE, "fresh": True, "init": STALE_COUNT, "steps": [{"js": "CourseKit.getState('inline')"}]},
        {"page": QUIZ_PAGE, "fresh": True, "init": NO_VARIANT, "steps": [{"look": "inline"}]},
    ],
)


def test_a_state_from_an_older_quiz_starts_a_new_attempt(seen):
    variant, count, no_variant = seen["stale-states"]
    assert variant["problems"] == count["problems"] == no_variant["problems"] == []
    assert no_variant["steps"][0]["result"].startswith("You scored 0 of 1 point (0%).")  # checked, as saved
    look, state, announcer = variant["steps"]
    assert look["result"] == "" and look["enabled"] > 0
    assert (state["submitted"], state["attempts"]) == (False, 3)  # a new attempt; the count kept
    assert [[q["slot"], q["variant"], q["answer"]] for q in state["questions"]] == [[0, 0, None]]
    assert count["steps"][0]["attempts"] == 0  # "3" is no count
    # where a reordered item is announced (the ordering's move buttons): a polite live region, unseen
    assert announcer == ["P", "ck-visually-hidden", "polite"]


KNOWN = "window.CourseKit = {quizKnown: function (id) { return id !== 'inline'; }};"
NONE_KNOWN = "window.CourseKit = {quizKnown: function () { return false; }};"
BROKEN = saved("inline", {"questions": 5, "submitted": True})
plan(
    "sidebar",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                {"answer": ["inline", "inline-tf", "true_false", False]},
                {"check": "inline"},
                {"sidebar": True},
                {"answer": [ALL, "sc", "single_choice", [1]]},
                {"answer": [ALL, "order", "ordering", [2, 0, 1]]},  # no item in its place: 0 points
                {"check": ALL},
                {"sidebar": True},
            ],
        },
        {"page": "index.html"},
        {"page": QUIZ_PAGE, "init": KNOWN, "steps": [{"sidebar": True}]},
        {"page": QUIZ_PAGE, "init": NONE_KNOWN, "steps": [{"sidebar": True}]},
        {"page": "index.html", "fresh": True, "init": BROKEN},
        {"page": QUIZ_PAGE, "init": BROKEN, "fresh": True, "steps": [{"look": "inline"}, {"focus": True}]},
    ],
)


def test_sidebar_and_home_page_for_every_status(seen):
    quiz, home, known, none_known, broken_home, broken_quiz = seen["sidebar"]
    assert all(v["problems"] == [] for v in seen["sidebar"])
    failed = ["Quiz not passed yet", "ck-side-status ck-failed"]
    assert quiz["steps"][2][1] == failed  # one quiz failed, the other not taken
    assert quiz["steps"][2][0] == home["sidebar"][0] == ["", "ck-side-status"]  # the intro has no quiz: no status
    assert quiz["steps"][-1][1] == failed  # both failed
    assert home["progress"] == {
        "inline": ["Inline check: 0 of 1 point, not passed yet", "ck-progress-item ck-failed"],
        ALL: ["All types: 0 of 18 points, not passed yet", "ck-progress-item ck-failed"],
        "drawn": ["Drawn quiz: not taken yet", "ck-progress-item"],
    }
    # a host that keeps only some quizzes (SCORM: another SCO's quiz): only those count
    assert known["steps"][0][1] == failed
    assert none_known["steps"][0] == [["", "ck-side-status"]] * 3
    # a stored state that is no quiz state: not taken (the page starts a new attempt)
    assert broken_home["progress"]["inline"] == ["Inline check: not taken yet", "ck-progress-item"]
    assert broken_home["sidebar"][1] == ["Quiz not taken yet", "ck-side-status"]
    assert broken_quiz["steps"][0]["result"] == "" and broken_quiz["steps"][0]["enabled"] > 0
    assert broken_quiz["steps"][1] is None  # a page that opens moves no focus


# ---------------------------------------------------------------- more of the hook API

API = """
  window.calls = [];
  window.stopA = CourseKit.onQuizChecked(function (r) { calls.push('A'); });
  CourseKit.onQuizChecked(function (r) { calls.push('B'); });
"""
plan(
    "api",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                {"js": API + "stopA(); stopA(); var s = CourseKit.spec('inline'); s.slots[0][0].correct = false; 0"},
                {"answer": ["inline", "inline-tf", "true_false", True]},
                {"check": "inline"},
                {"js": "calls"},
                {"js": "var all = CourseKit.getState(); [Object.keys(all), all.inline, CourseKit.getState('inline')]"},
                {
                    "js": "[CourseKit.scoring === CourseKitScoring, CourseKit.l10n.gettext('Correct'),"
                    " CourseKit.reset('nope')]"
                },
                {
                    "js": "CourseKit.setState('inline', {questions: [{slot: 0, variant: 0, answer: false}],"
                    " submitted: false, attempts: 4})"
                },
                {"look": "inline"},
                {"js": "JSON.parse(localStorage.getItem('coursekit:html-test:quiz:inline'))"},
            ],
        }
    ],
)


def test_hook_api_listeners_copies_and_set_state(seen):
    (visit,) = seen["api"]
    assert visit["problems"] == []
    steps = visit["steps"]
    assert steps[2]["result"].startswith(
        "You scored 1 of 1 point (100%)."
    )  # a changed copy of the spec changes nothing
    assert steps[3] == ["B"]  # A unsubscribed (twice: the second time removes nothing)
    ids, whole, one = steps[4]
    assert ids == ["inline", ALL] and whole == one and whole["submitted"] is True
    assert steps[5] == [True, "Correct", None]
    assert steps[6] is True
    restored = steps[7]
    assert restored["result"] == "" and restored["enabled"] == 2  # a checked quiz is open again
    assert restored["answers"]["inline-tf"]["checked"] == ["false"]
    assert steps[8] == {"questions": [{"slot": 0, "variant": 0, "answer": False}], "submitted": False, "attempts": 4}


# What a listener is given for a check of every type: an essay has no score, a listener that
# unsubscribes itself while it is called does not make the next one miss the check, and the
# latency is the time since the attempt started (SCORM reports it as each interaction's latency).
RESULT_LISTENERS = """
  window.results = []; window.calls = [];
  window.stopOnce = CourseKit.onQuizChecked(function (r) { calls.push('once'); stopOnce(); });
  CourseKit.onQuizChecked(function (r) { calls.push('next'); results.push(r); });
  window.t0 = Date.now(); true
"""
plan(
    "hook-result",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                {"js": RESULT_LISTENERS},
                *answer_steps(ALL, ALL_KINDS, ALL_RIGHT),
                {"check": ALL},
                {
                    "js": "var r = results[0]; [calls, r.latency >= 0 && r.latency <= Date.now() - t0 + 1000,"
                    " r.questions.map(q => [q.id, q.status, q.score, q.max, q.latency === r.latency])]"
                },
            ],
        }
    ],
)


def test_listeners_get_each_questions_result_and_the_latency(seen):
    (visit,) = seen["hook-result"]
    assert visit["problems"] == []
    calls, latency_in_range, questions = visit["steps"][-1]
    assert calls == ["once", "next"]
    assert latency_in_range is True
    by_id = {q[0]: q[1:] for q in questions}
    assert by_id["essay"] == ["ungraded", None, None, True]  # no score or max for an essay: absent
    assert by_id["sc"] == ["correct", 2, 2, True]
    assert len(by_id) == len(ALL_KINDS)


# A host hands back a checked state without its score (setState documents only questions,
# submitted and attempts as needed): the page scores the answers, and the sidebar and the home
# page must say what the page says, not "passed" for want of a maximum.
plan(
    "unscored_state",
    "html",
    [
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                {"answer": ["inline", "inline-tf", "true_false", False]},
                {"check": "inline"},
                {"look": "inline"},
                {"sidebar": True},
                {"js": "CourseKit.getState('inline')"},
            ],
        },
        {
            "page": QUIZ_PAGE,
            "fresh": True,
            "steps": [
                {
                    "js": "CourseKit.setState('inline', {questions: [{slot: 0, variant: 0, answer: false}],"
                    " submitted: true, attempts: 1})"
                },
                {"look": "inline"},
                {"sidebar": True},
                {"js": "CourseKit.getState('inline')"},
            ],
        },
        {"page": "index.html"},
    ],
)


def test_a_checked_state_without_its_score_is_scored_everywhere(seen):
    checked, restored, home = seen["unscored_state"]
    assert checked["problems"] == restored["problems"] == home["problems"] == []
    look, sidebar, state = checked["steps"][2:]
    assert look["result"].startswith("You scored 0 of 1 point (0%). Not passed yet")
    assert restored["steps"][0] is True
    assert restored["steps"][1]["result"] == look["result"]
    assert restored["steps"][2] == sidebar
    assert sidebar[1] != ["1 of 2 quizzes passed", "ck-side-status"]
    kept = restored["steps"][3]
    assert (kept["score"], kept["max"], kept["submitted"]) == (state["score"], state["max"], True) == (0, 1, True)
    assert home["progress"]["inline"] == ["Inline check: 0 of 1 point, not passed yet", "ck-progress-item ck-failed"]


# ---------------------------------------------------------------- moving items, counting words, unanswered

ARRANGE = "section[data-ck-quiz='arrange']"
# The ordering question's items as shown: [authored index, spoken name, text as a screen reader
# would flatten it].
ITEMS = (
    f"Array.from(document.querySelectorAll(\"{ARRANGE} li[data-ck-qid='steps'] [data-ck-item]\")).map(function (e) {{"
    " return [+e.getAttribute('data-ck-item'), e.getAttribute('data-ck-name'),"
    " e.querySelector('.ck-order-text').textContent.replace(/\\s+/g, ' ').trim()]; })"
)
# What the quiz's live region says (it is read out to screen-reader users).
ANNOUNCED = f'document.querySelector("{ARRANGE} form [aria-live].ck-visually-hidden").textContent'


def press(position: int, direction: int) -> dict:
    """Press the Up (-1) or Down (1) button of the item shown at `position`: what the live region
    holds at once, and whether the button kept the focus."""
    return {
        "js": f"(function () {{ var b = document.querySelectorAll(\"{ARRANGE} li[data-ck-qid='steps'] [data-ck-item]\")"
        f"[{position}].querySelector(\"[data-ck-move='{direction}']\"); b.click();"
        f" return [{ANNOUNCED}, document.activeElement === b]; }})()"
    }


plan(
    "move-items",
    "extra",
    [
        {
            "page": "chapter-arrange.html",
            "fresh": True,
            "steps": [
                {"js": ITEMS},
                *(
                    step
                    for pos, way in ((0, -1), (2, 1), (0, 1), (2, -1))
                    for step in (press(pos, way), {"wait": 80}, {"js": ANNOUNCED}, {"js": ITEMS})
                ),
            ],
        },
        {"page": "chapter-arrange.html", "steps": [{"js": ITEMS}]},
    ],
)


def test_moving_an_item_is_announced_by_its_spoken_name_and_kept(seen):
    visit, reload = seen["move-items"]
    assert visit["problems"] == reload["problems"] == []
    first, *moves = visit["steps"]
    presses = [moves[k : k + 4] for k in range(0, len(moves), 4)]
    # every item has a spoken name; the formulas' differ from their characters read flat
    assert all(name and name != text for _, name, text in first), first
    a, b, c = first
    expected = [
        ("Already first.", first),
        ("Already last.", first),
        (f'"{a[1]}" moved to position 2 of 3.', [b, a, c]),
        (f'"{c[1]}" moved to position 2 of 3.', [b, c, a]),
    ]
    # at once the live region is cleared, so that the same words are read out again; a button
    # that moved with its item keeps the focus (a focused element moved in the page loses it)
    assert [p[0] for p in presses][2:] == [["", True]] * 2
    assert [p[0][0] for p in presses] == [""] * 4
    assert [(said, shown) for _, _, said, shown in presses] == expected
    assert reload["steps"] == [[b, c, a]]  # the order moved to is the answer kept


FREE_WORDS = f"document.querySelector(\"{ARRANGE} li[data-ck-qid='free'] [data-ck-words]\").textContent.trim()"
plan(
    "free-words",
    "extra",
    [
        {
            "page": "chapter-arrange.html",
            "fresh": True,
            "steps": [
                {"js": FREE_WORDS},
                *(
                    step
                    for text in ("one", " \n  ", "a  b\nc")
                    for step in ({"answer": ["arrange", "free", "essay", text]}, {"js": FREE_WORDS})
                ),
            ],
        }
    ],
)


def test_an_essay_without_limits_counts_words_alone(seen):
    (visit,) = seen["free-words"]
    assert visit["problems"] == []
    counts = [s for s in visit["steps"] if s is not None]
    assert counts == ["0 words so far.", "1 word so far.", "0 words so far.", "3 words so far."]


ASKED_ABOUT = "Questions without an answer score no points. Check anyway?"
plan(
    "incomplete-answers",
    "extra",
    [
        {
            "page": "chapter-arrange.html",
            "fresh": True,
            "steps": [
                # only spaces typed, one pair of two, one gap of two: none of them answered
                {"answer": ["arrange", "free", "essay", "  \n "]},
                {"answer": ["arrange", "pairs", "matching", [0, None]]},
                {"answer": ["arrange", "gaps", "fill_blanks", ["Paris", "   "]]},
                {"answer": ["arrange", "short", "short_answer", "   "]},
                {"check": "arrange", "confirm": False},
                {"answer": ["arrange", "free", "essay", "Some words."]},
                {"answer": ["arrange", "pairs", "matching", [0, 1]]},
                {"answer": ["arrange", "gaps", "fill_blanks", ["Paris", "Rome"]]},
                {"check": "arrange", "confirm": False},
            ],
        },
        {
            "page": "chapter-numbers.html",
            "fresh": True,
            "steps": [{"answer": ["numbers", "n1", "numeric", "2,5"]}, {"check": "numbers"}, {"look": "numbers"}],
        },
        {
            "page": "chapter-numbers.html",
            "fresh": True,
            "steps": [
                {"answer": ["numbers", "n1", "numeric", "  "]},
                {"answer": ["numbers", "n2", "numeric", "7"]},
                {"check": "numbers", "confirm": False},
            ],
        },
    ],
)


def test_incomplete_answers_are_asked_about_and_a_refused_number_comes_first(seen):
    arrange, numbers, spaces = seen["incomplete-answers"]
    assert arrange["problems"] == numbers["problems"] == spaces["problems"] == []
    four, one = (s for s in arrange["steps"] if s is not None)
    assert four == {"result": "", "asked": f"Not answered yet: questions 2, 3, 4 and 5. {ASKED_ABOUT}"}
    assert one == {"result": "", "asked": f"Not answered yet: question 5. {ASKED_ABOUT}"}
    # a number the page refuses is said first; asking about the empty one would only delay it
    _, refused, look = numbers["steps"]
    assert refused == {"result": "1 answer is not a number yet: correct it, then check again.", "asked": None}
    assert look["checkHidden"] is False  # nothing checked
    # a number field holding only spaces is no number refused, but no answer either
    assert spaces["steps"][-1] == {"result": "", "asked": f"Not answered yet: question 1. {ASKED_ABOUT}"}


# ---------------------------------------------------------------- where progress is kept

KEY = "coursekit:extra:quiz:numbers"  # the default key: the course's id and the quiz's
BLOCKED = (
    "Object.defineProperty(window, 'localStorage', {configurable: true,"
    " get: function () { throw new Error('storage is blocked'); }});"
)
FULL = (
    "window.CourseKit = {storage: {getItem: function () { return null; },"
    " setItem: function () { throw new Error('quota exceeded'); }, removeItem: function () {}}};"
)
NUMBERS_RIGHT = [{"answer": ["numbers", "n1", "numeric", "5.5"]}, {"answer": ["numbers", "n2", "numeric", "7"]}]
plan(
    "storage",
    "extra",
    [
        # the browser's storage blocked (privacy settings): the quiz still works for the visit
        {
            "page": "chapter-numbers.html",
            "fresh": True,
            "init": BLOCKED,
            "steps": [
                *NUMBERS_RIGHT,
                {"check": "numbers"},
                {"sidebar": True},
                {"js": "CourseKit.getState('numbers')"},
                {"js": "CourseKit.reset('numbers'); CourseKit.getState('numbers')"},
            ],
        },
        # kept under the course's key, as the learner answers
        {
            "page": "chapter-numbers.html",
            "fresh": True,
            "steps": [
                NUMBERS_RIGHT[0],
                {"js": f"[Object.keys(localStorage), JSON.parse(localStorage.getItem('{KEY}')).questions[0].answer]"},
            ],
        },
        # what is stored there is unreadable: a new attempt
        {
            "page": "chapter-numbers.html",
            "init": f"localStorage.setItem('{KEY}', '{{\"questions\": [');",
            "steps": [{"look": "numbers"}],
        },
        # a storage that refuses to save (full): checking still works
        {"page": "chapter-numbers.html", "fresh": True, "init": FULL, "steps": [*NUMBERS_RIGHT, {"check": "numbers"}]},
    ],
)


def test_progress_is_kept_under_the_courses_key_and_never_breaks_the_quiz(seen):
    blocked, stored, unreadable, full = seen["storage"]
    for visit in (blocked, stored, unreadable, full):
        assert visit["problems"] == []
    *_, checked, sidebar, state, reset = blocked["steps"]
    assert checked["result"].startswith("You scored 2 of 2 points (100%). Passed")
    # the sidebar reads every quiz's progress from the storage: kept in memory for the visit
    assert sidebar[3] == ["\u2713 Quiz passed", "ck-side-status ck-passed"]
    assert [status for status, _ in sidebar].count("Quiz not taken yet") == len(sidebar) - 1
    assert (state["submitted"], state["attempts"], state["score"]) == (True, 1, 2)
    assert (reset["submitted"], reset["attempts"]) == (False, 1)
    assert [q["answer"] for q in reset["questions"]] == [None, None]
    assert stored["steps"][1] == [[KEY], "5.5"]
    look = unreadable["steps"][0]
    assert [look["answers"][q]["typed"] for q in ("n1", "n2")] == [[""], [""]]
    assert look["result"] == "" and look["checkHidden"] is False
    assert full["steps"][-1]["result"].startswith("You scored 2 of 2 points (100%). Passed")


def saved_arrange(order: list, options: list | None = None) -> str:
    """An init script: the arrange quiz saved unchecked, its ordering question shown in ``order``
    (and the matching question's right-hand options in ``options``)."""
    questions = [{"slot": k, "variant": 0, "answer": None} for k in range(5)]
    questions[0]["order"] = order
    if options is not None:
        questions[2]["order"] = options
    state = {"submitted": False, "attempts": 1, "questions": questions}
    return f"localStorage.setItem('coursekit:extra:quiz:arrange', {json.dumps(json.dumps(state))});"


# Display orders a stored state may hold that are no order of the question's three items.
NO_ORDERS = [[0, 1, 2, 5], [None, 0, 1], [-1, 0, 1], [0, 1, 3], [1.5, 0, 1], [1, 1, 0], [0, 1]]
SHOWN_ITEMS = (
    f"[Array.from(document.querySelectorAll(\"{ARRANGE} li[data-ck-qid='steps'] [data-ck-item]\"))"
    ".map(function (e) { return +e.getAttribute('data-ck-item'); }),"
    " (CourseKit.getState('arrange') || {questions: [{order: 'no quiz'}]}).questions[0].order]"
)
# Forty new attempts in one page (a seeded Math.random): the items' order shown in each.
REDRAWN = (
    "(function () { var out = []; for (var k = 0; k < 40; k++) { CourseKit.reset('arrange');"
    f" out.push(Array.from(document.querySelectorAll(\"{ARRANGE} li[data-ck-qid='steps'] [data-ck-item]\"))"
    ".map(function (e) { return +e.getAttribute('data-ck-item'); }).join('')); } return out; })()"
)
OPTIONS_SHOWN = (
    f"Array.from(document.querySelectorAll(\"{ARRANGE} li[data-ck-qid='pairs'] select[data-ck-left]\"))"
    ".map(function (s) { return Array.from(s.querySelectorAll('option:not([value=\"\"])'))"
    ".map(function (o) { return +o.value; }); })"
)
plan(
    "arrange-orders",
    "extra",
    [
        *(
            {
                "page": "chapter-arrange.html",
                "fresh": True,
                "init": saved_arrange(order),
                "steps": [{"js": SHOWN_ITEMS}],
            }
            for order in NO_ORDERS
        ),
        {
            "page": "chapter-arrange.html",
            "fresh": True,
            "init": saved_arrange([2, 0, 1]),
            "steps": [{"js": SHOWN_ITEMS}],
        },
        {"page": "chapter-arrange.html", "fresh": True, "init": seeded(7), "steps": [{"js": REDRAWN}]},
        # two pairs and a distractor: an order of the three right-hand options is kept
        *(
            {
                "page": "chapter-arrange.html",
                "fresh": True,
                "init": seeded(5) + saved_arrange([2, 0, 1], options),
                "steps": [{"js": OPTIONS_SHOWN}],
            }
            for options in ([2, 0, 1], [1, 2, 0])
        ),
    ],
)


def test_an_ordering_question_is_never_shown_in_its_answers_order(seen):
    *broken, kept, redrawn, options_a, options_b = seen["arrange-orders"]
    assert options_a["steps"][0] == [[2, 0, 1]] * 2 and options_b["steps"][0] == [[1, 2, 0]] * 2
    for order, visit in zip(NO_ORDERS, broken, strict=True):
        assert visit["problems"] == [], order
        shown, state = visit["steps"][0]
        assert sorted(shown) == [0, 1, 2] and shown != [0, 1, 2], order  # drawn anew
        assert state == shown, order
    assert kept["steps"][0] == [[2, 0, 1], [2, 0, 1]]  # a valid order is kept
    draws = redrawn["steps"][0]
    assert "012" not in draws  # the answer's order is never where the learner starts
    assert set(draws) == {"021", "102", "120", "201", "210"}, draws
