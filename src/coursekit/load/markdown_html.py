"""Raw HTML in a Markdown text that learners would never see, located (warning CK264).

CommonMark reads ``<Kilo>`` as a raw HTML tag, and the sanitiser (coursekit.render.sanitize)
removes every element it does not keep: ``$10^{3}$ <Kilo>`` shows as the formula alone. This
finds, for validate, each tag that goes so: an element the sanitiser does not keep (an unknown
name, or a disallowed one such as ``<script>``, removed with its content), and markup it drops
with its text (``<?...>``, ``<![CDATA[...]]>``, ``<!DOCTYPE>``); with ``allow_raw_html``
nothing is sanitised, and only a tag naming no HTML, SVG or MathML element (nor a custom
element: a name with a hyphen) is found, since browsers show nothing of it.

Not found: what is kept (allowed tags), comments (an author's note, meant to be unseen),
autolinks, and whatever Markdown does not read as HTML (code spans and blocks, math, ``\\<``,
``&lt;``). A Markdown image's alt text and a code block's ``:caption:`` are not looked at.

The raw HTML is what the renderer's own parser set-up gives (``parser()``: markdown_math's
rules, with directive bodies expanded into the token stream as the renderer expands them,
render/directives.py), read tag by tag as an HTML parser reads it: the content of ``<script>``,
``<textarea>``, ... is text, and what sanitising removes with an element (a ``<script>``'s, an
``<svg>``'s) is not reported again. tests/test_html_removed.py holds the finder to the
renderer's HTML parsed as browsers parse it. A text whose tags are all kept (most fields: none
has a ``<``) is not parsed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from ..render.directives import DIRECTIVE_RE, expand_directives
from ..render.html_tags import CLEAN_CONTENT_TAGS, KEPT_TAGS, KNOWN_ELEMENTS, RAW_TEXT_TAGS
from .markdown_math import directive_body, new_parser, one_paragraph

# What could start markup a text loses: a tag (HTML's tag names run to a space, "/" or ">"),
# or "<!" / "<?" (comments, declarations, CDATA, processing instructions).
_TAG_START_RE = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)|<[!?]")
# One piece of markup as an HTML parser reads it: a comment, a bogus comment (CDATA, a
# declaration or a processing instruction outside SVG and MathML: up to the next ">"), or a tag
# with its attributes (a quoted value may hold ">").
_MARKUP_RE = re.compile(
    r"<!--(?:.*?-->|.*\Z)"
    r"|<[!?][^>]*>?"
    r"|<(/?)([A-Za-z][^\t\n\f\r />]*)((?:\s*=\s*(?:\"[^\"]*\"|'[^']*')|[^>])*)(>?)",
    re.S,
)
# Start tags that end SVG or MathML content (the HTML parsing spec's breakout list).
_BREAKOUT = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li "
    "listing menu meta nobr ol p pre ruby s small span strike strong sub sup table tt u ul var".split()
)
# Inside these, SVG and MathML hold HTML again (integration points): no breakout there.
_INTEGRATION = frozenset({"foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"})
_FOREIGN = frozenset({"svg", "math"})
# Inline tokens the renderer writes as such a start tag (<code>, <em>, <strong>, <s>, <br>, a
# footnote's <sup>), or as the end tag of one (opened before the SVG, then): either ends SVG and MathML.
_BREAKOUT_TOKENS = frozenset(
    {"code_inline", "em_open", "strong_open", "s_open", "hardbreak", "footnote_ref"}
    | {"em_close", "strong_close", "s_close"}
)


@functools.cache
def parser() -> MarkdownIt:
    """The renderer's parser: markdown_math's set-up, with Markdown-bodied directives (call-outs,
    plain fences) expanded into the document's token stream as the renderer expands them."""
    md = new_parser()
    md.core.ruler.after("block", "ck_directive_bodies", expand_directives)
    return md


@dataclass(frozen=True)
class RemovedHtml:
    """One piece of raw HTML that shows as nothing.

    ``kind``: "unknown" (a name no browser knows, removed), "tag" (a known element the sanitiser
    does not keep; its text stays), "content" (removed with its content: ``<script>``, ``<svg>``,
    ...), "markup" (``<?...>``, ``<!...>``, CDATA: removed with its text), "no-element" (with
    ``allow_raw_html``: a name that is no element, shown as nothing)."""

    markup: str  # as written (its first line)
    name: str  # the tag name as written; "" for markup that is no tag
    kind: str
    closing: bool
    offset: int | None  # in the text; None when it could not be matched


def may_remove(text: str, raw: bool) -> bool:
    """False when no tag of ``text`` can be one the finder reports (all kept, or none at all);
    True says nothing (the parser decides)."""
    for m in _TAG_START_RE.finditer(text):
        name = m.group(2)
        if name is None:
            if raw or text.startswith("<!--", m.start()):
                continue
            return True
        name = name.lower()
        if raw:
            if name not in KNOWN_ELEMENTS and "-" not in name:
                return True
        elif name not in KEPT_TAGS and name != "img":
            return True
    return False


