"""Numbers and text for SVG figures: tick placement, number formatting, text widths.

Figures are drawn without a font engine, so text width is estimated from character
classes; the estimate is generous so that labels do not collide in real fonts.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

from .figure_text import FigureText

# Decimals of coordinates: two for the wide layout; the narrow one, shown at about its own
# size, needs one (a tenth of a pixel), which keeps the extra frames it adds to a page small.
_DECIMALS: ContextVar[int] = ContextVar("coursekit_svg_decimals", default=2)


@contextmanager
def decimals(n: int) -> Iterator[None]:
    token = _DECIMALS.set(n)
    try:
        yield
    finally:
        _DECIMALS.reset(token)


# The language of the figure being drawn (render_svg sets it): its decimal mark, its phrases.
_TEXT: ContextVar[FigureText] = ContextVar("coursekit_figure_text", default=FigureText())  # noqa: B039 - a frozen dataclass


@contextmanager
def figure_text(text: FigureText) -> Iterator[None]:
    token = _TEXT.set(text)
    try:
        yield
    finally:
        _TEXT.reset(token)


def words() -> FigureText:
    """The language of the figure being drawn (English outside ``render_svg``)."""
    return _TEXT.get()


def number(v: float, step: float | None = None) -> str:
    """A number drawn in a figure (text or hover): ``format_number`` with the course's decimal mark."""
    return _TEXT.get().number(format_number(v, step))


def coord(v: float) -> str:
    """A coordinate with at most two (or ``decimals``) decimals and no ``-0``: stable, short bytes."""
    return _coord(float(v), _DECIMALS.get())


def coords(values) -> list[str]:
    """``coord`` of many values (a path's points): the precision is looked up once."""
    d = _DECIMALS.get()
    return [_coord(v, d) for v in np.asarray(values, dtype=float).tolist()]


def _coord(v: float, d: int) -> str:
    # Round in two steps: values that differ only in the last bits (numpy may pick other
    # SIMD paths on other machines) must not straddle a rounding boundary.
    r = round(round(v, 6), d)
    if r == 0:
        return "0"
    if d == 2:
        return f"{r:.2f}".rstrip("0").rstrip(".")
    return f"{r:.{d}f}".rstrip("0").rstrip(".") if d else f"{r:.0f}"


def _decimals_for(step: float) -> int:
    if step <= 0 or not math.isfinite(step):
        return 0
    d = -math.floor(math.log10(step) + 1e-9)
    # 0.25-steps need two decimals although log10 says one
    for extra in range(0, 4):
        if abs(round(step, max(0, d + extra)) - step) <= step * 1e-9:
            return max(0, d + extra)
    return max(0, d + 3)


def format_number(v: float, step: float | None = None) -> str:
    """A number for people: ``0.3`` not ``0.30000000000000004``, ``1.5M``, ``2e-05``."""
    v = float(v)
    if v == 0:
        return "0"
    a = abs(v)
    if step is not None and a >= 1e-4 and a < 1e6:
        d = _decimals_for(step)
        return _minus(f"{v:.{d}f}")
    if a >= 1e6 or a < 1e-4:
        for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
            if a >= scale and a < scale * 1000:
                return _minus(f"{v / scale:.3g}{suffix}")
        mantissa, exp = f"{v:.2e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return _minus(f"{mantissa}e{int(exp)}")
    return _minus(f"{v:.4g}" if a < 1 else f"{v:.6g}")


def _minus(s: str) -> str:
    # A real minus sign reads better than a hyphen.
    return s.replace("-", "\u2212") if s.startswith("-") else s


NICE = (1, 2, 2.5, 5, 10)
WHOLE = (1, 2, 5, 10)  # steps for years: no 2012.5


def nice_step(span: float, target: int, nice: tuple[float, ...] = NICE) -> float:
    raw = span / max(1, target)
    mag = 10 ** math.floor(math.log10(raw))
    for m in nice:
        if m * mag >= raw - 1e-12:
            return m * mag
    return 10 * mag


def linear_ticks(
    lo: float, hi: float, target: int = 6, nice: tuple[float, ...] = NICE
) -> tuple[float, float, list[float], float]:
    """A nice (lo, hi) that contains the data, its ticks and the tick step."""
    if hi <= lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    step = nice_step(hi - lo, target, nice)
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    n = int(round((end - start) / step))
    d = _decimals_for(step)
    ticks = [round(start + k * step, d + 2) for k in range(n + 1)]
    return ticks[0], ticks[-1], ticks, step


def log_ticks(lo: float, hi: float) -> tuple[float, float, list[float]]:
    """Decades that contain the data (with 2 and 5 in between when few decades)."""
    a = math.floor(math.log10(lo) + 1e-9)
    b = math.ceil(math.log10(hi) - 1e-9)
    if b == a:
        b = a + 1
    ticks: list[float] = []
    for e in range(a, b + 1):
        base = 10.0**e
        ticks.append(base)
        if b - a <= 2 and e < b:
            ticks.extend([2 * base, 5 * base])
    return 10.0**a, 10.0**b, sorted(ticks)


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: float = 12) -> float:
    """An upper estimate of the rendered width of ``text`` in a sans-serif font."""
    w = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            w += 1.0
        elif ch in "il.,:;|!'`ij ":
            w += 0.32
        elif ch.isupper() or ch in "mwMW%@":
            w += 0.72
        else:
            w += 0.58
    return w * size


def wrap(text: str, max_chars: int) -> list[str]:
    """Greedy word wrap (a word longer than the line stays whole)."""
    words, lines, cur = text.split(), [], ""
    for word in words:
        if cur and len(cur) + 1 + len(word) > max_chars:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(cur)
    return lines or [""]


def finite_extent(arrays: list[np.ndarray]) -> tuple[float, float] | None:
    vals = [a for a in arrays if a.size]
    if not vals:
        return None
    return float(min(a.min() for a in vals)), float(max(a.max() for a in vals))


def wrap_width(text: str, max_width: float, size: float = 12) -> list[str]:
    """Greedy word wrap to an estimated width (a word longer than the line stays whole)."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}" if cur else word
        if cur and text_width(trial, size) > max_width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines or [""]
