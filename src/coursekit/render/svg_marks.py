"""Drawing a chart's marks and its legend. Each mark registers what it draws as obstacles, so
that labels placed later (reference lines) keep off the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from lxml import etree

from ..sim.figure import Band, Bars, Histogram, Line, Note, Rule, Scatter, Segments
from .figure_text import AT_X, AT_Y, POINT, RANGE
from .svg_axes import Scale
from .svg_doc import INK, Layout, el, title
from .svg_place import Box, Obstacles, choose, text_box
from .svg_style import (
    BAND_OPACITY,
    LINE_WIDTH,
    POINT_RADIUS,
    RULE_WIDTH,
    SEGMENT_WIDTH,
    Styles,
    outline,
    rank,
    rule_colour,
)
from .svg_text import coords, number, text_width, words, wrap_width

PlotBox = tuple[float, float, float, float]  # px0, px1, py0 (bottom), py1 (top)


# -- legend ---------------------------------------------------------------------------------


def legend(
    svg: etree._Element,
    fig: Any,
    styles: Styles,
    x0: float,
    y0: float,
    width: float,
    layout: Layout,
    rules: frozenset[int] = frozenset(),
) -> float:
    """Draw the legend as wrapped rows from (x0, y0); returns its height. ``rules`` are the
    reference lines whose labels found no free spot beside the line: they are listed here."""
    entries = [m for m in fig.marks if isinstance(m, (Line, Scatter, Bars, Band, Histogram, Segments)) and m.label]
    if not fig.legend:
        entries = []
    entries += [m for m in fig.marks if id(m) in rules]
    if not entries:
        return 0.0
    g = el(svg, "g", class_="legend")
    f = layout.font
    row_h, line_h = f + 6, f + 3
    x, y, row_extra = x0, y0, 0.0
    for m in entries:
        lines = [m.label]
        if 26 + text_width(m.label, f) > width:
            lines = wrap_width(m.label, width - 26, f)  # a label longer than the row wraps
        w = 26 + max(text_width(s, f) for s in lines) + 14
        if x > x0 and (x + w > x0 + width or len(lines) > 1):
            x, y, row_extra = x0, y + row_h + row_extra, 0.0
        _swatch(g, m, styles, x, y, f)
        for k, s in enumerate(lines):
            el(g, "text", s, x=x + 26, y=y + f - 2 + line_h * k, fill=INK)
        row_extra = max(row_extra, line_h * (len(lines) - 1))
        x += w
        if len(lines) > 1:
            x = x0 + width + 1  # the next entry starts a new row
    return y - y0 + row_h + row_extra + 6


def _swatch(g: etree._Element, m: Any, styles: Styles, x: float, y: float, f: float) -> None:
    mid = y + f / 2
    if isinstance(m, Rule):
        el(
            g,
            "line",
            x1=x,
            y1=mid,
            x2=x + 20,
            y2=mid,
            stroke=rule_colour(m),
            stroke_width=RULE_WIDTH[rank(m)],
            stroke_dasharray="5 4",
        )
        return
    st = styles.of(m)
    if isinstance(m, (Line, Segments)):
        widths = LINE_WIDTH if isinstance(m, Line) else SEGMENT_WIDTH
        el(
            g,
            "line",
            x1=x,
            y1=mid,
            x2=x + 20,
            y2=mid,
            stroke=st.colour,
            stroke_width=widths[st.rank] if isinstance(m, Line) else max(widths[st.rank], 2.5),
            stroke_dasharray=st.dash if isinstance(m, Line) else ("6 4" if m.dashed else None),
        )
    elif isinstance(m, Scatter):
        el(g, "circle", cx=x + 10, cy=mid, r=POINT_RADIUS[st.rank] + 0.5, fill=st.colour, **outline(st))
    else:
        el(
            g,
            "rect",
            x=x + 3,
            y=y,
            width=14,
            height=f,
            fill=st.colour,
            fill_opacity=0.35 if isinstance(m, Band) else None,
            **outline(st),
        )


# -- series ---------------------------------------------------------------------------------


def _path(xs: np.ndarray, ys: np.ndarray) -> str:
    return "M" + " L".join(f"{x} {y}" for x, y in zip(coords(xs), coords(ys), strict=True))


def draw_line(parent, styles: Styles, m: Line, xs: Scale, ys: Scale, obs: Obstacles) -> None:
    g = el(parent, "g", class_="line")
    st = styles.of(m)
    hover_all = m.hover[0] if m.hover and len(set(m.hover)) == 1 and m.hover[0] is not None else None
    title(g, hover_all or m.label)
    px, py = xs(m.x), ys(m.y)
    el(
        g,
        "path",
        d=_path(px, py),
        fill="none",
        stroke=st.colour,
        stroke_width=LINE_WIDTH[st.rank],
        stroke_linejoin="round",
        stroke_linecap="round",
        stroke_dasharray=st.dash,
    )
    obs.polyline(px, py)
    if m.hover and not hover_all:
        for x, y, h in zip(px, py, m.hover, strict=True):
            c = el(g, "circle", cx=float(x), cy=float(y), r=3.5, fill=st.colour)
            title(c, h)


def draw_scatter(parent, styles: Styles, m: Scatter, xs: Scale, ys: Scale, obs: Obstacles) -> None:
    g = el(parent, "g", class_="points")
    title(g, m.label)
    st = styles.of(m)
    r = POINT_RADIUS[st.rank]
    ring = {"stroke": INK, "stroke_width": 1.5} if st.rank == 2 else {"stroke": "#FFFFFF", "stroke_width": 1}
    for i, (x, y) in enumerate(zip(xs(m.x), ys(m.y), strict=True)):
        c = el(g, "circle", cx=float(x), cy=float(y), r=r, fill=st.colour, **ring)
        obs.point(float(x), float(y), r)
        if m.hover:
            title(c, m.hover[i])


def draw_band(parent, styles: Styles, m: Band, xs: Scale, ys: Scale, obs: Obstacles) -> None:
    px, top, bottom = xs(m.x), ys(m.high), ys(m.low)
    d = (
        _path(px, top)
        + " L"
        + " L".join(f"{x} {y}" for x, y in zip(coords(px[::-1]), coords(bottom[::-1]), strict=True))
        + " Z"
    )
    g = el(parent, "g", class_="band")
    title(g, m.label)
    st = styles.of(m)
    el(g, "path", d=d, fill=st.colour, fill_opacity=BAND_OPACITY[st.rank], stroke="none")
    obs.polyline(px, top)
    obs.polyline(px, bottom)


def draw_bars(
    parent, styles: Styles, bars: list[Bars], ys: Scale, box: PlotBox, layout: Layout, obs: Obstacles
) -> None:
    """Grouped bars over categories (the wide layout; narrow figures draw them across)."""
    px0, px1, py0, _ = box
    cats = bars[0].categories
    band = (px1 - px0) / len(cats)
    inner = band * 0.8
    width = inner / len(bars)
    base = float(ys(max(ys.lo, 0.0) if not ys.log else ys.lo))
    show_values = len(cats) * len(bars) <= 16
    for k, m in enumerate(bars):
        g = el(parent, "g", class_="bars")
        title(g, m.label)
        st = styles.of(m)
        for i, (c, v) in enumerate(zip(cats, m.values, strict=True)):
            x = px0 + band * i + (band - inner) / 2 + width * k
            y = float(ys(v))
            top, h = min(y, base), abs(base - y)
            r = el(
                g, "rect", x=x + 1, y=top, width=max(width - 2, 1), height=max(h, 0.5), fill=st.colour, **outline(st)
            )
            obs.box((x + 1, top, x + max(width - 1, 2), top + max(h, 0.5)))
            hover = m.hover[i] if m.hover else f"{c}{' — ' + m.label if m.label else ''}: {number(float(v))}"
            title(r, hover)
            if show_values:
                text = number(float(v))
                el(g, "text", text, x=x + width / 2, y=top - 4, text_anchor="middle", fill=INK, font_size=layout.small)
                obs.box(text_box(x + width / 2, top - 4, text_width(text, layout.small), layout.small, "middle"))


def draw_histogram(parent, styles: Styles, m: Histogram, xs: Scale, ys: Scale, obs: Obstacles) -> None:
    g = el(parent, "g", class_="histogram")
    title(g, m.label)
    st = styles.of(m)
    base = float(ys(ys.lo)) if ys.log else float(ys(0.0))
    left, right = xs(m.edges[:-1]), xs(m.edges[1:])
    for i, h in enumerate(m.heights):
        if h == 0:
            continue  # an empty bin draws nothing (its neighbours' edges still show where it is)
        x0, x1 = float(left[i]), float(right[i])
        if x1 - x0 >= 4:
            x0, x1 = x0 + 0.5, x1 - 0.5  # a hairline of white between neighbouring bars
        y = float(ys(h))
        top, height = min(y, base), max(abs(base - y), 0.5)
        r = el(g, "rect", x=x0, y=top, width=x1 - x0, height=height, fill=st.colour, **outline(st))
        obs.box((x0, top, x1, top + height))
        if m.hover:
            title(r, m.hover[i])
            continue
        bin_range = words().say(RANGE, low=number(float(m.edges[i])), high=number(float(m.edges[i + 1])))
        title(r, f"{m.label + ': ' if m.label else ''}{bin_range}: {number(float(h))}")


def draw_segments(parent, styles: Styles, m: Segments, xs: Scale, ys: Scale, obs: Obstacles) -> None:
    st = styles.of(m)
    g = el(
        parent,
        "g",
        class_="segments",
        stroke=st.colour,
        stroke_width=SEGMENT_WIDTH[st.rank],
        stroke_linecap="round",
        stroke_dasharray="6 4" if m.dashed else None,
    )
    title(g, m.label)
    X0, Y0, X1, Y1 = xs(m.x0), ys(m.y0), xs(m.x1), ys(m.y1)
    obs.segments(X0, Y0, X1, Y1)
    for i in range(m.x0.size):
        ln = el(g, "line", x1=float(X0[i]), y1=float(Y0[i]), x2=float(X1[i]), y2=float(Y1[i]))
        title(ln, m.hover[i] if m.hover else _segment_text(m, i))


def _segment_text(m: Segments, i: int) -> str:
    x0, y0, x1, y1 = (number(float(a[i])) for a in (m.x0, m.y0, m.x1, m.y1))
    say = words().say
    if y0 == y1:
        where = say(AT_Y, range=say(RANGE, low=x0, high=x1), y=y0)
    elif x0 == x1:
        where = say(AT_X, range=say(RANGE, low=y0, high=y1), x=x0)
    else:
        where = say(RANGE, low=say(POINT, x=x0, y=y0), high=say(POINT, x=x1, y=y1))
    return f"{m.label}: {where}" if m.label else where


def draw_note(parent, m: Note, xs: Scale, ys: Scale, layout: Layout, obs: Obstacles) -> None:
    x, y = float(xs(m.x)), float(ys(m.y))
    el(
        parent,
        "text",
        m.text,
        x=x,
        y=y,
        text_anchor=None if m.anchor == "start" else m.anchor,
        fill=INK,
        class_="note",
    )
    obs.box(text_box(x, y, text_width(m.text, layout.font), layout.font, m.anchor))


# -- reference lines ---------------------------------------------------------------------------


@dataclass
class PendingLabel:
    """A reference line's label, placed once every mark is drawn."""

    group: etree._Element
    text: str
    axis: str  # "y": a horizontal line at ``at`` (SVG y); "x": a vertical line at ``at`` (SVG x)
    at: float
    mark: Rule


