"""Simulations and question generators for the "Chance and Dice" example course.

Simulation functions receive their declared parameters as keyword arguments plus
``rng`` (a seeded ``numpy.random.Generator``) and return a ``coursekit.sim`` figure.
Generators receive only ``rng`` and return a dict of plain values that the
question templates use.
"""

from __future__ import annotations

import numpy as np

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def sum_pmf(dice: int, sides: int) -> np.ndarray:
    """Probabilities of the sums dice .. dice*sides of `dice` fair `sides`-sided dice."""
    face = np.full(sides, 1.0 / sides)
    pmf = np.array([1.0])
    for _ in range(dice):
        pmf = np.convolve(pmf, face)
    return pmf


def _num(x: float) -> str:
    """A number as a short string: 7.0 -> '7', 10.5 -> '10.5'."""
    return f"{float(x):g}"


# --------------------------------------------------------------------------
# Simulations (declared in course.yaml)
# --------------------------------------------------------------------------


def dice_sum_distribution(dice, die, rng):
    """Exact distribution of the sum of `dice` dice of type `die` ('d4', 'd6', ...)."""
    from coursekit.sim import Figure

    sides = int(die[1:])
    pmf = sum_pmf(dice, sides)
    sums = np.arange(dice, dice * sides + 1)
    mean = dice * (sides + 1) / 2

    fig = Figure(x_label="Sum of the dice", y_label="Probability", y_range=(0, None))
    fig.line(sums, pmf, label=f"{dice} × {die}")
    fig.scatter(
        sums,
        pmf,
        hover=[f"P(sum = {s}) = {p:.4f}" for s, p in zip(sums.tolist(), pmf.tolist(), strict=True)],
    )
    fig.text(mean, 1.06 * float(pmf.max()), f"mean = {_num(mean)}")
    return fig


def coin_running_proportion(rng):
    """Running proportion of heads in three runs of 1,000 fair coin tosses."""
    from coursekit.sim import Figure

    tosses = 1000
    # Plot at about 100 log-spaced checkpoints: enough for a smooth curve, small SVG.
    n = np.unique(np.geomspace(1, tosses, 100).round().astype(int))
    se = np.sqrt(0.25 / n)
    fig = Figure(
        x_label="Number of tosses",
        y_label="Proportion of heads",
        x_scale="log",
        y_range=(0, 1),
    )
    fig.band(n, np.clip(0.5 - 1.96 * se, 0.0, 1.0), np.clip(0.5 + 1.96 * se, 0.0, 1.0), label="Where 95 % of runs lie")
    for run in range(3):
        heads_so_far = np.cumsum(rng.integers(0, 2, size=tosses))
        fig.line(n, heads_so_far[n - 1] / n, label=f"Run {run + 1}")
    fig.hline(0.5, label="P(heads) = 0.5")
    return fig


# --------------------------------------------------------------------------
# Question generators (used by `variants:` in the quizzes)
# --------------------------------------------------------------------------


def two_dice_probability(rng):
    """numeric: P(sum of two d6 = target)."""
    target = int(rng.integers(2, 13))
    ways = 6 - abs(target - 7)
    return {"target": target, "ways": ways, "prob": ways / 36, "prob_rounded": round(ways / 36, 4)}


def expected_sum_choices(rng):
    """single_choice: the expected sum of n dice with s sides, and three distractors."""
    n = int(rng.integers(2, 6))
    sides = int(rng.choice([4, 6, 8, 10, 12]))
    mean = n * (sides + 1) / 2
    # Three classic mistakes; for n >= 2 and sides >= 4 all four values differ.
    return {
        "n": n,
        "sides": sides,
        "mean": _num(mean),
        "half_max": _num(n * sides / 2),  # forgets that faces start at 1
        "one_die": _num((sides + 1) / 2),  # the mean of a single die
        "double": _num(n * (sides + 1)),  # forgets to halve
    }


def coin_mean_sd(rng):
    """fill_blanks: mean and standard deviation of the number of heads in n tosses."""
    sd = int(rng.integers(2, 8))  # 2 .. 7
    n = 4 * sd * sd  # so that sqrt(n)/2 == sd exactly
    return {"n": n, "mean": n // 2, "sd": sd}


def sample_space_size(rng):
    """short_answer: number of outcomes when rolling n dice with s sides."""
    n = int(rng.integers(2, 5))
    sides = int(rng.choice([4, 6, 8]))
    return {"n": n, "sides": sides, "total": sides**n}


def symmetric_sums(rng):
    """true_false: is P(sum = a) equal to P(sum = b) for two d6? True iff a + b == 14 or a == b."""
    a = int(rng.integers(2, 7))
    if rng.random() < 0.5:
        b, same = 14 - a, True
    else:
        b = int(rng.choice([x for x in range(8, 13) if x != 14 - a]))
        same = False
    ways_a, ways_b = 6 - abs(a - 7), 6 - abs(b - 7)
    return {
        "a": a,
        "b": b,
        "same": same,
        "ways_a": f"{ways_a} way" + ("s" if ways_a != 1 else ""),
        "ways_b": f"{ways_b} way" + ("s" if ways_b != 1 else ""),
    }


def heads_in_a_row(rng):
    """numeric (long-run quiz): probability of k heads in a row, written with an exponent."""
    k = int(rng.integers(8, 15))
    return {"k": k, "prob": float(0.5**k), "one_in": 2**k}
