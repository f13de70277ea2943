"""Text that markdown-it renders as itself, and one line of such text with inline formulas.

The renderer (coursekit.render.markdown) skips the parser for these texts, and validate's formula
finder (coursekit.load.markdown_math) finds their formulas without it: most fields of a big
bank are plain prose, many with ``$formulas$``. A module of its own so that validate need not
import the renderer. tests/test_render_markdown.py and tests/test_math_find.py hold both uses
to the parser's own reading.
"""

from __future__ import annotations

import re

# Text that Markdown would render as itself: no markup characters, entities, math,
# line breaks or block markers, and nothing the sanitiser would re-encode (U+00A0) or the
# renderer uses internally (private-use characters). Most quiz fields are like this, and
# skipping the parser for them makes large banks several times faster.
_PLAIN_RUN_RE = re.compile(r"[^\x00-\x1f\x7f*_`<>&$\\#|~{}\u00a0\ue000-\uf8ff]+")
PLAIN_START = frozenset("-+=:>0123456789 ")
# Brackets are markup only as a link or image ``[..](``, a reference definition ``[..]:`` (which
# a one-line field without ``]:`` cannot hold, so ``[a][b]`` and ``[a]`` stay text) or a
# footnote ``[^..]`` / ``^[..]``. Without these, ``[[gap]]`` of a fill-in text is text.
_BRACKET_MARKUP_RE = re.compile(r"\]\(|\]:|\[\^|\^\[|!\[")
# An inline formula as dollarmath reads one (allow_space=False): no space after the opening
# dollar or before the closing one, and a closing dollar with no backslash before it; on one
# line (a line break could let the next line start a block).
_INLINE_MATH_RE = re.compile(r"\$([^\s$\\]|[^\s$][^$\x00-\x1f\x7f]*[^\s$\\])\$")


def plain_run(s: str) -> bool:
    """Text that markdown-it leaves as it is wherever it stands in a line."""
    return _PLAIN_RUN_RE.fullmatch(s) is not None and not (("[" in s or "]" in s) and _BRACKET_MARKUP_RE.search(s))


def inline_math_pieces(text: str) -> list[str] | None:
    """``text`` as plain, formula, plain, ..., plain when it is one line of plain runs and inline
    formulas that markdown-it's dollar-math rule reads exactly so (a YAML block scalar's final
    newline aside); None for anything else. Shared by the renderer and validate's formula
    finder (coursekit.load.markdown_math), so both skip the parser for the same texts."""
    s = text[:-1] if text.endswith("\n") else text
    if "$" not in s or "$$" in s or s != s.strip() or s[0] in PLAIN_START:
        return None
    pieces = _INLINE_MATH_RE.split(s)
    if len(pieces) == 1:
        return None
    at = 0  # where the piece starts in s
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            if piece and not plain_run(piece):
                return None
            at += len(piece)
            continue
        # dollarmath (allow_digits=False) takes no formula with a digit before its opening
        # dollar (for the text's first character: before it, Python's s[-1]) or after its
        # closing one.
        end = at + len(piece) + 1  # the closing dollar
        if s[at - 1].isdigit() or (end + 1 < len(s) and s[end + 1].isdigit()):
            return None
        at = end + 1
    return pieces


# An image as markdown-it reads one with nothing else it could be read as: an alt text of plain
# words (no brackets: a link label; no markup: the parser keeps only its text) and a path of
# characters its link normalisation leaves as written, without a title.
_IMAGE_RE = re.compile(r"!\[([^\[\]]*)\]\(([A-Za-z0-9._/-]+)\)")


def image_pieces(text: str) -> list[str] | None:
    """``text`` as plain, alt, path, plain, alt, path, ..., plain when it is one line of plain runs
    (without brackets) and images that markdown-it's image rule reads exactly so; None for
    anything else. The alt texts are plain runs without space at either end."""
    s = text[:-1] if text.endswith("\n") else text
    if "![" not in s or s != s.strip() or s[0] in PLAIN_START:
        return None
    pieces = _IMAGE_RE.split(s)
    if len(pieces) == 1:
        return None
    for plain in pieces[0::3]:
        if plain and ("[" in plain or "]" in plain or not plain_run(plain)):
            return None
    for alt in pieces[1::3]:
        if not alt or alt != alt.strip() or not plain_run(alt):
            return None
    return pieces
