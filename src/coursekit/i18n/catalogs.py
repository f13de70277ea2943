"""The message catalogs shipped with coursekit: ``locales/<lang>/LC_MESSAGES/coursekit.po``.

The ``.po`` files are the source and what the package ships; they are read at run time
with Babel (a few milliseconds, once per process and language), so there is no ``.mo``
file to compile and ``pip install .`` from a clean checkout just works. ``coursekit.pot``
is the template ``pybabel extract`` writes from the code, the Jinja templates and the
browser scripts (see docs/translating.md); it names every message and where it is used:
the messages used by a ``.js`` file are the ones handed to the browser.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "coursekit"
SOURCE_LANGUAGE = "en"  # the msgids are the English strings


def locales_dir() -> Path:
    return Path(str(resources.files(__package__).joinpath("locales")))


def template_path() -> Path:
    return Path(str(resources.files(__package__).joinpath(f"{DOMAIN}.pot")))


def catalog_path(lang: str) -> Path:
    return locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=1)
def shipped_languages() -> tuple[str, ...]:
    """Catalog names (``de``, ``pt_BR``, ...) that have a ``.po`` file, sorted."""
    return tuple(sorted(p.parent.parent.name for p in locales_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def _read(path: Path, locale: str | None) -> Catalog:
    # Imported here: validate needs the catalogs only for a course with ui_strings.
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


@dataclass(frozen=True)
class TemplateMessage:
    """One message of the template: its id, its plural id, and the files that use it."""

    id: str
    plural: str | None
    files: frozenset[str]
    placeholders: frozenset[str]

    @property
    def for_browser(self) -> bool:
        return any(f.endswith(".js") for f in self.files)


def placeholders(text: str) -> frozenset[str]:
    import re

    return frozenset(re.findall(r"%\((\w+)\)s", text))


@functools.lru_cache(maxsize=1)
def template() -> dict[str, TemplateMessage]:
    """Every message coursekit uses, by msgid (the English text)."""
    out: dict[str, TemplateMessage] = {}
    for m in _read(template_path(), None):
        if not m.id:
            continue
        msgid, plural = (m.id[0], m.id[1]) if isinstance(m.id, tuple) else (m.id, None)
        holes = placeholders(msgid) | (placeholders(plural) if plural else frozenset())
        out[msgid] = TemplateMessage(msgid, plural, frozenset(f for f, _ in m.locations), holes)
    return out


@functools.lru_cache(maxsize=16)
def catalog(lang: str) -> Catalog:
    """The shipped catalog of ``lang`` (a name from ``shipped_languages``)."""
    return _read(catalog_path(lang), lang)


def translations(lang: str) -> dict[str, str | tuple[str, ...]]:
    """The translated messages of a catalog: msgid -> text, or the tuple of plural forms.
    Fuzzy and untranslated entries are left out (they fall back to English)."""
    out: dict[str, str | tuple[str, ...]] = {}
    for m in catalog(lang):
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            forms = tuple(m.string)
            if all(forms):
                out[m.id[0]] = forms
        elif m.string:
            out[m.id] = m.string
    return out
