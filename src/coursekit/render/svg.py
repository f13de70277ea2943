"""Our SVG renderer for coursekit.sim figures and diagrams.

Small, deterministic and accessible: the same figure gives the same bytes; the root has
``role="img"`` with ``<title>`` and ``<desc>``; marks carry hover text as ``<title>``;
all text is real ``<text>``; colours are a colour-blind-safe palette (``svg_style``) and text
is near-black (over 12:1). No fonts, images, scripts or other references leave the file.

A figure is drawn in one of two layouts (``svg_doc``): ``WIDE`` at the author's size, and
``NARROW`` for phones (320 units wide, larger text, bars across, diagrams as an outline), so
that text is never scaled below a readable size. The modules: ``svg_chart`` (axes and marks,
with ``svg_axes``, ``svg_marks``, ``svg_events``, ``svg_hbars``), ``svg_heatmap``,
``svg_diagram``, ``svg_place`` (labels kept off the data), ``svg_text`` (numbers and text).
``figure_text`` is the course's language in a figure: every number drawn goes through
``svg_text.number`` (the decimal mark), coursekit's phrases through ``svg_text.words()``, and
right-to-left text is set once the figure is drawn.
"""

from __future__ import annotations

from ..sim.diagram import Diagram
from ..sim.figure import Figure, Heatmap
from .figure_text import FigureText
from .svg_chart import chart
from .svg_diagram import layered, outline
from .svg_doc import NARROW, WIDE, Layout, serialise
from .svg_heatmap import heatmap
from .svg_style import HIGHLIGHT, MUTED_MARK, PALETTE, viridis
from .svg_text import decimals, figure_text

__all__ = ["HIGHLIGHT", "MUTED_MARK", "NARROW", "PALETTE", "WIDE", "FigureText", "Layout", "render_svg", "viridis"]


def render_svg(
    figure: Figure | Diagram, title: str, desc: str, layout: Layout = WIDE, text: FigureText | None = None
) -> bytes:
    """The SVG document of a figure; ``title`` and ``desc`` come from the declaration, ``text``
    is the course's language in the figure (English by default): its decimal mark in every
    number drawn, its words for the phrases coursekit writes, right-to-left text."""
    figure.check()
    text = text or FigureText()
    with decimals(layout.decimals), figure_text(text):
        if isinstance(figure, Diagram):
            svg = outline(figure, title, desc, layout) if layout.narrow else layered(figure, title, desc, layout)
        elif any(isinstance(m, Heatmap) for m in figure.marks):
            svg = heatmap(figure, title, desc, layout)
        else:
            svg = chart(figure, title, desc, layout)
        text.direct(svg)
        return serialise(svg)
