"""Simulations declared in course.yaml and their parameters."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Discriminator, Field, Strict, Tag, model_validator
from pydantic_core import PydanticCustomError

from .base import Markdown, Node, NonEmptyText, Number, PositiveNumber, Slug, Text, invariant, raise_all

MAX_FRAMES = 1000
"""Default cap on a simulation's parameter grid (product of every parameter's values)."""

IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SOURCE_RE = re.compile(r"^(?P<file>[^:]+\.py):(?P<func>[A-Za-z_][A-Za-z0-9_]*)$")

ChoiceValue = Annotated[bool, Strict()] | Annotated[int, Strict()] | Annotated[float, Strict()] | str


def _decimals(x: float) -> int:
    exp = Decimal(repr(float(x))).normalize().as_tuple().exponent
    return max(0, -int(exp)) if isinstance(exp, int) else 0


def grid_values(lo: float, hi: float, step: float, limit: int | None = None) -> list[float]:
    """``lo + k*step`` while <= hi (1e-9 slack), rounded to the decimals of ``step``."""
    places = max(_decimals(step), _decimals(lo))
    values, k = [], 0
    while True:
        v = lo + k * step
        if v > hi + 1e-9:
            break
        values.append(round(v, places))
        k += 1
        if limit is not None and len(values) > limit:
            break
    return values


def _name_problems(name: str) -> list[PydanticCustomError]:
    if not IDENT_RE.match(name) or name == "rng":
        return [
            invariant(
                "CK210",
                f"parameter name {name!r} is not a usable keyword argument",
                "use a Python identifier other than 'rng', e.g. 'overhead'",
                ("name",),
            )
        ]
    return []


class NumberParam(Node):
    """A number parameter; becomes a slider."""

    name: str = Field(
        description="The keyword argument the function receives (a Python identifier, not rng).", examples=["overhead"]
    )
    label: NonEmptyText = Field(description="The control's label.", examples=["Communication overhead per added GPU"])
    min: Number = Field(description="The smallest value.", examples=[0.0])
    max: Number = Field(description="The largest value (a frame only if it lies on the grid).", examples=[0.2])
    step: PositiveNumber = Field(description="The grid step: values are min + k*step while <= max.", examples=[0.02])
    default: Number = Field(description="The value shown first; it must be a grid value.", examples=[0.04])
    unit: Text | None = Field(None, description="A unit shown after the value.", examples=["%"])

    @model_validator(mode="after")
    def _check(self) -> NumberParam:
        problems = _name_problems(self.name)
        self._add_range_problems(problems)
        if problems:
            raise_all(problems)
        return self

    def _add_range_problems(self, problems: list[PydanticCustomError]) -> None:
        """min..max first (nothing else means anything without it), then the step and the
        default's range, each on its own, then whether the default is on the grid."""
        if not self.min < self.max:
            problems.append(
                invariant(
                    "CK211",
                    f"min ({self.min:g}) must be below max ({self.max:g})",
                    "swap or fix min and max",
                    ("max",),
                )
            )
            return
        too_fine = (self.max - self.min) / self.step > 100_000
        if too_fine:
            problems.append(
                invariant(
                    "CK214",
                    "step is far too small for the range (over 100,000 values)",
                    "use a larger step",
                    ("step",),
                )
            )
        if not self.min - 1e-9 <= self.default <= self.max + 1e-9:
            problems.append(
                invariant(
                    "CK212",
                    f"default {self.default:g} is outside min..max ({self.min:g}..{self.max:g})",
                    "choose a default between min and max",
                    ("default",),
                )
            )
            return
        if too_fine:
            return  # the grid is not made
        values = self.values()
        if not any(math.isclose(self.default, v, rel_tol=0, abs_tol=1e-9) for v in values):
            nearest = min(values, key=lambda v: (abs(v - self.default), v))
            problems.append(
                invariant(
                    "CK213",
                    f"default {self.default:g} is not on the grid min + k*step ("
                    + ", ".join(f"{v:g}" for v in values[:3])
                    + (", ...)" if len(values) > 3 else ")"),
                    f"use the nearest grid value, default: {nearest:g}",
                    ("default",),
                )
            )

    @property
    def integral(self) -> bool:
        return all(float(v).is_integer() for v in (self.min, self.max, self.step, self.default))

    def values(self) -> list[Any]:
        vals = grid_values(self.min, self.max, self.step)
        return [int(v) for v in vals] if self.integral else vals

    def coerce(self, value: Any) -> Any:
        return int(value) if self.integral else float(value)

    @property
    def kind(self) -> str:
        return "number"


