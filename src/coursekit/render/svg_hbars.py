"""Bars over categories drawn across, for narrow figures: on a phone, category names fit on
the left of their bars (not under bars a few pixels wide), and every value fits at its bar's
end. Reference lines on the value axis become vertical."""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from ..sim.figure import Bars, Figure, Rule
from .svg_axes import Scale, axis_ticks, axis_title, draw_x_ticks, extent
from .svg_doc import GRID, INK, MUTED, Layout, el, heading_text, resize, root, title
from .svg_marks import draw_rule, legend, place_rule_labels
from .svg_place import Obstacles, text_box
from .svg_style import Styles, outline
from .svg_text import coord, number, text_width, wrap_width


def hbars(
    fig: Figure,
    bars: list[Bars],
    heading: str,
    desc: str,
    layout: Layout,
    styles: Styles,
    W: float,
    in_legend: frozenset[int] | None = None,
) -> etree._Element:
    cats = bars[0].categories
    f, s = layout.font, layout.small
    svg = root(W, float(fig.height), heading, desc, layout)
    top = 10.0
    if fig.title:
        top = heading_text(svg, fig.title, W, layout)
    top += legend(svg, fig, styles, 16, top, W - 32, layout, in_legend or frozenset())
    cat_title = axis_title(fig.x_label, fig.x_unit)  # the categories run down the side
    val_title = axis_title(fig.y_label, fig.y_unit)  # the values run across
    lines = [wrap_width(c, W * 0.36, f) for c in cats]
    label_w = max(text_width(ln, f) for ls in lines for ln in ls)
    left = 8 + (20 if cat_title else 0) + label_w + 8
    ylog = fig.y_scale == "log"
    rules = [m.at for m in fig.marks if isinstance(m, Rule) and m.axis == "y"]
    lo, hi = extent([b.values for b in bars], fig.y_range, ylog, rules + ([] if ylog else [0.0]))
    texts = [[number(float(v)) for v in b.values] for b in bars]
    right = 12 + max(text_width(t, s) for ts in texts for t in ts) + 6
    px0, px1 = left, W - right
    v0, v1, ticks, step = axis_ticks(lo, hi, ylog, fig.y_range, max(3, int((px1 - px0) / 70)))
    xs = Scale(v0, v1, px0, px1, ylog)
    thick = f + 3
    row_h = [max(len(bars) * thick + 10, len(ls) * (f + 2) + 8) for ls in lines]
    py1 = top + 6
    py0 = py1 + sum(row_h)
    H = py0 + f + 14 + (f + 8 if val_title else 0) + 6
    resize(svg, W, H)

    plot = el(svg, "g", class_="plot")
    for t in ticks:
        xx = float(xs(t))
        el(plot, "line", x1=xx, y1=py1, x2=xx, y2=py0, stroke=GRID, stroke_width=1)
    draw_x_ticks(plot, xs, ticks, [number(t, step) for t in ticks], py0, layout)
    row_top = [py1 + sum(row_h[:i]) for i in range(len(cats))]
    for i, ls in enumerate(lines):
        cy = row_top[i] + row_h[i] / 2 - (f + 2) * (len(ls) - 1) / 2
        for k, ln in enumerate(ls):
            el(plot, "text", ln, x=px0 - 6, y=cy + (f + 2) * k + f * 0.35, text_anchor="end", fill=INK)
    el(plot, "line", x1=px0, y1=py0, x2=px1, y2=py0, stroke=MUTED, stroke_width=1)
    el(plot, "line", x1=px0, y1=py0, x2=px0, y2=py1, stroke=MUTED, stroke_width=1)
    if cat_title:
        cy = (py0 + py1) / 2
        el(plot, "text", cat_title, x=14, y=cy, text_anchor="middle", transform=f"rotate(-90 14 {coord(cy)})", fill=INK)
    if val_title:
        el(plot, "text", val_title, x=(px0 + px1) / 2, y=H - 10, text_anchor="middle", fill=INK)

    marks = el(svg, "g", class_="marks")
    if fig.y_range:
        clip = el(svg, "clipPath", id="ck-clip")
        el(clip, "rect", x=px0 - 5, y=py1 - 5, width=px1 - px0 + right, height=py0 - py1 + 10)
        svg.remove(clip)
        svg.insert(2, clip)
        marks.set("clip-path", "url(#ck-clip)")
    obs = Obstacles()
    base = float(xs(v0 if ylog else max(v0, 0.0)))
    for j, m in enumerate(bars):
        g = el(marks, "g", class_="bars")
        title(g, m.label)
        st = styles.of(m)
        for i, (c, v) in enumerate(zip(cats, m.values, strict=True)):
            y = row_top[i] + (row_h[i] - len(bars) * thick) / 2 + j * thick
            end = float(xs(v))
            x0, w = min(base, end), max(abs(end - base), 0.5)
            r = el(g, "rect", x=x0, y=y + 1, width=w, height=thick - 2, fill=st.colour, **outline(st))
            title(r, m.hover[i] if m.hover else f"{c}{' — ' + m.label if m.label else ''}: {number(float(v))}")
            obs.box((x0, y + 1, x0 + w, y + thick - 1))
            tx, anchor = (end + 4, "start") if end >= base else (end - 4, "end")
            el(
                g,
                "text",
                texts[j][i],
                x=tx,
                y=y + thick / 2 + s * 0.35,
                text_anchor=None if anchor == "start" else anchor,
                fill=INK,
                font_size=s,
            )
            obs.box(text_box(tx, y + thick / 2 + s * 0.35, text_width(texts[j][i], s), s, anchor))
    box = (px0, px1, py0, py1)
    pending = []
    listed: set[int] = set()
    turned_from: dict[int, Rule] = {}
    for m in fig.marks:
        if isinstance(m, Rule):
            # a reference value is a vertical line here; a vline has no place on a category axis
            turned = replace(m, axis="x") if m.axis == "y" else replace(m, axis="y")
            turned_from[id(turned)] = m
            if in_legend and id(m) in in_legend:
                listed.add(id(turned))
            pending.append(draw_rule(marks, turned, xs, None, box, layout, obs, frozenset(listed)))
    moved = place_rule_labels(
        [p for p in pending if p is not None], box, layout, obs, right=W - 4, may_move=in_legend is None
    )
    if moved:
        return hbars(fig, bars, heading, desc, layout, styles, W, frozenset(id(turned_from[id(m)]) for m in moved))
    return svg
