"""The shipped gettext catalogs: complete, well-formed, and in step with the code.

- ``coursekit.pot`` is what ``pybabel extract -F babel.cfg`` finds in the code today (run
  here with Babel's own extractor), so a string added to a template or a script without
  a catalog entry fails this test, and so does an entry the code no longer uses.
- Every shipped catalog translates every message, none fuzzy, with the same placeholders,
  the plural form count its ``Plural-Forms`` header says, and no HTML.
- The plural rule trees (coursekit.i18n.plural) choose what Python's gettext chooses.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from coursekit.i18n.catalogs import catalog, placeholders, shipped_languages, template
from coursekit.i18n.plural import evaluate, parse_plural

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ["de", "en", "es", "fr", "it", "nl", "pt"]


def extracted_from_code() -> dict[str, set[str]]:
    """msgid -> files, as pybabel extract -F babel.cfg finds them."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    found: dict[str, set[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, set()).add(filename)
    return found


def test_the_seven_languages_are_shipped():
    assert list(shipped_languages()) == SHIPPED


def test_template_is_up_to_date_with_the_code():
    code = extracted_from_code()
    pot = {m.id: set(m.files) for m in template().values()}
    assert set(code) == set(pot), (
        f"run the extract command of docs/translating.md: new {sorted(set(code) - set(pot))}, "
        f"gone {sorted(set(pot) - set(code))}"
    )
    assert code == pot


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_is_complete(lang):
    cat = catalog(lang)
    known = template()
    ids = {}
    for m in cat:
        if not m.id:
            continue
        ids[m.id[0] if isinstance(m.id, tuple) else m.id] = m
    assert set(ids) == set(known), f"{lang}: run pybabel update (docs/translating.md)"
    problems = []
    for msgid, m in ids.items():
        msg = known[msgid]
        forms = list(m.string) if isinstance(m.string, tuple) else [m.string]
        if m.fuzzy:
            problems.append(f"{msgid!r} is fuzzy")
        if (msg.plural is None) == isinstance(m.id, tuple):
            problems.append(f"{msgid!r}: plural forms differ from the template")
        if isinstance(m.id, tuple) and len(forms) != cat.num_plurals:
            problems.append(f"{msgid!r}: {len(forms)} forms, the header says {cat.num_plurals}")
        for form in forms:
            if not form.strip():
                problems.append(f"{msgid!r} is not translated")
            elif not placeholders(form) <= msg.placeholders | {"num"}:
                problems.append(f"{msgid!r}: {form!r} uses placeholders the message does not provide")
            elif msg.plural is None and placeholders(form) != msg.placeholders:
                problems.append(f"{msgid!r}: {form!r} drops a placeholder")
            elif re.search(r"<[a-zA-Z/]", form):
                problems.append(f"{msgid!r}: {form!r} holds HTML (catalogs are text)")
    assert not problems, f"{lang}: " + "; ".join(problems)


@pytest.mark.parametrize("lang", SHIPPED)
def test_plural_tree_chooses_what_gettext_chooses(lang):
    expr = catalog(lang).plural_expr
    tree = parse_plural(expr)
    choose = gettext.c2py(expr)
    for n in [*range(0, 2100), 10**6, 2 * 10**6, 10**6 + 1, 10**9, 123456789]:
        assert evaluate(tree, n) == choose(n), (lang, n)


@pytest.mark.parametrize(
    "expr",
    [
        "(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 ? 4 : 5)",
        "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
        "(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2",
        "0",
        "n != 1",
        "!(n == 1)",
        "(n / 10) % 3 + n * 0 - 0",
    ],
)
def test_plural_trees_of_other_languages(expr):
    tree, choose = parse_plural(expr), gettext.c2py(expr)
    for n in range(0, 1200):
        assert evaluate(tree, n) == choose(n), (expr, n)
