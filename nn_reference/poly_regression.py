"""Polynomial regression experiments of Toronto CSC413 A1 1.3.4-1.3.5 (the handout's notebook).

The notebook draws n inputs uniformly on [0, 1], targets sin(10 x) plus
Gaussian noise of standard deviation 0.1, expands the inputs into Chebyshev
features of degree d (``chebvander``: d + 1 columns) and fits the weights with
``fit_poly(X, d, t)``: the least-squares solution when there are fewer
features than points, the minimum-norm solution otherwise.  Test loss is half
the mean squared error against the noise-free target on 1000 grid points.

The reference fit is ``numpy.linalg.lstsq``, which returns the minimum-norm
least-squares solution in both regimes -- a different algorithm from the
closed forms students implement, so agreement is evidence, not an echo.
Probe cases avoid degrees where the closed forms are numerically meaningless
(d + 1 = n makes X^T X singular for the notebook's ``if d > n`` branch, and
degrees near n make the normal equations too ill-conditioned to compare).
"""

from __future__ import annotations

import statistics
from typing import Callable

import numpy as np

DOMAIN = (0.0, 1.0)
NOISE = 0.1
GRID_POINTS = 1000
BASES = {
    "chebyshev": np.polynomial.chebyshev.chebvander,
    "legendre": np.polynomial.legendre.legvander,
}


def target_function(x: np.ndarray) -> np.ndarray:
    return np.sin(10 * x)


def generate_data(n: int, rng: np.random.Generator, noise: float = NOISE) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(DOMAIN[0], DOMAIN[1], size=n)
    return x, target_function(x) + noise * rng.normal(size=n)


def features(x: np.ndarray, d: int, basis: str = "chebyshev") -> np.ndarray:
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; choose from {sorted(BASES)}")
    return BASES[basis](np.asarray(x, dtype=float), int(d))


def reference_fit(x: np.ndarray, d: int, t: np.ndarray, basis: str = "chebyshev") -> np.ndarray:
    """Minimum-norm least-squares weights (SVD based): the fit of both regimes."""
    return np.linalg.lstsq(features(x, d, basis), np.asarray(t, dtype=float), rcond=None)[0]


def held_out_loss(weights: np.ndarray, d: int, basis: str = "chebyshev") -> float:
    grid = np.linspace(DOMAIN[0], DOMAIN[1], GRID_POINTS)
    prediction = features(grid, d, basis) @ weights
    return float(0.5 * np.mean((target_function(grid) - prediction) ** 2))


# ----------------------------------------------------------------- 1.3.4 fit_poly probes


def _cases(sizes, degrees) -> list[tuple[int, int]]:
    if len(sizes) != len(degrees):
        raise ValueError("sizes and degrees must have the same length")
    return [(int(n), int(d)) for n, d in zip(sizes, degrees)]


def fit_poly_probes(sizes=(14, 14, 14, 6, 14, 14, 14, 6), degrees=(1, 3, 5, 2, 30, 50, 100, 20), seed: int = 123) -> list[list]:
    """Argument lists [X, d, t] for the student's fit_poly: one fresh data set per case."""
    rng = np.random.default_rng(seed)
    probes = []
    for n, d in _cases(sizes, degrees):
        x, t = generate_data(n, rng)
        probes.append([x, d, t])
    return probes


def _label(n: int, d: int) -> str:
    regime = "more features than points" if d + 1 > n else "fewer features than points"
    return f"n = {n} points, degree d = {d} ({regime})"


def fit_poly_expected(sizes=(14, 14, 14, 6, 14, 14, 14, 6), degrees=(1, 3, 5, 2, 30, 50, 100, 20), seed: int = 123,
                      basis: str = "chebyshev") -> dict:
    """The reference weights for the same probe inputs, with a label per case for feedback."""
    outputs = [reference_fit(x, d, t, basis) for x, d, t in fit_poly_probes(sizes, degrees, seed)]
    return {"outputs": outputs, "labels": [_label(n, d) for n, d in _cases(sizes, degrees)]}


# ----------------------------------------------------------------- 1.3.5 the claim (n1, n2, d)


def trial_losses(n: int, d: int, trials: int, seed: int, basis: str = "chebyshev") -> list[float]:
    """Test losses of ``trials`` independent fits with n training points and degree d."""
    losses = []
    for trial in range(trials):
        rng = np.random.default_rng([seed, n, trial])
        x, t = generate_data(n, rng)
        losses.append(held_out_loss(reference_fit(x, d, t, basis), d, basis))
    return losses


def more_data_hurts_claim(trials: int = 25, seed: int = 2025, max_size: int = 200, max_degree: int = 200) -> Callable:
    """A verifier for 1.3.5: does the loss with n2 points exceed the loss with n1 < n2 points at degree d?

    The experiment is run ``trials`` times for each size (fresh data each time);
    the claim holds when L2 >= L1 in at least half of the paired trials.  The
    verifier returns (holds, evidence); it raises ValueError (with a message
    for the student) when the claim is malformed.
    """

    # statistics.median, not np.median: the latter imports numpy.ma (0.02 s of a cold run)
    def verify(answers: dict) -> tuple[bool, dict]:
        claim = _claim(answers, max_size, max_degree)
        n1, n2, d = claim["n1"], claim["n2"], claim["d"]
        first = trial_losses(n1, d, trials, seed)
        second = trial_losses(n2, d, trials, seed + 1)
        share = sum(b >= a for a, b in zip(first, second)) / trials
        evidence = {
            "n1": n1, "n2": n2, "d": d, "trials": trials,
            "median_L1": float(statistics.median(first)), "median_L2": float(statistics.median(second)),
            "share_of_trials_with_L2_ge_L1": share,
        }
        return share >= 0.5, evidence

    return verify


def _claim(answers: dict, max_size: int, max_degree: int) -> dict:
    if len(answers) == 1:
        (value,) = answers.values()
    else:
        value = answers
    if not isinstance(value, dict):
        raise ValueError("give the claim as a dict, e.g. {'n1': 10, 'n2': 20, 'd': 15}")
    claim = {}
    for key, limit in (("n1", max_size), ("n2", max_size), ("d", max_degree)):
        if key not in value:
            raise ValueError(f"the claim needs the key {key!r}")
        number = value[key]
        if isinstance(number, bool) or not isinstance(number, (int, float)) or float(number) != int(number):
            raise ValueError(f"{key} must be a whole number")
        number = int(number)
        if not 1 <= number <= limit:
            raise ValueError(f"{key} must be between 1 and {limit}")
        claim[key] = number
    if claim["n1"] >= claim["n2"]:
        raise ValueError("the claim needs n1 < n2 (fewer points in the first experiment)")
    return claim
