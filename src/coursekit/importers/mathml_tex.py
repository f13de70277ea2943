"""Presentation MathML back to TeX, for MathML that carries no TeX annotation.

Covers what TeX-to-MathML converters (latex2mathml, which coursekit's own exports use, and
MathJax) write for ordinary formulas: tokens, rows, fractions, scripts, roots, over/under,
fenced groups, tables, text and spaces. An element outside that list raises ``ValueError``;
the caller then keeps the formula's text and warns.
"""

from __future__ import annotations

from bs4 import NavigableString, Tag

_SPECIAL = {"\\": "\\backslash ", "{": "\\{", "}": "\\}", "%": "\\%", "#": "\\#", "&": "\\&", "$": "\\$", "_": "\\_"}
_SPECIAL.update({"^": "\\hat{}", "~": "\\sim "})
_TRANSPARENT = {"math", "mrow", "mstyle", "mpadded", "semantics", "mphantom", "menclose", "maction"}


def _esc(text: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in text)


def _group(node: Tag) -> str:
    return "{" + convert(node) + "}"


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
        return "".join(convert(k) for k in kids)
    if name in ("mi", "mn", "mo", "ms"):
        text = node.get_text().strip()
        if name == "mi" and len(text) > 1:
            return "\\mathrm{" + _esc(text) + "}"
        return _esc(text) + (" " if name == "mo" else "")
    if name == "mtext":
        return "\\text{" + _esc(node.get_text()) + "}"
    if name == "mspace":
        return "\\ "
    if name == "mfrac" and len(kids) == 2:
        return "\\frac" + _group(kids[0]) + _group(kids[1])
    if name == "msqrt":
        return "\\sqrt{" + "".join(convert(k) for k in kids) + "}"
    if name == "mroot" and len(kids) == 2:
        return "\\sqrt[" + convert(kids[1]) + "]" + _group(kids[0])
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
