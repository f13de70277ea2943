"""Where a label may go: the drawn data as obstacles, and the first free spot among candidates.

Marks register what they draw (boxes for bars, points and text, segments for lines) in SVG
units; a label then takes the first candidate position that lies inside its area and touches
nothing, or, when every candidate touches something, the one that touches least (the caller
gives that one a white halo so that it stays legible).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 with y growing downwards


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def text_box(x: float, y: float, width: float, size: float, anchor: str = "start") -> Box:
    """The box of a one-line text whose baseline starts (or is anchored) at (x, y)."""
    if anchor == "end":
        x -= width
    elif anchor == "middle":
        x -= width / 2
    return (x, y - size * 0.8, x + width, y + size * 0.25)


class Obstacles:
    def __init__(self) -> None:
        self._boxes: list[Box] = []
        self._segments: list[np.ndarray] = []  # arrays of rows (x0, y0, x1, y1)

    def box(self, b: Box) -> None:
        self._boxes.append(b)

    def point(self, x: float, y: float, r: float) -> None:
        self._boxes.append((x - r, y - r, x + r, y + r))

    def polyline(self, xs: np.ndarray, ys: np.ndarray) -> None:
        xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        if xs.size == 1:
            self.point(float(xs[0]), float(ys[0]), 1.5)
        elif xs.size > 1:
            self._segments.append(np.column_stack([xs[:-1], ys[:-1], xs[1:], ys[1:]]))

    def segments(self, x0: Iterable[float], y0: Iterable[float], x1: Iterable[float], y1: Iterable[float]) -> None:
        self._segments.append(np.column_stack([np.asarray(v, dtype=float) for v in (x0, y0, x1, y1)]))

    def hits(self, b: Box) -> int:
        """How many registered things the box touches."""
        n = sum(overlap(b, o) for o in self._boxes)
        for seg in self._segments:
            n += int(_crossing(seg, b).sum())
        return n


def _crossing(seg: np.ndarray, b: Box) -> np.ndarray:
    """Which segments pass through the box (Liang-Barsky clipping, vectorised)."""
    x0, y0, x1, y1 = seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3]
    dx, dy = x1 - x0, y1 - y0
    t0 = np.zeros(len(seg))
    t1 = np.ones(len(seg))
    ok = np.ones(len(seg), dtype=bool)
    for p, q in ((-dx, x0 - b[0]), (dx, b[2] - x0), (-dy, y0 - b[1]), (dy, b[3] - y0)):
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return ok & (t0 <= t1)


def choose(candidates: list[Box], area: Box, obstacles: Obstacles) -> tuple[int, bool]:
    """(index, True) of the first candidate inside ``area`` touching nothing; else (index, False)
    of the inside candidate touching least (or of the first candidate when none is inside)."""
    best, best_key = 0, None
    for i, b in enumerate(candidates):
        inside = b[0] >= area[0] and b[2] <= area[2] and b[1] >= area[1] and b[3] <= area[3]
        hits = obstacles.hits(b)
        if inside and hits == 0:
            return i, True
        key = (not inside, hits)
        if best_key is None or key < best_key:
            best, best_key = i, key
    return best, False
