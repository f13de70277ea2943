"""The figures of docs/simulations.md, written as a course's simulation functions would be.
``python scripts/doc_figures.py`` draws each into this folder (wide and narrow SVG);
tests/test_doc_figures.py checks that the files and the code shown in the docs are current."""

import numpy as np

from coursekit.sim import Figure


def weights_histogram(rng):
    w = rng.normal(0.0, 1.0, size=2000)
    fig = Figure(x_label="Weight", y_label="Density")
    fig.histogram(w, bins=30, range=(-4, 4), density=True, label="2,000 weights")
    x = np.linspace(-4, 4, 81)
    fig.line(x, np.exp(-(x**2) / 2) / np.sqrt(2 * np.pi), label="Normal density", colour="highlight")
    fig.vline(1.96, label="97.5th percentile")
    return fig


def intervals(rng):
    mu, n = 10.0, 25
    samples = rng.normal(mu, 2.0, size=(50, n))
    mean = samples.mean(axis=1)
    half = 1.96 * samples.std(axis=1, ddof=1) / np.sqrt(n)
    lo, hi = mean - half, mean + half
    miss = (lo > mu) | (hi < mu)
    k = np.arange(1, 51)
    fig = Figure(x_label="95% confidence interval for μ", y_label="Sample")
    fig.segments(lo[~miss], k[~miss], hi[~miss], k[~miss], label="Contains μ", colour="muted")
    fig.segments(lo[miss], k[miss], hi[miss], k[miss], label=f"Misses μ ({miss.sum()} of 50)", colour="highlight")
    fig.vline(mu, label="μ = 10")
    return fig


def latency(rng):
    stages = ["Pre-processing", "Model forward pass", "Post-processing", "Total"]
    fig = Figure(x_label="Stage", y_label="Latency", y_unit="ms", y_range=(0, 50))
    fig.bar(stages, [4, 40, 2, 46], label="FP32 baseline", colour="muted")
    fig.bar(stages, [4, 13.3, 2, 19.3], label="INT8", colour="highlight")
    fig.hline(33, label="Real-time video budget (33 ms per frame)")
    return fig


def nlp_lanes(rng):
    fig = Figure(x_label="Year", x_range=(2012, 2025))
    for year, label, lane in [
        (2013, "word2vec", "Word vectors"),
        (2014, "GloVe", "Word vectors"),
        (2014, "Attention", "Recurrent networks"),
        (2015, "BiLSTM era", "Recurrent networks"),
        (2017, "Transformer", "Transformers"),
        (2018, "BERT", "Transformers"),
        (2020, "GPT-3", "Transformers"),
        (2023, "LLMs", "Transformers"),
    ]:
        fig.event(year, label, lane=lane, colour="highlight" if label == "Transformer" else None)
    return fig


# name: (function, the SVG's title, its description)
FIGURES = {
    "histogram": (weights_histogram, "A histogram under a density", "2,000 normal weights and the normal density."),
    "intervals": (intervals, "50 confidence intervals", "Intervals that miss μ are highlighted."),
    "latency": (latency, "Latency budget", "FP32 and INT8 latency per stage against a 33 ms budget."),
    "lanes": (nlp_lanes, "NLP architectures", "Events in three named lanes, the Transformer highlighted."),
}