def draw_rule(
    parent,
    m: Rule,
    xs: Scale | None,
    ys: Scale | None,
    box: PlotBox,
    layout: Layout,
    obs: Obstacles,
    in_legend: frozenset[int] = frozenset(),
) -> PendingLabel | None:
    """The line; its label is returned to be placed last (unless the legend lists it)."""
    px0, px1, py0, py1 = box
    g = el(parent, "g", class_="rule")
    title(g, m.label)
    stroke = {"stroke": rule_colour(m), "stroke_width": RULE_WIDTH[rank(m)], "stroke_dasharray": "5 4"}
    if m.axis == "y" and ys is not None:
        y = float(ys(m.at))
        el(g, "line", x1=px0, y1=y, x2=px1, y2=y, **stroke)
        obs.segments([px0], [y], [px1], [y])
        return PendingLabel(g, m.label, "y", y, m) if m.label and id(m) not in in_legend else None
    if m.axis == "x" and xs is not None:
        x = float(xs(m.at))
        el(g, "line", x1=x, y1=py0, x2=x, y2=py1, **stroke)
        obs.segments([x], [py0], [x], [py1])
        return PendingLabel(g, m.label, "x", x, m) if m.label and id(m) not in in_legend else None
    return None


def place_rule_labels(
    pending: list[PendingLabel],
    box: PlotBox,
    layout: Layout,
    obs: Obstacles,
    right: float | None = None,
    may_move: bool = True,
) -> list[Rule]:
    """Each label at the first spot beside its line that covers no data: first the usual spot
    (the right end above a horizontal line, the top right of a vertical one), then other spots
    along the line, then the same wrapped onto more lines. When every spot covers something,
    the label is returned (``may_move``: the caller lists it in the legend instead) or drawn
    where it covers least, with a white halo. ``right`` is how far right a label may reach."""
    moved: list[Rule] = []
    px0, px1, py0, py1 = box
    f = layout.font
    area: Box = (px0, py1 - 2, px1 + 16 if right is None else right, py0)
    for p in pending:
        options: list[tuple[list[str], float, float, str]] = []  # lines, x, first baseline, anchor
        for lines in _wrappings(p.text, px1 - px0 - 8, f):
            options += _spots(p, lines, box, layout)
        boxes = [_lines_box(x, y, max(text_width(s, f) for s in lines), f, a, len(lines)) for lines, x, y, a in options]
        i, free = choose(boxes, area, obs)
        if not free and may_move:
            moved.append(p.mark)
            continue
        lines, x, y, anchor = options[i]
        halo = {} if free else {"stroke": "#FFFFFF", "stroke_width": 3, "paint_order": "stroke"}
        for k, s in enumerate(lines):
            el(
                p.group,
                "text",
                s,
                x=x,
                y=y + (f + 2) * k,
                text_anchor=None if anchor == "start" else anchor,
                fill=INK,
                **halo,
            )
        obs.box(boxes[i])
    return moved


