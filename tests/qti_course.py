"""A course with every question type, built in memory for the QTI/Canvas exporter tests.

Used until (and besides) the example courses: it covers feedback of every kind, math, an
image, a parametric question, ``select`` and ``shuffle_questions``.
"""

from __future__ import annotations

from pathlib import Path

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

QUESTIONS = [
    {
        "id": "sc",
        "type": "single_choice",
        "prompt": "Pick $x^2$ ![a dot](../assets/dot.png)",
        "points": 2,
        "choices": [
            {"text": "Right $a$", "correct": True, "feedback": "Yes **indeed**."},
            {"text": "Wrong", "feedback": "No."},
            {"text": "Also wrong"},
        ],
        "feedback": {"correct": "Well done.", "incorrect": "Not quite.", "general": "General note."},
    },
    {
        "id": "mr-all",
        "type": "multiple_response",
        "prompt": "Pick two",
        "choices": [{"text": "A", "correct": True}, {"text": "B", "correct": True}, {"text": "C"}],
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
        "id": "tf",
        "type": "true_false",
        "prompt": "The sky is green.",
        "answer": False,
        "feedback": {"general": "Look up."},
    },
    {
        "id": "num",
        "type": "numeric",
        "prompt": "Speed-up of 8 GPUs at 0.05?",
        "answer": 5.7,
        "tolerance": 0.05,
        "unit": "x",
        "points": 2,
    },
    {"id": "num-exact", "type": "numeric", "prompt": "Seven", "answer": 7},
    {
        "id": "sa",
        "type": "short_answer",
        "prompt": "Capital of France?",
        "points": 2,
        "answers": [
            {"text": "Paris", "feedback": "Right."},
            {"text": "Lutetia", "score": 0.5, "feedback": "Old name."},
        ],
    },
    {
        "id": "sa-cs",
        "type": "short_answer",
        "prompt": "Symbol for sodium",
        "case_sensitive": True,
        "answers": [{"text": "Na"}],
    },
    {
        "id": "essay",
        "type": "essay",
        "prompt": "Discuss.",
        "points": 5,
        "min_words": 50,
        "max_words": 300,
        "model_answer": "A good essay says *x*.",
    },
    {
        "id": "match",
        "type": "matching",
        "prompt": "Match",
        "points": 3,
        "pairs": [{"left": "one", "right": "1"}, {"left": "two", "right": "2"}, {"left": "three $3$", "right": "3"}],
        "distractors": ["4"],
    },
    {
        "id": "match-aon",
        "type": "matching",
        "prompt": "Match all",
        "scoring": "all_or_nothing",
        "pairs": [{"left": "a", "right": "A"}, {"left": "b", "right": "B"}],
    },
    {"id": "order", "type": "ordering", "prompt": "Order", "items": ["first", "second", "third"]},
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
        "prompt": "Fill in.",
        "points": 2,
        "text": "The capital of France is [[city]] and $[[x]]$ stays; the colour of the sky is [[colour]].",
        "blanks": {
            "city": {"accept": ["Paris", "paris city"]},
            "colour": {"choices": ["blue", "green"], "correct": "blue"},
        },
    },
    {
        "id": "fill-aon",
        "type": "fill_blanks",
        "scoring": "all_or_nothing",
        "text": "A [[a]] and B [[b]]",
        "blanks": {"a": {"accept": ["x"], "case_sensitive": True}, "b": {"accept": ["y"]}},
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


def build_rendered(root: Path, *, select: int | None = None, shuffle: bool = False):
    """Write the course's files under ``root`` and return its RenderedCourse."""
    from coursekit.model import Chapter, Course
    from coursekit.render.pipeline import render_course

    (root / "assets").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "dot.png").write_bytes(PNG)
    (root / "simulations").mkdir(exist_ok=True)
    (root / "simulations" / "gen.py").write_text(GENERATOR)
    (root / "quizzes").mkdir(exist_ok=True)
    (root / "chapters").mkdir(exist_ok=True)
    quizzes = [
        {"id": "all-types", "title": "All types & <more>", "questions": QUESTIONS},
        {
            "id": "drawn",
            "title": "Drawn",
            "select": select or 2,
            "shuffle_questions": True,
            "questions": [VARIANT_Q, QUESTIONS[0], QUESTIONS[3]],
            "passing_score": 0.5,
        },
    ]
    chapter = Chapter.model_validate(
        {"id": "ch1", "title": "Chapter", "body": "Hello", "quiz": "../quizzes/q.yaml", "quizzes": quizzes}
    )
    # Course's own validator checks chapter *paths* (the loader's input); build the loaded value directly.
    course = Course.model_construct(
        id="test-course", title="Test course", language="en", chapters=[chapter], simulations=[]
    )
    course._root = root
    ch = course.chapters[0]
    ch._path = root / "chapters" / "ch1.md"
    for quiz in ch.quizzes:
        quiz._path = root / "quizzes" / f"{quiz.id}.yaml"
    return render_course(course)


def rendered_with_examples(tmp: Path) -> list:
    """This course (built in ``tmp``) and the examples with variants and with every question
    type, rendered: what the text writers' tests hold to lxml's own serialisation."""
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    courses = [build_rendered(tmp)]
    root = Path(__file__).resolve().parents[1]
    for path in (root / "examples" / "variants", root / "examples" / "question-types"):
        course, diags = load_course(path)
        assert course is not None, diags
        courses.append(render_course(course))
    return courses


def item_roots(rendered, spelling) -> list:
    """The finished root node of every item of the course, as the QTI writer returns it."""
    from coursekit.exporters.qti.package import item_identifier
    from coursekit.exporters.qti.qti21_items import Qti21ItemWriter

    roots = []
    for rq in rendered.quizzes:
        writer = Qti21ItemWriter(rendered, rq, "../../", spelling=spelling)
        for slot in rq.slots:
            for question in slot.variants:
                roots.append(writer.item(question, item_identifier(rq.quiz.id, question.id)).root)
    return roots
