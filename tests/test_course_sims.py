"""Every simulation of course/ and examples/: valid, accessible SVG for every frame,
the same bytes in two runs and in another process, and plots that show the right numbers
(read back from the drawn SVG through its own axis ticks)."""

from __future__ import annotations

import hashlib
import json
import math
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

from coursekit.load import load_course
from coursekit.render.simulate import render_simulation

REPO = Path(__file__).resolve().parents[1]
COURSES = [REPO / "course"] + sorted(p for p in (REPO / "examples").iterdir() if (p / "course.yaml").is_file())
NS = {"s": "http://www.w3.org/2000/svg"}


def _load(root: Path):
    course, diags = load_course(root)
    assert course is not None and not diags.has_errors(), diags.render()
    return course


def frame_digests(root: Path) -> dict[str, list[str]]:
    course = _load(root)
    return {s.id: sorted(render_simulation(course.root, course.id, s).frames) for s in course.simulations}


@pytest.mark.parametrize("root", COURSES, ids=lambda p: p.name)
def test_every_frame_is_accessible_svg_and_deterministic(root):
    course = _load(root)
    assert course.simulations or root.name == "minimal" or root.name == "question-types"
    for sim in course.simulations:
        out = render_simulation(course.root, course.id, sim)
        assert out.frames and len(out.manifest["frames"]) == sim.grid_size()
        for digest, svg in out.frames.items():
            assert hashlib.sha256(svg).hexdigest() == digest
            assert len(svg) < 30_000, (sim.id, len(svg))
            root_el = etree.fromstring(svg)
            assert root_el.get("role") == "img"
            assert root_el.find("s:title", NS).text == sim.title
            desc = root_el.find("s:desc", NS).text
            assert desc and "\n" not in desc and "*" not in desc  # plain text of the Markdown
        again = render_simulation(course.root, course.id, sim)
        assert again.frames == out.frames and again.manifest == out.manifest


