"""The narrow (phone) layout of every figure kind: text at least 12 units in an SVG at most
320 units wide (so at least 11 CSS px wherever the page shows it 290 px wide or more), every
label and hover text of the wide layout kept, nothing running off the edge or over other text,
and librsvg draws it."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest
from lxml import etree
from test_sim_figure_api import confidence_intervals
from test_sim_svg import FIGURES

from coursekit.render.svg import NARROW, WIDE, render_svg
from coursekit.render.svg_text import text_width
from coursekit.sim import Figure

S = "{http://www.w3.org/2000/svg}"


def _histogram() -> Figure:
    rng = np.random.default_rng(3)
    fig = Figure(x_label="Weight", y_label="Density", title="Weights of one layer and a normal density")
    fig.histogram(rng.normal(size=400), bins=20, density=True, label="Weights")
    x = np.linspace(-4, 4, 41)
    fig.line(x, np.exp(-(x**2) / 2) / np.sqrt(2 * np.pi), label="Normal density", colour="highlight")
    fig.vline(1.96, label="97.5th percentile")
    return fig


def _budget() -> Figure:
    fig = Figure(x_label="Stage", y_label="Latency", y_unit="ms", y_range=(0, 50))
    stages = ["Pre-processing", "Model forward pass", "Post-processing", "Total"]
    fig.bar(stages, [4, 40, 2, 46], label="FP32 baseline", colour="muted")
    fig.bar(stages, [4, 13.3, 2, 19.3], label="INT8", colour="highlight")
    fig.hline(33, label="Real-time video budget (33 ms per frame)")
    return fig


def _milestones() -> Figure:
    fig = Figure(x_label="Year", y_label="Approximate impact", x_range=(2005, 2026), y_range=(0, 11))
    rows = [
        (2006, "CTC", 6), (2012, "AlexNet", 10), (2013, "word2vec", 6), (2014, "GAN", 8), (2014, "DeepSpeech", 5),
        (2015, "ResNet", 9), (2015, "U-Net", 7), (2016, "AlphaGo", 8), (2016, "WaveNet", 6), (2017, "Transformer", 10),
        (2018, "BERT", 9), (2020, "GPT-3", 9), (2020, "DDPM", 7), (2020, "ViT", 8), (2020, "AlphaFold", 10),
        (2021, "CLIP", 6), (2022, "Stable Diffusion", 9), (2022, "Whisper", 7), (2023, "LLMs", 10), (2023, "SAM", 6),
    ]  # fmt: skip
    for year, label, impact in rows:
        fig.event(year, label, value=impact)
    return fig


def _lanes() -> Figure:
    fig = Figure(x_label="Year")
    for year, label, lane in [
        (2013, "word2vec", "Word vectors"),
        (2014, "GloVe", "Word vectors"),
        (2014, "Attention for translation", "Recurrent networks"),
        (2015, "BiLSTM era", "Recurrent networks"),
        (2017, "Transformer", "Transformers"),
        (2018, "BERT", "Transformers"),
        (2018.5, "GPT", "Transformers"),
        (2020, "GPT-3", "Transformers"),
        (2023, "LLMs", "Transformers"),
    ]:
        fig.event(year, label, lane=lane)
    return fig


ALL = {
    **FIGURES,
    "intervals": lambda: confidence_intervals()[0],
    "histogram": _histogram,
    "budget": _budget,
    "milestones": _milestones,
    "lanes": _lanes,
}


def _texts(root) -> list[tuple[etree._Element, float]]:
    """Every <text> with its font size (its own, else its nearest ancestor's)."""
    out = []
    for t in root.iter(f"{S}text"):
        node, size = t, None
        while node is not None and size is None:
            size = node.get("font-size")
            node = node.getparent()
        out.append((t, float(size)))
    return out


def _words(root, numbers: bool = False) -> set[str]:
    words = set()
    for t, _ in _texts(root):
        for w in (t.text or "").split():
            if numbers or not re.fullmatch(r"[\u2212\-]?[\d.,]+[%×MBkT]?", w):
                words.add(w)
    return words


def _box(t, size: float) -> tuple[float, float, float, float]:
    x, y, w = float(t.get("x")), float(t.get("y")), text_width(t.text, size)
    anchor = t.get("text-anchor")
    x -= w if anchor == "end" else w / 2 if anchor == "middle" else 0
    return (x, y - size * 0.75, x + w, y + size * 0.2)


@pytest.mark.parametrize("name", list(ALL))
def test_narrow_text_is_large_and_every_label_and_hover_text_is_kept(name):
    wide = etree.fromstring(render_svg(ALL[name](), "t", "d", WIDE))
    narrow_svg = render_svg(ALL[name](), "t", "d", NARROW)
    assert narrow_svg == render_svg(ALL[name](), "t", "d", NARROW)  # deterministic
    narrow = etree.fromstring(narrow_svg)
    width = float(narrow.get("width"))
    assert width <= 320 and narrow.get("viewBox").split()[2] == narrow.get("width")
    sizes = [size for _, size in _texts(narrow)]
    assert sizes and min(sizes) >= 12, (name, min(sizes))
    # every word of every label survives (ticks may differ), and every hover text
    missing = _words(wide) - _words(narrow)
    assert not missing, (name, missing)
    wide_titles = {t.text for t in wide.iter(f"{S}title")}
    narrow_titles = {t.text for t in narrow.iter(f"{S}title")}
    assert wide_titles <= narrow_titles, (name, wide_titles - narrow_titles)


@pytest.mark.parametrize("name", list(ALL))
def test_narrow_text_stays_inside_and_apart(name):
    narrow = etree.fromstring(render_svg(ALL[name](), "t", "d", NARROW))
    width = float(narrow.get("width"))
    boxes = []
    for t, size in _texts(narrow):
        if t.get("transform"):
            continue  # the rotated axis title
        b = _box(t, size)
        assert b[0] >= -0.5 and b[2] <= width + 0.5, (name, t.text, b, width)
        boxes.append((t.text, b))
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (name, ta, tb)


@pytest.mark.parametrize("name", ["budget", "milestones", "diagram-down", "lanes", "histogram"])
def test_librsvg_draws_the_narrow_layout(name, tmp_path):
    exe = shutil.which("rsvg-convert")
    assert exe, "rsvg-convert (Debian librsvg2-bin) is needed; scripts/test.sh installs it"
    src = tmp_path / "f.svg"
    src.write_bytes(render_svg(ALL[name](), "t", "d", NARROW))
    proc = subprocess.run([exe, str(src), "-o", str(tmp_path / "f.png")], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr


def test_narrow_bars_run_across_with_every_value_printed():
    root = etree.fromstring(render_svg(_budget(), "t", "d", NARROW))
    rects = root.findall(f".//{S}g[@class='bars']/{S}rect")
    assert len(rects) == 8
    assert all(float(r.get("height")) < float(r.get("width")) or float(r.get("width")) < 20 for r in rects)
    values = {t.text for t in root.findall(f".//{S}g[@class='bars']/{S}text")}
    assert {"4", "40", "2", "46", "13.3", "19.3"} <= values
    # the budget line's label found no free spot beside the line: the legend lists it
    legend = " ".join(t.text for t in root.findall(f"{S}g[@class='legend']/{S}text"))
    assert "Real-time video budget" in legend


def test_a_crowded_timeline_numbers_labels_and_lists_them_in_a_key():
    root = etree.fromstring(render_svg(_milestones(), "t", "d", NARROW))
    key = [t.text for t in root.findall(f"{S}g[@class='key']/{S}text")]
    assert key, "twenty labels cannot all sit beside their points on a phone"
    numbered = [t.text for t in root.findall(f".//{S}g[@class='event']/{S}text") if t.text.isdigit()]
    assert [k.split("  ")[0] for k in key] == numbered == [str(i + 1) for i in range(len(key))]


def test_narrow_diagram_is_an_outline_with_every_edge_label():
    root = etree.fromstring(render_svg(FIGURES["diagram-down"](), "t", "d", NARROW))
    rects = root.findall(f".//{S}g[@class='node']/{S}rect")
    xs = sorted({float(r.get("x")) for r in rects})
    assert len(xs) >= 3  # indented by depth
    tops = [float(r.get("y")) for r in rects]
    assert sorted(tops) == sorted(set(tops))  # one node per row: no boxes side by side
    texts = " ".join(t.text for t in root.iter(f"{S}text"))
    assert "adds boxes" in texts
