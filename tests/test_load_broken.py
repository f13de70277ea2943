"""Broken courses: one defect each, with the exact error code and file:line:col.

The corpus is data: each case names the files it replaces in a valid course, the code it
must produce and where. Every case also runs through the real CLI (exit status 1, the
located line in the output, no traceback).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from coursefixture import CHAPTER, COURSE_YAML, QUESTION, QUIZ_HEAD, write_course
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.cli import cli


def q(body: str) -> dict[str, str]:
    """Replace the quiz's questions (the first question starts on line 4)."""
    return {"quizzes/one.yaml": QUIZ_HEAD + body}


def course(old: str, new: str) -> dict[str, str]:
    assert old in COURSE_YAML
    return {"course.yaml": COURSE_YAML.replace(old, new, 1)}


def chapter(old: str, new: str) -> dict[str, str]:
    assert old in CHAPTER
    return {"chapters/one.md": CHAPTER.replace(old, new, 1)}


def question(old: str, new: str) -> dict[str, str]:
    assert old in QUESTION
    return q(QUESTION.replace(old, new, 1))


FB = "    feedback: {general: g}\n"
# A parametric question of 6 lines (its variants are rms-variant-v1 and rms-variant-v2).
PARAMETRIC = (
    "  - id: rms-variant\n    type: numeric\n    prompt: 'What is {{ x }}?'\n    answer: '{{ x }}'\n"
    + FB
    + "    variants: {count: 2, generator: ../simulations/sim.py:gen}\n"
)


def body(new: str) -> dict[str, str]:
    """Replace the chapter's first body line (line 7) with ``new``."""
    return chapter("Body text with ![a dot](../assets/dot.png).", new)


SC = "  - id: x\n    type: single_choice\n    prompt: P\n    feedback: {general: g}\n"

