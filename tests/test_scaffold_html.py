"""The course `coursekit new` writes, built as an html site and run through the same harness as
the example courses (tests/test_html_example_course.py, unchanged): Chromium loads every page
without errors, axe-core finds no serious violation, every simulation control swaps the
figure, and the Nu HTML checker accepts every page."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

# The tests themselves, and the fixtures they need, come from the example-course harness; this
# module only provides a different `site`.
from test_html_example_course import (  # noqa: F401
    crawl,
    open_page,
    serve,
    test_axe_on_every_page,
    test_every_control_swaps_the_figure,
    test_nu_html_checker_on_every_page,
    test_pages_load_and_links_resolve,
)

from coursekit.cli import cli


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from coursekit.build import build_course

    root = tmp_path_factory.mktemp("scaffold") / "my-first-course"
    result = CliRunner().invoke(cli, ["new", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = tmp_path_factory.mktemp("example-html-scaffold")
    diags = build_course(root, ["html"], out, {})
    assert not diags.has_errors(), diags.render()
    yield from serve(out / "html")
