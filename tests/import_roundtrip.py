"""Round trips for the import tests: build a course for one target, import what it wrote, and
compare the scoring of every question through ``coursekit.scoring`` on a set of responses.

Responses are made from the original question's content (choice indices, answer texts,
numbers inside and outside the tolerance, every item order, ...) and translated to the
imported question by content (matching options by their text), so a reader that reorders or
mislabels anything scores differently.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from coursekit.build import _exporter_class
from coursekit.diagnostics import Diagnostics
from coursekit.exporters import ExportOptions
from coursekit.load import load_course
from coursekit.model import question as qm
from coursekit.package import write_artifact
from coursekit.render.pipeline import render_course
from coursekit.scoring import evaluate, question_spec

TARGET_FORMAT = {"moodle": "moodle", "canvas": "canvas", "qti21": "qti", "qti30": "qti"}


def build(course_dir: Path, target: str, out: Path):
    """(artifact path, diagnostics of the export); the course must load without errors."""
    course, diags = load_course(course_dir)
    assert course is not None and not diags.has_errors(), diags.render()
    rendered = render_course(course)
    result = _exporter_class(target)(ExportOptions(jobs=1)).run(rendered)
    diags = Diagnostics(list(result.diagnostics))
    assert not diags.has_errors(), diags.render()
    (artifact,) = result.artifacts
    return write_artifact(artifact, out), diags, course


def questions_by_id(course) -> dict[str, qm.QuestionBase]:
    return {q.id: q for _, quiz in course.all_quizzes() for q in quiz.questions}


def lossy_ids(course, export_diags) -> set[str]:
    """Questions the exporter warned about (it could not hold them exactly), and every question
    of a quiz it warned about (e.g. Canvas keeping one variant of each question in a drawn quiz)."""
    where = {d.location for d in export_diags.warnings}
    out = set()
    for _, quiz in course.all_quizzes():
        for q in quiz.questions:
            if quiz.loc in where:
                out.add(q.id)
            locs = {q.loc, q.feedback.loc} | {getattr(a, "loc", None) for a in getattr(q, "answers", [])}
            if locs & where:
                out.add(q.id)
    return out


def _num_responses(q) -> list:
    a, t = float(q.answer), float(q.tolerance)
    out = [None, "", "abc", a, a + 0.5 * t, a - 0.5 * t, a + 2 * t + 1, a - 2 * t - 1, a + 1e-3 * max(abs(a), 1)]
    return [x if isinstance(x, (str, type(None))) else repr(x) for x in out]


def responses(q: qm.QuestionBase) -> list:
    """Responses in the original question's terms (see scoring's normalized form)."""
    if isinstance(q, (qm.SingleChoice, qm.MultipleResponse)):
        n = len(q.choices)
        return [list(c) for r in range(n + 1) for c in itertools.combinations(range(n), r)][:64] + [None]
    if isinstance(q, qm.TrueFalse):
        return [True, False, None]
    if isinstance(q, qm.NumericQuestion):
        return _num_responses(q)
    if isinstance(q, qm.ShortAnswer):
        texts = [a.text for a in q.answers]
        return [None, "zz-wrong"] + texts + [t.upper() for t in texts] + [f"  {t} " for t in texts]
    if isinstance(q, qm.Essay):
        return ["some words", None]
    if isinstance(q, qm.Matching):
        n, m = len(q.pairs), len(q.pairs) + len(q.distractors)
        rows = [list(range(n)), [None] * n, [(i + 1) % m for i in range(n)], [0] * n]
        rows += [[j if i == k else None for i in range(n)] for k in range(n) for j in range(m)][:30]
        return rows
    if isinstance(q, qm.Ordering):
        return [list(p) for p in itertools.islice(itertools.permutations(range(len(q.items))), 30)] + [None]
    if isinstance(q, qm.FillBlanks):
        options = []
        for name in q.gap_order():
            b = q.blanks[name]
            if isinstance(b, qm.DropdownBlank):
                options.append([c.strip() for c in b.choices] + [None])
            else:
                options.append(list(b.accept) + [b.accept[0].upper(), "zz-wrong", None])
        return [list(r) for r in itertools.islice(itertools.product(*options), 60)]
    raise AssertionError(q.type)


def translate(orig: qm.QuestionBase, imported: qm.QuestionBase, response):
    """The same response in the imported question's terms: matching options by their text,
    drop-down picks by their position (a drop-down choice is picked, not typed)."""
    if response is not None and isinstance(orig, qm.FillBlanks) and isinstance(imported, qm.FillBlanks):
        out = []
        for name, new_name, value in zip(orig.gap_order(), imported.gap_order(), response, strict=True):
            blank, new = orig.blanks[name], imported.blanks[new_name]
            if value is not None and isinstance(blank, qm.DropdownBlank) and isinstance(new, qm.DropdownBlank):
                texts = [c.strip() for c in blank.choices]
                value = new.choices[texts.index(value)].strip() if value in texts else value
            out.append(value)
        return out
    if response is None or not isinstance(orig, qm.Matching):
        return response
    options = [p.right.strip() for p in orig.pairs] + [d.strip() for d in orig.distractors]
    new = [p.right.strip() for p in imported.pairs] + [d.strip() for d in imported.distractors]
    return [None if r is None else new.index(options[r]) if options[r] in new else -1 for r in response]


def compare(orig: qm.QuestionBase, imported: qm.QuestionBase) -> list[str]:
    """Differences in scoring between an original question and its import (empty: the same)."""
    a, b = question_spec(orig), question_spec(imported)
    problems = []
    if a["type"] != b["type"]:
        return [f"{orig.id}: type {a['type']} became {b['type']}"]
    if abs(float(a["points"]) - float(b["points"])) > 1e-9 * max(1.0, float(a["points"])):
        problems.append(f"{orig.id}: points {a['points']} became {b['points']}")
    for key in ("n", "options"):
        if a.get(key) != b.get(key):
            problems.append(f"{orig.id}: {key} {a.get(key)} became {b.get(key)}")
    if problems:
        return problems
    for response in responses(orig):
        ra = evaluate(a, response)
        rb = evaluate(b, translate(orig, imported, response))
        if abs(ra.score - rb.score) > 1e-6 * max(1.0, ra.max) or ra.max != rb.max:
            problems.append(
                f"{orig.id}: response {response!r} scores {ra.score}/{ra.max}, imported {rb.score}/{rb.max}"
            )
    return problems
