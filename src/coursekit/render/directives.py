"""MyST directives in markdown-it's token stream, as the renderer reads them.

A Markdown-bodied directive (a call-out, a plain ``:::`` fence, an unknown directive) is replaced,
after block parsing, by open and close tokens around its body's own tokens, so that footnotes,
raw HTML and everything else inside belong to the one document. Shared by the renderer
(coursekit.render.markdown) and validate's raw HTML finder (coursekit.load.markdown_html); a
module of its own so that validate need not import the renderer.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .code import CODE_DIRECTIVES

CALLOUTS = {"note": "Note", "tip": "Tip", "warning": "Warning"}
# Directives whose content is not Markdown for the page: rendered whole by the renderer's
# _r_directive (a figure's body is its caption, rendered there).
OPAQUE_DIRECTIVES = frozenset({"simulation", "quiz", "figure"}) | frozenset(CODE_DIRECTIVES)
# Directives nested deeper than this are shown as text (markdown-it's own block limit is 20).
MAX_DIRECTIVE_DEPTH = 20
DIRECTIVE_RE = re.compile(r"^\{([a-z][a-z0-9_-]*)\}\s*(.*)$")
_OPTION_RE = re.compile(r"^:([A-Za-z_][A-Za-z0-9_-]*):\s*(.*)$")


def expand_directives(state: StateCore) -> None:
    """Replace each Markdown-bodied directive (call-outs, plain or unknown fences) by open and
    close tokens around its body, block-parsed with the document's env: footnote references
    and definitions inside then belong to the one document. Depth-first, without recursion."""
    if not any(t.type == "colon_fence" for t in state.tokens):
        return
    out: list[Token] = []
    stack: list[tuple[list[Token], int, Token | None]] = [(state.tokens, 0, None)]
    while stack:
        tokens, i, closer = stack.pop()
        if i == len(tokens):
            if closer is not None:
                out.append(closer)
            continue
        tok = tokens[i]
        stack.append((tokens, i + 1, closer))
        expanded = None
        if tok.type == "colon_fence" and len(stack) <= MAX_DIRECTIVE_DEPTH:
            expanded = directive_tokens(state, tok)
        if expanded is None:
            out.append(tok)
            continue
        opening, body, closing = expanded
        out.extend(opening)
        stack.append((body, 0, closing))
    state.tokens = out


def directive_tokens(state: StateCore, tok: Token) -> tuple[list[Token], list[Token], Token] | None:
    """A Markdown-bodied directive as (opening tokens, body tokens, closing token); None for
    the directives whose content is not Markdown (simulation, quiz)."""
    m = DIRECTIVE_RE.match(tok.info.strip())
    name, arg = (m.group(1), m.group(2).strip()) if m else ("", "")
    if name in OPAQUE_DIRECTIVES:
        return None
    options, body = split_options(tok.content)
    # The body starts after the fence line and the option lines; its tokens get lines of the
    # whole document (a simulation directive inside a call-out is located by them).
    first = (tok.map[0] if tok.map else 0) + 1 + tok.content.count("\n") - body.count("\n")
    inner: list[Token] = []
    state.md.block.parse(body, state.md, state.env, inner)
    for t in inner:
        if t.map:
            t.map = [t.map[0] + first, t.map[1] + first]
    if name in CALLOUTS:
        opening = Token("ck_callout_open", "aside", 1)
        opening.meta = {"name": name}
        title = Token("inline", "", 0)
        title.content, title.children, title.map = arg or CALLOUTS[name], [], tok.map
        title_close = Token("ck_callout_title_close", "p", -1)
        opened, closing = [opening, title, title_close], Token("ck_callout_close", "aside", -1)
    else:  # a plain ::: fence, or an unknown directive (validate reports it): a plain block
        opened, closing = [Token("ck_block_open", "div", 1)], Token("ck_block_close", "div", -1)
    for t in (*opened, closing):
        t.block, t.map = True, t.map or tok.map
    return opened, inner, closing


def split_options(content: str) -> tuple[dict[str, str], str]:
    """MyST directive options: leading ``:name: value`` lines, then the body."""
    options: dict[str, str] = {}
    lines = content.split("\n")
    i = 0
    while i < len(lines):
        m = _OPTION_RE.match(lines[i].strip())
        if not m:
            break
        options[m.group(1)] = m.group(2).strip()
        i += 1
    return options, "\n".join(lines[i:])
