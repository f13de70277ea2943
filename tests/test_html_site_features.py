"""The html site's reading aids in real Chromium, at 1280 and 390 px: search (a word found in
one chapter lists that chapter and its link lands on the heading), the chapter sidebar with quiz
status, highlighted code with a copy button, numbered equations, the theme toggle (switches,
persists across reloads), axe with these open, and the whole site from file:// with no network.

The site is tests/html_course.py's course (served from 127.0.0.1 by test_html_browser's
fixtures: any request leaving the site, failing, or any console error is a problem)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_html_browser import favicon_cut_short, open_page, rendered, run_axe, site  # noqa: E402,F401  (fixtures re-used)

WIDTHS = [1280, 390]
CHAPTERS = [
    ("chapter-intro.html", "1. Introduction"),
    ("chapter-quizzes.html", "2. All question types"),
    ("chapter-end.html", "3. The end"),
]


def search(p, query: str) -> list[str]:
    p.fill("#ck-search-input", query)
    p.wait_for_function(
        "q => document.getElementById('ck-search-status').textContent.includes(q)", arg=query, timeout=10_000
    )
    return p.locator("[data-ck-search-results] a").evaluate_all("els => els.map(e => e.getAttribute('href'))")


def heading_top(p) -> float:
    return p.evaluate("() => document.querySelector(':target').getBoundingClientRect().top")


@pytest.mark.parametrize("width", WIDTHS)
def test_search_lists_the_one_chapter_and_lands_on_the_heading(open_page, width):
    pg = open_page("index.html", width=width)
    p = pg.page
    assert p.locator("#ck-search-input").is_visible()
    hrefs = search(p, "quokka")
    assert hrefs == ["chapter-end.html#farewell-notes"]
    result = p.locator("[data-ck-search-results] li").first
    assert "The end" in result.inner_text() and "quokka" in result.locator("mark").inner_text().lower()
    assert p.locator("#ck-search-status").inner_text() == "1 result for \u201cquokka\u201d."
    result.locator("a").click()
    p.wait_for_url(re.compile(r"chapter-end\.html#farewell-notes$"))
    p.wait_for_load_state("load")
    assert p.evaluate("document.querySelector(':target').tagName + '#' + document.querySelector(':target').id") == (
        "H2#farewell-notes"
    )
    assert 0 <= heading_top(p) < 40  # scrolled to the heading
    # A quiz prompt: the link lands on the quiz's heading; a prefix finds the word too.
    pg.goto("chapter-intro.html")
    assert search(p, "platyp") == ["chapter-end.html#quiz-drawn-title"]
    # Enter opens the first result.
    p.fill("#ck-search-input", "quokka")
    p.press("#ck-search-input", "Enter")
    p.wait_for_url(re.compile(r"chapter-end\.html#farewell-notes$"))
    assert pg.problems == [], pg.problems


def test_search_finds_words_in_order_of_relevance_and_reports_none(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    hrefs = search(p, "footnote")
    assert hrefs and all(h.startswith("chapter-intro.html#") for h in hrefs)
    assert search(p, "zzzqqq") == []
    assert p.locator("#ck-search-status").inner_text() == "No results for \u201czzzqqq\u201d."
    p.press("#ck-search-input", "Escape")
    assert p.locator("#ck-search-panel").is_hidden()
    assert pg.problems == [], pg.problems


@pytest.mark.parametrize("width", WIDTHS)
def test_sidebar_lists_every_chapter(open_page, site, width):
    for page in site["pages"]:
        pg = open_page(page, width=width)
        p = pg.page
        nav = p.locator("nav[data-ck-sidebar]")
        assert nav.get_attribute("aria-labelledby") == "ck-sidebar-title"
        links = nav.locator(".ck-sidebar-list a")
        if width < 960:  # collapsed behind a button on phones
            toggle = nav.locator("button.ck-sidebar-toggle")
            assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
            assert not links.first.is_visible()
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true"
        else:
            assert not nav.locator("button.ck-sidebar-toggle").is_visible()
        assert links.first.is_visible()
        got = links.evaluate_all(
            "els => els.map(e => [e.getAttribute('href'), e.textContent.replace(/\\s+/g, ' ').trim()])"
        )
        assert got == [list(c) for c in CHAPTERS]
        current = nav.locator("a[aria-current=page]")
        assert current.count() == (0 if page == "index.html" else 1)
        if page != "index.html":
            assert current.get_attribute("href") == page
        assert pg.problems == [], pg.problems


def test_sidebar_shows_quiz_status_from_saved_results(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    status = p.locator("li:has(a[href='chapter-quizzes.html']) [data-ck-side-status]")
    p.wait_for_function("window.CourseKit && CourseKit.quizIds")
    assert status.inner_text() == "Quiz not taken yet"
    p.locator("section[data-ck-quiz='inline'] input[value='true']").check()
    assert status.inner_text() == "Quiz not taken yet"  # saved on check, shown then
    p.locator("section[data-ck-quiz='inline'] [data-ck-check]").click()
    assert status.inner_text() == "1 of 2 quizzes passed"
    pg.goto("index.html")
    p.wait_for_function("window.CourseKit && CourseKit.quizIds")
    assert status.inner_text() == "1 of 2 quizzes passed"
    assert p.locator("li:has(a[href='chapter-end.html']) [data-ck-side-status]").inner_text() == "Quiz not taken yet"
    assert p.locator("li:has(a[href='chapter-intro.html']) [data-ck-side-status]").inner_text() == ""  # no quiz
    assert pg.problems == [], pg.problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_python_block_has_highlighted_tokens(open_page, scheme):
    pg = open_page("chapter-intro.html", scheme=scheme)
    p = pg.page
    code = p.locator("div.ck-code pre code.language-python").first
    keyword = code.locator("span.tk-k").first
    assert keyword.inner_text() == "def"
    colours = p.evaluate(
        """c => {
          const k = getComputedStyle(c.querySelector('.tk-k')).color;
          const s = getComputedStyle(c.querySelector('.tk-s2, .tk-s1, .tk-s')).color;
          const plain = getComputedStyle(c).color;
          return [k, s, plain];
        }""",
        code.element_handle(),
    )
    assert len(set(colours)) == 3, colours  # keyword, string and plain text differ
    assert pg.problems == [], pg.problems


def test_copy_button_copies_the_code_without_line_numbers_and_says_so(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site["base"].rstrip("/"))
    try:
        p = context.new_page()
        p.goto(site["base"] + "chapter-end.html")
        block = p.locator("figure.ck-code")
        button = block.locator("button.ck-copy")
        assert button.get_attribute("aria-label") == "Copy code" and button.inner_text() == "Copy"
        assert block.locator("span.ck-ln").all_inner_texts() == ["1", "2"]
        assert block.locator("mark.ck-hl").count() == 1
        assert block.locator("figcaption").inner_text() == "Saying goodbye"
        button.click()
        p.wait_for_function("document.querySelector('[data-ck-announce]')?.textContent === 'Copied'")
        assert button.inner_text() == "Copied"
        copied = p.evaluate("navigator.clipboard.readText()")
        assert copied == 'def farewell(name):\n    return f"Goodbye, {name}!"  # <b>not bold</b>\n'
    finally:
        context.close()


def test_numbered_equation_and_references(open_page):
    pg = open_page("chapter-end.html")
    p = pg.page
    eq = p.locator("div.ck-math.ck-numbered")
    assert eq.count() == 1 and eq.get_attribute("id") == "eq-energy"
    assert eq.locator(".ck-eqno").inner_text() == "(1)"
    refs = p.locator("a.ck-eqref")
    assert refs.all_inner_texts() == ["(1)", "(1)"]
    refs.first.click()
    p.wait_for_url(re.compile(r"#eq-energy$"))
    assert p.evaluate("document.querySelector(':target').id") == "eq-energy"
    fig = p.locator("figure.ck-figure#fig-dot")
    assert fig.locator("img").get_attribute("alt") == "A single dot"
    assert fig.locator("figcaption").inner_text() == "The smallest figure, with a caption."
    assert pg.problems == [], pg.problems


def page_background(p) -> str:
    return p.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.parametrize("width", WIDTHS)
def test_theme_toggle_switches_and_persists(open_page, width):
    pg = open_page("chapter-intro.html", width=width)
    p = pg.page
    toggle = p.locator("button[data-ck-theme-toggle]")
    assert toggle.is_visible()
    assert page_background(p) == "rgb(255, 255, 255)"
    # The button's name is its words (the icon is hidden from assistive technology).
    assert p.get_by_role("button", name="Theme: auto (light)", exact=True).count() == 1
    toggle.click()
    assert p.evaluate("document.documentElement.dataset.ckTheme") == "dark"
    assert page_background(p) == "rgb(20, 23, 28)"
    assert p.get_by_role("button", name="Theme: dark", exact=True).count() == 1
    p.wait_for_function("document.querySelector('[data-ck-announce]')?.textContent === 'Theme: dark'")
    p.reload()
    p.wait_for_load_state("load")
    assert page_background(p) == "rgb(20, 23, 28)"  # remembered
    pg.goto("index.html")
    assert page_background(p) == "rgb(20, 23, 28)"  # on every page
    toggle.click()  # dark -> light (the system's own scheme, now chosen)
    assert p.evaluate("document.documentElement.dataset.ckTheme") == "light"
    toggle.click()  # light -> automatic again
    assert p.evaluate("document.documentElement.dataset.ckTheme") is None
    p.reload()
    assert p.evaluate("localStorage.getItem('coursekit:theme')") is None
    assert page_background(p) == "rgb(255, 255, 255)"
    assert pg.problems == [], pg.problems


def test_reader_choice_of_light_beats_a_dark_system(open_page):
    pg = open_page("chapter-intro.html", scheme="dark")
    p = pg.page
    assert page_background(p) == "rgb(20, 23, 28)"
    p.locator("button[data-ck-theme-toggle]").click()  # auto (dark) -> light
    assert page_background(p) == "rgb(255, 255, 255)"
    kw = p.evaluate("getComputedStyle(document.querySelector('.ck-code .tk-k')).color")
    assert kw == "rgb(128, 69, 229)"  # the light style's keyword colour (a11y-light #8045E5)


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_with_search_open_and_the_other_theme_chosen(open_page, width):
    for name in ("index.html", "chapter-end.html", "chapter-intro.html"):
        pg = open_page(name, width=width)
        p = pg.page
        search(p, "the")
        if width < 960:
            p.locator("button.ck-sidebar-toggle").click()
        for _ in range(2):  # the light system's page with dark chosen, then light chosen
            p.locator("button[data-ck-theme-toggle]").click()
            bad = [v for v in run_axe(p) if v.get("impact") in ("serious", "critical")]
            assert bad == [], (name, width, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in bad])
        overflow = p.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (name, width, overflow)
        assert pg.problems == [], pg.problems


def test_the_site_works_from_file_with_no_network(browser, site):
    """Opened from disk with every non-file request refused: search loads its library and index
    with <script> elements, links land, the theme and quiz results persist, nothing is asked of
    any network."""
    root = Path(site["root"]).resolve()
    outside: list[str] = []
    problems: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context = browser.new_context(viewport={"width": 390, "height": 900})
    context.route("**/*", route)
    try:
        p = context.new_page()
        p.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        p.on("pageerror", lambda e: problems.append(str(e)))
        p.on("requestfailed", lambda r: None if favicon_cut_short(r) else problems.append("failed " + r.url))
        p.goto((root / "index.html").as_uri())
        assert search(p, "quokka") == ["chapter-end.html#farewell-notes"]
        p.locator("[data-ck-search-results] a").first.click()
        p.wait_for_url(re.compile(r"chapter-end\.html#farewell-notes$"))
        assert p.evaluate("document.querySelector(':target').id") == "farewell-notes"
        p.locator("button[data-ck-theme-toggle]").click()
        p.reload()
        assert p.evaluate("document.documentElement.dataset.ckTheme") == "dark"
        p.goto((root / "chapter-quizzes.html").as_uri())
        p.wait_for_function("window.CourseKit && CourseKit.quizIds")
        p.locator("section[data-ck-quiz='inline'] input[value='true']").check()
        p.locator("section[data-ck-quiz='inline'] [data-ck-check]").click()
        p.goto((root / "chapter-intro.html").as_uri())
        p.wait_for_function("window.CourseKit && CourseKit.quizIds")
        status = p.locator("li:has(a[href='chapter-quizzes.html']) [data-ck-side-status]")
        assert status.inner_text() == "1 of 2 quizzes passed"
        assert p.locator("math").count() >= 2 and p.locator("span.tk-k").count() >= 1
    finally:
        context.close()
    assert outside == [] and problems == [], (outside, problems)
