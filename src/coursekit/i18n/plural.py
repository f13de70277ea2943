"""Plural forms: the C expression of a catalog's ``Plural-Forms`` header, as data.

A gettext catalog says which form to use for a count with a C expression over ``n``
(``nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;``).
The browser needs the same choice without ``eval``, so the expression is parsed here once
into a small JSON tree that Python (``evaluate``) and ``static/scoring.js``
(``CourseKitL10n``) both walk: one rule, two walkers, tested to agree with each other and
with Python's own ``gettext.c2py``.

Tree: ``"n"``, an int, ``["?", cond, then, else]``, ``["!", x]`` or ``[op, left, right]`` with
op one of ``|| && == != < > <= >= + - * / %``.
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN_RE = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[<>?:()!+\-*/%]))")
_LEVELS = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]


class PluralFormsError(ValueError):
    pass


def _tokens(expr: str) -> list[str | int]:
    out: list[str | int] = []
    pos, text = 0, expr.strip().rstrip(";")
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None or m.end() == pos:
            raise PluralFormsError(f"cannot read the plural expression at {text[pos:]!r}")
        number, name, op = m.groups()
        out.append(int(number) if number is not None else (name or op))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[str | int]):
        self.tokens, self.pos = tokens, 0

    def peek(self) -> str | int | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, want: str | None = None) -> str | int:
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise PluralFormsError(f"expected {want or 'more'} in the plural expression")
        self.pos += 1
        return tok

    def ternary(self) -> Any:
        cond = self.binary(0)
        if self.peek() == "?":
            self.take("?")
            then = self.ternary()
            self.take(":")
            return ["?", cond, then, self.ternary()]
        return cond

    def binary(self, level: int) -> Any:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _LEVELS[level]:
            op = self.take()
            left = [op, left, self.binary(level + 1)]
        return left

    def unary(self) -> Any:
        tok = self.take()
        if tok == "!":
            return ["!", self.unary()]
        if tok == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if tok == "n" or isinstance(tok, int):
            return tok
        raise PluralFormsError(f"unexpected {tok!r} in the plural expression")


def parse_plural(expr: str) -> Any:
    """The tree of a C plural expression (the part after ``plural=``)."""
    parser = _Parser(_tokens(expr))
    tree = parser.ternary()
    if parser.peek() is not None:
        raise PluralFormsError(f"unexpected {parser.peek()!r} after the plural expression")
    return tree


def _c_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _c_mod(a: int, b: int) -> int:
    return a - b * _c_div(a, b)


_OPS = {
    "||": lambda a, b: int(bool(a) or bool(b)),
    "&&": lambda a, b: int(bool(a) and bool(b)),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _c_div,
    "%": _c_mod,
}


def evaluate(tree: Any, n: int) -> int:
    """The form index the tree gives for a whole count ``n`` (C integer semantics)."""
    if tree == "n":
        return n
    if isinstance(tree, int):
        return tree
    op = tree[0]
    if op == "?":
        return evaluate(tree[2], n) if evaluate(tree[1], n) else evaluate(tree[3], n)
    if op == "!":
        return int(not evaluate(tree[1], n))
    return _OPS[op](evaluate(tree[1], n), evaluate(tree[2], n))
