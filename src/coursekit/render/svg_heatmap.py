"""A heatmap: a grid of cells in the viridis scale with a colour key; each cell's value on hover."""

from __future__ import annotations

import math

from lxml import etree

from ..sim.figure import Figure, FigureError, Heatmap
from .figure_text import COLOUR_SCALE
from .svg_axes import axis_title
from .svg_doc import INK, Layout, el, heading_text, resize, root, title
from .svg_style import viridis
from .svg_text import coord, number, text_width, words


def heatmap(fig: Figure, heading: str, desc: str, layout: Layout) -> etree._Element:
    m: Heatmap = next(mk for mk in fig.marks if isinstance(mk, Heatmap))
    W = float(fig.width) if layout.width is None else float(min(fig.width, layout.width))
    H = float(fig.height)
    svg = root(W, H, heading, desc, layout)
    f = layout.font
    top = 12.0
    if fig.title:
        top = heading_text(svg, fig.title, W, layout)
    rows, cols = m.z.shape
    ylabel, xlabel = axis_title(fig.y_label, fig.y_unit), axis_title(fig.x_label, fig.x_unit)
    left = 12 + max(text_width(s, f) for s in m.y_labels) + 8 + (20 if ylabel else 0)
    bottom = f + 14 + (f + 8 if xlabel else 0)
    scale_w = 70.0
    if layout.narrow:  # the key as wide as its numbers (or its name, set upright beside it)
        numbers = max(text_width(number(float(v)), f) for v in (m.z.min(), m.z.max()))
        scale_w = 18 + max(numbers, layout.small * 1.5 if m.label else 0) + 4
    px0, px1 = left, W - scale_w - 16
    if layout.narrow:
        # cells about as tall as they are wide, within what a phone screen holds
        cell = (px1 - px0) / cols
        H = top + min(440.0, max(160.0, rows * min(max(cell, f + 4), 40.0))) + bottom
        resize(svg, W, H)
    py0, py1 = H - bottom, top
    if px1 - px0 < 40 or py0 - py1 < 40:
        raise FigureError("the heatmap is too small for its labels; make the figure larger", fig.origin)
    cw, ch = (px1 - px0) / cols, (py0 - py1) / rows
    lo, hi = float(m.z.min()), float(m.z.max())
    span = hi - lo or 1.0
    g = el(svg, "g", class_="heatmap")
    title(g, m.label)
    for r in range(rows):
        for c in range(cols):
            v = float(m.z[r, c])
            rect = el(
                g,
                "rect",
                x=px0 + c * cw,
                y=py1 + r * ch,
                width=cw,
                height=ch,
                fill=viridis((v - lo) / span),
                stroke="#FFFFFF",
                stroke_width=0.5,
            )
            title(rect, f"{m.y_labels[r]}, {m.x_labels[c]}: {number(v)}")
    # Labels thin out when cells are narrower than their text; every cell keeps its hover text.
    widest = max(text_width(s, f) for s in m.x_labels) + 6 if layout.narrow else 40
    step_x = max(1, math.ceil(cols / max(1, (px1 - px0) / widest)))
    for c in range(0, cols, step_x):
        el(svg, "text", m.x_labels[c], x=px0 + (c + 0.5) * cw, y=py0 + f + 4, text_anchor="middle", fill=INK)
    step_y = max(1, math.ceil(rows / max(1, (py0 - py1) / (f + 4))))
    for r in range(0, rows, step_y):
        el(svg, "text", m.y_labels[r], x=px0 - 6, y=py1 + (r + 0.5) * ch + 4, text_anchor="end", fill=INK)
    if xlabel:
        el(svg, "text", xlabel, x=(px0 + px1) / 2, y=H - 10, text_anchor="middle", fill=INK)
    if ylabel:
        cy = (py0 + py1) / 2
        el(svg, "text", ylabel, x=14, y=cy, text_anchor="middle", transform=f"rotate(-90 14 {coord(cy)})", fill=INK)
    _colour_key(svg, m, px1 + 16, py0, py1, lo, hi, layout)
    return svg


def _colour_key(svg, m: Heatmap, sx: float, py0: float, py1: float, lo: float, hi: float, layout: Layout) -> None:
    """Stacked swatches (no gradient, so no ids to clash when the SVG is inlined)."""
    steps = 20
    sh = (py0 - py1) / steps
    key = el(svg, "g", class_="colour-scale")
    title(
        key,
        (m.label + ": " if m.label else "") + words().say(COLOUR_SCALE, low=number(lo), high=number(hi)),
    )
    for k in range(steps):
        el(key, "rect", x=sx, y=py1 + k * sh, width=14, height=sh + 0.3, fill=viridis(1 - (k + 0.5) / steps))
    el(key, "text", number(hi), x=sx + 18, y=py1 + 9, fill=INK)
    el(key, "text", number(lo), x=sx + 18, y=py0, fill=INK)
    if m.label and not layout.narrow:
        el(key, "text", m.label, x=sx + 18, y=(py0 + py1) / 2 + 4, fill=INK, font_size=layout.small)
    elif m.label:
        # narrow: the key's name runs up beside it, between its end values
        x, cy = sx + 18 + layout.small, (py0 + py1) / 2
        el(
            key,
            "text",
            m.label,
            x=x,
            y=cy,
            text_anchor="middle",
            transform=f"rotate(-90 {coord(x)} {coord(cy)})",
            fill=INK,
            font_size=layout.small,
        )
