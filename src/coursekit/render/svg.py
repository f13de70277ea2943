"""Our SVG renderer for coursekit.sim figures and diagrams.

Small, deterministic and accessible: the same figure gives the same bytes; the root has
``role="img"`` with ``<title>`` and ``<desc>``; marks carry hover text as ``<title>``;
all text is real ``<text>``; colours are a colour-blind-safe palette (Okabe & Ito,
darkened where needed) whose every colour has at least 3:1 contrast on the white
background (WCAG 2.1 non-text contrast) and text is near-black (over 12:1). No fonts,
images, scripts or other references leave the file.
"""

from __future__ import annotations

import contextvars
import math
from typing import Any

import numpy as np
from lxml import etree

from ..sim.diagram import Diagram
from ..sim.figure import Band, Bars, Event, Figure, FigureError, Heatmap, Line, Note, Rule, Scatter
from .figure_text import FigureText
from .svg_text import coord, finite_extent, format_number, linear_ticks, log_ticks, text_width, wrap

SVG_NS = "http://www.w3.org/2000/svg"
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8F6A00", "#5E4FA2")
INK = "#222222"  # text
MUTED = "#595959"  # axes, reference lines (7:1)
GRID = "#E3E3E3"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
DASHES = (None, "6 4", "2 3", "8 3 2 3")
# Viridis (perceptually uniform, readable in greyscale and for colour-blind readers).
VIRIDIS = ("#440154", "#482878", "#3E4A89", "#31688E", "#26828E", "#1F9E89", "#35B779", "#6DCD59", "#B4DE2C", "#FDE725")


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: Any) -> etree._Element:
    el = etree.SubElement(parent, tag)
    for k, v in attrs.items():
        if v is None:
            continue
        el.set(k.rstrip("_").replace("_", "-"), v if isinstance(v, str) else coord(v))
    if text is not None:
        el.text = text
    return el


def _title(el: etree._Element, text: str | None) -> None:
    if text:
        t = etree.Element("title")
        t.text = text
        el.insert(0, t)


def _label(name: str | None, unit: str | None) -> str | None:
    if name and unit:
        return f"{name} ({unit})"
    return name or (f"({unit})" if unit else None)


def _hex_mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb, strict=True))


def viridis(t: float) -> str:
    t = min(1.0, max(0.0, t)) * (len(VIRIDIS) - 1)
    i = min(int(t), len(VIRIDIS) - 2)
    return _hex_mix(VIRIDIS[i], VIRIDIS[i + 1], t - i)


class _Scale:
    def __init__(self, lo: float, hi: float, a: float, b: float, log: bool):
        self.log = log
        self.lo, self.hi, self.a, self.b = lo, hi, a, b
        self._l0 = math.log10(lo) if log else lo
        self._l1 = math.log10(hi) if log else hi

    def __call__(self, v: Any) -> Any:
        v = np.log10(v) if self.log else np.asarray(v, dtype=float)
        return self.a + (v - self._l0) / (self._l1 - self._l0) * (self.b - self.a)


def _root(width: float, height: float, title: str, desc: str) -> etree._Element:
    svg = etree.Element("svg", nsmap={None: SVG_NS})
    svg.set("viewBox", f"0 0 {coord(width)} {coord(height)}")
    svg.set("width", coord(width))
    svg.set("height", coord(height))
    svg.set("role", "img")
    svg.set("aria-labelledby", "ck-title ck-desc")
    svg.set("font-family", FONT)
    svg.set("font-size", "12")
    _el(svg, "title", title, id="ck-title")
    _el(svg, "desc", desc, id="ck-desc")
    _el(svg, "rect", width=width, height=height, fill="#FFFFFF")
    return svg


def _serialise(svg: etree._Element) -> bytes:
    for el in svg.iter():
        # lxml puts SubElements of a default-namespace root in the namespace already;
        # plain etree.Element children (the <title>s) need it too.
        if isinstance(el.tag, str) and not el.tag.startswith("{"):
            el.tag = f"{{{SVG_NS}}}{el.tag}"
    etree.cleanup_namespaces(svg)
    return etree.tostring(svg, encoding="utf-8", xml_declaration=False) + b"\n"


