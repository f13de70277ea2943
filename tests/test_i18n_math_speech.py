"""Formulas are spoken in the course's language (coursekit.render.speech through the catalogs).

A control labelled by a formula is named with the formula read as words (tests/test_html_math_a11y.py).
Those words are catalog messages like every other word coursekit writes for learners: a German
course's ordering item ``$10^{-3}$ (milli)`` is "10 hoch minus 3 Ende Exponent (milli)", never
"10 to the power minus 3 end power (milli)", in the radio buttons' and Up/Down buttons' names, in
the name a move announces (``data-ck-name``) and in the spoken correct answers after a check.
English stays word for word what it was.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest
import yaml
from test_html_browser import arrange, serve

from coursekit.exporters.html import EXPORTERS as HTML
from coursekit.i18n import ui_text
from coursekit.load import load_course
from coursekit.render.pipeline import render_course
from coursekit.render.texmath import tex_to_mathml

ITEMS = [r"$10^{-3}$ (milli)", r"$x^2$", r"$\frac{a}{b}$", r"$\sqrt{x}$"]
CHOICES = [
    r"$\alpha \pm \beta$",
    r"$\frac{x+1}{2} \le \sqrt{y+1}$",
    r"$\hat{p}_0 \approx \Sigma$",
    r"$\sqrt[3]{x} \cdot y^{n+1}$",
]
# The ordering items, then the choices, as a screen reader is given them in each language.
SPOKEN = {
    "en": [
        "10 to the power minus 3 end power (milli)",
        "x squared",
        "a over b",
        "square root of x",
        "alpha plus or minus beta",
        "fraction x plus 1 over 2 end fraction less than or equal to square root of y plus 1 end root",
        "p hat sub 0 approximately equal to capital sigma",
        "root 3 of x end root times y to the power n plus 1 end power",
    ],
    "de": [
        "10 hoch minus 3 Ende Exponent (milli)",
        "x zum Quadrat",
        "a durch b",
        "Wurzel aus x",
        "Alpha plus minus Beta",
        "Bruch x plus 1 durch 2 Ende Bruch kleiner oder gleich Wurzel aus y plus 1 Ende Wurzel",
        "p Dach Index 0 ungefähr gleich großes Sigma",
        "3-te Wurzel aus x Ende Wurzel mal y hoch n plus 1 Ende Exponent",
    ],
    "fr": [
        "10 puissance moins 3 fin de puissance (milli)",
        "x au carré",
        "a sur b",
        "racine carrée de x",
        "alpha plus ou moins bêta",
        "fraction x plus 1 sur 2 fin de fraction inférieur ou égal à racine carrée de y plus 1 fin de racine",
        "p chapeau indice 0 approximativement égal à sigma majuscule",
        "racine 3-ième de x fin de racine fois y puissance n plus 1 fin de puissance",
    ],
    "es": [
        "10 elevado a menos 3 fin de exponente (milli)",
        "x al cuadrado",
        "a sobre b",
        "raíz cuadrada de x",
        "alfa más o menos beta",
        "fracción x más 1 sobre 2 fin de fracción menor o igual que raíz cuadrada de y más 1 fin de raíz",
        "p gorro subíndice 0 aproximadamente igual a sigma mayúscula",
        "raíz 3-ésima de x fin de raíz por y elevado a n más 1 fin de exponente",
    ],
    "it": [
        "10 elevato a meno 3 fine esponente (milli)",
        "x al quadrato",
        "a fratto b",
        "radice quadrata di x",
        "alfa più o meno beta",
        "frazione x più 1 fratto 2 fine frazione minore o uguale a radice quadrata di y più 1 fine radice",
        "p cappello pedice 0 circa uguale a sigma maiuscola",
        "radice 3-esima di x fine radice per y elevato a n più 1 fine esponente",
    ],
    "nl": [
        "10 tot de macht min 3 einde macht (milli)",
        "x kwadraat",
        "a gedeeld door b",
        "wortel uit x",
        "alfa plus of min bèta",
        "breuk x plus 1 gedeeld door 2 einde breuk kleiner dan of gelijk aan wortel uit y plus 1 einde wortel",
        "p dakje index 0 ongeveer gelijk aan hoofdletter sigma",
        "3-de machtswortel uit x einde wortel maal y tot de macht n plus 1 einde macht",
    ],
    "pt": [
        "10 elevado a menos 3 fim do expoente (milli)",
        "x ao quadrado",
        "a sobre b",
        "raiz quadrada de x",
        "alfa mais ou menos beta",
        "fração x mais 1 sobre 2 fim da fração menor ou igual a raiz quadrada de y mais 1 fim da raiz",
        "p chapéu índice 0 aproximadamente igual a sigma maiúsculo",
        "raiz 3-ésima de x fim da raiz vezes y elevado a n mais 1 fim do expoente",
    ],
}
# "Move up: %(item)s" and "Question %(number)s: %(answer)s." of the catalogs.
MOVE_UP = {
    "en": "Move up: ",
    "de": "Nach oben: ",
    "fr": "Monter\u00a0: ",
    "es": "Subir: ",
    "it": "Sposta su: ",
    "nl": "Omhoog: ",
    "pt": "Subir: ",
}
QUESTION_ONE = {"de": "Frage 1: ", "fr": "Question 1 : "}


def _course(root: Path, language: str) -> Path:
    questions = [
        {"id": "order", "type": "ordering", "prompt": "Ordina.", "items": ITEMS},
        {
            "id": "pick",
            "type": "single_choice",
            "prompt": "Elige.",
            "choices": [{"text": t, "correct": i == 0} for i, t in enumerate(CHOICES)],
        },
    ]
    (root / "chapters").mkdir(parents=True)
    (root / "quizzes").mkdir()
    course = {"id": "formulae", "title": "Formulae", "language": language, "chapters": ["chapters/unus.md"]}
    (root / "course.yaml").write_text(yaml.safe_dump(course))
    (root / "chapters/unus.md").write_text("---\nid: unus\ntitle: Unus\nquiz: ../quizzes/q.yaml\n---\n\nLorem.\n")
    (root / "quizzes/q.yaml").write_text(yaml.safe_dump({"id": "q", "title": "Q", "questions": questions}))
    return root


def _site(root: Path, language: str) -> dict[str, bytes]:
    course, diags = load_course(_course(root, language))
    assert course is not None and not diags.has_errors(), diags
    (artifact,) = [a for a in HTML["html"]().export(render_course(course)) if a.kind == "dir"]
    return artifact.files


def _question(files: dict[str, bytes], qid: str):
    """The question's element (inside its <template>) on the page that holds the quiz."""
    (page,) = [data for name, data in files.items() if name.endswith(".html") and b"data-ck-quiz" in data]
    (question,) = lxml.html.fromstring(page).xpath(f"//li[contains(@class, 'ck-question')][@data-ck-qid='{qid}']")
    return question


