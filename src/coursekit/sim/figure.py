"""Figure: axes plus marks, checked as they are added.

Every mark method converts its data to float arrays at once and refuses NaN, infinity,
empty data and mismatched lengths, so the author's traceback points at the line that
added the bad data.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

_SIM_DIR = os.path.dirname(os.path.abspath(__file__))


def _origin() -> tuple[str, int] | None:
    """The author's line that called into the figure API (the first frame outside this package).

    Stored on every mark, so that a problem found only when the figure is drawn (CK505) still
    points at the line that added the mark."""
    frame = sys._getframe(1)
    # (a dataclass's generated __init__ has no file: "<string>")
    while frame is not None and (
        frame.f_code.co_filename.startswith("<")
        or os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _SIM_DIR
    ):
        frame = frame.f_back
    return (frame.f_code.co_filename, frame.f_lineno) if frame is not None else None


class FigureError(ValueError):
    """Data a figure cannot draw (NaN, infinity, mismatched shapes, bad options).

    ``origin`` is the author's (file, line) that added the mark at fault, when known."""

    def __init__(self, message: str, origin: tuple[str, int] | None = None):
        super().__init__(message)
        self.origin = origin


SCALES = ("linear", "log")
EMPHASES = ("highlight", "muted")
PALETTE_SIZE = 6  # coursekit.render.svg.PALETTE
NUMPY_BIN_RULES = ("auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt")
MAX_BINS = 500
MAX_SEGMENTS = 5000


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


def _label(value: Any) -> str | None:
    return None if value is None else str(value)


def _colour(colour: Any, color: Any, what: str) -> str | int | None:
    """``colour`` (or ``color``): "highlight", "muted" or a palette index."""
    if colour is not None and color is not None:
        raise FigureError(f"{what}: give colour or color, not both")
    value = colour if colour is not None else color
    if value is None:
        return None
    if isinstance(value, str) and value in EMPHASES:
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        if 0 <= int(value) < PALETTE_SIZE:
            return int(value)
    raise FigureError(
        f"{what}: colour must be 'highlight', 'muted' or a palette index 0-{PALETTE_SIZE - 1} (got {value!r})"
    )


def _series(label: Any, hover: Any, n: int, colour: Any, color: Any, what: str) -> dict[str, Any]:
    """The fields every data series shares (label, hover texts for ``n`` points, colour, and the
    author's line), checked the same way for each mark."""
    return {
        "label": _label(label),
        "hover": _hovers(hover, n, what),
        "colour": _colour(colour, color, what),
        "origin": _origin(),
    }


def _increasing(edges: np.ndarray, what: str) -> None:
    bad = np.flatnonzero(np.diff(edges) <= 0)
    if bad.size:
        raise FigureError(f"{what} must increase (index {int(bad[0]) + 1})")


def _bin_edges(values: np.ndarray, bins: Any, rng: Any) -> np.ndarray:
    """The bin edges numpy would use, with every way to get them wrong explained."""
    if rng is not None:
        if len(rng) != 2:
            raise FigureError("histogram(): range must be (low, high)")
        lo, hi = (_number(v, "histogram(): range") for v in rng)
        if not lo < hi:
            raise FigureError(f"histogram(): range low ({lo:g}) must be below high ({hi:g})")
        rng = (lo, hi)
    if isinstance(bins, str):
        if bins not in NUMPY_BIN_RULES:
            raise FigureError(
                f"histogram(): bins must be a number of bins, the bin edges or one of {', '.join(NUMPY_BIN_RULES)} "
                f"(got {bins!r})"
            )
        edges = np.histogram_bin_edges(values, bins=bins, range=rng)
    elif isinstance(bins, (int, np.integer)) and not isinstance(bins, (bool, np.bool_)):
        if not 1 <= int(bins) <= MAX_BINS:
            raise FigureError(f"histogram(): bins must be a number of bins from 1 to {MAX_BINS} (got {bins})")
        edges = np.histogram_bin_edges(values, bins=int(bins), range=rng)
    elif isinstance(bins, (str, bytes, bool, float)) or np.ndim(bins) != 1:
        raise FigureError(f"histogram(): bins must be a number of bins, the bin edges or a numpy rule (got {bins!r})")
    else:
        edges = _array(bins, "histogram(): bin edges")
        if edges.size < 2:
            raise FigureError("histogram(): give at least two bin edges")
        _increasing(edges, "histogram(): bin edges")
    if edges.size - 1 > MAX_BINS:
        raise FigureError(f"histogram(): {edges.size - 1} bins is too many to draw (at most {MAX_BINS})")
    return edges


