"""The figure API for ordinary statistics figures: histograms on a numeric axis that share it
with lines, a colour or emphasis per mark, many segments as one series, reference-line labels
that stay off the data, and timeline lanes chosen by the author.

Checks are structural and golden-free: positions are read back from the SVG and compared with
the data through the axis the SVG itself draws (its tick labels), never with stored bytes."""

from __future__ import annotations

import re

import numpy as np
import pytest
from lxml import etree

from coursekit.render.svg import HIGHLIGHT, MUTED_MARK, PALETTE, render_svg
from coursekit.render.svg_text import text_width
from coursekit.sim import Figure, FigureError

S = "{http://www.w3.org/2000/svg}"
NS = {"s": "http://www.w3.org/2000/svg"}


def svg_of(fig: Figure) -> etree._Element:
    return etree.fromstring(render_svg(fig, "t", "d"))


def _number(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def x_axis(root: etree._Element) -> tuple[float, float]:
    """(a, b) with px = a + b * value, from the numeric x tick labels the SVG draws (centred
    numbers in the plot group; the y ticks are right-aligned)."""
    plot = root.find("s:g[@class='plot']", NS)
    ticks = [
        (float(t.get("x")), _number(t.text))
        for t in plot.findall("s:text[@text-anchor='middle']", NS)
        if re.fullmatch(r"[\u2212-]?\d+(\.\d+)?", t.text)
    ]
    assert len(ticks) >= 2, ticks
    (p0, v0), (p1, v1) = ticks[0], ticks[-1]
    b = (p1 - p0) / (v1 - v0)
    return p0 - b * v0, b


def path_points(d: str) -> list[tuple[float, float]]:
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(nums[::2], nums[1::2], strict=True))


def titles(el: etree._Element) -> list[str]:
    return [t.text for t in el.iter(f"{S}title")]


# ---------------------------------------------------------------- histograms


def test_histogram_bars_sit_on_their_bin_edges_and_share_the_axis_with_a_line():
    rng = np.random.default_rng(1)
    values = rng.normal(size=500)
    edges = np.linspace(-4, 4, 17)
    fig = Figure(x_label="Weight", y_label="Density")
    fig.histogram(values, bins=edges, density=True, label="Weights")
    xs = np.linspace(-4, 4, 81)
    fig.line(xs, np.exp(-(xs**2) / 2) / np.sqrt(2 * np.pi), label="Normal density")
    root = svg_of(fig)
    a, b = x_axis(root)
    rects = root.findall(".//s:g[@class='histogram']/s:rect", NS)
    counts, _ = np.histogram(values, bins=edges)
    drawn = [(lo, hi) for lo, hi, c in zip(edges[:-1], edges[1:], counts, strict=True) if c > 0]
    assert len(rects) == len(drawn)
    for r, (lo, hi) in zip(rects, drawn, strict=True):
        x, w = float(r.get("x")), float(r.get("width"))
        # a half-unit gap each side keeps neighbouring bars apart
        assert abs(x - (a + b * lo)) <= 0.6 and abs(x + w - (a + b * hi)) <= 0.6, (lo, hi, x, w)
    # the line is drawn on the same x scale
    d = root.find(".//s:g[@class='line']/s:path", NS).get("d")
    pts = path_points(d)
    assert abs(pts[0][0] - (a + b * -4)) <= 0.02 and abs(pts[-1][0] - (a + b * 4)) <= 0.02
    # bar heights are proportional to the densities numpy computes
    dens, _ = np.histogram(values, bins=edges, density=True)
    heights = [float(r.get("height")) for r in rects]
    nonzero = dens[dens > 0]
    ratio = np.array(heights) / nonzero
    assert np.allclose(ratio, ratio[0], rtol=0.02)
    # every bar says its bin and value on hover
    assert any(t.startswith("Weights: ") and " to " in t for t in titles(root))


def test_histogram_counts_and_prebinned_bins_agree():
    values = [0.5, 1.5, 1.7, 2.2, 2.4, 2.9, 3.5]
    a = Figure().histogram(values, bins=[0, 1, 2, 3, 4])
    b = Figure().bins([0, 1, 2, 3, 4], [1, 2, 3, 1])
    ra, rb = svg_of(a), svg_of(b)
    rects_a = [
        (r.get("x"), r.get("width"), r.get("height")) for r in ra.findall(".//s:g[@class='histogram']/s:rect", NS)
    ]
    rects_b = [
        (r.get("x"), r.get("width"), r.get("height")) for r in rb.findall(".//s:g[@class='histogram']/s:rect", NS)
    ]
    assert rects_a == rects_b and len(rects_a) == 4
    assert "1 to 2: 2" in titles(ra)


