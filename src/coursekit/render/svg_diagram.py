"""Diagrams: nodes and edges laid out in layers (wide), or as an indented outline (narrow:
a tree several boxes wide cannot be read on a phone scaled to its width, a list can)."""

from __future__ import annotations

import math

from lxml import etree

from ..sim.diagram import Diagram
from .figure_text import ALSO_FROM
from .svg_doc import INK, MUTED, WIDE, Layout, el, heading_text, resize, root, title
from .svg_style import PALETTE
from .svg_text import coord, text_width, words, wrap, wrap_width

ROOT_FILL, NODE_FILL = "#DCEBF7", "#F2F7FC"


def layered(d: Diagram, heading: str, desc: str, layout: Layout = WIDE) -> etree._Element:
    """Nodes in layers (top-down or left to right), leaves side by side, parents centred."""
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
    svg = root(W, H, heading, desc, layout)
    if d.title:
        heading_text(svg, d.title, W, layout)
    shift = (W - 2 * margin - span_b) / 2 if down else 0.0

    def centre(i: str) -> tuple[float, float]:
        L = layer[i]
        b = pos[i] - lo + margin + shift
        l_ = starts[L] + thick[L] / 2
        return (b, top + l_) if down else (margin + l_, top + b)

    eg = el(svg, "g", class_="edges", fill="none", stroke=MUTED, stroke_width=1.5)
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
        one = el(eg, "g")
        title(one, e.label or f"{node_label(d, e.source)} → {node_label(d, e.target)}")
        el(one, "path", d=dpath)
        el(one, "path", d=head, fill=MUTED, stroke="none")
        if e.label:
            el(one, "text", e.label, x=(x1 + x2) / 2 + 4, y=(y1 + y2) / 2, fill=INK, stroke="none", font_size=11)
    ng = el(svg, "g", class_="nodes")
    for n in d.nodes:
        lines, w, h = boxes[n.id]
        cx, cy = centre(n.id)
        g = el(ng, "g", class_="node")
        title(g, n.hover or n.label)
        is_root = not parents[n.id]
        el(
            g,
            "rect",
            x=cx - w / 2,
            y=cy - h / 2,
            width=w,
            height=h,
            rx=6,
            fill=ROOT_FILL if is_root else NODE_FILL,
            stroke=PALETTE[0],
            stroke_width=1.5,
        )
        for k, ln in enumerate(lines):
            el(
                g,
                "text",
                ln,
                x=cx,
                y=cy - 8 * (len(lines) - 1) + 16 * k + 4.5,
                text_anchor="middle",
                fill=INK,
                font_size=13,
                font_weight="600" if is_root else None,
            )
    return svg


def node_label(d: Diagram, i: str) -> str:
    return next(n.label for n in d.nodes if n.id == i)


def outline(d: Diagram, heading: str, desc: str, layout: Layout) -> etree._Element:
    """The diagram as an indented outline, each node under its (first) parent: the narrow
    layout. An edge's label and a node's other parents are written in the node's box."""
    W, margin, indent = float(layout.width or 320), 10.0, 16.0
    f, s = layout.node, layout.small
    parents: dict[str, list[str]] = {n.id: [] for n in d.nodes}
    kids: dict[str, list[str]] = {n.id: [] for n in d.nodes}
    labels = {(e.source, e.target): e.label for e in d.edges}
    for e in d.edges:
        if e.source not in parents[e.target]:
            parents[e.target].append(e.source)
            if len(parents[e.target]) == 1:
                kids[e.source].append(e.target)
    order: list[tuple[str, int]] = []

    def visit(i: str, depth: int) -> None:
        order.append((i, depth))
        for c in kids[i]:
            visit(c, depth + 1)

    for n in d.nodes:
        if not parents[n.id]:
            visit(n.id, 0)
    # a node reachable only through a cycle cannot occur: the diagram was checked to be a DAG
    top = 12.0
    svg = root(W, 100.0, heading, desc, layout)
    if d.title:
        top = heading_text(svg, d.title, W, layout)
    boxes: dict[str, tuple[float, float, float, float, list[str], list[tuple[str, str]]]] = {}
    y = top
    for i, depth in order:
        x = margin + depth * indent
        w = W - margin - x
        node = next(n for n in d.nodes if n.id == i)
        lines = wrap_width(node.label, w - 16, f)
        notes: list[tuple[str, str]] = []  # (text, hover)
        first, *others = parents[i] or [None]
        if first is not None and labels.get((first, i)):
            notes += [(t, labels[(first, i)]) for t in wrap_width(labels[(first, i)], w - 16, s)]
        for p in others:
            text = words().say(ALSO_FROM, node=node_label(d, p)) + (f": {labels[(p, i)]}" if labels.get((p, i)) else "")
            hover = labels.get((p, i)) or f"{node_label(d, p)} → {node.label}"  # as the wide edge's
            notes += [(t, hover) for t in wrap_width(text, w - 16, s)]
        h = len(lines) * (f + 4) + len(notes) * (s + 4) + 12
        boxes[i] = (x, y, w, h, lines, notes)
        y += h + 10
    H = y + 2
    resize(svg, W, H)

    eg = el(svg, "g", class_="edges", fill="none", stroke=MUTED, stroke_width=1.5)
    for i, _ in order:
        if not parents[i]:
            continue
        p = parents[i][0]
        px, py, _, ph, _, _ = boxes[p]
        cx, cy, _, ch, _, _ = boxes[i]
        x1, y1, y2, x2 = px + 8, py + ph, cy + min(ch / 2, 16), cx - 6
        one = el(eg, "g")
        title(one, labels.get((p, i)) or f"{node_label(d, p)} → {node_label(d, i)}")
        el(one, "path", d=f"M{coord(x1)} {coord(y1)} V{coord(y2)} H{coord(x2)}")
        el(
            one,
            "path",
            d=f"M{coord(x2)} {coord(y2 - 4)} L{coord(x2 + 6)} {coord(y2)} L{coord(x2)} {coord(y2 + 4)} Z",
            fill=MUTED,
            stroke="none",
        )
    ng = el(svg, "g", class_="nodes")
    for n in d.nodes:
        x, y, w, h, lines, notes = boxes[n.id]
        g = el(ng, "g", class_="node")
        title(g, n.hover or n.label)
        is_root = not parents[n.id]
        el(
            g,
            "rect",
            x=x,
            y=y,
            width=w,
            height=h,
            rx=6,
            fill=ROOT_FILL if is_root else NODE_FILL,
            stroke=PALETTE[0],
            stroke_width=1.5,
        )
        ty = y + 6
        for ln in lines:
            ty += f + 4
            el(g, "text", ln, x=x + 8, y=ty - 4, fill=INK, font_size=f, font_weight="600" if is_root else None)
        for text, hover in notes:
            ty += s + 4
            t = el(g, "text", text, x=x + 8, y=ty - 4, fill=MUTED, font_size=s)
            title(t, hover)
    return svg