# The figure being drawn's language (render_svg sets it): numbers and directions in it.
_TEXT: contextvars.ContextVar[FigureText] = contextvars.ContextVar(
    "figure_text",
    default=FigureText(),  # noqa: B039 - a frozen dataclass, never mutated
)


def _n(v: float, step: float | None = None) -> str:
    """A number drawn in the figure, in the course's language (format_number, its decimal mark)."""
    return _TEXT.get().number(format_number(v, step))


def render_svg(figure: Figure | Diagram, title: str, desc: str, text: FigureText | None = None) -> bytes:
    """The SVG document of a figure; ``title`` and ``desc`` come from the declaration,
    ``text`` is the course's language (English by default)."""
    figure.check()
    text = text or FigureText()
    token = _TEXT.set(text)
    try:
        if isinstance(figure, Diagram):
            svg = _diagram(figure, title, desc)
        elif any(isinstance(m, Heatmap) for m in figure.marks):
            svg = _heatmap(figure, title, desc)
        else:
            svg = _chart(figure, title, desc)
        text.direct(svg)
        return _serialise(svg)
    finally:
        _TEXT.reset(token)


# -- charts -------------------------------------------------------------------------------


def _legend_entries(fig: Figure) -> list[tuple[str, Any, int]]:
    out = []
    for i, m in enumerate(_series(fig)):
        if getattr(m, "label", None):
            out.append((m.label, m, i))
    return out


def _series(fig: Figure) -> list[Any]:
    return [m for m in fig.marks if isinstance(m, (Line, Scatter, Bars, Band))]


def _colour(fig: Figure, mark: Any) -> str:
    return PALETTE[_series(fig).index(mark) % len(PALETTE)]


