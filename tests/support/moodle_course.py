"""Courses built in memory for the Moodle exporter tests (no loader needed).

``hostile_course`` covers every question type, every feedback kind, math, an image, a
parametric question and answers full of the characters Moodle's parsers treat specially.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

# Everything Moodle's Cloze / shortanswer / XML / HTML handling could misread.
HOSTILE = [
    "a{b}c",
    "x#y~z",
    "p/q=r",
    "st*r",
    'qu"ote',
    "back\\slash",
    "end]]>here",
    "<b>&amp;",
    "=lead",
    "%50%x",
    "tail&",
    "tail\\",
]

QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "sc",
        "type": "single_choice",
        "prompt": "Pick $x^{2}$ ![a dot](../assets/dot.png) and {1:SHORTANSWER:=gotcha} ]]> <&>",
        "points": 2,
        "tags": ["basics", "math"],
        "choices": [
            {"text": "Right $a_{1}$", "correct": True, "feedback": "Yes **indeed** ]]>."},
            {"text": "Wrong", "feedback": "No."},
            {"text": "Also wrong ![dot](../assets/dot.png)"},
        ],
        "feedback": {
            "correct": "Well done.",
            "incorrect": "Not quite.",
            "general": "General note ![dot](../assets/dot.png).",
        },
    },
    {
        "id": "mr-all",
        "type": "multiple_response",
        "prompt": "Pick two",
        "choices": [{"text": "A", "correct": True}, {"text": "B", "correct": True}, {"text": "C"}],
    },
    {
        "id": "mr-one",
        "type": "multiple_response",
        "prompt": "Pick one of many",
        "choices": [{"text": "A", "correct": True}, {"text": "B"}, {"text": "C"}],
    },
    {
        "id": "mr-part",
        "type": "multiple_response",
        "prompt": "Pick three",
        "points": 3,
        "scoring": "partial",
        "choices": [
            {"text": "A", "correct": True},
            {"text": "B", "correct": True},
            {"text": "C", "correct": True},
            {"text": "D"},
            {"text": "E"},
        ],
    },
    {
        "id": "mr-seven",
        "type": "multiple_response",
        "prompt": "Pick seven",
        "scoring": "partial",
        "choices": [{"text": f"c{i}", "correct": i < 7} for i in range(9)],
    },
    {
        "id": "mr-eleven",
        "type": "multiple_response",
        "prompt": "Pick eleven",
        "scoring": "partial",
        "choices": [{"text": f"c{i}", "correct": i < 11} for i in range(12)],
    },
    {
        "id": "tf",
        "type": "true_false",
        "prompt": "The sky is green.",
        "answer": False,
        "feedback": {"correct": "Yes.", "incorrect": "No.", "general": "Look up."},
    },
    {"id": "tf-true", "type": "true_false", "prompt": "Water is wet.", "answer": True},
    {
        "id": "num",
        "type": "numeric",
        "prompt": "Speed-up of 8 GPUs at 0.05?",
        "answer": 5.7,
        "tolerance": 0.05,
        "unit": "x<y>&",
        "points": 2,
        "feedback": {"correct": "Right.", "incorrect": "Recompute."},
    },
    {"id": "num-exact", "type": "numeric", "prompt": "Seven", "answer": 7},
    {"id": "num-small", "type": "numeric", "prompt": "Tiny", "answer": 1.5e-7, "tolerance": 1e-9},
    {
        "id": "sa",
        "type": "short_answer",
        "prompt": "Capital of France?",
        "points": 2,
        "answers": [
            {"text": "Lutetia", "score": 0.5, "feedback": "Old name."},
            {"text": "Paris", "feedback": "Right."},
            {"text": "Par  is*", "score": 0.3333333},
        ],
        "feedback": {"correct": "Good.", "incorrect": "Try again."},
    },
    {
        "id": "sa-cs",
        "type": "short_answer",
        "prompt": "Symbol for sodium",
        "case_sensitive": True,
        "answers": [{"text": "Na"}],
    },
    {
        "id": "sa-hostile",
        "type": "short_answer",
        "prompt": "Type the odd strings",
        "answers": [{"text": t} for t in HOSTILE],
    },
    {
        "id": "sa-rounded",
        "type": "short_answer",
        "prompt": "Rounded score",
        "answers": [{"text": "best"}, {"text": "meh", "score": 0.33}],
    },
    {
        "id": "essay",
        "type": "essay",
        "prompt": "Discuss.",
        "points": 5,
        "min_words": 50,
        "max_words": 300,
        "model_answer": "A good essay says *x* ![dot](../assets/dot.png).",
    },
    {"id": "essay-plain", "type": "essay", "prompt": "Write anything."},
    {
        "id": "match",
        "type": "matching",
        "prompt": "Match",
        "points": 3,
        "pairs": [
            {"left": "one", "right": "1"},
            {"left": "two", "right": "2 & <two>"},
            {"left": "three $3$", "right": "3"},
        ],
        "distractors": ["4", "]]>"],
        "feedback": {"correct": "All right.", "incorrect": "Some wrong."},
    },
    {
        "id": "match-aon",
        "type": "matching",
        "prompt": "Match all",
        "scoring": "all_or_nothing",
        "shuffle": False,
        "pairs": [{"left": "a", "right": "A"}, {"left": "b", "right": "B"}],
    },
    {"id": "order", "type": "ordering", "prompt": "Order", "items": ["first", "second", "third $x$"]},
    {
        "id": "order-part",
        "type": "ordering",
        "prompt": "Order partially",
        "points": 4,
        "scoring": "partial",
        "items": ["w", "x", "y", "z"],
    },
    {
        "id": "fill",
        "type": "fill_blanks",
        "prompt": "Fill in {2:MULTICHOICE:=no~way}.",
        "points": 2,
        "text": "The capital of France is [[city]] and $[[x]]^{2}$ stays; the sky is [[colour]]; `[[code]]` too.",
        "blanks": {
            "city": {"accept": ["Paris", "paris  city"]},
            "colour": {"choices": ["blue", "gr}e#en~", "<red> & =x"], "correct": "gr}e#en~"},
        },
    },
    {
        "id": "fill-hostile",
        "type": "fill_blanks",
        "text": " ".join(f"[[g{i}]]" for i in range(len(HOSTILE))),
        "points": 12,
        "blanks": {f"g{i}": {"accept": [t], "case_sensitive": i % 2 == 0} for i, t in enumerate(HOSTILE)},
    },
    {
        "id": "fill-aon",
        "type": "fill_blanks",
        "scoring": "all_or_nothing",
        "text": "A [[a]] and B [[b]]",
        "blanks": {"a": {"accept": ["x"], "case_sensitive": True}, "b": {"accept": ["y"]}},
        "feedback": {"correct": "Both right."},
    },
]

VARIANT_Q = {
    "id": "param",
    "type": "numeric",
    "prompt": "What is {{ a }} + {{ b }}?",
    "answer": "{{ s }}",
    "variants": {"count": 3, "generator": "../simulations/gen.py:pair"},
}

GENERATOR = """
def pair(rng):
    a = int(rng.integers(1, 10))
    b = int(rng.integers(1, 10))
    return {"a": a, "b": b, "s": a + b}
