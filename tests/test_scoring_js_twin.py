"""scoring.js and its Python twins read a learner's typing and a language's rules alike.

The page scripts compare typed answers with ``normalize``, read typed numbers with
``parseNumber``, and word their messages with ``CourseKitL10n`` (gettext, ngettext, plural
rules); Python does the same in coursekit.model.question, coursekit.scoring and
coursekit.i18n. A learner's result must not depend on which of the two ran, so each is run
in node on thousands of inputs and compared with Python, character by character:

- typed text drawn from what the code treats specially: every white-space character Python's
  str.split knows, letters whose case folding is special (ß, ẞ, ς, dotless and dotted i,
  Cherokee), letters beyond U+FFFF (two UTF-16 units in JavaScript), letters after Cherokee's
  code points, composed and decomposed accents, digits, signs, exponents and separators;
- numbers in each decimal convention (``.``, ``,``, the Arabic decimal separator);
- every shipped catalog's messages and plural forms, the course's own wording (ui_strings),
  and plural rules of other languages (the operators the shipped ones do not use);
- the decimal mark a learner is told to type, and scoring.js loaded as a page loads it.

``numberProblem`` (which of two messages a learner sees for a refused number) has no Python
twin: it is checked against a table of what the learner is told.
"""

from __future__ import annotations

import dataclasses
import gettext
import json
import math
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from coursekit.i18n.catalogs import placeholders, template
from coursekit.i18n.language import resolve
from coursekit.i18n.plural import evaluate, parse_plural
from coursekit.i18n.ui import UiText, _ui_text
from coursekit.model.question import normalize_answer
from coursekit.scoring import parse_number

SCORING_JS = Path(__file__).resolve().parents[1] / "exporters" / "html" / "static" / "scoring.js"

# Python's str.split() white space (str.isspace): what normalize collapses and trims.
WHITE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
WHITE += "\u2028\u2029\u202f\u205f\u3000"
LETTERS = "aAzZéÉßẞςσΣıİiIΩωǅǄǆﬁµΐ" + "\u13a0\u13f5\u13f8\u13fd\uab70\uabbf" + "e\u0301E\u0301" + "ǰ"
# Deseret and Adlam capitals and small letters (surrogate pairs in JavaScript), and letters and
# signs above Cherokee's code points (Hangul, CJK, fullwidth Latin).
LETTERS += "\U00010400\U00010428\U0001e900\U0001e922" + "한中Ａａ"
NUMERIC = "0123456789+-eE.,'’\u066b\u066c\u00a0\u202f "


