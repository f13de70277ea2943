"""Cheap, located scanning of Markdown for what validate must check: images, directives and
links to other Markdown files.

Validation must stay fast on banks of 10,000 questions, so this is a regex scan over text
with code spans, fenced code and math masked, not a full Markdown parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Location
from ..model.gaps import mask_code_and_math

_IMAGE_RE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_HTML_IMG_RE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
# Links whose target may name a Markdown file: inline [text](dest), reference definitions
# "[label]: dest", and raw HTML <a href="dest">.
_LINK_RE = re.compile(
    r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^)\s]*)"
    r"|^[ ]{0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*(<[^>]*>|\S+)"
    r"|<a\b[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]+)",
    re.M | re.I,
)
# As the html exporter rewrites them: a relative path (no scheme) ending in .md, then #/? parts.
_MD_TARGET_RE = re.compile(r"^([^#?:]+\.md)(?:[#?].*)?$")
_FENCE_OPEN_RE = re.compile(r"^(?P<indent>\s{0,3})(?P<colons>:{3,})\{(?P<name>[^}\s]*)\}\s*(?P<arg>.*)$")
_OPTION_RE = re.compile(r"^\s*:([A-Za-z_][A-Za-z0-9_-]*):\s*(.*)$")
KNOWN_DIRECTIVES = {"simulation", "note", "tip", "warning", "quiz", "figure", "code-block", "code", "sourcecode"}
FIGURE_OPTIONS = {"alt", "name"}
# MyST figure options about size and placement: the site lays figures out itself.
IGNORED_FIGURE_OPTIONS = {"width", "height", "scale", "align", "figwidth", "figclass", "class", "target"}
_FENCE_RE = re.compile(r"^(?P<indent>[ \t]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")


@dataclass
class ImageRef:
    alt: str
    src: str
    line: int  # 1-based within the text
    col: int


@dataclass
class DirectiveRef:
    name: str
    arg: str
    line: int
    col: int
    options: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (raw value, line)
    lines: int = 0  # lines of the body after the options, up to the closing fence


@dataclass
class FenceRef:
    """A fenced code block (backticks or tildes): ``info`` is what follows the fence, e.g.
    ``python`` or ``{code-block} python``; ``options`` the MyST ``:name: value`` lines that
    open a directive's body; ``lines`` how many lines of code follow them."""

    info: str
    line: int
    col: int
    options: dict[str, tuple[str, int]] = field(default_factory=dict)
    lines: int = 0


@dataclass(frozen=True)
class MarkdownLink:
    """A link to a ``.md`` file, to be checked against the chapters once they are all known."""

    base: Path  # the file holding the Markdown; the target resolves from its folder
    target: str  # the path as written (percent-escapes decoded when resolving)
    location: Location


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def find_images(text: str) -> list[ImageRef]:
    if "![" not in text:
        return []
    masked = mask_code_and_math(text)
    out = []
    for m in _IMAGE_RE.finditer(masked):
        src = m.group(2).strip("<>")
        line, col = _line_col(text, m.start())
        out.append(ImageRef(text[m.start(1) : m.end(1)], src, line, col))
    return out


def find_md_links(text: str) -> list[tuple[str, int, int]]:
    """(target, line, col) of every link to a relative ``.md`` path outside code and math."""
    if ".md" not in text:
        return []
    masked = mask_code_and_math(text)
    out = []
    for m in _LINK_RE.finditer(masked):
        target = next(g for g in m.groups() if g is not None).strip("<>")
        if target.startswith("/") or not _MD_TARGET_RE.match(target):
            continue
        start = m.start() if m.group(2) is None else m.start() + len(m.group(0)) - len(m.group(0).lstrip(" "))
        out.append((_MD_TARGET_RE.match(target).group(1), *_line_col(text, start)))
    return out


def find_html_images(text: str) -> list[tuple[str, int, int]]:
    if "<img" not in text.lower():
        return []
    masked = mask_code_and_math(text)
    return [(m.group(1), *_line_col(text, m.start())) for m in _HTML_IMG_RE.finditer(masked)]


def find_directives(text: str) -> list[DirectiveRef]:
    if ":::" not in text:
        return []
    out: list[DirectiveRef] = []
    lines = text.split("\n")
    in_code = False
    i = 0
    while i < len(lines):
        stripped = lines[i].lstrip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
        elif not in_code:
            m = _FENCE_OPEN_RE.match(lines[i])
            if m:
                ref = DirectiveRef(m.group("name"), m.group("arg").strip(), i + 1, len(m.group("indent")) + 1)
                j = i + 1
                while j < len(lines):
                    om = _OPTION_RE.match(lines[j])
                    if not om:
                        break
                    ref.options[om.group(1)] = (om.group(2).strip(), j + 1)
                    j += 1
                while j < len(lines) and not (lines[j].strip() and set(lines[j].strip()) == {":"}):
                    ref.lines += 1
                    j += 1
                out.append(ref)
        i += 1
    return out


def unclosed_directives(text: str) -> list[tuple[str, int]]:
    """Directive openings with no closing fence of at least as many colons."""
    if ":::" not in text:
        return []
    lines = text.split("\n")
    stack: list[tuple[int, str, int]] = []  # (colons, name, line)
    for n, line in enumerate(lines, start=1):
        m = _FENCE_OPEN_RE.match(line)
        if m:
            stack.append((len(m.group("colons")), m.group("name"), n))
            continue
        s = line.strip()
        if s and set(s) == {":"} and len(s) >= 3:
            if stack and len(s) >= stack[-1][0]:  # a shorter fence cannot close a longer one
                stack.pop()
    return [(name, line) for _, name, line in stack]


def find_fences(text: str) -> list[FenceRef]:
    """Every fenced code block, with directive options read when its info is ``{name}``."""
    if "```" not in text and "~~~" not in text:
        return []
    out: list[FenceRef] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE_RE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group("fence"), m.group("info").strip()
        ref = FenceRef(info, i + 1, len(m.group("indent")) + 1)
        j = i + 1
        reading_options = info.startswith("{")
        body = 0
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                break
            om = _OPTION_RE.match(lines[j]) if reading_options else None
            if om:
                ref.options[om.group(1)] = (om.group(2).strip(), j + 1)
            else:
                reading_options = False
                body += 1
            j += 1
        ref.lines = body
        out.append(ref)
        i = j + 1
    return out
