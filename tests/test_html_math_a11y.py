"""Controls labelled by formulas have spoken names, in the html site and in both SCORM packages
(they ship the same pages and static/quiz.js), checked in Chromium with axe-core.

A course whose matching left items, ordering items and choices are formulas (or text with
formulas): axe finds no serious or critical violation; every drop-down, radio button and
Up/Down button is named with the formula read as words (coursekit.render.speech), never TeX
or the formula's flattened characters; moving an item announces that same spoken form.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from test_html_browser import arrange, check_every_quiz, run_axe, serve

from coursekit.exporters.html import EXPORTERS as HTML
from coursekit.exporters.scorm import EXPORTERS as SCORM
from coursekit.load import load_course
from coursekit.render.pipeline import render_course

LEFTS = {r"$\bar{x}$": "x bar", "$s$": "s", r"$\mu$": "mu", r"$\sigma^2$": "sigma squared"}
ITEMS = {
    r"Compute the mean $\bar{x}$ of the sample": "Compute the mean x bar of the sample",
    r"$z = \frac{\bar{x} - \mu_0}{\sigma/\sqrt{n}}$": (
        "z equals fraction x bar minus mu sub 0 over sigma divided by square root of n end fraction"
    ),
    r"Compare $|z|$ with $z_{\alpha/2}$": "Compare vertical bar z vertical bar with z sub alpha divided by 2",
}
CHOICES = {
    r"$\hat{p} \le 0.5$": "p hat less than or equal to 0.5",
    r"$\sum_{i=1}^{n} x_i$": "sum from i equals 1 to n x sub i",
}
# What a name must never hold: TeX, or formula characters read flat.
FLAT = re.compile(r"[\\$^_{}¯‾ˉ−μσ∑≤]|x¯")


def _course(root: Path) -> Path:
    questions = [
        {
            "id": "match",
            "type": "matching",
            "prompt": "Match each symbol with what it stands for.",
            "pairs": [
                {"left": left, "right": right} for left, right in zip(LEFTS, ["mean", "sd", "mu", "var"], strict=True)
            ],
        },
        {"id": "order", "type": "ordering", "prompt": "Put the steps in order.", "items": list(ITEMS)},
        {
            "id": "pick",
            "type": "single_choice",
            "prompt": "Pick one.",
            "choices": [{"text": t, "correct": i == 0} for i, t in enumerate(CHOICES)],
        },
    ]
    (root / "chapters").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(
        yaml.safe_dump({"id": "stats", "title": "Stats", "chapters": ["chapters/one.md"]})
    )
    (root / "chapters/one.md").write_text("---\nid: one\ntitle: One\nquiz: ../quizzes/q.yaml\n---\n\nText.\n")
    (root / "quizzes/q.yaml").write_text(yaml.safe_dump({"id": "q", "title": "Q", "questions": questions}))
    return root


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    course, diags = load_course(_course(tmp_path_factory.mktemp("math") / "course"))
    assert course is not None and not diags.has_errors(), diags
    return render_course(course)


def _site_files(rendered, target: str) -> dict[str, bytes]:
    exporter = HTML["html"]() if target == "html" else SCORM[target]()
    kind = "dir" if target == "html" else "zip"  # the site folder; each SCORM package
    (artifact,) = [a for a in exporter.export(rendered) if a.kind == kind]
    return artifact.files


@pytest.fixture(scope="module", params=["html", "scorm12", "scorm2004"])
def site(request, rendered, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    for path, data in _site_files(rendered, request.param).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    yield from serve(folder)


def _quiz_page(browser, site):
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    (name,) = [p for p in site["pages"] if b"data-ck-quiz" in (site["root"] / p).read_bytes()]
    page.goto(site["base"] + name)
    page.wait_for_function("window.CourseKit && CourseKit.quizIds")
    return page, problems


def _names(page, role: str, within: str) -> list[str]:
    """Accessible names Chromium computes for every ``role`` element inside ``within``."""
    snapshot = page.locator(within).aria_snapshot()
    # Lines read `- button "name"`, YAML-quoted when the name holds a colon: `- 'button "a: b"'`.
    return re.findall(rf'^\s*- \'?{role} "([^"]*)"', snapshot, re.M)


def _question(qid: str) -> str:
    return f"li.ck-question[data-ck-qid='{qid}']"


def test_axe_finds_no_serious_violation(browser, site):
    page, problems = _quiz_page(browser, site)
    check_every_quiz(page)  # results, feedback and correct answers are part of the page too
    bad = [v for v in run_axe(page) if v.get("impact") in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in bad]
    assert problems == []
    page.close()


def test_controls_are_named_with_the_spoken_formula(browser, site):
    page, _ = _quiz_page(browser, site)
    assert _names(page, "combobox", _question("match")) == list(LEFTS.values())
    assert sorted(_names(page, "radio", _question("pick"))) == sorted(CHOICES.values())
    buttons = _names(page, "button", _question("order"))
    assert sorted(buttons) == sorted(f"Move {d}: {s}" for s in ITEMS.values() for d in ("up", "down"))
    for name in _names(page, "combobox", "body") + _names(page, "radio", "body") + buttons:
        assert name and not FLAT.search(name), name
    page.close()


def test_moving_an_item_announces_its_spoken_form(browser, site):
    page, _ = _quiz_page(browser, site)
    q = page.locator(_question("order"))
    order = q.locator("[data-ck-item]").evaluate_all("els => els.map(e => Number(e.dataset.ckItem))")
    item = order[-1]  # the last item can always move up
    spoken = list(ITEMS.values())[item]
    q.locator(f"[data-ck-item='{item}'] [data-ck-move='-1']").focus()
    page.keyboard.press("Enter")
    live = page.locator("[data-ck-form] > p.ck-visually-hidden[aria-live='polite']")
    expected = f'"{spoken}" moved to position {len(order) - 1} of {len(order)}.'
    page.wait_for_function("(el) => el.textContent.length > 0", arg=live.element_handle())
    assert live.text_content() == expected
    assert not FLAT.search(live.text_content())
    page.close()


def test_correct_answers_are_announced_with_spoken_formulas(browser, site):
    """Answered wrongly: each correct answer is shown as MathML under its question and read in the
    result's live region with the formulas as words."""
    page, problems = _quiz_page(browser, site)
    match = page.locator(_question("match"))
    for i in range(len(LEFTS)):  # every left item gets the next right-hand option: all wrong
        match.locator(f"select[data-ck-left='{i}']").select_option(str((i + 1) % len(LEFTS)))
    page.locator(_question("pick")).locator("input[value='1']").check()
    arrange(page, "order", list(reversed(range(len(ITEMS)))), "section[data-ck-quiz='q']")
    page.locator("[data-ck-check]").click()
    assert page.locator("dialog[data-ck-confirm]").evaluate("d => !d.open")  # all answered
    result = page.locator("[data-ck-result]")
    spoken = result.locator(".ck-visually-hidden").text_content()
    rights = ["mean", "sd", "mu", "var"]
    assert "Question 1: " + "; ".join(f"{s} matches {r}" for s, r in zip(LEFTS.values(), rights, strict=True)) in spoken
    assert "Question 2: " + "; ".join(ITEMS.values()) + "." in spoken
    assert "Question 3: " + list(CHOICES.values())[0] + "." in spoken
    assert not FLAT.search(spoken), spoken
    # The blocks themselves hold the formulas as MathML (read natively), never TeX.
    blocks = page.locator("[data-ck-answer]")
    assert blocks.count() == 3
    assert page.locator("[data-ck-answer] math").count() >= len(LEFTS) + 2
    assert "$" not in "".join(blocks.all_text_contents())
    bad = [v for v in run_axe(page) if v.get("impact") in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in bad]
    assert problems == []
    page.close()
