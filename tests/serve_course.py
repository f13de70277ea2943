"""A small course with every kind of dependency a live rebuild must track: three chapters
(neighbours), quizzes at the end and inline, an image in a chapter and one only in a quiz,
a simulation, a parametric question with a generator, and a link to a Markdown file that is
not a chapter (warning CK701)."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.course_dir import write_course as write_files

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PNG2 = PNG.replace(b"\x63\x60\x00\x00\x00\x02", b"\x63\x60\x00\x00\x00\x03")

COURSE_YAML = """\
id: live
title: Live course
language: en
chapters:
  - chapters/a.md
  - chapters/b.md
  - chapters/c.md
simulations:
  - id: line
    title: A line
    source: simulations/sim.py:line
    description: A line whose slope is k.
    params:
      - {name: k, label: Slope, min: 0, max: 1, step: 0.5, default: 0.5}
"""


def chapter(cid: str, title: str, body: str, quiz: str | None) -> str:
    front = f"---\nid: {cid}\ntitle: {title}\nsummary: About {title.lower()}.\n"
    if quiz:
        front += f"quiz: ../quizzes/{quiz}.yaml\n"
    return front + "---\n\n" + body


def question(qid: str, prompt: str) -> str:
    return (
        f"  - id: {qid}\n    type: single_choice\n    prompt: '{prompt}'\n"
        "    feedback: {general: Well done.}\n    choices:\n"
        "      - {text: yes, correct: true}\n      - {text: no}\n"
    )


FILES: dict[str, str | bytes] = {
    "course.yaml": COURSE_YAML,
    "chapters/a.md": chapter(
        "a",
        "Alpha",
        "Alpha body with ![a dot](../assets/dot.png), see [the next chapter](b.md) and [notes](notes.md).\n\n"
        ":::{simulation} line\n:::\n",
        "qa",
    ),
    "chapters/b.md": chapter("b", "Beta", "Beta body.\n\n:::{quiz} ../quizzes/inline.yaml\n:::\n", "qb"),
    "chapters/c.md": chapter("c", "Gamma", "Gamma body.\n", "qc"),
    "chapters/notes.md": "Not a chapter.\n",
    "quizzes/qa.yaml": "id: qa\ntitle: Quiz A\nquestions:\n" + question("qa1", "First of A?"),
    "quizzes/qb.yaml": "id: qb\ntitle: Quiz B\nquestions:\n"
    + question("qb1", "First of B?")
    + question("qb2", "Second?"),
    "quizzes/inline.yaml": "id: inl\ntitle: Inline\nquestions:\n" + question("in1", "Inline one?"),
    "quizzes/qc.yaml": "id: qc\ntitle: Quiz C\nquestions:\n"
    + question("qc1", "Look at ![other](../assets/other.png). Yes?")
    + "  - id: qc2\n    type: numeric\n    variants: {count: 2, generator: ../simulations/gen.py:numbers}\n"
    "    prompt: 'What is {{ a }} + {{ b }}?'\n    answer: '{{ s }}'\n    tolerance: 0\n"
    "    feedback: {general: Add them.}\n",
    "simulations/sim.py": (
        "from coursekit.sim import Figure\n\n\ndef line(k, rng):\n"
        "    fig = Figure(title='line')\n    fig.line([0, 1], [0, k])\n    return fig\n"
    ),
    "simulations/gen.py": (
        "def numbers(rng):\n    a = int(rng.integers(1, 9))\n    b = 2\n    return {'a': a, 'b': b, 's': a + b}\n"
    ),
    "assets/dot.png": PNG,
    "assets/other.png": PNG2,
}


def write_course(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    if root.exists():
        shutil.rmtree(root)
    return write_files(root, {**FILES, **(files or {})})


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