def _broadcast(arrays: dict[str, np.ndarray], what: str) -> dict[str, np.ndarray]:
    """Arrays of one common length; a single value is repeated."""
    longer = [(name, a.size) for name, a in arrays.items() if a.size > 1]
    n = longer[0][1] if longer else 1
    for name, size in longer[1:]:
        if size != n:
            raise FigureError(f"{what}: {name} has {size} values but {longer[0][0]} has {n}")
    return {name: np.broadcast_to(a, (n,)).copy() for name, a in arrays.items()}


# Every mark keeps ``colour`` ("highlight", "muted", a palette index or None for the next
# automatic colour) and ``origin`` (the author's file and line that added it).


@dataclass(eq=False)
class Line:
    x: np.ndarray
    y: np.ndarray
    label: str | None
    dashed: bool
    hover: list[str] | None
    colour: str | int | None = None
    origin: tuple[str, int] | None = None


@dataclass(eq=False)
class Scatter:
    x: np.ndarray
    y: np.ndarray
    label: str | None
    hover: list[str] | None
    colour: str | int | None = None
    origin: tuple[str, int] | None = None


@dataclass(eq=False)
class Bars:
    categories: list[str]
    values: np.ndarray
    label: str | None
    hover: list[str] | None
    colour: str | int | None = None
    origin: tuple[str, int] | None = None


@dataclass(eq=False)
class Histogram:
    """Bars on the numeric x axis: bin ``i`` spans ``edges[i]`` to ``edges[i + 1]``."""

    edges: np.ndarray
    heights: np.ndarray
    label: str | None
    hover: list[str] | None
    colour: str | int | None = None
    origin: tuple[str, int] | None = None


