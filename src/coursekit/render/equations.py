"""Numbered display equations: ``\\label{name}`` in a ``$$...$$`` formula (or MyST's
``$$...$$ (name)``) numbers it, ``\\eqref{name}`` / ``\\ref{name}`` refer to it.

Numbers count the labelled display formulas of one Markdown text (a chapter body, or one
quiz field) from 1, in document order, so a reference may come before its equation. The TeX
converter never sees the commands: a label is removed before conversion (coursekit writes
the number beside the formula), a reference alone in ``$...$`` or in the text becomes a link
``(n)`` to the equation, and a reference inside a larger formula becomes ``\\text{(n)}``.
The loader (coursekit.load.markdown_math) checks every reference against the labels of its
text: CK274 unknown, CK275 defined twice, CK276 a label that cannot be numbered.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

LABEL_RE = re.compile(r"\\label\s*\{([^{}]*)\}")
REF_RE = re.compile(r"\\(eqref|ref)\s*\{([^{}]*)\}")
# In prose (outside $...$) only \eqref is taken, as MathJax's processRefs does: "\ref" is too
# common a word in text about LaTeX.
TEXT_REF_RE = re.compile(r"\\eqref\{([^{}]*)\}")
ALONE_REF_RE = re.compile(r"^\s*\\(eqref|ref)\s*\{([^{}]*)\}\s*$")
_ID_RE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass
class Equations:
    """The numbered equations of one Markdown text: label -> (number, element id)."""

    numbers: dict[str, int] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def add(self, label: str) -> None:
        if label in self.numbers:
            return
        self.numbers[label] = len(self.numbers) + 1
        slug = _ID_RE.sub("-", label).strip("-").lower() or "x"
        base = slug if slug.startswith("eq-") else "eq-" + slug  # \label{eq:energy} -> id eq-energy
        ident, n = base, 2
        taken = set(self.ids.values())
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        self.ids[label] = ident

    def number(self, label: str) -> str:
        n = self.numbers.get(label.strip())
        return str(n) if n is not None else "??"

    def link(self, kind: str, label: str) -> str:
        """A reference as HTML: ``(n)`` for \\eqref, ``n`` for \\ref, linking to the equation."""
        text = self.number(label)
        text = f"({text})" if kind == "eqref" else text
        ident = self.ids.get(label.strip())
        if ident is None:
            return f'<span class="ck-eqref">{html_lib.escape(text)}</span>'
        return f'<a class="ck-eqref" href="#{ident}">{html_lib.escape(text)}</a>'


def display_label(tex: str, block_label: str | None = None) -> str | None:
    """The label that numbers a display formula: MyST's ``(name)`` after ``$$``, else its first \\label."""
    if block_label:
        return block_label.strip()
    m = LABEL_RE.search(tex)
    return m.group(1).strip() if m else None


def number_equations(text: str) -> Equations:
    """Number the labelled display formulas of ``text`` (the same formulas validate checks)."""
    eq = Equations()
    if "$$" not in text:
        return eq
    from ..load.markdown_math import find_math

    for ref in find_math(text):
        if ref.display:
            label = display_label(ref.tex, ref.label)
            if label:
                eq.add(label)
    return eq


def prepare_tex(tex: str, eq: Equations | None = None) -> str:
    """The TeX the converter gets: labels removed, references inside the formula as text."""
    if "\\label" in tex:
        tex = LABEL_RE.sub("", tex)
    if "ref" in tex:

        def ref_text(m: re.Match) -> str:
            n = eq.number(m.group(2)) if eq is not None else "?"
            return "\\text{(" + n + ")}" if m.group(1) == "eqref" else "\\text{" + n + "}"

        tex = REF_RE.sub(ref_text, tex)
    return tex.strip()