def test_histogram_bins_as_a_count_or_a_numpy_rule():
    rng = np.random.default_rng(0)
    values = rng.normal(size=200)
    root = svg_of(Figure().histogram(values, bins=8))
    assert len(root.findall(".//s:g[@class='histogram']/s:rect", NS)) <= 8
    root = svg_of(Figure().histogram(values, bins="auto", range=(-3, 3)))
    assert root.findall(".//s:g[@class='histogram']/s:rect", NS)


@pytest.mark.parametrize(
    "build,message",
    [
        (lambda f: f.histogram([1, 2, float("nan")]), "histogram(): values has NaN at index 2"),
        (lambda f: f.histogram([1, 2], bins=0), "histogram(): bins must be"),
        (lambda f: f.histogram([1, 2], bins=[0, 2, 1]), "histogram(): bin edges must increase (index 2)"),
        (lambda f: f.histogram([1, 2], bins="often"), "histogram(): bins must be"),
        (lambda f: f.histogram([1, 2], range=(3, 1)), "histogram(): range low (3) must be below high (1)"),
        (lambda f: f.bins([0, 1, 2], [1]), "bins(): 3 edges need 2 heights (got 1)"),
        (lambda f: f.bins([0, 0, 2], [1, 1]), "bins(): edges must increase (index 1)"),
        (lambda f: f.segments([0, 1], [0, 0], [1, 2, 3], [0, 0]), "segments(): x1 has 3 values but x0 has 2"),
        (lambda f: f.line([0, 1], [0, 1], colour="red"), "line(): colour must be 'highlight', 'muted' or a palette"),
        (lambda f: f.line([0, 1], [0, 1], colour=6), "line(): colour must be"),
        (lambda f: f.bar(["a"], [1], colour=True), "bar(): colour must be"),
        (lambda f: f.scatter([0], [1], colour="muted", color="highlight"), "scatter(): give colour or color"),
        (lambda f: f.event(2000, "x", value=1, lane="a"), "event(): give a value or a lane, not both"),
        (lambda f: f.event(2000, "x", lane=-1), "event(): lane must be a name or a number 0"),
    ],
)
def test_bad_input_is_refused_where_it_is_added(build, message):
    with pytest.raises(FigureError, match=re.escape(message)):
        build(Figure())


def test_log_axes_refuse_what_they_cannot_show():
    with pytest.raises(FigureError, match="log scale"):
        Figure(x_scale="log").bins([0, 1, 2], [1, 1])
    with pytest.raises(FigureError, match="log scale"):
        Figure(y_scale="log").bins([1, 2, 3], [-1, 1])


def test_category_bars_still_refuse_numeric_marks_and_say_what_to_use():
    fig = Figure()
    fig.bar(["a", "b"], [1, 2])
    fig.line([0, 1], [0, 1])
    with pytest.raises(FigureError, match=r"histogram\(\) or bins\(\)"):
        render_svg(fig, "t", "d")


# ---------------------------------------------------------------- colour and emphasis


def _stroke_of(root, cls: str, index: int = 0) -> tuple[str, float]:
    g = root.findall(f".//s:g[@class='marks']//s:g[@class='{cls}']", NS)[index]
    p = g.find("s:path", NS)
    return p.get("stroke"), float(p.get("stroke-width"))


def test_highlight_and_muted_differ_in_more_than_colour():
    x = np.arange(5)
    fig = Figure()
    fig.line(x, x, label="Others", colour="muted")
    fig.line(x, x * 2, label="This one", colour="highlight")
    fig.line(x, x * 3, label="Auto")
    root = svg_of(fig)
    lines = root.findall(".//s:g[@class='marks']/s:g[@class='line']", NS)
    by_label = {g.find("s:title", NS).text: g.find("s:path", NS) for g in lines}
    assert by_label["This one"].get("stroke") == HIGHLIGHT
    assert by_label["Others"].get("stroke") == MUTED_MARK
    w = {k: float(p.get("stroke-width")) for k, p in by_label.items()}
    assert w["This one"] > w["Auto"] > w["Others"]
    # automatic colours skip the highlight colour, so the emphasis stays unique
    assert by_label["Auto"].get("stroke") not in (HIGHLIGHT, MUTED_MARK)
    # muted is drawn first (under), highlight last (on top)
    order = [g.find("s:title", NS).text for g in lines]
    assert order.index("Others") < order.index("Auto") < order.index("This one")
    # every emphasised series has its legend entry, drawn with the same stroke
    legend = root.find("s:g[@class='legend']", NS)
    texts = [t.text for t in legend.findall("s:text", NS)]
    assert texts == ["Others", "This one", "Auto"]
    swatches = legend.findall("s:line", NS)
    assert [s.get("stroke-width") for s in swatches] == [by_label[t].get("stroke-width") for t in texts]


