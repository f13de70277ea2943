"""Data-parallel speed-up with a per-GPU communication overhead (Amdahl-like)."""

import numpy as np

from coursekit.sim import Figure


def real_speedup(n, overhead):
    """Speed-up S(n) = n / (1 + a (n - 1)) for n GPUs and overhead a per added GPU."""
    n = np.asarray(n, dtype=float)
    return n / (1.0 + overhead * (n - 1.0))


def speedup(overhead, gpus, rng):
    gpus = int(gpus)
    # ~48 log-spaced integer GPU counts: smooth curves on log axes, small SVG
    n = np.unique(np.round(np.geomspace(1, gpus, 48)))
    s = real_speedup(n, overhead)
    fig = Figure(
        x_label="GPUs",
        y_label="Speed-up",
        x_scale="log",
        y_scale="log",
        y_unit="×",
        x_range=(1, gpus),
        y_range=(1, gpus),
    )
    fig.line(n, n, label="Ideal (linear)", dashed=True)
    ceiling = f", ceiling {1 / overhead:.0f}×" if overhead > 0 else ""
    fig.line(n, s, label=f"With overhead a = {overhead:g}{ceiling}")
    # hover points at powers of two (and the maximum)
    k = np.unique(np.concatenate([2.0 ** np.arange(0, int(np.log2(gpus)) + 1), [gpus]]))
    sk = real_speedup(k, overhead)
    hover = [f"{int(g)} GPUs: {v:.1f}× ({100 * v / g:.0f}% efficiency)" for g, v in zip(k, sk, strict=True)]
    fig.scatter(k, sk, hover=hover)
    return fig
