"""Two small courses for the SCO's completion rules in the jsdom tests (tests/test_scorm_jsdom.py).

``write`` : two chapters with a quiz each (2 points and 1 point) and a reading chapter between
them. The SCO is complete only once both quizzes are checked, and its score is the sum of
their points over the sum of their maxima: the first right (2 of 2), the second wrong (0 of 1)
is 2 of 3 (66.66, passed at the 50 % mark).
``write_reading`` : two chapters and no quiz: the SCO is complete once every page was shown.
"""

from __future__ import annotations

from pathlib import Path

from .course_dir import write_course

FIRST, SECOND = "first", "second"  # the quizzes' ids
PAGES = {FIRST: "chapter-one.html", SECOND: "chapter-three.html"}
READING_PAGE = "chapter-two.html"
KINDS = {FIRST: {"pick": "single_choice"}, SECOND: {"truth": "true_false"}}
# the first right, the second wrong
RESPONSES = {FIRST: {"pick": [0]}, SECOND: {"truth": False}}

FILES = {
    "course.yaml": """\
id: two-quizzes
title: Two quizzes
language: en
passing_score: 0.5
chapters:
  - chapters/one.md
  - chapters/two.md
  - chapters/three.md
""",
    "chapters/one.md": """\
---
id: one
title: One
quiz: ../quizzes/first.yaml
---

The first quiz.
""",
    "chapters/two.md": """\
---
id: two
title: Two
---

Reading between the quizzes.
""",
    "chapters/three.md": """\
---
id: three
title: Three
quiz: ../quizzes/second.yaml
---

The second quiz.
""",
    "quizzes/first.yaml": """\
id: first
title: First
passing_score: 0.5
questions:
  - id: pick
    type: single_choice
    prompt: Pick the first.
    points: 2
    choices:
      - {text: First, correct: true}
      - {text: Second}
""",
    "quizzes/second.yaml": """\
id: second
title: Second
passing_score: 0.5
questions:
  - id: truth
    type: true_false
    prompt: Water is wet.
    answer: true
""",
}

READING_FILES = {
    "course.yaml": """\
id: reading-only
title: Reading only
language: en
chapters:
  - chapters/one.md
  - chapters/two.md
""",
    "chapters/one.md": """\
---
id: one
title: One
---

The first page.
""",
    "chapters/two.md": """\
---
id: two
title: Two
---

The second page.
""",
}


def write(root: Path) -> Path:
    return write_course(root, FILES)


def write_reading(root: Path) -> Path:
    return write_course(root, READING_FILES)