CASES: list[tuple[str, dict, str, str]] = [
    # --- reading files
    ("no-course-yaml", {"course.yaml": None}, "CK019", "course/course.yaml:1:1"),
    ("yaml-syntax", course("title: Demo course", "title: [Demo"), "CK012", "course.yaml:3:9"),
    ("yaml-tab-indent", course("  - chapters/one.md", "\t- chapters/one.md"), "CK012", "course.yaml:5:1"),
    ("duplicate-key", course("language: en", "language: en\ntitle: Again"), "CK016", "course.yaml:4:1"),
    (
        "not-utf8",
        {"course.yaml": COURSE_YAML.encode().replace(b"Demo course", b"Demo \xff course")},
        "CK011",
        "course.yaml:2:13",
    ),
    ("nul-byte", {"quizzes/one.yaml": QUIZ_HEAD + "\x00"}, "CK011", "quizzes/one.yaml:4:1"),
    # XML cannot hold C0 controls: written in a chapter body, or made by a YAML escape
    ("control-char-in-body", chapter("Body text", "Body \x0bt"), "CK011", "chapters/one.md:7:6"),
    (
        "control-char-escape",
        question("prompt: Pick one.", 'prompt: "Pick \\x01 one."'),
        "CK011",
        "quizzes/one.yaml:6:19",  # the backslash of the escape
    ),
    (
        "control-char-u-escape",
        question("feedback: {general: Well done.}", 'feedback: {general: "Well\\u0008done"}'),
        "CK011",
        "quizzes/one.yaml:7:30",
    ),
    # --- the double-quote trap: YAML escapes eat the TeX in double-quoted Markdown fields
    ("dq-frac-form-feed", question("prompt: Pick one.", 'prompt: "$\\frac{1}{n}$"'), "CK011", "quizzes/one.yaml:6:15"),
    ("dq-eta-escape-char", question("prompt: Pick one.", 'prompt: "$\\eta$ is"'), "CK011", "quizzes/one.yaml:6:15"),
    (
        "dq-nu-line-break",
        question("      - text: b", '      - text: "Like $\\nu \\theta$"'),
        "CK030",
        "quizzes/one.yaml:11:22",
    ),
    (
        "dq-theta-tab",
        question("      - text: b", '      - text: "Like $\\nu \\theta$"'),
        "CK030",
        "quizzes/one.yaml:11:26",
    ),
    (
        "dq-multi-line-scalar",
        question("prompt: Pick one.", 'prompt: "First line\n      then $\\nu$ here"'),
        "CK030",
        "quizzes/one.yaml:7:13",
    ),
    (
        "dq-objective",
        chapter("title: One", 'title: One\nobjectives: ["Explain $\\nabla f$"]'),
        "CK030",
        "chapters/one.md:4:24",
    ),
    (
        "dq-sim-description",
        course("description: A straight", 'description: "Slope $\\rho$." #'),
        "CK030",
        "course.yaml:10:26",
    ),
    (
        "dq-feedback-leftarrow",
        question("feedback: {general: Well done.}", 'feedback: {general: "So $a \\Leftarrow b$"}'),
        "CK030",
        "quizzes/one.yaml:7:32",
    ),
    ("dq-unknown-escape", question("prompt: Pick one.", 'prompt: "$\\sqrt{2}$"'), "CK012", "quizzes/one.yaml:6:15"),
    (
        "alias-bomb",
        q("".join([f"  - &a{i} [" + ",".join([f"*a{i - 1}"] * 10 if i else ["x"] * 10) + "]\n" for i in range(7)])),
        "CK014",
        "quizzes/one.yaml:9:38",
    ),
    ("deep-nesting", q("  - " + "[" * 100 + "]" * 100 + "\n"), "CK015", "quizzes/one.yaml:4:67"),
    ("top-level-list", {"quizzes/one.yaml": "- a\n- b\n"}, "CK017", "quizzes/one.yaml:1:1"),
    ("two-documents", {"quizzes/one.yaml": QUIZ_HEAD + QUESTION + "---\nid: x\n"}, "CK012", "quizzes/one.yaml:12:1"),
    ("merge-key", q("  - <<: {id: x}\n"), "CK017", "quizzes/one.yaml:4:5"),
    ("no-front-matter", {"chapters/one.md": "# One\n"}, "CK018", "chapters/one.md:1:1"),
    ("unclosed-front-matter", {"chapters/one.md": "---\nid: one\ntitle: One\n"}, "CK018", "chapters/one.md:1:1"),
    ("front-matter-syntax", chapter("title: One", "title: [One"), "CK012", "chapters/one.md:4:5"),
    # --- paths
    ("chapter-missing", course("chapters/one.md", "chapters/two.md"), "CK023", "course.yaml:5:5"),
    ("chapter-escapes", course("chapters/one.md", "../outside.md"), "CK020", "course.yaml:5:5"),
    ("chapter-absolute", course("chapters/one.md", "/etc/passwd"), "CK021", "course.yaml:5:5"),
    ("chapter-windows-drive", course("chapters/one.md", "'C:\\x\\one.md'"), "CK022", "course.yaml:5:5"),
    ("chapter-backslash", course("chapters/one.md", "'chapters\\one.md'"), "CK022", "course.yaml:5:5"),
    ("quiz-missing", chapter("../quizzes/one.yaml", "../quizzes/none.yaml"), "CK023", "chapters/one.md:4:7"),
    ("quiz-escapes", chapter("../quizzes/one.yaml", "../../quizzes/one.yaml"), "CK020", "chapters/one.md:4:7"),
    ("image-missing", chapter("../assets/dot.png", "../assets/none.png"), "CK023", "chapters/one.md:7:16"),
    ("image-no-alt", chapter("![a dot]", "![]"), "CK260", "chapters/one.md:7:16"),
    ("image-remote", chapter("../assets/dot.png", "https://example.org/x.png"), "CK261", "chapters/one.md:7:16"),
    (
        "image-in-quiz-missing",
        question("prompt: Pick one.", "prompt: 'Pick ![x](../assets/nope.png)'"),
        "CK023",
        "quizzes/one.yaml:6:19",
    ),
    (
        "sim-source-missing",
        course("simulations/sim.py:curve", "simulations/none.py:curve"),
        "CK023",
        "course.yaml:9:13",
    ),
    (
        "sim-function-missing",
        course("simulations/sim.py:curve", "simulations/sim.py:curvy"),
        "CK223",
        "course.yaml:9:13",
    ),
    ("sim-source-escapes", course("simulations/sim.py:curve", "../sim.py:curve"), "CK020", "course.yaml:9:13"),
    ("sim-python-syntax", {"simulations/sim.py": "def curve(:\n"}, "CK222", "simulations/sim.py:1:11"),
    (
        "generator-missing",
        q(
            QUESTION.replace(
                "    prompt: Pick one.",
                "    prompt: Pick one.\n    variants: {count: 2, generator: ../simulations/sim.py:nogen}",
            )
        ),
        "CK223",
        "quizzes/one.yaml:7:37",
    ),
    # --- directives
    ("unknown-simulation", chapter(":::{simulation} curve", ":::{simulation} cruve"), "CK230", "chapters/one.md:9:1"),
    ("unknown-sim-param", chapter(":k: 1", ":slope: 1"), "CK231", "chapters/one.md:10:1"),
    ("sim-option-range", chapter(":k: 1", ":k: 2"), "CK233", "chapters/one.md:10:1"),
    ("sim-option-type", chapter(":k: 1", ":k: steep"), "CK232", "chapters/one.md:10:1"),
    ("unknown-directive", chapter(":::{simulation} curve", ":::{danger} curve"), "CK250", "chapters/one.md:9:1"),
    # --- code blocks, figures, numbered equations
    ("code-block-option", body("```{code-block} python\n:linenoss:\nx = 1\n```"), "CK253", "chapters/one.md:8:1"),
    (
        "code-block-emphasis-beyond",
        body("```{code-block} python\n:emphasize-lines: 1,3\nx = 1\ny = 2\n```"),
        "CK253",
        "chapters/one.md:8:1",
    ),
    (
        "code-block-colon-option",
        body(":::{code-block} r\n:lineno-start: ten\nx <- 1\n:::"),
        "CK253",
        "chapters/one.md:8:1",
    ),
    ("figure-no-alt", body(":::{figure} ../assets/dot.png\nA caption.\n:::"), "CK260", "chapters/one.md:7:1"),
    ("figure-missing", body(":::{figure} ../assets/none.png\n:alt: A dot\n:::"), "CK023", "chapters/one.md:7:1"),
    (
        "figure-option",
        body(":::{figure} ../assets/dot.png\n:alt: A dot\n:caption: No\n:::"),
        "CK253",
        "chapters/one.md:9:1",
    ),
    ("figure-backticks-no-alt", body("```{figure} ../assets/dot.png\nA caption.\n```"), "CK260", "chapters/one.md:7:1"),
    (
        "eqref-unknown",
        body("See \\eqref{eq:nope}.\n\n$$\nx = 1 \\label{eq:x}\n$$"),
        "CK274",
        "chapters/one.md:7:5",
    ),
    (
        "eqref-unknown-in-math",
        body("$$\nx = 1 \\label{eq:x}\n$$\n\nSo $\\eqref{eq:y}$ holds."),
        "CK274",
        "chapters/one.md:11:5",
    ),
    (
        "eqref-in-quiz",
        question("prompt: Pick one.", "prompt: 'Pick $\\eqref{nope}$'"),
        "CK274",
        "quizzes/one.yaml:6:20",
    ),
    ("label-twice", body("$$\na \\label{x}\n$$\n\n$$\nb \\label{x}\n$$"), "CK275", "chapters/one.md:12:3"),
    ("label-inline", body("So $a \\label{x}$."), "CK276", "chapters/one.md:7:7"),
    (
        "quiz-directive-in-quiz",
        question("prompt: Pick one.", "prompt: |\n      :::{quiz} x.yaml\n      :::"),
        "CK251",
        "quizzes/one.yaml:7:7",
    ),
    # --- course.yaml keys and invariants
    ("course-missing-title", course("title: Demo course\n", ""), "CK101", "course.yaml:1:1"),
    ("course-unknown-key", course("language: en", "langauge: en"), "CK102", "course.yaml:3:1"),
    ("course-bad-slug", course("id: demo", "id: Demo_Course"), "CK106", "course.yaml:1:5"),
    ("course-language", course("language: en", "language: en_GB"), "CK110", "course.yaml:3:11"),
    ("course-license", course("language: en", "language: en\nlicense: not a license!"), "CK111", "course.yaml:4:10"),
    (
        "ui-strings-unknown-id",
        course("language: en", "language: en\nui_strings:\n  Check answer: Submit"),
        "CK113",
        "course.yaml:5:17",
    ),
    (
        "ui-strings-unknown-placeholder",
        course("language: en", "language: en\nui_strings:\n  'Question %(number)s of %(count)s': 'Q%(n)s'"),
        "CK114",
        "course.yaml:5:39",
    ),
    (
        "ui-strings-plural-count",
        course("language: en", "language: de\nui_strings:\n  '%(points)s point': [a, b, c]"),
        "CK114",
        "course.yaml:5:3",
    ),
    (
        "ui-strings-percent",
        course("language: en", "language: en\nui_strings:\n  Check answers: 100% sure"),
        "CK114",
        "course.yaml:5:18",
    ),
    ("course-passing-score", course("language: en", "language: en\npassing_score: 1.5"), "CK104", "course.yaml:4:16"),
    ("course-no-chapters", course("chapters:\n  - chapters/one.md", "chapters: []"), "CK104", "course.yaml:4:1"),
    (
        "duplicate-chapter",
        course("  - chapters/one.md", "  - chapters/one.md\n  - chapters/one.md"),
        "CK121",
        "course.yaml:6:5",
    ),
    (
        "duplicate-sim",
        course(
            "simulations:\n",
            "simulations:\n  - {id: curve, title: t, source: 'simulations/sim.py:curve', description: d}\n",
        ),
        "CK120",
        "course.yaml:8:9",
    ),
    ("sim-source-form", course("simulations/sim.py:curve", "simulations/sim.py"), "CK220", "course.yaml:9:13"),
    ("param-min-max", course("min: 0\n", "min: 2\n"), "CK211", "course.yaml:15:14"),
    ("param-default-range", course("default: 0.5", "default: 5"), "CK212", "course.yaml:17:18"),
    ("param-default-grid", course("default: 0.5", "default: 0.25"), "CK213", "course.yaml:17:18"),
    ("param-name", course("name: k", "name: rng"), "CK210", "course.yaml:12:15"),
    ("param-step-tiny", course("step: 0.5", "step: 0.000001"), "CK214", "course.yaml:16:15"),
    ("param-grid-cap", course("step: 0.5", "step: 0.0005"), "CK218", "course.yaml:11:5"),
    (
        "param-choice-default",
        course(
            "min: 0\n        max: 1\n        step: 0.5\n        default: 0.5", "choices: [a, b]\n        default: c"
        ),
        "CK216",
        "course.yaml:15:18",
    ),
    (
        "param-choice-dup",
        course(
            "min: 0\n        max: 1\n        step: 0.5\n        default: 0.5", "choices: [a, a]\n        default: a"
        ),
        "CK215",
        "course.yaml:14:22",
    ),
    (
        "param-dup-name",
        course(
            "        default: 0.5\n", "        default: 0.5\n      - {name: k, label: K, choices: [a], default: a}\n"
        ),
        "CK217",
        "course.yaml:18:16",
    ),
    # --- chapter front matter
    ("chapter-missing-id", chapter("id: one\n", ""), "CK101", "chapters/one.md:2:1"),
    ("chapter-unknown-key", chapter("title: One", "title: One\nsumary: typo"), "CK102", "chapters/one.md:4:1"),
    (
        "duplicate-chapter-id",
        {
            **course("  - chapters/one.md", "  - chapters/one.md\n  - chapters/two.md"),
            "chapters/two.md": "---\nid: one\ntitle: Two\n---\n",
        },
        "CK242",
        "chapters/two.md:2:1",
    ),
    (
        "quiz-used-twice",
        {
            **course("  - chapters/one.md", "  - chapters/one.md\n  - chapters/two.md"),
            "chapters/two.md": "---\nid: two\ntitle: Two\nquiz: ../quizzes/one.yaml\n---\n",
        },
        "CK241",
        "chapters/two.md:4:7",
    ),
    (
        "duplicate-quiz-id",
        {
            **course("  - chapters/one.md", "  - chapters/one.md\n  - chapters/two.md"),
            "chapters/two.md": "---\nid: two\ntitle: Two\nquiz: ../quizzes/two.yaml\n---\n",
            "quizzes/two.yaml": QUIZ_HEAD + QUESTION,
        },
        "CK243",
        "quizzes/two.yaml:1:1",
    ),
    # --- quiz and question invariants
    ("quiz-no-questions", q(" []\n"), "CK104", "quizzes/one.yaml:3:1"),
    (
        "quiz-select-too-big",
        {"quizzes/one.yaml": QUIZ_HEAD.replace("title: Check", "title: Check\nselect: 3") + QUESTION},
        "CK331",
        "quizzes/one.yaml:3:9",
    ),
    ("quiz-dup-question", q(QUESTION + QUESTION), "CK330", "quizzes/one.yaml:12:9"),
    # --- Jinja syntax of parametric questions, checked without running the generator
    ("jinja-syntax", q(PARAMETRIC.replace("{{ x }}?'", "{{ x }?'")), "CK322", "quizzes/one.yaml:6:14"),
    (
        "jinja-syntax-block-line",
        q(
            PARAMETRIC.replace(
                "    prompt: 'What is {{ x }}?'\n", "    prompt: |\n      One {{ x }}.\n      Two {{ x + }}.\n"
            )
        ),
        "CK322",
        "quizzes/one.yaml:8:7",
    ),
    (
        "jinja-unknown-filter",
        q(PARAMETRIC.replace("answer: '{{ x }}'", "answer: '{{ x | rounded }}'")),
        "CK322",
        "quizzes/one.yaml:7:14",
    ),
    (
        "jinja-unclosed-block",
        q(PARAMETRIC.replace("feedback: {general: g}", "feedback: {general: '{% if x %}big'}")),
        "CK322",
        "quizzes/one.yaml:8:26",
    ),
    (
        "variant-id-collision",
        q(PARAMETRIC + "  - id: rms-variant-v1\n    type: true_false\n    prompt: P\n    answer: true\n" + FB),
        "CK332",
        "quizzes/one.yaml:10:9",
    ),
    (
        "variant-id-collision-before",
        q("  - id: rms-variant-v2\n    type: true_false\n    prompt: P\n    answer: true\n" + FB + PARAMETRIC),
        "CK332",
        "quizzes/one.yaml:4:9",
    ),
    (
        "quiz-show-answers-typo",
        {"quizzes/one.yaml": QUIZ_HEAD.replace("title: Check", "title: Check\nshow_answers: afterpass") + QUESTION},
        "CK104",
        "quizzes/one.yaml:3:15",
    ),
    (
        "quiz-show-answers-bool",
        {"quizzes/one.yaml": QUIZ_HEAD.replace("title: Check", "title: Check\nshow_answers: false") + QUESTION},
        "CK104",
        "quizzes/one.yaml:3:15",
    ),
    ("unknown-type", question("type: single_choice", "type: single_choise"), "CK105", "quizzes/one.yaml:5:11"),
    ("missing-type", question("    type: single_choice\n", ""), "CK101", "quizzes/one.yaml:4:5"),
    (
        "question-unknown-key",
        question("prompt: Pick one.", "prompt: Pick one.\n    promt: typo"),
        "CK102",
        "quizzes/one.yaml:7:5",
    ),
    ("question-bad-id", question("id: pick", "id: Pick One"), "CK106", "quizzes/one.yaml:4:9"),
    ("missing-prompt", question("    prompt: Pick one.\n", ""), "CK101", "quizzes/one.yaml:4:5"),
    (
        "points-zero",
        question("prompt: Pick one.", "prompt: Pick one.\n    points: 0"),
        "CK104",
        "quizzes/one.yaml:7:13",
    ),
    (
        "points-text",
        question("prompt: Pick one.", "prompt: Pick one.\n    points: many"),
        "CK103",
        "quizzes/one.yaml:7:13",
    ),
    (
        "template-without-variants",
        question("prompt: Pick one.", "prompt: Pick one.\n    points: '{{ p }}'"),
        "CK321",
        "quizzes/one.yaml:7:13",
    ),
    (
        "single-two-correct",  # the second correct: true, not the list
        question("      - text: b\n", "      - text: b\n        correct: true\n"),
        "CK301",
        "quizzes/one.yaml:12:18",
    ),
    (
        "single-three-correct",  # the first one too many
        question("      - text: b\n", "      - {text: b, correct: true}\n      - {text: c, correct: true}\n"),
        "CK301",
        "quizzes/one.yaml:11:28",
    ),
    # an error about a whole list or mapping points at its key
    ("single-none-correct", question("        correct: true\n", ""), "CK301", "quizzes/one.yaml:8:5"),
    ("single-one-choice", question("      - text: b\n", ""), "CK104", "quizzes/one.yaml:8:5"),
    (
        "choices-not-a-list",
        question("    choices:\n", "    choices: {a: 1}\n    old_choices:\n"),
        "CK103",
        "quizzes/one.yaml:8:5",
    ),
    (
        "feedback-not-a-mapping",
        question("feedback: {general: Well done.}", "feedback: [Well done.]"),
        "CK103",
        "quizzes/one.yaml:7:5",
    ),
    (
        "variants-missing-generator",
        question("prompt: Pick one.", "prompt: Pick one.\n    variants:\n      count: 2"),
        "CK101",
        "quizzes/one.yaml:7:5",
    ),
    ("choice-repeated", question("      - text: b\n", "      - text: a\n"), "CK305", "quizzes/one.yaml:11:15"),
    ("correct-not-bool", question("correct: true", "correct: yes"), "CK103", "quizzes/one.yaml:10:18"),
    (
        "multiple-none-correct",
        q(SC.replace("single_choice", "multiple_response") + "    choices:\n      - text: a\n      - text: b\n"),
        "CK302",
        "quizzes/one.yaml:8:5",
    ),
    (
        "multiple-bad-scoring",
        q(
            SC.replace("single_choice", "multiple_response")
            + "    scoring: some\n    choices:\n      - {text: a, correct: true}\n      - text: b\n"
        ),
        "CK104",
        "quizzes/one.yaml:8:14",
    ),
    ("true-false-missing-answer", q(SC.replace("single_choice", "true_false")), "CK101", "quizzes/one.yaml:4:5"),
    (
        "numeric-negative-tolerance",
        q(SC.replace("single_choice", "numeric") + "    answer: 2\n    tolerance: -1\n"),
        "CK104",
        "quizzes/one.yaml:9:16",
    ),
    (
        "numeric-answer-text",
        q(SC.replace("single_choice", "numeric") + "    answer: two\n"),
        "CK103",
        "quizzes/one.yaml:8:13",
    ),
    (
        "short-no-full-score",
        q(SC.replace("single_choice", "short_answer") + "    answers:\n      - {text: a, score: 0.5}\n"),
        "CK303",
        "quizzes/one.yaml:8:5",
    ),
    (
        "short-score-range",
        q(SC.replace("single_choice", "short_answer") + "    answers:\n      - {text: a, score: 2}\n"),
        "CK104",
        "quizzes/one.yaml:9:26",
    ),
    (
        "short-duplicate",
        q(SC.replace("single_choice", "short_answer") + "    answers:\n      - text: Paris\n      - text: ' paris '\n"),
        "CK306",
        "quizzes/one.yaml:10:15",
    ),
    (
        "short-empty-answer",
        q(SC.replace("single_choice", "short_answer") + "    answers:\n      - text: a\n      - text: '  '\n"),
        "CK307",
        "quizzes/one.yaml:10:15",
    ),
    (
        "essay-min-max",
        q(SC.replace("single_choice", "essay") + "    min_words: 50\n    max_words: 10\n"),
        "CK308",
        "quizzes/one.yaml:8:16",
    ),
    (
        "numeric-range-overflow",  # max float + its 1e-9 slack is infinite: no target can write the range
        q(SC.replace("single_choice", "numeric") + "    answer: 1.7976931348623157e308\n    tolerance: 1e308\n"),
        "CK317",
        "quizzes/one.yaml:9:16",
    ),
    (
        "numeric-answer-overflow",
        q(SC.replace("single_choice", "numeric") + "    answer: -1.7976931348623157e308\n"),
        "CK317",
        "quizzes/one.yaml:8:13",
    ),
    (
        "quiz-points-overflow",  # 1e308 + 1e308 is infinite: no target can write the quiz's maximum
        q(
            "".join(
                SC.replace("single_choice", "true_false").replace("id: x", f"id: {i}")
                + "    answer: true\n    points: 1e308\n"
                for i in ("x", "y")
            )
        ),
        "CK333",
        "quizzes/one.yaml:15:13",
    ),
    (
        "matching-one-pair",
        q(SC.replace("single_choice", "matching") + "    pairs:\n      - {left: a, right: b}\n"),
        "CK104",
        "quizzes/one.yaml:8:5",
    ),
    (
        "matching-dup-right",
        q(
            SC.replace("single_choice", "matching")
            + "    pairs:\n      - {left: a, right: x}\n      - {left: b, right: x}\n"
        ),
        "CK304",
        "quizzes/one.yaml:10:26",
    ),
    (
        "matching-dup-distractor",
        q(
            SC.replace("single_choice", "matching")
            + "    pairs:\n      - {left: a, right: x}\n      - {left: b, right: y}\n    distractors: [x]\n"
        ),
        "CK304",
        "quizzes/one.yaml:11:19",
    ),
    (
        "matching-empty-right",
        q(
            SC.replace("single_choice", "matching")
            + "    pairs:\n      - {left: a, right: x}\n      - {left: b, right: ' '}\n"
        ),
        "CK309",
        "quizzes/one.yaml:10:26",
    ),
    (
        "ordering-dup",
        q(SC.replace("single_choice", "ordering") + "    items: [a, b, a]\n"),
        "CK310",
        "quizzes/one.yaml:8:19",
    ),
    (
        "ordering-one-item",
        q(SC.replace("single_choice", "ordering") + "    items: [a]\n"),
        "CK104",
        "quizzes/one.yaml:8:5",
    ),
    (
        "blank-undefined",
        q(
            "  - id: x\n    type: fill_blanks\n    feedback: {general: g}\n"
            "    text: The [[a]] and [[b]].\n    blanks:\n      a: {accept: [x]}\n"
        ),
        "CK314",
        "quizzes/one.yaml:7:11",
    ),
    (
        "blank-unused",
        q(
            "  - id: x\n    type: fill_blanks\n    feedback: {general: g}\n"
            "    text: The [[a]].\n    blanks:\n      a: {accept: [x]}\n      b: {accept: [y]}\n"
        ),
        "CK315",
        "quizzes/one.yaml:10:7",
    ),
    (
        "blank-gap-twice",
        q(
            "  - id: x\n    type: fill_blanks\n    feedback: {general: g}\n"
            "    text: The [[a]] and [[a]].\n    blanks:\n      a: {accept: [x]}\n"
        ),
        "CK316",
        "quizzes/one.yaml:7:11",
    ),
    (
        "blank-bad-name",
        q(
            "  - id: x\n    type: fill_blanks\n    feedback: {general: g}\n"
            "    text: The [[A b]].\n    blanks:\n      a: {accept: [x]}\n"
        ),
        "CK313",
        "quizzes/one.yaml:7:11",
    ),
    (
        "blank-bad-key",  # the blank's name, a key
        q(
            "  - id: x\n    type: fill_blanks\n    feedback: {general: g}\n"
            "    text: The [[a]].\n    blanks:\n      a: {accept: [x]}\n      B c: {accept: [y]}\n"
        ),
        "CK313",
        "quizzes/one.yaml:10:7",
    ),
    (
        "dropdown-correct-missing",
        q(
            "  - id: x\n    type: fill_blanks\n    feedback: {general: g}\n"
            "    text: The [[a]].\n    blanks:\n      a: {choices: [x, y], correct: z}\n"
        ),
        "CK312",
        "quizzes/one.yaml:9:37",
    ),
    (
        "dropdown-dup-choice",
        q(
            "  - id: x\n    type: fill_blanks\n    feedback: {general: g}\n"
            "    text: The [[a]].\n    blanks:\n      a: {choices: [x, x], correct: x}\n"
        ),
        "CK311",
        "quizzes/one.yaml:9:24",
    ),
    (
        "variants-generator-form",
        question("prompt: Pick one.", "prompt: Pick one.\n    variants: {count: 2, generator: gen}"),
        "CK320",
        "quizzes/one.yaml:7:37",
    ),
    (
        "variants-count",
        question(
            "prompt: Pick one.", "prompt: Pick one.\n    variants: {count: 0, generator: '../simulations/sim.py:gen'}"
        ),
        "CK104",
        "quizzes/one.yaml:7:23",
    ),
]


