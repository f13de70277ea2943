"""The double-quote trap: YAML escapes that ate the TeX of a double-quoted string.

In a double-quoted YAML scalar ``"$\\nu$"`` is not TeX: YAML reads ``\\n`` as a line break
and the learner sees "$", a new line and "u$". ``\\t`` (``\\theta``), ``\\b`` (``\\beta``),
``\\f`` (``\\frac``), ``\\r`` (``\\rho``), ``\\v`` (``\\varepsilon``), ``\\a`` (``\\alpha``),
``\\e`` (``\\eta``), ``\\0``, ``\\N`` (``\\Nu``), ``\\L`` (``\\Leftarrow``) and ``\\P`` (``\\Pi``)
do the same. The parser's value no longer shows what was written, so the source text of
the scalar is scanned (only for the rare scalars whose value looks damaged; see
``SUSPECT_RE``) and each escape is located at its backslash.

The rule (docs/format.md, "Math in YAML"): in a Markdown field, such an escape is an error
when it and the ASCII letters right after it spell a TeX command (``TEX_COMMANDS``: ``\\nu``,
``\\theta``, ``\\rho``, ``\\Leftarrow`` ...). A line break before an ordinary word is what YAML
writers (PyYAML, ruamel) emit for multi-line text in double quotes (``"One\\nTwo"``,
``"$$\\nx^2\\n$$"``), so it is left alone, as are escapes in plain-text fields (what a learner
types) and everything in single-quoted, plain or block scalars. Escapes that make a character
XML cannot hold (``\\f``, ``\\b``, ``\\v``, ``\\a``, ``\\e``, ``\\0``, ``\\x01`` ...) are CK011
in any field, located the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# What each one-character escape of YAML 1.2 that damages TeX turns into.
NAMED = {
    "0": "a NUL character (U+0000)",
    "a": "a bell character (U+0007)",
    "b": "a backspace (U+0008)",
    "t": "a tab",
    "\t": "a tab",
    "n": "a line break",
    "v": "a vertical tab (U+000B)",
    "f": "a form feed (U+000C)",
    "r": "a carriage return (a line break)",
    "e": "an escape character (U+001B)",
    "N": "a next-line character (U+0085)",
    "L": "a line separator (U+2028)",
    "P": "a paragraph separator (U+2029)",
}
_CHAR = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "L": "\u2028",
    "P": "\u2029",
}
# A scalar's source is only scanned when its value holds a character XML cannot carry (always
# an escape: files cannot hold them) or a line break / tab right before a letter. The first
# test is one character class (as fast as the search the loader did before this check; an
# alternation with the letter would be twice as slow); the second runs only when it matches.
UNCARRIABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # yaml_nodes.NOT_XML_RE, and NUL
SUSPECT_RE = re.compile("[\x00-\x1f\x85\u2028\u2029\ufffe\uffff]")
BREAK_BEFORE_LETTER_RE = re.compile("[\t\n\r\x85\u2028\u2029][A-Za-z]")
_ESCAPE_RE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\s\S])")
_LETTERS_RE = re.compile(r"[A-Za-z]+")
HINT = "write the string in single quotes or as a block scalar (| or >), where a backslash is just a backslash"


@dataclass(frozen=True)
class Escape:
    """One escape sequence of a double-quoted scalar, as written in the file."""

    line: int  # 1-based line and column of its backslash in the file
    col: int
    seq: str  # as written: "\\n", "\\x01"
    word: str  # the escape and the letters right after it ("\\nu"); just seq when none follow
    char: str  # the character YAML made of it

    @property
    def before_letters(self) -> bool:
        return len(self.word) > len(self.seq)

    @property
    def what(self) -> str:
        return NAMED.get(self.seq[1:], f"the character U+{ord(self.char):04X}")


def scan(text: str, start: int, end: int, line: int, col: int) -> list[Escape]:
    """Escapes in ``text[start:end]`` (a double-quoted scalar that begins at 1-based ``line``
    and ``col``) that make a control character, a line break or a tab."""
    out: list[Escape] = []
    source = text[start:end]
    for m in _ESCAPE_RE.finditer(source):
        body = m.group(1)
        char = chr(int(body[1:], 16)) if len(body) > 1 else _CHAR.get(body)
        seq = "\\" + body
        if char is not None and (body in _CHAR or _is_damaging(char)):
            after = _LETTERS_RE.match(source, m.end()) if len(body) == 1 else None
            newlines = source.count("\n", 0, m.start())
            at_col = col + m.start() if not newlines else m.start() - source.rfind("\n", 0, m.start())
            out.append(
                Escape(
                    line + newlines,
                    at_col,
                    seq,
                    seq + (after.group() if after else ""),
                    char,
                )
            )
    return out


def letters_after(line: str, i: int) -> str:
    """The escape letter at ``line[i]`` and the ASCII letters that follow it."""
    m = _LETTERS_RE.match(line, i + 1)
    return line[i : i + 1] + (m.group() if m else "")


def _is_damaging(char: str) -> bool:
    return bool(UNCARRIABLE_RE.match(char)) or char in "\t\n\r\x85\u2028\u2029"


def markdown_damage(escapes: list[Escape]) -> list[Escape]:
    """The escapes that are an error in a Markdown field (see the module docstring)."""
    return [e for e in escapes if e.word[1:] in TEX_COMMANDS]


# TeX and LaTeX commands (LaTeX, amsmath, amssymb, and what KaTeX and MathJax add) that begin
# with the letter of a YAML escape making a line break or a tab: n, t, r, N, L, P. The other
# escape letters (a, b, e, f, v, 0) make characters XML cannot hold, refused in any case.
TEX_COMMANDS = frozenset(
    """
    nabla natural ncong ne nearrow neg negthickspace negthinspace negmedspace neq newcommand newline
    nexists ngeq ngeqq ngeqslant ngtr ni nleftarrow nLeftarrow nleftrightarrow nLeftrightarrow nleq
    nleqq nleqslant nless nmid nobreak nolimits nonumber normalsize not notin notag nparallel nprec
    npreceq nrightarrow nRightarrow nshortmid nshortparallel nsim nsubseteq nsubseteqq nsucc nsucceq
    nsupseteq nsupseteqq ntriangleleft ntrianglelefteq ntriangleright ntrianglerighteq nu nvdash
    nvDash nVdash nVDash nwarrow numberwithin
    tag tan tanh tau tbinom text textbf textcolor textit textnormal textrm textsc textsf textstyle
    texttt textup tfrac th therefore theta thetasym thickapprox thicksim thinspace tilde times tiny to
    top triangle triangledown triangleleft trianglelefteq triangleq triangleright trianglerighteq tt
    twoheadleftarrow twoheadrightarrow
    raisebox rangle rarr rArr rbrace rbrack rceil real reals ref renewcommand restriction rfloor
    rgroup rho right rightarrow rightarrowtail rightharpoondown rightharpoonup rightleftarrows
    rightleftharpoons rightrightarrows rightsquigarrow rightthreetimes risingdotseq rm rmoustache
    root rtimes rule rvert rVert
    N Nu
    L Lambda LARGE Large LaTeX Leftarrow Leftrightarrow Lleftarrow Longleftarrow Longleftrightarrow
    Longrightarrow Lsh Lvert LVert
    P Phi Pi Pr Psi
    """.split()
)


# ---------------------------------------------------------------------------- which fields are Markdown
# Data paths of Markdown fields ("Precise rules" in the format), per file kind. The loader's
# model walk (loader.markdown_fields) lists the same question fields; a test holds them equal.
_COURSE = {("description",), ("prerequisites",)}
_CHAPTER = {("summary",)}
_FEEDBACK = {"correct", "incorrect", "general"}
_CHOICE_TYPES = {"single_choice", "multiple_response"}


def is_markdown_path(kind: str, data: Any, path: tuple) -> bool:
    """Whether the string at ``path`` of a parsed ``kind`` file ("course", "chapter" front
    matter or "quiz") is Markdown."""
    n = len(path)
    if kind == "course":
        return path in _COURSE or (n == 3 and path[0] == "simulations" and path[2] == "description")
    if kind == "chapter":
        return path in _CHAPTER or (n == 2 and path[0] == "objectives" and isinstance(path[1], int))
    if kind != "quiz" or n < 3 or path[0] != "questions" or not isinstance(path[1], int):
        return False
    try:
        qtype = data["questions"][path[1]].get("type")
    except (AttributeError, IndexError, KeyError, TypeError):
        qtype = None
    return _question_markdown(qtype, path[2:])


def _question_markdown(qtype: Any, rest: tuple) -> bool:
    head, n = rest[0], len(rest)
    if n == 1:
        return head in ("prompt", "model_answer") or (head == "text" and qtype == "fill_blanks")
    if head == "feedback":
        return n == 2 and rest[1] in _FEEDBACK
    if head == "items":
        return n == 2 and qtype == "ordering" and isinstance(rest[1], int)
    if n != 3 or not isinstance(rest[1], int):
        return False
    if head == "choices":
        return qtype in _CHOICE_TYPES and rest[2] in ("text", "feedback")
    if head == "answers":
        return qtype == "short_answer" and rest[2] == "feedback"
    if head == "pairs":
        return qtype == "matching" and rest[2] == "left"
    return False
