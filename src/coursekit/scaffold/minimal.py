"""`coursekit new --minimal`: the smallest course that validates clean under --strict."""

from __future__ import annotations

FILES = {
    "course.yaml": """\
id: __COURSE_ID__
title: __COURSE_TITLE__
description: What this course is about, in a sentence or two.
language: en
version: "0.1.0"
authors: ["Your Name"]
passing_score: 0.7
chapters:
  - chapters/01-introduction.md
""",
    "chapters/01-introduction.md": """\
---
id: introduction
title: Introduction
summary: The first chapter.
objectives:
  - State what the course covers.
quiz: ../quizzes/introduction.yaml
---

Write the chapter here in Markdown. Math works too: $E = mc^2$.

:::{tip} Next step
Run `coursekit build --target html` and open `out/html/index.html`.
:::
""",
    "quizzes/introduction.yaml": """\
id: introduction-check
title: "Check: Introduction"
questions:
  - id: first-question
    type: single_choice
    prompt: Which command checks a course?
    choices:
      - text: "`coursekit validate`"
        correct: true
        feedback: Right; it reports every problem with its file, line and column.
      - text: "`coursekit check`"
        feedback: There is no such command; try `coursekit --help`.
  - id: builds-run-code
    type: true_false
    prompt: Building a course runs the Python code of its simulations.
    answer: true
    feedback:
      correct: Yes; build only courses you trust.
      incorrect: It does; simulations are numpy code that runs at build time.
""",
}