def _wrappings(text: str, widest: float, f: float) -> list[list[str]]:
    """The text on one line (if it fits in ``widest``), then on the narrowest 2, 3, ... lines."""
    out = [wrap_width(text, widest, f)]
    one_line = text_width(text, f)
    for k in range(2, min(6, len(text.split())) + 1):
        width = one_line / k
        lines = wrap_width(text, width, f)
        while len(lines) > k:
            width += f / 2
            lines = wrap_width(text, width, f)
        if len(lines) > len(out[-1]):
            out.append(lines)
    return out


def _spots(
    p: PendingLabel, lines: list[str], box: PlotBox, layout: Layout
) -> list[tuple[list[str], float, float, str]]:
    px0, px1, py0, py1 = box
    f = layout.font
    w = max(text_width(s, f) for s in lines)
    extra = (f + 2) * (len(lines) - 1)
    out: list[tuple[list[str], float, float, str]] = []
    if p.axis == "y":
        above, below = p.at - 5 - extra, p.at + f + 3
        # the right end, the left end, then every 12 units from right to left
        starts = [px1 - 4 - w, px0 + 4]
        x = px1 - 4 - w - 12
        while x > px0 + 4:
            starts.append(x)
            x -= 12
        for y in (above, below):
            out += [(lines, x0 + w, y, "end") if k == 0 else (lines, x0, y, "start") for k, x0 in enumerate(starts)]
        return _order(out, len(starts))
    # a vertical line: top right, top left, bottom right, bottom left, then down the line
    top, bottom = py1 + f, py0 - 6 - extra
    ys = [top, bottom]
    y = top + 12
    while y < bottom:
        ys.append(y)
        y += 12
    for y in ys:
        out += [(lines, p.at + 4, y, "start"), (lines, p.at - 4, y, "end")]
    return out


def _order(spots: list, n: int) -> list:
    """Above-right, above-left, below-right, below-left, then the rest above, then below."""
    above, below = spots[:n], spots[n:]
    return above[:2] + below[:2] + above[2:] + below[2:]


def _lines_box(x: float, y: float, w: float, f: float, anchor: str, n: int) -> Box:
    b = text_box(x, y, w, f, anchor)
    return (b[0], b[1], b[2], b[3] + (f + 2) * (n - 1))
