"""A course built in each shipped language shows no English UI string (issue 23).

For every shipped language a course (tests/i18n_course.py: every question type, author
text in Latin) is built for html, scorm12, qti21 and canvas. Then:

- every page of the site and of the SCORM package, and the SCORM launch page, is read for
  English: the English strings are the literal pieces of every message in coursekit.pot, so
  a message added to the catalogs later is covered with no change here;
- Chromium (Playwright) works through the quiz (word count, a move announced, a refused
  number, the unanswered-questions confirmation, the results and correct answers, the home
  page's progress and the sidebar's quiz status) and the site's own controls (search and its
  results, the theme button, a code block's copy button, a figure's values), and the page's
  text, accessible names and live regions are read for English again;
- ``lang`` is the course's on every page, and ``xml:lang`` on every QTI item.

A message whose translation is the English word itself (French "Question") is listed in
SAME_IN with the reason; anything else English found fails the test.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment
from lxml import etree

sys.path.insert(0, str(Path(__file__).parent))

from i18n_course import write_i18n_course  # noqa: E402

from coursekit.i18n.catalogs import catalog, template  # noqa: E402

LANGUAGES = ["de", "fr", "es", "pt", "it", "nl"]
# (language, English piece) -> why the same letters are right in that language.
SAME_IN = {
    ("fr", "Question"): "the French word for a question is question",
    ("fr", "Correct"): "French correct, the status of a right answer",
    ("fr", "Incorrect"): "French incorrect, the status of a wrong answer",
    ("fr", "version"): "French version (footer: version 1.0.0)",
    ("fr", "licence"): "French licence (footer: licence CC-BY-4.0)",
    ("fr", "point"): "French point, the unit of a score",
    ("fr", "points"): "French points",
    ("fr", "question"): "French question (1 question. Seuil de réussite ...)",
    ("fr", "questions"): "French questions",
    ("nl", "Parameters"): "Dutch parameters (Parameters van ...)",
    # Spoken formulas (coursekit.render.speech, the choices of question 'formulae').
    ("de", "plus"): "German plus (x hoch 2 plus y hoch 3)",
    ("de", "minus"): "German minus (10 hoch minus 3)",
    ("fr", "plus"): "French plus (x au carré plus y au cube)",
    ("fr", "fraction"): "French fraction (fraction x plus 1 sur 2 fin de fraction)",
    ("fr", "alpha"): "the French name of the letter alpha",
    ("es", "vector"): "Spanish vector (vector v)",
    ("nl", "plus"): "Dutch plus (x kwadraat plus y tot de derde)",
    ("nl", "vector"): "Dutch vector (vector v)",
}
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "aria-valuetext", "aria-roledescription")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def english_pieces() -> set[str]:
    """The literal pieces of every message (placeholders cut out) that hold a word."""
    pieces = set()
    for msg in template().values():
        for text in (msg.id, msg.plural):
            for piece in re.split(r"%\(\w+\)s", text or ""):
                piece = piece.strip(" .,:;()\"'")
                if re.search(r"[A-Za-z]{3}", piece):
                    pieces.add(piece)
    return pieces


# A piece counts as a word of its own: no letter of any script right before or after it
# (Portuguese "questionário" does not hold the English "question").
LETTER = r"[^\W\d_]"


def english_found(text: str, lang: str) -> list[str]:
    found = []
    for piece in sorted(english_pieces()):
        if (lang, piece) in SAME_IN:
            continue
        if re.search(rf"(?<!{LETTER})" + re.escape(piece) + rf"(?!{LETTER})", text):
            found.append(piece)
    return found


# A formula's TeX source (MathML <annotation>) is neither shown nor read out, and it is the
# author's text: its commands (\bar, \sum, \alpha) are no English of coursekit's.
HIDDEN = ["script", "style", "annotation"]
# Canvas gets a formula as its TeX between \( \) or \[ \] (Canvas typesets it): the author's too.
TEX_DELIMITED = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]", re.S)


def page_text(html: bytes) -> str:
    """What a page shows or says: text outside scripts, styles and TeX annotations (template
    content too), and the attributes that name things."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(HIDDEN):
        tag.decompose()
    # Every string, <template> content included (get_text leaves it out), no comments.
    parts = [str(s) for s in soup.find_all(string=True) if not isinstance(s, Comment)]
    for el in soup.find_all(True):
        parts += [str(el.get(a)) for a in ATTRIBUTES if el.get(a)]
    return "\n".join(parts)