class ChoiceParam(Node):
    """A choice parameter; becomes a select."""

    name: str = Field(
        description="The keyword argument the function receives (a Python identifier, not rng).", examples=["precision"]
    )
    label: NonEmptyText = Field(description="The control's label.", examples=["Precision"])
    choices: list[ChoiceValue] = Field(
        min_length=1, description="The values to choose from.", examples=[["fp32", "bf16", "fp16"]]
    )
    default: ChoiceValue = Field(description="The value shown first: one of the choices.", examples=["bf16"])

    @model_validator(mode="after")
    def _check(self) -> ChoiceParam:
        problems = _name_problems(self.name)
        seen = set()
        repeated = set()
        for i, c in enumerate(self.choices):
            if str(c) not in seen:
                seen.add(str(c))
            elif str(c) not in repeated:  # once per choice, at its second listing
                repeated.add(str(c))
                problems.append(
                    invariant("CK215", f"choice {c!r} is listed twice", "list each choice once", ("choices", i))
                )
        if str(self.default) not in seen:
            problems.append(
                invariant(
                    "CK216",
                    f"default {self.default!r} is not one of the choices",
                    "set default to one of the choices",
                    ("default",),
                )
            )
        if problems:
            raise_all(problems)
        return self

    def values(self) -> list[Any]:
        return list(self.choices)

    def coerce(self, value: Any) -> Any:
        for c in self.choices:
            if str(c) == str(value):
                return c
        raise ValueError(value)

    @property
    def kind(self) -> str:
        return "choice"


def _param_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "choice" if "choices" in value else "number"
    return "choice" if hasattr(value, "choices") else "number"


Param = Annotated[
    Annotated[NumberParam, Tag("number")] | Annotated[ChoiceParam, Tag("choice")],
    Discriminator(_param_kind),
]


class Simulation(Node):
    """A numpy simulation drawn as SVG by coursekit."""

    id: Slug = Field(
        description="The simulation id: a slug, unique in the course; chapters embed it with :::{simulation} ID.",
        examples=["data-parallel-scaling"],
    )
    title: NonEmptyText = Field(description="The figure's title (SVG <title>).", examples=["Data-parallel speed-up"])
    source: str = Field(
        description="file.py:function, relative to course.yaml: called with the parameters and rng, it returns a "
        "coursekit.sim figure.",
        examples=["simulations/scaling.py:speedup"],
    )
    description: Markdown = Field(
        min_length=1,
        description="The text alternative (SVG <desc>): say what the figure shows, for learners who cannot see it.",
    )
    params: list[Param] = Field(
        default_factory=list,
        description="Controls in html and SCORM: number params {name, label, min, max, step, default, unit?} become "
        "sliders, choice params {name, label, choices, default} selects.",
    )
    max_frames: int = Field(
        default=MAX_FRAMES,
        gt=0,
        description=f"Extension: the cap on the parameter grid (frames drawn at build), default {MAX_FRAMES:,}.",
        examples=[2000],
    )

    @model_validator(mode="after")
    def _check(self) -> Simulation:
        problems = []
        if not SOURCE_RE.match(self.source):
            problems.append(
                invariant(
                    "CK220",
                    f"source {self.source!r} is not of the form file.py:function",
                    "write e.g. simulations/scaling.py:speedup",
                    ("source",),
                )
            )
        names: set[str] = set()
        for i, p in enumerate(self.params):
            if p.name in names:
                problems.append(
                    invariant(
                        "CK217",
                        f"parameter {p.name!r} is declared twice",
                        "give every parameter a distinct name",
                        ("params", i, "name"),
                    )
                )
            names.add(p.name)
        if self.grid_size() > self.max_frames:
            problems.append(
                invariant(
                    "CK218",
                    f"the parameter grid has {self.grid_size():,} frames, over the limit of {self.max_frames:,}",
                    "use larger steps or fewer choices, or raise max_frames",
                    ("params",),
                )
            )
        if problems:
            raise_all(problems)
        return self

    @property
    def source_file(self) -> str:
        return self.source.rsplit(":", 1)[0]

    @property
    def function(self) -> str:
        return self.source.rsplit(":", 1)[1]

    def grid_size(self) -> int:
        n = 1
        for p in self.params:
            n *= len(p.values())
        return n

    def param(self, name: str) -> NumberParam | ChoiceParam | None:
        return next((p for p in self.params if p.name == name), None)

    def defaults(self) -> dict[str, Any]:
        return {p.name: (p.coerce(p.default) if isinstance(p, NumberParam) else p.default) for p in self.params}
