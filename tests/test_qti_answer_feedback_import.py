"""A short answer's per-answer feedback survives a QTI 2.1 export and `coursekit import qti`.

The items name each answer's feedback ``A<n>``; an importer pairs it with the n-th answer of
the mapping, which lists answers best first. Written out of score order (the course's ``sa``
lists its half-score answer first), each answer must still come back with its own feedback.
"""

from __future__ import annotations

import zipfile

from support import qti_reader_course as course
from support.course_dir import export, load_rendered

from coursekit.importers import run_import
from coursekit.load import load_course


def test_each_answer_comes_back_with_its_own_feedback(tmp_path):
    files = export(load_rendered(course.write(tmp_path / "src")), "qti21")
    package = tmp_path / "bank.zip"
    with zipfile.ZipFile(package, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    report = run_import("qti", package, tmp_path / "imported")
    assert not report.diags.has_errors(), report.diags.render()
    imported, diags = load_course(tmp_path / "imported")
    assert imported is not None, diags.render()
    source = next(q for q in course.QUESTIONS if q["id"] == "sa")
    (sa,) = [q for _, quiz in imported.all_quizzes() for q in quiz.questions if q.prompt == source["prompt"]]
    assert {a.text: a.feedback for a in sa.answers} == {a["text"]: a.get("feedback") for a in source["answers"]}
