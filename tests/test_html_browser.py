"""The html target in real Chromium (Playwright): pages, links, accessibility (axe-core),
every question type, variants, simulations, saved progress and the hook API.

The site is served from 127.0.0.1; every request that leaves that server, fails, or any
console error fails the test.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import socketserver
import sys
import threading
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from html_course import INLINE_TF_RIGHT, rendered_course  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


# ---------------------------------------------------------------- serving and browsing


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return rendered_course(tmp_path_factory.mktemp("html-course"))


@pytest.fixture(scope="module")
def site(rendered, tmp_path_factory):
    from coursekit.exporters.html import EXPORTERS

    artifacts = EXPORTERS["html"]().export(rendered)
    folder = tmp_path_factory.mktemp("html-site")
    for path, data in next(a for a in artifacts if a.kind == "dir").files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    yield from serve(folder)


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 while the generator is open; yields the site description."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield {
            "root": folder,
            "base": f"http://127.0.0.1:{server.server_address[1]}/",
            "pages": sorted(p.name for p in folder.glob("*.html")),
        }
    finally:
        server.shutdown()
        server.server_close()


def favicon_cut_short(request) -> bool:
    """Chromium fetches the page's icon after the page has loaded; a test that navigates or
    reloads at once aborts that fetch (net::ERR_ABORTED). That is no broken request."""
    return request.url.endswith("/static/icon.svg") and (request.failure or "").endswith("ERR_ABORTED")


class Page:
    """A page plus everything that went wrong while it was open."""

    def __init__(
        self, browser, site, name: str, scheme: str = "light", width: int = 1280, init_script: str | None = None
    ):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        if init_script:
            self.context.add_init_script(init_script)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        base = site["base"]
        p = self.page
        p.on(
            "console",
            lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        p.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        p.on(
            "requestfailed",
            lambda r: None if favicon_cut_short(r) else self.problems.append(f"failed request: {r.url}"),
        )
        p.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        p.on(
            "request",
            lambda r: None if r.url.startswith(base) else self.problems.append(f"request left the site: {r.url}"),
        )
        self.goto(name)

    def goto(self, name: str) -> None:
        self.page.goto(name if name.startswith("http") else self.base_of() + name)
        self.page.wait_for_load_state("load")

    def base_of(self) -> str:
        return re.sub(r"[^/]*$", "", self.page.url) if self.page.url.startswith("http") else _BASE[0]

    def close(self) -> None:
        self.context.close()


_BASE: list[str] = [""]


@pytest.fixture
def open_page(browser, site):
    _BASE[0] = site["base"]
    opened: list[Page] = []

    def _open(name: str, **kw) -> Page:
        pg = Page(browser, site, name, **kw)
        opened.append(pg)
        return pg

    yield _open
    for pg in opened:
        pg.close()


def run_axe(page) -> list[dict]:
    try:  # the project's shared helper, when present
        from support.browser import run_axe as shared

        result = shared(page)
        return result.get("violations", []) if isinstance(result, dict) else list(result)
    except ImportError:
        pass
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def check_every_quiz(page) -> None:
    """Check every quiz of the page as it is (results, feedback and correct answers are part of
    the page too); axe also sees the confirmation dialog of the first quiz with unanswered questions."""
    page.wait_for_function("window.CourseKit && CourseKit.quizIds")
    seen_dialog = False
    for section in page.locator("section[data-ck-quiz]").all():
        section.locator("[data-ck-check]").click()
        dialog = section.locator("dialog[data-ck-confirm]")
        if dialog.evaluate("d => d.open"):
            if not seen_dialog:
                bad = [v for v in run_axe(page) if v.get("impact") in ("serious", "critical")]
                assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in bad]
                seen_dialog = True
            dialog.locator("[data-ck-confirm-yes]").click()


# ---------------------------------------------------------------- pages and links


def crawl(open_page, site) -> dict[str, object]:
    """Open every page: no problem recorded, ids unique (quiz questions are drawn into the
    page too), every image and figure has a text alternative, and every internal link and
    anchor resolves. Returns the opened pages by name."""
    ids_by_page: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    pages = {}
    for name in site["pages"]:
        pg = open_page(name)
        pages[name] = pg
        pg.page.wait_for_function("window.CourseKit && CourseKit.quizIds")
        pg.page.wait_for_timeout(100)
        assert pg.problems == [], (name, pg.problems)
        ids = pg.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
        assert len(ids) == len(set(ids)), (name, sorted({i for i in ids if ids.count(i) > 1}))
        ids_by_page[name] = set(ids)
        links += [(name, h) for h in pg.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")]
        assert pg.page.eval_on_selector_all("img:not([alt]), img[alt='']", "els => els.length") == 0, name
        assert (
            pg.page.eval_on_selector_all("svg[role=img]:not([aria-labelledby]):not([aria-label])", "els => els.length")
            == 0
        ), name
    assert links
    for page, href in links:
        url, frag = urldefrag(href)
        if not url.startswith(site["base"]):
            continue  # author links to other sites are links, not requests
        target = urlparse(url).path.lstrip("/") or "index.html"
        assert target in ids_by_page, f"{page}: link to missing page {href}"
        if frag:
            assert frag in ids_by_page[target], f"{page}: link to missing anchor {href}"
    return pages


def test_every_page_loads_cleanly_and_links_resolve(open_page, site):
    assert {"index.html", "chapter-intro.html", "chapter-quizzes.html", "chapter-end.html"} <= set(site["pages"])
    crawl(open_page, site)


def test_chapter_structure(open_page):
    pg = open_page("chapter-intro.html")
    p = pg.page
    assert p.locator("a.ck-skip").get_attribute("href") == "#main"
    assert p.locator("main#main").count() == 1
    assert p.locator("h1").all_inner_texts() == ["Introduction"]
    assert "Text and tables" in p.locator("nav.ck-toc").inner_text()
    assert p.locator("nav.ck-pager a[rel=next]").get_attribute("href") == "chapter-quizzes.html"
    assert p.locator("aside.ck-callout.ck-note").count() == 1
    assert p.locator("table").count() == 1 and p.locator("math").count() >= 2
    pg2 = open_page("index.html")
    text = pg2.page.locator("main").inner_text()
    assert "Before you start" in text and "Use a simulation." in text and "What this course is about" in text


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
def test_axe_has_no_serious_violations(open_page, site, scheme, width):
    for name in site["pages"]:
        pg = open_page(name, scheme=scheme, width=width)
        pg.page.wait_for_function("window.CourseKit && CourseKit.quizIds")
        check_every_quiz(pg.page)
        bad = [v for v in run_axe(pg.page) if v.get("impact") in ("serious", "critical")]
        assert bad == [], (name, scheme, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in bad])
        assert pg.problems == [], pg.problems


def test_no_horizontal_scroll_at_360px(open_page, site):
    for name in site["pages"]:
        pg = open_page(name, width=360)
        overflow = pg.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (name, overflow)


# ---------------------------------------------------------------- quizzes

QUIZ = "section[data-ck-quiz='all-types']"


def question(p, qid, quiz=QUIZ):
    return p.locator(f"{quiz} li.ck-question[data-ck-qid='{qid}']")


def check(p, quiz=QUIZ) -> bool:
    """Press the quiz's Check button; when it asks to confirm unanswered questions, confirm.
    Returns whether it asked."""
    p.locator(f"{quiz} [data-ck-check]").click()
    dialog = p.locator(f"{quiz} dialog[data-ck-confirm]")
    if not dialog.evaluate("d => d.open"):
        return False
    dialog.locator("[data-ck-confirm-yes]").click()
    return True


def arrange(p, qid, order, quiz=QUIZ):
    """Put ordering items in ``order`` (authored indices) using the keyboard only."""
    q = question(p, qid, quiz)
    for pos, item in enumerate(order):
        while True:
            current = [
                int(x) for x in q.locator("[data-ck-item]").evaluate_all("els => els.map(e => e.dataset.ckItem)")
            ]
            at = current.index(item)
            if at == pos:
                break
            q.locator(f"[data-ck-item='{item}'] [data-ck-move='-1']").focus()
            p.keyboard.press("Enter")


def answer_all(p, correct: bool, quiz=QUIZ):
    question(p, "sc", quiz).locator(f"input[value='{0 if correct else 1}']").check()
    for v in [0, 1] if correct else [0]:
        question(p, "mr", quiz).locator(f"input[value='{v}']").check()
    question(p, "tf", quiz).locator(f"input[value='{'false' if correct else 'true'}']").check()
    question(p, "num", quiz).locator("input").fill("5.7" if correct else "5.8")
    question(p, "sa", quiz).locator("input").fill(" paris " if correct else "Lutetia")
    question(p, "essay", quiz).locator("textarea").fill("Scaling needs communication and care.")
    for left, right in enumerate([0, 1, 2] if correct else [0, 2, 1]):
        question(p, "match", quiz).locator(f"select[data-ck-left='{left}']").select_option(label=str(right + 1))
    arrange(p, "order", [0, 1, 2] if correct else [2, 1, 0], quiz)
    fill = question(p, "fill", quiz)
    fill.locator("input.ck-gap").fill("Paris" if correct else "Rome")
    fill.locator("select.ck-gap").select_option("blue" if correct else "green")


EXPECT_CORRECT = {
    "sc": "Correct: 2 of 2 points.",
    "mr": "Correct: 3 of 3 points.",
    "tf": "Correct: 1 of 1 point.",
    "num": "Correct: 2 of 2 points.",
    "sa": "Correct: 2 of 2 points.",
    "match": "Correct: 3 of 3 points.",
    "order": "Correct: 3 of 3 points.",
    "fill": "Correct: 2 of 2 points.",
}
EXPECT_WRONG = {
    "sc": "Incorrect: 0 of 2 points.",
    "mr": "Partly correct: 1.5 of 3 points.",
    "tf": "Incorrect: 0 of 1 point.",
    "num": "Incorrect: 0 of 2 points.",
    "sa": "Partly correct: 1 of 2 points.",
    "match": "Partly correct: 1 of 3 points.",
    "order": "Partly correct: 1 of 3 points.",
    "fill": "Incorrect: 0 of 2 points.",
}


def visible_feedback(p, qid) -> list[str]:
    return question(p, qid).locator("[data-ck-fb]:visible").evaluate_all("els => els.map(e => e.dataset.ckFb)")


def test_every_type_correct_then_incorrect(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    p.wait_for_selector(f"{QUIZ} li.ck-question")
    answer_all(p, True)
    p.locator(f"{QUIZ} [data-ck-check]").click()
    for qid, text in EXPECT_CORRECT.items():
        assert question(p, qid).locator("[data-ck-q-result]").inner_text() == text, qid
    assert "Submitted" in question(p, "essay").locator("[data-ck-q-result]").inner_text()
    assert visible_feedback(p, "sc") == ["choice:0", "correct", "general"]
    assert visible_feedback(p, "sa") == ["answer:0"]
    assert visible_feedback(p, "essay") == ["model"]
    assert "A good essay says" in question(p, "essay").locator("[data-ck-fb='model']").inner_text()
    result = p.locator(f"{QUIZ} [data-ck-result]")
    assert (
        result.inner_text()
        == "You scored 18 of 18 points (100%). Passed: 50% needed. 1 written answer is not scored automatically."
    )
    assert result.get_attribute("role") == "status"
    assert p.locator(f"{QUIZ} input:enabled").count() == 0  # locked until "Try again"

    p.locator(f"{QUIZ} [data-ck-retry]").click()
    assert p.locator(f"{QUIZ} [data-ck-result]").inner_text() == ""
    assert question(p, "num").locator("input").input_value() == ""
    answer_all(p, False)
    p.locator(f"{QUIZ} [data-ck-check]").click()
    for qid, text in EXPECT_WRONG.items():
        assert question(p, qid).locator("[data-ck-q-result]").inner_text() == text, qid
    assert visible_feedback(p, "sc") == ["choice:1", "incorrect", "general"]
    assert visible_feedback(p, "sa") == ["answer:1"]
    assert visible_feedback(p, "tf") == ["general"]
    marks = question(p, "match").locator(".ck-mark").all_inner_texts()
    assert marks == ["\u2713 right", "\u2717 wrong", "\u2717 wrong"]
    assert result.inner_text().startswith("You scored 4.5 of 18 points (25%). Not passed yet: 50% needed.")
    assert pg.problems == []


def test_inline_quiz_replaces_its_marker(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    sections = p.locator("section[data-ck-quiz]").evaluate_all("els => els.map(e => e.dataset.ckQuiz)")
    assert sections == ["inline", "all-types"]  # inline where the directive was, front matter at the end
    assert p.locator("div.ck-quiz[data-ck-quiz]").count() == 0
    p.locator("section[data-ck-quiz='inline'] input[value='true']").check()
    p.locator("section[data-ck-quiz='inline'] [data-ck-check]").click()
    assert (
        p.locator("section[data-ck-quiz='inline'] [data-ck-result]")
        .inner_text()
        .startswith("You scored 1 of 1 point (100%).")
    )


def test_parametric_variant_and_select(open_page):
    pg = open_page("chapter-end.html")
    p = pg.page
    quiz = p.locator("section[data-ck-quiz='drawn']")
    seen_variants = set()
    for _ in range(40):
        p.wait_for_selector("section[data-ck-quiz='drawn'] li.ck-question")
        assert quiz.locator("li.ck-question").count() == 2  # select: 2
        slots = quiz.locator("li.ck-question").evaluate_all("els => els.map(e => +e.dataset.ckSlot)")
        assert len(set(slots)) == 2
        if 0 in slots:
            variant = int(quiz.locator("li[data-ck-slot='0']").get_attribute("data-ck-variant"))
            seen_variants.add(variant)
            if len(seen_variants) >= 2:
                break
        check(p, "section[data-ck-quiz='drawn']")
        quiz.locator("[data-ck-retry]").click()
    assert seen_variants, "the parametric question was never drawn"
    li = quiz.locator("li[data-ck-slot='0']")
    variant = int(li.get_attribute("data-ck-variant"))
    spec = p.evaluate("v => CourseKit.spec('drawn').slots[0][v]", variant)
    assert spec["id"] == f"param-v{variant + 1}"
    assert f"What is {variant + 1} + {variant + 2}?" in li.inner_text()
    li.locator("input").fill(str(spec["correct"]))
    check(p, "section[data-ck-quiz='drawn']")
    assert li.locator("[data-ck-q-result]").inner_text() == "Correct: 1 of 1 point."
    state = p.evaluate("CourseKit.getState('drawn')")
    assert state["submitted"] and len(state["questions"]) == 2
    drawn_points = sum(
        p.evaluate("s => CourseKit.spec('drawn').slots[s.slot][s.variant].points", q) for q in state["questions"]
    )
    assert state["max"] == drawn_points


def test_progress_is_restored_after_reload(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    p.wait_for_selector(f"{QUIZ} li.ck-question")
    question(p, "num").locator("input").fill("5.7")
    question(p, "sc").locator("input[value='0']").check()
    order_before = question(p, "order").locator("[data-ck-item]").evaluate_all("els => els.map(e => e.dataset.ckItem)")
    p.reload()
    p.wait_for_selector(f"{QUIZ} li.ck-question")
    assert question(p, "num").locator("input").input_value() == "5.7"
    assert question(p, "sc").locator("input[value='0']").is_checked()
    assert (
        question(p, "order").locator("[data-ck-item]").evaluate_all("els => els.map(e => e.dataset.ckItem)")
        == order_before
    )
    check(p)
    text = p.locator(f"{QUIZ} [data-ck-result]").inner_text()
    p.reload()
    p.wait_for_selector(f"{QUIZ} li.ck-question")
    assert p.locator(f"{QUIZ} [data-ck-result]").inner_text() == text
    assert question(p, "sc").locator("[data-ck-q-result]").inner_text() == "Correct: 2 of 2 points."
    keys = p.evaluate("Object.keys(localStorage)")
    assert "coursekit:html-test:quiz:all-types" in keys
    pg.goto("index.html")
    assert re.search(r"All types: [\d.]+ of 18 points, (not passed yet|passed)", p.locator("main").inner_text())


def test_hook_api_and_storage_adapter(open_page):
    # A host (the SCORM runtime) installs its storage before the engine starts.
    init = """
      window.hostStore = {};
      window.CourseKit = {storagePrefix: 'host:', storage: {
        getItem: k => (k in hostStore ? hostStore[k] : null),
        setItem: (k, v) => { hostStore[k] = v; }, removeItem: k => { delete hostStore[k]; }}};
      window.hostStore['host:inline'] = JSON.stringify({questions: [{slot: 0, variant: 0, answer: true}],\
 submitted: false, attempts: 2});
    """
    pg = open_page("chapter-quizzes.html", init_script=init)
    p = pg.page
    p.wait_for_selector("section[data-ck-quiz='inline'] li.ck-question")
    assert p.locator("section[data-ck-quiz='inline'] input[value='true']").is_checked()
    p.evaluate("() => { window.results = []; CourseKit.onQuizChecked(r => window.results.push(r)); }")
    p.locator("section[data-ck-quiz='inline'] [data-ck-check]").click()
    results = p.evaluate("results")
    assert len(results) == 1
    r = results[0]
    assert (r["quiz"], r["score"], r["max"], r["passed"], r["attempt"]) == ("inline", 1, 1, True, 3)
    assert r["questions"][0] | {"latency": 0} == INLINE_TF_RIGHT
    saved = json.loads(p.evaluate("hostStore['host:inline']"))
    assert saved["submitted"] and saved["score"] == 1 and saved["attempts"] == 3
    assert p.evaluate("Object.keys(localStorage).length") == 0
    # setState: a state restored from elsewhere (e.g. suspend_data) is drawn and scored.
    essay_state = {
        "questions": [{"slot": 5, "variant": 0, "answer": "Long text"}, {"slot": 0, "variant": 0, "answer": [1]}],
        "submitted": True,
        "attempts": 1,
    }
    assert p.evaluate("s => CourseKit.setState('all-types', s)", essay_state) is True
    assert p.locator(f"{QUIZ} li.ck-question").count() == 2
    assert (
        p.locator(f"{QUIZ} [data-ck-result]")
        .inner_text()
        .startswith(
            "You scored 0 of 2 points (0%). Not passed yet: 50% needed. 1 written answer is not scored automatically. "
            "The correct answer is shown below the question not answered fully right."
        )
    )
    assert p.evaluate("CourseKit.getState('all-types').questions[0].answer") == "Long text"
    assert pg.problems == []


# ---------------------------------------------------------------- simulations


def test_slider_swaps_to_the_matching_frame(open_page, rendered):
    from coursekit.exporters.html.sim_widget import _frame_for

    embed = rendered.chapters[0].sims[0]
    pg = open_page("chapter-intro.html")
    p = pg.page
    fig = p.locator("[data-ck-sim-widget]").first
    svg_text = lambda: fig.locator("[data-ck-sim-svg] svg").evaluate("s => s.textContent")  # noqa: E731

    from lxml import etree

    def expected(combo):
        h = _frame_for(embed.output, combo)
        return "".join(etree.fromstring(embed.output.frames[h]).itertext())

    # one svg per layout: the author's and the narrow one for phones
    assert fig.locator("[data-ck-sim-svg] svg[role=img]").count() == 1
    assert fig.locator("[data-ck-sim-svg-narrow] svg[role=img]").count() == 1
    assert svg_text() == expected({"slope": 1.0, "kind": "solid"})
    slider = fig.locator("input[type=range]")
    assert fig.locator("label", has_text="Slope").get_attribute("for") == slider.get_attribute("id")
    slider.focus()
    p.keyboard.press("ArrowRight")
    assert fig.locator("output").inner_text() == "1.5"
    assert slider.get_attribute("aria-valuetext") == "1.5"
    assert svg_text() == expected({"slope": 1.5, "kind": "solid"})
    fig.locator("select").select_option(label="dashed")
    assert svg_text() == expected({"slope": 1.5, "kind": "dashed"})
    narrow = etree.fromstring(embed.output.frames[embed.output.narrow_frame_for({"slope": 1.5, "kind": "dashed"})])
    assert fig.locator("[data-ck-sim-svg-narrow] svg").evaluate("s => s.textContent") == "".join(narrow.itertext())
    ids = p.evaluate("() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
    assert len(ids) == len(set(ids))
    assert pg.problems == []
