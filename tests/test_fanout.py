"""A big bank's quizzes split over forked workers (coursekit.fanout).

The split must not show: for every target that splits (canvas, qti21, qti30, moodle, moodle
--split) a build with two processes writes the same bytes and reports the same diagnostics as
a build with one. The test course puts in the later quizzes (so in a worker) what a worker
could lose: a warning, an asset no earlier part uses, a question name an earlier quiz already
took (Moodle names are unique per file), and an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coursefixture import PNG

import coursekit.fanout as fanout
from coursekit.build import build_course

SPLITTING = [("canvas", {}), ("qti21", {}), ("qti30", {}), ("moodle", {}), ("moodle", {"split": True}), ("cc", {})]

GEN = """\
def numbers(rng):
    a = int(rng.integers(2, 20))
    return {"a": a, "s": a + 1}
"""


def quiz(n: int, extra: str = "") -> str:
    return f"""\
id: quiz-{n}
title: Quiz {n}
questions:
  - id: same-{n}
    type: true_false
    prompt: The same statement in every quiz.
    feedback: {{correct: Yes., incorrect: No.}}
    answer: true
  - id: order-{n}
    type: ordering
    prompt: Put the steps of process {n} in order.
    feedback: {{correct: Yes., incorrect: No.}}
    items: [collect, clean, train]
  - id: add-{n}
    type: numeric
    variants: {{count: 3, generator: ../simulations/gen.py:numbers}}
    prompt: 'What is {{{{ a }}}} + 1? ({n})'
    feedback: {{correct: Yes., incorrect: No.}}
    answer: '{{{{ s }}}}'
{extra}"""


PICTURE = """\
  - id: picture
    type: single_choice
    prompt: 'Which dot is this: ![a red dot](../assets/only-here.png)?'
    feedback: {correct: Yes., incorrect: No.}
    choices:
      - {text: red, correct: true}
      - {text: blue}
"""

EMPTY_PAIR = """\
  - id: empty-pair
    type: matching
    prompt: Match them.
    feedback: {correct: Yes., incorrect: No.}
    pairs:
      - {left: '<script>x</script>', right: one}
      - {left: beta, right: two}