"""


def build_rendered(root: Path, questions: list[dict] | None = None, title: str = "Test / course"):
    """Write the course's files under ``root`` and return its RenderedCourse."""
    from coursekit.model import Chapter, Course
    from coursekit.render.pipeline import render_course

    (root / "assets").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "dot.png").write_bytes(PNG)
    (root / "simulations").mkdir(exist_ok=True)
    (root / "simulations" / "gen.py").write_text(GENERATOR)
    quizzes = [
        {"id": "all-types", "title": "All types & <more>", "questions": questions or QUESTIONS},
        {"id": "drawn", "title": "Drawn", "questions": [VARIANT_Q, QUESTIONS[0]]},
    ]
    chapter = Chapter.model_validate(
        {"id": "ch1", "title": "Chapter", "body": "Hello", "quiz": "../quizzes/q.yaml", "quizzes": quizzes}
    )
    course = Course.model_construct(
        id="test-course",
        title=title,
        description="A *course*.",
        language="en",
        chapters=[chapter],
        simulations=[],
        allow_raw_html=False,
    )
    course._root = root
    ch = course.chapters[0]
    ch._path = root / "chapters" / "ch1.md"
    for quiz in ch.quizzes:
        quiz._path = root / "quizzes" / f"{quiz.id}.yaml"
    return render_course(course)  # a failing variant generator must fail the test, never be papered over
