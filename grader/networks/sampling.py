"""Dense sampling for networks with smooth activations (sigmoid, tanh, non-PL expressions).

No finite region analysis exists for these, so the verdict is "no counterexample
among the samples", and the evidence says so (``method: sampling``).  Samples:

* random points (several scales) drawn from the domain with a generator that
  depends only on the check's seed and item (``CheckContext.rng``);
* a small integer grid;
* points on and just beside every first-layer unit's boundary ``w.x + b = 0``
  (and ``= +-1``), where hand-designed networks go wrong.

Comparison (documented for rubric authors):

* real-valued targets: ``|output - target| <= tolerance`` per output;
* 0/1 targets: the output is read as 1 when it is above 1/2 (``readout="half"``)
  or must be within ``tolerance`` of 0/1 (``readout="exact"``).  A continuous
  network cannot jump exactly at a target boundary, so points closer than
  ``margin`` to a boundary of the target (a split form of the task) are not
  judged.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .model import Network
from .tasks import NetworkTask


@dataclass
class SamplingResult:
    samples: int
    counterexample: tuple | None = None  # float input
    output: tuple | None = None
    expected: tuple | None = None


def _domain_filter(task: NetworkTask, x: np.ndarray) -> np.ndarray:
    d = task.domain
    keep = np.all(np.isfinite(x), axis=1)
    if d.positive:
        keep &= (x > 0).all(axis=1)
    if d.nonnegative:
        keep &= (x >= 0).all(axis=1)
    if d.distinct and x.shape[1] > 1:
        keep &= (np.diff(np.sort(x, axis=1), axis=1) > 0).all(axis=1)
    if d.increasing and x.shape[1] > 1:
        keep &= (np.diff(x, axis=1) > 0).all(axis=1)
    if d.integers:
        keep &= (x == np.round(x)).all(axis=1)
    return x[keep]


def sample_inputs(network: Network, task: NetworkTask, rng: np.random.Generator, count: int) -> np.ndarray:
    n = task.n_inputs
    if task.domain.points is not None:
        return np.array([[float(v) for v in p] for p in task.domain.points])
    parts = []
    for scale in (1.0, 5.0, 50.0):
        draw = rng.normal(0.0, scale, size=(count // 3, n))
        if task.domain.positive or task.domain.nonnegative:
            draw = np.abs(draw)
        if task.domain.increasing:
            draw = np.sort(draw, axis=1)
        parts.append(draw)
    grid = np.array(list(itertools.product(range(-3 if not task.domain.positive else 1, 6), repeat=n))[:5000], dtype=float)
    if task.domain.increasing and len(grid):
        grid = np.sort(grid, axis=1)
    parts.append(grid)
    # points on and beside first-layer boundaries
    first = network.layers[0]
    base = rng.normal(0.0, 3.0, size=(64, n))
    if task.domain.positive:
        base = np.abs(base) + 0.1
    for row, bias in zip(first.weights, first.bias):
        w = np.array([float(v) for v in row])
        norm = float(w @ w)
        if norm == 0:
            continue
        for level in (0.0, 1.0, -1.0):
            offset = (level - (base @ w + float(bias))) / norm
            on = base + offset[:, None] * w
            for eps in (0.0, 1e-3, -1e-3):
                parts.append(on + eps * w / np.sqrt(norm))
    return _domain_filter(task, np.vstack(parts))


def _target_float(task: NetworkTask, x: np.ndarray) -> np.ndarray:
    return np.array([[float(v) for v in task.target(tuple(Fraction(float(a)) for a in row))] for row in x])


def check_by_sampling(network: Network, task: NetworkTask, rng: np.random.Generator, *, count: int = 1500,
                      tolerance: float = 1e-2, readout: str = "half", margin: float = 1e-2) -> SamplingResult:
    x = sample_inputs(network, task, rng, count)
    if task.splits and task.domain.points is None:
        forms = np.array([[float(c) for c in f.coef] for f in task.splits])
        consts = np.array([float(f.const) for f in task.splits])
        distance = np.abs(x @ forms.T + consts) / np.maximum(np.linalg.norm(forms, axis=1), 1e-300)
        x = x[(distance > margin).all(axis=1)]
    if len(x) > 4000:
        x = x[:4000]
    out, _ = network.evaluate_float(x)
    expected = _target_float(task, x)
    if task.boolean and readout == "half":
        bad = ((out > 0.5).astype(float) != expected).any(axis=1)
    else:
        bad = (np.abs(out - expected) > tolerance).any(axis=1) | ~np.isfinite(out).all(axis=1)
    if not bad.any():
        return SamplingResult(len(x))
    i = int(np.argmax(bad))
    return SamplingResult(len(x), tuple(float(v) for v in x[i]), tuple(float(v) for v in out[i]),
                          tuple(float(v) for v in expected[i]))
