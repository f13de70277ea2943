"""Generators for parametric quiz questions. Each takes rng and returns plain numbers."""


def speedup_question(rng):
    """Data-parallel speed-up S = n / (1 + a (n - 1))."""
    n = int(rng.choice([8, 16, 32, 64, 128, 256]))
    a = float(rng.choice([0.005, 0.01, 0.02, 0.03, 0.05]))
    s = round(n / (1 + a * (n - 1)), 2)
    return {"n": n, "a": a, "s": s, "eff": round(100 * s / n, 1)}


def memory_question(rng):
    """Memory for the weights of a P-billion-parameter model in FP32 and FP16."""
    p = int(rng.choice([1, 3, 7, 13, 30, 70, 175]))
    return {"p": p, "fp32": 4 * p, "fp16": 2 * p, "int8": p}
