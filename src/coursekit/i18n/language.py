"""A course's ``language`` (a BCP 47 tag) resolved to a catalog and a CLDR locale.

``de-AT`` takes its numbers from CLDR ``de_AT`` and its words from the ``de`` catalog;
a language with no catalog shows English words (the fallback) with its own numbers and
text direction; a tag CLDR does not know at all falls back to English for everything.
``validate`` reports both fallbacks (CK115).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from .catalogs import SOURCE_LANGUAGE, shipped_languages

FALLBACK = SOURCE_LANGUAGE


@dataclass(frozen=True)
class CourseLanguage:
    tag: str  # as written in course.yaml
    locale: Locale  # CLDR data: numbers, plural rules, text direction
    catalog: str | None  # the shipped catalog used (None: the English msgids)
    known_locale: bool  # False: CLDR does not know the tag; numbers are English
    has_words: bool  # False: no catalog for the language; words are English

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.text_direction == "rtl" else "ltr"

    @property
    def is_source(self) -> bool:
        return self.locale.language == SOURCE_LANGUAGE


def _parse(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        pass
    try:
        return Locale.parse(tag.split("-")[0])
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@functools.lru_cache(maxsize=64)
def resolve(tag: str) -> CourseLanguage:
    locale = _parse(tag)
    if locale is None:
        return CourseLanguage(tag, Locale.parse(FALLBACK), None, False, False)
    shipped = set(shipped_languages())
    candidates = [
        f"{locale.language}_{locale.territory}" if locale.territory else None,
        f"{locale.language}_{locale.script}" if locale.script else None,
        locale.language,
    ]
    found = next((c for c in candidates if c and c in shipped), None)
    # English words are the msgids themselves: an English course needs no catalog.
    return CourseLanguage(tag, locale, found, True, found is not None or locale.language == SOURCE_LANGUAGE)