def build(course: Path, out: Path, *targets: str) -> None:
    """``coursekit build`` of the course into ``out`` for ``targets``, as an author runs it."""
    args = [sys.executable, "-m", "coursekit", "build", str(course), "-q", "-o", str(out), "-j", "1"]
    for target in targets:
        args += ["-t", target]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each language's outputs (html folder, scorm12 zip, qti21 zip, canvas zip)."""
    out = {}
    base = tmp_path_factory.mktemp("i18n")
    for lang in ["en", *LANGUAGES]:
        course = write_i18n_course(base / lang, lang)
        target = base / f"{lang}-out"
        build(course, target, "html", "scorm12", "qti21", "canvas")
        out[lang] = target
    return out


def site_pages(target: Path) -> dict[str, bytes]:
    pages = {f"html/{p.name}": p.read_bytes() for p in sorted((target / "html").glob("*.html"))}
    with zipfile.ZipFile(next(target.glob("*-scorm12.zip"))) as z:
        pages.update({f"scorm12/{n}": z.read(n) for n in z.namelist() if n.endswith(".html")})
    return pages


def learner_text(root: etree._Element) -> str:
    """What a learner sees of an item file: a QTI 2.1 item's body and feedback, a Canvas
    (QTI 1.2) item's material (mattext); not identifiers or metadata fields (points_possible)
    nor a formula's TeX (the annotation of a QTI 2.1 item's MathML)."""
    etree.strip_elements(root, "{http://www.w3.org/1998/Math/MathML}annotation", with_tail=False)
    parts = []
    for el in root.iter():
        name = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if name in ("itemBody", "modalFeedback", "mattext"):
            parts.append(" ".join(el.itertext()))
    return " ".join(parts)


def quiz_package_text(target: Path) -> dict[str, str]:
    """The learner's text of every QTI 2.1 and Canvas item file (Canvas's HTML fields are escaped HTML)."""
    out = {}
    for pattern in ("*-qti21.zip", "*-canvas.zip"):
        with zipfile.ZipFile(next(target.glob(pattern))) as z:
            for name in z.namelist():
                if name.endswith(".xml") and "manifest" not in name and "meta" not in name:
                    soup = BeautifulSoup(learner_text(etree.fromstring(z.read(name))), "html.parser")
                    for tag in soup(HIDDEN):
                        tag.decompose()
                    out[f"{pattern[2:-4]}/{name}"] = TEX_DELIMITED.sub(" ", soup.get_text(" "))
    return out