@pytest.mark.parametrize("name,files,code,where", CASES, ids=[c[0] for c in CASES])
def test_broken_course(tmp_path: Path, monkeypatch, name: str, files: dict, code: str, where: str) -> None:
    removed = [rel for rel, data in files.items() if data is None]
    write_course(tmp_path, files={rel: data for rel, data in files.items() if data is not None})
    for rel in removed:
        (tmp_path / rel).unlink()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    assert result.exit_code == 1, result.output
    import json

    diags = json.loads(result.stdout)["diagnostics"]
    found = [(d["code"], f"{d['file']}:{d['line']}:{d['col']}") for d in diags if d["severity"] == "error"]
    assert (code, where) in found, found
    assert all(d["hint"] for d in diags), diags


def test_a_value_that_is_not_allowed_names_the_close_one(tmp_path: Path, monkeypatch) -> None:
    files = next(c[1] for c in CASES if c[0] == "quiz-show-answers-typo")
    write_course(tmp_path, files=files)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    import json

    (diag,) = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "CK104"]
    assert diag["hint"] == "did you mean 'after_pass'? allowed: always, after_pass, never"


def test_valid_fixture_is_clean(tmp_path: Path, monkeypatch) -> None:
    write_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--strict"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", ["yaml-syntax", "alias-bomb", "not-utf8", "single-two-correct", "chapter-escapes"])
