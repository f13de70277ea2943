"""The example figures of docs/simulations.md are current: the SVG files in docs/figures/ are
exactly what scripts/doc_figures.py draws today, every one is shown in the docs, and the code
the docs show is the code that drew them."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "simulations.md").read_text(encoding="utf-8")


def _script():
    spec = importlib.util.spec_from_file_location("doc_figures_script", REPO / "scripts" / "doc_figures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_committed_figures_are_what_the_script_draws():
    drawn = _script().drawn()
    assert len(drawn) >= 8
    for name, svg in drawn.items():
        path = REPO / "docs" / "figures" / name
        assert path.is_file(), f"run python scripts/doc_figures.py ({name} is missing)"
        assert path.read_bytes() == svg, f"run python scripts/doc_figures.py ({name} is out of date)"
    on_disk = {p.name for p in (REPO / "docs" / "figures").glob("*.svg")}
    assert on_disk == set(drawn), on_disk ^ set(drawn)


def test_the_docs_show_every_example_and_its_code():
    module = _script().examples()
    for name, (fn, _, _) in module.FIGURES.items():
        assert f"(figures/{name}.svg)" in DOC, name
        assert inspect.getsource(fn).strip() in DOC, f"the code of {fn.__name__} in simulations.md differs"
