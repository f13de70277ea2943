"""A chart: axes plus marks (lines, points, bands, bars, histograms, segments, reference
lines, notes, timeline events), laid out for one ``Layout``."""

from __future__ import annotations

from typing import Any

import numpy as np
from lxml import etree

from ..sim.figure import Band, Bars, Event, Figure, FigureError, Histogram, Line, Note, Rule, Scatter, Segments
from .svg_axes import Scale, axis_ticks, axis_title, draw_x_ticks, draw_y_axis, extent, tick_text
from .svg_doc import INK, MUTED, Layout, el, heading_text, resize, root
from .svg_events import assign_rows, draw_key, draw_rows, draw_valued, key_height, lane_label_width
from .svg_hbars import hbars
from .svg_marks import (
    draw_band,
    draw_bars,
    draw_histogram,
    draw_line,
    draw_note,
    draw_rule,
    draw_scatter,
    draw_segments,
    legend,
    place_rule_labels,
)
from .svg_place import Obstacles
from .svg_style import Styles, drawing_order
from .svg_text import NICE, WHOLE, number, text_width, wrap


def chart(
    fig: Figure,
    heading: str,
    desc: str,
    layout: Layout,
    key: list[str] | None = None,
    in_legend: frozenset[int] | None = None,
) -> etree._Element:
    """Laid out twice when needed: a first pass finds the event labels that need a key and the
    reference-line labels that found no free spot (``in_legend``); the second makes room."""
    styles = Styles(fig.marks)
    W = float(fig.width) if layout.width is None else float(min(fig.width, layout.width))
    bars = [m for m in fig.marks if isinstance(m, Bars)]
    if bars and layout.narrow:
        return hbars(fig, bars, heading, desc, layout, styles, W)
    events = [m for m in fig.marks if isinstance(m, Event)]
    hists = [m for m in fig.marks if isinstance(m, Histogram)]
    lanes = bool(events) and all(e.value is None for e in events)
    f = layout.font
    key_h = key_height(key, W - 32, layout) if key else 0.0

    svg = root(W, float(fig.height), heading, desc, layout)
    top = 10.0
    if fig.title:
        top = heading_text(svg, fig.title, W, layout)
    top += legend(svg, fig, styles, 16, top, W - 32, layout, in_legend or frozenset())

    xs_all, ys_all = _data(fig)
    rules_y = [m.at for m in fig.marks if isinstance(m, Rule) and m.axis == "y"]
    rules_x = [m.at for m in fig.marks if isinstance(m, Rule) and m.axis == "x"]
    ylog = fig.y_scale == "log"
    extra_y = rules_y + ([0.0] if (bars or hists) and not ylog else [])
    if bars and len(bars[0].categories) * len(bars) <= 16:
        # headroom for the value printed above the tallest bar
        extra_y.append(max(float(b.values.max()) for b in bars) * (1.1 if not ylog else 2.0))
    xlabel, ylabel = axis_title(fig.x_label, fig.x_unit), axis_title(fig.y_label, fig.y_unit)
    bottom = f + 14 + (f + 8 if xlabel else 0) + 6
    right = 20.0

    # The x axis (numeric) does not depend on the height: lay it out first when rows of events
    # or a narrow figure need to know how tall to be.
    if lanes:
        named = lane_label_width(events, layout)
        left = max(28.0, named + 20) if named else 28.0
        xs, xticks, xstep = _x_axis(fig, xs_all, rules_x, events, left, W - right, layout)
        rows = assign_rows(events, xs, left, W - right, layout, clipped=bool(fig.x_range or fig.y_range))
        # every row needs a line of text's height: a busy timeline grows taller
        need = top + 6 + (rows.count + (0 if rows.lanes else 0.5)) * (f + 8) + bottom
        base = top + _narrow_plot(fig) + bottom if layout.narrow else float(fig.height)
        H = max(base, need) + key_h
        y0, y1, yticks, ystep = 0.0, 1.0, [], None
        ytexts: list[str] = []
    else:
        H = (top + _narrow_plot(fig) + bottom if layout.narrow else float(fig.height)) + key_h
        ylo, yhi = extent(ys_all, fig.y_range, ylog, extra_y)
        y0, y1, yticks, ystep = axis_ticks(ylo, yhi, ylog, fig.y_range, max(3, int((H - key_h - top) / 60)))
        ytexts = [number(t, ystep) for t in yticks]
        left = 12 + max((text_width(t, f) for t in ytexts), default=0) + 8 + (20 if ylabel else 0)
        left = max(left, 28.0)
    px0, px1 = left, W - right
    cat_lines: list[list[str]] = []
    if bars:
        band = (px1 - px0) / len(bars[0].categories)
        cat_lines = [wrap(c, max(4, int(band / layout.char_w))) for c in bars[0].categories]
        bottom += (f + 1) * max(0, max(len(ls) for ls in cat_lines) - 2)  # every line of a long label
    py0, py1 = H - key_h - bottom, top + 6
    if px1 - px0 < 60 or py0 - py1 < 40:
        raise FigureError(
            "the figure is too small for its legend and labels; make it larger or shorten the labels", fig.origin
        )
    resize(svg, W, H)

    plot = el(svg, "g", class_="plot")
    ys = None
    if not lanes:
        ys = Scale(y0, y1, py0, py1, ylog)
        draw_y_axis(plot, ys, yticks, ytexts, ylabel, (px0, px1, py0, py1))
    if bars:
        band = (px1 - px0) / len(bars[0].categories)
        for i, lines in enumerate(cat_lines):
            cx = px0 + band * (i + 0.5)
            for k, ln in enumerate(lines):
                el(plot, "text", ln, x=cx, y=py0 + f + 4 + (f + 1) * k, text_anchor="middle", fill=INK)
        xs = None
    else:
        if not lanes:
            xs, xticks, xstep = _x_axis(fig, xs_all, rules_x, events, px0, px1, layout)
        draw_x_ticks(plot, xs, xticks, [tick_text(t, xstep, bool(events)) for t in xticks], py0, layout)
    el(plot, "line", x1=px0, y1=py0, x2=px1, y2=py0, stroke=MUTED, stroke_width=1)
    if not lanes:
        el(plot, "line", x1=px0, y1=py0, x2=px0, y2=py1, stroke=MUTED, stroke_width=1)
    if xlabel:
        el(plot, "text", xlabel, x=(px0 + px1) / 2, y=H - key_h - 10, text_anchor="middle", fill=INK)

    box = (px0, px1, py0, py1)
    keyed, moved = _marks(svg, plot, fig, styles, xs, ys, box, layout, rows if lanes else None, in_legend)
    if in_legend is None and (keyed or moved):
        return chart(fig, heading, desc, layout, keyed, frozenset(id(m) for m in moved))
    if keyed:
        draw_key(svg, keyed, 16, H - key_h, W - 32, layout)
        resize(svg, W, H - key_h + key_height(keyed, W - 32, layout))
    return svg