def test_the_scan_finds_english(built):
    """The scan itself: the English course is full of the strings it looks for."""
    text = "\n".join(page_text(data) for data in site_pages(built["en"]).values())
    found = english_found(text, "en")
    packages = "\n".join(quiz_package_text(built["en"]).values())
    assert {"True", "False", "Model answer"} <= set(english_found(packages, "en"))
    assert {
        "Check answers",
        "Skip to main content",
        "Select all that apply",
        "Not connected to a learning management system: your progress and answers are not recorded",
    } <= set(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_and_scorm_player_show_no_english(built, lang):
    problems = {}
    for name, data in site_pages(built[lang]).items():
        found = english_found(page_text(data), lang)
        if found:
            problems[name] = found
    # True/false labels and Canvas's model-answer heading in the quiz packages.
    for name, text in quiz_package_text(built[lang]).items():
        found = english_found(text, lang)
        if found:
            problems[name] = found
    assert not problems, problems


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_lang_on_every_page_and_item(built, lang):
    for name, data in site_pages(built[lang]).items():
        html = BeautifulSoup(data, "html.parser").find("html")
        assert html.get("lang") == lang, name
        assert html.get("dir") is None, name
    with zipfile.ZipFile(next(built[lang].glob("*-qti21.zip"))) as z:
        items = [n for n in z.namelist() if n.endswith(".xml") and "imsmanifest" not in n]
        langs = {etree.fromstring(z.read(n)).get(XML_LANG) for n in items if b"assessmentItem " in z.read(n)}
    assert langs == {lang}


def test_same_in_is_needed(built):
    """Every entry of SAME_IN is a real translation equal to the English piece."""
    for (lang, piece), _why in SAME_IN.items():
        translations = " ".join(
            " ".join(m.string) if isinstance(m.string, tuple) else m.string for m in catalog(lang) if m.id
        )
        assert re.search(rf"(?<!{LETTER})" + re.escape(piece) + rf"(?!{LETTER})", translations), (lang, piece)


# ---------------------------------------------------------------- in Chromium

READ_PAGE = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll(HIDDEN).forEach(e => e.remove());
  const parts = [body.textContent];
  document.querySelectorAll('*').forEach(e => {
    for (const a of ATTRIBUTES) { const v = e.getAttribute(a); if (v) parts.push(v); }
  });
  return parts.join('\\n');
}""".replace("ATTRIBUTES", json.dumps(list(ATTRIBUTES))).replace("HIDDEN", json.dumps(", ".join(HIDDEN)))


def open_page(browser, path: Path):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.CourseKit && window.CourseKit.quizIds().length >= 0")
    return context, page, errors


def check(quiz, texts: list[str] | None = None) -> None:
    """Click Check; with questions unanswered, the confirmation opens: read it, then confirm."""
    quiz.locator("[data-ck-check]").click()
    dialog = quiz.locator("dialog[data-ck-confirm]")
    if dialog.evaluate("d => d.open"):
        if texts is not None:
            texts.append(quiz.page.evaluate(READ_PAGE))
        dialog.locator("[data-ck-confirm-yes]").click()


def work_through_quiz(page) -> list[str]:
    """Use every control that makes the engine speak; the page's text after each step."""
    texts = []
    quiz = page.locator("section[data-ck-quiz='unus-probatio']")
    quiz.locator(".ck-type-essay textarea").fill("lorem ipsum dolor")
    quiz.locator(".ck-type-ordering [data-ck-move='1']").first.click()
    page.wait_for_timeout(80)  # the live region is filled after a short delay
    texts.append(page.evaluate(READ_PAGE))
    numeric = quiz.locator("[data-ck-qid='numerus'] input")
    numeric.fill("zwei")
    numeric.dispatch_event("change")
    check(quiz, texts)  # refused before the confirmation: no dialog
    texts.append(page.evaluate(READ_PAGE))
    numeric.fill("2.505")
    quiz.locator("[data-ck-qid='unum'] input").nth(1).check()  # wrong: its correct answer is shown
    check(quiz, texts)
    page.wait_for_selector("section[data-ck-quiz='unus-probatio'] [data-ck-retry]:not([hidden])")
    assert quiz.locator("[data-ck-answer]").count() > 0
    texts.append(page.evaluate(READ_PAGE))
    return texts


def use_site_controls(page) -> list[str]:
    """Search (results and none), the theme button, a code block's copy button, a figure's values."""
    texts = []
    search = page.locator("#ck-search-input")
    status = page.locator("#ck-search-status")
    search.fill("lorem")
    page.wait_for_function("() => document.getElementById('ck-search-status').textContent !== ''")
    texts.append(page.evaluate(READ_PAGE))
    search.fill("zzzzqx")
    page.wait_for_function(
        "t => document.getElementById('ck-search-status').textContent !== t", arg=status.text_content()
    )
    texts.append(page.evaluate(READ_PAGE))
    search.press("Escape")
    page.locator("[data-ck-theme-toggle]").click()
    page.locator(".ck-copy").first.click()
    page.wait_for_timeout(80)
    figure = page.locator("[data-ck-sim-svg]")
    figure.focus()
    page.keyboard.press("End")  # the last mark's value in the readout
    assert page.locator("[data-ck-sim-readout]").first.text_content()
    assert figure.get_attribute("aria-label")
    texts.append(page.evaluate(READ_PAGE))
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quiz_engine_speaks_the_course_language(built, browser, lang):
    site = built[lang] / "html"
    context, page, errors = open_page(browser, site / "chapter-unus.html")
    try:
        texts = work_through_quiz(page)
        assert page.locator("[data-ck-input-error]").count() == 0  # fixed, so the message went away
        texts += use_site_controls(page)
        page.goto((site / "index.html").as_uri())
        texts.append(page.evaluate(READ_PAGE))
        page.goto((site / "chapter-duo.html").as_uri())
        texts.append(page.evaluate(READ_PAGE))
    finally:
        context.close()
    assert not errors
    problems = [english_found(t, lang) for t in texts]
    assert not any(problems), problems


def answer_numeric(browser, site: Path, answer: str):
    context, page, errors = open_page(browser, site / "chapter-unus.html")
    quiz = page.locator("section[data-ck-quiz='unus-probatio']")
    quiz.locator("[data-ck-qid='numerus'] input").fill(answer)
    check(quiz)
    return context, page, quiz, errors


