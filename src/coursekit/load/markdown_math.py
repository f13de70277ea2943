"""Finding the TeX formulas of a Markdown text, located, and checking them with the converter.

The formulas are found by the same markdown-it parser set-up the renderer uses (dollar math
as mdit-py-plugins reads it: ``$x$`` inline, ``$$x$$`` display, not inside code, ``\\$`` a
dollar sign), so validate checks exactly the formulas a build converts. Directive bodies
(``:::{note}`` ...) are parsed again as the renderer does. Each formula carries the offset of
its TeX in the text, so an error inside it can be reported at its own line and column.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from ..render.equations import prepare_tex
from ..render.plain_text import inline_math_pieces
from ..render.texmath import TexError, convert

_MATH_TOKENS = {"math_inline": False, "math_inline_double": True, "math_block": True, "math_block_label": True}
_OPTION_RE = re.compile(r"^\s*:[A-Za-z_][A-Za-z0-9_-]*:.*$")


def directive_body(content: str) -> str:
    """A directive's body as Markdown: its option lines (``:name: value``, which are not) blanked
    to spaces, so that every later offset, and the line and column reported, stays where it is."""
    lines = content.split("\n")
    i = 0
    while i < len(lines) and _OPTION_RE.match(lines[i]):
        lines[i] = " " * len(lines[i])
        i += 1
    return "\n".join(lines)


@dataclass(frozen=True)
class MathRef:
    tex: str  # stripped, as the renderer converts it
    display: bool
    offset: int | None  # of tex[0] in the text; None when the source could not be matched
    label: str | None = None  # MyST's label after a display formula: $$ ... $$ (label)


@dataclass(frozen=True)
class MathProblem:
    code: str
    message: str
    hint: str
    offset: int | None  # in the text: the offending token if known, else the formula


@functools.cache
def parser() -> MarkdownIt:
    """A parser with the renderer's block and inline rules (coursekit.render.markdown)."""
    return new_parser()


def new_parser() -> MarkdownIt:
    """``parser()``'s set-up, for a parser of one's own (to add a rule to)."""
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"xhtmlOut": True, "html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(colon_fence_plugin)
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(footnote_plugin)
    return md


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


# Parsing Markdown in Python costs ~0.3 ms per paragraph; past this size (a very long chapter,
# or a hostile one) formulas are found by a regex scan instead, which follows the same
# delimiter rules but does not know every block construct (the renderer still refuses any
# formula that does not convert, as its last guard).
EXACT_LIMIT = 200_000
_CODE_RE = re.compile(r"(?ms)^[ \t]{0,3}(?P<fence>```|~~~).*?^[ \t]{0,3}(?P=fence)[^\n]*$|(?P<ticks>`+).+?(?P=ticks)")
_DOLLAR_RE = re.compile(
    r"(?<![\\$])\$\$(?P<display>.+?)(?<!\\)\$\$"  # $$...$$, also across lines
    r"|(?<![\\$])\$(?=\S)(?P<inline>[^$]+?)(?<![\\\s])\$(?![$0-9])",  # $...$: no space inside the delimiters
    re.S,
)


def find_math(text: str) -> list[MathRef]:
    """Every formula of ``text`` in document order (none when it holds no ``$``)."""
    if "$" not in text:
        return []
    if len(text) > EXACT_LIMIT:
        return _scan_fast(text)
    pieces = inline_math_pieces(text)
    if pieces is not None:
        return _inline_formulas(text, pieces)
    out: list[MathRef] = []
    _scan(text, 0, out)
    return out


def _inline_formulas(text: str, pieces: list[str]) -> list[MathRef]:
    """The formulas of a text the renderer reads without the parser (``inline_math_pieces``:
    plain, formula, plain, ...), located as ``_scan`` locates the parser's tokens: each TeX
    searched for from the end of the one before (so a formula whose TeX also occurs in the prose
    before it is located there, as it always was)."""
    out = []
    cursor = 0
    for tex in pieces[1::2]:  # no space at either end (the rule's delimiters): already stripped
        at = text.find(tex, cursor)
        out.append(MathRef(tex, False, at))
        cursor = at + len(tex)
    return out


def _scan_fast(text: str) -> list[MathRef]:
    masked = _CODE_RE.sub(lambda m: " " * len(m.group(0)), text)
    out = []
    for m in _DOLLAR_RE.finditer(masked):
        group = "display" if m.group("display") is not None else "inline"
        raw = m.group(group)
        tex = raw.strip()
        start = m.start(group) + (len(raw) - len(raw.lstrip()))
        out.append(MathRef(tex, group == "display", start))
    return out