def removed_html(text: str, *, raw: bool) -> list[RemovedHtml]:
    """Every piece of raw HTML of ``text`` that learners do not see (footnotes' last, as rendered).

    ``raw``: the course sets ``allow_raw_html`` (nothing is sanitised)."""
    if "<" not in text or not may_remove(text, raw):
        return []
    finder = _Finder(text, raw)
    finder.scan(text, 0)
    return finder.found


class _Finder:
    def __init__(self, text: str, raw: bool):
        self.text, self.raw = text, raw
        self.found: list[RemovedHtml] = []
        self.reported: set[str] = set()  # names whose start tag was reported: their end tag is not
        # What an HTML parser is inside of, innermost last: [kind, name, depth, cell] with kind "raw"
        # (text up to </name>), "whole" (an element removed with its content, up to </name>),
        # "foreign" (SVG or MathML) or "all" (after <plaintext>, everything is text); depth counts
        # nested elements of the name, cell is the table cell it began in. Nothing found inside is
        # reported: it is text, or goes with its element.
        self.inside: list[list] = []
        self.integration = 0  # open integration points inside SVG or MathML
        self.cells = 0  # open table cells of the Markdown (nested in list items, call-outs, ...)

    # ------------------------------------------------------------------ Markdown blocks
    def scan(self, part: str, base: int) -> None:
        """The raw HTML of ``part``, which starts at offset ``base`` of the text (-1: somewhere in
        it; each tag is then looked for in the whole text)."""
        starts = [0] + [m.end() for m in re.finditer("\n", part)]
        md = parser()
        tokens = md.parseInline(part) if one_paragraph(part) else md.parse(part)
        cursor, last = 0, -1
        for tok in tokens:
            start = cursor
            if tok.map:
                line = min(tok.map[0], len(starts) - 1)
                start = starts[line]
                # Footnote definitions come last in the token stream: a block before the last one
                # starts the search again at its line.
                cursor = start if line < last else max(cursor, start)
                last = line
            if tok.type == "html_block":
                exact = base >= 0 and part.startswith(tok.content, start)
                self.feed(tok.content, base + start if exact else None, part, base, cursor)
                continue
            if tok.type in ("td_open", "th_open"):
                self.cells += 1
            elif tok.type in ("td_close", "th_close"):
                top = self.inside[-1] if self.inside else None
                if top is not None and top[:2] == ["whole", "object"] and top[3] == self.cells:
                    self.inside.pop()  # the end tag of the cell it began in ends an <object> (</p>, </li> do not)
                self.cells -= 1
            if not tok.hidden and self.in_foreign_content():
                # The renderer writes a tag for every other block (<p>, </p>, <li>, <h2>, ...): a
                # start tag that breaks out of SVG and MathML, or the end tag of an element
                # around them. (An <aside> or <section> does neither: this is a guess there.)
                self.inside.pop()
            if tok.type == "inline":
                link_in_foreign = False  # a link opened inside SVG is an SVG <a>
                for child in tok.children or ():
                    if child.type == "link_open":
                        link_in_foreign = self.in_foreign_content()
                    elif child.type == "link_close" and self.in_foreign_content() and not link_in_foreign:
                        self.inside.pop()  # the </a> of a link around the SVG ends it
                    elif child.type in _BREAKOUT_TOKENS and self.in_foreign_content():
                        self.inside.pop()  # the renderer's <code>, <em>, ... ends SVG and MathML
                    elif child.type == "html_inline":
                        at = part.find(child.content, cursor)
                        if at >= 0:
                            cursor = at + len(child.content)
                        self.feed(child.content, base + at if at >= 0 <= base else None, part, base, cursor)
            elif tok.type in ("colon_fence", "fence") and tok.info.strip().startswith("{figure}"):
                self.caption(tok, part, base, starts)

    def caption(self, tok, part: str, base: int, starts: list[int]) -> None:
        """A figure's caption (its body, after the option lines), which the renderer renders as a
        Markdown text of its own. The bodies of other directives are in the token stream already
        (call-outs, plain fences), or are no Markdown (code, simulations, quizzes)."""
        if not DIRECTIVE_RE.match(tok.info.strip()) or "<" not in tok.content:
            return
        body = directive_body(tok.content)
        body_line = (tok.map[0] if tok.map else 0) + 1
        body_start = starts[body_line] if body_line < len(starts) else len(part)
        if part[body_start : body_start + len(tok.content)] == tok.content:
            self.scan(body, base + body_start)
        else:  # an indented figure: its tags are looked for in the whole text
            self.scan(body, -1)

    # ------------------------------------------------------------------ HTML
    def in_foreign_content(self) -> bool:
        """Inside SVG or MathML, not in one of their islands of HTML (integration points)."""
        return bool(self.inside) and self.inside[-1][0] == "foreign" and not self.integration

    def feed(self, html: str, at: int | None, part: str, base: int, cursor: int) -> None:
        """Read one piece of raw HTML: ``at`` is its offset in the text, None if unknown (then
        each reported tag is looked for from ``cursor`` of ``part``)."""
        pos = 0
        while pos < len(html):
            kind = self.inside[-1][0] if self.inside else None
            if kind == "all":
                return
            if kind == "raw":
                name = self.inside[-1][1]
                end = re.compile(r"</" + re.escape(name) + r"(?=[\s/>]|\Z)", re.I).search(html, pos)
                if end is None:
                    return
                self.inside.pop()
                pos = end.end()
                continue
            m = _MARKUP_RE.search(html, pos)
            if m is None:
                return
            pos = m.end()
            if kind == "whole":
                self.within_removed(m)
            elif kind == "foreign":
                if not self.within_foreign(m):
                    self.markup(m, at, part, base, cursor)  # a start tag that broke out
            else:
                self.markup(m, at, part, base, cursor)

    def within_removed(self, m: re.Match) -> None:
        """Inside an element removed with its content (<object>, <template>): up to its end tag."""
        if m.group(2) is None:
            return
        closing, name = bool(m.group(1)), m.group(2).lower()
        top = self.inside[-1]
        if name == top[1]:
            if closing and top[2] == 1 and top[3] != self.cells:
                return  # in a table cell opened inside it: the cell bounds what an end tag closes
            top[2] += -1 if closing else 1
            if top[2] == 0:
                self.inside.pop()
        elif not closing:
            self.enter(name, m.group(3).rstrip().endswith("/"), removed=False)

    def within_foreign(self, m: re.Match) -> bool:
        """Inside SVG or MathML: True while the markup stays there."""
        if m.group(2) is None:
            return True
        closing, name = bool(m.group(1)), m.group(2).lower()
        self_closing = m.group(3).rstrip().endswith("/")
        top = self.inside[-1]
        if name == top[1]:
            if closing:
                top[2] -= 1
                if top[2] == 0:
                    self.inside.pop()
            elif not self_closing:
                top[2] += 1
            return True
        if name in _INTEGRATION:
            if closing:
                self.integration = max(0, self.integration - 1)
            elif not self_closing:
                self.integration += 1
            return True
        if self.integration == 0 and ((not closing and name in _BREAKOUT) or (closing and name in ("p", "br"))):
            self.inside.pop()
            return closing
        return True

    def enter(self, name: str, self_closing: bool, *, removed: bool) -> None:
        """A start tag: note what the parser reads after it. ``removed``: elements the sanitiser
        removes with their content are skipped whole (they are reported once, at the start tag)."""
        if name in RAW_TEXT_TAGS:
            self.inside.append(["raw", name, 1, self.cells])
        elif name == "plaintext":
            self.inside.append(["all", "", 1, self.cells])
        elif name in _FOREIGN and not self_closing:
            self.inside.append(["foreign", name, 1, self.cells])
            self.integration = 0
        elif removed and name in ("object", "template"):
            self.inside.append(["whole", name, 1, self.cells])

    def markup(self, m: re.Match, at: int | None, part: str, base: int, cursor: int) -> None:
        written = m.group(0)
        name = m.group(2)
        if name is None:  # comment, or markup the parser reads as one (its text is lost)
            if written.startswith("<!--") or self.raw:
                return
            self.report(written, "", "markup", False, m.start(), at, part, base, cursor)
            return
        closing = bool(m.group(1))
        lower = name.lower()
        if not closing:
            self.enter(lower, m.group(3).rstrip().endswith("/"), removed=not self.raw)
        if self.raw:
            if lower in KNOWN_ELEMENTS or "-" in lower:
                return
            kind = "no-element"
        elif lower in KEPT_TAGS or lower == "img":  # <img>: CK262 says it
            return
        elif lower in CLEAN_CONTENT_TAGS and lower != "embed":
            kind = "content"
        else:
            kind = "tag" if lower in KNOWN_ELEMENTS else "unknown"
        if closing:
            if lower in self.reported:
                return
        else:
            self.reported.add(lower)
        self.report(written, name, kind, closing, m.start(), at, part, base, cursor)

    def report(self, written: str, name: str, kind: str, closing: bool, start: int, at, part, base, cursor) -> None:
        first_line = written.split("\n", 1)[0]
        if at is not None:
            offset: int | None = at + start
        elif base >= 0:
            found = part.find(first_line, cursor)
            if found < 0:
                found = part.find(first_line)
            offset = base + found if found >= 0 else None
        else:
            found = self.text.find(first_line)
            offset = found if found >= 0 else None
        self.found.append(RemovedHtml(first_line, name, kind, closing, offset))
