"""``import(build(course))`` scores like ``course``: for every target coursekit also reads
(moodle, canvas, qti21, qti30), the example course, every course in ``examples/`` and random
courses (hypothesis) are built, imported back with ``coursekit import`` and compared question
by question through coursekit.scoring (see tests/import_roundtrip.py). Questions the exporter
warned about (it could not hold them exactly) are left out of the comparison; the generators
below produce mostly what each format holds exactly, and the tests count what they compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from coursefixture import PNG
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from import_roundtrip import TARGET_FORMAT, build, compare, lossy_ids, questions_by_id
from test_properties import inline_md, plain, slugs, write_files

from coursekit.importers import run_import
from coursekit.load import load_course
from coursekit.model.question import normalize_answer

ROOT = Path(__file__).resolve().parents[1]
COURSES = [ROOT / "course", *sorted(p for p in (ROOT / "examples").iterdir() if (p / "course.yaml").is_file())]


def roundtrip(course_dir: Path, target: str, work: Path) -> tuple[int, list[str], set[str]]:
    """(questions compared, problems, ids left out as lossy) for one course through one target."""
    artifact, export_diags, course = build(course_dir, target, work / "out")
    report = run_import(TARGET_FORMAT[target], artifact, work / "imported")
    assert not report.diags.has_errors(), report.diags.render()
    imported, diags = load_course(work / "imported")
    assert imported is not None and not diags.has_errors(), diags.render()
    # validate --strict passes unless the import said the source lacked something (CK915: a
    # question without feedback, which validate reports as CK401), one for one.
    assert all(d.code == "CK401" for d in diags.warnings), diags.render()
    assert len(diags.warnings) == sum(d.code == "CK915" for d in report.diags.warnings)
    original, back = questions_by_id(course), questions_by_id(imported)
    skip = lossy_ids(course, export_diags)
    problems, compared = [], 0
    for qid, q in original.items():
        if qid in skip:
            continue
        if q.variants is not None:
            continue  # the variants are compared (each is a question of its own after import)
        if qid not in back:
            problems.append(f"{qid}: missing after import")
            continue
        problems += compare(q, back[qid])
        compared += 1
    return compared, problems, skip


def variant_questions(course_dir: Path):
    from coursekit.render.pipeline import render_course

    course, _ = load_course(course_dir)
    rendered = render_course(course)
    return {v.id: v for rq in rendered.quizzes for slot in rq.slots if slot.is_parametric for v in slot.variants}


@pytest.mark.parametrize("target", list(TARGET_FORMAT))
@pytest.mark.parametrize("course_dir", COURSES, ids=lambda p: p.name)
def test_example_courses_round_trip(course_dir: Path, target: str, tmp_path: Path):
    compared, problems, lossy = roundtrip(course_dir, target, tmp_path)
    assert not problems, "\n".join(problems)
    if course_dir.name != "variants":
        assert compared >= 2
    else:
        imported, _ = load_course(tmp_path / "imported")
        back = questions_by_id(imported)
        variants = {vid: v for vid, v in variant_questions(course_dir).items() if vid.rsplit("-v", 1)[0] not in lossy}
        assert variants
        missing = [vid for vid in variants if vid not in back]
        assert not missing
        bad = [p for vid, v in variants.items() for p in compare(v, back[vid])]
        assert not bad, "\n".join(bad)
        assert compared + len(variants) >= 2


# ---------------------------------------------------------------- random courses

# What each target holds exactly (the rest warns at export and is left out anyway).
EXACT = {
    "moodle": {"types": ["single_choice", "multiple_response", "true_false", "numeric", "short_answer", "essay",
                         "matching", "ordering", "fill_blanks"], "mr": ["partial"], "match": ["partial"],
               "fill": ["partial"], "scores": [0, 0.25, 0.5, 1], "case": [False, True]},
    "canvas": {"types": ["single_choice", "multiple_response", "true_false", "numeric", "short_answer", "essay",
                         "matching", "fill_blanks"], "mr": ["partial"], "match": ["partial"],
               "fill": ["partial"], "scores": [1], "case": [False]},
    "qti21": {"types": ["single_choice", "multiple_response", "true_false", "numeric", "short_answer", "essay",
                        "matching", "ordering", "fill_blanks"], "mr": ["partial", "all_or_nothing"],
              "match": ["partial", "all_or_nothing"], "fill": ["partial", "all_or_nothing"],
              "scores": [0, 0.25, 0.5, 1], "case": [False, True]},
}  # fmt: skip
EXACT["qti30"] = EXACT["qti21"]
words = plain.filter(lambda s: "*" not in s and "\\" not in s and "{{" not in s and "{%" not in s)


def _distinct(key):
    return lambda xs: len({key(x) for x in xs}) == len(xs)


@st.composite
def question(draw, qid: str, target: str) -> dict:
    rules = EXACT[target]
    qtype = draw(st.sampled_from(rules["types"]))
    q: dict = {"id": qid, "type": qtype, "prompt": draw(inline_md)}
    q["points"] = draw(st.sampled_from([1, 2, 3, 0.5, 2.5]))
    q["feedback"] = {"general": draw(inline_md)}
    if qtype in ("single_choice", "multiple_response"):
        texts = draw(st.lists(inline_md, min_size=2, max_size=4).filter(_distinct(lambda t: " ".join(t.split()))))
        if qtype == "single_choice":
            right = draw(st.integers(0, len(texts) - 1))
            correct = [i == right for i in range(len(texts))]
        else:
            correct = draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)).filter(any))
            q["scoring"] = draw(st.sampled_from(rules["mr"]))
        q["choices"] = [{"text": t, "correct": c} for t, c in zip(texts, correct, strict=True)]
    elif qtype == "true_false":
        q["answer"] = draw(st.booleans())
    elif qtype == "numeric":
        q["answer"] = draw(st.one_of(st.integers(-1000, 1000), st.floats(-1e4, 1e4, allow_nan=False).map(round_6)))
        q["tolerance"] = draw(st.sampled_from([0, 0.01, 0.5, 2]))
    elif qtype == "short_answer":
        cs = draw(st.sampled_from(rules["case"]))
        texts = draw(st.lists(words, min_size=1, max_size=3).filter(_distinct(lambda t: normalize_answer(t, cs))))
        scores = [1] + [draw(st.sampled_from(rules["scores"])) for _ in texts[1:]]
        q["answers"] = [{"text": t, "score": s} for t, s in zip(texts, scores, strict=True)]
        q["case_sensitive"] = cs
    elif qtype == "essay":
        q["model_answer"] = draw(inline_md)
    elif qtype == "matching":
        rights = draw(st.lists(words, min_size=2, max_size=5).filter(_distinct(str.strip)))
        n = draw(st.integers(2, len(rights)))
        q["pairs"] = [{"left": draw(inline_md), "right": r} for r in rights[:n]]
        if rights[n:]:
            q["distractors"] = rights[n:]
        q["scoring"] = draw(st.sampled_from(rules["match"]))
    elif qtype == "ordering":
        q["items"] = draw(st.lists(inline_md, min_size=2, max_size=4).filter(_distinct(lambda t: " ".join(t.split()))))
        q["scoring"] = draw(st.sampled_from(["partial", "all_or_nothing"]))
    elif qtype == "fill_blanks":
        n = draw(st.integers(1, 3))
        dropdowns = draw(st.booleans()) if target != "canvas" else None
        q["text"] = " ".join(f"{draw(inline_md)} [[b{i}]]" for i in range(n)) + " end."
        q["blanks"] = {}
        for i in range(n):
            kind = dropdowns if dropdowns is not None else draw(st.booleans())
            if target == "canvas":
                kind = i == 0 and False
            if kind:
                choices = draw(st.lists(words, min_size=2, max_size=3).filter(_distinct(str.strip)))
                q["blanks"][f"b{i}"] = {"choices": choices, "correct": draw(st.sampled_from(choices))}
            else:
                q["blanks"][f"b{i}"] = {"accept": draw(st.lists(words, min_size=1, max_size=2))}
                if target != "canvas":
                    q["blanks"][f"b{i}"]["case_sensitive"] = draw(st.booleans())
        q["scoring"] = draw(st.sampled_from(rules["fill"]))
        q["points"] = n * draw(st.sampled_from([1, 2]))  # Moodle: a Cloze mark is the sum of whole gap weights
    return q


def round_6(x: float) -> float:
    return float(f"{x:.6g}")


@st.composite
def course_files(draw, target: str) -> dict:
    n = draw(st.integers(1, 5))
    qids = draw(st.lists(slugs, min_size=n, max_size=n, unique=True))
    quiz = {"id": "check", "title": draw(words), "questions": [draw(question(q, target)) for q in qids]}
    course = {"id": "rt", "title": draw(words), "chapters": ["chapters/one.md"]}
    chapter = (
        "---\n" + yaml.safe_dump({"id": "one", "title": "One", "quiz": "../quizzes/check.yaml"}) + "---\n\nText.\n"
    )
    return {
        "course.yaml": yaml.safe_dump(course, allow_unicode=True),
        "chapters/one.md": chapter,
        "quizzes/check.yaml": yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False),
        "assets/dot.png": PNG,
    }


def _property(target: str, tmp_path: Path, files: dict) -> None:
    import shutil

    work = tmp_path / "w"
    shutil.rmtree(work, ignore_errors=True)
    src = write_files(work / "src", files)
    course, diags = load_course(src)
    assume(course is not None and not diags.has_errors())  # a generated text the format refuses
    compared, problems, lossy = roundtrip(src, target, work)
    assert not problems, "\n".join(problems)
    total = sum(len(q.questions) for _, q in course.all_quizzes())
    assert compared + len(lossy) == total  # every question compared unless the export warned about it
    event(f"{target}: {compared} of {total} questions compared")


_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)


@_SETTINGS
@given(files=course_files("moodle"))
def test_moodle_round_trip_keeps_scoring(files, tmp_path):
    _property("moodle", tmp_path, files)


@_SETTINGS
@given(files=course_files("canvas"))
def test_canvas_round_trip_keeps_scoring(files, tmp_path):
    _property("canvas", tmp_path, files)


@_SETTINGS
@given(files=course_files("qti21"))
def test_qti21_round_trip_keeps_scoring(files, tmp_path):
    _property("qti21", tmp_path, files)


@_SETTINGS
@given(files=course_files("qti30"))
def test_qti30_round_trip_keeps_scoring(files, tmp_path):
    _property("qti30", tmp_path, files)
