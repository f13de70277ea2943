"""Markdown to sanitised HTML and XHTML fragments, with TeX math as MathML (or TeX).

Pipeline for one field: markdown-it (CommonMark + tables, footnotes, MyST colon fences,
dollar math) renders HTML in which math, simulations and inline-quiz markers are
private-use placeholders; nh3 sanitises that HTML (author raw HTML included); the
placeholders are then replaced by trusted output (MathML from Temml, see texmath.py; our
own markers). Sanitising before inserting MathML matters: the allow-list sanitiser does not
know MathML and would strip it.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..diagnostics import CourseError, Diagnostic, Location, display_path
from .assets import AssetStore
from .code import CODE_DIRECTIVES, IGNORED_CODE_OPTIONS, CodeOptionError, code_block_html, code_options
from .directives import DIRECTIVE_RE, OPAQUE_DIRECTIVES, expand_directives, split_options
from .equations import ALONE_REF_RE, TEXT_REF_RE, Equations, display_label, number_equations, prepare_tex
from .plain_text import PLAIN_START, image_pieces, inline_math_pieces, plain_run
from .rendered import Fragment, Heading, MathMode
from .sanitize import CLEAN_CONTENT_TAGS, sanitize_html, to_xhtml
from .texmath import TexError, tex_to_mathml
from .texmath import convert as convert_tex

PH_OPEN, PH_CLOSE = "\ue000", "\ue001"
# Placeholders carry a random key of the renderer (never written to any output), so author
# text holding the same private-use characters can neither forge one nor crash the render.
_PH_KEY = secrets.token_hex(8)
_PH_RE = re.compile(f"{PH_OPEN}{_PH_KEY}([A-Z])([0-9]+){PH_CLOSE}")
# A placeholder alone in a paragraph stands for a block (simulation, quiz): unwrap the <p>.
_BLOCK_PH_RE = re.compile(f"<p>\\s*({PH_OPEN}{_PH_KEY}[SQ][0-9]+{PH_CLOSE})\\s*</p>")
_HTML_TAG_RE = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)")


def slugify(text: str) -> str:
    slug = re.sub(r"[^\w\s-]", "", text.lower(), flags=re.U).strip()
    slug = re.sub(r"[\s_-]+", "-", slug)
    return slug or "section"


@dataclass
class SimRequest:
    """What the renderer asks of the simulation stage for one directive."""

    sim_id: str
    fixed: dict[str, str]  # raw option strings; the provider converts to param types
    line: int  # 0-based line of the directive inside the Markdown text


@dataclass
class _Env:
    base: Path
    math: MathMode
    static_sims: bool
    placeholders: list[tuple[str, str]] = field(default_factory=list)  # (kind, payload)
    headings: list[Heading] = field(default_factory=list)
    sims: list[Any] = field(default_factory=list)
    quizzes: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    line_offset: int = 0
    hidden: int = 0  # depth inside inline raw <script>, <style>, ...: their text is not prose
    equations: Equations = field(default_factory=Equations)  # numbered display formulas of the text

    def hold(self, kind: str, payload: str) -> str:
        self.placeholders.append((kind, payload))
        return f"{PH_OPEN}{_PH_KEY}{kind}{len(self.placeholders) - 1}{PH_CLOSE}"


@dataclass
class BlockResult:
    """A chapter body: the fragment plus what it contains."""

    fragment: Fragment
    headings: list[Heading]
    sims: list[Any]  # whatever sim_provider returned, in order; body holds data-ck-sim="N"
    quizzes: list[str]  # quiz paths of :::{quiz} directives, in order; body holds data-ck-quiz


class MarkdownRenderer:
    """Renders Markdown fields of one course; memoises by (text, base, mode)."""

    def __init__(
        self,
        course_root: Path,
        assets: AssetStore,
        *,
        allow_raw_html: bool = False,
        sim_provider: Callable[[SimRequest, Path, bool], Any] | None = None,
    ):
        self.root = course_root
        self.assets = assets
        self.allow_raw_html = allow_raw_html
        # sim_provider(request, base_file, static) returns, for static=True, (asset_path, alt_text,
        # title); for static=False, any object the exporters understand (a SimEmbed).
        self.sim_provider = sim_provider
        self._md = self._build()
        self._cache: dict[tuple, Fragment] = {}
        self._rel_paths: dict[str, str] = {}

    # ------------------------------------------------------------------ parser set-up
    def _build(self) -> MarkdownIt:
        md = MarkdownIt("commonmark", {"xhtmlOut": True, "html": True, "linkify": False, "typographer": False})
        md.enable(["table", "strikethrough"])
        md.use(colon_fence_plugin)
        md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
        md.use(footnote_plugin)
        # Directive bodies join the document's own token stream (before inline parsing), so
        # footnotes inside call-outs share the chapter's numbering and list.
        md.core.ruler.after("block", "ck_directive_bodies", expand_directives)
        # Bound methods go straight into the rules table (add_render_rule would rebind them).
        md.renderer.rules.update(
            math_inline=self._r_math_inline,
            math_inline_double=self._r_math_block,
            math_block=self._r_math_block,
            math_block_label=self._r_math_block,
            colon_fence=self._r_directive,
            fence=self._r_fence,
            heading_open=self._r_heading_open,
            image=self._r_image,
            text=self._r_text,
            code_inline=self._r_code_inline,
            html_inline=self._r_html_inline,
            ck_callout_open=_r_callout_open,
            ck_callout_title_close=_r_callout_title_close,
            ck_callout_close=_r_callout_close,
            ck_block_open=_r_block_open,
            ck_block_close=_r_block_close,
        )
        return md

    # ------------------------------------------------------------------ render rules
    def _r_text(self, tokens, idx, options, env):
        ck: _Env = env["ck"]
        content = tokens[idx].content
        if not ck.hidden:
            ck.text_parts.append(content)
        if "\\eqref{" in content and not ck.hidden:
            # \eqref{name} in prose, as MathJax reads it: a link to the numbered equation.
            parts = TEXT_REF_RE.split(content)
            out = [html_lib.escape(parts[0], quote=False)]
            for i in range(1, len(parts), 2):
                out.append(ck.equations.link("eqref", parts[i]))
                out.append(html_lib.escape(parts[i + 1], quote=False))
            return "".join(out)
        return html_lib.escape(content, quote=False)

    def _r_html_inline(self, tokens, idx, options, env):
        # The plain text (titles, names, search text) must not pick up the content of raw
        # <script>, <style>, <svg>, ... which sanitising removes and browsers never show.
        content = tokens[idx].content
        m = _HTML_TAG_RE.match(content)
        if m and m.group(2).lower() in CLEAN_CONTENT_TAGS and not content.rstrip().endswith("/>"):
            ck: _Env = env["ck"]
            ck.hidden = max(0, ck.hidden + (-1 if m.group(1) else 1))
        return content

    def _r_code_inline(self, tokens, idx, options, env):
        env["ck"].text_parts.append(tokens[idx].content)
        return "<code>" + html_lib.escape(tokens[idx].content, quote=False) + "</code>"

    def _math(self, tex: str, display: bool, env: _Env, number: int | None = None) -> str:
        tex = tex.strip()
        env.text_parts.append(tex)
        if "\\label" in tex or "ref" in tex:
            tex = prepare_tex(tex, env.equations)
        if env.math == "tex":
            if number is not None:  # MathJax (Moodle, Canvas) sets the number as LaTeX does
                tex += r" \tag{" + str(number) + "}"
            payload = (r"\[" + tex + r"\]") if display else (r"\(" + tex + r"\)")
            return env.hold("T", html_lib.escape(payload, quote=False))
        try:
            mathml = tex_to_mathml(tex, display)
        except TexError as exc:
            # validate (the loader) locates every bad formula of the authored text, and the
            # pipeline those of rendered variants; this is the last guard: TeX source is never
            # shown to a learner.
            from ..load.markdown_math import classify

            code, label, hint = classify(exc)
            where = Location(display_path(env.base), env.line_offset + 1, 1)
            raise CourseError(Diagnostic(code, f"{label} in ${tex}$: {exc.message}", where, hint=hint)) from None
        return env.hold("M", mathml)

    def _r_math_inline(self, tokens, idx, options, env):
        ck: _Env = env["ck"]
        alone = ALONE_REF_RE.match(tokens[idx].content)
        if alone:  # $\eqref{name}$: a link to the numbered equation, not a formula
            ck.text_parts.append(tokens[idx].content.strip())
            return ck.equations.link(alone.group(1), alone.group(2))
        return self._math(tokens[idx].content, False, ck)

    def _r_math_block(self, tokens, idx, options, env):
        ck: _Env = env["ck"]
        tok = tokens[idx]
        label = display_label(tok.content, tok.info if tok.type == "math_block_label" else None)
        number = ck.equations.numbers.get(label) if label else None
        ph = self._math(tok.content, True, ck, number)
        if number is None:
            return f'<div class="ck-math">{ph}</div>\n'
        ident = html_lib.escape(ck.equations.ids[label], quote=True)
        eqno = "" if ck.math == "tex" else f'<span class="ck-eqno">({number})</span>'
        return f'<div class="ck-math ck-numbered" id="{ident}">{ph}{eqno}</div>\n'

    def _r_heading_open(self, tokens, idx, options, env):
        ck: _Env = env["ck"]
        tok = tokens[idx]
        text = "".join(
            c.content for c in (tokens[idx + 1].children or []) if c.type in ("text", "code_inline", "math_inline")
        )
        base = slugify(text)
        taken = {h.id for h in ck.headings}
        hid, n = base, 2
        while hid in taken:
            hid, n = f"{base}-{n}", n + 1
        ck.headings.append(Heading(int(tok.tag[1]), hid, text))
        return f'<{tok.tag} id="{hid}">'

    def _r_image(self, tokens, idx, options, env):
        ck: _Env = env["ck"]
        tok = tokens[idx]
        src = tok.attrGet("src") or ""
        alt = "".join(c.content for c in (tok.children or []) if c.type in ("text", "code_inline")) or tok.content
        title = tok.attrGet("title")
        asset = self.assets.add_file(src, ck.base)
        if asset is None:
            # Unresolvable or external: show the alt text, never a broken or remote image.
            return html_lib.escape(alt, quote=False)
        ck.assets.append(asset.path)
        attrs = f'src="{html_lib.escape(asset.path)}" alt="{html_lib.escape(alt)}"'
        if title:
            attrs += f' title="{html_lib.escape(title)}"'
        # Held as a placeholder so the sanitiser can refuse every <img> of raw author HTML.
        return ck.hold("I", f"<img {attrs} />")

    def _r_directive(self, tokens, idx, options, env):
        ck: _Env = env["ck"]
        tok = tokens[idx]
        m = DIRECTIVE_RE.match(tok.info.strip())
        if not m:  # a plain ::: fence nested past MAX_DIRECTIVE_DEPTH: shown as text
            return "<div>" + html_lib.escape(tok.content) + "</div>\n"
        name, arg = m.group(1), m.group(2).strip()
        options, body = split_options(tok.content)
        if name not in OPAQUE_DIRECTIVES:  # nested past MAX_DIRECTIVE_DEPTH: shown as text
            return "<div>" + html_lib.escape(body) + "</div>\n"
        if name == "simulation":
            line = (tok.map[0] if tok.map else 0) + ck.line_offset
            req = SimRequest(arg, options, line)
            if self.sim_provider is None:
                return ""
            if ck.static_sims:
                asset_path, alt, title = self.sim_provider(req, ck.base, True)
                ck.assets.append(asset_path)
                ck.text_parts.append(title)
                img = f'<img src="{html_lib.escape(asset_path)}" alt="{html_lib.escape(alt)}" />'
                return (
                    ck.hold(
                        "F",
                        f'<figure class="ck-sim-static">{img}'
                        f"<figcaption>{html_lib.escape(title)}</figcaption></figure>",
                    )
                    + "\n"
                )
            ck.sims.append(self.sim_provider(req, ck.base, False))
            return ck.hold("S", f'<div class="ck-sim" data-ck-sim="{len(ck.sims) - 1}"></div>') + "\n"
        if name in CODE_DIRECTIVES:
            return self._code_block(arg, options, body, env)
        if name == "figure":
            return self._figure(arg, options, body, env)
        ck.quizzes.append(arg)
        return ck.hold("Q", f'<div class="ck-quiz" data-ck-quiz-index="{len(ck.quizzes) - 1}"></div>') + "\n"

    def _r_fence(self, tokens, idx, options, env):
        tok = tokens[idx]
        info = tok.info.strip()
        m = DIRECTIVE_RE.match(info)
        if m and m.group(1) in CODE_DIRECTIVES | {"figure"}:  # MyST's ```{code-block} and ```{figure}
            opts, body = split_options(tok.content)
            if m.group(1) == "figure":
                return self._figure(m.group(2).strip(), opts, body, env)
            return self._code_block(m.group(2).strip(), opts, body, env)
        return code_block_html(_strip_final_newline(tok.content), info.split()[0] if info else "")

    def _code_block(self, language: str, options: dict[str, str], body: str, env: dict) -> str:
        code = _strip_final_newline(body)
        kept = {k: v for k, v in options.items() if k not in IGNORED_CODE_OPTIONS}
        try:
            opts = code_options(kept, code.count("\n") + 1)
        except CodeOptionError:  # validate reported it (CK253); show the code as written
            opts = None
        caption = ""
        if opts is not None and opts.caption:
            caption = self._md.renderInline(opts.caption, {"ck": env["ck"], "docId": env["docId"] + "-c"})
        return code_block_html(code, language.split()[0] if language else "", opts, caption)

    def _figure(self, src: str, options: dict[str, str], body: str, env: dict) -> str:
        """MyST's figure: an image (``:alt:`` required) with the body as its caption."""
        ck: _Env = env["ck"]
        alt = options.get("alt", "")
        asset = self.assets.add_file(src, ck.base) if src else None
        if asset is None:
            img = html_lib.escape(alt, quote=False)
        else:
            ck.assets.append(asset.path)
            ck.text_parts.append(alt)
            img = ck.hold("I", f'<img src="{html_lib.escape(asset.path)}" alt="{html_lib.escape(alt)}" />')
        caption = self._nested(body, env).strip() if body.strip() else ""
        ident = f' id="{html_lib.escape(options["name"], quote=True)}"' if options.get("name") else ""
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f'<figure class="ck-figure"{ident}>{img}{figcaption}</figure>\n'

    def _nested(self, text: str, env: dict) -> str:
        # A fresh markdown-it env for directive bodies: sharing it would make the footnote
        # plugin emit the document's footnote list again inside the call-out.
        env["_nest"] = env.get("_nest", 0) + 1
        return self._md.render(text, {"ck": env["ck"], "docId": f"{env['docId']}-{env['_nest']}"})

    # ------------------------------------------------------------------ public API
    def render(
        self, text: str, base: Path, *, inline: bool = False, math: MathMode = "mathml", assets: Any = None
    ) -> Fragment:
        if inline and ("\n\n" in text.strip() or ":::" in text or "$$" in text):
            inline = False
        # Only the parser's renders are remembered: the fast paths cost less to take again than
        # their fragments cost to keep (every field of a big bank, for the whole build).
        frag = (
            _plain_fragment(text, inline)
            or self._math_fragment(text, inline, math)
            or self._image_fragment(text, base, inline)
        )
        if frag is not None:
            return frag
        key = (text, str(base), inline, math)
        frag = self._cache.get(key)
        if frag is None:
            frag = self._cache[key] = self._render_slow(text, base, inline, math)
        return frag

    def _math_fragment(self, text: str, inline: bool, math: MathMode) -> Fragment | None:
        """Plain text with inline ``$formulas$`` (most math prompts), as the parser would render
        it: the plain parts as they are, each formula as ``_math`` gives it. None for anything
        else, and for a formula that does not convert (the parser reports it, located)."""
        pieces = inline_math_pieces(text)
        if pieces is None:
            return None
        html_parts = []
        for i, piece in enumerate(pieces):
            if i % 2 == 0:
                html_parts.append(piece)
                continue
            if "ref" in piece or "\\label" in piece:  # \eqref, \ref, \label: numbered equations need the parser
                return None
            if math == "tex":
                html_parts.append(html_lib.escape(r"\(" + piece + r"\)", quote=False))
            else:
                mathml = convert_tex(piece, False)
                if isinstance(mathml, TexError):
                    return None
                html_parts.append(mathml)
        body = "".join(html_parts)
        html = body if inline else f"<p>{body}</p>"
        # The parser's text: each text run and formula, joined by spaces, whitespace collapsed.
        return Fragment(html, html, " ".join(" ".join(pieces).split()), ())

    def _image_fragment(self, text: str, base: Path, inline: bool) -> Fragment | None:
        """Plain text with images (``image_pieces``), as the parser would render it: each image as
        ``_r_image`` makes it (the asset, or the alt text when the file is not in the course)."""
        pieces = image_pieces(text)
        if pieces is None:
            return None
        html_parts: list[str] = []
        assets: list[str] = []
        for i in range(0, len(pieces) - 1, 3):
            plain, alt, src = pieces[i : i + 3]
            html_parts.append(plain)
            asset = self.assets.add_file(src, base)
            if asset is None:
                html_parts.append(alt)  # a plain run: escaping leaves it as it is
            else:
                assets.append(asset.path)
                html_parts.append(f'<img src="{html_lib.escape(asset.path)}" alt="{html_lib.escape(alt)}" />')
        html_parts.append(pieces[-1])
        body = "".join(html_parts)
        html = body if inline else f"<p>{body}</p>"
        # The parser's text: the text runs between the images, joined by spaces, whitespace collapsed.
        return Fragment(html, html, " ".join(" ".join(pieces[0::3]).split()), tuple(dict.fromkeys(assets)))

    def _render_slow(self, text: str, base: Path, inline: bool, math: MathMode) -> Fragment:
        env = _Env(base=base, math=math, static_sims=True)
        return self._finish(self._render_env(text, env, inline), env)

    def render_body(self, text: str, base: Path, line_offset: int = 0, math: MathMode = "mathml") -> BlockResult:
        """A chapter body: interactive simulation embeds and inline quizzes become markers."""
        env = _Env(base=base, math=math, static_sims=False, line_offset=line_offset)
        frag = self._finish(self._render_env(text, env, False), env)
        return BlockResult(frag, env.headings, env.sims, env.quizzes)

    def _render_env(self, text: str, env: _Env, inline: bool) -> str:
        # Hash the path relative to the course, so the same course builds the same bytes
        # wherever it is checked out.
        rel = self._rel_paths.get(str(env.base))
        if rel is None:
            try:
                rel = Path(env.base).resolve().relative_to(Path(self.root).resolve()).as_posix()
            except ValueError:
                rel = Path(env.base).name
            self._rel_paths[str(env.base)] = rel
        doc_id = hashlib.sha256(f"{rel}\0{text}".encode()).hexdigest()[:6]
        if "$$" in text:
            env.equations = number_equations(text)
        md_env = {"ck": env, "docId": doc_id}
        if inline:
            return self._md.renderInline(text, md_env)
        return self._md.render(text, md_env)

    def _finish(self, raw_html: str, env: _Env) -> Fragment:
        raw_html = _BLOCK_PH_RE.sub(r"\1", raw_html)
        clean = raw_html if self.allow_raw_html else sanitize_html(raw_html)
        xhtml = to_xhtml(clean)
        payloads = env.placeholders

        def sub_html(m: re.Match) -> str:
            return payloads[int(m.group(2))][1]

        html = _PH_RE.sub(sub_html, clean).strip()
        xhtml = _PH_RE.sub(sub_html, xhtml).strip()
        text = " ".join(" ".join(env.text_parts).split())
        return Fragment(html, xhtml, text, tuple(dict.fromkeys(env.assets)))


def _plain_fragment(text: str, inline: bool) -> Fragment | None:
    s = text[:-1] if text.endswith("\n") else text  # YAML block scalars end in one newline
    if not s or s != s.strip() or s[0] in PLAIN_START or not plain_run(s):
        return None
    html = s if inline else f"<p>{s}</p>"
    return Fragment(html, html, " ".join(s.split()), ())


def _r_callout_open(tokens, idx, options, env):
    return f'<aside class="ck-callout ck-{tokens[idx].meta["name"]}"><p class="ck-callout-title">'


def _r_callout_title_close(tokens, idx, options, env):
    return "</p>\n"


def _r_callout_close(tokens, idx, options, env):
    return "</aside>\n"


def _r_block_open(tokens, idx, options, env):
    return "<div>"


def _r_block_close(tokens, idx, options, env):
    return "</div>\n"


def _strip_final_newline(code: str) -> str:
    return code[:-1] if code.endswith("\n") else code
