"""A course for the html target's tests: every question type, rich Markdown, an inline quiz,
a drawn quiz with a parametric question, and an interactive simulation.

Written to a folder and read with the real loader and render stage. Until the render stage
runs generators and simulations (coursekit.render.author_code / simulate), the parametric
slot and the simulation are added to the rendered course by hand, in the documented shapes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

COURSE = """\
id: html-test
title: "Test course: <HTML> & friends"
description: |
  A course that exercises **every** feature of the html target.
language: en
version: "2.0.0"
authors: ["Ada Lovelace", "Alan Turing"]
license: CC-BY-4.0
prerequisites: "Chapters 1-2 of *Basics*"
passing_score: 0.6
chapters:
  - chapters/01-intro.md
  - chapters/02-quizzes.md
  - chapters/03-end.md
"""

INTRO = """\
---
id: intro
title: Introduction
summary: What this course is about, with $x^2$ math.
objectives:
  - Read a **table**.
  - Use a simulation.
---

## Text and tables

Some text with a footnote[^1] and `inline code` and math $a^2 + b^2 = c^2$.

| Name | Value |
| ---- | ----: |
| alpha | 1 |
| beta | 2 |

$$
\\sum_{i=1}^n i = \\frac{n(n+1)}{2}
$$

![A single dot](../assets/dot.png)

### Call-outs

:::{note} Mixed precision
FP16/BF16 for the forward pass.[^fp] Again.[^1]
:::

:::{tip}
A tip without a title.
:::

:::{warning} Careful
A warning.[^w]

[^w]: A footnote defined inside the warning.
:::

```python
def f(x):
    return "<script>"  # not a script
```

## Simulation

SIMULATION_HERE

