"""Work that several targets do alike is done once per process (RenderedCourse.shared).

The HTML site is the html target and the site inside both SCORM packages; QTI 3.0's items are
QTI 2.1's trees converted. Built together (one process, or a sharing group in one worker with
--jobs), each is made once; and what each target writes, with its warnings, is what it writes
when built alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coursefixture import PARAMETRIC, QUESTION, write_course

from coursekit.build import _groups, build_course

SHARING = ["html", "scorm12", "scorm2004", "qti21", "qti30"]

# The fixture's parametric question (its variants are items of their own), showing a picture (an
# asset the site and the items carry); in German, QTI warns about decimal commas (CK750).
EXTRA = PARAMETRIC.replace("+ 1?'", "+ 1? ![a dot](../assets/dot.png)'")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = write_course(tmp_path_factory.mktemp("shared") / "course", quiz_questions=QUESTION + EXTRA)
    (root / "course.yaml").write_text((root / "course.yaml").read_text().replace("language: en", "language: de"))
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def diagnostics(diags) -> list[str]:
    return [d.as_text() for d in diags.items]


@pytest.fixture
def counted(monkeypatch, tmp_path: Path):
    """Count, across forked workers too (a line per call in a file), how often the site is
    rendered and a QTI item built."""
    from coursekit.exporters.html.exporter import HtmlExporter
    from coursekit.exporters.qti.qti21_items import Qti21ItemWriter

    log = tmp_path / "calls.log"
    log.write_text("")
    real_site, real_item = HtmlExporter.site_items, Qti21ItemWriter.item

    def site_items(self, *args, **kwargs):
        with log.open("a") as f:
            f.write("site\n")
        return real_site(self, *args, **kwargs)

    def item(self, *args, **kwargs):
        with log.open("a") as f:
            f.write("item\n")
        return real_item(self, *args, **kwargs)

    monkeypatch.setattr(HtmlExporter, "site_items", site_items)
    monkeypatch.setattr(Qti21ItemWriter, "item", item)

    def calls() -> dict[str, int]:
        lines = log.read_text().split()
        log.write_text("")
        return {"site": lines.count("site"), "item": lines.count("item")}

    return calls


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_target_writes_together_what_it_writes_alone(course: Path, tmp_path: Path, counted, jobs: int) -> None:
    alone: dict[str, bytes] = {}
    alone_diags: list[str] = []
    per_target = {}
    for target in SHARING:
        diags = build_course(course, [target], tmp_path / target, jobs=1)
        assert not diags.has_errors(), diagnostics(diags)
        alone.update(tree(tmp_path / target))
        alone_diags += diagnostics(diags)
        per_target[target] = counted()
    # Alone, each target makes its own: the site three times, every item twice (2.1, 3.0).
    assert [per_target[t]["site"] for t in SHARING] == [1, 1, 1, 0, 0]
    items = per_target["qti21"]["item"]
    assert items == per_target["qti30"]["item"] == 4  # the fixture's question and 3 variants
    assert any("CK750" in d for d in alone_diags), alone_diags  # QTI warns about the commas

    together = build_course(course, SHARING, tmp_path / "together", jobs=jobs)
    assert tree(tmp_path / "together") == alone
    assert sorted(diagnostics(together)) == sorted(alone_diags)
    assert counted() == {"site": 1, "item": items}


def test_targets_that_share_run_in_one_process_in_order() -> None:
    assert _groups(["moodle", "qti30", "scorm2004", "html", "qti21", "canvas"]) == [
        ["html", "scorm2004"],
        ["qti21", "qti30"],
        ["canvas"],
        ["moodle"],
    ]
    assert _groups(["qti30", "cc"]) == [["qti30"], ["cc"]]
    assert _groups(["cc", "moodle", "canvas"]) == [["canvas", "cc"], ["moodle"]]


def test_nothing_is_kept_after_the_last_target(course: Path, tmp_path: Path, shared_after_each) -> None:
    """The last target of a process leaves nothing in RenderedCourse.shared (a 100,000-question
    site must not stay in memory), and a target alone keeps nothing for anyone."""
    seen = shared_after_each
    build_course(course, ["html", "scorm12", "qti21", "qti30", "moodle"], tmp_path / "a", jobs=1)
    assert seen == [
        ("html", ["html-site"]),
        ("scorm12", []),
        ("qti21", ["qti30-package"]),
        ("qti30", []),
        ("moodle", []),
    ]
    seen.clear()
    build_course(course, ["qti21"], tmp_path / "b", jobs=1)
    assert seen == [("qti21", [])]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_site_is_deflated_once_for_the_zips_that_ship_it(course: Path, tmp_path: Path, monkeypatch, jobs) -> None:
    """html's zip and both SCORM packages ship the site: each file is deflated once (a page twice:
    SCORM's has the bridge script), held so for the next target, and the zips take the streams."""
    import zipfile

    from coursekit import package

    log = tmp_path / "deflates.log"  # a line per deflate, in forked workers too
    log.write_text("")
    real = package.Deflated.of.__func__

    def counted(cls, data: bytes, level: int = 6):
        with log.open("a") as f:
            f.write("deflate\n")
        return real(cls, data, level)

    monkeypatch.setattr(package.Deflated, "of", classmethod(counted))
    out = tmp_path / "out"
    assert not build_course(course, ["html", "scorm12", "scorm2004"], out, jobs=jobs).has_errors()
    site = tree(out / "html")
    pages = [p for p in site if p.endswith(".html")]
    own = {
        target: [n for n in zipfile.ZipFile(next(out.glob(f"*-{target}.zip"))).namelist() if n not in site]
        for target in ("scorm12", "scorm2004")
    }
    assert pages and all(own.values())
    deflates = len(log.read_text().split())
    assert deflates == len(site) + len(pages) + len(own["scorm12"]) + len(own["scorm2004"])


def test_both_scorm_packages_take_one_making_of_the_interaction_data(course: Path, tmp_path: Path, monkeypatch):
    """scorm-data.js describes every question's interaction (a Markdown render of each prompt):
    made once for both SCORM packages, each writing what it writes alone."""
    from coursekit.exporters.scorm import runtime_data

    made: list[int] = []
    real = runtime_data.quiz_entries
    monkeypatch.setattr(runtime_data, "quiz_entries", lambda rendered: made.append(1) or real(rendered))
    alone = {}
    for target in ("scorm12", "scorm2004"):
        assert not build_course(course, [target], tmp_path / target, jobs=1).has_errors()
        alone.update(tree(tmp_path / target))
    assert len(made) == 2
    made.clear()
    together = build_course(course, ["scorm12", "scorm2004"], tmp_path / "together", jobs=1)
    assert not together.has_errors()
    assert tree(tmp_path / "together") == alone
    assert len(made) == 1


def test_in_one_process_what_shares_runs_back_to_back(course: Path, tmp_path: Path, shared_after_each) -> None:
    """Without --jobs too, a sharing group's targets run one after the other, so that what the
    first holds for the next (the site, at 100,000 questions tens of MB) is not held while an
    unrelated target runs; the outputs and warnings do not depend on the order."""
    seen = shared_after_each
    diags = build_course(course, ["html", "qti21", "scorm12"], tmp_path / "out", jobs=1)
    assert not diags.has_errors()
    assert seen == [("html", ["html-site"]), ("scorm12", []), ("qti21", [])]
