"""HTML (and TeX in it) to the authoring format's Markdown, with markdownify.

Math becomes ``$…$`` / ``$$…$$`` from every form the platforms write: TeX in ``\\(…\\)``,
``\\[…\\]`` or ``$$…$$`` (Moodle, Canvas), MathML with a TeX annotation or ``alttext``
(QTI, our own exports), and Canvas equation images (``data-equation-content``, the TeX in
the ``/equation_images/`` URL, or the ``LaTeX: …`` alt text). Math is swapped for inert
tokens before conversion, so markdownify never escapes the ``_`` or ``*`` inside it; every
other literal ``$`` is written ``\\$`` and ``{{`` / ``{%`` are broken (``{\\{``), so text can
never turn into math or a template. Images go through a resolver that returns the course
path to write (or None: the image is dropped and its alt text kept, with a warning).
"""

from __future__ import annotations

import html as html_lib
import re
import secrets
from collections.abc import Callable
from urllib.parse import unquote

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction
from markdownify import MarkdownConverter

from .mathml_tex import mathml_to_tex

ImageResolver = Callable[[str], "str | None"]  # src -> Markdown path, or None when missing
Warn = Callable[[str], None]

_TEX_RE = re.compile(r"\\\((?P<i>.+?)\\\)|\\\[(?P<d>.+?)\\\]|\$\$(?P<dd>.+?)\$\$", re.S)
_EQUATION_URL_RE = re.compile(r"/equation_images/([^?#\"']+)")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_INLINE_TAGS = [
    "a", "b", "strong", "em", "i", "span", "td", "th", "li", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6",
    "sub", "sup", "u", "label", "figure", "figcaption", "center", "font", "dt", "dd", "caption", "blockquote",
]  # fmt: skip
_SKIP_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)


_NEEDS_CLEAN_RE = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_ESCAPE_NEEDED_RE = re.compile(r"[\\&$`\[<{]")
_BACKSLASH_RE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_ENTITY_LIKE_RE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_HTML_WS_RE = re.compile(r"[ \t\n\r\f]+")


def collapse_ws(text: str) -> str:
    """White space as HTML collapses it (ASCII only: a no-break space is text), trimmed."""
    return _HTML_WS_RE.sub(" ", text).strip()


_BREAKS_RE = re.compile(r" *[\t\n\r\f][\t\n\r\f ]*")


def plain_text(text: str) -> str:
    """A plain-text answer as written: trimmed, line breaks and tabs as one space, but runs of
    spaces kept (a learner's choice or typed answer is compared exactly as authored)."""
    return _BREAKS_RE.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """Drop the characters a course file cannot hold (controls other than tab/LF, non-characters)."""
    if _NEEDS_CLEAN_RE.search(text) is None:  # most texts (a search is cheaper than the rewrite)
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # YAML reads NEL and the Unicode line/paragraph separators as line breaks: write them as such.
    text = text.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL_RE.sub("", text)


def escape_text(text: str) -> str:
    """Literal text made safe for Markdown fields: no math, no code spans, no gaps, no templates,
    no character references. A backtick is written ``&#96;``: the gap finder skips code spans
    without reading backslash escapes, so ``\\``` could still open one for it."""
    if _ESCAPE_NEEDED_RE.search(text) is None:
        return text
    text = _BACKSLASH_RE.sub(r"\\\\", text)  # a backslash before punctuation would escape it
    text = _ENTITY_LIKE_RE.sub(r"\\&", text)
    text = text.replace("$", "\\$").replace("`", "&#96;").replace("[[", "\\[\\[").replace("<", "\\<")
    return text.replace("{{", "{\\{").replace("{%", "{\\%")


_MD_CODE_RE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$|(`+)[^`].*?(?<!`)\2(?!`)", re.S | re.M)
_LONE_DOLLAR_RE = re.compile(r"(?<!\\)\$")


