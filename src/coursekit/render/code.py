"""Code blocks: syntax highlighting at build time with Pygments, and the ``{code-block}`` options.

A fenced block with a language (```` ```python ````) or a MyST ``{code-block}`` directive
becomes::

    <div class="ck-code">                          <figure class="ck-code"> with :caption:
    <pre><code class="language-python">            (its <figcaption> first)
    <span class="tk-k">def</span> ...              Pygments token classes, prefixed "tk-"
    <span class="ck-ln">1</span>                   only with :linenos:
    <mark class="ck-hl">...</mark>                 lines named by :emphasize-lines:
    </code></pre></div>

Only classes, no inline styles and no script: the html site colours the classes with
``code_css()`` (light and dark Pygments styles from accessible-pygments, chosen for WCAG AA
contrast), every other target gets the same well-formed, sanitisable markup, shown as plain
monospaced code. Highlighting is deterministic for a given Pygments version; a language
Pygments does not know is shown unhighlighted (validate warns, CK408).
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from dataclasses import dataclass, field

CODE_DIRECTIVES = frozenset({"code-block", "code", "sourcecode"})  # MyST's names for the same directive
CODE_OPTIONS = ("linenos", "lineno-start", "emphasize-lines", "caption", "name")
IGNORED_CODE_OPTIONS = frozenset({"class", "dedent", "force"})  # MyST options coursekit does not use
PLAIN_LANGUAGES = frozenset({"", "none", "text", "plain", "plaintext", "txt"})
CLASS_PREFIX = "tk-"
LIGHT_STYLE, DARK_STYLE = "a11y-light", "a11y-dark"

_LINES_RE = re.compile(r"^\s*\d+\s*(?:-\s*\d+\s*)?(?:,\s*\d+\s*(?:-\s*\d+\s*)?)*$")


class CodeOptionError(ValueError):
    """A ``{code-block}`` option that cannot be used: ``option`` names it."""

    def __init__(self, option: str, message: str, hint: str):
        super().__init__(message)
        self.option = option
        self.message = message
        self.hint = hint


@dataclass
class CodeOptions:
    linenos: bool = False
    start: int = 1
    emphasize: set[int] = field(default_factory=set)  # 1-based line numbers within the block
    caption: str = ""  # Markdown (inline)
    name: str = ""  # an id for links (#name)


def parse_line_set(value: str) -> set[int]:
    """``"1,3-5"`` -> {1, 3, 4, 5}; raises ValueError on anything else."""
    if not _LINES_RE.match(value):
        raise ValueError(value)
    out: set[int] = set()
    for part in value.split(","):
        lo, _, hi = part.partition("-")
        a, b = int(lo), int(hi or lo)
        if a < 1 or b < a:
            raise ValueError(value)
        out.update(range(a, b + 1))
    return out


def code_options(options: dict[str, str], line_count: int) -> CodeOptions:
    """Checked ``{code-block}`` options (the loader reports the CodeOptionError, located)."""
    out = CodeOptions()
    for key, value in options.items():
        if key not in CODE_OPTIONS:
            raise CodeOptionError(
                key,
                f"the code-block directive has no option :{key}:",
                "use " + ", ".join(f":{o}:" for o in CODE_OPTIONS),
            )
        if key == "linenos":
            out.linenos = True
        elif key == "lineno-start":
            if not value.strip().isdigit() or int(value) < 0:
                raise CodeOptionError(
                    key, f":lineno-start: {value!r} is not a line number", "write e.g. :lineno-start: 10"
                )
            out.linenos, out.start = True, int(value)
        elif key == "emphasize-lines":
            try:
                out.emphasize = parse_line_set(value)
            except ValueError:
                raise CodeOptionError(
                    key,
                    f":emphasize-lines: {value!r} is not a list of lines",
                    "write lines as 2,4-6 (1 is the first line)",
                ) from None
            beyond = sorted(n for n in out.emphasize if n > line_count)
            if beyond:
                raise CodeOptionError(
                    key,
                    f":emphasize-lines: names line {beyond[0]}, but the block has {line_count} line"
                    + ("" if line_count == 1 else "s"),
                    "count from 1, the first line of code after the options",
                )
        elif key == "caption":
            out.caption = value
        elif key == "name":
            out.name = value
    return out


@functools.lru_cache(maxsize=256)
def _lexer(language: str):
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    if language.lower() in PLAIN_LANGUAGES:
        return None
    try:
        # stripnl=False: leading and trailing blank lines are the author's, as in the source.
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def known_language(language: str) -> bool:
    return language.lower() in PLAIN_LANGUAGES or _lexer(language) is not None


@functools.lru_cache(maxsize=1)
def _formatter():
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True, classprefix=CLASS_PREFIX)


def highlight_lines(code: str, language: str) -> list[str]:
    """The code as HTML, one string per line (Pygments closes every span at a line end)."""
    lexer = _lexer(language)
    if lexer is None:
        return [html_lib.escape(line, quote=False) for line in code.split("\n")]
    from pygments import highlight

    out = highlight(code, lexer, _formatter())
    if not code.endswith("\n") and out.endswith("\n"):
        out = out[:-1]
    return out.split("\n")


def code_block_html(code: str, language: str, options: CodeOptions | None = None, caption_html: str = "") -> str:
    """A code block as HTML (see the module docstring); ``code`` without its final newline."""
    options = options or CodeOptions()
    lines = highlight_lines(code, language)
    if options.linenos or options.emphasize:
        width = len(str(options.start + len(lines) - 1))
        pieces = []
        for i, line in enumerate(lines, start=1):
            if options.linenos:
                line = f'<span class="ck-ln">{str(options.start + i - 1).rjust(width)}</span>{line}'
            last = i == len(lines)
            if i in options.emphasize:  # the mark holds its line's end, so it can fill the whole line
                pieces.append(f'<mark class="ck-hl">{line}\n</mark>')
            else:
                pieces.append(line if last else line + "\n")
        body = "".join(pieces)
    else:
        body = "\n".join(lines)
    lang = html_lib.escape(language.lower(), quote=True) if _lexer(language) is not None else ""
    code_tag = f'<code class="language-{lang}">' if lang else "<code>"
    classes = "ck-code ck-linenos" if options.linenos else "ck-code"
    ident = f' id="{html_lib.escape(options.name, quote=True)}"' if options.name else ""
    pre = f"<pre>{code_tag}{body}</code></pre>"
    if caption_html:
        return f'<figure class="{classes}"{ident}><figcaption>{caption_html}</figcaption>{pre}</figure>\n'
    return f'<div class="{classes}"{ident}>{pre}</div>\n'


def _style_rules(style: str, selectors: list[str]) -> str:
    import logging

    from pygments.formatters import HtmlFormatter

    # Importing accessible-pygments' styles calls logging.basicConfig(level=INFO): that set-up
    # made `coursekit serve` print every INFO line of the libraries it uses. Put it back.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        fmt = HtmlFormatter(style=style, classprefix=CLASS_PREFIX)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return "\n".join(fmt.get_token_style_defs(selectors)) + "\n"


@functools.lru_cache(maxsize=1)
def code_css() -> bytes:
    """The token colours for the html site: light by default, dark under prefers-color-scheme
    (unless the reader chose light) and when the reader chose dark (site.css, ``data-ck-theme``)."""
    light = _style_rules(LIGHT_STYLE, [".ck-code"])
    dark_auto = _style_rules(DARK_STYLE, [':root:not([data-ck-theme="light"]) .ck-code'])
    dark_chosen = _style_rules(DARK_STYLE, [':root[data-ck-theme="dark"] .ck-code'])
    text = (
        f"/* Code token colours: Pygments styles {LIGHT_STYLE} and {DARK_STYLE} (accessible-pygments). Generated. */\n"
        + light
        + "@media (prefers-color-scheme: dark) {\n"
        + dark_auto
        + "}\n"
        + dark_chosen
    )
    return text.encode("utf-8")
