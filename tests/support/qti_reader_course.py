"""A course whose questions each pin one thing a QTI importer or player reads from an item.

Used by tests/test_qti_items_read.py (the items as an importer reads them) and
tests/test_qti_items_learner.py (the items scored by the QTI engine). Every question states
its meaning in the YAML; the tests compare the items with that meaning, never with the
writer's code. ``write(root, language)`` writes the course (English, or German to see the
catalog's words), ``items(root, language)`` gives its QTI 2.1 item files by question id.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .course_dir import export, load_rendered, write_course

LONG_PROMPT = "Read the whole story before you answer. " * 8  # > 200 characters: a long title

QUESTIONS = [
    {
        "id": "sc",
        "type": "single_choice",
        # A Markdown list: a block prompt keeps it a list.
        "prompt": "Which is the difference?\n\n- take 5 from 2\n- write the result",
        "points": 2,
        "choices": [
            # Inline choice text: "- 3" is a negative number, never a bulleted list.
            {"text": "- 3", "correct": True, "feedback": "Yes, minus three."},
            {"text": "3", "feedback": "Mind the sign."},
            {"text": "7"},
        ],
        "feedback": {"correct": "Well done.", "incorrect": "Not quite.", "general": "Subtract."},
    },
    {
        "id": "sc-fixed",
        "type": "single_choice",
        "prompt": LONG_PROMPT,
        "shuffle": False,
        "choices": [{"text": "North", "correct": True}, {"text": "South"}],
    },
    {
        "id": "mr",
        "type": "multiple_response",
        "prompt": "Pick the metals.",
        "points": 2,
        "scoring": "partial",
        "choices": [
            {"text": "Iron", "correct": True, "feedback": "Iron is a metal."},
            {"text": "Copper", "correct": True},
            {"text": "Wood", "feedback": "Wood is not."},
            {"text": "Glass", "feedback": "Glass is not."},
        ],
        "feedback": {"general": "Metals conduct."},
    },
    {
        "id": "mr-all",
        "type": "multiple_response",
        "prompt": "Pick the gases.",
        "choices": [{"text": "Steam", "correct": True}, {"text": "Air", "correct": True}, {"text": "Ice"}],
    },
    {
        "id": "tf-true",
        "type": "true_false",
        "prompt": "Ice floats on water.",
        "answer": True,
        "feedback": {"correct": "Right.", "incorrect": "It floats.", "general": "Ice is less dense."},
    },
    {"id": "tf-false", "type": "true_false", "prompt": "Lead floats on water.", "answer": False},
    {
        "id": "num",
        "type": "numeric",
        "prompt": "How fast, in metres per second?",
        "answer": 12.5,
        "tolerance": 0.5,
        "unit": "m/s",
        "feedback": {"correct": "Yes.", "incorrect": "No."},
    },
    {
        "id": "sa",
        "type": "short_answer",
        "prompt": "Name the capital of France.",
        "points": 2,
        "answers": [
            # Out of score order on purpose: the best answer is not the first one written.
            {"text": "Lutetia", "score": 0.5, "feedback": "That is its Roman name."},
            {"text": "Paris", "feedback": "Right."},
            {"text": "the city of Paris on the Seine", "feedback": "Right, at length."},
        ],
    },
    {
        "id": "sa-cs",
        "type": "short_answer",
        "prompt": "The symbol of cobalt?",
        "case_sensitive": True,
        # Told apart only by case: each keeps its own score.
        "answers": [{"text": "Co"}, {"text": "CO", "score": 0.5, "feedback": "That is carbon monoxide."}],
    },
    {
        "id": "essay-range",
        "type": "essay",
        "prompt": "Discuss heat.",
        "min_words": 50,
        "max_words": 300,
        "model_answer": "A good essay names **conduction**.",
        # An essay is graded by a person: it is neither correct nor incorrect when submitted.
        "feedback": {"correct": "Good essay.", "incorrect": "Weak essay.", "general": "Thanks for writing."},
    },
    {"id": "essay-min", "type": "essay", "prompt": "Discuss cold.", "min_words": 50},
    {"id": "essay-min-one", "type": "essay", "prompt": "Say a word.", "min_words": 1},
    {"id": "essay-max", "type": "essay", "prompt": "Discuss rain.", "max_words": 300},
    {"id": "essay-max-one", "type": "essay", "prompt": "One word only.", "max_words": 1},
    # A heading and its line: a block prompt shows a heading, and the title reads its words.
    {"id": "essay-free", "type": "essay", "prompt": "## Snow\nDiscuss snow."},
    {
        "id": "match",
        "type": "matching",
        "prompt": "Match the symbols.",
        "points": 3,
        "scoring": "partial",
        "pairs": [{"left": "iron", "right": "Fe"}, {"left": "gold", "right": "Au"}, {"left": "lead", "right": "Pb"}],
        "distractors": ["Ag"],
    },
    {
        "id": "match-fixed",
        "type": "matching",
        "prompt": "Match in place.",
        "shuffle": False,
        "scoring": "all_or_nothing",
        "pairs": [{"left": "one", "right": "1"}, {"left": "two", "right": "2"}],
    },
    # Same-sized matching questions: their right-hand orders must differ too.
    *[
        {
            "id": f"match-{k}",
            "type": "matching",
            "prompt": f"Match set {k}.",
            "shuffle": False,
            "pairs": [{"left": f"{k}{i}", "right": f"{k.upper()}{i}"} for i in (1, 2, 3)],
        }
        for k in "pqrstu"
    ],
    {
        "id": "order-ten",
        "type": "ordering",
        "prompt": "Count up.",
        "scoring": "partial",
        "items": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    },
    # Same-sized ordering questions: one learned display order must not give away the others.
    *[
        {"id": f"order-{k}", "type": "ordering", "prompt": f"Order set {k}.", "items": [f"{k}a", f"{k}b", f"{k}c"]}
        for k in "pqrstu"
    ],
    {
        "id": "fill",
        "type": "fill_blanks",
        "prompt": "Name the states of water.",
        "points": 3,
        "scoring": "partial",
        "text": "Water is [[a]], ice is [[b]] and steam is a [[c]].",
        "blanks": {
            "a": {"accept": ["liquid", "a liquid at room temperature"]},
            "b": {"accept": ["solid"]},
            "c": {"choices": ["gas", "metal"], "correct": "gas"},
        },
    },
]

QUESTIONS.append(
    {
        "id": "fill-cs",
        "type": "fill_blanks",
        # Both spellings accepted, and only they: the gap compares case.
        "text": "Acidity is given as [[d]].",
        "blanks": {"d": {"accept": ["pH", "PH"], "case_sensitive": True}},
    }
)

# Each item's word limits as the learner reads them, per language (the catalogs' words;
# Swedish has no catalog: its learners read the English words the code holds).
WORD_LIMITS = {
    "en": {
        "essay-range": "(50–300 words)",
        "essay-min": "(at least 50 words)",
        "essay-min-one": "(at least 1 word)",
        "essay-max": "(at most 300 words)",
        "essay-max-one": "(at most 1 word)",
        "essay-free": None,
    },
    "de": {
        "essay-range": "(50–300 Wörter)",
        "essay-min": "(mindestens 50 Wörter)",
        "essay-min-one": "(mindestens 1 Wort)",
        "essay-max": "(höchstens 300 Wörter)",
        "essay-max-one": "(höchstens 1 Wort)",
        "essay-free": None,
    },
}
WORD_LIMITS["sv"] = WORD_LIMITS["en"]
TRUE_FALSE = {"en": ("True", "False"), "de": ("Wahr", "Falsch"), "sv": ("True", "False")}


def write(root: Path, language: str = "en") -> Path:
    course = {"id": "reader", "title": "Reader", "language": language, "chapters": ["chapters/one.md"]}
    quiz = {"id": "read", "title": "Read", "questions": QUESTIONS}
    return write_course(
        root,
        {
            "course.yaml": yaml.safe_dump(course, sort_keys=False),
            "chapters/one.md": "---\nid: one\ntitle: One\nquiz: ../quizzes/read.yaml\n---\n\nText.\n",
            "quizzes/read.yaml": yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True),
        },
    )


def items(root: Path, language: str = "en") -> dict[str, bytes]:
    """{question id: QTI 2.1 item XML} of the course written under ``root``."""
    files = export(load_rendered(write(root, language)), "qti21")
    return {p.rsplit("/", 1)[1][: -len(".xml")]: v for p, v in files.items() if p.startswith("items/read/")}