def markdown_source(text: str) -> str:
    """Markdown written for Moodle (``format="markdown"``, GIFT's ``[markdown]``) as coursekit's
    Markdown. Moodle has no ``$…$`` math: its TeX is in ``\\(…\\)``, ``\\[…\\]`` or ``$$…$$``
    (as in its HTML), so that becomes ``$…$`` / ``$$…$$`` and every other ``$`` is a literal
    dollar, written ``\\$``; ``{{`` / ``{%`` are broken up so no text turns into a template.
    Code spans and fenced code keep their dollars."""
    text = clean_text(text).strip()
    out, pos = [], 0
    for m in _MD_CODE_RE.finditer(text):
        out.append(_markdown_prose(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_markdown_prose(text[pos:]))
    return _break_templates("".join(out))


def _markdown_prose(text: str) -> str:
    out, pos = [], 0
    for m in _TEX_RE.finditer(text):
        out.append(_LONE_DOLLAR_RE.sub(r"\\$", text[pos : m.start()]))
        tex = tex_clean(m.group("i") if m.group("i") is not None else (m.group("d") or m.group("dd")))
        if tex:
            out.append(HtmlToMarkdown._math_text(tex, m.group("i") is None))
        pos = m.end()
    out.append(_LONE_DOLLAR_RE.sub(r"\\$", text[pos:]))
    return "".join(out)


def _break_templates(text: str) -> str:
    while "{{" in text or "{%" in text:
        text = text.replace("{{", "{\\{").replace("{%", "{\\%")
    return text


class GapTokens:
    """Inert stand-ins for ``[[name]]`` gaps while a text is converted (the converter escapes a
    literal ``[[``): letters and digits only, swapped for the gaps afterwards."""

    def __init__(self) -> None:
        self.nonce = "ckgap" + secrets.token_hex(4)
        self.names: list[str] = []

    def token(self, name: str) -> str:
        self.names.append(name)
        return f"{self.nonce}n{len(self.names) - 1}z"

    def restore(self, markdown: str) -> str:
        for i, name in reversed(list(enumerate(self.names))):
            markdown = markdown.replace(f"{self.nonce}n{i}z", f"[[{name}]]")
        return markdown


def tex_clean(tex: str) -> str:
    return " ".join(clean_text(tex).split()) if "\n" not in tex.strip() else clean_text(tex).strip()


def moodle_auto_html(text: str) -> str:
    """Moodle's auto-format text as HTML: characters escaped, blank lines part paragraphs,
    line breaks kept (TeX delimiters stay, as Moodle's filters read them)."""
    import html

    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join("<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paras)


class _Converter(MarkdownConverter):
    def convert_img(self, el, text, parent_tags):  # no titles: the format has alt text only
        el.attrs.pop("title", None)
        return super().convert_img(el, text, parent_tags)


_CONVERTERS: tuple[MarkdownConverter, MarkdownConverter] | None = None
_MEMO: dict[str, tuple[str, tuple[str, ...]]] = {}


def _converters() -> tuple[MarkdownConverter, MarkdownConverter]:
    """markdownify converters are costly to make (they inspect themselves): one of each."""
    global _CONVERTERS
    if _CONVERTERS is None:
        html = _Converter(
            heading_style="ATX",
            bullets="-",
            newline_style="backslash",
            strip=["script", "style", "iframe", "object", "embed", "form", "input", "button", "select", "textarea"],
            keep_inline_images_in=_INLINE_TAGS,
            escape_misc=False,
        )
        _CONVERTERS = (html, _Converter(escape_misc=True))
    return _CONVERTERS


# Text with no element but an optional wrapping <p>: most answers and feedback. Converted
# without BeautifulSoup, exactly as the full path would (property-tested in
# tests/test_import_html.py); a 10,000-question bank has ~100,000 such fields.
_SIMPLE_RE = re.compile(r"^\s*(?:<p>)?([^<>]*?)(?:</p>)?\s*$", re.S)
_NEWLINE_WS_RE = re.compile(r"[\t \r\n]*[\r\n][\t \r\n]*")
_SPACE_RE = re.compile(r"[\t ]+")


def _simple_text(piece: str) -> str:
    if "\n" in piece or "\r" in piece:
        piece = _NEWLINE_WS_RE.sub("\n", piece)
    if "  " in piece or "\t" in piece:
        piece = _SPACE_RE.sub(" ", piece)
    piece = escape_text(piece)
    if "*" in piece or "_" in piece:
        piece = piece.replace("*", "\\*").replace("_", "\\_")
    return piece


class HtmlToMarkdown:
    """One converter per source; ``images`` resolves ``src`` attributes."""

    def __init__(self, images: ImageResolver | None = None, warn: Warn | None = None):
        self.images = images or (lambda src: None)
        self.warn = warn or (lambda msg: None)
        self._converter, self._plain_converter = _converters()

    # ------------------------------------------------------------------ public
    def markdown(self, html: str | None, *, fast: bool = True) -> str:
        if not html or not html.strip():
            return ""
        html = clean_text(html)
        simple = _SIMPLE_RE.match(html) if fast else None
        if simple is not None:
            return self._simple(simple.group(1))
        if "<img" in html.lower():  # images resolve per source element: never shared
            return self._full(html)
        # Texts repeat across a bank ("Your answer is correct."): convert each once, and
        # replay its warnings for every question that shows it.
        done = _MEMO.get(html)
        if done is None:
            warned: list[str] = []
            outer, self.warn = self.warn, lambda msg: (warned.append(msg), outer(msg))
            try:
                done = (self._full(html), tuple(warned))
            finally:
                self.warn = outer
            if len(_MEMO) < 50_000:
                _MEMO[html] = done
        else:
            for msg in done[1]:
                self.warn(msg)
        return done[0]

    def _full(self, html: str) -> str:
        nonce = "ckm" + secrets.token_hex(4)
        while nonce in html:
            nonce = "ckm" + secrets.token_hex(4)
        maths: list[str] = []
        soup = BeautifulSoup(html, "html.parser")
        _drop_code(soup, html, self.warn)
        if "<math" in html or "<img" in html or "<IMG" in html:
            self._math_and_images(soup, nonce, maths)
        self._escape_strings(soup, nonce, maths, "<code" in html or "<pre" in html)
        text = self._converter.convert_soup(soup)
        for i, math in reversed(list(enumerate(maths))):
            text = text.replace(f"{nonce}x{i}y", math)
        text = "\n".join(line.rstrip() if not line.endswith("\\") else line for line in text.split("\n"))
        return _BLANK_LINES_RE.sub("\n\n", text).strip()

    def _simple(self, text: str) -> str:
        if "&" in text:
            text = html_lib.unescape(text)
        if "\\" not in text and "$$" not in text:  # no TeX delimiters: one piece
            joined = _simple_text(text).strip(" \t\r\n")
            if "\n" not in joined:
                return joined.strip()
            out: list[str] = [joined]
            return self._lines(out)
        out, pos = [], 0
        for m in _TEX_RE.finditer(text):
            out.append(_simple_text(text[pos : m.start()]))
            tex = tex_clean(m.group("i") if m.group("i") is not None else (m.group("d") or m.group("dd")))
            if tex:
                out.append(self._math_text(tex, m.group("i") is None))
            pos = m.end()
        out.append(_simple_text(text[pos:]))
        return self._lines(out)

    @staticmethod
    def _lines(out: list[str]) -> str:
        joined = "".join(out).strip(" \t\r\n")
        joined = "\n".join(line.rstrip() if not line.endswith("\\") else line for line in joined.split("\n"))
        return _BLANK_LINES_RE.sub("\n\n", joined).strip()

    @staticmethod
    def _math_text(tex: str, display: bool) -> str:
        while "{{" in tex or "{%" in tex:  # TeX ignores the space; a template would not
            tex = tex.replace("{{", "{ {").replace("{%", "{ %")
        return f"$${tex}$$" if display else f"${tex}$"

    def plain(self, html: str | None) -> str:
        """The visible text of an HTML fragment, white space collapsed (for answers learners type)."""
        if not html:
            return ""
        if "<" not in html:
            import html as html_lib

            return plain_text(html_lib.unescape(clean_text(html)))
        soup = BeautifulSoup(clean_text(html), "html.parser")
        _drop_code(soup, html, self.warn)
        for node in soup.find_all("math"):
            node.replace_with(self._mathml_tex(node) or node.get_text(" "))
        return collapse_ws(soup.get_text(""))

    def plain_to_markdown(self, text: str | None) -> str:
        """Plain text (format plain_text / text/plain) as Markdown showing the same characters."""
        if not text:
            return ""
        lines = [escape_text(self._plain_converter.escape(line, [])) for line in clean_text(text).split("\n")]
        return _BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip()

    # ------------------------------------------------------------------ steps
    def _token(self, nonce: str, maths: list[str], tex: str, display: bool) -> str:
        tex = tex_clean(tex)
        if not tex:
            return ""
        maths.append(self._math_text(tex, display))
        return f"{nonce}x{len(maths) - 1}y"

    def _mathml_tex(self, node: Tag) -> str | None:
        for ann in node.find_all("annotation"):
            if "tex" in (ann.get("encoding") or "").lower():
                return ann.get_text()
        alt = node.get("alttext")
        return alt if alt else None

    def _math_and_images(self, soup: BeautifulSoup, nonce: str, maths: list[str]) -> None:
        for node in list(soup.find_all("math")):
            tex = self._mathml_tex(node)
            display = node.get("display") == "block"
            if tex is None:
                from ..render.markdown import tex_to_mathml  # only here: it loads the whole renderer

                try:
                    tex = mathml_to_tex(node)
                    tex_to_mathml(tex, display)  # the TeX must read back as the same kind of formula
                except Exception:  # noqa: BLE001 - the TeX may not read back (a located MathError, or worse)
                    self.warn("MathML that cannot be written as TeX is kept as its text; write it as $…$")
                    node.replace_with(node.get_text(" "))
                    continue
            node.replace_with(self._token(nonce, maths, tex, display))
        for img in list(soup.find_all("img")):
            tex = _equation_tex(img)
            if tex is not None:
                img.replace_with(self._token(nonce, maths, tex, False))
                continue
            src = (img.get("src") or "").strip()
            alt = " ".join((img.get("alt") or "").split())
            path = self.images(src) if src else None
            if path is None:
                self.warn(
                    f"the image {src[:80]!r} is not in the source (or is an SVG that is not safe to read); "
                    "its alt text is kept instead"
                )
                img.replace_with(_apart(img, alt))
                continue
            if not alt:
                alt = unquote(src.rsplit("/", 1)[-1]).rsplit(".", 1)[0] or "image"
                self.warn(f"the image {src[:80]!r} has no alt text; its file name is used (describe the image)")
            img.attrs = {"src": path, "alt": alt.replace("[", "(").replace("]", ")")}

    def _escape_strings(self, soup: BeautifulSoup, nonce: str, maths: list[str], has_code: bool) -> None:
        for s in list(soup.find_all(string=True)):
            if isinstance(s, _SKIP_TEXT):
                s.extract()
                continue
            if has_code and s.find_parent(["code", "pre"]) is not None:
                continue
            text = str(s)
            out, pos = [], 0
            for m in _TEX_RE.finditer(text):
                out.append(escape_text(text[pos : m.start()]))
                if m.group("i") is not None:
                    out.append(self._token(nonce, maths, m.group("i"), False))
                else:
                    out.append(self._token(nonce, maths, m.group("d") or m.group("dd"), True))
                pos = m.end()
            out.append(escape_text(text[pos:]))
            new = "".join(out)
            if new != text:
                s.replace_with(NavigableString(new))


def _drop_code(soup: BeautifulSoup, html: str, warn: Warn) -> None:
    """``<script>`` and ``<style>`` hold code, not text: removed with their contents (markdownify's
    ``strip`` would keep ``alert(1)`` or ``p { color: red; }`` as prompt text). Moodle's own
    HTML cleaning drops them too."""
    lower = html.lower()
    if "<script" in lower or "<style" in lower:
        for node in soup.find_all(["script", "style"]):
            warn(f"a <{node.name}> element (code, not text) is left out")
            node.decompose()


def _side_text(node: Tag, forward: bool) -> str:
    sib = node.next_sibling if forward else node.previous_sibling
    if sib is None:
        return ""
    return str(sib) if isinstance(sib, NavigableString) else sib.get_text()


def _apart(img: Tag, alt: str) -> str:
    """A dropped image's alt text, spaced from the words beside it ('Hello one two', not
    'Helloonetwo')."""
    if not alt:
        return ""
    before, after = _side_text(img, False), _side_text(img, True)
    if before and not before[-1].isspace():
        alt = " " + alt
    if after and after[0].isalnum():
        alt += " "
    return alt


def _equation_tex(img: Tag) -> str | None:
    """The TeX of a Canvas equation image, or None for an ordinary image."""
    content = img.get("data-equation-content")
    if content:
        return content
    src = img.get("src") or ""
    m = _EQUATION_URL_RE.search(src)
    if m:
        # Canvas writes the TeX URL-encoded twice (``%255E`` for ``^``).
        return unquote(unquote(m.group(1)))
    classes = img.get("class") or []
    alt = img.get("alt") or ""
    if "equation_image" in classes and alt.startswith("LaTeX:"):
        return alt[len("LaTeX:") :].strip()
    return None