@pytest.mark.parametrize("lang", sorted(SPOKEN))
def test_controls_are_named_in_the_course_language(tmp_path, lang):
    files = _site(tmp_path / "course", lang)
    items = _question(files, "order").xpath(".//li[contains(@class, 'ck-order-item')]")
    assert [li.get("data-ck-name") for li in items] == SPOKEN[lang][: len(ITEMS)]
    ups = [li.xpath(".//button[@data-ck-move='-1']")[0].get("aria-label") for li in items]
    assert ups == [MOVE_UP[lang] + s for s in SPOKEN[lang][: len(ITEMS)]]
    radios = _question(files, "pick").xpath(".//input[@type='radio']")
    assert [r.get("aria-label") for r in radios] == SPOKEN[lang][len(ITEMS) :]


@pytest.mark.parametrize("lang", sorted(SPOKEN))
def test_fragment_speech_in_each_language(lang):
    from coursekit.render.speech import MathWords, fragment_speech

    words = MathWords.of(ui_text(SimpleNamespace(language=lang)))
    for tex, spoken in zip(ITEMS + CHOICES, SPOKEN[lang], strict=True):
        formula, _, rest = tex.partition("$")[2].partition("$")
        xhtml = tex_to_mathml(formula, False) + rest
        assert fragment_speech(xhtml, words) == spoken
        if lang == "en":  # the default is English, as it always was
            assert fragment_speech(xhtml) == spoken


@pytest.fixture(scope="module", params=sorted(QUESTION_ONE))
def site(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"site-{request.param}")
    for path, data in _site(tmp_path_factory.mktemp("course") / "course", request.param).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    for served in serve(folder):
        yield request.param, served


def test_correct_answers_are_spoken_in_the_course_language(browser, site):
    lang, served = site
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    (name,) = [p for p in served["pages"] if b"data-ck-quiz" in (served["root"] / p).read_bytes()]
    page.goto(served["base"] + name)
    page.wait_for_function("window.CourseKit && CourseKit.quizIds")
    arrange(page, "order", list(reversed(range(len(ITEMS)))), "section[data-ck-quiz='q']")
    page.locator("li.ck-question[data-ck-qid='pick'] input[value='1']").check()
    page.locator("[data-ck-check]").click()
    spoken = page.locator("[data-ck-result] .ck-visually-hidden").text_content()
    assert QUESTION_ONE[lang] + "; ".join(SPOKEN[lang][: len(ITEMS)]) + "." in spoken, spoken
    assert SPOKEN[lang][len(ITEMS)] + "." in spoken, spoken
    assert problems == []
    page.close()
