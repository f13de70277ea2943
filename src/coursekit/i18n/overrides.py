"""A course's own wording of single UI strings: ``ui_strings`` in course.yaml.

Keys are message ids: the English text of a message as coursekit writes it (``Check
answers``, ``%(num)s question. Passing score: %(score)s.``); ``coursekit schema course``
lists them all. A value is the course's text, or for a message with plural forms either one
text for every count or a list with one text per plural form of the course's language.
Checked at validate (CK113, CK114) so that a page never fails or shows a hole at run time.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from .catalogs import catalog, placeholders, template
from .language import resolve


@dataclass
class OverrideProblem:
    code: str  # CK113 (unknown message id) or CK114 (a text that does not fit the message)
    key: str
    message: str
    hint: str


def message_ids() -> list[str]:
    return sorted(template())


def _plural_count(language: str) -> int:
    lang = resolve(language)
    return catalog(lang.catalog).num_plurals if lang.catalog else 2


def _fits(text: str, holes: frozenset[str]) -> str | None:
    """Why ``text`` cannot be filled in like the message (None when it can)."""
    unknown = placeholders(text) - holes
    if unknown:
        names = ", ".join(f"%({h})s" for h in sorted(unknown))
        return f"uses {names}, which this message does not provide"
    if "%" in re.sub(r"%\(\w+\)s|%%", "", text):
        return "has a % that is not a placeholder"
    return None


def check_ui_strings(ui_strings: dict[str, Any], language: str) -> list[OverrideProblem]:
    problems: list[OverrideProblem] = []
    if not ui_strings:
        return problems
    known = template()
    for key, value in ui_strings.items():
        msg = known.get(key)
        if msg is None:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else "`coursekit schema course` lists the message ids"
            problems.append(OverrideProblem("CK113", key, f"{key!r} is not a coursekit UI message", hint))
            continue
        texts = value if isinstance(value, list) else [value]
        if isinstance(value, list):
            want = _plural_count(language)
            if msg.plural is None:
                problems.append(
                    OverrideProblem("CK114", key, f"{key!r} has no plural forms", "give one text, not a list")
                )
                continue
            if len(value) != want:
                problems.append(
                    OverrideProblem(
                        "CK114",
                        key,
                        f"{key!r} needs {want} plural forms in {language!r}, got {len(value)}",
                        "give one text per plural form (see docs/translating.md), or one text for every count",
                    )
                )
                continue
        for text in texts:
            why = _fits(text, msg.placeholders)
            if why is not None:
                holes = ", ".join(f"%({h})s" for h in sorted(msg.placeholders)) or "no placeholders"
                problems.append(
                    OverrideProblem(
                        "CK114",
                        key,
                        f"the text for {key!r} {why}",
                        f"this message provides {holes}; write %% for a percent sign",
                    )
                )
                break
    return problems


def schema_extra(schema: dict[str, Any]) -> None:
    """JSON Schema of ``ui_strings``: its keys are the message ids (editor completion)."""
    schema["propertyNames"] = {"enum": message_ids()}
