"""What `coursekit validate` tells an author about a question's own rules, word for word.

tests/test_load_broken.py checks each error's code and place; these check what the message
and the warnings say where the rule has a choice to make: which choices repeat each other
(after white space is collapsed, and not when a template makes them differ per variant),
which feedback counts as feedback (CK401), and how a fill-in gap is told to be a drop-down
or a typed gap (its error names the key that is really missing).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from coursefixture import QUIZ_HEAD, write_course

from coursekit.cli import cli
from coursekit.model.question import DropdownBlank, FillBlanks, TypedBlank


def validate(tmp_path, monkeypatch, questions: str) -> list[dict]:
    write_course(tmp_path, files={"quizzes/one.yaml": QUIZ_HEAD + questions})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    return json.loads(result.stdout)["diagnostics"]


def single_choice(choices: list[str], feedback: str = "    feedback: {general: g}\n") -> str:
    lines = "".join(
        f"      - text: '{c}'\n" + ("        correct: true\n" if i == 0 else "") for i, c in enumerate(choices)
    )
    return "  - id: pick\n    type: single_choice\n    prompt: Pick one.\n" + feedback + "    choices:\n" + lines


def test_a_repeated_choice_names_both_choices(tmp_path, monkeypatch):
    diags = validate(tmp_path, monkeypatch, single_choice(["a", "b", "c", "b  "]))
    (d,) = [d for d in diags if d["code"] == "CK305"]
    assert d["message"].endswith("choice 4 repeats choice 2"), d["message"]
    assert d["hint"] == "make every choice's text different"


def test_choices_that_differ_only_in_spacing_repeat(tmp_path, monkeypatch):
    diags = validate(tmp_path, monkeypatch, single_choice(["one two", "three", "one   two"]))
    assert [d["message"].split(": ")[-1] for d in diags if d["code"] == "CK305"] == ["choice 3 repeats choice 1"]


def test_distinct_choices_are_not_repeats(tmp_path, monkeypatch):
    # "onetwo" and "one two" differ: spacing is collapsed, never removed.
    diags = validate(tmp_path, monkeypatch, single_choice(["one two", "onetwo", "one", "two"]))
    assert [d for d in diags if d["severity"] == "error"] == []


PARAMETRIC_CHOICES = """\
  - id: pick
    type: single_choice
    prompt: 'Which is {{ x }}?'
    feedback: {general: g}
    variants: {count: 2, generator: ../simulations/gen.py:gen}
    choices:
      - text: '{{ x }}'
        correct: true
      - text: '{{ x + 1 }}'
      - text: '{{ x + 1 }}'
"""


def test_template_choices_are_checked_per_variant(tmp_path, monkeypatch):
    """Two choices written as templates are not refused as repeats of each other (a template
    may differ per variant); each generated variant's choices are checked instead."""
    gen = "def gen(rng):\n    return {'x': int(rng.integers(0, 100))}\n"
    write_course(tmp_path, files={"simulations/gen.py": gen})
    assert [d for d in validate(tmp_path, monkeypatch, PARAMETRIC_CHOICES) if d["severity"] == "error"] == []
    result = CliRunner().invoke(cli, ["build", "-t", "html", "-o", str(tmp_path / "out"), "--format", "json"])
    assert result.exit_code == 1
    (d,) = json.loads(result.stdout)["diagnostics"]
    assert d["code"] == "CK510" and "variant 1 of question 'pick'" in d["message"], d
    assert "choice 3 repeats choice 2" in d["message"], d


@pytest.mark.parametrize(
    "feedback",
    [
        "    feedback: {correct: c}\n",
        "    feedback: {incorrect: i}\n",
        "    feedback: {general: g}\n",
    ],
)
def test_any_one_kind_of_feedback_is_feedback(tmp_path, monkeypatch, feedback):
    diags = validate(tmp_path, monkeypatch, single_choice(["a", "b"], feedback))
    assert [d["code"] for d in diags] == []


def test_a_question_without_feedback_is_warned(tmp_path, monkeypatch):
    diags = validate(tmp_path, monkeypatch, single_choice(["a", "b"], ""))
    assert [(d["code"], d["line"]) for d in diags] == [("CK401", 4)]


@pytest.mark.parametrize(
    "extra,warned",
    [("    model_answer: It rises.\n", False), ("    feedback: {incorrect: i}\n", False), ("", True)],
)
def test_an_essays_model_answer_is_its_feedback(tmp_path, monkeypatch, extra, warned):
    essay = "  - id: why\n    type: essay\n    prompt: Why?\n" + extra
    diags = validate(tmp_path, monkeypatch, essay)
    assert [d["code"] for d in diags] == (["CK401"] if warned else [])


def fill(blank: str) -> str:
    return (
        "  - id: gaps\n    type: fill_blanks\n    prompt: Fill the gap.\n"
        "    text: Warm air [[g]].\n    feedback: {general: g}\n"
        f"    blanks:\n      g: {blank}\n"
    )


@pytest.mark.parametrize(
    "blank,missing",
    [
        ("{choices: [rises, sinks]}", "correct"),  # a drop-down without its answer
        ("{correct: rises}", "choices"),  # a drop-down without its options
        ("{case_sensitive: true}", "accept"),  # a typed gap without its answers
    ],
)
def test_a_gap_is_told_what_it_lacks(tmp_path, monkeypatch, blank, missing):
    diags = validate(tmp_path, monkeypatch, fill(blank))
    errors = [d for d in diags if d["severity"] == "error"]
    assert errors and all(missing in d["message"] for d in errors), errors
    assert [d["code"] for d in errors] == ["CK101"]


def test_gaps_built_in_python_keep_their_kind():
    """Generators and importers build questions from model objects, not only from YAML."""
    q = FillBlanks(
        id="gaps",
        type="fill_blanks",
        prompt="Fill the gaps.",
        text="Warm air [[a]] and [[b]].",
        feedback={"general": "g"},
        blanks={"a": DropdownBlank(choices=["rises", "sinks"], correct="rises"), "b": TypedBlank(accept=["cools"])},
    )
    assert isinstance(q.blanks["a"], DropdownBlank) and isinstance(q.blanks["b"], TypedBlank)