def test_cli_subprocess_has_no_traceback(tmp_path: Path, name: str) -> None:
    files, code, where = next((c[1], c[2], c[3]) for c in CASES if c[0] == name)
    write_course(tmp_path, files=files)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1
    assert f"{where}: error {code}:" in proc.stdout
    assert "  hint: " in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def _validate_json(tmp_path: Path, monkeypatch, files: dict) -> tuple[int, list[dict]]:
    import json

    write_course(tmp_path, files=files)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


@pytest.mark.parametrize(
    "name,message,hint",
    [
        ("dq-nu-line-break", "YAML read `\\n` of `\\nu` as a line break", "single quotes or as a block scalar"),
        ("dq-theta-tab", "YAML read `\\t` of `\\theta` as a tab", "single quotes or as a block scalar"),
        ("dq-frac-form-feed", "YAML read `\\f` of `\\frac` as a form feed (U+000C)", "single quotes or as a block"),
        ("dq-eta-escape-char", "YAML read `\\e` of `\\eta` as an escape character (U+001B)", "single quotes"),
        ("dq-feedback-leftarrow", "YAML read `\\L` of `\\Leftarrow` as a line separator (U+2028)", "single quotes"),
        ("dq-unknown-escape", "`\\s` of `\\sqrt` is not a YAML escape", "single quotes or as a block scalar"),
    ],
)
def test_double_quote_trap_says_what_yaml_did_and_how_to_fix_it(tmp_path, monkeypatch, name, message, hint):
    files, code, where = next((c[1], c[2], c[3]) for c in CASES if c[0] == name)
    status, diags = _validate_json(tmp_path, monkeypatch, files)
    assert status == 1
    (diag,) = [d for d in diags if f"{d['file']}:{d['line']}:{d['col']}" == where and d["code"] == code]
    assert message in diag["message"], diag
    assert hint in diag["hint"] or hint in diag["message"], diag