# A text that can only be one paragraph: one line, no whitespace around it, nothing that could
# begin a block (headings, quotes, lists, breaks, fences, HTML, tables, definitions, $$), no
# inline footnote (its body is parsed as blocks). markdown-it's inline parse gives the same
# tokens as its block parse's one paragraph, at a fraction of the cost: most quiz fields with
# a formula are such a line. tests/test_math_find.py holds the two equal.
_BLOCK_START = frozenset("#>*+-=_|:~`<[0123456789\\")


def one_paragraph(text: str) -> bool:
    return (
        bool(text)
        and text[0] not in _BLOCK_START
        and "\n" not in text
        and "\r" not in text
        and "$$" not in text
        and "^[" not in text
        and text == text.strip()
    )


def _scan(part: str, base: int, out: list[MathRef], *, inline_ok: bool = True) -> None:
    """Formulas of ``part``, which starts at offset ``base`` of the whole text."""
    starts = _line_starts(part)
    cursor = 0
    md = parser()
    for tok in md.parseInline(part) if inline_ok and one_paragraph(part) else md.parse(part):
        if tok.map:
            cursor = max(cursor, starts[min(tok.map[0], len(starts) - 1)])
        if tok.type == "colon_fence":
            body_line = (tok.map[0] + 1) if tok.map else 0
            if body_line < len(starts):
                body_start = starts[body_line]
                body = directive_body(tok.content)
                if part[body_start : body_start + len(tok.content)] == tok.content:
                    _scan(body, base + body_start, out)
                else:  # indented fence: positions cannot be matched exactly
                    _scan_unlocated(body, out)
            continue
        if tok.type in _MATH_TOKENS:
            label = tok.info.strip() if tok.type == "math_block_label" else None
            cursor = _add(tok.content, _MATH_TOKENS[tok.type], part, cursor, base, out, label)
        elif tok.type == "inline" and tok.children:
            for child in tok.children:
                if child.type in _MATH_TOKENS:
                    cursor = _add(child.content, _MATH_TOKENS[child.type], part, cursor, base, out)


def _add(
    content: str, display: bool, part: str, cursor: int, base: int, out: list[MathRef], label: str | None = None
) -> int:
    tex = content.strip()
    at = part.find(tex, cursor) if tex else -1
    if at < 0:
        out.append(MathRef(tex, display, None, label or None))
        return cursor
    out.append(MathRef(tex, display, base + at, label or None))
    return at + len(tex)


def _scan_unlocated(text: str, out: list[MathRef]) -> None:
    found: list[MathRef] = []
    _scan(text, 0, found)
    out.extend(MathRef(m.tex, m.display, None, m.label) for m in found)


# Formulas made only of these (letters, digits, spaces, braces, scripts and a few operators) are
# checked here without the converter, which costs ~0.5 ms per formula: many formulas of a big
# bank are this plain (``x_{3} = 4``, ``n^2 + 1``). tests/test_math_plain.py holds every formula
# ``plainly_valid`` accepts to converting without an error in Temml.
_PLAIN_RE = re.compile(r"[A-Za-z0-9 +\-=<>()\[\],.;:|/!{}_^]*\Z")
_BASE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789)]")
_ARGUMENT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def plainly_valid(tex: str) -> bool:
    """True only for TeX that certainly converts: the characters of ``_PLAIN_RE``, balanced braces,
    and every ``_``/``^`` after a letter, digit, ``)``, ``]`` or group, at most one of each per
    base, followed by a letter, a digit or a group. False says nothing (the converter decides)."""
    if len(tex) > 2000 or not _PLAIN_RE.match(tex):
        return False
    # Per open group: the current base's scripts (None: no base), and whether a script awaits
    # its argument (or a group just opened is one, so it is no base when it closes).
    scripts: list[set[str] | None] = [None]
    is_argument: list[bool] = []
    awaiting = False
    for ch in tex:
        if ch == " ":
            continue
        if awaiting:
            awaiting = False
            if ch == "{":
                is_argument.append(True)
                scripts.append(None)
            elif ch not in _ARGUMENT:
                return False
            continue
        if ch == "_" or ch == "^":
            base = scripts[-1]
            if base is None or ch in base:
                return False
            base.add(ch)
            awaiting = True
        elif ch == "{":
            is_argument.append(False)
            scripts.append(None)
        elif ch == "}":
            if not is_argument:
                return False
            scripts.pop()
            if not is_argument.pop():
                scripts[-1] = set()  # a group is a base
        else:
            scripts[-1] = set() if ch in _BASE else None
    return not awaiting and not is_argument


