"""Figure: axes plus marks, checked as they are added.

Every mark method converts its data to float arrays at once and refuses NaN, infinity,
empty data and mismatched lengths, so the author's traceback points at the line that
added the bad data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


class FigureError(ValueError):
    """Data a figure cannot draw (NaN, infinity, mismatched shapes, bad options)."""


SCALES = ("linear", "log")


def _array(values: Any, what: str, *, positive: bool = False) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise FigureError(f"{what} must be numbers (got {type(values).__name__})") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise FigureError(f"{what} must be one-dimensional (got shape {arr.shape})")
    if arr.size == 0:
        raise FigureError(f"{what} is empty")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise FigureError(
            f"{what} has {'NaN' if np.isnan(arr[bad[0]]) else 'an infinite value'} at index {int(bad[0])}"
        )
    if positive and (arr <= 0).any():
        raise FigureError(
            f"{what} has a value <= 0 at index {int(np.flatnonzero(arr <= 0)[0])}, which a log scale cannot show"
        )
    return arr


def _number(value: Any, what: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise FigureError(f"{what} must be a number (got {value!r})") from None
    if not np.isfinite(v):
        raise FigureError(f"{what} is {v!r}, not a finite number")
    return v


def _same_length(n: int, arr: np.ndarray, what: str) -> None:
    if arr.size != n:
        raise FigureError(f"{what} has {arr.size} values but x has {n}")


def _hovers(hover: Any, n: int, what: str) -> list[str] | None:
    if hover is None:
        return None
    if isinstance(hover, str):
        return [hover] * n
    items = [str(h) for h in hover]
    if len(items) != n:
        raise FigureError(f"{what}: hover has {len(items)} texts for {n} points")
    return items


def _text(value: Any, what: str) -> str:
    if value is None:
        raise FigureError(f"{what} is missing")
    return str(value)


@dataclass(eq=False)
class Line:
    x: np.ndarray
    y: np.ndarray
    label: str | None
    dashed: bool
    hover: list[str] | None


@dataclass(eq=False)
class Scatter:
    x: np.ndarray
    y: np.ndarray
    label: str | None
    hover: list[str] | None


@dataclass(eq=False)
class Bars:
    categories: list[str]
    values: np.ndarray
    label: str | None
    hover: list[str] | None


@dataclass(eq=False)
class Band:
    x: np.ndarray
    low: np.ndarray
    high: np.ndarray
    label: str | None


@dataclass(eq=False)
class Heatmap:
    z: np.ndarray
    x_labels: list[str]
    y_labels: list[str]
    label: str | None


@dataclass
class Event:
    x: float
    label: str
    value: float | None
    hover: str | None


@dataclass
class Rule:
    axis: str  # "x" (a vertical line at x) or "y" (a horizontal line at y)
    at: float
    label: str | None


@dataclass
class Note:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(eq=False)
class Figure:
    """A chart: axes plus marks. Sizes are in SVG user units (the SVG scales with its box)."""

    x_label: str | None = None
    y_label: str | None = None
    x_unit: str | None = None
    y_unit: str | None = None
    x_scale: str = "linear"
    y_scale: str = "linear"
    x_range: tuple[float | None, float | None] | None = None
    y_range: tuple[float | None, float | None] | None = None
    width: int = 640
    height: int = 400
    legend: bool = True
    title: str | None = None  # optional heading drawn in the figure; the SVG <title> comes from course.yaml
    marks: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        for axis in ("x", "y"):
            scale = getattr(self, f"{axis}_scale")
            if scale not in SCALES:
                raise FigureError(f"{axis}_scale must be 'linear' or 'log' (got {scale!r})")
            rng = getattr(self, f"{axis}_range")
            if rng is not None:
                if len(rng) != 2:
                    raise FigureError(f"{axis}_range must be (low, high)")
                lo, hi = (None if v is None else _number(v, f"{axis}_range") for v in rng)
                if lo is not None and hi is not None and not lo < hi:
                    raise FigureError(f"{axis}_range low ({lo:g}) must be below high ({hi:g})")
                if scale == "log" and ((lo is not None and lo <= 0) or (hi is not None and hi <= 0)):
                    raise FigureError(f"{axis}_range must be positive on a log scale")
                setattr(self, f"{axis}_range", (lo, hi))
        if not (120 <= int(self.width) <= 2000 and 100 <= int(self.height) <= 2000):
            raise FigureError("width must be 120..2000 and height 100..2000")

    # -- marks -------------------------------------------------------------------------
    def line(
        self,
        x: Sequence[float],
        y: Sequence[float],
        *,
        label: str | None = None,
        dashed: bool = False,
        hover: Any = None,
    ) -> Figure:
        """A polyline through (x, y); ``hover`` is one text for the line or one per point."""
        xs = _array(x, "line(): x", positive=self.x_scale == "log")
        ys = _array(y, "line(): y", positive=self.y_scale == "log")
        _same_length(xs.size, ys, "line(): y")
        self.marks.append(
            Line(xs, ys, None if label is None else str(label), bool(dashed), _hovers(hover, xs.size, "line()"))
        )
        return self

    def scatter(self, x: Sequence[float], y: Sequence[float], *, label: str | None = None, hover: Any = None) -> Figure:
        """Points at (x, y); ``hover`` gives each point a text shown on hover."""
        xs = _array(x, "scatter(): x", positive=self.x_scale == "log")
        ys = _array(y, "scatter(): y", positive=self.y_scale == "log")
        _same_length(xs.size, ys, "scatter(): y")
        self.marks.append(Scatter(xs, ys, None if label is None else str(label), _hovers(hover, xs.size, "scatter()")))
        return self

    def bar(
        self, categories: Sequence[Any], values: Sequence[float], *, label: str | None = None, hover: Any = None
    ) -> Figure:
        """Bars over named categories; several calls with the same categories make grouped bars."""
        cats = [str(c) for c in categories]
        vals = _array(values, "bar(): values", positive=self.y_scale == "log")
        if len(cats) != vals.size:
            raise FigureError(f"bar(): {len(cats)} categories but {vals.size} values")
        if len(set(cats)) != len(cats):
            raise FigureError("bar(): categories must be distinct")
        self.marks.append(Bars(cats, vals, None if label is None else str(label), _hovers(hover, vals.size, "bar()")))
        return self

    def band(
        self, x: Sequence[float], low: Sequence[float], high: Sequence[float], *, label: str | None = None
    ) -> Figure:
        """A filled area between ``low`` and ``high`` (a range, a confidence band)."""
        xs = _array(x, "band(): x", positive=self.x_scale == "log")
        lo = _array(low, "band(): low", positive=self.y_scale == "log")
        hi = _array(high, "band(): high", positive=self.y_scale == "log")
        _same_length(xs.size, lo, "band(): low")
        _same_length(xs.size, hi, "band(): high")
        self.marks.append(Band(xs, lo, hi, None if label is None else str(label)))
        return self

    area = band

    def heatmap(
        self,
        z: Any,
        *,
        x_labels: Sequence[Any] | None = None,
        y_labels: Sequence[Any] | None = None,
        label: str | None = None,
    ) -> Figure:
        """A grid of coloured cells; ``z[row][col]`` with rows along y (first row at the top)."""
        try:
            arr = np.asarray(z, dtype=float)
        except (TypeError, ValueError):
            raise FigureError("heatmap(): z must be a 2-D array of numbers") from None
        if arr.ndim != 2 or arr.size == 0:
            raise FigureError(f"heatmap(): z must be a non-empty 2-D array (got shape {arr.shape})")
        if not np.isfinite(arr).all():
            r, c = np.argwhere(~np.isfinite(arr))[0]
            raise FigureError(f"heatmap(): z has a NaN or infinite value at row {int(r)}, column {int(c)}")
        rows, cols = arr.shape
        xl = [str(v) for v in x_labels] if x_labels is not None else [str(i) for i in range(cols)]
        yl = [str(v) for v in y_labels] if y_labels is not None else [str(i) for i in range(rows)]
        if len(xl) != cols or len(yl) != rows:
            raise FigureError(
                f"heatmap(): z has shape {arr.shape} but there are {len(yl)} y_labels and {len(xl)} x_labels"
            )
        self.marks.append(Heatmap(arr, xl, yl, None if label is None else str(label)))
        return self

    def event(self, date: float, label: str, *, value: float | None = None, hover: str | None = None) -> Figure:
        """A timeline event at ``date`` (a number, e.g. a year); ``value`` places it on the y axis."""
        self.marks.append(
            Event(
                _number(date, "event(): date"),
                _text(label, "event(): label"),
                None if value is None else _number(value, "event(): value"),
                None if hover is None else str(hover),
            )
        )
        return self

    def hline(self, y: float, *, label: str | None = None) -> Figure:
        """A dashed horizontal reference line."""
        self.marks.append(Rule("y", _number(y, "hline(): y"), None if label is None else str(label)))
        return self

    def vline(self, x: float, *, label: str | None = None) -> Figure:
        """A dashed vertical reference line."""
        self.marks.append(Rule("x", _number(x, "vline(): x"), None if label is None else str(label)))
        return self

    def text(self, x: float, y: float, text: str, *, anchor: str = "start") -> Figure:
        """A text annotation at data coordinates (x, y); ``anchor`` is start, middle or end."""
        if anchor not in ("start", "middle", "end"):
            raise FigureError(f"text(): anchor must be 'start', 'middle' or 'end' (got {anchor!r})")
        self.marks.append(Note(_number(x, "text(): x"), _number(y, "text(): y"), _text(text, "text(): text"), anchor))
        return self

    def check(self) -> None:
        """Whole-figure rules, checked when the figure is drawn."""
        if not self.marks:
            raise FigureError("the figure has no marks; add a line, bars, events, ...")
        kinds = {type(m) for m in self.marks}
        if Heatmap in kinds and len([m for m in self.marks if not isinstance(m, Heatmap)]) > 0:
            raise FigureError("a heatmap cannot share its figure with other marks")
        if sum(isinstance(m, Heatmap) for m in self.marks) > 1:
            raise FigureError("a figure holds one heatmap")
        if Bars in kinds and kinds & {Line, Scatter, Band, Event}:
            raise FigureError("bars use a categorical x axis; draw lines, points and events in another figure")
        if Bars in kinds:
            first = next(m for m in self.marks if isinstance(m, Bars))
            for m in self.marks:
                if isinstance(m, Bars) and m.categories != first.categories:
                    raise FigureError("grouped bars need the same categories in every bar() call")