Back to the [quizzes chapter](02-quizzes.md) and [the top](#text-and-tables).

[^1]: The footnote text.
[^fp]: A footnote referenced inside the note.
"""

QUIZZES = """\
---
id: quizzes
title: All question types
summary: Every question type, checked in the browser.
quiz: ../quizzes/all.yaml
---

## Inline check

:::{quiz} ../quizzes/inline.yaml
:::

## More

Text after the inline quiz.
"""

END = """\
---
id: end
title: The end
summary: A drawn quiz.
quiz: ../quizzes/drawn.yaml
---

Thanks for reading.

## Farewell notes

The quokka appears on this page and nowhere else in the course.

$$
E = mc^2 \\label{eq:energy}
$$

Equation \\eqref{eq:energy} is famous; so is $\\eqref{eq:energy}$.

```{code-block} python
:linenos:
:emphasize-lines: 2
:caption: Saying goodbye
def farewell(name):
    return f"Goodbye, {name}!"  # <b>not bold</b>
```

:::{figure} ../assets/dot.png
:alt: A single dot
:name: fig-dot

The smallest figure, with a **caption**.
:::
"""

ALL = """\
id: all-types
title: "All types"
passing_score: 0.5
questions:
  - id: sc
    type: single_choice
    prompt: "Pick $x^2$ ![a dot](../assets/dot.png)"
    points: 2
    choices:
      - text: "Right $a$"
        correct: true
        feedback: "Yes **indeed**."
      - text: Wrong
        feedback: "No, not that one."
      - text: Also wrong
    feedback:
      correct: Well done.
      incorrect: Not quite.
      general: General note.
  - id: mr
    type: multiple_response
    prompt: Pick A and B
    scoring: partial
    points: 3
    choices:
      - {text: A, correct: true}
      - {text: B, correct: true}
      - {text: C}
  - id: tf
    type: true_false
    prompt: The sky is green.
    answer: false
    feedback: {general: Look up.}
  - id: num
    type: numeric
    prompt: Speed-up of 8 GPUs at 0.05?
    answer: 5.7
    tolerance: 0.05
    unit: x
    points: 2
  - id: sa
    type: short_answer
    prompt: Capital of France?
    points: 2
    answers:
      - {text: Paris, feedback: Right.}
      - {text: Lutetia, score: 0.5, feedback: "Old name."}
  - id: essay
    type: essay
    prompt: Discuss scaling.
    points: 5
    min_words: 5
    max_words: 50
    model_answer: "A good essay says *why*."
  - id: match
    type: matching
    prompt: Match the numbers.
    points: 3
    pairs:
      - {left: one, right: "1"}
      - {left: two, right: "2"}
      - {left: "three $3$", right: "3"}
    distractors: ["4"]
  - id: order
    type: ordering
    prompt: Put in order.
    scoring: partial
    points: 3
    items: [first, second, third]
  - id: fill
    type: fill_blanks
    prompt: Fill in.
    points: 2
    text: "The capital of France is [[city]] and `[[x]]` stays; the sky is [[colour]]."
    blanks:
      city: {accept: [Paris]}
      colour: {choices: [blue, green], correct: blue}
"""

INLINE = """\
id: inline
title: Inline check
questions:
  - id: inline-tf
    type: true_false
    prompt: Inline quizzes work.
    answer: true
"""

DRAWN = """\
id: drawn
title: Drawn quiz
select: 2
shuffle_questions: true
questions:
  - id: p1
    type: true_false
    prompt: One is one, says the platypus.
    answer: true
  - id: p2
    type: true_false
    prompt: Two is three.
    answer: false
  - id: p3
    type: single_choice
    prompt: Pick yes.
    choices:
      - {text: "yes", correct: true}
      - {text: "no"}
"""

SIM_PY = """
from coursekit.sim import Figure


def line(slope, kind, rng):
    fig = Figure(title="A line")
    fig.line([0, 1], [0, slope], label=f"{kind} line", dashed=kind == "dashed")
    return fig


def pair(rng):
    a = int(rng.integers(1, 10))
    b = int(rng.integers(1, 10))
    return {"a": a, "b": b, "s": a + b}
"""


def write_course(root: Path, *, with_sim: bool = False) -> Path:
    files = {
        "course.yaml": COURSE,
        "chapters/01-intro.md": INTRO.replace("SIMULATION_HERE", ":::{simulation} line\n:::" if with_sim else ""),
        "chapters/02-quizzes.md": QUIZZES,
        "chapters/03-end.md": END,
        "quizzes/all.yaml": ALL,
        "quizzes/inline.yaml": INLINE,
        "quizzes/drawn.yaml": DRAWN,
        "simulations/sim.py": SIM_PY,
    }
    if with_sim:
        files["course.yaml"] += textwrap.dedent(
            """\
            simulations:
              - id: line
                title: A line
                source: simulations/sim.py:line
                description: A straight line whose slope is the parameter.
                params:
                  - {name: slope, label: Slope, min: 0, max: 2, step: 0.5, default: 1}
                  - {name: kind, label: Kind, choices: [solid, dashed], default: solid}
            """
        )
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / "assets").mkdir(exist_ok=True)
    (root / "assets" / "dot.png").write_bytes(PNG)
    return root


def _svg(label: str, slope: float) -> bytes:
    y = 90 - 40 * slope
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-labelledby="t d">'
        f'<title id="t">A line</title><desc id="d">Slope {label}</desc>'
        f'<line x1="10" y1="90" x2="90" y2="{y:g}" stroke="black"/><text x="10" y="15">{label}</text></svg>'
    ).encode()


class FakeSimOutput:
    """The documented SimulationOutput shape: default_svg, frames {hash: svg}, manifest."""

    def __init__(self, sim):
        import hashlib
        import itertools

        self.frames, table = {}, {}
        params = sim.params
        for combo in itertools.product(*[p.values() for p in params]):
            values = dict(zip([p.name for p in params], combo, strict=True))
            svg = _svg(f"{values['slope']} {values['kind']}", float(values["slope"]))
            h = hashlib.sha256(svg).hexdigest()
            self.frames[h] = svg
            table[self.combination_key(values)] = h
        self.manifest = {
            "controls": [
                {
                    "name": p.name,
                    "label": p.label,
                    "kind": p.kind,
                    "values": p.values(),
                    "default": p.default,
                    "unit": getattr(p, "unit", None),
                }
                for p in params
            ],
            "frames": table,
        }
        self.default_svg = self.frames[table[self.combination_key(sim.defaults())]]

    @staticmethod
    def combination_key(values):
        return "|".join(f"{k}={values[k]}" for k in sorted(values))


def rendered_course(root: Path, *, with_sim: bool = True):
    """Load and render the course; add the simulation and a parametric slot if the render
    stage cannot produce them yet."""
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    real_sims = _has("coursekit.render.simulate")
    write_course(root, with_sim=with_sim and real_sims)
    course, diags = load_course(root)
    assert course is not None and not diags.has_errors(), diags
    rendered = render_course(course)
    if with_sim and not real_sims:
        _add_fake_sim(rendered, root)
    _add_parametric(rendered)
    return rendered


def _has(module: str) -> bool:
    import importlib

    try:
        importlib.import_module(module)
        return True
    except ImportError:
        return False


def _add_fake_sim(rendered, root: Path) -> None:
    from coursekit.model import Simulation
    from coursekit.render.rendered import Fragment, SimEmbed

    sim = Simulation.model_validate(
        {
            "id": "line",
            "title": "A line",
            "source": "simulations/sim.py:line",
            "description": "A straight line whose slope is the parameter.",
            "params": [
                {"name": "slope", "label": "Slope", "min": 0, "max": 2, "step": 0.5, "default": 1},
                {"name": "kind", "label": "Kind", "choices": ["solid", "dashed"], "default": "solid"},
            ],
        }
    )
    rendered.course.simulations.append(sim)
    ch = rendered.chapters[0]
    ch.sims.append(SimEmbed(sim, {}, FakeSimOutput(sim), "assets/none.svg"))
    marker = '<div class="ck-sim" data-ck-sim="0"></div>'
    body = ch.body.html.replace(
        '<h2 id="simulation">Simulation</h2>', '<h2 id="simulation">Simulation</h2>\n' + marker, 1
    )
    ch.body = Fragment(body, ch.body.xhtml, ch.body.text, ch.body.assets)


def _add_parametric(rendered) -> None:
    """A parametric numeric question (3 variants) as the drawn quiz's first slot."""
    from coursekit.model import QUESTION_TYPES
    from coursekit.render.rendered import QuestionSlot

    rq = next(rq for rq in rendered.quizzes if rq.quiz.id == "drawn")
    source = QUESTION_TYPES["numeric"].model_validate(
        {
            "id": "param",
            "type": "numeric",
            "prompt": "What is {{ a }} + {{ b }}?",
            "answer": "{{ s }}",
            "variants": {"count": 3, "generator": "../simulations/sim.py:pair"},
        }
    )
    variants = [
        QUESTION_TYPES["numeric"].model_validate(
            {"id": f"param-v{i}", "type": "numeric", "prompt": f"What is {i} + {i + 1}?", "answer": 2 * i + 1}
        )
        for i in (1, 2, 3)
    ]
    rq.slots.insert(0, QuestionSlot(source, variants))


# The inline quiz's one question answered right, as quiz.js reports it to a host's
# onQuizChecked listener (latency zeroed: it is the learner's time). The Chromium and the jsdom
# tests of the hook API expect the same record.
INLINE_TF_RIGHT = {
    "id": "inline-tf",
    "slot": 0,
    "variant": 0,
    "type": "true_false",
    "kind": "true_false",
    "response": True,
    "status": "correct",
    "score": 1,
    "max": 1,
    "latency": 0,
}
