"""A small valid course written into a temporary folder, for tests that break one thing."""

from __future__ import annotations

from pathlib import Path

from support.course_dir import write_course as write_files

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

COURSE_YAML = """\
id: demo
title: Demo course
language: en
chapters:
  - chapters/one.md
simulations:
  - id: curve
    title: A curve
    source: simulations/sim.py:curve
    description: A straight line whose slope is the parameter k.
    params:
      - name: k
        label: Slope
        min: 0
        max: 1
        step: 0.5
        default: 0.5
"""

CHAPTER = """\
---
id: one
title: One
quiz: ../quizzes/one.yaml
---

Body text with ![a dot](../assets/dot.png).

:::{simulation} curve
:k: 1
:::
"""

QUIZ_HEAD = """\
id: one-check
title: Check
questions:
"""

# Line 4 of the quiz is the first question's "- id:" line.
QUESTION = """\
  - id: pick
    type: single_choice
    prompt: Pick one.
    feedback: {general: Well done.}
    choices:
      - text: a
        correct: true
      - text: b
"""

# A parametric question over the generator below: its three variants are questions of their own.
PARAMETRIC = """\
  - id: add
    type: numeric
    variants: {count: 3, generator: ../simulations/sim.py:gen}
    prompt: 'What is {{ x }} + 1?'
    feedback: {correct: Yes., incorrect: No.}
    answer: '{{ x }}'
"""

SIM = """\
from coursekit.sim import Figure


def curve(k, rng):
    fig = Figure(title="curve")
    fig.line([0, 1], [0, k])
    return fig


def gen(rng):
    return {"x": 1}
"""


def write_course(root: Path, *, quiz_questions: str = QUESTION, files: dict[str, str | bytes] | None = None) -> Path:
    """Write the valid course; ``files`` overrides or adds files (path relative to root)."""
    content: dict[str, str | bytes] = {
        "course.yaml": COURSE_YAML,
        "chapters/one.md": CHAPTER,
        "quizzes/one.yaml": QUIZ_HEAD + quiz_questions,
        "simulations/sim.py": SIM,
        "assets/dot.png": PNG,
    }
    content.update(files or {})
    return write_files(root, content)


def validate_report(root: Path, *args: str) -> tuple[int, list[dict]]:
    """``coursekit validate ROOT --format json`` in this process, ROOT given relative to the
    working folder (diagnostics name files as the author typed the path): exit code and
    diagnostics, never a traceback."""
    import json

    from click.testing import CliRunner

    from coursekit.cli import cli

    result = CliRunner().invoke(cli, ["validate", str(root.relative_to(Path.cwd())), "--format", "json", *args])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]