def _dash(fig: Figure, mark: Line) -> str | None:
    if mark.dashed:
        return "6 4"
    # Past the sixth series the colours repeat; the dash pattern tells them apart.
    return DASHES[(_series(fig).index(mark) // len(PALETTE)) % len(DASHES)]


def _legend(svg, fig: Figure, x0: float, y0: float, width: float) -> float:
    """Draw the legend as wrapped rows from (x0, y0); returns its height."""
    entries = _legend_entries(fig) if fig.legend else []
    if not entries:
        return 0.0
    g = _el(svg, "g", class_="legend")
    x, y, row_h = x0, y0, 18.0
    for label, mark, _ in entries:
        w = 26 + text_width(label) + 14
        if x > x0 and x + w > x0 + width:
            x, y = x0, y + row_h
        colour = _colour(fig, mark)
        if isinstance(mark, Line):
            _el(
                g,
                "line",
                x1=x,
                y1=y + 6,
                x2=x + 20,
                y2=y + 6,
                stroke=colour,
                stroke_width=2.5,
                stroke_dasharray=_dash(fig, mark),
            )
        elif isinstance(mark, Scatter):
            _el(g, "circle", cx=x + 10, cy=y + 6, r=4.5, fill=colour)
        else:
            _el(
                g,
                "rect",
                x=x + 3,
                y=y,
                width=14,
                height=12,
                fill=colour,
                fill_opacity=0.35 if isinstance(mark, Band) else None,
            )
        _el(g, "text", label, x=x + 26, y=y + 10, fill=INK)
        x += w
    return y - y0 + row_h + 6


def _extent(values: list[np.ndarray], given: tuple | None, log: bool, extra: list[float]) -> tuple[float, float]:
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


def _axis_ticks(
    lo: float, hi: float, log: bool, given: tuple | None, target: int
) -> tuple[float, float, list[float], float | None]:
    if log:
        a, b, ticks = log_ticks(lo, hi)
        if given and given[0] is not None:
            a = given[0]
        if given and given[1] is not None:
            b = given[1]
        return a, b, [t for t in ticks if a * (1 - 1e-9) <= t <= b * (1 + 1e-9)], None
    a, b, ticks, step = linear_ticks(lo, hi, target)
    if given and given[0] is not None:
        a = given[0]
    if given and given[1] is not None:
        b = given[1]
    if given and (given[0] is not None or given[1] is not None):
        ticks = [t for t in ticks if a - 1e-9 <= t <= b + 1e-9]
    return a, b, ticks, step


def _chart(fig: Figure, title: str, desc: str) -> etree._Element:
    W, H = float(fig.width), float(fig.height)
    svg = _root(W, H, title, desc)
    bars = [m for m in fig.marks if isinstance(m, Bars)]
    events = [m for m in fig.marks if isinstance(m, Event)]
    if events and any(e.value is None for e in events) and any(e.value is not None for e in events):
        raise FigureError("give every timeline event a value, or none of them")
    lanes = bool(events) and all(e.value is None for e in events)

    top = 10.0
    if fig.title:
        _el(svg, "text", fig.title, x=W / 2, y=24, text_anchor="middle", font_size=15, font_weight="600", fill=INK)
        top = 36.0
    top += _legend(svg, fig, 16, top, W - 32)

    # y axis domain
    xs_all: list[np.ndarray] = []
    ys_all: list[np.ndarray] = []
    for m in fig.marks:
        if isinstance(m, (Line, Scatter)):
            xs_all.append(m.x)
            ys_all.append(m.y)
        elif isinstance(m, Band):
            xs_all.append(m.x)
            ys_all += [m.low, m.high]
        elif isinstance(m, Bars):
            ys_all.append(m.values)
        elif isinstance(m, Event):
            xs_all.append(np.array([m.x]))
            if m.value is not None:
                ys_all.append(np.array([m.value]))
        elif isinstance(m, Note):
            xs_all.append(np.array([m.x]))
            ys_all.append(np.array([m.y]))
    rules_y = [m.at for m in fig.marks if isinstance(m, Rule) and m.axis == "y"]
    rules_x = [m.at for m in fig.marks if isinstance(m, Rule) and m.axis == "x"]
    ylog, xlog = fig.y_scale == "log", fig.x_scale == "log"
    extra_y = rules_y + ([0.0] if bars and not ylog else [])
    if bars and len(bars[0].categories) * len(bars) <= 16:
        # headroom for the value printed above the tallest bar
        extra_y.append(max(float(b.values.max()) for b in bars) * (1.1 if not ylog else 2.0))
    show_y = not lanes
    if show_y:
        ylo, yhi = _extent(ys_all, fig.y_range, ylog, extra_y)
        y0, y1, yticks, ystep = _axis_ticks(ylo, yhi, ylog, fig.y_range, max(3, int((H - top) / 60)))
    else:
        y0, y1, yticks, ystep = 0.0, 1.0, [], None
    ytexts = [_n(t, ystep) for t in yticks]
    ylabel = _label(fig.y_label, fig.y_unit)
    left = (
        12 + (max((text_width(t) for t in ytexts), default=0) + 8 if show_y else 0) + (20 if ylabel and show_y else 0)
    )
    left = max(left, 28.0)
    xlabel = _label(fig.x_label, fig.x_unit)
    bottom = 26 + (20 if xlabel else 0) + 6
    right = 20.0
    px0, px1, py0, py1 = left, W - right, H - bottom, top + 6
    if px1 - px0 < 60 or py0 - py1 < 40:
        raise FigureError("the figure is too small for its legend and labels; make it larger or shorten the labels")

    plot = _el(svg, "g", class_="plot")
    if show_y:
        ys = _Scale(y0, y1, py0, py1, ylog)
        for t, s in zip(yticks, ytexts, strict=True):
            yy = float(ys(t))
            _el(plot, "line", x1=px0, y1=yy, x2=px1, y2=yy, stroke=GRID, stroke_width=1)
            _el(plot, "text", s, x=px0 - 6, y=yy + 4, text_anchor="end", fill=INK)
        if ylabel:
            cy = (py0 + py1) / 2
            _el(
                plot,
                "text",
                ylabel,
                x=14,
                y=cy,
                text_anchor="middle",
                transform=f"rotate(-90 14 {coord(cy)})",
                fill=INK,
            )
    else:
        ys = None

    # x axis: categorical for bars, numeric otherwise
    if bars:
        cats = bars[0].categories
        band = (px1 - px0) / len(cats)
        for i, c in enumerate(cats):
            cx = px0 + band * (i + 0.5)
            lines = wrap(c, max(4, int(band / 7)))[:2]
            for k, ln in enumerate(lines):
                _el(plot, "text", ln, x=cx, y=py0 + 16 + 13 * k, text_anchor="middle", fill=INK)
        xs = None
    else:
        xlo, xhi = _extent(xs_all, fig.x_range, xlog, rules_x)
        if events and not fig.x_range and not xlog:
            pad = max((xhi - xlo) * 0.04, 0.5)
            xlo, xhi = xlo - pad, xhi + pad
        x0, x1, xticks, xstep = _axis_ticks(xlo, xhi, xlog, fig.x_range, max(3, int((px1 - px0) / 90)))
        xs = _Scale(x0, x1, px0, px1, xlog)
        for t in xticks:
            xx = float(xs(t))
            _el(plot, "line", x1=xx, y1=py0, x2=xx, y2=py0 + 5, stroke=MUTED, stroke_width=1)
            label = _n(t, xstep) if not events else (str(int(t)) if float(t).is_integer() else _n(t, xstep))
            _el(plot, "text", label, x=xx, y=py0 + 18, text_anchor="middle", fill=INK)
    _el(plot, "line", x1=px0, y1=py0, x2=px1, y2=py0, stroke=MUTED, stroke_width=1)
    if show_y:
        _el(plot, "line", x1=px0, y1=py0, x2=px0, y2=py1, stroke=MUTED, stroke_width=1)
    if xlabel:
        _el(plot, "text", xlabel, x=(px0 + px1) / 2, y=H - 10, text_anchor="middle", fill=INK)

    marks = _el(svg, "g", class_="marks")
    if fig.x_range or fig.y_range:
        # A given range may cut the data: clip marks to the plot (with room for markers).
        clip = _el(svg, "clipPath", id="ck-clip")
        _el(clip, "rect", x=px0 - 5, y=py1 - 5, width=px1 - px0 + 10, height=py0 - py1 + 10)
        svg.remove(clip)
        svg.insert(2, clip)
        marks.set("clip-path", "url(#ck-clip)")
    for m in fig.marks:
        if isinstance(m, Band):
            _draw_band(marks, fig, m, xs, ys)
    if bars:
        _draw_bars(marks, fig, bars, ys, px0, px1, py0)
    for m in fig.marks:
        if isinstance(m, Line):
            _draw_line(marks, fig, m, xs, ys)
        elif isinstance(m, Scatter):
            _draw_scatter(marks, fig, m, xs, ys)
    for m in fig.marks:
        if isinstance(m, Rule):
            _draw_rule(marks, m, xs, ys, px0, px1, py0, py1)
    if events:
        _draw_events(marks, events, xs, ys, px0, px1, py0, py1)
    for m in fig.marks:
        if isinstance(m, Note):
            if xs is None or ys is None:
                continue
            _el(
                marks,
                "text",
                m.text,
                x=float(xs(m.x)),
                y=float(ys(m.y)),
                text_anchor=None if m.anchor == "start" else m.anchor,
                fill=INK,
                class_="note",
            )
    return svg


def _path(xs: np.ndarray, ys: np.ndarray) -> str:
    return "M" + " L".join(f"{coord(x)} {coord(y)}" for x, y in zip(xs, ys, strict=True))


def _draw_line(parent, fig: Figure, m: Line, xs, ys) -> None:
    g = _el(parent, "g", class_="line")
    colour = _colour(fig, m)
    hover_all = m.hover[0] if m.hover and len(set(m.hover)) == 1 and m.hover[0] is not None else None
    _title(g, hover_all or m.label)
    px, py = xs(m.x), ys(m.y)
    _el(
        g,
        "path",
        d=_path(px, py),
        fill="none",
        stroke=colour,
        stroke_width=2.5,
        stroke_linejoin="round",
        stroke_linecap="round",
        stroke_dasharray=_dash(fig, m),
    )
    if m.hover and not hover_all:
        for x, y, h in zip(px, py, m.hover, strict=True):
            c = _el(g, "circle", cx=float(x), cy=float(y), r=3.5, fill=colour)
            _title(c, h)


def _draw_scatter(parent, fig: Figure, m: Scatter, xs, ys) -> None:
    g = _el(parent, "g", class_="points")
    _title(g, m.label)
    colour = _colour(fig, m)
    for i, (x, y) in enumerate(zip(xs(m.x), ys(m.y), strict=True)):
        c = _el(g, "circle", cx=float(x), cy=float(y), r=4, fill=colour, stroke="#FFFFFF", stroke_width=1)
        if m.hover:
            _title(c, m.hover[i])


def _draw_band(parent, fig: Figure, m: Band, xs, ys) -> None:
    px = xs(m.x)
    d = (
        _path(px, ys(m.high))
        + " L"
        + " L".join(f"{coord(x)} {coord(y)}" for x, y in zip(px[::-1], ys(m.low)[::-1], strict=True))
        + " Z"
    )
    g = _el(parent, "g", class_="band")
    _title(g, m.label)
    _el(g, "path", d=d, fill=_colour(fig, m), fill_opacity=0.25, stroke="none")


def _draw_bars(parent, fig: Figure, bars: list[Bars], ys, px0: float, px1: float, py0: float) -> None:
    cats = bars[0].categories
    band = (px1 - px0) / len(cats)
    inner = band * 0.8
    width = inner / len(bars)
    base = float(ys(max(ys.lo, 0.0) if not ys.log else ys.lo))
    show_values = len(cats) * len(bars) <= 16
    for k, m in enumerate(bars):
        g = _el(parent, "g", class_="bars")
        _title(g, m.label)
        colour = _colour(fig, m)
        for i, (c, v) in enumerate(zip(cats, m.values, strict=True)):
            x = px0 + band * i + (band - inner) / 2 + width * k
            y = float(ys(v))
            top, h = min(y, base), abs(base - y)
            r = _el(g, "rect", x=x + 1, y=top, width=max(width - 2, 1), height=max(h, 0.5), fill=colour)
            hover = m.hover[i] if m.hover else f"{c}{' — ' + m.label if m.label else ''}: {_n(float(v))}"
            _title(r, hover)
            if show_values:
                _el(
                    g,
                    "text",
                    _n(float(v)),
                    x=x + width / 2,
                    y=top - 4,
                    text_anchor="middle",
                    fill=INK,
                    font_size=11,
                )


def _draw_rule(parent, m: Rule, xs, ys, px0, px1, py0, py1) -> None:
    g = _el(parent, "g", class_="rule")
    _title(g, m.label)
    if m.axis == "y" and ys is not None:
        y = float(ys(m.at))
        _el(g, "line", x1=px0, y1=y, x2=px1, y2=y, stroke=MUTED, stroke_width=1.5, stroke_dasharray="5 4")
        if m.label:
            _el(g, "text", m.label, x=px1 - 4, y=y - 5, text_anchor="end", fill=INK)
    elif m.axis == "x" and xs is not None:
        x = float(xs(m.at))
        _el(g, "line", x1=x, y1=py0, x2=x, y2=py1, stroke=MUTED, stroke_width=1.5, stroke_dasharray="5 4")
        if m.label:
            _el(g, "text", m.label, x=x + 4, y=py1 + 12, fill=INK)


def _draw_events(parent, events: list[Event], xs, ys, px0, px1, py0, py1) -> None:
    """Events as points with labels; without values they are stacked in lanes so labels do not collide."""
    g = _el(parent, "g", class_="timeline")
    order = sorted(range(len(events)), key=lambda i: (events[i].x, i))
    placed: list[tuple[float, float, float, float]] = []  # label boxes
    if ys is None:
        lane_end: list[float] = []
        lane_of: dict[int, int] = {}
        left_of: dict[int, bool] = {}
        for i in order:
            e = events[i]
            x = float(xs(e.x))
            w = text_width(e.label)
            # near the right edge the label goes on the left of its point
            left_of[i] = x + 8 + w > px1 + 16
            start, end = (x - 8 - w, x + 6) if left_of[i] else (x - 6, x + 8 + w)
            for lane, last in enumerate(lane_end):
                if last + 6 < start:
                    lane_end[lane] = end
                    lane_of[i] = lane
                    break
            else:
                lane_of[i] = len(lane_end)
                lane_end.append(end)
        n = max(1, len(lane_end))
        gap = (py0 - py1) / (n + 0.5)
        # stems first, so that no stem is drawn over an earlier event's label
        stems = _el(g, "g", class_="stems", stroke=GRID, stroke_width=1)
        for i in order:
            x = float(xs(events[i].x))
            _el(stems, "line", x1=x, y1=py0, x2=x, y2=py0 - gap * (lane_of[i] + 0.75))
        for i in order:
            e = events[i]
            x = float(xs(e.x))
            y = py0 - gap * (lane_of[i] + 0.75)
            eg = _el(g, "g", class_="event")
            _title(eg, _event_title(e))
            _el(eg, "circle", cx=x, cy=y, r=5, fill=PALETTE[0])
            anchor_end = left_of[i]
            _el(
                eg,
                "text",
                e.label,
                x=x - 8 if anchor_end else x + 8,
                y=y + 4,
                text_anchor="end" if anchor_end else None,
                fill=INK,
            )
        return
    for i in order:
        e = events[i]
        x, y = float(xs(e.x)), float(ys(e.value))
        eg = _el(g, "g", class_="event")
        _title(eg, _event_title(e))
        _el(eg, "circle", cx=x, cy=y, r=5, fill=PALETTE[0])
        w = text_width(e.label, 11)
        candidates = [
            (x + 8, y - 6),
            (x - 8 - w, y - 6),
            (x + 8, y + 14),
            (x - 8 - w, y + 14),
            (x - w / 2, y - 12),
            (x - w / 2, y + 20),
        ]
        best = candidates[0]
        for cx, cy in candidates:
            box = (cx, cy - 11, cx + w, cy + 2)
            inside = box[0] >= px0 and box[2] <= px1 + 16 and box[1] >= py1 - 6 and box[3] <= py0
            if inside and not any(_overlap(box, b) for b in placed):
                best = (cx, cy)
                break
        placed.append((best[0], best[1] - 11, best[0] + w, best[1] + 2))
        _el(eg, "text", e.label, x=best[0], y=best[1], fill=INK, font_size=11)


def _event_title(e: Event) -> str:
    """The hover text of an event always names it (screen readers read the title alone)."""
    when = str(int(e.x)) if float(e.x).is_integer() else _n(e.x)
    if e.hover:
        return e.hover if e.label in e.hover else f"{e.label} ({when}): {e.hover}"
    return f"{e.label} ({when})" + (f": {_n(e.value)}" if e.value is not None else "")


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# -- heatmap ------------------------------------------------------------------------------


def _heatmap(fig: Figure, title: str, desc: str) -> etree._Element:
    m: Heatmap = next(mk for mk in fig.marks if isinstance(mk, Heatmap))
    W, H = float(fig.width), float(fig.height)
    svg = _root(W, H, title, desc)
    top = 12.0
    if fig.title:
        _el(svg, "text", fig.title, x=W / 2, y=24, text_anchor="middle", font_size=15, font_weight="600", fill=INK)
        top = 36.0
    rows, cols = m.z.shape
    ylabel, xlabel = _label(fig.y_label, fig.y_unit), _label(fig.x_label, fig.x_unit)
    left = 12 + max(text_width(s) for s in m.y_labels) + 8 + (20 if ylabel else 0)
    bottom = 26 + (20 if xlabel else 0)
    scale_w = 70  # the colour key and its numbers
    px0, px1, py0, py1 = left, W - scale_w - 16, H - bottom, top
    if px1 - px0 < 40 or py0 - py1 < 40:
        raise FigureError("the heatmap is too small for its labels; make the figure larger")
    cw, ch = (px1 - px0) / cols, (py0 - py1) / rows
    lo, hi = float(m.z.min()), float(m.z.max())
    span = hi - lo or 1.0
    g = _el(svg, "g", class_="heatmap")
    _title(g, m.label)
    for r in range(rows):
        for c in range(cols):
            v = float(m.z[r, c])
            rect = _el(
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
            _title(rect, f"{m.y_labels[r]}, {m.x_labels[c]}: {_n(v)}")
    step_x = max(1, math.ceil(cols / max(1, (px1 - px0) / 40)))
    for c in range(0, cols, step_x):
        _el(svg, "text", m.x_labels[c], x=px0 + (c + 0.5) * cw, y=py0 + 16, text_anchor="middle", fill=INK)
    step_y = max(1, math.ceil(rows / max(1, (py0 - py1) / 16)))
    for r in range(0, rows, step_y):
        _el(svg, "text", m.y_labels[r], x=px0 - 6, y=py1 + (r + 0.5) * ch + 4, text_anchor="end", fill=INK)
    if xlabel:
        _el(svg, "text", xlabel, x=(px0 + px1) / 2, y=H - 10, text_anchor="middle", fill=INK)
    if ylabel:
        cy = (py0 + py1) / 2
        _el(svg, "text", ylabel, x=14, y=cy, text_anchor="middle", transform=f"rotate(-90 14 {coord(cy)})", fill=INK)
    # colour scale: stacked swatches (no gradient, so no ids to clash when inlined)
    sx, steps = px1 + 16, 20
    sh = (py0 - py1) / steps
    key = _el(svg, "g", class_="colour-scale")
    _title(
        key,
        (m.label + ": " if m.label else "") + _TEXT.get().colour_scale % {"low": _n(lo), "high": _n(hi)},
    )
    for k in range(steps):
        _el(key, "rect", x=sx, y=py1 + k * sh, width=14, height=sh + 0.3, fill=viridis(1 - (k + 0.5) / steps))
    _el(key, "text", _n(hi), x=sx + 18, y=py1 + 9, fill=INK)
    _el(key, "text", _n(lo), x=sx + 18, y=py0, fill=INK)
    if m.label:
        _el(key, "text", m.label, x=sx + 18, y=(py0 + py1) / 2 + 4, fill=INK, font_size=11)
    return svg


# -- diagrams -----------------------------------------------------------------------------


def _diagram(d: Diagram, title: str, desc: str) -> etree._Element:
    down = d.direction == "down"
    boxes: dict[str, tuple[list[str], float, float]] = {}
    for n in d.nodes:
        lines = wrap(n.label, 22)[:3]
        w = max(80.0, min(220.0, max(text_width(ln, 13) for ln in lines) + 24))
        h = 16.0 * len(lines) + 16
        boxes[n.id] = (lines, w, h)
    order = [n.id for n in d.nodes]
    children: dict[str, list[str]] = {i: [] for i in order}
    parents: dict[str, list[str]] = {i: [] for i in order}
    for e in d.edges:
        if e.target not in children[e.source]:
            children[e.source].append(e.target)
            parents[e.target].append(e.source)
    # layer = longest path from a root (the diagram is a DAG, checked)
    layer: dict[str, int] = {}

    def depth(i: str) -> int:
        if i not in layer:
            layer[i] = 0 if not parents[i] else 1 + max(depth(p) for p in parents[i])
        return layer[i]

    for i in order:
        depth(i)
    # tidy layout on the tree of first parents: leaves side by side, parents centred
    primary = {i: (parents[i][0] if parents[i] else None) for i in order}
    kids = {i: [c for c in children[i] if primary[c] == i] for i in order}
    breadth = {i: (boxes[i][1] if down else boxes[i][2]) for i in order}
    gap = 24.0 if down else 14.0
    pos: dict[str, float] = {}
    cursor = [0.0]

    def place(i: str) -> None:
        if not kids[i]:
            pos[i] = cursor[0] + breadth[i] / 2
            cursor[0] += breadth[i] + gap
            return
        for c in kids[i]:
            place(c)
        pos[i] = (pos[kids[i][0]] + pos[kids[i][-1]]) / 2

    for i in order:
        if primary[i] is None:
            place(i)
    # no two nodes of a layer may overlap: sweep each layer left to right
    n_layers = max(layer.values()) + 1
    for L in range(n_layers):
        row = sorted((i for i in order if layer[i] == L), key=lambda i: (pos[i], order.index(i)))
        edge = -math.inf
        for i in row:
            lo = pos[i] - breadth[i] / 2
            if lo < edge + gap:
                pos[i] += edge + gap - lo
            edge = pos[i] + breadth[i] / 2
    lo = min(pos[i] - breadth[i] / 2 for i in order)
    hi = max(pos[i] + breadth[i] / 2 for i in order)
    thick = [max((boxes[i][2] if down else boxes[i][1]) for i in order if layer[i] == L) for L in range(n_layers)]
    layer_gap = 46.0 if down else 56.0
    starts, acc = [], 0.0
    for t in thick:
        starts.append(acc)
        acc += t + layer_gap
    margin = 16.0
    top = 12.0 + (28.0 if d.title else 0.0)
    span_b, span_l = hi - lo, acc - layer_gap
    W = (span_b if down else span_l) + 2 * margin
    H = (span_l if down else span_b) + margin + top
    W = max(W, 200.0)
    svg = _root(W, H, title, desc)
    if d.title:
        _el(svg, "text", d.title, x=W / 2, y=24, text_anchor="middle", font_size=15, font_weight="600", fill=INK)
    shift = (W - 2 * margin - span_b) / 2 if down else 0.0

    def centre(i: str) -> tuple[float, float]:
        L = layer[i]
        b = pos[i] - lo + margin + shift
        l_ = starts[L] + thick[L] / 2
        return (b, top + l_) if down else (margin + l_, top + b)

    eg = _el(svg, "g", class_="edges", fill="none", stroke=MUTED, stroke_width=1.5)
    for e in d.edges:
        (sx, sy), (tx, ty) = centre(e.source), centre(e.target)
        _, sw, sh = boxes[e.source]
        _, tw, th = boxes[e.target]
        if down:
            x1, y1, x2, y2 = sx, sy + sh / 2, tx, ty - th / 2 - 6
            mid = (y1 + y2) / 2
            dpath = (
                f"M{coord(x1)} {coord(y1)} C{coord(x1)} {coord(mid)} {coord(x2)} {coord(mid)} {coord(x2)} {coord(y2)}"
            )
            head = f"M{coord(x2 - 5)} {coord(y2)} L{coord(x2 + 5)} {coord(y2)} L{coord(x2)} {coord(y2 + 6)} Z"
        else:
            x1, y1, x2, y2 = sx + sw / 2, sy, tx - tw / 2 - 6, ty
            mid = (x1 + x2) / 2
            dpath = (
                f"M{coord(x1)} {coord(y1)} C{coord(mid)} {coord(y1)} {coord(mid)} {coord(y2)} {coord(x2)} {coord(y2)}"
            )
            head = f"M{coord(x2)} {coord(y2 - 5)} L{coord(x2)} {coord(y2 + 5)} L{coord(x2 + 6)} {coord(y2)} Z"
        one = _el(eg, "g")
        _title(one, e.label or f"{_node_label(d, e.source)} → {_node_label(d, e.target)}")
        _el(one, "path", d=dpath)
        _el(one, "path", d=head, fill=MUTED, stroke="none")
        if e.label:
            _el(one, "text", e.label, x=(x1 + x2) / 2 + 4, y=(y1 + y2) / 2, fill=INK, stroke="none", font_size=11)
    ng = _el(svg, "g", class_="nodes")
    for n in d.nodes:
        lines, w, h = boxes[n.id]
        cx, cy = centre(n.id)
        g = _el(ng, "g", class_="node")
        _title(g, n.hover or n.label)
        root = not parents[n.id]
        _el(
            g,
            "rect",
            x=cx - w / 2,
            y=cy - h / 2,
            width=w,
            height=h,
            rx=6,
            fill="#DCEBF7" if root else "#F2F7FC",
            stroke=PALETTE[0],
            stroke_width=1.5,
        )
        for k, ln in enumerate(lines):
            _el(
                g,
                "text",
                ln,
                x=cx,
                y=cy - 8 * (len(lines) - 1) + 16 * k + 4.5,
                text_anchor="middle",
                fill=INK,
                font_size=13,
                font_weight="600" if root else None,
            )
    return svg


def _node_label(d: Diagram, i: str) -> str:
    return next(n.label for n in d.nodes if n.id == i)
