"""scoring.js and its Python twins read a learner's typing and a language's rules alike.

The page scripts compare typed answers with ``normalize``, read typed numbers with
``parseNumber``, and word their messages with ``CourseKitL10n`` (gettext, ngettext, plural
rules); Python does the same in coursekit.model.question, coursekit.scoring and
coursekit.i18n. A learner's result must not depend on which of the two ran, so each is run
in node on thousands of inputs and compared with Python, character by character:

- typed text drawn from what the code treats specially: every white-space character Python's
  str.split knows, letters whose case folding is special (ß, ẞ, ς, dotless and dotted i,
  Cherokee), composed and decomposed accents, digits, signs, exponents and separators;
- numbers in each decimal convention (``.``, ``,``, the Arabic decimal separator);
- every shipped catalog's messages and plural forms, and plural rules of other languages
  (the operators the shipped ones do not use).

``numberProblem`` (which of two messages a learner sees for a refused number) has no Python
twin: it is checked against a table of what the learner is told.
"""

from __future__ import annotations

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
from coursekit.i18n.plural import parse_plural
from coursekit.i18n.ui import _ui_text
from coursekit.model.question import normalize_answer
from coursekit.scoring import parse_number

SCORING_JS = Path(__file__).resolve().parents[1] / "exporters" / "html" / "static" / "scoring.js"

# Python's str.split() white space (str.isspace): what normalize collapses and trims.
WHITE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
WHITE += "\u2028\u2029\u202f\u205f\u3000"
LETTERS = "aAzZéÉßẞςσΣıİiIΩωǅǄǆﬁµΐ" + "\u13a0\u13f5\u13f8\u13fd\uab70\uabbf" + "e\u0301E\u0301" + "ǰ"
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