@pytest.mark.parametrize("root", COURSES, ids=lambda p: p.name)
def test_same_bytes_in_another_process(root):
    tests_dir = str(Path(__file__).parent)
    code = (
        f"import json, sys; sys.path.insert(0, {tests_dir!r}); from test_course_sims import frame_digests; "
        f"print(json.dumps(frame_digests(__import__('pathlib').Path({str(root)!r}))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == frame_digests(root)


# -- reading numbers back from the drawn figure --------------------------------------------


def _number(text: str) -> float:
    text = text.replace("\u2212", "-").replace(",", "")
    for suffix, scale in (("k", 1e3), ("M", 1e6), ("B", 1e9)):
        if text.endswith(suffix):
            return float(text[:-1]) * scale
    return float(text)


def _y_axis(svg: etree._Element, log: bool):
    """Map a drawn y coordinate to a value, from the y tick labels (text-anchor end, left of the plot)."""
    ticks = [
        (float(t.get("y")) - 4, _number(t.text))
        for t in svg.findall(".//s:g[@class='plot']/s:text[@text-anchor='end']", NS)
    ]
    assert len(ticks) >= 2, "no y ticks"
    (p0, v0), (p1, v1) = ticks[0], ticks[-1]
    if log:
        v0, v1 = math.log10(v0), math.log10(v1)

    def value(p: float) -> float:
        v = v0 + (p - p0) * (v1 - v0) / (p1 - p0)
        return 10**v if log else v

    return value, [v for _, v in ticks]


def _path_points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", d)]


def _render(sim_id: str, **params) -> etree._Element:
    from coursekit.render.simulate import run_frame

    course = _load(REPO / "course")
    sim = course.simulation(sim_id)
    return etree.fromstring(run_frame(course.root, course.id, sim, {**sim.defaults(), **params}))


@pytest.mark.parametrize("overhead,gpus", [(0.02, 64), (0.005, 1024), (0.1, 8), (0.0, 256)])
def test_speedup_curve_ends_at_the_closed_form(overhead, gpus):
    svg = _render("data-parallel-scaling", overhead=overhead, gpus=gpus)
    value, ticks = _y_axis(svg, log=True)
    lines = svg.findall(".//s:g[@class='line']/s:path", NS)
    assert len(lines) == 2
    ideal, real = (_path_points(p.get("d")) for p in lines)
    expected = gpus / (1 + overhead * (gpus - 1))
    assert value(real[-1][1]) == pytest.approx(expected, rel=0.02)
    assert value(ideal[-1][1]) == pytest.approx(gpus, rel=0.02)
    # the axis covers the data: the plot's vertical extent spans 1..gpus
    axis = [
        ln
        for ln in svg.findall(".//s:g[@class='plot']/s:line", NS)
        if ln.get("x1") == ln.get("x2")
        and ln.get("stroke") == "#595959"
        and float(ln.get("y2")) < float(ln.get("y1")) - 50
    ]
    (y_axis_line,) = axis
    assert value(float(y_axis_line.get("y1"))) <= 1.0001 and value(float(y_axis_line.get("y2"))) >= gpus * 0.999
    assert min(ticks) >= 1 and max(ticks) <= gpus


@pytest.mark.parametrize("distribution", ["gaussian", "laplace"])
@pytest.mark.parametrize("outliers", [0.0, 0.05])
def test_quantization_error_falls_with_bits_and_outliers_raise_it(distribution, outliers):
    svg = _render("quantization-error", distribution=distribution, outliers=outliers)
    value, ticks = _y_axis(svg, log=True)
    measured = _path_points(svg.findall(".//s:g[@class='line']/s:path", NS)[1].get("d"))
    errors = [value(y) for _, y in measured]
    assert len(errors) == 7 and all(a > b for a, b in pairwise(errors)), errors
    assert min(ticks) <= min(errors) and max(ticks) >= max(errors)
    # memory labels: 7e9 weights at 2..8 bits
    notes = [t.text for t in svg.findall(".//s:text[@class='note']", NS)]
    assert notes[0] == "1.8 GB" and notes[-1] == "7 GB"
    if outliers:
        clean = _render("quantization-error", distribution=distribution, outliers=0.0)
        v2, _ = _y_axis(clean, log=True)
        clean_int8 = v2(_path_points(clean.findall(".//s:g[@class='line']/s:path", NS)[1].get("d"))[-1][1])
        assert errors[-1] > 1.3 * clean_int8


def test_milestones_have_hover_text_and_an_impact_axis():
    svg = _render("dl-milestones")
    events = svg.findall(".//s:g[@class='event']", NS)
    assert len(events) >= 10
    titles = [e.find("s:title", NS).text for e in events]
    assert any("AlexNet" in t for t in titles) and all(len(t) > 10 for t in titles)
    assert any("impact" in (t.text or "").lower() for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    fewer = _render("dl-milestones", domain="vision").findall(".//s:g[@class='event']", NS)
    assert 0 < len(fewer) < len(events)


def test_vision_taxonomy_and_nlp_timeline_name_the_seed_architectures():
    taxonomy = etree.tostring(_render("vision-taxonomy"), encoding="unicode")
    for name in ("Object detection", "Semantic segmentation"):
        assert name in taxonomy
    timeline = etree.tostring(_render("nlp-evolution"), encoding="unicode")
    for name in ("Transformer", "BERT", "GPT-3"):
        assert name in timeline


def _x_axis(svg: etree._Element):
    """Map a value to a drawn x coordinate, from the centred numeric tick labels under the plot."""
    ticks = [
        (float(t.get("x")), _number(t.text))
        for t in svg.findall(".//s:g[@class='plot']/s:text[@text-anchor='middle']", NS)
        if re.fullmatch(r"[\u2212-]?\d+(\.\d+)?", t.text)
    ]
    (p0, v0), (p1, v1) = ticks[0], ticks[-1]
    return lambda v: p0 + (v - v0) * (p1 - p0) / (v1 - v0)


@pytest.mark.parametrize(
    "distribution,outliers,step,inside",
    [("gaussian", 0.01, 1.71, 3), ("gaussian", 0.0, 0.49, 13), ("laplace", 0.0, 1.31, 5)],
)
def test_int4_histogram_shows_outliers_stretching_the_levels(distribution, outliers, step, inside):
    """The numbers the description gives, read back from the figure: the 15 levels are
    ``step`` apart, ``inside`` of them within ±3σ, and outliers are a highlighted histogram."""
    from coursekit.render.svg import HIGHLIGHT, MUTED_MARK

    svg = _render("int4-levels", distribution=distribution, outliers=outliers)
    hists = svg.findall(".//s:g[@class='histogram']", NS)
    assert [h.find("s:title", NS).text for h in hists] == (["Weights", "Outliers"] if outliers else ["Weights"])
    if outliers:
        bars = hists[1].findall("s:rect", NS)
        assert bars and all(r.get("fill") == HIGHLIGHT and r.get("stroke") for r in bars)
        x = _x_axis(svg)
        # every outlier bar lies beyond ±8
        assert all(
            float(r.get("x")) >= x(8) - 1 or float(r.get("x")) + float(r.get("width")) <= x(-8) + 1 for r in bars
        )
    (levels,) = svg.findall(".//s:g[@class='segments']", NS)
    assert levels.get("stroke") == MUTED_MARK
    lines = levels.findall("s:line", NS)
    assert len(lines) == 15
    values = [float(ln.find("s:title", NS).text.split(": ")[1]) for ln in lines]
    assert abs(values[1] - values[0] - step) < 0.011
    assert sum(abs(v) <= 3 for v in values) == inside
    legend = " ".join(t.text for t in svg.findall("s:g[@class='legend']/s:text", NS))
    assert f"step {step:.2f} ({inside} within ±3σ)" in legend


def test_latency_budget_emphasises_the_chosen_precision():
    from coursekit.render.svg import HIGHLIGHT, MUTED_MARK

    svg = _render("latency-budget", precision="fp16")
    base, chosen = svg.findall(".//s:g[@class='bars']", NS)
    assert base.find("s:title", NS).text == "FP32 baseline" and chosen.find("s:title", NS).text == "FP16"
    assert {r.get("fill") for r in base.findall("s:rect", NS)} == {MUTED_MARK}
    assert all(r.get("fill") == HIGHLIGHT and r.get("stroke") for r in chosen.findall("s:rect", NS))
    # the budget line's label sits on the line, not in the legend, and covers no bar
    label = svg.find(".//s:g[@class='rule']/s:text", NS)
    assert label is not None


def test_nlp_timeline_runs_in_three_named_lanes():
    svg = _render("nlp-evolution")
    lanes = [t.text for t in svg.findall(".//s:g[@class='lanes']/s:text", NS)]
    assert lanes == ["Word vectors", "Recurrent networks", "Transformers"]
    bold = [t.text for t in svg.findall(".//s:g[@class='event']/s:text", NS) if t.get("font-weight") == "600"]
    assert bold == ["Transformer"]
