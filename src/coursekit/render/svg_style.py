"""Colours and emphasis of a figure's marks.

The palette is Okabe & Ito's, safe for the common colour-vision deficiencies, with yellow and
sky blue replaced by darker tones so that every colour has at least 3:1 contrast on white
(WCAG 2.1 non-text contrast). An author picks a colour per mark by palette index, or an
emphasis by name: "highlight" (vermillion, and a thicker stroke, a larger marker or an outline,
so that it differs by more than colour) or "muted" (grey, thinner, drawn under the rest). Marks
without a colour take the palette in order, skipping the colours given to other marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..sim.figure import Band, Bars, Event, Histogram, Line, Rule, Scatter, Segments
from .svg_doc import INK, MUTED

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8F6A00", "#5E4FA2")
HIGHLIGHT = PALETTE[1]  # vermillion
MUTED_MARK = "#8C8C8C"  # grey with 3.3:1 on white
DASHES = (None, "6 4", "2 3", "8 3 2 3")
SERIES = (Line, Scatter, Bars, Band, Histogram, Segments)
# Viridis (perceptually uniform, readable in greyscale and for colour-blind readers).
VIRIDIS = ("#440154", "#482878", "#3E4A89", "#31688E", "#26828E", "#1F9E89", "#35B779", "#6DCD59", "#B4DE2C", "#FDE725")

# Stroke widths and marker radii by emphasis: (muted, normal, highlight).
LINE_WIDTH = (1.75, 2.5, 3.5)
SEGMENT_WIDTH = (1.5, 2, 3)
POINT_RADIUS = (3, 4, 5.5)
EVENT_RADIUS = (4, 5, 7)
BAND_OPACITY = (0.2, 0.25, 0.35)
RULE_WIDTH = (1.5, 1.5, 2.5)


def resolve(colour: str | int | None) -> str | None:
    if colour == "highlight":
        return HIGHLIGHT
    if colour == "muted":
        return MUTED_MARK
    if isinstance(colour, int):
        return PALETTE[colour]
    return None


def rank(mark: Any) -> int:
    """0 muted, 1 normal, 2 highlighted: the index into the tables above and the drawing order."""
    colour = getattr(mark, "colour", None)
    return 2 if colour == "highlight" else 0 if colour == "muted" else 1


def drawing_order(marks: list[Any]) -> list[Any]:
    """Muted marks first (underneath), highlighted last (on top); otherwise the author's order."""
    return sorted(marks, key=rank)


@dataclass
class SeriesStyle:
    colour: str
    dash: str | None
    rank: int


class Styles:
    """The colour, dash and emphasis of every series of one figure."""

    def __init__(self, marks: list[Any]):
        series = [m for m in marks if isinstance(m, SERIES)]
        taken = {resolve(m.colour) for m in series if m.colour is not None}
        free = [c for c in PALETTE if c not in taken] or list(PALETTE)
        self._by_id: dict[int, SeriesStyle] = {}
        k = 0
        for m in series:
            if m.colour is None:
                colour = free[k % len(free)]
                # Past the last free colour the colours repeat; the dash pattern tells lines apart.
                dash = DASHES[(k // len(free)) % len(DASHES)]
                k += 1
            else:
                colour, dash = resolve(m.colour), None
            if getattr(m, "dashed", False):
                dash = "6 4"
            self._by_id[id(m)] = SeriesStyle(colour, dash, rank(m))

    def of(self, mark: Any) -> SeriesStyle:
        return self._by_id[id(mark)]


def event_colour(e: Event) -> str:
    return resolve(e.colour) or PALETTE[0]


def rule_colour(r: Rule) -> str:
    return resolve(r.colour) or MUTED


def outline(style: SeriesStyle) -> dict[str, Any]:
    """Highlighted bars get a dark outline: the emphasis does not rest on colour alone."""
    return {"stroke": INK, "stroke_width": 1.5} if style.rank == 2 else {}


def _hex_mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb, strict=True))


def viridis(t: float) -> str:
    t = min(1.0, max(0.0, t)) * (len(VIRIDIS) - 1)
    i = min(int(t), len(VIRIDIS) - 2)
    return _hex_mix(VIRIDIS[i], VIRIDIS[i + 1], t - i)
