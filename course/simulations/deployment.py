"""Latency budget of a single request for an illustrative vision model at several precisions."""

from coursekit.sim import Figure

STAGES = ["Pre-processing", "Model forward pass", "Post-processing", "Total"]
PRE_MS, MODEL_FP32_MS, POST_MS = 4.0, 40.0, 2.0
SPEEDUP = {"fp32": 1.0, "fp16": 2.0, "int8": 3.0, "int4": 4.0}


def budget(precision):
    model = MODEL_FP32_MS / SPEEDUP[precision]
    return [PRE_MS, round(model, 1), POST_MS, round(PRE_MS + model + POST_MS, 1)]


def latency_budget(precision, rng):
    fig = Figure(x_label="Stage", y_label="Latency", y_unit="ms", y_range=(0, 50))
    fig.bar(STAGES, budget("fp32"), label="FP32 baseline", colour="muted")
    fig.bar(STAGES, budget(precision), label=f"{precision.upper()}", colour="highlight")
    fig.hline(33.0, label="Real-time video budget (33 ms per frame)")
    return fig
