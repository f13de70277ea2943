"""Axes of a chart: data extents, scales, ticks and their labels."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from lxml import etree

from .svg_doc import GRID, INK, MUTED, Layout, el
from .svg_text import NICE, coord, finite_extent, linear_ticks, log_ticks, number, text_width


class Scale:
    def __init__(self, lo: float, hi: float, a: float, b: float, log: bool):
        self.log = log
        self.lo, self.hi, self.a, self.b = lo, hi, a, b
        self._l0 = math.log10(lo) if log else lo
        self._l1 = math.log10(hi) if log else hi

    def __call__(self, v: Any) -> Any:
        v = np.log10(v) if self.log else np.asarray(v, dtype=float)
        return self.a + (v - self._l0) / (self._l1 - self._l0) * (self.b - self.a)


def extent(values: list[np.ndarray], given: tuple | None, log: bool, extra: list[float]) -> tuple[float, float]:
    ext = finite_extent(values + ([np.asarray(extra, dtype=float)] if extra else []))
    lo, hi = ext if ext else (1.0, 10.0) if log else (0.0, 1.0)
    if given:
        lo = given[0] if given[0] is not None else lo
        hi = given[1] if given[1] is not None else hi
    if log:
        lo = max(lo, 1e-300)
        hi = max(hi, lo * 10 if hi <= lo else hi)
    elif given and given[0] is not None and given[1] is None and hi <= lo:
        hi = lo + (abs(lo) or 1.0)  # e.g. y_range=(0, None) over all-negative data: keep the given end
    elif hi < lo:
        lo = hi - (abs(hi) or 1.0)
    return lo, hi


def axis_ticks(
    lo: float, hi: float, log: bool, given: tuple | None, target: int, nice: tuple[float, ...] = NICE
) -> tuple[float, float, list[float], float | None]:
    if log:
        a, b, ticks = log_ticks(lo, hi)
        if given and given[0] is not None:
            a = given[0]
        if given and given[1] is not None:
            b = given[1]
        return a, b, [t for t in ticks if a * (1 - 1e-9) <= t <= b * (1 + 1e-9)], None
    a, b, ticks, step = linear_ticks(lo, hi, target, nice)
    if given and given[0] is not None:
        a = given[0]
    if given and given[1] is not None:
        b = given[1]
    if given and (given[0] is not None or given[1] is not None):
        ticks = [t for t in ticks if a - 1e-9 <= t <= b + 1e-9]
    return a, b, ticks, step


def axis_title(name: str | None, unit: str | None) -> str | None:
    if name and unit:
        return f"{name} ({unit})"
    return name or (f"({unit})" if unit else None)


def draw_y_axis(
    plot: etree._Element,
    ys: Scale,
    ticks: list[float],
    texts: list[str],
    title: str | None,
    box: tuple[float, float, float, float],
) -> None:
    px0, px1, py0, py1 = box
    for t, s in zip(ticks, texts, strict=True):
        yy = float(ys(t))
        el(plot, "line", x1=px0, y1=yy, x2=px1, y2=yy, stroke=GRID, stroke_width=1)
        el(plot, "text", s, x=px0 - 6, y=yy + 4, text_anchor="end", fill=INK)
    if title:
        cy = (py0 + py1) / 2
        el(plot, "text", title, x=14, y=cy, text_anchor="middle", transform=f"rotate(-90 14 {coord(cy)})", fill=INK)


def shown_labels(positions: list[float], texts: list[str], size: float, gap: float = 6) -> list[bool]:
    """Which centred tick labels to print: every label when none overlaps its neighbour, else
    every second (third, ...) one; every tick keeps its mark."""
    widths = [text_width(t, size) for t in texts]
    for every in range(1, len(texts) + 1):
        keep = [i % every == 0 for i in range(len(texts))]
        kept = [i for i, k in enumerate(keep) if k]
        if all(
            positions[i] + widths[i] / 2 + gap <= positions[j] - widths[j] / 2
            for i, j in zip(kept, kept[1:], strict=False)
        ):
            return keep
    return [i == 0 for i in range(len(texts))]


def draw_x_ticks(
    plot: etree._Element,
    xs: Scale,
    ticks: list[float],
    texts: list[str],
    py0: float,
    layout: Layout,
) -> None:
    positions = [float(xs(t)) for t in ticks]
    keep = shown_labels(positions, texts, layout.font)
    for xx, label, show in zip(positions, texts, keep, strict=True):
        el(plot, "line", x1=xx, y1=py0, x2=xx, y2=py0 + 5, stroke=MUTED, stroke_width=1)
        if show:
            el(plot, "text", label, x=xx, y=py0 + layout.font + 6, text_anchor="middle", fill=INK)


def tick_text(t: float, step: float | None, years: bool) -> str:
    """A tick label; on a timeline, whole years print without separators or decimals."""
    if years and float(t).is_integer():
        return str(int(t))
    return number(t, step)
