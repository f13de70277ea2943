"""A build writes each file an exporter hands over (Exporter.output) as it comes, into the
staging folder beside --out, and moves the outputs into --out only when every target succeeded."""

from __future__ import annotations

from pathlib import Path

import pytest
from coursefixture import write_course

from coursekit.build import build_course
from coursekit.diagnostics import CourseError, Diagnostic, Location
from coursekit.exporters import Artifact, Exporter
from coursekit.package import zip_bytes

FILES = {"index.html": b"<p>home</p>", "static/a.css": b"p{}", "assets/x.png": b"png"}


def staged_now(out: Path) -> list[str]:
    """The outputs' files in the build's staging folder beside ``out`` right now (not the spool
    a zip's deflated files wait in)."""
    staging = out.parent.glob(f".{out.name}.ck-tmp-*/out")
    return sorted(p.name for d in staging for p in d.rglob("*") if p.is_file())


def handing_over(seen: list, fail: bool = False) -> type:
    class HandsOver(Exporter):
        name = "html"

        def export(self, rendered) -> list:
            out = Path(self.options.extra["out"])
            folder, zipped = self.output("site", "dir"), self.output("site.zip", "zip")
            for path, data in FILES.items():
                folder.add(path, data)
                zipped.add(path, data)
                seen.append(staged_now(out))  # the folder's file is on disk already
            pieces = self.output("big.xml", "file")
            for piece in (b"<a>", b"text", b"</a>"):
                pieces.append(piece)
                seen.append(staged_now(out))  # written as it comes
            if fail:
                raise CourseError(Diagnostic("CK999", "broke after handing over", Location("x.yaml", 1, 1)))
            return [folder.close(), zipped.close(), pieces.close(), Artifact("held.txt", "file", {"held.txt": b"held"})]

    return HandsOver


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_file_is_written_as_it_is_handed_over(tmp_path: Path, monkeypatch, jobs: int) -> None:
    import coursekit.build as build_module

    seen: list[list[str]] = []
    monkeypatch.setattr(build_module, "_exporter_class", lambda name: handing_over(seen))
    course = write_course(tmp_path / "course")
    out = tmp_path / "out"
    diags = build_course(course, ["html"], out, {"out": str(out)}, jobs=jobs)
    assert not diags.has_errors()
    assert seen[:3] == [["index.html"], ["a.css", "index.html"], ["a.css", "index.html", "x.png"]]
    assert seen[3:] == [["a.css", "big.xml", "index.html", "x.png"]] * 3
    assert {p.relative_to(out / "site").as_posix(): p.read_bytes() for p in (out / "site").rglob("*.*")} == FILES
    assert (out / "site.zip").read_bytes() == zip_bytes(FILES)
    assert (out / "held.txt").read_bytes() == b"held"
    assert (out / "big.xml").read_bytes() == b"<a>text</a>"
    assert staged_now(out) == [] and not list(tmp_path.glob(".out.ck-tmp-*"))


def test_a_failure_after_handing_over_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    import coursekit.build as build_module

    seen: list[list[str]] = []
    monkeypatch.setattr(build_module, "_exporter_class", lambda name: handing_over(seen, fail=True))
    course = write_course(tmp_path / "course")
    out = tmp_path / "out"
    diags = build_course(course, ["html"], out, {"out": str(out)}, jobs=1)
    assert [d.code for d in diags.errors] == ["CK999"]
    assert seen[-1] == ["a.css", "big.xml", "index.html", "x.png"]
    assert not out.exists() and not list(tmp_path.glob(".out.ck-tmp-*"))


def test_outside_a_build_the_files_are_held_in_an_artifact() -> None:
    exporter = Exporter()
    out = exporter.output("p.zip", "zip")
    for path, data in FILES.items():
        out.add(path, data)
    assert out.close() == Artifact("p.zip", "zip", FILES)


def test_outside_a_build_a_file_in_pieces_is_held_whole() -> None:
    out = Exporter().output("big.xml", "file")
    for piece in (b"<a>", b"text", b"</a>"):
        out.append(piece)
    assert out.close() == Artifact("big.xml", "file", {"big.xml": b"<a>text</a>"})


@pytest.mark.parametrize("targets", [["qti21"], ["qti30"], ["qti21", "qti30"]])
def test_qti_packages_hand_over_each_quiz_before_the_next_is_made(monkeypatch, targets) -> None:
    """A QTI package of a big bank is its items: each quiz's test and items go to the build's
    output as soon as the quiz is written, and the package keeps only what its manifest needs
    (the 3.0 package made beside 2.1 keeps its data until qti30 hands it over)."""
    from coursekit.build import _exporter_class
    from coursekit.exporters import ExportOptions, Output
    from coursekit.exporters.qti import package
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    events: list[str] = []
    real = package.quiz_files_each

    def writing(rendered, rq, *args, **kwargs):
        events.append(f"write {rq.quiz.id}")
        return real(rendered, rq, *args, **kwargs)

    class Recording(Output):
        def add(self, path: str, data: bytes) -> None:
            events.append(f"add {self.artifact.name} {path}")
            super().add(path, data)

    monkeypatch.setattr(package, "quiz_files_each", writing)
    course, _ = load_course(Path(__file__).resolve().parent.parent / "examples" / "question-types")
    rendered = render_course(course)
    rendered.coming = set(targets)
    for target in targets:
        exporter = _exporter_class(target)(ExportOptions())
        exporter.outputs = Recording
        (artifact,) = exporter.run(rendered).artifacts
        assert artifact.files
    quiz_ids = [rq.quiz.id for rq in rendered.quizzes]
    assert len(quiz_ids) == 3
    written = [e for e in events if e.startswith("write")]
    assert written == [f"write {q}" for q in quiz_ids]  # every quiz written once, 3.0 beside 2.1 too
    first = targets[0]
    for i, quiz_id in enumerate(quiz_ids[:-1]):
        # the quiz's items went to the first target's zip before the next quiz was written
        zipped = f"add {course.id}-{first}.zip items/{quiz_id}/"
        added = [k for k, e in enumerate(events) if e.startswith(zipped)]
        assert added and max(added) < events.index(f"write {quiz_ids[i + 1]}"), events


def test_the_qti30_package_made_beside_qti21_is_held_deflated(monkeypatch) -> None:
    """Between qti21 and qti30, the QTI 3.0 package waits in memory: its files are held as the
    deflate streams its zip takes as they are (at 100,000 questions, a fifth of their size),
    and qti30 writes from them exactly the bytes it writes alone."""
    from coursekit.build import _exporter_class
    from coursekit.exporters import ExportOptions
    from coursekit.exporters.qti.qti30 import QTI30_PACKAGE
    from coursekit.load import load_course
    from coursekit.package import Deflated
    from coursekit.render.pipeline import render_course

    course, _ = load_course(Path(__file__).resolve().parent.parent / "examples" / "question-types")
    alone = _exporter_class("qti30")(ExportOptions()).run(render_course(course)).artifacts[0].files

    rendered = render_course(course)
    rendered.coming = frozenset({"qti30"})
    _exporter_class("qti21")(ExportOptions()).run(rendered)
    held = rendered.shared[QTI30_PACKAGE]
    files = [f for test in held.tests for f in (test, *test.items)]
    assert files and all(isinstance(f.data, Deflated) for f in files)
    rendered.coming = frozenset()
    assert _exporter_class("qti30")(ExportOptions()).run(rendered).artifacts[0].files == alone
