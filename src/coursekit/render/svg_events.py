"""Timeline events: in rows chosen so that labels never overlap, in lanes the author names or
numbers, or at a height given by their value (labels placed around the point; a label with no
free spot gets a number, listed in a key under the chart)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..sim.figure import Event
from .svg_axes import Scale
from .svg_doc import GRID, INK, Layout, el, title
from .svg_place import Obstacles, overlap, text_box
from .svg_style import EVENT_RADIUS, event_colour, rank
from .svg_text import number, text_width


@dataclass
class Rows:
    """Which row each event sits in (row 0 first) and on which side of its point its label goes."""

    row_of: dict[int, int] = field(default_factory=dict)
    left_of: dict[int, bool] = field(default_factory=dict)
    count: int = 0
    lanes: list[tuple[str | int, int, int]] = field(default_factory=list)  # (lane, first row, rows)
    headed: bool = False  # each lane's first row holds its name (narrow figures)


def lane_keys(events: list[Event]) -> list[str | int]:
    """Named lanes in order of first use; numbered lanes in number order."""
    keys: list[str | int] = []
    for e in events:
        if e.lane is not None and e.lane not in keys:
            keys.append(e.lane)
    return keys if not keys or isinstance(keys[0], str) else sorted(keys)


def label_width(e: Event, layout: Layout) -> float:
    w = text_width(e.label, layout.font)
    return w * 1.1 if rank(e) == 2 else w  # a highlighted event's label is bold


def assign_rows(events: list[Event], xs: Scale, px0: float, px1: float, layout: Layout, clipped: bool) -> Rows:
    """Greedy rows: an event goes in the first row (of its lane) where its label fits. On a
    narrow figure each named lane starts with a row of its own for its name."""
    rows = Rows()
    order = sorted(range(len(events)), key=lambda i: (events[i].x, i))
    lanes = lane_keys(events) or [None]
    headed = layout.narrow and isinstance(lanes[0], str)
    # how far a label may run past the plot (not at all past a clipped one)
    allow = 4.0 if clipped else 16.0
    for lane in lanes:
        ends: list[float] = []
        first = rows.count
        if headed:
            rows.count += 1
        for i in order:
            e = events[i]
            if e.lane != lane:
                continue
            x = float(xs(e.x))
            w = label_width(e, layout)
            # near the right edge the label goes on the left of its point (if it fits better there)
            right_over = x + 8 + w - (px1 + allow)
            left_over = (px0 - 4) - (x - 8 - w)
            rows.left_of[i] = right_over > 0 and (not clipped or left_over < right_over)
            start, end = (x - 8 - w, x + 6) if rows.left_of[i] else (x - 6, x + 8 + w)
            for k, last in enumerate(ends):
                if last + 6 < start:
                    ends[k] = end
                    rows.row_of[i] = rows.count + k
                    break
            else:
                rows.row_of[i] = rows.count + len(ends)
                ends.append(end)
        rows.count += max(1, len(ends))
        if lane is not None:
            rows.lanes.append((lane, first, rows.count - first))
    rows.headed = headed
    return rows


def lane_label_width(events: list[Event], layout: Layout) -> float:
    """The width lane names need on the left of the plot (none on a narrow figure: there each
    name heads its lane)."""
    if layout.narrow:
        return 0.0
    return max((text_width(str(k), layout.font) for k in lane_keys(events) if isinstance(k, str)), default=0.0)


def draw_rows(
    parent, axis: etree._Element, events: list[Event], rows: Rows, xs: Scale, box, layout: Layout, obs: Obstacles
) -> None:
    """Events in rows. Without author lanes, row 0 is next to the axis and stems join each event
    to its date; with lanes, the first lane is at the top and each lane is labelled on the left
    (in ``axis``, the plot's group: the marks may be clipped to the plot)."""
    px0, px1, py0, py1 = box
    g = el(parent, "g", class_="timeline")
    order = sorted(range(len(events)), key=lambda i: (events[i].x, i))
    if rows.lanes:
        gap = (py0 - py1) / rows.count

        def y_of(row: int) -> float:
            return py1 + gap * (row + 0.5)

        lg = el(axis, "g", class_="lanes")
        for k, (lane, first, n) in enumerate(rows.lanes):
            if k:
                yy = py1 + gap * first
                el(lg, "line", x1=px0, y1=yy, x2=px1, y2=yy, stroke=GRID, stroke_width=1)
            if isinstance(lane, str) and rows.headed:
                el(lg, "text", lane, x=px0, y=y_of(first) + 4, fill=INK, font_weight="600")
            elif isinstance(lane, str):
                el(lg, "text", lane, x=px0 - 8, y=py1 + gap * (first + n / 2) + 4, text_anchor="end", fill=INK)
    else:
        gap = (py0 - py1) / (rows.count + 0.5)

        def y_of(row: int) -> float:
            return py0 - gap * (row + 0.75)

        # stems first, so that no stem is drawn over an earlier event's label
        stems = el(g, "g", class_="stems", stroke=GRID, stroke_width=1)
        for i in order:
            x = float(xs(events[i].x))
            el(stems, "line", x1=x, y1=py0, x2=x, y2=y_of(rows.row_of[i]))
    for i in order:
        e = events[i]
        x, y = float(xs(e.x)), y_of(rows.row_of[i])
        eg = el(g, "g", class_="event")
        title(eg, event_title(e))
        r = EVENT_RADIUS[rank(e)]
        el(eg, "circle", cx=x, cy=y, r=r, fill=event_colour(e))
        left = rows.left_of[i]
        el(
            eg,
            "text",
            e.label,
            x=x - 8 if left else x + 8,
            y=y + 4,
            text_anchor="end" if left else None,
            fill=INK,
            font_weight="600" if rank(e) == 2 else None,
        )
        w = label_width(e, layout)
        obs.point(x, y, r)
        obs.box(text_box(x - 8 if left else x + 8, y + 4, w, layout.font, "end" if left else "start"))


def draw_valued(parent, events: list[Event], xs: Scale, ys: Scale, box, layout: Layout, obs: Obstacles) -> list[str]:
    """Events at (date, value), each label beside its point where it overlaps no other label.
    Returns the labels that found no place: they are numbered here and listed in a key."""
    px0, px1, py0, py1 = box
    g = el(parent, "g", class_="timeline")
    order = sorted(range(len(events)), key=lambda i: (events[i].x, i))
    placed: list[tuple[float, float, float, float]] = []  # label boxes
    keyed: list[str] = []
    f = layout.small
    for i in order:
        e = events[i]
        x, y = float(xs(e.x)), float(ys(e.value))
        eg = el(g, "g", class_="event")
        title(eg, event_title(e))
        r = EVENT_RADIUS[rank(e)]
        el(eg, "circle", cx=x, cy=y, r=r, fill=event_colour(e))
        obs.point(x, y, r)
        spot = _spot(e.label, x, y, f, box, placed)
        text = e.label
        if spot is None:
            keyed.append(e.label)
            text = str(len(keyed))
            spot = _spot(text, x, y, f, box, placed, far=True) or (x + 8, y - 6)
        w = text_width(text, f)
        placed.append((spot[0], spot[1] - 11, spot[0] + w, spot[1] + 2))
        obs.box((spot[0], spot[1] - f * 0.8, spot[0] + w, spot[1] + f * 0.25))
        el(eg, "text", text, x=spot[0], y=spot[1], fill=INK, font_size=f, font_weight="600" if rank(e) == 2 else None)
    return keyed


def _spot(text: str, x: float, y: float, f: float, box, placed, far: bool = False) -> tuple[float, float] | None:
    """The first spot beside the point where the label overlaps no other; ``far`` also tries
    spots further out (for the short numbers that stand for labels)."""
    px0, px1, py0, py1 = box
    w = text_width(text, f)
    candidates = [
        (x + 8, y - 6),
        (x - 8 - w, y - 6),
        (x + 8, y + 14),
        (x - 8 - w, y + 14),
        (x - w / 2, y - 12),
        (x - w / 2, y + 20),
    ]
    if far:
        candidates += [(x + 8, y + 4), (x - 8 - w, y + 4), (x - w / 2, y - 24), (x - w / 2, y + 32)]
        candidates += [(x + 16, y - 14), (x - 16 - w, y - 14), (x + 16, y + 22), (x - 16 - w, y + 22)]
    for cx, cy in candidates:
        b = (cx, cy - 11, cx + w, cy + 2)
        inside = b[0] >= px0 and b[2] <= px1 + 16 and b[1] >= py1 - 6 and b[3] <= py0
        if inside and not any(overlap(b, p) for p in placed):
            return cx, cy
    return None


def key_height(labels: list[str], width: float, layout: Layout) -> float:
    cols, rows = _key_grid(labels, width, layout)
    return rows * (layout.font + 5) + 8


def _key_grid(labels: list[str], width: float, layout: Layout) -> tuple[int, int]:
    col = max(text_width(f"{len(labels)}  {s}", layout.font) for s in labels) + 16
    cols = max(1, min(len(labels), int(width // col)))
    return cols, -(-len(labels) // cols)


def draw_key(svg: etree._Element, labels: list[str], x0: float, y0: float, width: float, layout: Layout) -> None:
    """The numbered labels, in columns: "1  AlexNet"."""
    cols, rows = _key_grid(labels, width, layout)
    g = el(svg, "g", class_="key")
    col_w = width / cols
    for k, s in enumerate(labels):
        c, r = divmod(k, rows)
        el(g, "text", f"{k + 1}  {s}", x=x0 + c * col_w, y=y0 + (r + 1) * (layout.font + 5) - 4, fill=INK)


def event_title(e: Event) -> str:
    """The hover text of an event always names it (screen readers read the title alone)."""
    when = str(int(e.x)) if float(e.x).is_integer() else number(e.x)
    if e.hover:
        return e.hover if e.label in e.hover else f"{e.label} ({when}): {e.hover}"
    return f"{e.label} ({when})" + (f": {number(e.value)}" if e.value is not None else "")
