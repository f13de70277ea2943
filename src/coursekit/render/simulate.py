"""Running a simulation over its parameter grid and drawing every frame as SVG.

The HTML and SCORM targets show controls that swap frames in the browser, so the build
evaluates the function at every combination of parameter values (the grid is capped by
``Simulation.max_frames``, 1,000 by default, checked when the course is loaded). Each call's
figure is drawn twice: at the author's size, and in the narrow layout the html site shows on
phones (``svg_doc.NARROW``). Frames with identical bytes are stored once, keyed by their
SHA-256. Every other target uses ``default_svg``, the wide frame at the parameters' defaults.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from ..diagnostics import CourseError, Diagnostic, Location, display_path
from ..model import Simulation
from ..model.base import raw_loc
from ..sim import Diagram, Figure, FigureError
from .author_code import call_author, load_function, rng_for
from .figure_text import FigureText
from .svg import NARROW, WIDE, render_svg


def figure_text(course: Any) -> FigureText:
    """The course's language as its figures need it (English: FigureText())."""
    from ..i18n import ui_text

    return FigureText.of(ui_text(course))


def combination_key(values: dict[str, Any]) -> str:
    """A stable text key of one combination of parameter values."""
    return "|".join(f"{k}={_value_text(values[k])}" for k in sorted(values))


def _value_text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


@dataclass
class SimulationOutput:
    """What exporters read: every distinct frame, the controls and which frame each combination shows."""

    default_svg: bytes
    frames: dict[str, bytes] = field(default_factory=dict)  # sha256 -> SVG (wide and narrow)
    # {"controls": [...], "frames": {key: sha256}, "narrow": {key: sha256}, "default": key}
    manifest: dict[str, Any] = field(default_factory=dict)

    def frame_for(self, values: dict[str, Any]) -> str | None:
        return self.manifest.get("frames", {}).get(combination_key(values))

    def narrow_frame_for(self, values: dict[str, Any]) -> str | None:
        """The narrow (phone) layout of the same frame."""
        return self.manifest.get("narrow", {}).get(combination_key(values))

    @property
    def narrow_svg(self) -> bytes | None:
        digest = self.manifest.get("narrow", {}).get(self.manifest.get("default", ""))
        return self.frames.get(digest) if digest else None

    @staticmethod
    def combination_key(values: dict[str, Any]) -> str:
        return combination_key(values)


def plain_text(markdown: str) -> str:
    """The text of a Markdown description, for the SVG ``<desc>`` (no markup)."""
    md = MarkdownIt("commonmark")
    parts: list[str] = []
    for tok in md.parse(markdown):
        if tok.type == "inline" and tok.children is not None:
            parts.append(
                "".join(
                    c.content
                    for c in tok.children
                    if c.type in ("text", "code_inline", "softbreak") or c.type.endswith("math_inline")
                ).replace("\n", " ")
            )
        elif tok.type in ("code_block", "fence"):
            parts.append(tok.content.strip())
    return " ".join(p.strip() for p in parts if p.strip())


def _where(sim: Simulation, course_root: Path) -> Location:
    return sim.loc if raw_loc(sim) else Location(display_path(course_root / "course.yaml"))


def run_frame(
    course_root: Path,
    course_id: str,
    sim: Simulation,
    values: dict[str, Any],
    fixed_by: str = "",
    text: FigureText | None = None,
) -> bytes:
    """Call the simulation once and draw the figure it returns (at the author's size)."""
    return run_frames(course_root, course_id, sim, values, (WIDE,), fixed_by, text)[0]


def run_frames(
    course_root: Path,
    course_id: str,
    sim: Simulation,
    values: dict[str, Any],
    layouts=(WIDE, NARROW),
    fixed_by: str = "",
    text: FigureText | None = None,
) -> list[bytes]:
    """Call the simulation once and draw the figure it returns in each layout. ``fixed_by``
    says where the directive that fixed some of the values is, for error messages; ``text``
    is the course's language in the figure (English by default)."""
    what = f"simulation '{sim.id}'"
    fn = load_function(course_root / sim.source_file, sim.function, what=what)
    rng = rng_for(course_id, sim.id)  # the same draws for every frame: only the parameters change
    try:
        result = call_author(fn, {**values, "rng": rng}, what=what)
    except CourseError as exc:
        # A simulation may fail at only some slider values: say which frame.
        if not values:
            raise
        raise _annotated(exc, f"at {values_text(values)}" + (f"; {fixed_by}" if fixed_by else "")) from None
    if not isinstance(result, (Figure, Diagram)):
        raise CourseError(
            Diagnostic(
                "CK503",
                f"{what} returned {type(result).__name__}, not a coursekit.sim Figure or Diagram",
                _where(sim, course_root),
                hint="build a Figure() or Diagram() and return it",
            )
        )
    desc = plain_text(sim.description)
    try:
        return [render_svg(result, sim.title, desc, layout, text) for layout in layouts]
    except FigureError as exc:
        shown = values_text(values)
        raise CourseError(
            Diagnostic(
                "CK505",
                f"{what}{' at ' + shown if shown else ''}: {exc}",
                _origin_location(exc, course_root) or _where(sim, course_root),
                hint="fix the figure the function returns",
            )
        ) from None