def check(ref: MathRef) -> MathProblem | None:
    """None when the formula converts; else what is wrong, with a stable code and a hint."""
    if not ref.tex or plainly_valid(ref.tex):
        return None
    tex = prepare_tex(ref.tex) if ("\\label" in ref.tex or "ref" in ref.tex) else ref.tex
    if not tex:
        return None
    result = convert(tex, ref.display)
    if not isinstance(result, TexError):
        return None
    offset = ref.offset + result.pos if ref.offset is not None and result.pos is not None else ref.offset
    if offset is not None and ref.offset is not None:
        offset = min(offset, ref.offset + max(len(ref.tex) - 1, 0))
    code, label, hint = classify(result)
    return MathProblem(code, f"{label} in ${_short(ref.tex)}$: {result.message}", hint, offset)


def classify(err: TexError) -> tuple[str, str, str]:
    """(code, label, hint) for one converter error (the codes are in docs/diagnostics.md)."""
    msg = err.message
    if msg.startswith(("Unsupported function name", "Undefined control sequence", "No such environment")):
        return "CK270", "unknown TeX command", "check the spelling; docs/format.md (Math) lists what coursekit renders"
    if "'&'" in msg:
        return (
            "CK272",
            "& outside an alignment",
            "& separates columns only inside aligned, align*, cases, matrix or array; write \\& for an ampersand",
        )
    if "\\left" in msg or "\\right" in msg or "\\middle" in msg:
        return (
            "CK271",
            "unbalanced \\left/\\right",
            "pair every \\left with a \\right inside the same braces (\\right. closes invisibly)",
        )
    if "'}'" in msg or "'{'" in msg or "end of input" in msg or "Mismatch" in msg or "\\end" in msg:
        return "CK271", "unbalanced braces", "close every { with } and every \\begin{env} with \\end{env}"
    return "CK273", "TeX error", "fix the TeX so that it compiles as LaTeX math; see docs/format.md (Math)"


def _short(tex: str, limit: int = 40) -> str:
    one = " ".join(tex.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def equation_problems(text: str, refs: list[MathRef]) -> list[MathProblem]:
    """Labels and references of numbered equations (coursekit.render.equations): a reference to
    a label the text does not define (CK274), a label defined twice (CK275), a label that
    cannot number anything (CK276: in inline math, or a second one in the same formula)."""
    from ..model.gaps import mask_code_and_math
    from ..render.equations import LABEL_RE, REF_RE, TEXT_REF_RE

    problems: list[MathProblem] = []
    labels: dict[str, int | None] = {}

    def at(ref: MathRef, pos: int) -> int | None:
        return ref.offset + pos if ref.offset is not None else None

    uses: list[tuple[str, int | None]] = []
    for ref in refs:
        found = [(m.group(1).strip(), at(ref, m.start())) for m in LABEL_RE.finditer(ref.tex)]
        if ref.label:
            found.insert(0, (ref.label, ref.offset))
        for i, (label, where) in enumerate(found):
            if not ref.display or i > 0:
                problems.append(
                    MathProblem(
                        "CK276",
                        f"\\label{{{label}}} cannot be numbered here"
                        + (" (inline math)" if not ref.display else " (a second label in one formula)"),
                        "put one \\label in a $$...$$ display formula; refer to it with \\eqref{name}",
                        where,
                    )
                )
            elif label in labels:
                problems.append(
                    MathProblem(
                        "CK275",
                        f"equation label {label!r} is defined twice",
                        "give each numbered equation its own \\label name",
                        where,
                    )
                )
            else:
                labels[label] = where
        uses += [(m.group(2).strip(), at(ref, m.start())) for m in REF_RE.finditer(ref.tex)]
    if "\\eqref" in text:
        uses += [(m.group(1).strip(), m.start()) for m in TEXT_REF_RE.finditer(mask_code_and_math(text))]
    uses.sort(key=lambda u: -1 if u[1] is None else u[1])
    for label, where in uses:
        if label not in labels:
            import difflib

            close = difflib.get_close_matches(label, list(labels), n=1)
            problems.append(
                MathProblem(
                    "CK274",
                    f"\\eqref{{{label}}} refers to no equation of this text",
                    f"did you mean {close[0]!r}?"
                    if close
                    else "add \\label{" + label + "} to a $$...$$ formula of the same chapter (or field)",
                    where,
                )
            )
    return problems
