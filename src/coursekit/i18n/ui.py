"""The words and numbers coursekit itself puts in front of a course's learners.

``ui_text(course)`` is what the exporters use: ``gettext``/``ngettext`` in the course's
language (the shipped catalog, then the course's own ``ui_strings`` on top, English where
neither has the message), ``number``/``percent`` in its locale, the text direction, and
``browser_data()``: the messages, plural rule and number symbols the page scripts need,
embedded in each page as JSON (works from ``file://``).

Placeholders are Python's ``%(name)s`` in every message, in Python, Jinja and JavaScript.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from .catalogs import catalog, template, translations
from .language import CourseLanguage, resolve
from .numbers import NumberStyle
from .plural import evaluate, parse_plural

Overrides = tuple[tuple[str, str | tuple[str, ...]], ...]

# The English plural rule: what a message without a catalog (English, or a fallback) uses.
_ENGLISH_PLURAL = ["!=", "n", 1]


def _other_sample(lang: CourseLanguage, tree: Any) -> int:
    """The form used for counts that are not whole numbers (2.5 points): the form of the
    smallest whole number in CLDR's "other" category (every locale has one)."""
    for n in range(0, 1001):
        if lang.locale.plural_form(n) == "other":
            return evaluate(tree, n)
    return evaluate(tree, 2)


class UiText:
    def __init__(self, lang: CourseLanguage, overrides: Overrides = ()):
        self.lang = lang
        self.numbers = NumberStyle.of(lang.locale)
        if lang.catalog:
            cat = catalog(lang.catalog)
            self.messages: dict[str, str | tuple[str, ...]] = dict(translations(lang.catalog))
            self.plural_tree = parse_plural(cat.plural_expr)
            self.nplurals = cat.num_plurals
        else:
            self.messages = {}
            self.plural_tree = _ENGLISH_PLURAL
            self.nplurals = 2
        self.other_form = _other_sample(lang, self.plural_tree) if lang.catalog else 1
        self.overridden = dict(overrides)
        self.messages.update(self.overridden)

    # ------------------------------------------------------------------ words
    @property
    def tag(self) -> str:
        return self.lang.tag

    @property
    def direction(self) -> str:
        return self.lang.direction

    def plural_index(self, n: float) -> int:
        if float(n).is_integer():
            return evaluate(self.plural_tree, int(n))
        return self.other_form

    def text(self, msgid: str) -> str:
        """The message in the course's language, unformatted."""
        text = self.messages.get(msgid, msgid)
        return text[0] if isinstance(text, tuple) else text

    def plural_text(self, singular: str, plural: str, n: float) -> str:
        """The form of a plural message for the count ``n``, unformatted."""
        forms = self.messages.get(singular)
        if isinstance(forms, tuple):
            return forms[min(self.plural_index(n), len(forms) - 1)]
        if isinstance(forms, str):  # an override that does not vary with the count
            return forms
        return singular if float(n) == 1 else plural

    def gettext(self, msgid: str, **values: Any) -> str:
        return self.text(msgid) % values if values else self.text(msgid)

    def ngettext(self, singular: str, plural: str, n: float, **values: Any) -> str:
        values.setdefault("num", n)
        return self.plural_text(singular, plural, n) % values

    # ------------------------------------------------------------------ numbers
    def number(self, x: float) -> str:
        return self.numbers.number(x)

    def percent(self, fraction: float) -> str:
        return self.numbers.percent(fraction)

    @property
    def decimal(self) -> str:
        """The decimal separator learners may type besides ``.`` (``.`` when there is none)."""
        sep = self.numbers.decimal
        return sep if len(sep) == 1 and not sep.isdigit() and sep not in "+-eE " else "."

    # ------------------------------------------------------------------ the browser
    @property
    def is_plain_english(self) -> bool:
        """English words (the msgids) and English numbers: the page scripts' own strings and
        defaults are right as they are, and pages carry no data for them."""
        if self.numbers.to_json() != _english_numbers() or self.plural_tree != _ENGLISH_PLURAL:
            return False
        known = template()
        for msgid, text in self.messages.items():
            msg = known.get(msgid)
            plain = (msgid, msg.plural) if msg is not None and msg.plural is not None else msgid
            if text != plain:
                return False
        return True

    def browser_data(self) -> dict[str, Any] | None:
        """What the page scripts need (see CourseKitL10n in static/scoring.js), or None."""
        if self.is_plain_english:
            return None
        wanted = {m.id for m in template().values() if m.for_browser}
        return {
            "lang": self.tag,
            "messages": {k: list(v) if isinstance(v, tuple) else v for k, v in self.messages.items() if k in wanted},
            "plural": self.plural_tree,
            "other": self.other_form,
            "numbers": self.numbers.to_json(),
        }

    def fingerprint(self) -> str:
        """Everything this object renders with, for what-depends-on-what checks (serve)."""
        return json.dumps(
            [self.tag, sorted(self.messages.items(), key=lambda kv: kv[0]), self.plural_tree, self.numbers.to_json()],
            sort_keys=True,
            default=list,
        )


@functools.lru_cache(maxsize=1)
def _english_numbers() -> dict[str, Any]:
    return NumberStyle.of(resolve("en").locale).to_json()


@functools.lru_cache(maxsize=32)
def _ui_text(tag: str, overrides: Overrides) -> UiText:
    return UiText(resolve(tag), overrides)


def freeze_overrides(ui_strings: dict[str, Any] | None) -> Overrides:
    items = []
    for key, value in sorted((ui_strings or {}).items()):
        items.append((key, tuple(value) if isinstance(value, list) else value))
    return tuple(items)


def ui_text(course: Any) -> UiText:
    """The UI text of a course (anything with ``language`` and ``ui_strings``)."""
    return _ui_text(course.language, freeze_overrides(getattr(course, "ui_strings", None)))
