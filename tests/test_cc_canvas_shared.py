"""The cartridge's Canvas copy of each quiz is the canvas target's work (RenderedCourse.shared).

The ``cc`` target ships, per quiz, the Canvas QTI file and settings the ``canvas`` target
writes (under the cartridge's own quiz identifier). Built after canvas in one process, cc takes
what canvas made of each quiz, deflated once, with the warnings canvas raised for it; built
without canvas, it makes them itself. Either way each target writes the bytes and reports the
diagnostics, in the same order, that it does alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coursefixture import COURSE_YAML, PARAMETRIC, QUESTION, write_course

from coursekit import build as build_module
from coursekit.build import build_course

# Two chapters, two quizzes. "drawn" draws 2 questions of unequal points (a pool, CK766) and
# holds an ordering question (CK760) and a parametric one (CK767); "fixed" mixes shuffled and
# fixed choices (CK768) and has a parametric question (a group) showing a picture.
ORDERING = """\
  - id: steps
    type: ordering
    prompt: Order them.
    points: 2
    feedback: {correct: Yes., incorrect: No.}
    items: [one, two, three]
"""
FIXED_ORDER = QUESTION.replace("id: pick", "id: fixed-pick").replace("    choices:", "    shuffle: false\n    choices:")
CHAPTERS = "  - chapters/one.md\n"
FILES = {
    "course.yaml": COURSE_YAML.replace("language: en", "language: de").replace(
        CHAPTERS, CHAPTERS + "  - chapters/two.md\n"
    ),
    "chapters/two.md": "---\nid: two\ntitle: Two\nquiz: ../quizzes/two.yaml\n---\n\nText.\n",
    "quizzes/one.yaml": "id: drawn\ntitle: Drawn\nselect: 2\nquestions:\n" + QUESTION + ORDERING + PARAMETRIC,
    "quizzes/two.yaml": "id: fixed\ntitle: Fixed\nquestions:\n"
    + QUESTION
    + FIXED_ORDER
    + PARAMETRIC.replace("+ 1?'", "+ 1? ![a dot](../assets/dot.png)'"),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return write_course(tmp_path_factory.mktemp("cc-canvas") / "course", files=FILES)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def texts(diags) -> list[str]:
    return [f"{d.as_text()} | {d.hint}" for d in diags.items]


@pytest.fixture
def canvas_items(monkeypatch, tmp_path: Path):
    """How many Canvas QTI items were written since last asked (a line per item in a file, so
    that forked workers count too)."""
    from coursekit.exporters.qti.canvas_items import CanvasItemWriter

    log = tmp_path / "canvas-items.log"
    log.write_text("")
    real = CanvasItemWriter.item

    def item(self, *args, **kwargs):
        with log.open("a") as f:
            f.write("item\n")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(CanvasItemWriter, "item", item)

    def count() -> int:
        n = len(log.read_text().split())
        log.write_text("")
        return n

    return count


@pytest.mark.parametrize("jobs", [1, 2])
def test_cc_takes_the_canvas_quizzes_canvas_made(course: Path, tmp_path: Path, canvas_items, jobs: int) -> None:
    canvas = build_course(course, ["canvas"], tmp_path / "canvas", jobs=1)
    made_by_canvas = canvas_items()
    cc = build_course(course, ["cc"], tmp_path / "cc", jobs=1)
    # "drawn" keeps the first variant of its parametric question (3 items), "fixed" every one (5)
    assert canvas_items() == made_by_canvas == 8
    alone = texts(canvas) + texts(cc)
    for code in ("CK760", "CK766", "CK767", "CK768", "CK769"):  # canvas's own, and its decimal commas
        assert sum(code in t for t in texts(canvas)) == sum(code in t for t in texts(cc)) > 0, code

    together = build_course(course, ["canvas", "cc"], tmp_path / "together", jobs=jobs)
    assert canvas_items() == made_by_canvas  # cc wrote no Canvas item of its own
    assert tree(tmp_path / "together") == {**tree(tmp_path / "canvas"), **tree(tmp_path / "cc")}
    assert texts(together) == alone  # the same diagnostics, in the same order


def test_cc_without_canvas_makes_the_copy_itself(course: Path, tmp_path: Path, canvas_items) -> None:
    build_course(course, ["cc"], tmp_path / "cc", jobs=1)
    alone = canvas_items()
    # Asked for in any order, canvas runs first in the process (build._groups): cc takes its copies.
    build_course(course, ["cc", "canvas"], tmp_path / "both", jobs=1)
    assert canvas_items() == alone
    assert tree(tmp_path / "both")["demo.imscc"] == tree(tmp_path / "cc")["demo.imscc"]
    build_course(course, ["cc", "moodle"], tmp_path / "no-canvas", jobs=1)
    assert canvas_items() == alone
    assert tree(tmp_path / "no-canvas")["demo.imscc"] == tree(tmp_path / "cc")["demo.imscc"]


def test_the_cartridge_takes_the_canvas_files_deflated_once(course: Path, tmp_path: Path, monkeypatch) -> None:
    """Canvas deflates each file it keeps for the cartridge; the cartridge's zip takes the
    stream as it is (the same level, 6), so nothing it holds is deflated twice."""
    from coursekit.package import Deflated, ZipMembers

    given: dict[str, type] = {}
    real = ZipMembers.add

    def add(self, name, data, **kwargs):
        # Deflated at another level than the zip's, it would be deflated again.
        given[name] = type(data) if not isinstance(data, Deflated) or data.level == self.level else object
        return real(self, name, data, **kwargs)

    monkeypatch.setattr(ZipMembers, "add", add)
    build_course(course, ["canvas", "cc"], tmp_path / "out", jobs=1)
    kept = {n for n, kind in given.items() if kind is Deflated}
    assert kept == {
        "non_cc_assessments/quiz.drawn.xml.qti",
        "quiz.drawn/assessment_meta.xml",
        "non_cc_assessments/quiz.fixed.xml.qti",
        "quiz.fixed/assessment_meta.xml",
    }


def test_nothing_is_left_for_cc_after_it_took_it(course: Path, tmp_path: Path, shared_after_each) -> None:
    seen = shared_after_each
    build_course(course, ["canvas", "cc", "moodle"], tmp_path / "a", jobs=1)
    assert seen == [("canvas", ["canvas-quizzes"]), ("cc", []), ("moodle", [])]
    seen.clear()
    build_course(course, ["canvas", "moodle"], tmp_path / "b", jobs=1)
    assert seen == [("canvas", []), ("moodle", [])]  # nothing kept that no target takes


def test_a_cartridge_ident_clash_fails_cc_as_it_does_alone(tmp_path: Path) -> None:
    """Quiz "quiz" with a question "quiz": the cartridge's quiz ident (quiz.quiz) is also the
    question's item ident, so cc refuses the quiz (CK001); canvas's own ident ("quiz") does not
    clash, so canvas builds it, beside cc as alone, and cc still fails with its own error."""
    quiz = "id: quiz\ntitle: Q\nquestions:\n" + QUESTION.replace("id: pick", "id: quiz")
    course = write_course(tmp_path / "course", files={"quizzes/one.yaml": quiz})
    canvas = build_course(course, ["canvas"], tmp_path / "canvas", jobs=1)
    cc = build_course(course, ["cc"], tmp_path / "cc", jobs=1)
    assert not canvas.has_errors(), texts(canvas)
    assert [d.code for d in cc.errors] == ["CK001"]
    together = build_course(course, ["canvas", "cc"], tmp_path / "together", jobs=1)
    assert texts(together) == texts(canvas) + texts(cc)


def exported(course: Path, out: Path, runs: list[tuple[str, frozenset[str]]], jobs: int):
    """``build._export_one`` of each (target, coming) in turn, as a build's process runs them:
    the files written and every diagnostic (the exporters' own, without the loader's)."""
    from coursekit.load import load_course
    from coursekit.package import Staging
    from coursekit.render.pipeline import render_course

    loaded, _ = load_course(course)
    stage = Staging(out)
    rendered = render_course(loaded)
    build_module._STATE.update(rendered=rendered, options=build_module._export_options({}, jobs), stage=stage)
    staged, diags = [], []
    try:
        for name, coming in runs:
            _, outputs, found, _ = build_module._export_one(name, coming)
            staged += outputs
            diags += [f"{d.as_text()} | {d.hint}" for d in found]
        stage.commit(staged)
    finally:
        build_module._STATE.clear()
        stage.discard()
    return tree(out), diags


def test_canvas_and_cc_split_over_workers_still_share(course: Path, tmp_path: Path, canvas_items, monkeypatch) -> None:
    """With a big bank each target's per-quiz work may run in forked workers (coursekit.fanout):
    what canvas keeps for cc comes back from them pickled, and cc's quizzes taken in a worker come
    back deflated. The bytes and diagnostics stay those of each target alone."""
    import coursekit.fanout as fanout

    alone = exported(course, tmp_path / "alone", [("canvas", frozenset()), ("cc", frozenset())], jobs=1)
    made_alone = canvas_items()
    monkeypatch.setattr(fanout, "MIN_QUESTIONS", 0)
    split: list = []
    real_runs = fanout.runs
    monkeypatch.setattr(fanout, "runs", lambda w, p: split.append(real_runs(w, p)) or split[-1])
    shared = exported(course, tmp_path / "split", [("canvas", frozenset({"cc"})), ("cc", frozenset())], jobs=2)
    assert split == [[(0, 1), (1, 2)]] * 2  # each target's second quiz was made in a worker
    assert canvas_items() * 2 == made_alone  # cc wrote no Canvas item of its own
    assert shared == alone