def test_palette_index_picks_that_colour_and_bars_get_an_outline_when_highlighted():
    fig = Figure()
    fig.bar(["a", "b"], [1, 2], label="Base", colour=2)
    fig.bar(["a", "b"], [2, 3], label="New", colour="highlight")
    root = svg_of(fig)
    groups = root.findall(".//s:g[@class='bars']", NS)
    assert groups[0].find("s:rect", NS).get("fill") == PALETTE[2]
    hi = groups[1].find("s:rect", NS)
    assert hi.get("fill") == HIGHLIGHT and hi.get("stroke")  # not colour alone


def test_colour_on_histograms_points_bands_rules_and_events():
    fig = Figure()
    fig.histogram([1, 2, 2, 3], bins=3, colour="muted", label="All")
    fig.histogram([2.9], bins=[2.33, 3], colour="highlight", label="Tail")
    fig.scatter([1], [1], colour=4)
    fig.band([1, 2], [0, 0], [1, 1], colour=1)
    fig.vline(2, label="x", colour="highlight")
    root = svg_of(fig)
    hists = root.findall(".//s:g[@class='histogram']", NS)
    assert hists[0].find("s:rect", NS).get("fill") == MUTED_MARK
    assert hists[1].find("s:rect", NS).get("fill") == HIGHLIGHT
    assert root.find(".//s:g[@class='points']/s:circle", NS).get("fill") == PALETTE[4]
    assert root.find(".//s:g[@class='band']/s:path", NS).get("fill") == PALETTE[1]
    assert root.find(".//s:g[@class='rule']/s:line", NS).get("stroke") == HIGHLIGHT
    ev = Figure()
    ev.event(2000, "A", colour="highlight")
    ev.event(2005, "B")
    circles = svg_of(ev).findall(".//s:g[@class='event']/s:circle", NS)
    assert circles[0].get("fill") == HIGHLIGHT and float(circles[0].get("r")) > float(circles[1].get("r"))


def test_figures_without_colours_keep_their_palette_order():
    fig = Figure()
    for k in range(3):
        fig.line([0, 1], [k, k + 1], label=f"s{k}")
    root = svg_of(fig)
    strokes = [p.get("stroke") for p in root.findall(".//s:g[@class='line']/s:path", NS)]
    assert strokes == list(PALETTE[:3])


# ---------------------------------------------------------------- segments


def confidence_intervals() -> tuple[Figure, int, int]:
    rng = np.random.default_rng(7)
    mu, n = 10.0, 25
    samples = rng.normal(mu, 2.0, size=(40, n))
    means = samples.mean(axis=1)
    half = 1.96 * samples.std(axis=1, ddof=1) / np.sqrt(n)
    lo, hi = means - half, means + half
    miss = (lo > mu) | (hi < mu)
    idx = np.arange(40)
    fig = Figure(x_label="Value", y_label="Sample")
    fig.segments(lo[~miss], idx[~miss], hi[~miss], idx[~miss], label="Contains μ", colour="muted")
    fig.segments(lo[miss], idx[miss], hi[miss], idx[miss], label="Misses μ", colour="highlight")
    fig.vline(mu, label="μ = 10")
    return fig, int((~miss).sum()), int(miss.sum())


def test_segments_are_one_series_with_one_legend_entry_and_a_value_each():
    fig, n_in, n_miss = confidence_intervals()
    assert n_miss >= 1
    root = svg_of(fig)
    groups = root.findall(".//s:g[@class='segments']", NS)
    assert [len(g.findall("s:line", NS)) for g in groups] == [n_in, n_miss]
    for g in groups:
        for ln in g.findall("s:line", NS):
            (t,) = ln.findall("s:title", NS)
            assert " to " in t.text  # its own value on hover
    legend_texts = [t.text for t in root.find("s:g[@class='legend']", NS).findall("s:text", NS)]
    assert legend_texts == ["Contains μ", "Misses μ"]
    a, b = x_axis(root)
    first = groups[0].find("s:line", NS)
    assert first.get("x1") is not None and float(first.get("x1")) >= a + b * 5


def test_segments_broadcast_a_scalar_and_label_hover_defaults():
    fig = Figure()
    fig.segments([1, 2, 3], 0, [1, 2, 3], 1, label="Levels")
    root = svg_of(fig)
    lines = root.findall(".//s:g[@class='segments']/s:line", NS)
    assert len(lines) == 3
    assert lines[1].find("s:title", NS).text == "Levels: 0 to 1 at x = 2"


