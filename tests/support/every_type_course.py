"""A small course with one question of every type, for the jsdom tests of the SCORM runtime.

Nothing is drawn at random that a learner would not see anyway: no variants, no ``select``,
questions in authored order (ordering items and shuffled choices are still shuffled on the
page; the learner in tests/js/learner.js finds options by their authored index). A second
chapter without a quiz is a page the SCO must count as visited; it links to the first in a new
window (raw HTML: ``allow_raw_html``). ``RIGHT`` and ``WRONG`` are
responses in coursekit.scoring's normalized form with the points they earn.
"""

from __future__ import annotations

from pathlib import Path

from .course_dir import write_course

QUIZ_ID = "every"
QUIZ_PAGE = "chapter-quiz.html"
READING_PAGE = "chapter-reading.html"

FILES = {
    "course.yaml": """\
id: every-type
title: Every type
language: en
passing_score: 0.5
allow_raw_html: true
chapters:
  - chapters/quiz.md
  - chapters/reading.md
""",
    "chapters/quiz.md": """\
---
id: quiz
title: The quiz
quiz: ../quizzes/every.yaml
---

Questions of every type.
""",
    "chapters/reading.md": """\
---
id: reading
title: Reading
---

Only text, and a link of the author's own HTML that opens the quiz in a new window:
<a href="chapter-quiz.html" target="_blank">the quiz</a>. Links to a page outside the course
(<a href="../another-package-entirely/chapter.html">outside</a>), to a file that is no page
(<a href="notes.html.txt">notes</a>) and to an old page (<a href="old-page.htm">old</a>).
""",
    "quizzes/every.yaml": """\
id: every
title: Every type
passing_score: 0.5
questions:
  - id: sc
    type: single_choice
    prompt: Pick the first.
    points: 2
    choices:
      - {text: First, correct: true}
      - {text: Second}
      - {text: Third}
  - id: mr
    type: multiple_response
    prompt: Pick A and B.
    scoring: partial
    choices:
      - {text: A, correct: true}
      - {text: B, correct: true}
      - {text: C}
  - id: tf
    type: true_false
    prompt: Ice is cold.
    answer: true
  - id: num
    type: numeric
    prompt: How much is 5.7?
    answer: 5.7
    tolerance: 0.05
  - id: short
    type: short_answer
    prompt: Name the capital of France.
    answers:
      - {text: Paris}
  - id: essay
    type: essay
    prompt: Say something.
    points: 3
  - id: match
    type: matching
    prompt: Match them.
    points: 3
    pairs:
      - {left: one, right: '1'}
      - {left: two, right: '2'}
      - {left: three, right: '3'}
  - id: order
    type: ordering
    prompt: Put them in order.
    items: [first, second, third]
  - id: gaps
    type: fill_blanks
    prompt: Fill the gaps.
    text: The capital of France is [[city]]; the sky is [[colour]].
    blanks:
      city:
        accept: [Paris]
      colour:
        choices: [blue, green]
        correct: blue
""",
}

KINDS = {
    "sc": "single_choice",
    "mr": "multiple_response",
    "tf": "true_false",
    "num": "numeric",
    "short": "short_answer",
    "essay": "essay",
    "match": "matching",
    "order": "ordering",
    "gaps": "fill_blanks",
}
MAX = 2 + 1 + 1 + 1 + 1 + 3 + 1 + 1  # essays are not scored automatically

ESSAY = "An essay\nover two lines, with a comma"
RIGHT = {
    "sc": [0],
    "mr": [0, 1],
    "tf": True,
    "num": "5.7",
    "short": "Paris",
    "essay": ESSAY,
    "match": [0, 1, 2],
    "order": [0, 1, 2],
    "gaps": ["Paris", "blue"],
}
# Wrong everywhere, with text that holds every delimiter of the suspend_data encoding.
WRONG = {
    "sc": [1],
    "mr": [2],
    "tf": False,
    "num": "7.5",
    "short": "Lyon, or; ~so! 100% a|b^c",
    "essay": ESSAY,
    "match": [1, 2, 0],
    "order": [2, 1, 0],
    "gaps": ["Rome; or~not", "green"],
}


def write(root: Path) -> Path:
    return write_course(root, FILES)
