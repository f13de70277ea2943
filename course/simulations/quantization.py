"""Absmax int8 quantization of a weight tensor, and its error at other bit widths."""

import numpy as np

from coursekit.sim import Figure

N_WEIGHTS = 4000


def draw_weights(distribution, outliers, rng, n=N_WEIGHTS):
    return draw_marked_weights(distribution, outliers, rng, n)[0]


def draw_marked_weights(distribution, outliers, rng, n=N_WEIGHTS):
    """The weights and which of them were made outliers."""
    if distribution == "laplace":
        w = rng.laplace(0.0, 1.0 / np.sqrt(2.0), size=n)  # unit variance
    else:
        w = rng.standard_normal(n)
    marked = np.zeros(n, dtype=bool)
    k = int(round(outliers * n))
    if k:
        idx = rng.choice(n, size=k, replace=False)
        w[idx] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(8.0, 12.0, size=k)
        marked[idx] = True
    return w, marked


def absmax_quantize(w, bits):
    """Symmetric absmax quantization: scale = max|w| / (2^(b-1) - 1); returns dequantized weights."""
    qmax = 2 ** (bits - 1) - 1
    scale = np.max(np.abs(w)) / qmax
    q = np.clip(np.round(w / scale), -qmax, qmax)
    return q * scale


def quantization(distribution, outliers, rng):
    w = draw_weights(distribution, outliers, rng)
    bits = np.arange(2, 9)
    rms = np.array([np.sqrt(np.mean((w - absmax_quantize(w, b)) ** 2)) for b in bits])
    # ideal: uniform rounding error of a grid spanning only the bulk (3 standard deviations)
    ideal = (3.0 / (2.0 ** (bits - 1) - 1)) / np.sqrt(12.0)
    fig = Figure(x_label="Bits per weight", y_label="RMS error (weight std = 1)", y_scale="log", x_range=(1.5, 8.5))
    fig.line(bits, ideal, label="Grid fitted to ±3σ (reference)", dashed=True)
    # memory of the weights of a 7-billion-parameter model at each width
    memory_gb = 7e9 * bits / 8 / 1e9
    hover = [
        f"{b}-bit: RMS error {e:.4f}; 7B-parameter model weights {m:.1f} GB"
        for b, e, m in zip(bits, rms, memory_gb, strict=True)
    ]
    fig.line(bits, rms, label=f"Absmax scaling ({distribution}, {outliers:.0%} outliers)", hover=hover)
    for b, e, m in zip(bits, rms, memory_gb, strict=True):
        fig.text(b, e * 1.6, f"{m:.2g} GB", anchor="middle")
    fig.scatter(
        [8], [float(rms[-1])], label="INT8", hover=[f"INT8 RMS error {rms[-1]:.4f}, max |w| = {np.max(np.abs(w)):.2f}"]
    )
    return fig


def _density(distribution, x):
    """The density the ordinary weights are drawn from (unit variance)."""
    if distribution == "laplace":
        b = 1.0 / np.sqrt(2.0)
        return np.exp(-np.abs(x) / b) / (2.0 * b)
    return np.exp(-(x**2) / 2.0) / np.sqrt(2.0 * np.pi)


def int4_levels(distribution, outliers, rng):
    """The weights as a histogram (log counts, so that a few outliers show), outliers
    highlighted, under the 15 levels of INT4 absmax quantization."""
    w, marked = draw_marked_weights(distribution, outliers, rng)
    edges = np.arange(-12.0, 12.25, 0.25)
    fig = Figure(
        x_label="Weight value", y_label="Weights per bin", y_scale="log", x_range=(-12, 12), y_range=(0.5, 2000)
    )
    fig.bins(edges, np.histogram(w[~marked], bins=edges)[0], label="Weights")
    if marked.any():
        fig.bins(edges, np.histogram(w[marked], bins=edges)[0], label="Outliers", colour="highlight")
    # the count each bin expects from the distribution, where it is at least one weight in two
    x = np.linspace(-6, 6, 121)
    expected = len(w) * 0.25 * _density(distribution, x)
    keep = expected >= 0.5
    fig.line(x[keep], expected[keep], label=f"Expected ({distribution})")
    scale = np.max(np.abs(w)) / 7  # INT4: levels -7..7
    levels = np.arange(-7, 8) * scale
    inside = int(np.sum(np.abs(levels) <= 3.0))
    fig.segments(
        levels,
        0.5,
        levels,
        2000,
        label=f"INT4 levels, step {scale:.2f} ({inside} within ±3σ)",
        colour="muted",
        dashed=True,
        hover=[f"level {k}: {v:.2f}" for k, v in zip(range(-7, 8), levels, strict=True)],
    )
    return fig