def test_double_quoted_text_that_means_its_escapes_is_clean(tmp_path, monkeypatch):
    """No false positives: escapes before a space or punctuation, line breaks before words that
    are no TeX command (what YAML writers emit for multi-line text), an escaped backslash, single
    quotes, block scalars, and plain-text fields keep working."""
    questions = (
        "  - id: a\n    type: single_choice\n"
        '    prompt: "Two options:\\n - take it\\n - leave it\\n\\n$$\\nx^2\\n$$\\nLine one\\nline two"\n'
        '    feedback: {general: "First paragraph.\\n\\nSecond paragraph.", correct: "Costs \\\\nu, \\\\theta"}\n'
        "    choices:\n"
        "      - text: '$\\nu \\theta \\frac{1}{n}$'\n"
        "        correct: true\n"
        "      - text: |\n          $\\beta \\rho \\varepsilon \\alpha$\n"
        '        feedback: "Tabbed:\\t1\\t2\\t(3)"\n'  # \t before a digit
        "  - id: b\n    type: short_answer\n    prompt: Type it.\n    feedback: {general: g}\n"
        '    answers:\n      - text: "north\\nwest"\n'  # a plain-text field: the author's business
    )
    write_course(tmp_path, quiz_questions=questions)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--strict"])
    assert result.exit_code == 0, result.output


