"""A course in any language for the i18n tests: every question type and every UI message
the site can show (a code block for the copy button, a simulation whose figure has a
segment, two chapters for the sidebar), with author text in Latin placeholder words, so that
any English word found on a page came from coursekit, not from the author. (Not the names of
Greek letters either: "alpha" is coursekit's English for the letter in a spoken formula.)"""

from __future__ import annotations

from pathlib import Path

import yaml

CHAPTER_ONE = """\
---
id: unus
title: Caput unum
summary: Lorem ipsum dolor sit amet.
objectives:
  - Lorem ipsum explicare.
quiz: ../quizzes/unus.yaml
---

## Pars prima

Lorem ipsum dolor sit amet, consectetur adipiscing elit.

```{code-block} python
:caption: Exemplum
x = 1
```

:::{simulation} curva
:::
"""

CHAPTER_TWO = """\
---
id: duo
title: Caput alterum
quiz: ../quizzes/duo.yaml
---

Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.
"""

SIM = """\
from coursekit.sim import Figure


def curva(k, rng):
    fig = Figure(title="curva", x_label="x", y_label="y")
    fig.line([0, 1, 2], [0, k, 2 * k], label="linea")
    fig.segments([0.5], [0.25], [1.5], [0.25], label="gradus")
    return fig
"""

QUESTIONS_ONE = [
    {
        "id": "numerus",
        "type": "numeric",
        "prompt": "Quot?",
        "answer": 2.505,
        "tolerance": 0,
        "unit": "m",
        "feedback": {"general": "Ita."},
    },
    {"id": "milia", "type": "numeric", "prompt": "Quot milia?", "answer": 2505, "points": 2.5},
    {
        "id": "unum",
        "type": "single_choice",
        "prompt": "Elige.",
        "feedback": {"correct": "Bene."},
        "choices": [{"text": "aqua", "correct": True}, {"text": "terra"}],
    },
    {
        "id": "plura",
        "type": "multiple_response",
        "prompt": "Elige plura.",
        "choices": [{"text": "ignis", "correct": True}, {"text": "aer", "correct": True}, {"text": "lux"}],
    },
    {"id": "verum", "type": "true_false", "prompt": "Verum est?", "answer": True},
    {"id": "verbum", "type": "short_answer", "prompt": "Scribe.", "answers": [{"text": "roma"}]},
    {
        "id": "scriptum",
        "type": "essay",
        "prompt": "Narra.",
        "points": 3,
        "min_words": 2,
        "max_words": 50,
        "model_answer": "Exemplum.",
    },
    {
        "id": "paria",
        "type": "matching",
        "prompt": "Iunge.",
        "pairs": [{"left": "sol", "right": "dies"}, {"left": "luna", "right": "nox"}],
    },
    {"id": "ordo", "type": "ordering", "prompt": "Ordina.", "items": ["primus", "secundus", "tertius"]},
    {
        "id": "lacunae",
        "type": "fill_blanks",
        "text": "Urbs [[urbs]] est [[color]].",
        "blanks": {"urbs": {"accept": ["roma"]}, "color": {"choices": ["ruber", "caeruleus"], "correct": "ruber"}},
    },
    {
        # Choices that are formulas: their controls are named with the formula read as words
        # (coursekit.render.speech), and left unanswered, the right ones are spoken in the result.
        "id": "formulae",
        "type": "multiple_response",
        "prompt": "Elige formulas.",
        "choices": [
            {"text": "$10^{-3}$ (milli)", "correct": True},
            {"text": "$x^2 + y^3$", "correct": True},
            {"text": r"$\frac{a}{b} \le \frac{x+1}{2}$", "correct": True},
            {"text": r"$\sqrt{x} \ne \sqrt[3]{x+1}$", "correct": True},
            {"text": r"$\bar{x}_0 \approx \hat{p} \cdot \vec{v}$", "correct": True},
            {"text": r"$\sum_{i=1}^{n} \alpha_i \to \infty$", "correct": True},
            {"text": r"$A \subseteq \mathbb{R}$"},
        ],
    },
]

QUESTIONS_TWO = [
    {"id": f"q{i}", "type": "true_false", "prompt": f"Sententia {i}.", "answer": i % 2 == 0} for i in range(4)
]


def write_i18n_course(root: Path, language: str, ui_strings: dict | None = None) -> Path:
    course = {
        "id": "lingua",
        "title": "Cursus linguae",
        "description": "Lorem ipsum.",
        "prerequisites": "Nihil.",
        "language": language,
        "version": "1.0.0",
        "license": "CC-BY-4.0",
        "authors": ["Marcus Tullius"],
        "chapters": ["chapters/unus.md", "chapters/duo.md"],
        "simulations": [
            {
                "id": "curva",
                "title": "Curva",
                "source": "simulations/curva.py:curva",
                "description": "Linea recta.",
                "params": [{"name": "k", "label": "Clivus", "min": 0.5, "max": 1.5, "step": 0.5, "default": 1.0}],
            }
        ],
    }
    if ui_strings:
        course["ui_strings"] = ui_strings
    files = {
        "course.yaml": yaml.safe_dump(course, allow_unicode=True, sort_keys=False),
        "chapters/unus.md": CHAPTER_ONE,
        "chapters/duo.md": CHAPTER_TWO,
        "simulations/curva.py": SIM,
        "quizzes/unus.yaml": yaml.safe_dump(
            {"id": "unus-probatio", "title": "Probatio prima", "passing_score": 0.8, "questions": QUESTIONS_ONE},
            allow_unicode=True,
            sort_keys=False,
        ),
        "quizzes/duo.yaml": yaml.safe_dump(
            {"id": "duo-probatio", "title": "Probatio altera", "select": 2, "questions": QUESTIONS_TWO},
            allow_unicode=True,
            sort_keys=False,
        ),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
