"""A course whose one quiz can be scored exactly at, just below and just above its pass mark.

Pass mark 60 % of 5 points (3 points). Two multiple-response questions with partial credit
give whole points and thirds of a point, so a learner can reach 2 2/3 (53.33 %), 3 (60 %)
and 3 1/3 (66.67 %, which a percentage rounded to the nearest hundredth would turn into
66.67 and rounded down into 66.66).
"""

from __future__ import annotations

from pathlib import Path

from .course_dir import write_course

QUIZ_ID = "check"
CHAPTER_ID = "only"
PASS = 0.6

FILES = {
    "course.yaml": """\
id: boundary
title: Boundary course
language: en
passing_score: 0.6
chapters:
  - chapters/only.md
""",
    "chapters/only.md": """\
---
id: only
title: The only chapter
quiz: ../quizzes/check.yaml
---

Some text before the quiz.
""",
    "quizzes/check.yaml": """\
id: check
title: Check
passing_score: 0.6
questions:
  - id: three
    type: multiple_response
    prompt: Pick the three vowels.
    points: 3
    scoring: partial
    choices:
      - {text: A, correct: true}
      - {text: E, correct: true}
      - {text: I, correct: true}
      - {text: B}
      - {text: C}
  - id: thirds
    type: multiple_response
    prompt: Pick the three primes.
    points: 1
    scoring: partial
    choices:
      - {text: '2', correct: true}
      - {text: '3', correct: true}
      - {text: '5', correct: true}
      - {text: '4'}
  - id: truth
    type: true_false
    prompt: Water is wet.
    answer: true
""",
}

# name -> (responses by question id, points, passed, raw score an LMS must store)
ATTEMPTS = {
    "just-below": ({"three": [0, 1], "thirds": [0, 1], "truth": False}, 8 / 3, False, "53.33"),
    "exactly-at": ({"three": [0, 1, 2], "thirds": [], "truth": False}, 3.0, True, "60"),
    "just-above": ({"three": [0, 1, 2], "thirds": [0], "truth": False}, 10 / 3, True, "66.66"),
}
KINDS = {"three": "multiple_response", "thirds": "multiple_response", "truth": "true_false"}


def write(root: Path) -> Path:
    return write_course(root, FILES)
