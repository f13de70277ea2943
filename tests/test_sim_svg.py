"""The figure API and our SVG renderer: checked data, deterministic accessible bytes,
and every figure kind drawn by librsvg (rsvg-convert), a renderer nobody here wrote."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest
from lxml import etree

from coursekit.render.svg import PALETTE, render_svg
from coursekit.render.svg_text import format_number, linear_ticks
from coursekit.sim import Diagram, Figure, FigureError

NS = {"s": "http://www.w3.org/2000/svg"}


def line_fig() -> Figure:
    n = np.array([1, 2, 4, 8, 16, 32, 64])
    fig = Figure(x_label="GPUs", y_label="Speed-up", x_scale="log", y_unit="×")
    fig.line(n, n, label="Ideal", dashed=True)
    fig.line(n, n / (1 + 0.05 * (n - 1)), label="Measured", hover=[f"{v} GPUs" for v in n])
    fig.band(n, n * 0.5, n * 0.9, label="Range")
    fig.scatter([2, 8], [1.5, 6], label="Runs", hover=["run a", "run b"])
    fig.hline(10, label="Target")
    fig.vline(16, label="One node")
    fig.text(2, 40, "note")
    return fig


def bar_fig() -> Figure:
    fig = Figure(y_label="Latency", y_unit="ms")
    fig.bar(["fp32", "fp16", "int8"], [10, 6, 3.5], label="Latency")
    fig.bar(["fp32", "fp16", "int8"], [4, 2, 1], label="Memory", hover=["a", "b", "c"])
    return fig


def timeline_fig(values: bool) -> Figure:
    fig = Figure(x_label="Year", y_label="Error" if values else None, y_unit="%" if values else None)
    for i, (year, name) in enumerate(
        [(2012, "AlexNet"), (2014, "VGG"), (2014, "GoogLeNet"), (2015, "ResNet"), (2019, "EfficientNet")]
    ):
        fig.event(year, name, value=[15.3, 7.3, 6.7, 3.6, 2.9][i] if values else None, hover=f"{name} ({year})")
    return fig


def heat_fig() -> Figure:
    fig = Figure(x_label="Column", y_label="Row")
    fig.heatmap(np.arange(12).reshape(3, 4) / 7, x_labels=list("abcd"), y_labels=["x", "y", "z"], label="Value")
    return fig


def diagram(direction: str = "down") -> Diagram:
    d = Diagram(direction=direction)
    d.node("v", "Computer vision", hover="The field")
    for key, label in [("c", "Classification"), ("det", "Object detection"), ("seg", "Semantic segmentation")]:
        d.node(key, label, hover=f"{label}: what it adds")
        d.edge("v", key)
    for key, label, parent in [
        ("rcnn", "R-CNN family (two-stage, slower)", "det"),
        ("yolo", "YOLO", "det"),
        ("detr", "DETR", "det"),
        ("unet", "U-Net", "seg"),
    ]:
        d.node(key, label)
        d.edge(parent, key)
    d.edge("c", "det", label="adds boxes")
    return d


FIGURES = {
    "lines": line_fig,
    "bars": bar_fig,
    "events-values": lambda: timeline_fig(True),
    "events-lanes": lambda: timeline_fig(False),
    "heatmap": heat_fig,
    "diagram-down": lambda: diagram("down"),
    "diagram-right": lambda: diagram("right"),
}


@pytest.mark.parametrize("name", list(FIGURES))
def test_accessible_deterministic_self_contained(name):
    svg = render_svg(FIGURES[name](), "Title & <more>", "A description of the figure.")
    assert svg == render_svg(FIGURES[name](), "Title & <more>", "A description of the figure.")
    assert len(svg) < 30_000, len(svg)
    root = etree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "ck-title ck-desc"
    assert root.find("s:title", NS).text == "Title & <more>"
    assert root.find("s:desc", NS).text == "A description of the figure."
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox"))
    # text is text, and nothing refers outside the file
    assert root.findall(".//s:text", NS)
    text = svg.decode()
    for bad in ("<image", "<script", "foreignObject", "href", "@import", "<style", "http:", "https:"):
        assert bad not in text.replace("http://www.w3.org/2000/svg", ""), bad
    assert re.findall(r"url\(([^)]*)\)", text) in ([], ["#ck-clip"]), (
        "only the figure's own clip path may be referenced"
    )
    # numbers are short: no float noise such as 0.30000000000000004
    noisy = re.search(r'="[^"]*\d\.\d{3,}|>[^<]*\d\.\d{6,}', text)
    assert not noisy, noisy
    # hover text on marks
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert len(titles) > 2


def test_hover_texts_reach_the_marks():
    root = etree.fromstring(render_svg(timeline_fig(False), "t", "d"))
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
    assert {"AlexNet (2012)", "ResNet (2015)"} <= titles
    root = etree.fromstring(render_svg(line_fig(), "t", "d"))
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
    assert {"4 GPUs", "run a", "Ideal"} <= titles
    root = etree.fromstring(render_svg(diagram(), "t", "d"))
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
    assert {"Classification: what it adds", "adds boxes", "Object detection → DETR"} <= titles


@pytest.mark.parametrize("name", list(FIGURES))
def test_librsvg_draws_every_figure(name, tmp_path):
    exe = shutil.which("rsvg-convert")
    assert exe, "rsvg-convert (Debian librsvg2-bin) is needed; scripts/test.sh installs it"
    src = tmp_path / "f.svg"
    src.write_bytes(render_svg(FIGURES[name](), "t", "d"))
    out = tmp_path / "f.png"
    proc = subprocess.run([exe, str(src), "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr
    assert out.stat().st_size > 1000


def test_diagram_boxes_do_not_overlap():
    for direction in ("down", "right"):
        root = etree.fromstring(render_svg(diagram(direction), "t", "d"))
        boxes = [
            tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
            for r in root.findall(".//s:g[@class='node']/s:rect", NS)
        ]
        assert len(boxes) == 8
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1], (
                    direction,
                    a,
                    b,
                )


def test_timeline_labels_do_not_overlap():
    fig = Figure(x_label="Year")
    for year in range(2010, 2024):
        fig.event(year, f"Event number {year}")
    root = etree.fromstring(render_svg(fig, "t", "d"))
    from coursekit.render.svg_text import text_width

    boxes = []
    for t in root.findall(".//s:g[@class='event']/s:text", NS):
        x, y, w = float(t.get("x")), float(t.get("y")), text_width(t.text)
        if t.get("text-anchor") == "end":
            x -= w
        boxes.append((x, y - 11, x + w, y + 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def _luminance(hex_colour: str) -> float:
    c = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def test_palette_meets_wcag_non_text_contrast_on_white():
    for colour in PALETTE:
        ratio = (1.05) / (_luminance(colour) + 0.05)
        assert ratio >= 3.0, (colour, ratio)
    assert len(set(PALETTE)) == len(PALETTE) >= 6


@pytest.mark.parametrize(
    "value,step,expected",
    [
        (0.1 + 0.2, None, "0.3"),
        (0.30000000000000004, 0.1, "0.3"),
        (2.5, 0.5, "2.5"),
        (1200, 200, "1200"),
        (1_500_000, None, "1.5M"),
        (2e-5, None, "2e-5"),
        (-3, 1, "\u22123"),
        (0, 1, "0"),
        (0.25, 0.25, "0.25"),
        (175e9, None, "175B"),
    ],
)
def test_numbers_are_formatted_for_people(value, step, expected):
    assert format_number(value, step) == expected


def test_ticks_cover_the_data_with_round_numbers():
    lo, hi, ticks, step = linear_ticks(0.013, 0.987)
    assert lo <= 0.013 and hi >= 0.987 and step in (0.2, 0.25)
    assert all(abs(t / step - round(t / step)) < 1e-9 for t in ticks)


@pytest.mark.parametrize(
    "build,message",
    [
        (lambda f: f.line([1, 2, 3], [1, float("nan"), 3]), "line(): y has NaN at index 1"),
        (lambda f: f.line([1, 2, 3], [1, 2]), "line(): y has 2 values but x has 3"),
        (lambda f: f.scatter([1, np.inf], [1, 2]), "scatter(): x has an infinite value at index 1"),
        (lambda f: f.bar(["a", "b"], [1]), "bar(): 2 categories but 1 values"),
        (
            lambda f: f.heatmap([[1, 2], [3, float("nan")]]),
            "heatmap(): z has a NaN or infinite value at row 1, column 1",
        ),
        (lambda f: f.line([[1, 2], [3, 4]], [1, 2]), "must be one-dimensional"),
        (lambda f: f.line([], []), "line(): x is empty"),
        (lambda f: f.event(float("inf"), "x"), "event(): date is inf"),
    ],
)
def test_bad_data_is_refused_with_a_clear_message(build, message):
    with pytest.raises(FigureError, match=re.escape(message)):
        build(Figure())


def test_log_scale_refuses_non_positive_values():
    with pytest.raises(FigureError, match="log scale"):
        Figure(x_scale="log").line([0, 1], [1, 2])


def test_whole_figure_rules():
    with pytest.raises(FigureError, match="no marks"):
        render_svg(Figure(), "t", "d")
    f = Figure()
    f.bar(["a"], [1])
    f.line([1, 2], [1, 2])
    with pytest.raises(FigureError, match="categorical"):
        render_svg(f, "t", "d")
    d = Diagram()
    d.node("a").node("b").edge("a", "b").edge("b", "a")
    with pytest.raises(FigureError, match="cycle"):
        render_svg(d, "t", "d")
    d = Diagram()
    d.node("a").edge("a", "zz")
    with pytest.raises(FigureError, match="no node 'zz'"):
        render_svg(d, "t", "d")


def test_given_range_clips_marks_and_survives_empty_data_ranges():
    fig = Figure(x_range=(0, 10))
    fig.line([5, 30], [1, 2])
    root = etree.fromstring(render_svg(fig, "t", "d"))
    clip = root.find("s:clipPath", NS)
    assert clip is not None and root.find(".//s:g[@class='marks']", NS).get("clip-path") == "url(#ck-clip)"
    fig = Figure(y_range=(0, None))
    fig.line([0, 1], [-5, -3])  # all data below the given low end
    etree.fromstring(render_svg(fig, "t", "d"))
    # an unclipped figure defines no ids but its title and desc
    ids = [e.get("id") for e in etree.fromstring(render_svg(line_fig(), "t", "d")).iter() if e.get("id")]
    assert ids == ["ck-title", "ck-desc"]
