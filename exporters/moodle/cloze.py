"""Cloze (qtype_multianswer) embedded answers, escaped for Moodle's own parser.

``qtype_multianswer_extract_question`` finds ``{N:TYPE:alt~alt}`` with PCRE regexes: an answer
runs until the first ``~``, ``#`` or ``}`` not preceded by ``\\``, ``&`` or ``&amp;``; then it is
``html_entity_decode``d and only ``\\}`` and ``\\#`` are unescaped (``\\~`` keeps its
backslash). So backslash escapes cannot carry every character, but numeric character
references can: every character that means something to that parser (or to HTML, since the
marker lives in the HTML question text) is written as ``&#NN;``, which the parser skips
(``#`` after ``&``) and ``html_entity_decode`` turns back into the character. Ending each
reference with ``;`` also keeps a literal ``&`` or ``\\`` at the end of an answer from
swallowing the ``~``/``}`` that follows it.

What cannot be represented: the parser replaces ``\\}`` and ``\\#`` *after* decoding, so an
answer containing those two-character sequences loses the backslash (reported as CK808).
"""

from __future__ import annotations

import html

# Characters written as references: the parser's syntax (= % ~ # } { \ and / which Moodle's
# docs list), HTML's (& < > " '), nothing else.
_SPECIAL = set("=%~#}{\\/&<>\"'")
_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})


def encode(text: str) -> str:
    return text.translate(_REFERENCES)


def shortanswer_pattern(text: str) -> str:
    """A literal answer as a qtype_shortanswer pattern: ``*`` is its wildcard, ``\\*`` a star."""
    return text.replace("*", "\\*")


def unrepresentable(text: str) -> bool:
    """True when Moodle would turn the answer into something else (see module docstring)."""
    return "\\}" in text or "\\#" in text


def typed_gap(weight: int, accepts: list[str], case_sensitive: bool) -> str:
    kind = "SHORTANSWER_C" if case_sensitive else "SHORTANSWER"
    alts = "~".join("=" + encode(shortanswer_pattern(a)) for a in accepts)
    return f"{{{weight}:{kind}:{alts}}}"


def dropdown_gap(weight: int, choices: list[str], correct: str) -> str:
    # Drop-down choices are HTML in Moodle: escape the plain text first, then encode for Cloze.
    alts = "~".join(("=" if c == correct else "") + encode(html.escape(c, quote=False)) for c in choices)
    return f"{{{weight}:MULTICHOICE:{alts}}}"


def neutralise_braces(html_text: str) -> str:
    """Author text must not read as an embedded answer (or a ``{#1}`` placeholder): ``{`` is
    written as a character reference everywhere outside our own markers."""
    return html_text.replace("{", "&#123;")
