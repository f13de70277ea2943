"""coursekit serve's incremental rebuilds (coursekit.serve.site.LiveSite): after every kind of
edit, the folder it serves holds exactly the bytes a clean full ``coursekit build -t html``
writes, its diagnostics are the full build's, and only the pages that depend on the edit
were rendered again."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from serve_course import PNG, write_course  # noqa: E402
from serve_course import tree as site_tree  # noqa: E402

ALL = ["chapter-a.html", "chapter-b.html", "chapter-c.html", "index.html"]


@pytest.fixture
def live(tmp_path, monkeypatch):
    from coursekit.serve.site import LiveSite

    monkeypatch.chdir(tmp_path)  # diagnostics show paths relative to the working folder
    course = write_course(tmp_path / "course")
    site = LiveSite(course, tmp_path / "served")
    return site, course, tmp_path


def full_build(course: Path, out: Path):
    from coursekit.build import build_course

    diags = build_course(course, ["html"], out, cache=False)
    assert not diags.has_errors(), diags.render()
    return diags


def check(site, course: Path, tmp: Path, step: str):
    """Rebuild, then compare with a clean full build of the same course."""
    result = site.rebuild()
    assert result.ok, result.diagnostics.render()
    full = full_build(course, tmp / f"full-{step}")
    assert site_tree(site.out_dir) == site_tree(tmp / f"full-{step}" / "html"), step
    assert result.diagnostics.render() == full.render(), step
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_edit_gives_the_full_build_bytes_and_renders_only_what_depends_on_it(live):
    site, course, tmp = live
    first = check(site, course, tmp, "first")
    assert sorted(first.rendered) == ALL
    assert any(d.code == "CK701" for d in first.diagnostics.items)

    again = check(site, course, tmp, "again")
    assert again.rendered == [] and again.changed == [] and again.removed == []

    edit(course / "quizzes/qb.yaml", "Second?", "Second, edited?")
    result = check(site, course, tmp, "question")
    assert result.rendered == ["chapter-b.html"]
    assert result.pages == ["chapter-b.html"]
    assert b"Second, edited?" in (site.out_dir / "chapter-b.html").read_bytes()

    edit(course / "quizzes/inline.yaml", "Inline one?", "Inline edited?")
    assert check(site, course, tmp, "inline-quiz").rendered == ["chapter-b.html"]

    edit(course / "chapters/c.md", "Gamma body.", "Gamma body, longer.")
    result = check(site, course, tmp, "body")
    assert result.rendered == ["chapter-c.html"]
    assert "search-index.js" in result.changed  # the search index holds the new words
    assert b"longer" in (site.out_dir / "search-index.js").read_bytes()

    # A title shows in every page's sidebar (and on the home page and in the neighbours' pagers).
    edit(course / "chapters/b.md", "title: Beta", "title: Beta renamed")
    assert sorted(check(site, course, tmp, "title").rendered) == ALL

    edit(course / "chapters/c.md", "title: Gamma", "title: Gamma renamed")
    assert sorted(check(site, course, tmp, "last-title").rendered) == ALL

    # A passing score shows in the sidebar (the quiz status is computed against it) everywhere.
    edit(course / "quizzes/qa.yaml", "title: Quiz A", "title: Quiz A\npassing_score: 0.9")
    assert sorted(check(site, course, tmp, "passing-score").rendered) == ALL

    edit(course / "quizzes/qa.yaml", "title: Quiz A", "title: Quiz A renamed")
    assert sorted(check(site, course, tmp, "quiz-title").rendered) == ["chapter-a.html", "index.html"]

    # An image only a quiz shows: its page gets the new asset, the old one is deleted.
    (course / "assets/other.png").write_bytes(PNG + b"\0")
    result = check(site, course, tmp, "quiz-image")
    assert result.rendered == ["chapter-c.html"]
    assert any(p.startswith("assets/other-") for p in result.removed)

    # The generator's code: only the parametric quiz's page.
    edit(course / "simulations/gen.py", "b = 2", "b = 3")
    assert check(site, course, tmp, "generator").rendered == ["chapter-c.html"]

    # The simulation's code: it runs again, alone. Chapter c's generator lives in the same
    # folder (it could import sim.py), so its variants are expanded again too.
    site.cache.stats.simulations_run.clear()
    edit(course / "simulations/sim.py", "[0, k]", "[1, k]")
    result = check(site, course, tmp, "simulation")
    assert result.rendered == ["chapter-a.html", "chapter-c.html"]
    assert site.cache.stats.simulations_run == ["line"]

    edit(course / "course.yaml", "title: Live course", "title: Live course renamed")
    assert sorted(check(site, course, tmp, "course-title").rendered) == ALL

    # A chapter dropped from the course: its page is deleted.
    edit(course / "course.yaml", "  - chapters/c.md\n", "")
    result = check(site, course, tmp, "drop-chapter")
    assert "chapter-c.html" in result.removed
    assert not (site.out_dir / "chapter-c.html").exists()


def test_an_error_writes_nothing_and_the_fix_catches_up(live):
    site, course, tmp = live
    check(site, course, tmp, "first")
    before = site_tree(site.out_dir)
    edit(course / "quizzes/qa.yaml", "type: single_choice", "type: single_choise")
    result = site.rebuild()
    assert not result.ok
    [err] = result.diagnostics.errors
    assert err.location.file == "course/quizzes/qa.yaml" and err.location.line == 5
    assert site_tree(site.out_dir) == before  # the last good pages stay
    edit(course / "quizzes/qa.yaml", "type: single_choise", "type: single_choice")
    edit(course / "quizzes/qa.yaml", "First of A?", "First of A, fixed?")
    result = check(site, course, tmp, "fixed")
    assert result.rendered == ["chapter-a.html"]


def test_a_changed_module_the_simulation_imports_is_imported_anew(live):
    site, course, tmp = live
    (course / "simulations/helper.py").write_text("SLOPE = 1\n", encoding="utf-8")
    edit(course / "simulations/sim.py", "from coursekit.sim", "from helper import SLOPE\nfrom coursekit.sim")
    edit(course / "simulations/sim.py", "[0, k]", "[0, k * SLOPE]")
    check(site, course, tmp, "first")
    (course / "simulations/helper.py").write_text("SLOPE = 2\n", encoding="utf-8")
    result = check(site, course, tmp, "helper")
    # New bytes (a stale import would draw the old figure), and the generator beside it is redone.
    assert result.rendered == ["chapter-a.html", "chapter-c.html"]
    assert result.pages == ["chapter-a.html"]


def test_the_served_folder_is_never_the_course_folder(live):
    site, course, tmp = live
    site.rebuild()
    written = {p.relative_to(course).as_posix() for p in course.rglob("*") if p.is_file()}
    assert all(not p.endswith(".html") for p in written)
    assert {p.split("/")[0] for p in written} <= {
        "course.yaml",
        "chapters",
        "quizzes",
        "simulations",
        "assets",
        ".coursekit-cache",
    }


def test_a_second_save_with_the_same_size_and_timestamp_is_seen(live):
    """File stamps are coarser than two saves in a row: a rebuild must not trust a stamp taken
    less than two seconds after the file's modification (git's "racy" rule)."""
    import os

    site, course, tmp = live
    quiz = course / "quizzes/qa.yaml"
    check(site, course, tmp, "first")
    edit(quiz, "First of A?", "First of X?")
    stamp = quiz.stat().st_mtime_ns
    check(site, course, tmp, "x")
    edit(quiz, "First of X?", "First of Y?")  # same size...
    os.utime(quiz, ns=(stamp, stamp))  # ...and the same timestamp as the save before
    assert check(site, course, tmp, "y").rendered == ["chapter-a.html"]
    assert b"First of Y?" in (site.out_dir / "chapter-a.html").read_bytes()