def test_double_quote_trap_knows_every_markdown_field() -> None:
    """The loader's two lists of Markdown fields (model walk and data paths) agree for every
    question of every example course."""
    from coursekit.load import load_course
    from coursekit.load.loader import markdown_fields
    from coursekit.load.yaml_escapes import is_markdown_path

    root = Path(__file__).resolve().parents[1]
    seen_types = set()
    for course_dir in [root / "course", *sorted(p for p in (root / "examples").iterdir() if p.is_dir())]:
        course, diags = load_course(course_dir)
        assert course is not None, diags.render()
        for chapter in course.chapters:
            for quiz in chapter.quizzes:
                data = {"questions": [q.model_dump(mode="python", exclude={"variants"}) for q in quiz.questions]}
                for qi, q in enumerate(quiz.questions):
                    seen_types.add(q.type)
                    markdown = {("questions", qi, *sub) for sub, _ in markdown_fields(q)}
                    strings = set(_string_paths(data["questions"][qi], ("questions", qi)))
                    assert markdown <= strings
                    for path in strings:
                        assert is_markdown_path("quiz", data, path) == (path in markdown), path
    assert len(seen_types) == 9


def _string_paths(value, path):
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _string_paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _string_paths(v, (*path, i))


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet="{}%#- xy_1.|(+\n", min_size=1, max_size=14))
def test_template_syntax_fast_path_equals_jinja(text):
    """validate skips Jinja's parser for templates made only of {{ name }} tags: whatever it says
    must be what Jinja itself says when compiling the template."""
    from jinja2 import TemplateSyntaxError

    from coursekit.render.templates import ENV, syntax_problem

    try:
        ENV.from_string(text)
        compiles = True
    except TemplateSyntaxError:
        compiles = False
    assert (syntax_problem.__wrapped__(text) is None) == compiles