def values_text(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_value_text(v)}" for k, v in values.items())


def _annotated(exc: CourseError, note: str) -> CourseError:
    """The same error with ``(note)`` after each message."""
    return CourseError([dataclasses.replace(d, message=f"{d.message} ({note})") for d in exc.diagnostics.items])


def _origin_location(exc: FigureError, course_root: Path) -> Location | None:
    """The author's line that added the mark at fault, when it lies in the course."""
    if exc.origin is None:
        return None
    path = Path(exc.origin[0])
    try:
        path.resolve().relative_to(course_root.resolve())
    except (OSError, ValueError):
        return None
    return Location(display_path(path), exc.origin[1], 1)


def render_simulation(
    course_root: Path,
    course_id: str,
    sim: Simulation,
    fixed: dict[str, Any] | None = None,
    fixed_by: str = "",
    text: FigureText | None = None,
) -> SimulationOutput:
    """Every frame of the grid of the parameters not fixed by the directive (``fixed_by``: where
    that directive is, for error messages), in both layouts; ``text``: the course's language in
    the figures (English by default)."""
    fixed = dict(fixed or {})
    free = [p for p in sim.params if p.name not in fixed]
    defaults = sim.defaults()
    frames: dict[str, bytes] = {}
    table: dict[str, str] = {}
    narrow: dict[str, str] = {}
    by_bytes: dict[bytes, str] = {}

    def keep(svg: bytes) -> str:
        digest = by_bytes.get(svg)
        if digest is None:
            digest = hashlib.sha256(svg).hexdigest()
            by_bytes[svg] = digest
            frames[digest] = svg
        return digest

    for combo in itertools.product(*[p.values() for p in free]):
        values = {**defaults, **dict(zip([p.name for p in free], combo, strict=True)), **fixed}
        wide_svg, narrow_svg = run_frames(course_root, course_id, sim, values, fixed_by=fixed_by, text=text)
        key = combination_key(values)
        table[key] = keep(wide_svg)
        narrow[key] = keep(narrow_svg)
    default_values = {**defaults, **fixed}
    default_key = combination_key(default_values)
    default_hash = table[default_key]
    # The same seed and parameters must give the same figure, or builds would not be
    # reproducible: call once more and compare.
    if run_frame(course_root, course_id, sim, default_values, text=text) != frames[default_hash]:
        raise CourseError(
            Diagnostic(
                "CK504",
                f"simulation '{sim.id}' is not deterministic: "
                "two calls with the same parameters and seed drew different figures",
                _where(sim, course_root),
                hint=(
                    "draw random numbers only from the rng argument; do not use time, global random state or set order"
                ),
            )
        )
    controls = [
        {
            "name": p.name,
            "label": p.label,
            "kind": p.kind,
            "values": p.values(),
            "default": defaults[p.name],
            "unit": getattr(p, "unit", None),
        }
        for p in free
    ]
    return SimulationOutput(
        default_svg=frames[default_hash],
        frames=frames,
        manifest={"controls": controls, "frames": table, "fixed": fixed, "narrow": narrow, "default": default_key},
    )


def _parse_params(sim: Simulation, raw: list[str]) -> tuple[dict[str, Any], str | None]:
    values: dict[str, Any] = {}
    for item in raw:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            return {}, f"--param {item!r}: write name=value"
        param = sim.param(name)
        if param is None:
            return (
                {},
                f"simulation {sim.id!r} has no parameter {name!r} "
                f"(it has: {', '.join(p.name for p in sim.params) or 'none'})",
            )
        try:
            value = param.coerce(text.strip())
        except (TypeError, ValueError):
            return {}, f"--param {name}: {text!r} is not a value of this parameter"
        if param.kind == "number" and not (param.min - 1e-9 <= value <= param.max + 1e-9):
            return {}, f"--param {name}: {text} is outside {param.min:g}..{param.max:g}"
        values[name] = value
    return values, None


def render_sim_command(course_dir: Path, sim_id: str, params: list[str], out: Path | None) -> int:
    """``coursekit render-sim``: one frame to a file or stdout; returns the exit status."""
    from ..load import load_course
    from ..package import write_file

    course, diags = load_course(course_dir)
    if course is None or diags.has_errors():
        print(diags.render("text"), file=sys.stderr)
        return 1
    sim = course.simulation(sim_id)
    if sim is None:
        known = ", ".join(s.id for s in course.simulations) or "none declared"
        print(f"error CK230: unknown simulation {sim_id!r} (known: {known})", file=sys.stderr)
        return 1
    values, problem = _parse_params(sim, params)
    if problem:
        print(f"error CK232: {problem}", file=sys.stderr)
        return 1
    try:
        svg = run_frame(course.root, course.id, sim, {**sim.defaults(), **values}, text=figure_text(course))
    except CourseError as exc:
        print(exc.diagnostics.render("text"), file=sys.stderr)
        return 1
    if out is None:
        sys.stdout.buffer.write(svg)
        sys.stdout.flush()
    else:
        write_file(out, svg)
        print(f"wrote {out} ({len(svg):,} bytes)", file=sys.stderr)
    return 0


__all__ = [
    "SimulationOutput",
    "combination_key",
    "plain_text",
    "render_sim_command",
    "render_simulation",
    "run_frame",
    "run_frames",
]
