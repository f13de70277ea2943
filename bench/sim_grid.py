"""Benchmark: one simulation with three parameters and a 512-frame grid.

    python bench/sim_grid.py

Times coursekit.render.simulate.render_simulation (author code + SVG for every frame,
identical frames shared) in this process and prints frames, distinct frames, seconds,
and the time per frame. The target in the simulations issue is under 3 s for ~500 frames.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

COURSE = """\
id: sim-bench
title: Simulation grid benchmark
chapters: [chapters/one.md]
simulations:
  - id: waves
    title: Damped waves
    source: simulations/waves.py:waves
    description: A damped wave and its envelope for a frequency, a damping and a shape.
    params:
      - {name: freq, label: Frequency, min: 1, max: 8, step: 1, default: 2}
      - {name: damping, label: Damping, min: 0.0, max: 0.7, step: 0.1, default: 0.1}
      - {name: shape, label: Shape, choices: [sine, square, triangle, saw, pulse, half, full, abs], default: sine}
"""

WAVES = """
import numpy as np
from coursekit.sim import Figure

SHAPES = {
    "sine": np.sin, "square": lambda t: np.sign(np.sin(t)), "triangle": lambda t: 2 / np.pi * np.arcsin(np.sin(t)),
    "saw": lambda t: 2 * (t / (2 * np.pi) % 1) - 1, "pulse": lambda t: (np.sin(t) > 0.7).astype(float),
    "half": lambda t: np.maximum(np.sin(t), 0), "full": lambda t: np.abs(np.sin(t)), "abs": lambda t: np.abs(np.cos(t)),
}


def waves(freq, damping, shape, rng):
    t = np.linspace(0, 4 * np.pi, 200)
    env = np.exp(-damping * t)
    y = env * SHAPES[shape](freq * t)
    fig = Figure(x_label="Time", y_label="Amplitude", x_unit="s")
    fig.band(t, -env, env, label="Envelope")
    fig.line(t, y, label=f"{shape}, f = {freq}")
    fig.hline(0)
    return fig
"""


def main() -> None:
    from coursekit.load import load_course
    from coursekit.render.simulate import render_simulation

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "chapters").mkdir()
        (root / "simulations").mkdir()
        (root / "course.yaml").write_text(COURSE)
        (root / "chapters" / "one.md").write_text("---\nid: one\ntitle: One\n---\n\n:::{simulation} waves\n:::\n")
        (root / "simulations" / "waves.py").write_text(WAVES)
        course, diags = load_course(root)
        assert course is not None and not diags.has_errors(), diags.render()
        sim = course.simulation("waves")
        start = time.perf_counter()
        out = render_simulation(course.root, course.id, sim)
        elapsed = time.perf_counter() - start
        sizes = [len(s) for s in out.frames.values()]
        print(
            f"frames {sim.grid_size()}, distinct {len(out.frames)}, {elapsed:.2f} s, "
            f"{1000 * elapsed / sim.grid_size():.2f} ms/frame, "
            f"mean SVG {sum(sizes) / len(sizes) / 1024:.1f} KB"
        )


if __name__ == "__main__":
    sys.exit(main())
