"""Simulation figures in the course's language: decimal marks in every number drawn (wide
and narrow layouts), coursekit's phrases translated (the colour scale, a bin's and a
segment's hover text, a narrow diagram's second parent), right-to-left text for Arabic and
Hebrew (anchored where the English figure draws it), and English figures unchanged."""

from __future__ import annotations

from lxml import etree

from coursekit.i18n.ui import _ui_text
from coursekit.render.figure_text import FigureText
from coursekit.render.svg import NARROW, render_svg
from coursekit.sim import Diagram, Figure

SVG = "{http://www.w3.org/2000/svg}"


def chart() -> Figure:
    fig = Figure(title="Curva", x_label="tempus", y_label="valor")
    fig.line([0, 0.5, 1, 1.5], [0.25, 0.75, 1.25, 0.5], label="linea")
    return fig


def heat() -> Figure:
    fig = Figure(title="Calor")
    fig.heatmap([[0.5, 1.5], [2.5, 3.5]], x_labels=["a", "b"], y_labels=["c", "d"], label="gradus")
    return fig


def texts(svg: bytes) -> list[etree._Element]:
    return list(etree.fromstring(svg).iter(f"{SVG}text"))


def test_english_is_the_default():
    assert render_svg(chart(), "t", "d") == render_svg(chart(), "t", "d", text=FigureText.of(_ui_text("en", ())))


def test_german_numbers_have_a_decimal_comma():
    svg = render_svg(chart(), "t", "d", text=FigureText.of(_ui_text("de", ())))
    numbers = [t.text for t in texts(svg) if t.text and t.text[0].isdigit()]
    assert any("," in n for n in numbers) and not any("." in n for n in numbers), numbers


def test_colour_scale_is_translated():
    svg = render_svg(heat(), "t", "d", text=FigureText.of(_ui_text("de", ())))
    titles = [t.text for t in etree.fromstring(svg).iter(f"{SVG}title")]
    assert "gradus: Farbskala von 0,5 (dunkelviolett) bis 3,5 (gelb)" in titles


def test_right_to_left_text_keeps_its_place():
    ltr = texts(render_svg(chart(), "t", "d"))
    rtl = texts(render_svg(chart(), "t", "d", text=FigureText.of(_ui_text("ar", ()))))
    assert len(ltr) == len(rtl)
    swapped = {"start": "end", "end": "start", "middle": "middle"}
    for a, b in zip(ltr, rtl, strict=True):
        assert (a.get("x"), a.get("y"), a.text) == (b.get("x"), b.get("y"), b.text)
        if any(ch.isalpha() for ch in "".join(a.itertext())):
            assert b.get("direction") == "rtl"
            assert b.get("text-anchor", "start") == swapped[a.get("text-anchor", "start")]
        else:  # numbers read left to right in Arabic and Hebrew figures too
            assert b.get("direction") is None and b.get("text-anchor") == a.get("text-anchor")


def titles(svg: bytes) -> list[str]:
    return [t.text for t in etree.fromstring(svg).iter(f"{SVG}title") if t.text]


def marks() -> Figure:
    fig = Figure(title="Signa", x_label="x", y_label="y")
    fig.histogram([0.25, 0.75, 0.75, 1.25], bins=[0, 0.5, 1, 1.5], label="numeri")
    fig.segments([0.5, 0.25, 0.25], [0.5, 0.5, 1.0], [1.5, 0.25, 1.25], [0.5, 1.5, 2.0], label="viae")
    return fig


def test_narrow_figures_are_in_the_course_language_too():
    """The phone layout draws its own numbers: decimal commas there as well."""
    for fig in (chart(), heat()):
        svg = render_svg(fig, "t", "d", NARROW, text=FigureText.of(_ui_text("de", ())))
        numbers = [t.text for t in texts(svg) if t.text and t.text[0].isdigit()]
        assert any("," in n for n in numbers) and not any("." in n for n in numbers), numbers


def test_hover_text_of_bins_and_segments_is_translated():
    """The values a mouse, a tap or the arrow keys show (sim.js reads the <title>s)."""
    english = titles(render_svg(marks(), "t", "d"))
    assert "numeri: 0.5 to 1: 2" in english
    assert {"viae: 0.5 to 1.5 at y = 0.5", "viae: 0.5 to 1.5 at x = 0.25", "viae: (0.25, 1) to (1.25, 2)"} <= set(
        english
    )
    german = titles(render_svg(marks(), "t", "d", text=FigureText.of(_ui_text("de", ()))))
    assert "numeri: 0,5 bis 1: 2" in german
    assert {"viae: 0,5 bis 1,5 bei y = 0,5", "viae: 0,5 bis 1,5 bei x = 0,25", "viae: (0,25; 1) bis (1,25; 2)"} <= set(
        german
    )


def test_narrow_diagram_names_a_second_parent_in_the_course_language():
    d = Diagram(title="Graphus")
    for n in ("a", "b", "c"):
        d.node(n, n.upper())
    d.edge("a", "c").edge("b", "c")
    words = [t.text for t in texts(render_svg(d, "t", "d", NARROW, text=FigureText.of(_ui_text("fr", ()))))]
    assert "aussi depuis B" in words and not [w for w in words if w and "also from" in w]