@pytest.mark.parametrize(
    "name,files,where,message,hint",
    [
        (
            "empty-title",
            {"quizzes/one.yaml": QUIZ_HEAD.replace("title: Check", 'title: ""') + QUESTION},
            "quizzes/one.yaml:2:8",
            "title: must not be empty",
            "write a non-empty value",
        ),
        (
            "long-id",
            question("id: pick", "id: " + "p" * 65),
            "quizzes/one.yaml:4:9",
            "questions.0.id: String should have at most 64 characters",
            "shorten it",
        ),
        (
            "empty-ordering-item",
            q("  - id: o\n    type: ordering\n    prompt: P\n    feedback: {general: g}\n    items: [a, '']\n"),
            "quizzes/one.yaml:8:16",
            "questions.0.items.1: must not be empty",
            "write a non-empty value",
        ),
        (
            "empty-matching-left",
            q(
                "  - id: m\n    type: matching\n    prompt: P\n    feedback: {general: g}\n"
                "    pairs:\n      - {left: '', right: r}\n      - {left: b, right: s}\n"
            ),
            "quizzes/one.yaml:9:16",
            "questions.0.pairs.0.left: must not be empty",
            "write a non-empty value",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and "/" not in v and ":" not in v else None,
)
def test_a_text_of_the_wrong_length_is_told_as_text(tmp_path, monkeypatch, name, files, where, message, hint) -> None:
    """Length limits of text fields speak of characters and emptiness, not of list items."""
    write_course(tmp_path, files=files)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    import json

    (diag,) = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "CK104"]
    assert (f"{diag['file']}:{diag['line']}:{diag['col']}", diag["message"], diag["hint"]) == (where, message, hint)
