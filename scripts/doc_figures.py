"""Draw the example figures of docs/simulations.md (docs/figures/examples.py) into
docs/figures/<name>.svg (the author's layout) and <name>-narrow.svg (the phone layout).

    python scripts/doc_figures.py

Deterministic: each figure's rng is seeded from its name, so the files only change when the
examples or the renderer do (tests/test_doc_figures.py fails until they are redrawn).
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import numpy as np

from coursekit.render.svg import NARROW, WIDE, render_svg

FOLDER = Path(__file__).resolve().parents[1] / "docs" / "figures"


def examples():
    spec = importlib.util.spec_from_file_location("coursekit_doc_figures", FOLDER / "examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def drawn() -> dict[str, bytes]:
    """File name -> SVG bytes for every example, in both layouts."""
    out: dict[str, bytes] = {}
    for name, (fn, title, desc) in examples().FIGURES.items():
        for layout, suffix in ((WIDE, ""), (NARROW, "-narrow")):
            seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
            out[f"{name}{suffix}.svg"] = render_svg(fn(np.random.default_rng(seed)), title, desc, layout)
    return out


def main() -> int:
    for file, svg in drawn().items():
        (FOLDER / file).write_bytes(svg)
        print(f"docs/figures/{file} ({len(svg):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
