"""Presentation MathML back to TeX, for MathML that carries no TeX annotation.

Covers what TeX-to-MathML converters (Temml, which coursekit's own exports use, and
MathJax) write for ordinary formulas: tokens, rows, fractions, scripts, roots, over/under,
fenced groups, tables, text and spaces. An element outside that list raises ``ValueError``;
the caller then keeps the formula's text and warns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bs4 import NavigableString, Tag

_SPECIAL = {"\\": "\\backslash ", "{": "\\{", "}": "\\}", "%": "\\%", "#": "\\#", "&": "\\&", "$": "\\$", "_": "\\_"}
_SPECIAL.update({"^": "\\hat{}", "~": "\\sim "})
_TRANSPARENT = {"math", "mrow", "mstyle", "mpadded", "semantics", "mphantom", "menclose", "maction"}


_COMMANDS: dict[str, str] | None = None
# Which TeX command to write for a symbol when several name it: the ones people type.
_PREFERRED = {"\u2212": "-", "\u00d7": "\\times", "\u00b7": "\\cdot", "\u2211": "\\sum", "\u220f": "\\prod"}
_PREFERRED.update({"\u2192": "\\to", "\u2190": "\\leftarrow", "\u00b1": "\\pm"})
_SPACES = {"0.1667em": "\\,", "0.2222em": "\\:", "0.2778em": "\\;", "1em": "\\quad ", "2em": "\\qquad "}
_MATH_COMMAND = re.compile(r"\\ensuremath\{(\\[A-Za-z]+)\}")


def _commands() -> dict[str, str]:
    """Unicode symbol -> TeX command, from pylatexenc's Unicode-to-LaTeX table (its math-mode
    entries, ``\\ensuremath{\\alpha}``). Whether Temml reads a command back as the same symbol
    is checked per formula by the caller, which renders the TeX again."""
    global _COMMANDS
    if _COMMANDS is None:
        from pylatexenc.latexencode import get_builtin_conversion_rules

        table: dict[str, str] = {}
        for rule in get_builtin_conversion_rules("defaults"):
            if not isinstance(rule.rule, Mapping):
                continue
            for code, latex in rule.rule.items():
                found = _MATH_COMMAND.fullmatch(latex)
                char = chr(code)
                if found is None or char.isascii() or char in table:
                    continue
                table[char] = found.group(1)
        table.update(_PREFERRED)
        _COMMANDS = table
    return _COMMANDS


def _esc(text: str) -> str:
    table = _commands()
    out = []
    for c in text:
        if c in _SPECIAL:
            out.append(_SPECIAL[c])
        elif c in table:
            command = table[c]
            out.append(command + (" " if command[-1].isalpha() else ""))
        else:
            out.append(c)
    return "".join(out)


def _group(node: Tag) -> str:
    """A script's base or argument: braces where the MathML had a row (TeX's ``{…}``)."""
    name = node.name.split(":")[-1]
    if name in ("mn", "mo") or (name == "mi" and len(node.get_text().strip()) == 1):
        return convert(node).strip()
    if name == "mrow":
        return "{" + "".join(convert(k) for k in _kids(node)) + "}"
    return "{" + convert(node) + "}"


def _fence(node: Tag, form: str) -> bool:
    return node.name.split(":")[-1] == "mo" and node.get("fence") == "true" and node.get("form") == form


def _arg(node: Tag) -> str:
    """A command's argument: always in braces (one row's worth, not two)."""
    if node.name.split(":")[-1] == "mrow":
        return "{" + "".join(convert(k) for k in _kids(node)) + "}"
    return "{" + convert(node).strip() + "}"


def _kids(node: Tag) -> list[Tag]:
    return [c for c in node.children if isinstance(c, Tag)]


def convert(node: Tag | NavigableString) -> str:
    if isinstance(node, NavigableString):
        return _esc(str(node).strip())
    name = node.name.split(":")[-1]
    kids = _kids(node)
    if name in _TRANSPARENT:
        if name == "semantics":
            kids = kids[:1]
        if len(kids) >= 2 and _fence(kids[0], "prefix") and _fence(kids[-1], "postfix"):
            inner = "".join(convert(k) for k in kids[1:-1])
            return f"\\left{_esc(kids[0].get_text().strip())}{inner}\\right{_esc(kids[-1].get_text().strip())}"
        return "".join(convert(k) for k in kids)
    if name in ("mi", "mn", "mo", "ms"):
        text = node.get_text().strip()
        if name == "mi" and len(text) > 1:
            return "\\mathrm{" + _esc(text) + "}"
        return _esc(text) + (" " if name == "mo" else "")
    if name == "mtext":
        return "\\text{" + _esc(node.get_text()) + "}"
    if name == "mspace":
        # No width, or zero, is a strut or a kerning hint (Temml writes both): no TeX.
        width = (node.get("width") or "").strip()
        if not width or re.fullmatch(r"0(\.0*)?([a-z]{2})?", width):
            return ""
        return _SPACES.get(width, "\\ ")
    if name == "mfrac" and len(kids) == 2:
        return "\\frac" + _arg(kids[0]) + _arg(kids[1])
    if name == "msqrt":
        return "\\sqrt{" + "".join(convert(k) for k in kids) + "}"
    if name == "mroot" and len(kids) == 2:
        return "\\sqrt[" + convert(kids[1]) + "]" + _arg(kids[0])
    if name == "msup" and len(kids) == 2:
        return _group(kids[0]) + "^" + _group(kids[1])
    if name == "msub" and len(kids) == 2:
        return _group(kids[0]) + "_" + _group(kids[1])
    if name == "msubsup" and len(kids) == 3:
        return _group(kids[0]) + "_" + _group(kids[1]) + "^" + _group(kids[2])
    if name == "munder" and len(kids) == 2:
        return "\\underset" + _group(kids[1]) + _group(kids[0])
    if name == "mover" and len(kids) == 2:
        return "\\overset" + _group(kids[1]) + _group(kids[0])
    if name == "munderover" and len(kids) == 3:
        return _group(kids[0]) + "_" + _group(kids[1]) + "^" + _group(kids[2])
    if name == "mfenced":
        open_, close = node.get("open", "("), node.get("close", ")")
        inner = ",".join(convert(k) for k in kids)
        return f"\\left{_esc(open_) or '.'}{inner}\\right{_esc(close) or '.'}"
    if name == "mtable":
        rows = [" & ".join(convert(td) for td in _kids(tr)) for tr in kids]
        return "\\begin{matrix}" + " \\\\ ".join(rows) + "\\end{matrix}"
    if name in ("mtr", "mtd"):
        return "".join(convert(k) for k in kids)
    if name == "annotation" or name == "annotation-xml":
        return ""
    raise ValueError(f"no TeX for <{name}>")


def mathml_to_tex(math: Tag) -> str:
    return " ".join(convert(math).split())