"""


def bank(root: Path, quizzes: int = 4, last_extra: str = PICTURE) -> Path:
    chapters = [f"chapters/c{n}.md" for n in range(quizzes)]
    (root / "chapters").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "simulations").mkdir()
    (root / "assets").mkdir()
    (root / "course.yaml").write_text(
        "id: bank\ntitle: Bank\nlanguage: en\nchapters:\n" + "".join(f"  - {c}\n" for c in chapters)
    )
    (root / "simulations" / "gen.py").write_text(GEN)
    (root / "assets" / "only-here.png").write_bytes(PNG)
    for n, chapter in enumerate(chapters):
        (root / chapter).write_text(
            f"---\nid: c{n}\ntitle: Chapter {n}\nquiz: ../quizzes/q{n}.yaml\n---\n\nText of chapter {n}.\n"
        )
        (root / "quizzes" / f"q{n}.yaml").write_text(quiz(n, last_extra if n == quizzes - 1 else ""))
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def split_always(monkeypatch) -> list:
    """Split even this small course, and record every split made."""
    monkeypatch.setattr(fanout, "MIN_QUESTIONS", 0)
    made: list = []
    real = fanout.runs

    def spy(weights, parts):
        made.append(real(weights, parts))
        return made[-1]

    monkeypatch.setattr(fanout, "runs", spy)
    return made


@pytest.mark.parametrize("target,options", SPLITTING, ids=[t + ("-split" if o else "") for t, o in SPLITTING])
def test_two_processes_write_the_same_bytes_and_diagnostics(
    tmp_path: Path, split_always: list, target: str, options: dict
) -> None:
    course = bank(tmp_path / "course")
    serial = build_course(course, [target], tmp_path / "one", dict(options), jobs=1)
    assert not split_always
    split = build_course(course, [target], tmp_path / "two", dict(options), jobs=2)
    assert split_always == [[(0, 2), (2, 4)]]  # quizzes 2 and 3 go to the worker
    assert not serial.has_errors(), serial.render()
    assert split.render("json") == serial.render("json")
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert one == two and one
    if target == "canvas":
        assert serial.render(verbose=True).count("CK760") == 4  # one per quiz, two of them raised in the worker
    if target.startswith("qti") or target == "canvas":
        import io
        import zipfile

        (name,) = one
        with zipfile.ZipFile(io.BytesIO(one[name])) as zf:
            assert any(n.endswith(".png") and "only-here" in n for n in zf.namelist())
    if target == "moodle":
        text = b"".join(one.values()).decode()
        assert "The same statement in every quiz.</text>" in text
        assert "The same statement in every quiz. [same-3]</text>" in text  # settled across parts


def test_an_error_in_a_worker_fails_the_target_as_it_would_serially(tmp_path: Path, split_always: list) -> None:
    course = bank(tmp_path / "course", last_extra=EMPTY_PAIR)
    serial = build_course(course, ["moodle"], tmp_path / "one", {}, jobs=1)
    split = build_course(course, ["moodle"], tmp_path / "two", {}, jobs=2)
    assert split_always, "the course was not split"
    assert [d.code for d in serial.errors] == ["CK811"]
    assert split.render("json") == serial.render("json")
    assert not (tmp_path / "one").exists() and not (tmp_path / "two").exists()


def test_small_courses_stay_in_one_process(tmp_path: Path, monkeypatch) -> None:
    called: list = []
    monkeypatch.setattr(fanout, "runs", lambda *a: called.append(a) or [])
    course = bank(tmp_path / "course")
    diags = build_course(course, ["moodle"], tmp_path / "out", {}, jobs=2)
    assert not diags.has_errors() and not called  # 28 questions, far under MIN_QUESTIONS


@pytest.mark.parametrize(
    "weights,parts,expected",
    [
        ([5, 5, 5, 5], 2, [(0, 2), (2, 4)]),
        ([1, 1, 1, 9], 2, [(0, 3), (3, 4)]),
        ([9, 1, 1, 1], 2, [(0, 1), (1, 4)]),
        ([3, 3, 3], 3, [(0, 1), (1, 2), (2, 3)]),
        ([3, 3], 5, [(0, 1), (1, 2)]),
        ([7], 2, [(0, 1)]),
        ([5, 5, 5, 6], 2, [(0, 2), (2, 4)]),
        ([1, 1, 1, 1, 1, 1], 4, [(0, 1), (1, 3), (3, 4), (4, 6)]),
        ([0, 0, 0], 2, [(0, 1), (1, 3)]),
    ],
)
def test_runs_are_contiguous_balanced_and_never_empty(weights: list[int], parts: int, expected: list) -> None:
    got = fanout.runs(weights, parts)
    assert got == expected
    assert got[0][0] == 0 and got[-1][1] == len(weights)
    assert all(a < b for a, b in got) and all(got[i][1] == got[i + 1][0] for i in range(len(got) - 1))


def test_serial_quiz_iter_makes_each_result_when_it_is_asked_for(tmp_path: Path) -> None:
    """So that an exporter hands one quiz's files over (Exporter.output) before the next is made."""
    from coursekit.exporters import Exporter
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    course, diags = load_course(bank(tmp_path / "course"))
    assert course is not None and not diags.has_errors()
    rendered = render_course(course)
    made: list[str] = []
    results = fanout.quiz_iter(Exporter(), rendered, lambda rq: made.append(rq.quiz.id) or rq.quiz.id)
    ids = [rq.quiz.id for rq in rendered.quizzes]
    assert made == []
    for i, got in enumerate(results):
        assert got == ids[i] and made == ids[: i + 1]
    assert fanout.quiz_map(Exporter(), rendered, lambda rq: rq.quiz.id) == ids