def run_node(tmp_path: Path, script: str, data) -> object:
    node = shutil.which("node")
    assert node is not None, "node is needed (scripts/test.sh installs it)"
    (tmp_path / "cases.json").write_text(json.dumps(data))
    prelude = "const S = require(process.argv[1]); const C = JSON.parse(require('fs').readFileSync(process.argv[2]));"
    out = subprocess.run(
        [node, "-e", prelude + script, str(SCORING_JS), str(tmp_path / "cases.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def typed_texts(alphabet: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_white_space_is_exactly_pythons():
    # The alphabet above must be complete, or the comparisons below would miss a character.
    assert {c for c in map(chr, range(0x3001)) if c.isspace()} == set(WHITE)


def test_typed_answers_compare_alike(tmp_path):
    texts = typed_texts(WHITE + LETTERS + "ab ", 3000, 1) + [WHITE, " " + LETTERS + " ", LETTERS.upper()]
    js = run_node(
        tmp_path,
        "console.log(JSON.stringify(C.map(t => [S.normalize(t, true), S.normalize(t, false)])));",
        texts,
    )
    py = [[normalize_answer(t, True), normalize_answer(t, False)] for t in texts]
    assert len(js) == len(py)
    differ = [(t, p, j) for t, p, j in zip(texts, py, js, strict=True) if p != j]
    assert not differ, differ[:5]


@pytest.mark.parametrize("decimal", [".", ",", "\u066b"])
def test_typed_numbers_read_alike(tmp_path, decimal):
    texts = typed_texts(NUMERIC + decimal + WHITE[:6] + "x", 4000, 2)
    texts += ["1e400", "-0", "+.5", "5.", ".", "1,5", "1.5", "1,5,5", "1.5,5", "\u066b5", " 2,505\n", "1e5", "1E-3"]
    # (JSON has no infinity: both sides spell one out, 1e400 is a number too large to be right)
    js = run_node(
        tmp_path,
        "console.log(JSON.stringify(C.texts.map(t => { const x = S.parseNumber(t, C.decimal);"
        " return x === null || isFinite(x) ? x : String(x); })));",
        {"texts": texts, "decimal": decimal},
    )
    py = [parse_number(t, decimal) for t in texts]
    py = [x if x is None or math.isfinite(x) else ("Infinity" if x > 0 else "-Infinity") for x in py]
    differ = [(t, p, j) for t, p, j in zip(texts, py, js, strict=True) if p != j]
    assert not differ, differ[:5]
    assert sum(p is not None for p in py) > 300  # the draw does reach real numbers


def test_json_numbers_and_non_text_responses(tmp_path):
    cases = [3, 2.5, -0.0, "7", None, True, [1], {"a": 1}]
    js = run_node(tmp_path, "console.log(JSON.stringify(C.map(t => S.parseNumber(t, '.'))));", cases)
    assert js == [3, 2.5, 0, 7, None, None, None, None]
    assert [parse_number(t) for t in cases] == [3.0, 2.5, -0.0, 7.0, None, None, None, None]


NUMBER_PROBLEMS = [
    # (typed, the course's decimal separator, what the learner is told: None, separators, syntax)
    ("", ".", None),
    ("   ", ".", None),
    ("2.5", ".", None),
    (" -2.5e3 ", ".", None),
    ("2,5", ",", None),
    ("1,000", ".", "separators"),
    ("1.000,5", ",", "separators"),
    ("1.000.000", ".", "separators"),
    ("1 000", ".", "separators"),
    ("1\u00a0000", ",", "separators"),
    ("1\u202f000", ",", "separators"),
    ("1'000", ".", "separators"),
    ("1\u2019000", ".", "separators"),
    ("1\u066c000\u066b5", "\u066b", "separators"),
    ("+1,000e3", ".", "separators"),
    ("1,000e-3", ".", "separators"),
    ("1,000e12", ".", "separators"),
    ("12,000", ".", "separators"),
    ("10 000 000", ",", "separators"),
    ("2,5", ".", "separators"),
    ("1,,0", ".", "syntax"),
    ("abc", ".", "syntax"),
    ("1,000x", ".", "syntax"),
    ("--1", ".", "syntax"),
    ("1e", ".", "syntax"),
    (None, ".", None),
]


def test_a_refused_number_is_told_why(tmp_path):
    js = run_node(tmp_path, "console.log(JSON.stringify(C.map(([t, d]) => S.numberProblem(t, d))));", NUMBER_PROBLEMS)
    assert js == [expected for _, _, expected in NUMBER_PROBLEMS]


LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "nl", "ar", "he"]
COUNTS = [0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 14, 19, 20, 21, 22, 25, 99, 100, 101, 102, 103, 111, 1000, 0.5, 1.5, 2.25]


def _values(text: str) -> dict[str, str]:
    return {name: f"<{name}>" for name in re.findall(r"%\((\w+)\)s", text)}


def test_page_messages_read_as_python_words_them(tmp_path):
    """Every browser message, in every language, through CourseKitL10n.gettext/ngettext."""
    cases, expected = [], []
    for lang in LANGUAGES:
        ui = _ui_text(lang, ())
        for msg in template().values():
            if not msg.for_browser:
                continue
            if msg.plural is None:
                values = _values(msg.id)
                cases.append([lang, "g", msg.id, None, None, values])
                expected.append(ui.gettext(msg.id, **values))
            else:
                values = _values(msg.id + msg.plural)
                for n in COUNTS:
                    cases.append([lang, "n", msg.id, msg.plural, n, values])
                    expected.append(ui.ngettext(msg.id, msg.plural, n, **values))
    data = {lang: _ui_text(lang, ()).browser_data() for lang in LANGUAGES}
    js = run_node(
        tmp_path,
        "const L = {}; for (const [k, d] of Object.entries(C.data)) L[k] = S.L10n.create(d);"
        "console.log(JSON.stringify(C.cases.map(([lang, kind, id, plural, n, v]) =>"
        " kind === 'g' ? L[lang].gettext(id, v) : L[lang].ngettext(id, plural, n, v))));",
        {"data": data, "cases": cases},
    )
    assert len(expected) > 100
    differ = [(c, p, j) for c, p, j in zip(cases, expected, js, strict=True) if p != j]
    assert not differ, differ[:5]
    assert any(placeholders(m.id) for m in template().values() if m.for_browser)


def test_interpolation_of_missing_and_escaped_placeholders(tmp_path):
    js = run_node(
        tmp_path,
        "const L = S.L10n.create(null);console.log(JSON.stringify(C.map(([t, v]) => L.gettext(t, v))));",
        [["%(a)s and %(b)s", {"a": "1"}], ["100%% of %(a)s", {"a": "x"}], ["plain", None], ["%(a)s", {"a": 0}]],
    )
    # A placeholder with no value stays as written (a page never shows a JavaScript error).
    assert js == ["1 and %(b)s", "100% of x", "plain", "0"]


PLURAL_RULES = [
    "(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 ? 4 : 5)",
    "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    "(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2",
    "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2)",
    "(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3)",
    "n==1 ? 0 : n==2 ? 1 : (n>2 && n<7) ? 2 :(n>6 && n<11) ? 3 : 4",
    "(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2)",
    "0",
    "n > 1",
    "n != 1",
    "!(n == 1)",
    "(n / 10) % 3 + n * 0 - 0",
    "(n - 7) * 2 < 0 ? 0 : 1",
    "n <= 1 || n >= 50 ? (n * 2) % 5 : 4",
    "(n + 2) % 3",
]


def test_plural_rules_choose_what_gettext_chooses(tmp_path):
    counts = list(range(0, 400))
    trees = [parse_plural(expr) for expr in PLURAL_RULES]
    js = run_node(
        tmp_path,
        "console.log(JSON.stringify(C.trees.map(t => { const L = S.L10n.create({plural: t, other: 1});"
        " return C.counts.map(n => L.pluralIndex(n)); })));",
        {"trees": trees, "counts": counts},
    )
    for expr, forms in zip(PLURAL_RULES, js, strict=True):
        choose = gettext.c2py(expr)
        assert forms == [choose(n) for n in counts], expr


def test_a_fractional_count_takes_the_languages_other_form(tmp_path):
    js = run_node(
        tmp_path,
        "console.log(JSON.stringify([S.L10n.create({plural: ['!=', 'n', 1], other: 3}).pluralIndex(1.5),"
        " S.L10n.create({plural: ['!=', 'n', 1]}).pluralIndex(0.5), S.L10n.create(null).pluralIndex(1)]));",
        None,
    )
    assert js == [3, 1, 0]


def test_plural_rules_divide_as_c_does(tmp_path):
    # C (and coursekit.i18n.plural) truncates a negative quotient towards 0, where
    # gettext.c2py floors it: the two walkers of one rule must still agree.
    rules = ["(n - 7) / 2 + 4", "(n - 20) / 3 % 4 + 3", "(7 - n) / (0 - 2) + 4"]
    counts = list(range(0, 40))
    trees = [parse_plural(expr) for expr in rules]
    js = run_node(
        tmp_path,
        "console.log(JSON.stringify(C.trees.map(t => { const L = S.L10n.create({plural: t, other: 1});"
        " return C.counts.map(n => L.pluralIndex(n)); })));",
        {"trees": trees, "counts": counts},
    )
    assert js == [[evaluate(tree, n) for n in counts] for tree in trees]
    assert js[0][0] == 1  # (0 - 7) / 2 is -3 in C, not -4


def _fresh(tag: str, overrides=()) -> UiText:
    return UiText(resolve(tag), overrides)  # not the cached one: the tests change it


def _ngettext_cases(uis: dict[str, UiText], only_num: bool):
    """(data per tag, cases, Python's texts) for every browser plural message and count, each
    with values for its placeholders but %(num)s, which the count fills; ``only_num``: the
    messages with no other placeholder, called with no values at all."""
    cases, expected = [], []
    for tag, ui in uis.items():
        for msg in template().values():
            if not (msg.for_browser and msg.plural):
                continue
            v = _values(msg.id + msg.plural)
            v.pop("num", None)
            if only_num and v:
                continue
            for n in [0, 1, 2, 3, 5, 11, 100, 102, 1.5, 10**6]:
                cases.append([tag, msg.id, msg.plural, n, v])
                expected.append(ui.ngettext(msg.id, msg.plural, n, **v))
    return {tag: ui.browser_data() for tag, ui in uis.items()}, cases, expected


def _browser_ngettext(tmp_path, data, cases):
    return run_node(
        tmp_path,
        "const L = {}; for (const [k, d] of Object.entries(C.data)) L[k] = S.L10n.create(d);"
        "console.log(JSON.stringify(C.cases.map(([tag, id, plural, n, v]) =>"
        " v === null ? L[tag].ngettext(id, plural, n) : L[tag].ngettext(id, plural, n, v))));",
        {"data": data, "cases": [[*c[:4], c[4] or None] for c in cases]},
    )


def test_the_count_fills_num_when_no_value_is_given(tmp_path):
    # quiz.js words "3 words so far." with the count alone: %(num)s is the count.
    data, cases, expected = _ngettext_cases({tag: _fresh(tag) for tag in ["fr", "de", "ar"]}, True)
    assert len(cases) > 50
    js = _browser_ngettext(tmp_path, data, cases)
    differ = [(c, p, j) for c, p, j in zip(cases, expected, js, strict=True) if p != j]
    assert not differ, differ[:5]
    assert "3" in expected[cases.index(["de", "%(num)s word so far.", "%(num)s words so far.", 3, {}])]


def test_the_courses_own_wording_of_plural_messages(tmp_path):
    """ui_strings: one text for every count, or as many forms as the language has; a list
    shorter than the language's rule (only data can hold one) ends on its last form."""
    one_text = _fresh("fr", (("%(num)s word so far.", "Déjà %(num)s mot(s)."),))
    forms = _fresh("es", (("%(num)s word so far.", ("%(num)s palabra", "%(num)s palabras", "%(num)s de palabras")),))
    short = _fresh("it")  # three forms: 1, a million, others
    short.messages["%(num)s word so far."] = ("%(num)s parola", "%(num)s parole")
    data, cases, expected = _ngettext_cases({"fr": one_text, "es": forms, "it": short}, False)
    js = _browser_ngettext(tmp_path, data, cases)
    differ = [(c, p, j) for c, p, j in zip(cases, expected, js, strict=True) if p != j]
    assert not differ, differ[:5]
    words = [p for c, p in zip(cases, expected, strict=True) if c[1] == "%(num)s word so far."]
    assert "Déjà 5 mot(s)." in words and "5 parole" in words and "1 palabra" in words


# (decimal symbol of a locale's data, the mark a learner may type besides '.')
DECIMAL_MARKS = [
    (",", ","),
    ("\u066b", "\u066b"),
    (".", "."),
    ("'", "'"),
    ("", "."),  # no symbol
    (",,", "."),  # two characters: no single mark to accept
    ("٫.", "."),
    ("e", "."),  # would make 1e5 ambiguous
    ("E", "."),
    ("5", "."),
    ("+", "."),
    ("-", "."),
    (" ", "."),
]


def test_the_decimal_mark_a_learner_may_type(tmp_path):
    """Python puts the course's mark in the scoring spec (ui.decimal), the page tells the
    learner to type CourseKitL10n's: the two must be the same mark."""
    uis = []
    for symbol, _ in DECIMAL_MARKS:
        ui = _fresh("de")
        ui.numbers = dataclasses.replace(ui.numbers, decimal=symbol)
        uis.append(ui)
    js = run_node(
        tmp_path, "console.log(JSON.stringify(C.map(d => S.L10n.create(d).decimal)));", [u.browser_data() for u in uis]
    )
    assert js == [u.decimal for u in uis] == [mark for _, mark in DECIMAL_MARKS]


PAGE = """
const L10N = {data};
global.document = {{ getElementById: id => id === 'ck-l10n' && L10N !== undefined ? {{ textContent: L10N }} : null }};
const L = S.L10n.page();
console.log(JSON.stringify([L.gettext('True'), L.number(1234.5)]));
"""


@pytest.mark.parametrize(
    "page,speaks",
    [("de", "de"), ("broken", "en"), ("none", "en")],
)
def test_a_page_speaks_the_language_of_its_data(tmp_path, page, speaks):
    # Every page script asks CourseKitL10n.page() for its words: the page's <script
    # id="ck-l10n">, or plain English without it or when it is not JSON.
    text = {
        "de": json.dumps(json.dumps(_ui_text("de", ()).browser_data())),
        "broken": '"{not json"',
        "none": "undefined",
    }
    js = run_node(tmp_path, PAGE.format(data=text[page]), None)
    ui = _ui_text(speaks, ())
    assert js == [ui.gettext("True"), ui.number(1234.5)]
    assert js[0] == {"de": "Wahr", "en": "True"}[speaks]


def test_a_page_without_ck_l10n_data_in_node(tmp_path):
    js = run_node(tmp_path, "console.log(JSON.stringify(S.L10n.page().gettext('True')));", None)
    assert js == "True"


def test_scoring_js_loads_as_a_page_script(tmp_path):
    # In a browser scoring.js is a classic script: no `module`, `this` is the window; it must
    # define CourseKitScoring and CourseKitL10n there for quiz.js and the SCORM runtime.
    js = run_node(
        tmp_path,
        "const vm = require('vm'); const w = vm.createContext({}); w.window = w;"
        "vm.runInContext(require('fs').readFileSync(process.argv[1], 'utf8'), w);"
        "console.log(JSON.stringify([w.CourseKitScoring.score({type: 'true_false', points: 1, scoring:"
        " 'all_or_nothing', correct: true, fb: []}, true).score, w.CourseKitL10n.create(null).number(0.5)]));",
        None,
    )
    assert js == [1, "0.5"]
