"""Words a screen reader can say for a rendered field: its text as written, each formula as speech.

Accessible names are plain strings. A control labelled by a formula would be unnamed (MathML is
not named from its content) or named by the formula's flattened characters ("z=x¯−μ0σ/n");
a label in TeX is read letter by letter ("backslash bar"). ``fragment_speech`` turns a rendered
fragment into a sentence: text stays, ``<math>`` becomes words ("z equals fraction x bar minus
mu sub 0 over sigma divided by square root of n end fraction").

It reads presentation MathML by element and character (MathML Core), not by the output habits of
one TeX converter, so it holds for whatever produces the MathML.

The words are the course's language. Every word and phrase below is a message of coursekit's
gettext catalogs (docs/translating.md), its msgid the English this module has always said;
``MathWords.of(ui)`` holds them translated for one course (``ui``: coursekit.i18n.UiText), and
``fragment_speech(xhtml, words)`` speaks with them (English without ``words``). A structure is
one message with placeholders, so that a language orders its parts its own way ("%(base)s
squared" is German "%(base)s zum Quadrat", "root %(index)s of %(radicand)s end root" Dutch
"%(index)s-de machtswortel uit %(radicand)s einde wortel"). A character with no word here is
read by its Unicode name, which stays English.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from lxml import etree


def _(msgid: str) -> str:
    """Marks a message for ``pybabel extract`` (babel.cfg); ``MathWords`` translates it."""
    return msgid


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

# Operators and symbols by character (several spellings of one sign share a word).
_OPERATORS = {
    "+": _("plus"),
    "-": _("minus"),
    "\u2212": _("minus"),
    "=": _("equals"),
    "<": _("less than"),
    ">": _("greater than"),
    "\u2264": _("less than or equal to"),
    "\u2266": _("less than or equal to"),
    "\u2265": _("greater than or equal to"),
    "\u2267": _("greater than or equal to"),
    "\u2260": _("not equal to"),
    "\u2248": _("approximately equal to"),
    "\u2245": _("congruent to"),
    "\u2261": _("identical to"),
    "\u223c": _("tilde"),
    "\u221d": _("proportional to"),
    "\u00b1": _("plus or minus"),
    "\u2213": _("minus or plus"),
    "\u00d7": _("times"),
    "\u22c5": _("times"),
    "\u00b7": _("times"),
    "\u2217": _("times"),
    "*": _("times"),
    "\u00f7": _("divided by"),
    "/": _("divided by"),
    "\u2215": _("divided by"),
    "!": _("factorial"),
    "%": _("percent"),
    "\u2032": _("prime"),
    "'": _("prime"),
    "\u2033": _("double prime"),
    "\u221e": _("infinity"),
    "\u2192": _("to"),
    "\u21d2": _("implies"),
    "\u21d4": _("if and only if"),
    "\u2208": _("in"),
    "\u2209": _("not in"),
    "\u2282": _("subset of"),
    "\u2286": _("subset of or equal to"),
    "\u222a": _("union"),
    "\u2229": _("intersection"),
    "\u2211": _("sum"),
    "\u220f": _("product"),
    "\u222b": _("integral"),
    "\u2202": _("partial"),
    "\u2207": _("nabla"),
    "\u2200": _("for all"),
    "\u2203": _("there exists"),
    "\u00ac": _("not"),
    "\u2227": _("and"),
    "\u2228": _("or"),
    "|": _("vertical bar"),
    "\u2223": _("divides"),
    "\u2225": _("parallel to"),
    "\u22a5": _("perpendicular to"),
    "\u2220": _("angle"),
    "\u00b0": _("degrees"),
    "\u2026": _("dots"),
    "\u22ef": _("dots"),
    "\u22ee": _("dots"),
    # Read by their Unicode names before they had a word here: the msgid is that name, so
    # English says what it said.
    "\u2205": _("empty set"),
    "\u2300": _("diameter sign"),  # \varnothing
    "\u2190": _("leftwards arrow"),
    "\u2194": _("left right arrow"),
    "\u21d0": _("leftwards double arrow"),
    "\u27f6": _("long rightwards arrow"),
    "\u27f9": _("long rightwards double arrow"),  # \implies
    "\u27fa": _("long left right double arrow"),  # \iff
    "\u21a6": _("rightwards arrow from bar"),  # \mapsto
    "\u2191": _("upwards arrow"),
    "\u2193": _("downwards arrow"),
    "\u27e8": _("left angle bracket"),
    "\u27e9": _("right angle bracket"),
    "\u230a": _("left floor"),
    "\u230b": _("right floor"),
    "\u2308": _("left ceiling"),
    "\u2309": _("right ceiling"),
    "\u2016": _("double vertical line"),  # \| (a norm)
    "\u2218": _("ring operator"),  # \circ (composition)
    "\u2216": _("set minus"),
    "\u2283": _("superset of"),
    "\u2287": _("superset of or equal to"),
    "\u220b": _("contains as member"),
    "\u2204": _("there does not exist"),
    "\u22c3": _("n-ary union"),
    "\u22c2": _("n-ary intersection"),
    "\u222c": _("double integral"),
    "\u222e": _("contour integral"),
    "\u226a": _("much less-than"),
    "\u226b": _("much greater-than"),
    "\u2a7d": _("less-than or slanted equal to"),
    "\u2a7e": _("greater-than or slanted equal to"),
    "\u2243": _("asymptotically equal to"),
    "\u2234": _("therefore"),
    "\u2235": _("because"),
    "\u2295": _("circled plus"),
    "\u2297": _("circled times"),
    "\u2219": _("bullet operator"),
    "\u2020": _("dagger"),
    "\u27c2": _("perpendicular"),
    "\u2221": _("measured angle"),
    "\u25b3": _("white up-pointing triangle"),
    "\u22f1": _("down right diagonal ellipsis"),
    "\u210f": _("planck constant over two pi"),  # \hbar
    "\u2135": _("alef symbol"),
    "\u2061": "",  # function application, invisible times / separator / plus
    "\u2062": "",
    "\u2063": "",
    "\u2064": "",
}
# Letters by the name char_speech finds for them (a capital is "capital " + the name). Greek
# letter symbols (\phi is U+03D5, \epsilon U+03F5) keep their Unicode names in English.
_NAMES = (
    _("alpha"),
    _("beta"),
    _("gamma"),
    _("delta"),
    _("epsilon"),
    _("zeta"),
    _("eta"),
    _("theta"),
    _("iota"),
    _("kappa"),
    _("lamda"),  # Unicode's spelling
    _("mu"),
    _("nu"),
    _("xi"),
    _("omicron"),
    _("pi"),
    _("rho"),
    _("final sigma"),
    _("sigma"),
    _("tau"),
    _("upsilon"),
    _("phi"),
    _("chi"),
    _("psi"),
    _("omega"),
    _("greek phi symbol"),
    _("greek lunate epsilon symbol"),
    _("greek theta symbol"),
    _("greek pi symbol"),
    _("greek rho symbol"),
    _("greek kappa symbol"),
)
CAPITAL = _("capital %(letter)s")
DOUBLE_STRUCK = _("double-struck capital %(letter)s")  # \mathbb{R}
BLACK_LETTER = _("black-letter capital %(letter)s")  # \Re, \Im
_LETTERED = re.compile(r"(double-struck capital|black-letter capital|capital) (.+)")
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
# The accents read, "underline" being a bar under its base.
_ACCENTED = {
    "bar": _("%(base)s bar"),
    "hat": _("%(base)s hat"),
    "tilde": _("%(base)s tilde"),
    "dot": _("%(base)s dot"),
    "double dot": _("%(base)s double dot"),
    "vector": _("vector %(base)s"),
    "check": _("%(base)s check"),
    "acute": _("%(base)s acute"),
    "grave": _("%(base)s grave"),
    "breve": _("%(base)s breve"),
    "underline": _("%(base)s underline"),
}
_POWERS = {"2": _("%(base)s squared"), "3": _("%(base)s cubed")}
POWER = _("%(base)s to the power %(exponent)s")  # a single-token exponent
POWER_END = _("%(base)s to the power %(exponent)s end power")
SUB = _("%(base)s sub %(subscript)s")
FROM = _("%(base)s from %(lower)s")  # under a base (a limit under lim, ...)
TO = _("%(base)s to %(upper)s")  # over a base
FROM_TO = _("%(base)s from %(lower)s to %(upper)s")  # a sum's (integral's, ...) limits
OVER = _("%(numerator)s over %(denominator)s")  # both single tokens
FRACTION = _("fraction %(numerator)s over %(denominator)s end fraction")
SQUARE_ROOT = _("square root of %(radicand)s")  # a single token
SQUARE_ROOT_END = _("square root of %(radicand)s end root")
ROOT = _("root %(index)s of %(radicand)s end root")
_PHRASES = (
    CAPITAL,
    DOUBLE_STRUCK,
    BLACK_LETTER,
    *_ACCENTED.values(),
    *_POWERS.values(),
    POWER,
    POWER_END,
    SUB,
    FROM,
    TO,
    FROM_TO,
    OVER,
    FRACTION,
    SQUARE_ROOT,
    SQUARE_ROOT_END,
    ROOT,
)
_SPACES = re.compile(r"\s+")


def _words(*parts: str) -> str:
    return _SPACES.sub(" ", " ".join(p for p in parts if p)).strip()


class MathWords:
    """The words of spoken math in one language: each message of this module, translated by
    ``text`` (msgid -> the language's text; English when None). Compared by identity, so that
    the memoised readings below keep one entry per (formula, language)."""

    def __init__(self, text: Callable[[str], str] | None = None):
        t = text or str
        self.operators = {ch: t(word) if word else "" for ch, word in _OPERATORS.items()}
        self.names = {name: t(name) for name in _NAMES}
        self.phrases = {msgid: t(msgid) for msgid in _PHRASES}

    @classmethod
    def of(cls, ui: Any) -> MathWords:
        """The words of a course's language (``ui``: its coursekit.i18n.UiText)."""
        return _words_of(ui)

    def say(self, msgid: str, **parts: str) -> str:
        """One of the phrases, its parts filled in (an empty part leaves no double space)."""
        return _SPACES.sub(" ", self.phrases[msgid] % parts).strip()

    def name(self, name: str) -> str:
        return self.names.get(name, name)


ENGLISH = MathWords()


@functools.lru_cache(maxsize=32)
def _words_of(ui: Any) -> MathWords:
    return MathWords(ui.text)


_LARGE_OPERATORS = set("\u2211\u220f\u222b\u222e\u22c3\u22c2\u2210") | {"lim", "max", "min", "sup", "inf"}
_TRANSPARENT = {"math", "mrow", "mstyle", "mpadded", "menclose", "merror", "mtd", "maction"}
_SILENT = {"annotation", "annotation-xml", "mphantom", "mprescripts", "none"}


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


@functools.lru_cache(maxsize=4096)
def char_speech(ch: str, words: MathWords = ENGLISH) -> str:
    """One character of a token: an operator word, a letter's name, or the character."""
    if ch in words.operators:
        return words.operators[ch]
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
    lettered = _LETTERED.fullmatch(name)
    if lettered:
        kind = {"capital": CAPITAL, "double-struck capital": DOUBLE_STRUCK, "black-letter capital": BLACK_LETTER}
        return words.say(kind[lettered.group(1)], letter=words.name(lettered.group(2)))
    return words.name(name)


def _token(text: str, words: MathWords, number: bool = False) -> str:
    text = text.strip()
    if number or (len(text) > 1 and text.isascii() and text.isalnum()):
        return text  # a number, or a function or unit name: 3.14, sin, log, km
    return _words(*(char_speech(c, words) for c in text))


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


def mathml_speech(el, words: MathWords = ENGLISH) -> str:
    """Speech for a MathML element (``<math>`` or any element inside it)."""
    name = _local(el)
    kids = _children(el)

    def say(kid) -> str:
        return mathml_speech(kid, words)

    if name in _SILENT:
        return ""
    if name == "semantics":
        return say(kids[0]) if kids else ""
    if name in ("mi", "mn", "mo", "mtext", "ms"):
        return _token(el.text or "", words, number=name == "mn")
    if name == "mspace":
        return ""
    if name == "mfrac" and len(kids) == 2:
        simple = _simple(kids[0]) and _simple(kids[1])
        return words.say(OVER if simple else FRACTION, numerator=say(kids[0]), denominator=say(kids[1]))
    if name == "msqrt":
        inner = _words(*(say(k) for k in kids))
        return words.say(SQUARE_ROOT if len(kids) == 1 and _simple(kids[0]) else SQUARE_ROOT_END, radicand=inner)
    if name == "mroot" and len(kids) == 2:
        return words.say(ROOT, index=say(kids[1]), radicand=say(kids[0]))
    if name == "msup" and len(kids) == 2:
        return _power(say(kids[0]), kids[1], words)
    if name == "msub" and len(kids) == 2:
        return words.say(SUB, base=say(kids[0]), subscript=say(kids[1]))
    if name == "msubsup" and len(kids) == 3:
        if _token_text(kids[0]) in _LARGE_OPERATORS:  # a sum's (integral's, ...) limits
            return words.say(FROM_TO, base=say(kids[0]), lower=say(kids[1]), upper=say(kids[2]))
        return _power(words.say(SUB, base=say(kids[0]), subscript=say(kids[1])), kids[2], words)
    if name in ("mover", "munder") and len(kids) == 2:
        base, script = say(kids[0]), kids[1]
        accent = _accent(script)
        if accent:
            accent = "underline" if name == "munder" and accent == "bar" else accent
            return words.say(_ACCENTED[accent], base=base)
        if name == "munder":
            return words.say(FROM, base=base, lower=say(script))
        return words.say(TO, base=base, upper=say(script))
    if name == "munderover" and len(kids) == 3:
        return words.say(FROM_TO, base=say(kids[0]), lower=say(kids[1]), upper=say(kids[2]))
    if name == "mtable":
        return "; ".join(_words(*(say(c) + "," for c in _children(row))).rstrip(",") for row in kids)
    if name == "mfenced":
        return _words(el.get("open", "("), *(say(k) for k in kids), el.get("close", ")"))
    return _words(*(say(k) for k in kids))


def _power(base: str, exponent, words: MathWords) -> str:
    text = _token_text(exponent)
    if text in _POWERS:
        return words.say(_POWERS[text], base=base)
    if text in ("\u2032", "'", "\u2033"):
        return _words(base, words.operators[text])
    exp = mathml_speech(exponent, words)
    return words.say(POWER if _simple(exponent) else POWER_END, base=base, exponent=exp)


def _speech_of_tree(el, words: MathWords) -> str:
    """The element's speech followed by its tail text."""
    name = _local(el)
    if name == "math":
        inner = " " + mathml_speech(el, words) + " "
    elif name == "img":
        inner = " " + (el.get("alt") or "") + " "
    elif name in ("script", "style", "template") or not isinstance(el.tag, str):
        inner = ""  # comments and processing instructions say nothing; their tails do
    else:
        inner = (el.text or "") + "".join(_speech_of_tree(c, words) for c in el)
    return inner + (el.tail or "")


@functools.lru_cache(maxsize=4096)
def fragment_speech(xhtml: str, words: MathWords = ENGLISH) -> str:
    """A rendered field (its well-formed ``xhtml``) as one line of speech: text as written,
    formulas as words in the language of ``words`` (``MathWords.of(ui)``), images as their
    alt text."""
    if not xhtml.strip():
        return ""
    root = etree.fromstring(f"<speech>{xhtml}</speech>", _PARSER)
    return _SPACES.sub(" ", _speech_of_tree(root, words)).strip()
