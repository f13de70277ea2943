"""Courses for what a SCORM runtime keeps in suspend_data across launches (tests/test_scorm_jsdom.py).

``write_carry`` : one SCO, two quizzes. ``part`` is one multiple-response question of 1 point
with partial credit in thirds (two of its three right choices: 2/3 of a point, 66.66 %, which
a score rounded to four decimals would make 0.6667, 66.67 %); ``essay`` is two essays, scored
by a person, so the SCO's score is ``part``'s alone once both are checked; the first essay has
three variants (a launch whose Math.random answers 0.99 draws the last, ``ESSAY_VARIANT``).
The chapter of ``part`` shows, through the quiz engine's public hook
``CourseKit.onQuizChecked`` (the author's own HTML: ``allow_raw_html``), the number of the
attempt just checked.
``every_in_five_pages`` : the every-type course in five pages.
``pages(n)`` : a course of ``n`` pages (``n - 1`` chapters of reading and the home page), no
quiz: its SCO is complete once every page was shown.
"""

from __future__ import annotations

from pathlib import Path

from . import every_type_course as ec
from .course_dir import write_course

PART, ESSAY = "part", "essay"  # the quizzes' ids
PAGES = {PART: "chapter-part.html", ESSAY: "chapter-essay.html"}
ESSAY_VARIANT = 2  # drawn by Math.random() = 0.99: floor(0.99 * 3)
ESSAY_QID = "words-v3"  # that variant's id, as the page shows it (1-based)
KINDS = {PART: {"thirds": "multiple_response"}, ESSAY: {ESSAY_QID: "essay"}}
TWO_THIRDS = {"thirds": [0, 1]}  # two of the three right choices: 2/3 of the point
ALL_RIGHT = {"thirds": [0, 1, 2]}
ATTEMPT = "#attempt-seen"  # where the chapter of `part` shows the attempt just checked

CARRY_FILES = {
    "course.yaml": """\
id: carry
title: Carried over
language: en
passing_score: 0.5
allow_raw_html: true
chapters:
  - chapters/part.md
  - chapters/essay.md
""",
    "chapters/part.md": """\
---
id: part
title: Part
quiz: ../quizzes/part.yaml
---

<p id="attempt-seen"></p>
<script>
window.addEventListener('load', function () {
  CourseKit.onQuizChecked(function (r) {
    document.getElementById('attempt-seen').textContent = 'Attempt ' + r.attempt;
  });
});
</script>
""",
    "chapters/essay.md": """\
---
id: essay
title: Essay
quiz: ../quizzes/essay.yaml
---

An essay, read by a person.
""",
    "quizzes/part.yaml": """\
id: part
title: Part
questions:
  - id: thirds
    type: multiple_response
    prompt: Pick the three primes.
    scoring: partial
    choices:
      - {text: '2', correct: true}
      - {text: '3', correct: true}
      - {text: '5', correct: true}
      - {text: '4'}
""",
    "quizzes/essay.yaml": """\
id: essay
title: Essay
questions:
  - id: words
    type: essay
    variants:
      count: 3
      generator: ../simulations/topic.py:topic
    prompt: "Say something about the number {{ n }}."
  - id: more
    type: essay
    prompt: Say more, if you like.
""",
    "simulations/topic.py": """\
def topic(rng):
    return {"n": int(rng.integers(1, 1000))}
""",
}


def write_carry(root: Path) -> Path:
    return write_course(root, CARRY_FILES)


# The same course updated by its author during a learner's attempt (an LMS that keeps the
# attempt hands the new package the old suspend_data): the essay's chapter no longer has a quiz,
# or the essay quiz no longer has its second question.
QUIZ_REMOVED = {k: v for k, v in CARRY_FILES.items() if k not in ("quizzes/essay.yaml", "simulations/topic.py")}
QUIZ_REMOVED["chapters/essay.md"] = CARRY_FILES["chapters/essay.md"].replace("quiz: ../quizzes/essay.yaml\n", "")
QUESTION_REMOVED = dict(CARRY_FILES)
QUESTION_REMOVED["quizzes/essay.yaml"] = CARRY_FILES["quizzes/essay.yaml"].split("  - id: more")[0]
UPDATES = {"quiz removed": QUIZ_REMOVED, "question removed": QUESTION_REMOVED}


def updated(change: str):
    """A writer of the carry course after ``change`` (a key of ``UPDATES``)."""
    return lambda root: write_course(root, UPDATES[change])


def chapter_page(i: int) -> str:
    return f"chapter-c{i:02d}.html"


def pages(n: int):
    """A writer of the course of ``n`` pages: chapters c01 ... c<n-1> and index.html (the
    package's pages in the order its SCO lists them, sorted: every chapter, then the home page)."""

    def write(root: Path) -> Path:
        chapters = range(1, n)
        files = {
            "course.yaml": f"id: pages-{n}\ntitle: {n} pages\nlanguage: en\nchapters:\n"
            + "".join(f"  - chapters/c{i:02d}.md\n" for i in chapters),
        }
        for i in chapters:
            files[f"chapters/c{i:02d}.md"] = f"---\nid: c{i:02d}\ntitle: Chapter {i}\n---\n\nPage {i} of {n}.\n"
        return write_course(root, files)

    return write


def every_in_five_pages(root: Path) -> Path:
    """The every-type course (tests/support/every_type_course.py) with two more chapters of
    reading: five pages, which the page bits of suspend_data still hold in one character."""
    files = dict(ec.FILES)
    files["course.yaml"] = ec.FILES["course.yaml"] + "  - chapters/more.md\n  - chapters/most.md\n"
    for name in ("more", "most"):
        files[f"chapters/{name}.md"] = f"---\nid: {name}\ntitle: {name.title()}\n---\n\nMore reading.\n"
    return write_course(root, files)