@pytest.mark.parametrize("answer", ["2,505", "2.505"])
def test_german_course_scores_both_decimal_marks(built, browser, answer):
    context, page, quiz, errors = answer_numeric(browser, built["de"] / "html", answer)
    try:
        line = quiz.locator("[data-ck-qid='numerus'] [data-ck-q-result]")
        line.wait_for(state="visible")
        assert line.text_content() == "Richtig: 1 von 1 Punkt."
        assert page.evaluate("CourseKit.getState('unus-probatio').questions[0].answer") == answer
    finally:
        context.close()
    assert not errors


def test_english_course_refuses_a_decimal_comma(built, browser):
    context, page, quiz, errors = answer_numeric(browser, built["en"] / "html", "2,505")
    try:
        message = quiz.locator("[data-ck-input-error]")
        assert message.text_content() == (
            '"2,505" is not accepted: use a point for decimals and no thousands separators, for example 1234.5.'
        )
        field = quiz.locator("[data-ck-qid='numerus'] input")
        assert field.get_attribute("aria-invalid") == "true"
        assert message.get_attribute("id") in field.get_attribute("aria-describedby").split()
        assert page.evaluate("document.activeElement === document.querySelector(\"[data-ck-qid='numerus'] input\")")
        assert quiz.locator("[data-ck-result]").text_content() == (
            "1 answer is not a number yet: correct it, then check again."
        )
        # Not submitted: no score, the quiz still open, nothing reported to a host.
        assert page.evaluate("CourseKit.getState('unus-probatio').submitted") is False
        assert quiz.locator("[data-ck-retry]").is_hidden()
    finally:
        context.close()
    assert not errors


def test_german_course_refuses_thousands_separators(built, browser):
    context, page, quiz, errors = answer_numeric(browser, built["de"] / "html", "1.000,5")
    try:
        assert quiz.locator("[data-ck-input-error]").text_content() == (
            "„1.000,5“ wird nicht angenommen: Verwenden Sie ein Komma oder einen Punkt als Dezimaltrennzeichen "
            "und keine Tausendertrennzeichen, zum Beispiel 1234,5."
        )
        assert page.evaluate("CourseKit.getState('unus-probatio').submitted") is False
    finally:
        context.close()
    assert not errors


def test_scorm_records_a_decimal_comma_as_a_number(built):
    """scorm-data.js tells the interactions recorder the course's decimal mark."""
    with zipfile.ZipFile(next(built["de"].glob("*-scorm12.zip"))) as z:
        assert b'"decimal":","' in z.read("scorm/scorm-data.js")
    with zipfile.ZipFile(next(built["en"].glob("*-scorm12.zip"))) as z:
        assert b'"decimal"' not in z.read("scorm/scorm-data.js")
    assert io  # the module's zip reads use io only through zipfile


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_right_to_left_course(tmp_path, browser, lang):
    """Arabic and Hebrew pages run right to left: dir on every page and the SCORM launch
    page, the layout mirrored by the style sheet's logical properties."""
    course = write_i18n_course(tmp_path / lang, lang)
    out = tmp_path / "out"
    build(course, out, "html", "scorm12")
    for name, data in site_pages(out).items():
        html = BeautifulSoup(data, "html.parser").find("html")
        assert (html.get("lang"), html.get("dir")) == (lang, "rtl"), name
    context, page, errors = open_page(browser, out / "html" / "chapter-unus.html")
    try:
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        # Logical properties mirror the layout: the skip link sits at the right edge, lists
        # indent on the right.
        indent = page.evaluate(
            "(() => { const s = getComputedStyle(document.querySelector('.ck-objectives'));"
            " return [s.paddingRight, s.paddingLeft]; })()"
        )
        assert indent[0] != "0px" and indent[1] == "0px", indent
        skip = page.evaluate(
            "(() => { const s = getComputedStyle(document.querySelector('.ck-skip')); return [s.right, s.left]; })()"
        )
        assert skip[0] == "8px", skip
        # The site's own parts mirror too: the sidebar marks the current chapter on its right
        # edge; code stays left to right.
        current = page.evaluate(
            "(() => { const s = getComputedStyle(document.querySelector('.ck-sidebar-list li.ck-current'));"
            " return [s.borderRightWidth, s.borderLeftWidth]; })()"
        )
        assert current == ["3px", "0px"], current
        assert page.evaluate("getComputedStyle(document.querySelector('.ck-code pre')).direction") == "ltr"
    finally:
        context.close()
    assert not errors
