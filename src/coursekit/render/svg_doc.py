"""The SVG document shared by every figure kind: element helpers, the root, serialisation,
and the two layouts a figure is drawn in.

A figure is drawn for the width it is shown at: ``WIDE`` at the author's size (a desktop
column), ``NARROW`` 320 units wide with larger text, for phones, where the page shows it at
about its own size (text of 13 units reads as 13 CSS px on a 390 px screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from .svg_text import coord, text_width, wrap

SVG_NS = "http://www.w3.org/2000/svg"
INK = "#222222"  # text (over 12:1 on white)
MUTED = "#595959"  # axes, reference lines (7:1)
GRID = "#E3E3E3"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


@dataclass(frozen=True)
class Layout:
    """Sizes of one rendering of a figure (all in SVG user units)."""

    name: str
    font: float  # axis, legend and label text (the root's font-size)
    small: float  # values printed on bars, labels of valued events, edge labels
    heading: float  # a title drawn in the figure
    node: float  # diagram node text
    char_w: float  # average character width used to wrap category labels
    width: float | None  # None: the author's width; else at most this
    narrow: bool
    decimals: int  # of coordinates


WIDE = Layout("wide", 12, 11, 15, 13, 7.0, None, False, 2)
NARROW = Layout("narrow", 13, 12, 16, 13, 7.6, 320, True, 1)


def el(parent: etree._Element, tag: str, text: str | None = None, **attrs: Any) -> etree._Element:
    """A child element; ``font_size=11`` becomes ``font-size="11"``, None values are left out."""
    node = etree.SubElement(parent, tag)
    for k, v in attrs.items():
        if v is None:
            continue
        node.set(k.rstrip("_").replace("_", "-"), v if isinstance(v, str) else coord(v))
    if text is not None:
        node.text = text
    return node


def title(node: etree._Element, text: str | None) -> None:
    """Hover text (and the accessible name) of a mark, as its first child."""
    if text:
        t = etree.Element("title")
        t.text = text
        node.insert(0, t)


def root(width: float, height: float, heading: str, desc: str, layout: Layout = WIDE) -> etree._Element:
    svg = etree.Element("svg", nsmap={None: SVG_NS})
    svg.set("viewBox", f"0 0 {coord(width)} {coord(height)}")
    svg.set("width", coord(width))
    svg.set("height", coord(height))
    svg.set("role", "img")
    svg.set("aria-labelledby", "ck-title ck-desc")
    svg.set("font-family", FONT)
    svg.set("font-size", coord(layout.font))
    el(svg, "title", heading, id="ck-title")
    el(svg, "desc", desc, id="ck-desc")
    el(svg, "rect", width=width, height=height, fill="#FFFFFF")
    return svg


def resize(svg: etree._Element, width: float, height: float) -> None:
    """Set the final size once the content has decided it (attribute order is kept)."""
    svg.set("viewBox", f"0 0 {coord(width)} {coord(height)}")
    svg.set("width", coord(width))
    svg.set("height", coord(height))
    background = next(child for child in svg if isinstance(child.tag, str) and child.tag.endswith("rect"))
    background.set("width", coord(width))
    background.set("height", coord(height))


def serialise(svg: etree._Element) -> bytes:
    for node in svg.iter():
        # lxml puts SubElements of a default-namespace root in the namespace already;
        # plain etree.Element children (the <title>s) need it too.
        if isinstance(node.tag, str) and not node.tag.startswith("{"):
            node.tag = f"{{{SVG_NS}}}{node.tag}"
    etree.cleanup_namespaces(svg)
    return etree.tostring(svg, encoding="utf-8", xml_declaration=False) + b"\n"


def heading_text(svg: etree._Element, text: str, width: float, layout: Layout) -> float:
    """The figure's own title (``Figure(title=...)``) centred on top; returns the y below it.
    On a narrow figure a long title wraps rather than running off the edge."""
    lines = [text]
    if layout.narrow and text_width(text, layout.heading) > width - 16:
        lines = wrap(text, max(8, int((width - 16) / (0.6 * layout.heading))))
    step = layout.heading + 4
    for k, line in enumerate(lines):
        el(
            svg,
            "text",
            line,
            x=width / 2,
            y=24 + step * k,
            text_anchor="middle",
            font_size=layout.heading,
            font_weight="600",
            fill=INK,
        )
    return 36.0 + step * (len(lines) - 1)
