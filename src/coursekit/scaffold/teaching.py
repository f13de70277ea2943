r"""`coursekit new`: a small course that shows every part of the format, with comments.

Two chapters (math, an image with alt text, a call-out, a simulation with one parameter, a
link between chapters) and one quiz with a question of each of the nine types plus a
parametric one; editor settings for the JSON Schemas, a CI workflow and a README that lists
the target limits a build reports for it. ``__COURSE_ID__`` and ``__COURSE_TITLE__`` are
filled in from the folder's name; the JSON Schemas are written by ``write_scaffold``.
"""

from __future__ import annotations

# The warnings `coursekit build --target all` gives for this course: what some targets cannot
# hold. The README lists them; tests/test_scaffold.py checks the list against a real build.
TARGET_LIMITS = {
    "CK720": "cc: the matching, ordering and two-gap fill_blanks questions are left out of the "
    "Common Cartridge's portable quiz (Canvas still imports them from its own copy)",
    "CK721": "cc: the portable quiz has no numeric question; the numeric questions accept the answer as written",
    "CK722": "cc: the portable quiz scores the partial-credit multiple_response question all or nothing",
    "CK725": "cc: the portable quiz holds the first variant of the parametric question",
    "CK760": "canvas: Canvas has no ordering question; it becomes a matching question (item -> position)",
    "CK761": "canvas: Canvas cannot mix typed and drop-down blanks; the drop-down becomes a typed blank",
}

COURSE_YAML = """\
# course.yaml: the course's metadata, its chapters in order and its simulations.
# Every key is explained in coursekit's docs/format.md; VS Code shows the same help when you
# hover over a key (.vscode/settings.json maps the JSON Schemas in .vscode/).
id: __COURSE_ID__                 # a slug: used in package ids, so keep it stable
title: __COURSE_TITLE__
description: |
  A short example course that shows every part of the coursekit format: replace it with yours.
language: en                      # BCP 47 (en, en-GB, de, pt-BR)
version: "0.1.0"                  # quoted: a version is text, not a number
authors: ["Your Name"]
license: CC-BY-4.0
passing_score: 0.7                # the fraction of a quiz's points needed to pass
chapters:                         # in order; paths are relative to this file
  - chapters/01-throwing.md
  - chapters/02-next-steps.md
simulations:
  - id: projectile
    title: Where a thrown ball lands
    source: simulations/projectile.py:trajectory   # file.py:function
    description: >
      The path of a ball thrown at 20 m/s from the ground, without air resistance, for the
      chosen launch angle: height against distance, with the landing point marked.
    params:                       # each becomes a slider (numbers) or a select (choices)
      - name: angle               # the keyword argument the function receives
        label: Launch angle
        min: 15
        max: 75
        step: 15
        default: 45               # must be a grid value: min + k*step
        unit: "°"
# Warnings you decide to live with can be silenced here, in a chapter, a quiz or a question:
# lint: {ignore: [CK403]}
"""

CHAPTER_1 = r"""---
id: throwing
title: Throwing a ball
summary: 'How far a ball flies, from $v$ and the launch angle $\theta$.'   # math in single quotes
objectives:
  - Predict the range of a throw from its speed and angle.
  - Explain why $45°$ gives the longest throw on level ground.
quiz: ../quizzes/throwing.yaml    # shown at the end of the chapter
---

Chapters are Markdown (CommonMark with tables and footnotes[^air]). Math is TeX between
dollars: inline, like $g \approx 9.81\,\text{m/s}^2$, or on its own lines:

$$
R = \frac{v^2 \sin 2\theta}{g}
$$

![A ball leaves the ground at angle θ and speed v and lands at distance R](../assets/throw.svg)

Every image needs its alt text (between the brackets): it is what a screen reader reads.

:::{note} Why 45°?
$\sin 2\theta$ is largest when $2\theta = 90°$, so on level ground a throw at $45°$ goes
furthest. Angles the same distance from 45° (30° and 60°) land at the same spot.
:::

## Try it

Move the slider: the figure below is drawn by `simulations/projectile.py` for every angle
when the course is built, so it works without a server, in every LMS.

:::{simulation} projectile
:::

| angle | range at 20 m/s |
| ----: | --------------: |
| 15° | 20.4 m |
| 45° | 40.8 m |
| 75° | 20.4 m |

[^air]: Without air resistance. A real ball flies shorter, and its best angle is below 45°.
"""

CHAPTER_2 = r"""---
id: next-steps
title: Next steps
summary: Where to go from here.
---

This chapter has no quiz, which is fine. A link to another chapter's file, such as
[the first chapter](01-throwing.md), becomes a link to its page in every target.

- `coursekit validate --strict` checks everything and names `file:line:col` for each problem.
- `coursekit serve` previews the course and reloads the page whenever you save.
- `coursekit build --target all` writes SCORM, QTI, Canvas, Moodle, Common Cartridge and a
  static site into `out/`.
"""

