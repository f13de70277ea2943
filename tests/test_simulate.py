"""Running author simulations: seeded rng, parameter grids with shared frames, located
errors for failing author code, and ``coursekit render-sim``."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from coursefixture import COURSE_YAML, write_course
from lxml import etree

from coursekit.diagnostics import CourseError
from coursekit.load import load_course
from coursekit.render import author_code
from coursekit.render.simulate import combination_key, render_simulation

SIMS = """\
import numpy as np
from coursekit.sim import Figure, Diagram


def curve(k, rng):
    fig = Figure(x_label="x", y_label="y")
    fig.line([0, 1], [0, k], label="line")
    return fig


def noisy(k, mode, rng):
    fig = Figure()
    noise = rng.normal(size=5)
    fig.scatter(np.arange(5), noise + (k if mode == "shift" else 0), label=mode)
    return fig


def flat(k, rng):
    fig = Figure()
    fig.line([0, 1], [1, 1])   # ignores k: every frame is the same
    return fig


def boom(k, rng):
    values = [1, 2]
    return values[5]


def nan_line(k, rng):
    fig = Figure()
    fig.line([0, 1, 2], [0, float("nan"), 1])
    return fig


def slow(k, rng):
    while True:
        pass


def wrong(k, rng):
    return {"not": "a figure"}


_calls = []


def moody(k, rng):
    _calls.append(1)
    fig = Figure()
    fig.line([0, 1], [0, len(_calls)])   # depends on hidden state, not on rng
    return fig


def mixed_timeline(k, rng):
    fig = Figure()
    fig.event(2000, "a", value=1)
    fig.event(2001, "b")
    return fig


def bars_and_line(k, rng):
    fig = Figure()
    fig.bar(["a"], [1])
    fig.line([0, 1], [0, 1])
    return fig


def bad_colour(k, rng):
    fig = Figure()
    fig.histogram([1, 2, 3], colour="red")
    return fig


def tree(rng):
    return Diagram().node("a", "A").node("b", "B").edge("a", "b")


def damped(k, mode, rng):
    if k > 0.6 and mode == "shift":
        raise ValueError("too damped")
    fig = Figure()
    fig.line([0, 1], [0, k])
    return fig
