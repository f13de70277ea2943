"""Absmax int8 quantization of a weight tensor, and its error at other bit widths."""

import numpy as np

from coursekit.sim import Figure

N_WEIGHTS = 4000


def draw_weights(distribution, outliers, rng, n=N_WEIGHTS):
    if distribution == "laplace":
        w = rng.laplace(0.0, 1.0 / np.sqrt(2.0), size=n)  # unit variance
    else:
        w = rng.standard_normal(n)
    k = int(round(outliers * n))
    if k:
        idx = rng.choice(n, size=k, replace=False)
        w[idx] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(8.0, 12.0, size=k)
    return w


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