@dataclass(eq=False)
class Segments:
    """Separate straight segments (x0, y0)-(x1, y1), drawn and listed as one series."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    label: str | None
    dashed: bool
    hover: list[str] | None
    colour: str | int | None = None
    origin: tuple[str, int] | None = None


@dataclass(eq=False)
class Band:
    x: np.ndarray
    low: np.ndarray
    high: np.ndarray
    label: str | None
    colour: str | int | None = None
    origin: tuple[str, int] | None = None


@dataclass(eq=False)
class Heatmap:
    z: np.ndarray
    x_labels: list[str]
    y_labels: list[str]
    label: str | None
    origin: tuple[str, int] | None = None


@dataclass
class Event:
    x: float
    label: str
    value: float | None
    hover: str | None
    lane: str | int | None = None  # a named lane (labelled) or a lane number (0 at the top)
    colour: str | int | None = None
    origin: tuple[str, int] | None = None


@dataclass
class Rule:
    axis: str  # "x" (a vertical line at x) or "y" (a horizontal line at y)
    at: float
    label: str | None
    colour: str | int | None = None
    origin: tuple[str, int] | None = None


@dataclass
class Note:
    x: float
    y: float
    text: str
    anchor: str = "start"
    origin: tuple[str, int] | None = None


@dataclass(eq=False)
class Figure:
    """A chart: axes plus marks. Sizes are in SVG user units (the SVG scales with its box).

    Every mark takes ``colour`` (or ``color``): ``"highlight"`` (a strong colour, a thicker
    stroke or an outline), ``"muted"`` (grey, thinner, drawn under the rest) or a palette index
    0-5; without it a mark takes the next palette colour not given to another mark."""

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
        self.origin = _origin()
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

    def _x(self, values: Any, what: str) -> np.ndarray:
        return _array(values, what, positive=self.x_scale == "log")

    def _y(self, values: Any, what: str) -> np.ndarray:
        return _array(values, what, positive=self.y_scale == "log")

    # -- marks -------------------------------------------------------------------------
    def line(
        self,
        x: Sequence[float],
        y: Sequence[float],
        *,
        label: str | None = None,
        dashed: bool = False,
        hover: Any = None,
        colour: Any = None,
        color: Any = None,
    ) -> Figure:
        """A polyline through (x, y); ``hover`` is one text for the line or one per point."""
        xs, ys = self._x(x, "line(): x"), self._y(y, "line(): y")
        _same_length(xs.size, ys, "line(): y")
        self.marks.append(Line(xs, ys, dashed=bool(dashed), **_series(label, hover, xs.size, colour, color, "line()")))
        return self

    def scatter(
        self,
        x: Sequence[float],
        y: Sequence[float],
        *,
        label: str | None = None,
        hover: Any = None,
        colour: Any = None,
        color: Any = None,
    ) -> Figure:
        """Points at (x, y); ``hover`` gives each point a text shown on hover."""
        xs, ys = self._x(x, "scatter(): x"), self._y(y, "scatter(): y")
        _same_length(xs.size, ys, "scatter(): y")
        self.marks.append(Scatter(xs, ys, **_series(label, hover, xs.size, colour, color, "scatter()")))
        return self

    def bar(
        self,
        categories: Sequence[Any],
        values: Sequence[float],
        *,
        label: str | None = None,
        hover: Any = None,
        colour: Any = None,
        color: Any = None,
    ) -> Figure:
        """Bars over named categories; several calls with the same categories make grouped bars."""
        cats = [str(c) for c in categories]
        vals = self._y(values, "bar(): values")
        if len(cats) != vals.size:
            raise FigureError(f"bar(): {len(cats)} categories but {vals.size} values")
        if len(set(cats)) != len(cats):
            raise FigureError("bar(): categories must be distinct")
        self.marks.append(Bars(cats, vals, **_series(label, hover, vals.size, colour, color, "bar()")))
        return self

    def histogram(
        self,
        values: Sequence[float],
        *,
        bins: Any = 10,
        range: tuple[float, float] | None = None,  # noqa: A002 - numpy's name for it
        density: bool = False,
        label: str | None = None,
        hover: Any = None,
        colour: Any = None,
        color: Any = None,
    ) -> Figure:
        """Raw ``values`` binned with numpy and drawn as bars on the numeric x axis.

        ``bins`` is a number of equal bins, the bin edges, or a numpy rule ("auto", "fd", ...);
        ``range`` limits the bins (values outside are left out); ``density=True`` scales the
        bars so that their area is 1 (to compare with a probability density drawn as a line)."""
        vals = _array(values, "histogram(): values")
        edges = _bin_edges(vals, bins, range)
        heights, edges = np.histogram(vals, bins=edges, density=bool(density))
        return self._binned(edges.astype(float), heights.astype(float), label, hover, colour, color, "histogram()")

    def bins(
        self,
        edges: Sequence[float],
        heights: Sequence[float],
        *,
        label: str | None = None,
        hover: Any = None,
        colour: Any = None,
        color: Any = None,
    ) -> Figure:
        """Bars on the numeric x axis from bins you computed: bar ``i`` spans ``edges[i]`` to
        ``edges[i + 1]`` with height ``heights[i]`` (so there is one more edge than heights)."""
        e = _array(edges, "bins(): edges")
        h = _array(heights, "bins(): heights")
        if e.size != h.size + 1:
            raise FigureError(f"bins(): {e.size} edges need {e.size - 1} heights (got {h.size})")
        _increasing(e, "bins(): edges")
        return self._binned(e, h, label, hover, colour, color, "bins()")

    def _binned(self, edges, heights, label, hover, colour, color, what: str) -> Figure:
        if self.x_scale == "log" and (edges <= 0).any():
            raise FigureError(f"{what}: a bin edge <= 0 cannot be shown on a log scale")
        if self.y_scale == "log" and (heights < 0).any():
            raise FigureError(f"{what}: a negative height cannot be shown on a log scale")
        self.marks.append(Histogram(edges, heights, **_series(label, hover, heights.size, colour, color, what)))
        return self

    def segments(
        self,
        x0: Any,
        y0: Any,
        x1: Any,
        y1: Any,
        *,
        label: str | None = None,
        dashed: bool = False,
        hover: Any = None,
        colour: Any = None,
        color: Any = None,
    ) -> Figure:
        """Separate straight segments from (x0, y0) to (x1, y1), one series with one legend entry
        (confidence intervals, error bars, quantization levels). A single number stands for
        every segment: ``segments(levels, 0, levels, 1)`` draws vertical ticks."""
        arrays = _broadcast(
            {
                "x0": self._x(x0, "segments(): x0"),
                "y0": self._y(y0, "segments(): y0"),
                "x1": self._x(x1, "segments(): x1"),
                "y1": self._y(y1, "segments(): y1"),
            },
            "segments()",
        )
        n = arrays["x0"].size
        if n > MAX_SEGMENTS:
            raise FigureError(f"segments(): {n} segments is too many to draw (at most {MAX_SEGMENTS})")
        self.marks.append(
            Segments(
                arrays["x0"],
                arrays["y0"],
                arrays["x1"],
                arrays["y1"],
                dashed=bool(dashed),
                **_series(label, hover, n, colour, color, "segments()"),
            )
        )
        return self

    def band(
        self,
        x: Sequence[float],
        low: Sequence[float],
        high: Sequence[float],
        *,
        label: str | None = None,
        colour: Any = None,
        color: Any = None,
    ) -> Figure:
        """A filled area between ``low`` and ``high`` (a range, a confidence band)."""
        xs = self._x(x, "band(): x")
        lo = self._y(low, "band(): low")
        hi = self._y(high, "band(): high")
        _same_length(xs.size, lo, "band(): low")
        _same_length(xs.size, hi, "band(): high")
        self.marks.append(Band(xs, lo, hi, _label(label), _colour(colour, color, "band()"), _origin()))
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
        self.marks.append(Heatmap(arr, xl, yl, _label(label), _origin()))
        return self

    def event(
        self,
        date: float,
        label: str,
        *,
        value: float | None = None,
        lane: str | int | None = None,
        hover: str | None = None,
        colour: Any = None,
        color: Any = None,
    ) -> Figure:
        """A timeline event at ``date`` (a number, e.g. a year). ``value`` places it on the y
        axis; ``lane`` puts it in a lane you name (lanes are labelled, top to bottom in the order
        first used) or number (0 at the top); without either, lanes are chosen so that labels
        never overlap."""
        if value is not None and lane is not None:
            raise FigureError("event(): give a value or a lane, not both")
        if lane is not None and not isinstance(lane, str):
            if isinstance(lane, (bool, np.bool_)) or not isinstance(lane, (int, np.integer)) or int(lane) < 0:
                raise FigureError(f"event(): lane must be a name or a number 0 or more (got {lane!r})")
            lane = int(lane)
        self.marks.append(
            Event(
                _number(date, "event(): date"),
                _text(label, "event(): label"),
                None if value is None else _number(value, "event(): value"),
                None if hover is None else str(hover),
                lane,
                _colour(colour, color, "event()"),
                _origin(),
            )
        )
        return self

    def hline(self, y: float, *, label: str | None = None, colour: Any = None, color: Any = None) -> Figure:
        """A dashed horizontal reference line; its label is placed where it covers no data."""
        self.marks.append(
            Rule("y", _number(y, "hline(): y"), _label(label), _colour(colour, color, "hline()"), _origin())
        )
        return self

    def vline(self, x: float, *, label: str | None = None, colour: Any = None, color: Any = None) -> Figure:
        """A dashed vertical reference line; its label is placed where it covers no data."""
        self.marks.append(
            Rule("x", _number(x, "vline(): x"), _label(label), _colour(colour, color, "vline()"), _origin())
        )
        return self

    def text(self, x: float, y: float, text: str, *, anchor: str = "start") -> Figure:
        """A text annotation at data coordinates (x, y); ``anchor`` is start, middle or end."""
        if anchor not in ("start", "middle", "end"):
            raise FigureError(f"text(): anchor must be 'start', 'middle' or 'end' (got {anchor!r})")
        self.marks.append(
            Note(_number(x, "text(): x"), _number(y, "text(): y"), _text(text, "text(): text"), anchor, _origin())
        )
        return self

    def check(self) -> None:
        """Whole-figure rules, checked when the figure is drawn (errors name the line at fault)."""
        if not self.marks:
            raise FigureError("the figure has no marks; add a line, bars, events, ...", self.origin)
        heatmaps = [m for m in self.marks if isinstance(m, Heatmap)]
        if len(heatmaps) > 1:
            raise FigureError("a figure holds one heatmap", heatmaps[1].origin)
        if heatmaps and len(self.marks) > 1:
            other = next(m for m in self.marks if not isinstance(m, Heatmap))
            raise FigureError("a heatmap cannot share its figure with other marks", other.origin)
        bars = [m for m in self.marks if isinstance(m, Bars)]
        numeric = [m for m in self.marks if isinstance(m, (Line, Scatter, Band, Event, Histogram, Segments))]
        if bars and numeric:
            raise FigureError(
                "bars over categories use a categorical x axis and cannot share it with lines, points or events; "
                "for bars on a numeric x axis use histogram() or bins()",
                numeric[0].origin,
            )
        for m in bars:
            if m.categories != bars[0].categories:
                raise FigureError("grouped bars need the same categories in every bar() call", m.origin)
        events = [m for m in self.marks if isinstance(m, Event)]
        for what, attr in (("a value", "value"), ("a lane", "lane")):
            given = [getattr(e, attr) is not None for e in events]
            if any(given) and not all(given):
                odd = events[given.index(not given[0])]
                raise FigureError(f"give every timeline event {what}, or none of them", odd.origin)
        lanes = [e.lane for e in events if e.lane is not None]
        if lanes and len({isinstance(v, str) for v in lanes}) > 1:
            odd = next(e for e in events if isinstance(e.lane, str) != isinstance(lanes[0], str))
            raise FigureError("name every lane, or number every lane; not both", odd.origin)
