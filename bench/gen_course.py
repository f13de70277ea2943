"""Deterministic generated courses for benchmarks and scale tests.

``generate(dest, questions=N)`` writes a valid course of N questions cycling through all
nine types (every 25th one parametric, every 40th with an image), 100 questions per quiz
and chapter, plus ``simulations`` parametric simulations embedded in the chapters.

    python bench/gen_course.py OUT_DIR --questions 10000 [--chapters 50] [--simulations 20]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

SIM_PY = """\
import numpy as np

from coursekit.sim import Figure


def wave(freq, damping, shape, rng):
    x = np.linspace(0.0, 10.0, 120)
    y = np.exp(-damping * x) * (np.sin(freq * x) if shape == "sine" else np.sign(np.sin(freq * x)))
    fig = Figure(title="Damped wave")
    fig.line(x, y, label=shape)
    return fig


def numbers(rng):
    a = int(rng.integers(2, 20))
    b = int(rng.integers(2, 20))
    return {"a": a, "b": b, "s": a + b}
"""


def _q(i: int) -> str:
    """One question as YAML (indented as a list item of questions:)."""
    kind = i % 9
    fb = "    feedback: {correct: Right., incorrect: Not quite., general: See the chapter.}\n"
    head = f"  - id: q{i}\n"
    image = (
        f"    prompt: 'Question {i}: look at ![figure {i}](../assets/figure.png) and answer.'\n"
        if i % 40 == 0
        else None
    )
    if i % 25 == 0:
        return (
            head + "    type: numeric\n"
            "    variants: {count: 4, generator: ../simulations/gen.py:numbers}\n"
            f"    prompt: 'What is {{{{ a }}}} + {{{{ b }}}}? (question {i})'\n"
            "    answer: '{{ s }}'\n    tolerance: 0\n" + fb
        )
    if kind == 0:
        return (
            head
            + "    type: single_choice\n"
            + (image or f"    prompt: Which statement about item {i} holds, given $x_{{{i}}} = {i}$?\n")
            + fb
            + (
                "    choices:\n"
                f"      - {{text: 'Statement {i} A', correct: true, feedback: Yes.}}\n"
                f"      - {{text: 'Statement {i} B', feedback: No.}}\n"
                f"      - {{text: 'Statement {i} C', feedback: No.}}\n"
                f"      - {{text: 'Statement {i} D', feedback: No.}}\n"
            )
        )
    if kind == 1:
        return (
            head
            + "    type: multiple_response\n"
            + (image or f"    prompt: Select every true statement ({i}).\n")
            + fb
            + (
                f"    scoring: {'partial' if i % 2 else 'all_or_nothing'}\n    choices:\n"
                "      - {text: first, correct: true}\n      - {text: second, correct: true}\n"
                "      - {text: third}\n      - {text: fourth}\n"
            )
        )
    if kind == 2:
        return (
            head
            + "    type: true_false\n"
            + (image or f"    prompt: Statement {i} is true.\n")
            + fb
            + f"    answer: {'true' if i % 2 else 'false'}\n"
        )
    if kind == 3:
        return (
            head
            + "    type: numeric\n"
            + (image or f"    prompt: How many units for case {i}?\n")
            + fb
            + f"    answer: {i * 0.5}\n    tolerance: 0.25\n    unit: ms\n"
        )
    if kind == 4:
        return (
            head
            + "    type: short_answer\n"
            + (image or f"    prompt: Name item {i}.\n")
            + fb
            + (f"    answers:\n      - {{text: item {i}}}\n      - {{text: thing {i}, score: 0.5, feedback: Close.}}\n")
        )
    if kind == 5:
        return (
            head
            + "    type: essay\n"
            + (image or f"    prompt: Discuss case {i}.\n")
            + fb
            + "    min_words: 20\n    max_words: 200\n    model_answer: A good answer names the trade-off.\n"
        )
    if kind == 6:
        return (
            head
            + "    type: matching\n"
            + (image or f"    prompt: Match the pairs of set {i}.\n")
            + fb
            + (
                "    pairs:\n      - {left: alpha, right: one}\n      - {left: beta, right: two}\n"
                "      - {left: gamma, right: three}\n"
                "    distractors: [four]\n"
            )
        )
    if kind == 7:
        return (
            head
            + "    type: ordering\n"
            + (image or f"    prompt: Put the steps of process {i} in order.\n")
            + fb
            + "    items: [collect, clean, train, evaluate]\n"
        )
    return (
        head
        + "    type: fill_blanks\n"
        + fb
        + (
            f"    text: 'In case {i} the [[first]] comes before the [[second]].'\n"
            "    blanks:\n      first: {accept: [input, data]}\n"
            "      second: {choices: [output, model, loss], correct: output}\n"
        )
    )


def generate(
    dest: Path, questions: int = 100, *, chapters: int | None = None, simulations: int = 0, per_quiz: int = 100
) -> Path:
    dest = Path(dest)
    n_chapters = chapters or max(1, -(-questions // per_quiz))
    (dest / "chapters").mkdir(parents=True, exist_ok=True)
    (dest / "quizzes").mkdir(exist_ok=True)
    (dest / "simulations").mkdir(exist_ok=True)
    (dest / "assets").mkdir(exist_ok=True)
    (dest / "simulations" / "gen.py").write_text(SIM_PY)
    (dest / "assets" / "figure.png").write_bytes(PNG)
    sims = []
    for s in range(simulations):
        sims.append(
            f"  - id: sim-{s}\n    title: Damped wave {s}\n    source: simulations/gen.py:wave\n"
            f"    description: A damped wave; frequency, damping and shape are adjustable.\n"
            "    params:\n"
            "      - {name: freq, label: Frequency, min: 1, max: 5, step: 1, default: 2}\n"
            "      - {name: damping, label: Damping, min: 0.0, max: 0.5, step: 0.1, default: 0.1}\n"
            "      - {name: shape, label: Shape, choices: [sine, square], default: sine}\n"
        )
    chapter_files = []
    per_chapter = -(-questions // n_chapters)
    q = 0
    for c in range(n_chapters):
        name = f"chapters/c{c:03d}.md"
        chapter_files.append(name)
        count = min(per_chapter, questions - q)
        body = [
            f"## Part {c}\n",
            f"Text of chapter {c} with math $a_{{{c}}} + b$ and a table.\n",
            "| x | y |\n|---|---|\n| 1 | 2 |\n",
        ]
        for s in range(simulations):
            if s % n_chapters == c:
                body.append(f":::{{simulation}} sim-{s}\n:::\n")
        if c == 0:
            body.append("![A one-pixel figure](../assets/figure.png)\n")
        quiz_line = f"quiz: ../quizzes/c{c:03d}.yaml\n" if count > 0 else ""
        (dest / name).write_text(
            f"---\nid: c{c}\ntitle: Chapter {c}\nsummary: Generated chapter {c}.\n{quiz_line}---\n\n" + "\n".join(body)
        )
        if count > 0:
            text = f"id: quiz-{c}\ntitle: Quiz {c}\nquestions:\n" + "".join(_q(i) for i in range(q, q + count))
            (dest / "quizzes" / f"c{c:03d}.yaml").write_text(text)
        q += count
    course = (
        "id: generated\ntitle: Generated course\nlanguage: en\nversion: '1.0.0'\n"
        "description: A generated course for benchmarks.\nchapters:\n"
        + "".join(f"  - {f}\n" for f in chapter_files)
        + ("simulations:\n" + "".join(sims) if sims else "")
    )
    (dest / "course.yaml").write_text(course)
    return dest


generate_course = generate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--questions", type=int, default=100)
    ap.add_argument("--chapters", type=int)
    ap.add_argument("--simulations", type=int, default=0)
    args = ap.parse_args()
    generate(args.dest, args.questions, chapters=args.chapters, simulations=args.simulations)
    print(json.dumps({"course": str(args.dest), "questions": args.questions}))


if __name__ == "__main__":
    main()