QUIZ = r"""# A quiz file: one question of each of the nine types, and one parametric question.
# Math in YAML goes in 'single quotes' or block scalars (| or >): inside "double quotes" YAML
# reads \n, \t, \f ... as escapes, so "$\nu$" would become a line break and "u".
id: throwing-check
title: "Check: Throwing a ball"   # quoted because of the colon
passing_score: 0.6                # overrides the course's
shuffle_questions: false
questions:
  - id: best-angle
    type: single_choice           # exactly one correct choice
    prompt: 'At which launch angle $\theta$ does a ball go furthest on level ground?'
    choices:
      - text: '$30°$'
        feedback: 'Below the best angle: $\sin 60° \approx 0.87$.'
      - text: '$45°$'
        correct: true
        feedback: '$\sin 90° = 1$, the largest value of $\sin 2\theta$.'
      - text: '$60°$'
        feedback: Lands where the 30° throw lands.
    feedback:
      general: The range is largest when $\sin 2\theta = 1$.

  - id: same-range
    type: multiple_response       # several correct choices
    scoring: partial              # +1/k per correct pick, -1/k per wrong one (or all_or_nothing)
    prompt: Which pairs of angles give the same range? Select all that apply.
    choices:
      - text: 30° and 60°
        correct: true
      - text: 15° and 75°
        correct: true
      - text: 20° and 80°
        feedback: They are not the same distance from 45°.
    feedback:
      general: 'Angles $45° \pm \alpha$ have the same $\sin 2\theta$.'

  - id: speed-doubles
    type: true_false
    prompt: 'Doubling the launch speed doubles the range.'
    answer: false
    feedback:
      correct: 'Right: the range grows with $v^2$, so it becomes four times as long.'
      incorrect: 'Look at the formula again: $R \propto v^2$.'

  - id: range-at-45
    type: numeric
    prompt: 'A ball is thrown at $45°$ with $v = 10$ m/s. How far does it fly ($g = 9.81$ m/s²)?'
    answer: 10.19
    tolerance: 0.05               # correct when |response - answer| <= tolerance
    unit: m
    feedback:
      general: |
        $$R = \frac{v^2}{g} = \frac{100}{9.81} \approx 10.19\ \text{m}$$

  - id: name-the-curve
    type: short_answer
    prompt: What is the name of the curve a thrown ball follows without air resistance?
    answers:                      # compared after trimming spaces, ignoring case
      - text: parabola
        feedback: Yes, a parabola.
      - text: a parabola
    feedback:
      incorrect: Its height is a quadratic function of the distance.

  - id: air-resistance
    type: essay                   # graded by a person in the LMS
    prompt: In two or three sentences, say how air resistance changes the best launch angle.
    min_words: 20
    max_words: 120
    model_answer: >
      Drag slows the ball more the longer it flies, so flatter throws, which spend less time
      in the air, lose less: the best angle drops below 45°.
    feedback:
      general: Compare with the footnote of the chapter.

  - id: match-quantities
    type: matching
    prompt: Match each quantity to its unit.
    pairs:
      - left: 'Speed $v$'
        right: m/s
      - left: 'Acceleration $g$'
        right: m/s²
      - left: 'Range $R$'
        right: m
    distractors: [kg]             # extra answers that match nothing
    feedback:
      general: 'Check the units with the formula: $\text{m}^2/\text{s}^2 \div \text{m}/\text{s}^2 = \text{m}$.'

  - id: order-of-flight
    type: ordering
    scoring: partial              # each item in its place earns its share
    prompt: Put the moments of a throw in order.
    items:                        # written in the correct order; learners see them shuffled
      - The ball leaves the hand.
      - The ball reaches its highest point.
      - The ball lands.
    feedback:
      general: Up, over the top, down.

  - id: fill-the-formula
    type: fill_blanks
    points: 2
    prompt: Complete the sentence.
    text: 'The range grows with the [[power]] of the speed, and it is [[longest]] at 45°.'
    blanks:
      power: {accept: [square, second power]}              # a typed gap
      longest: {choices: [longest, shortest], correct: longest}   # a drop-down
    feedback:
      general: '$R = v^2 \sin 2\theta / g$.'

  - id: range-drill
    type: numeric
    variants:                     # a parametric question: 5 variants, one per attempt
      count: 5
      generator: ../simulations/projectile.py:range_question   # returns {v, angle, r}
    prompt: 'A ball is thrown at ${{ angle }}°$ with $v = {{ v }}$ m/s. How far does it fly, in metres?'
    answer: '{{ r }}'             # every string is a Jinja2 template over the generator's values
    tolerance: 0.1
    unit: m
    feedback:
      general: '$R = v^2 \sin 2\theta / g = {{ r }}$ m.'
"""