# ---------------------------------------------------------------- reference-line labels


def _text_box(t: etree._Element, size: float = 12) -> tuple[float, float, float, float]:
    x, y = float(t.get("x")), float(t.get("y"))
    size = float(t.get("font-size") or size)
    w = text_width(t.text, size)
    if t.get("text-anchor") == "end":
        x -= w
    elif t.get("text-anchor") == "middle":
        x -= w / 2
    return x, y - size * 0.8, x + w, y + size * 0.25


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_reference_line_label_does_not_cover_bars():
    fig = Figure(y_label="Latency", y_unit="ms", y_range=(0, 50))
    stages = ["Pre-processing", "Model forward pass", "Post-processing", "Total"]
    fig.bar(stages, [4, 40, 2, 46], label="FP32")
    fig.bar(stages, [4, 13.3, 2, 19.3], label="INT8")
    fig.hline(33, label="Real-time video budget (33 ms per frame)")
    root = svg_of(fig)
    label = root.find(".//s:g[@class='rule']/s:text", NS)
    box = _text_box(label)
    for r in root.findall(".//s:g[@class='bars']/s:rect", NS):
        rb = tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
        assert not _overlaps(box, (rb[0], rb[1], rb[0] + rb[2], rb[1] + rb[3])), (label.text, box, rb)
    for t in root.findall(".//s:g[@class='bars']/s:text", NS):  # the values printed on the bars
        assert not _overlaps(box, _text_box(t, 11)), t.text


def test_a_vertical_rule_label_does_not_cover_a_line():
    x = np.linspace(0, 10, 101)
    fig = Figure()
    fig.line(x, 10 - x, label="Falling")  # high on the left, where the top-right label would go
    fig.vline(1, label="Start of the run")
    root = svg_of(fig)
    label = root.find(".//s:g[@class='rule']/s:text", NS)
    box = _text_box(label)
    pts = path_points(root.find(".//s:g[@class='line']/s:path", NS).get("d"))
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        for t in np.linspace(0, 1, 9):
            px, py = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            assert not (box[0] <= px <= box[2] and box[1] <= py <= box[3]), (px, py, box)


# ---------------------------------------------------------------- timeline lanes


def test_author_lanes_group_events_and_are_labelled_in_order_of_first_use():
    fig = Figure(x_label="Year", x_range=(2012, 2020))  # a given range clips the marks, not the lane names
    rows = [(2013, "word2vec", "Embeddings"), (2014, "Attention", "Recurrent"), (2014, "GloVe", "Embeddings")]
    rows += [(2017, "Transformer", "Transformers"), (2018, "BERT", "Transformers"), (2018.5, "GPT", "Transformers")]
    for year, label, lane in rows:
        fig.event(year, label, lane=lane)
    root = svg_of(fig)
    lane_labels = [t.text for t in root.findall(".//s:g[@class='lanes']/s:text", NS)]
    assert lane_labels == ["Embeddings", "Recurrent", "Transformers"]
    lanes = root.find(".//s:g[@class='lanes']", NS)
    assert all(a.get("clip-path") is None for a in lanes.iterancestors())
    # lanes are separated by lines across the plot; each event lies between its lane's separators
    cuts = [float(ln.get("y1")) for ln in root.findall(".//s:g[@class='lanes']/s:line", NS)]
    assert len(cuts) == 2 and cuts == sorted(cuts)
    lane_of = {label: lane for _, label, lane in rows}
    for g in root.findall(".//s:g[@class='event']", NS):
        label, y = g.find("s:text", NS).text, float(g.find("s:circle", NS).get("cy"))
        assert lane_labels[sum(y > c for c in cuts)] == lane_of[label], (label, y, cuts)
    # and each lane's name sits within its lane
    for k, t in enumerate(root.findall(".//s:g[@class='lanes']/s:text", NS)):
        assert sum(float(t.get("y")) > c for c in cuts) == k


def test_lanes_given_for_some_events_only_is_an_error_at_render():
    fig = Figure()
    fig.event(2000, "a", lane="x")
    fig.event(2001, "b")
    with pytest.raises(FigureError, match="give every timeline event a lane, or none of them"):
        render_svg(fig, "t", "d")


def test_numbered_lanes_keep_their_order_without_labels():
    fig = Figure()
    fig.event(2000, "low", lane=1)
    fig.event(2000, "high", lane=0)
    root = svg_of(fig)
    ys = {
        g.find("s:text", NS).text: float(g.find("s:circle", NS).get("cy"))
        for g in root.iter(f"{S}g")
        if g.get("class") == "event"
    }
    assert ys["high"] < ys["low"]
    assert root.findall(".//s:g[@class='lanes']/s:text", NS) == []
