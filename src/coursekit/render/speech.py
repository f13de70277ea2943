"""Words a screen reader can say for a rendered field: its text as written, each formula as speech.

Accessible names are plain strings. A control labelled by a formula would be unnamed (MathML is
not named from its content) or named by the formula's flattened characters ("z=x¯−μ0σ/n");
a label in TeX is read letter by letter ("backslash bar"). ``fragment_speech`` turns a rendered
fragment into a sentence: text stays, ``<math>`` becomes words ("z equals fraction x bar minus
mu sub 0 over sigma divided by square root of n end fraction").

It reads presentation MathML by element and character (MathML Core), not by the output habits of
one TeX converter, so it holds for whatever produces the MathML.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

# Operators and symbols by character (several spellings of one sign share a word).
_OPERATORS = {
    "+": "plus",
    "-": "minus",
    "\u2212": "minus",
    "=": "equals",
    "<": "less than",
    ">": "greater than",
    "\u2264": "less than or equal to",
    "\u2266": "less than or equal to",
    "\u2265": "greater than or equal to",
    "\u2267": "greater than or equal to",
    "\u2260": "not equal to",
    "\u2248": "approximately equal to",
    "\u2245": "congruent to",
    "\u2261": "identical to",
    "\u223c": "tilde",
    "\u221d": "proportional to",
    "\u00b1": "plus or minus",
    "\u2213": "minus or plus",
    "\u00d7": "times",
    "\u22c5": "times",
    "\u00b7": "times",
    "\u2217": "times",
    "*": "times",
    "\u00f7": "divided by",
    "/": "divided by",
    "\u2215": "divided by",
    "!": "factorial",
    "%": "percent",
    "\u2032": "prime",
    "'": "prime",
    "\u2033": "double prime",
    "\u221e": "infinity",
    "\u2192": "to",
    "\u21d2": "implies",
    "\u21d4": "if and only if",
    "\u2208": "in",
    "\u2209": "not in",
    "\u2282": "subset of",
    "\u2286": "subset of or equal to",
    "\u222a": "union",
    "\u2229": "intersection",
    "\u2211": "sum",
    "\u220f": "product",
    "\u222b": "integral",
    "\u2202": "partial",
    "\u2207": "nabla",
    "\u2200": "for all",
    "\u2203": "there exists",
    "\u00ac": "not",
    "\u2227": "and",
    "\u2228": "or",
    "|": "vertical bar",
    "\u2223": "divides",
    "\u2225": "parallel to",
    "\u22a5": "perpendicular to",
    "\u2220": "angle",
    "\u00b0": "degrees",
    "\u2026": "dots",
    "\u22ef": "dots",
    "\u22ee": "dots",
    "\u2061": "",  # function application, invisible times / separator / plus
    "\u2062": "",
    "\u2063": "",
    "\u2064": "",
}
# An over- or underscript that is an accent on its base, by character.
_ACCENTS = {
    "bar": "\u00af\u203e\u02c9\u0304\u0305_",
    "hat": "^\u02c6\u0302\u005e",
    "tilde": "~\u02dc\u0303\u223c",
    "dot": "\u02d9\u0307.",
    "double dot": "\u00a8\u0308",
    "vector": "\u2192\u20d7",
    "check": "\u02c7\u030c",
    "acute": "\u00b4\u0301",
    "grave": "`\u0300",
    "breve": "\u02d8\u0306",
}
_ACCENT_OF = {ch: word for word, chars in _ACCENTS.items() for ch in chars}
_POWERS = {"2": "squared", "3": "cubed"}
_LARGE_OPERATORS = set("\u2211\u220f\u222b\u222e\u22c3\u22c2\u2210") | {"lim", "max", "min", "sup", "inf"}
_TRANSPARENT = {"math", "mrow", "mstyle", "mpadded", "menclose", "merror", "mtd", "maction"}
_SILENT = {"annotation", "annotation-xml", "mphantom", "mprescripts", "none"}
_SPACES = re.compile(r"\s+")


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _words(*parts: str) -> str:
    return _SPACES.sub(" ", " ".join(p for p in parts if p)).strip()


@functools.lru_cache(maxsize=4096)
def char_speech(ch: str) -> str:
    """One character of a token: an operator word, a letter's name, or the character."""
    if ch in _OPERATORS:
        return _OPERATORS[ch]
    if ch.isascii():
        return ch
    try:
        name = unicodedata.name(ch).lower()
    except ValueError:
        return ch
    # "greek small letter mu" -> "mu"; "mathematical italic small x" -> "x";
    # "greek capital letter sigma" -> "capital sigma"; "double-struck capital r" stays.
    name = re.sub(r"^(mathematical )?((bold|italic|sans-serif|script|fraktur|monospace) )*", "", name)
    name = re.sub(r"^greek (small )?letter ", "", name)
    name = name.replace("greek capital letter ", "capital ")
    name = re.sub(r"^(small|latin small letter) ", "", name)
    name = re.sub(r"^latin capital letter ", "capital ", name)
    return name


def _token(text: str, number: bool = False) -> str:
    text = text.strip()
    if number or (len(text) > 1 and text.isascii() and text.isalnum()):
        return text  # a number, or a function or unit name: 3.14, sin, log, km
    return _words(*(char_speech(c) for c in text))