SIMULATION = '''"""The course's simulation and question generator.

Simulation functions receive their parameters as keyword arguments plus ``rng`` (a seeded
numpy Generator) and return a coursekit.sim figure; generators receive ``rng`` and return a
dict of values for the question's templates. Building the course runs this code.
"""

import numpy as np

from coursekit.sim import Figure

G = 9.81  # m/s^2
SPEED = 20.0  # m/s


def trajectory(angle, rng):
    theta = np.radians(angle)
    flight = 2 * SPEED * np.sin(theta) / G
    t = np.linspace(0.0, flight, 60)
    x = SPEED * np.cos(theta) * t
    y = SPEED * np.sin(theta) * t - G * t**2 / 2
    fig = Figure(x_label="Distance", x_unit="m", y_label="Height", y_unit="m", x_range=(0, 45), y_range=(0, 20))
    fig.line(x, np.maximum(y, 0.0), label=f"thrown at {angle}°")
    fig.scatter([x[-1]], [0.0], label="landing point", hover=[f"lands at {x[-1]:.1f} m"])
    return fig


def range_question(rng):
    v = int(rng.integers(8, 25))
    angle = int(rng.choice([15, 30, 45, 60, 75]))
    r = v**2 * np.sin(np.radians(2 * angle)) / G
    return {"v": v, "angle": angle, "r": round(float(r), 2)}
'''

THROW_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 140" width="320" height="140" role="img">
  <title>A thrown ball's path</title>
  <path d="M 20 120 L 300 120" stroke="#555" stroke-width="2"/>
  <path d="M 20 120 Q 160 -20 300 120" fill="none" stroke="#1f5fa8" stroke-width="3" stroke-dasharray="6 4"/>
  <path d="M 20 120 L 70 70" stroke="#b3261e" stroke-width="2"/>
  <text x="78" y="72" font-family="sans-serif" font-size="14">v</text>
  <text x="48" y="112" font-family="sans-serif" font-size="14">θ</text>
  <text x="150" y="136" font-family="sans-serif" font-size="14">R</text>
  <circle cx="20" cy="120" r="5" fill="#b3261e"/>
</svg>
"""

VSCODE_SETTINGS = """\
{
  "yaml.schemas": {
    "./.vscode/course.schema.json": "course.yaml",
    "./.vscode/quiz.schema.json": "quizzes/*.yaml"
  }
}
"""

WORKFLOW = """\
# Checks the course on every push and pull request; problems appear as annotations on the diff.
name: validate
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install coursekit
      - run: coursekit validate --strict --format github
      - run: coursekit build --target all --out out
"""

README = """\
# __COURSE_TITLE__

A coursekit course. Build it with `coursekit build --target all` (or `coursekit serve` to
preview it while you write); `coursekit validate --strict` checks it.

| path | what it is |
| --- | --- |
| `course.yaml` | metadata, the chapters in order, the simulation |
| `chapters/01-throwing.md` | Markdown with math, an image, a call-out, a simulation and a table |
| `chapters/02-next-steps.md` | a chapter without a quiz, linking to the first one |
| `quizzes/throwing.yaml` | one question of each of the nine types, and a parametric one |
| `simulations/projectile.py` | the simulation (numpy, drawn as SVG) and the question generator |
| `assets/throw.svg` | the image of the first chapter |
| `.vscode/` | editor help: JSON Schemas of course.yaml and quizzes, mapped in `settings.json` (YAML extension) |
| `.github/workflows/validate.yml` | validates on every push and pull request |

Replace the content with yours: `coursekit validate` names the file, line and column of every
problem. After upgrading coursekit, refresh the schemas with
`coursekit schema course > .vscode/course.schema.json` and
`coursekit schema quiz > .vscode/quiz.schema.json`.

## Target limits

Some platforms cannot hold every question exactly. `coursekit build --target all` warns about
these for this course, and builds everything:

__TARGET_LIMITS__

They are documented in coursekit's `docs/diagnostics.md` and `docs/targets/`. Once you have
decided a warning is fine, silence it where it applies, e.g. on the ordering question:
`lint: {ignore: [CK760]}`.
"""

FILES = {
    "course.yaml": COURSE_YAML,
    "chapters/01-throwing.md": CHAPTER_1,
    "chapters/02-next-steps.md": CHAPTER_2,
    "quizzes/throwing.yaml": QUIZ,
    "simulations/projectile.py": SIMULATION,
    "assets/throw.svg": THROW_SVG,
    ".vscode/settings.json": VSCODE_SETTINGS,
    ".github/workflows/validate.yml": WORKFLOW,
    "README.md": README.replace(
        "__TARGET_LIMITS__", "\n".join(f"- **{code}** {text}" for code, text in TARGET_LIMITS.items())
    ),
}
