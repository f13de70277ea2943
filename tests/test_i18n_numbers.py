"""Numbers and plural forms in the course's language: Python (Babel, CLDR) and the browser
(CourseKitL10n in static/scoring.js, run in node) give the same text for the same number.

Python follows Babel: ``number`` is ``format_decimal`` with at most two decimals (below a
million) and ``percent`` is the locale's percent pattern (``format_percent``) with at most one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_decimal, format_percent

from coursekit.i18n.ui import _ui_text

SCORING_JS = Path(__file__).resolve().parents[1] / "exporters" / "html" / "static" / "scoring.js"
LOCALES = ["en", "en-GB", "de", "de-CH", "de-AT", "fr", "fr-CH", "es", "pt", "pt-BR", "it", "nl", "ar", "he", "hi"]
NUMBERS = [
    0,
    1,
    2,
    0.5,
    1.5,
    2.25,
    2.505,
    0.125,
    0.335,
    1.005,
    10,
    999.999,
    1000,
    1234.5,
    12345.678,
    1e6,
    2.5e6,
    123456789.125,
    1 / 3,
    2 / 3,
    0.1 + 0.2,
    -0.004,
    -2.5,
    -1234.5,
    1.2345678901234568e20,  # below 1e21 JavaScript writes every digit
    1e21,  # from 1e21 on, an exponent
    -1.5e22,
    1e306,  # x * 100 is still finite
    1e308,  # x * 100 is not (a question of 1e308 points crashed the html build)
    -1.7976931348623157e308,
]
FRACTIONS = [0, 0.7, 2 / 3, 1 / 3, 0.8125, 0.705, 0.5, 1, 0.999, 0.12345, 0.0005]
COUNTS = [0, 1, 2, 3, 5, 11, 21, 100, 101, 1000, 10**6, 2 * 10**6, 0.5, 1.5, 2.5, 1.25]


def browser_results(tmp_path, data: dict) -> dict:
    node = shutil.which("node")
    assert node is not None, "node is needed (scripts/test.sh installs it)"
    (tmp_path / "cases.json").write_text(json.dumps(data))
    script = (
        "const S = require(process.argv[1]); const fs = require('fs');"
        "const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')); const out = {};"
        "for (const [tag, c] of Object.entries(cases)) { const L = S.L10n.create(c.data);"
        " out[tag] = {numbers: c.numbers.map(x => L.number(x)), percents: c.fractions.map(x => L.percent(x)),"
        " forms: c.counts.map(n => L.pluralIndex(n)), decimal: L.decimal}; }"
        "console.log(JSON.stringify(out));"
    )
    out = subprocess.run(
        [node, "-e", script, str(SCORING_JS), str(tmp_path / "cases.json")], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_python_and_browser_format_alike(tmp_path):
    cases = {}
    for tag in LOCALES:
        ui = _ui_text(tag, ())
        cases[tag] = {"data": ui.browser_data(), "numbers": NUMBERS, "fractions": FRACTIONS, "counts": COUNTS}
    js = browser_results(tmp_path, cases)
    problems = []
    for tag in LOCALES:
        ui = _ui_text(tag, ())
        py = {
            "numbers": [ui.number(x) for x in NUMBERS],
            "percents": [ui.percent(x) for x in FRACTIONS],
            "forms": [ui.plural_index(n) for n in COUNTS],
            "decimal": ui.decimal,
        }
        for key in py:
            if py[key] != js[tag][key]:
                problems.append((tag, key, py[key], js[tag][key]))
    assert not problems, problems


@pytest.mark.parametrize("tag", LOCALES)
def test_python_numbers_are_babels(tag):
    ui = _ui_text(tag, ())
    locale = ui.lang.locale
    for x in [0, 1, 2.5, 1234.5, 12345.25, 999999.5, 0.05, -3.25]:
        assert ui.number(x) == format_decimal(Decimal(repr(float(x))), format="#,##0.##", locale=locale)
    for fraction in [Decimal("0.7"), Decimal("0.5"), Decimal("1"), Decimal("0.667")]:
        pattern = _one_decimal(locale.percent_formats[None].pattern)
        assert ui.percent(float(fraction)) == format_percent(fraction, format=pattern, locale=locale)


def _one_decimal(pattern: str) -> str:
    """The locale's percent pattern with up to one decimal: ``#,##0 %`` -> ``#,##0.# %``."""
    i = pattern.rindex("0")
    return pattern[: i + 1] + ".#" + pattern[i + 1 :]


def test_english_needs_no_browser_data():
    assert _ui_text("en", ()).browser_data() is None
    assert _ui_text("en-GB", ()).browser_data() is None
    assert _ui_text("de", ()).browser_data() is not None
    # An English course with its own wording sends it.
    data = _ui_text("en", (("Check answers", "Submit"),)).browser_data()
    assert data is not None and data["numbers"]["decimal"] == "."


def test_plural_forms_for_whole_and_fractional_counts():
    fr, de, en = _ui_text("fr", ()), _ui_text("de", ()), _ui_text("en", ())
    assert fr.ngettext("%(points)s point", "%(points)s points", 1, points="1") == "1 point"
    assert fr.ngettext("%(points)s point", "%(points)s points", 0, points="0") == "0 point"
    assert fr.ngettext("%(points)s point", "%(points)s points", 2.5, points="2,5") == "2,5 points"
    assert de.ngettext("%(points)s point", "%(points)s points", 1.5, points="1,5") == "1,5 Punkte"
    assert en.ngettext("%(points)s point", "%(points)s points", 0.5, points="0.5") == "0.5 points"
