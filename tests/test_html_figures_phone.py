"""Figures readable on a phone, in real Chromium: the example course's html site (and the same
pages inside a SCORM package) at 390 px and at 1280 px. Every figure text is measured as
Chromium draws it (its computed font size times the SVG's scale on screen) and must be at
least 11 CSS px; at 390 px the narrow layout is the one shown; controls swap it too; a tap or
the arrow keys show a mark's value; axe-core finds nothing serious."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from test_html_browser import open_page, run_axe, serve  # noqa: F401  (fixture re-used)

REPO = Path(__file__).resolve().parents[1]
MIN_PX = 11.0

# Every text of every figure the reader can see: [viewBox width, shown width, smallest text px, count].
MEASURE = """() => [...document.querySelectorAll('[data-ck-sim-widget] svg[role=img]')]
  .filter(s => s.getBoundingClientRect().width > 0)
  .map(s => {
    const sizes = [...s.querySelectorAll('text')].map(t => {
      const m = t.getScreenCTM();
      return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    });
    return [s.viewBox.baseVal.width, s.getBoundingClientRect().width, Math.min(...sizes), sizes.length];
  })"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from coursekit.build import build_course

    out = tmp_path_factory.mktemp("phone")
    diags = build_course(REPO / "course", ["html", "scorm12"], out, {})
    assert not diags.has_errors(), diags.render()
    return out


@pytest.fixture(scope="module")
def site(built):
    yield from serve(built / "html")


def _pages_with_figures(site) -> list[str]:
    return [p for p in site["pages"] if b"data-ck-sim-widget" in (site["root"] / p).read_bytes()]


@pytest.mark.parametrize("width", [390, 1280])
def test_figure_text_is_at_least_11_css_px(open_page, site, width):  # noqa: F811 (the fixture imported above)
    pages = _pages_with_figures(site)
    assert len(pages) >= 4
    seen = 0
    for name in pages:
        pg = open_page(name, width=width)
        figures = pg.page.evaluate(MEASURE)
        assert figures, name
        for vb_width, shown, smallest, count in figures:
            assert count > 0
            assert smallest >= MIN_PX, (name, width, vb_width, shown, smallest)
            if width == 390:
                assert vb_width <= 320, (name, "the narrow layout is the one shown on a phone")
            else:
                assert vb_width > 320, (name, "the author's layout is the one shown on a desktop")
            seen += 1
        # one layout of each figure is shown, never both
        widgets = pg.page.locator("[data-ck-sim-widget]").count()
        assert len(figures) == widgets, (name, len(figures), widgets)
        assert pg.problems == [], pg.problems
    assert seen >= 8


def test_controls_swap_the_narrow_figure_too(open_page, site):  # noqa: F811 (the fixture imported above)
    pg = open_page("chapter-deployment.html", width=390)
    p = pg.page
    widget = p.locator("[data-ck-sim-widget]").filter(has=p.locator("select")).first
    narrow = widget.locator("[data-ck-sim-svg-narrow] svg")
    before = narrow.evaluate("s => s.outerHTML")
    name = narrow.locator("title").first.text_content()
    select = widget.locator("select").first
    select.select_option(str((int(select.input_value()) + 1) % select.locator("option").count()))
    after = widget.locator("[data-ck-sim-svg-narrow] svg")
    assert after.evaluate("s => s.outerHTML") != before
    assert after.locator("title").first.text_content() == name  # a frame of the same simulation
    assert after.evaluate("s => s.viewBox.baseVal.width") <= 320
    smallest = min(f[2] for f in p.evaluate(MEASURE))
    assert smallest >= MIN_PX
    ids = p.evaluate("() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
    assert len(ids) == len(set(ids))
    assert pg.problems == [], pg.problems


@pytest.mark.parametrize("width", [390, 1280])
def test_a_tap_or_the_arrow_keys_show_a_marks_value(open_page, site, width):  # noqa: F811 (the fixture imported above)
    pg = open_page("chapter-large-scale.html", width=width)
    p = pg.page
    widget = p.locator("[data-ck-sim-widget]").first
    holder = widget.locator("[data-ck-sim-svg-narrow]" if width == 390 else "[data-ck-sim-svg]")
    readout = widget.locator("[data-ck-sim-readout]")
    assert readout.get_attribute("aria-live") == "polite"
    # a tap on a point with its own hover text writes that text under the figure
    point = holder.locator("g.points circle").nth(3)
    expected = point.locator("title").text_content()
    point.click()
    assert readout.inner_text() == expected
    # the keyboard reaches every mark: focus the figure, then the arrow keys
    holder.focus()
    p.keyboard.press("Home")
    first = holder.evaluate(
        "h => [...h.querySelectorAll('svg title')].find(t => t.parentNode !== h.querySelector('svg')).textContent"
    )
    assert readout.inner_text() == first
    p.keyboard.press("ArrowRight")
    assert readout.inner_text() not in ("", first)
    p.keyboard.press("Escape")
    assert readout.inner_text() == ""
    bad = [v for v in run_axe(p) if v.get("impact") in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert pg.problems == [], pg.problems


def test_axe_finds_nothing_serious_on_figure_pages_at_390(open_page, site):  # noqa: F811 (the fixture imported above)
    for name in _pages_with_figures(site):
        pg = open_page(name, width=390)
        bad = [v for v in run_axe(pg.page) if v.get("impact") in ("serious", "critical")]
        assert bad == [], (name, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad])
        overflow = pg.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (name, overflow)


def test_scorm_pages_show_the_phone_layout_too(browser, built, tmp_path):
    package = next(built.glob("*-scorm12.zip"))
    with zipfile.ZipFile(io.BytesIO(package.read_bytes())) as z:
        z.extractall(tmp_path)
    page = next(p for p in sorted(tmp_path.rglob("*.html")) if b"data-ck-sim-widget" in p.read_bytes())
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        p = context.new_page()
        p.goto(page.as_uri())
        p.wait_for_load_state("load")
        figures = p.evaluate(MEASURE)
        assert figures and all(vb <= 320 and smallest >= MIN_PX for vb, _, smallest, _ in figures), figures
    finally:
        context.close()