def _unwrap(el):
    """The element itself, or the one element a row (or style, ...) around it holds."""
    while _local(el) in _TRANSPARENT and len(_children(el)) == 1:
        el = _children(el)[0]
    return el


def _simple(el) -> bool:
    """A single token (read without "fraction ... end fraction" around it)."""
    return _local(_unwrap(el)) in ("mi", "mn", "mo", "mtext")


def _token_text(el) -> str:
    el = _unwrap(el)
    return (el.text or "").strip() if _local(el) in ("mi", "mn", "mo", "mtext") else ""


def _children(el) -> list:
    # <mspace> is layout only (Temml puts a strut beside a root's radicand): it says nothing
    # and must not turn a one-token radicand into a row read as "... end root".
    return [c for c in el if isinstance(c.tag, str) and _local(c) != "mspace"]


def _accent(script) -> str | None:
    if _local(script) not in ("mo", "mi", "mtext") or len(script):
        return None
    text = (script.text or "").strip()
    return _ACCENT_OF.get(text) if len(text) == 1 else None


def mathml_speech(el) -> str:
    """Speech for a MathML element (``<math>`` or any element inside it)."""
    name = _local(el)
    kids = _children(el)
    if name in _SILENT:
        return ""
    if name == "semantics":
        return mathml_speech(kids[0]) if kids else ""
    if name in ("mi", "mn", "mo", "mtext", "ms"):
        return _token(el.text or "", number=name == "mn")
    if name == "mspace":
        return ""
    if name == "mfrac" and len(kids) == 2:
        num, den = mathml_speech(kids[0]), mathml_speech(kids[1])
        if _simple(kids[0]) and _simple(kids[1]):
            return _words(num, "over", den)
        return _words("fraction", num, "over", den, "end fraction")
    if name == "msqrt":
        inner = _words(*(mathml_speech(k) for k in kids))
        return (
            _words("square root of", inner)
            if len(kids) == 1 and _simple(kids[0])
            else _words("square root of", inner, "end root")
        )
    if name == "mroot" and len(kids) == 2:
        return _words("root", mathml_speech(kids[1]), "of", mathml_speech(kids[0]), "end root")
    if name == "msup" and len(kids) == 2:
        return _power(mathml_speech(kids[0]), kids[1])
    if name == "msub" and len(kids) == 2:
        return _words(mathml_speech(kids[0]), "sub", mathml_speech(kids[1]))
    if name == "msubsup" and len(kids) == 3:
        if _token_text(kids[0]) in _LARGE_OPERATORS:  # a sum's (integral's, ...) limits
            return _words(mathml_speech(kids[0]), "from", mathml_speech(kids[1]), "to", mathml_speech(kids[2]))
        return _power(_words(mathml_speech(kids[0]), "sub", mathml_speech(kids[1])), kids[2])
    if name in ("mover", "munder") and len(kids) == 2:
        base, script = mathml_speech(kids[0]), kids[1]
        accent = _accent(script)
        if accent == "vector":
            return _words("vector", base)
        if accent:
            return _words(base, "underline" if name == "munder" and accent == "bar" else accent)
        return _words(base, "from" if name == "munder" else "to", mathml_speech(script))
    if name == "munderover" and len(kids) == 3:
        return _words(mathml_speech(kids[0]), "from", mathml_speech(kids[1]), "to", mathml_speech(kids[2]))
    if name == "mtable":
        return "; ".join(_words(*(mathml_speech(c) + "," for c in _children(row))).rstrip(",") for row in kids)
    if name == "mfenced":
        return _words(el.get("open", "("), *(mathml_speech(k) for k in kids), el.get("close", ")"))
    return _words(*(mathml_speech(k) for k in kids))


def _power(base: str, exponent) -> str:
    text = _token_text(exponent)
    if text in _POWERS:
        return _words(base, _POWERS[text])
    if text in ("\u2032", "'", "\u2033"):
        return _words(base, _OPERATORS[text])
    if _simple(exponent):
        return _words(base, "to the power", mathml_speech(exponent))
    return _words(base, "to the power", mathml_speech(exponent), "end power")


def _speech_of_tree(el) -> str:
    """The element's speech followed by its tail text."""
    name = _local(el)
    if name == "math":
        inner = " " + mathml_speech(el) + " "
    elif name == "img":
        inner = " " + (el.get("alt") or "") + " "
    elif name in ("script", "style", "template") or not isinstance(el.tag, str):
        inner = ""  # comments and processing instructions say nothing; their tails do
    else:
        inner = (el.text or "") + "".join(_speech_of_tree(c) for c in el)
    return inner + (el.tail or "")


@functools.lru_cache(maxsize=4096)
def fragment_speech(xhtml: str) -> str:
    """A rendered field (its well-formed ``xhtml``) as one line of speech: text as written,
    formulas as words, images as their alt text."""
    if not xhtml.strip():
        return ""
    root = etree.fromstring(f"<speech>{xhtml}</speech>", _PARSER)
    return _SPACES.sub(" ", _speech_of_tree(root)).strip()