"""


def course_with(tmp_path: Path, source: str, params: str, extra_sim: str = "") -> Path:
    sim_yaml = COURSE_YAML.replace("source: simulations/sim.py:curve", f"source: simulations/sim.py:{source}")
    if params is not None:
        head, _, _ = sim_yaml.partition("    params:\n")
        sim_yaml = head + params
    root = write_course(tmp_path / "c", files={"course.yaml": sim_yaml + extra_sim, "simulations/sim.py": SIMS})
    return root


def loaded(root: Path):
    course, diags = load_course(root)
    assert course is not None and not diags.has_errors(), diags.render()
    return course


K_PARAM = "    params:\n      - {name: k, label: Slope, min: 0, max: 1, step: 0.25, default: 0.5}\n"


def test_grid_frames_manifest_and_default(tmp_path):
    course = loaded(course_with(tmp_path, "curve", K_PARAM))
    sim = course.simulation("curve")
    out = render_simulation(course.root, course.id, sim)
    assert len(out.frames) == 10  # each frame wide and narrow
    assert set(out.manifest["frames"]) == {combination_key({"k": k}) for k in (0.0, 0.25, 0.5, 0.75, 1.0)}
    assert set(out.manifest["narrow"]) == set(out.manifest["frames"])
    assert out.default_svg == out.frames[out.frame_for({"k": 0.5})]
    narrow = etree.fromstring(out.frames[out.narrow_frame_for({"k": 0.5})])
    assert float(narrow.get("width")) <= 320 < float(etree.fromstring(out.default_svg).get("width"))
    assert out.narrow_svg == out.frames[out.narrow_frame_for({"k": 0.5})]
    for digest, svg in out.frames.items():
        assert hashlib.sha256(svg).hexdigest() == digest
        assert etree.fromstring(svg).get("role") == "img"
    assert out.manifest["controls"] == [
        {
            "name": "k",
            "label": "Slope",
            "kind": "number",
            "values": [0.0, 0.25, 0.5, 0.75, 1.0],
            "default": 0.5,
            "unit": None,
        }
    ]
    # the build is deterministic: a second run gives the same bytes
    again = render_simulation(course.root, course.id, sim)
    assert again.frames == out.frames and again.manifest == out.manifest


def test_identical_frames_are_stored_once(tmp_path):
    course = loaded(course_with(tmp_path, "flat", K_PARAM))
    out = render_simulation(course.root, course.id, course.simulation("curve"))
    assert len(out.manifest["frames"]) == 5 and len(out.frames) == 2  # one wide, one narrow


def test_fixed_parameter_has_no_control(tmp_path):
    params = K_PARAM + "      - {name: mode, label: Mode, choices: [none, shift], default: none}\n"
    course = loaded(course_with(tmp_path, "noisy", params))
    sim = course.simulation("curve")
    out = render_simulation(course.root, course.id, sim, {"k": 1.0})
    assert [c["name"] for c in out.manifest["controls"]] == ["mode"]
    assert len(out.manifest["frames"]) == 2
    assert out.frame_for({"k": 1.0, "mode": "shift"}) is not None


def test_rng_is_seeded_from_course_and_simulation(tmp_path):
    params = K_PARAM + "      - {name: mode, label: Mode, choices: [none, shift], default: none}\n"
    course = loaded(course_with(tmp_path, "noisy", params))
    sim = course.simulation("curve")
    a = render_simulation(course.root, course.id, sim).default_svg
    b = render_simulation(course.root, course.id, sim).default_svg
    c = render_simulation(course.root, "another-course", sim).default_svg
    assert a == b and a != c
    assert author_code.seed_for("a", "b") == author_code.seed_for("a", "b") != author_code.seed_for("a", "c")


def _error(tmp_path, source, params=K_PARAM):
    course = loaded(course_with(tmp_path, source, params))
    with pytest.raises(CourseError) as info:
        render_simulation(course.root, course.id, course.simulation("curve"))
    (diag,) = info.value.diagnostics.items
    return diag


def _line_of(text: str) -> int:
    return SIMS.splitlines().index(text) + 1


def test_author_exception_names_simulation_and_author_line(tmp_path):
    diag = _error(tmp_path, "boom")
    assert diag.code == "CK501"
    assert "simulation 'curve' raised IndexError: list index out of range" in diag.message
    assert diag.location.file.endswith("simulations/sim.py")
    assert diag.location.line == _line_of("    return values[5]")


def test_bad_figure_data_points_at_the_authors_line(tmp_path):
    diag = _error(tmp_path, "nan_line")
    assert diag.code == "CK501" and "line(): y has NaN at index 1" in diag.message
    assert diag.location.line == _line_of('    fig.line([0, 1, 2], [0, float("nan"), 1])')


def test_a_figure_that_cannot_be_drawn_points_at_the_line_of_the_mark_at_fault(tmp_path):
    diag = _error(tmp_path, "mixed_timeline")
    assert diag.code == "CK505" and "give every timeline event a value, or none of them" in diag.message
    assert diag.location.file.endswith("simulations/sim.py")
    assert diag.location.line == _line_of('    fig.event(2001, "b")')
    diag = _error(tmp_path, "bars_and_line")
    assert diag.code == "CK505" and "histogram() or bins()" in diag.message
    assert diag.location.line == _line_of("    fig.line([0, 1], [0, 1])")


def test_a_bad_colour_is_refused_at_the_authors_line(tmp_path):
    diag = _error(tmp_path, "bad_colour")
    assert diag.code == "CK501" and "colour must be 'highlight', 'muted' or a palette index 0-5" in diag.message
    assert diag.location.line == _line_of('    fig.histogram([1, 2, 3], colour="red")')


def test_wrong_return_type(tmp_path):
    diag = _error(tmp_path, "wrong")
    assert diag.code == "CK503" and "returned dict" in diag.message
    assert diag.location.file.endswith("course.yaml")


def test_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(author_code, "TIME_LIMIT", 0.3)
    diag = _error(tmp_path, "slow")
    assert diag.code == "CK502" and "simulation 'curve' ran for over 0.3 s" in diag.message
    assert diag.location.line in (_line_of("    while True:"), _line_of("        pass"))


def test_signature_mismatch(tmp_path):
    diag = _error(tmp_path, "tree")  # declared with parameter k, function takes only rng
    assert diag.code == "CK501" and "unexpected keyword argument 'k'" in diag.message
    assert diag.location.line == _line_of("def tree(rng):")


def test_import_error_is_located(tmp_path):
    root = course_with(tmp_path, "curve", K_PARAM)
    (root / "simulations" / "sim.py").write_text("import numpy as np\n\nx = 1 / 0\n\n\ndef curve(k, rng):\n    pass\n")
    course = loaded(root)
    with pytest.raises(CourseError) as info:
        render_simulation(course.root, course.id, course.simulation("curve"))
    (diag,) = info.value.diagnostics.items
    assert diag.code == "CK501" and "ZeroDivisionError" in diag.message and diag.location.line == 3


MODE_PARAM = K_PARAM + "      - {name: mode, label: Mode, choices: [none, shift], default: none}\n"


def test_grid_error_names_the_parameter_values_of_the_failing_frame(tmp_path):
    """Fails only at some slider values (k = 0.75 with mode = shift, not at the defaults)."""
    diag = _error(tmp_path, "damped", MODE_PARAM)
    assert diag.code == "CK501" and "simulation 'curve' raised ValueError: too damped" in diag.message
    assert "(at k=0.75, mode=shift)" in diag.message, diag.message
    assert diag.location.line == _line_of('        raise ValueError("too damped")')


def test_error_names_the_values_a_directive_fixed(tmp_path):
    """The chapter's directive (inside a call-out, on line 10) fixes k = 1 and mode = shift."""
    root = course_with(tmp_path, "damped", MODE_PARAM)
    chapter = (root / "chapters" / "one.md").read_text()
    old = ":::{simulation} curve\n:k: 1\n:::\n"
    assert old in chapter
    new = "::::{note}\n:::{simulation} curve\n:k: 1\n:mode: shift\n:::\n::::\n"
    (root / "chapters" / "one.md").write_text(chapter.replace(old, new))
    proc = _cli("build", str(root), "--target", "html", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert "error CK501: simulation 'curve' raised ValueError: too damped (at k=1.0, mode=shift; " in proc.stdout
    assert "k, mode fixed by the directive at c/chapters/one.md:10)" in proc.stdout, proc.stdout


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coursekit", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_render_sim_command(tmp_path):
    root = course_with(tmp_path, "curve", K_PARAM)
    proc = _cli("render-sim", "curve", "--param", "k=0.75", "-o", "out/k.svg", "--course", str(root), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    svg = (tmp_path / "out" / "k.svg").read_bytes()
    course = loaded(root)
    assert (
        svg
        == render_simulation(course.root, course.id, course.simulation("curve")).frames[
            render_simulation(course.root, course.id, course.simulation("curve")).frame_for({"k": 0.75})
        ]
    )
    # off-grid values are allowed (as in directive options); stdout by default
    proc = _cli("render-sim", "curve", "-p", "k=0.33", "--course", str(root), cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("<svg"), proc.stderr
    for args, text in [
        (["nope"], "unknown simulation 'nope' (known: curve)"),
        (["curve", "-p", "z=1"], "has no parameter 'z'"),
        (["curve", "-p", "k=2"], "outside 0..1"),
        (["curve", "-p", "k=abc"], "not a value of this parameter"),
        (["curve", "-p", "k"], "write name=value"),
    ]:
        proc = _cli("render-sim", *args, "--course", str(root), cwd=tmp_path)
        assert proc.returncode == 1 and text in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)
    (root / "simulations" / "sim.py").write_text(
        SIMS.replace('fig.line([0, 1], [0, k], label="line")', "raise ValueError('bad k')")
    )
    proc = _cli("render-sim", "curve", "--course", str(root), cwd=tmp_path)
    assert (
        proc.returncode == 1 and "CK501" in proc.stderr and "sim.py:" in proc.stderr and "Traceback" not in proc.stderr
    )


def test_build_reports_simulation_errors_without_output(tmp_path):
    root = course_with(tmp_path, "boom", K_PARAM)
    proc = _cli("build", str(root), "--target", "html", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 1
    assert "error CK501: simulation 'curve' raised IndexError" in proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_non_deterministic_simulation_is_refused(tmp_path):
    diag = _error(tmp_path, "moody")
    assert diag.code == "CK504" and "simulation 'curve' is not deterministic" in diag.message
    assert diag.location.file.endswith("course.yaml")


def test_non_deterministic_generator_is_refused(tmp_path):
    from coursekit.render.pipeline import render_course

    gen = 'import time\n\ncount = []\n\n\ndef gen(rng):\n    count.append(1)\n    return {"x": len(count)}\n'
    question = (
        '  - id: pick\n    type: numeric\n    prompt: "What is {{ x }}?"\n    answer: "{{ x }}"\n'
        "    feedback: {general: ok}\n    variants: {count: 2, generator: ../simulations/gen.py:gen}\n"
    )
    root = write_course(tmp_path / "c", quiz_questions=question, files={"simulations/gen.py": gen})
    course = loaded(root)
    with pytest.raises(CourseError) as info:
        render_course(course)
    (diag,) = info.value.diagnostics.items
    assert diag.code == "CK504" and "generator of question 'pick' is not deterministic" in diag.message
    assert diag.location.file.endswith("quizzes/one.yaml") and (diag.location.line, diag.location.col) == (
        9,
        15,
    )  # the variants: mapping


@pytest.mark.parametrize(
    "call,name",
    [
        ('sys.exit("bye")', "SystemExit"),
        ("raise SystemExit(3)", "SystemExit"),
        ("raise GeneratorExit", "GeneratorExit"),
    ],
)
def test_author_code_that_exits_is_an_error_at_its_line(tmp_path, call, name):
    # SystemExit is no Exception: it left the build (and a running `coursekit serve`) with the
    # author's message and no location.
    root = course_with(tmp_path, "curve", K_PARAM)
    (root / "simulations" / "sim.py").write_text(f"import sys\n\n\ndef curve(k, rng):\n    {call}\n")
    course = loaded(root)
    with pytest.raises(CourseError) as info:
        render_simulation(course.root, course.id, course.simulation("curve"))
    (diag,) = info.value.diagnostics.items
    assert diag.code == "CK501" and name in diag.message, diag.message
    assert diag.location.line == 5
