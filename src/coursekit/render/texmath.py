"""TeX to MathML with Temml (vendored JavaScript) in an embedded QuickJS engine.

Why these (docs/math.md has the comparison): Temml writes MathML Core that Chromium and
Firefox render, covers the environments course authors write (aligned, cases, matrices,
array...), and reports bad TeX as an exception with the offending position, so validate can
locate it. QuickJS (PyPI ``quickjs-ng``) is a small single-threaded C engine: no threads, so a
process forked while holding one is safe, and it starts in well under 0.1 s.

One engine per process, created on first use (and again in a forked child, which then owns
its copy); every conversion is memoised per (tex, display), so the loader's check warms the
cache for the renderer and for exporters in forked workers. The result is the same bytes for
the same input on every run: Temml is deterministic and no option depends on the machine.
"""

from __future__ import annotations

import json
import os
import re
import threading
from importlib import resources

# Temml options: MathML with its namespace (valid XML for the XML targets), the TeX source as
# <annotation encoding="application/x-tex">, errors raised (never <merror> or red source text),
# no \href/\url/\includegraphics (trust: false), and expansion capped so \def loops end.
_OPTIONS = "{displayMode: d, annotate: true, throwOnError: true, xml: true, trust: false, maxExpand: 1000}"
_SHIM = (
    "function __coursekit_tex(t, d) {"
    f"  try {{ return JSON.stringify({{ok: temml.renderToString(t, {_OPTIONS})}}); }}"
    "  catch (e) {"
    "    return JSON.stringify({parse: e instanceof temml.ParseError,"
    "      message: String(e.rawMessage || e.message || e),"
    "      pos: typeof e.position === 'number' ? e.position : null});"
    "  }"
    "}"
)
# Temml appends " at position N: <source with the token underlined>" to its messages.
_WHERE_RE = re.compile(r"\s+at (?:position \d+|end of input):.*$", re.S)
MAX_TEX = 20_000  # characters in one formula; longer is refused (and cannot be an honest formula)


class TexError(Exception):
    """TeX that Temml rejects: a one-line message and the 0-based offset in the TeX, if known."""

    def __init__(self, message: str, pos: int | None = None):
        super().__init__(message)
        self.message = message
        self.pos = pos

    def __reduce__(self):  # picklable, so a forked worker can send it back
        return (TexError, (self.message, self.pos))


class _Engine:
    def __init__(self) -> None:
        import quickjs

        self.ctx = quickjs.Context()
        self.ctx.set_memory_limit(256 * 1024 * 1024)
        self.ctx.eval(resources.files("coursekit.vendor").joinpath("temml.min.js").read_text(encoding="utf-8"))
        self.ctx.eval(_SHIM)
        self.fn = self.ctx.get("__coursekit_tex")
        self.pid = os.getpid()

    def convert(self, tex: str, display: bool) -> dict:
        # JSON keeps the result one flat string (quickjs-ng cannot hand Python a "rope" string).
        return json.loads(self.fn(tex, display))


_engine: _Engine | None = None
_lock = threading.Lock()
_memo: dict[tuple[str, bool], str | TexError] = {}


def _get_engine() -> _Engine:
    global _engine
    if _engine is None or _engine.pid != os.getpid():
        _engine = _Engine()
    return _engine


def _clean_message(message: str) -> str:
    text = _WHERE_RE.sub("", message.strip())
    return " ".join(text.split())


_STYLED_MROW_RE = re.compile(r"<mrow [^>]*\b(?:displaystyle|scriptlevel)=")


def _to_mathml3(mathml: str) -> str:
    """MathML Core allows displaystyle/scriptlevel on any element; MathML 3 (the Nu checker's
    and QTI's schemas) only on <mstyle>, which lays out as an <mrow>: rename those mrows."""
    if not _STYLED_MROW_RE.search(mathml):
        return mathml
    from lxml import etree

    root = etree.fromstring(mathml.encode())
    for el in root.iter("{http://www.w3.org/1998/Math/MathML}mrow"):
        if "displaystyle" in el.attrib or "scriptlevel" in el.attrib:
            el.tag = "{http://www.w3.org/1998/Math/MathML}mstyle"
    return etree.tostring(root, encoding="unicode")


def convert(tex: str, display: bool) -> str | TexError:
    """The MathML of ``tex`` or the TexError that says why there is none (memoised)."""
    key = (tex, display)
    hit = _memo.get(key)
    if hit is not None:
        return hit
    if len(tex) > MAX_TEX:
        result: str | TexError = TexError(f"the formula is longer than {MAX_TEX:,} characters")
    else:
        with _lock:
            out = _get_engine().convert(tex, display)
        if "ok" in out:
            result = _to_mathml3(out["ok"])
        elif out.get("parse"):
            result = TexError(_clean_message(out["message"]), out.get("pos"))
        else:
            # Temml itself failed (e.g. "x^" with nothing to raise): still the author's TeX to fix.
            result = TexError("the formula is incomplete or malformed")
    _memo[key] = result
    return result


def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for ``tex``; raises TexError when the TeX does not parse."""
    result = convert(tex, display)
    if isinstance(result, TexError):
        raise TexError(result.message, result.pos)
    return result