def _marks(
    svg, plot, fig: Figure, styles: Styles, xs, ys, box, layout: Layout, rows, in_legend: frozenset[int] | None
) -> tuple[list[str], list[Rule]]:
    """Draw every mark in its layer; returns the event labels that need a key and the
    reference lines whose labels found no free spot (first pass only)."""
    px0, px1, py0, py1 = box
    marks = el(svg, "g", class_="marks")
    if fig.x_range or fig.y_range:
        # A given range may cut the data: clip marks to the plot (with room for markers).
        clip = el(svg, "clipPath", id="ck-clip")
        el(clip, "rect", x=px0 - 5, y=py1 - 5, width=px1 - px0 + 10, height=py0 - py1 + 10)
        svg.remove(clip)
        svg.insert(2, clip)
        marks.set("clip-path", "url(#ck-clip)")
    obs = Obstacles()
    ordered = drawing_order(fig.marks)
    for m in ordered:
        if isinstance(m, Band):
            draw_band(marks, styles, m, xs, ys, obs)
    bars = [m for m in fig.marks if isinstance(m, Bars)]
    if bars:
        draw_bars(marks, styles, bars, ys, box, layout, obs)
    for m in ordered:
        if isinstance(m, Histogram):
            draw_histogram(marks, styles, m, xs, ys, obs)
    for m in ordered:
        if isinstance(m, Line):
            draw_line(marks, styles, m, xs, ys, obs)
        elif isinstance(m, Scatter):
            draw_scatter(marks, styles, m, xs, ys, obs)
        elif isinstance(m, Segments):
            draw_segments(marks, styles, m, xs, ys, obs)
    listed = in_legend or frozenset()
    pending = [draw_rule(marks, m, xs, ys, box, layout, obs, listed) for m in fig.marks if isinstance(m, Rule)]
    keyed: list[str] = []
    events = [m for m in fig.marks if isinstance(m, Event)]
    if events:
        if rows is not None:
            draw_rows(marks, plot, events, rows, xs, box, layout, obs)
        else:
            keyed = draw_valued(marks, events, xs, ys, box, layout, obs)
    for m in fig.marks:
        if isinstance(m, Note) and xs is not None and ys is not None:
            draw_note(marks, m, xs, ys, layout, obs)
    moved = place_rule_labels([p for p in pending if p is not None], box, layout, obs, may_move=in_legend is None)
    return keyed, moved


def _data(fig: Figure) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Every x and y value the axes must show."""
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for m in fig.marks:
        if isinstance(m, (Line, Scatter)):
            xs.append(m.x)
            ys.append(m.y)
        elif isinstance(m, Band):
            xs.append(m.x)
            ys += [m.low, m.high]
        elif isinstance(m, Bars):
            ys.append(m.values)
        elif isinstance(m, Histogram):
            xs.append(m.edges)
            ys.append(m.heights[m.heights > 0] if fig.y_scale == "log" else m.heights)
        elif isinstance(m, Segments):
            xs += [m.x0, m.x1]
            ys += [m.y0, m.y1]
        elif isinstance(m, Event):
            xs.append(np.array([m.x]))
            if m.value is not None:
                ys.append(np.array([m.value]))
        elif isinstance(m, Note):
            xs.append(np.array([m.x]))
            ys.append(np.array([m.y]))
    return xs, ys


def _x_axis(
    fig: Figure, xs_all, rules_x, events, px0: float, px1: float, layout: Layout
) -> tuple[Scale, list[float], Any]:
    xlog = fig.x_scale == "log"
    xlo, xhi = extent(xs_all, fig.x_range, xlog, rules_x)
    if events and not fig.x_range and not xlog:
        pad = max((xhi - xlo) * 0.04, 0.5)
        xlo, xhi = xlo - pad, xhi + pad
    # a narrow timeline ticks whole years (the wide layout keeps its ticks as they were)
    nice = WHOLE if events and layout.narrow and xhi - xlo >= 3 else NICE
    x0, x1, xticks, xstep = axis_ticks(xlo, xhi, xlog, fig.x_range, max(3, int((px1 - px0) / 90)), nice)
    return Scale(x0, x1, px0, px1, xlog), xticks, xstep


def _narrow_plot(fig: Figure) -> float:
    """The plot height of a narrow figure: the author's proportions, a little taller (a phone
    screen is tall), within limits."""
    return float(min(300, max(170, round(fig.height * 320 / fig.width * 1.1))))
