"""The figure API that simulation functions return.

A simulation function computes with numpy and returns a :class:`Figure` (axes plus
marks: lines, scatter points, bars, bands, a heatmap, timeline events, reference lines,
text) or a :class:`Diagram` (a node-and-edge tree laid out automatically). coursekit
draws either as SVG itself (``coursekit.render.svg``); see docs/simulations.md.

    from coursekit.sim import Figure

    def speedup(overhead, rng):
        n = np.arange(1, 65)
        fig = Figure(x_label="GPUs", y_label="Speed-up", x_scale="log")
        fig.line(n, n, label="Ideal", dashed=True)
        fig.line(n, n / (1 + overhead * (n - 1)), label="Measured")
        return fig
"""

from .diagram import Diagram
from .figure import Figure, FigureError

__all__ = ["Diagram", "Figure", "FigureError"]
