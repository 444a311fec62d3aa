"""Dense sampling for networks with smooth activations (sigmoid, tanh, non-PL expressions).

No finite region analysis exists for these, so the verdict is "no counterexample
among the samples", and the evidence says so (``method: sampling``).  Samples:

* random points (several scales) drawn from the domain with a generator that
  depends only on the check's seed and item (``CheckContext.rng``);
* a small integer grid;
* points on and just beside every first-layer unit's boundary ``w.x + b = 0``
  (and ``= +-1``), where hand-designed networks go wrong.

Comparison (documented for rubric authors):

* ``readout="exact"`` (the default): the network must compute the target
  *exactly*; the only allowance is the rounding of double arithmetic
  (``tolerance``, default 1e-9 relative to max(1, |target|)), never a slack
  that lets an approximation through (a smooth stand-in for |z| is wrong).
  The worst point is searched for (the worst samples are refined by a local
  search inside the domain) and reported with its error, whatever the verdict;
* ``readout="half"`` (0/1 targets, when the rubric says so): the output is read
  as 1 when it is above 1/2.  A continuous network cannot jump exactly at a
  target boundary, so points closer than ``margin`` to a boundary of the target
  (a split form of the task) are not judged.
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
    worst_error: float | None = None  # exact readout: the largest error found (relative to max(1, |target|))


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
            for eps in (0.0, 1e-3, -1e-3, 1e-6, -1e-6):
                parts.append(on + eps * w / np.sqrt(norm))
    # points just beside the target's own boundaries (ties such as x1 = x2), where a smooth network that
    # only approximates a jump is furthest from the target
    for form in task.splits:
        f = np.array([float(c) for c in form.coef])
        norm = float(f @ f)
        if norm == 0:
            continue
        offset = -(base @ f + float(form.const)) / norm
        on = base + offset[:, None] * f
        for eps in (1e-2, -1e-2, 1e-4, -1e-4, 1e-6, -1e-6):
            parts.append(on + eps * f / np.sqrt(norm))
    # and beside where two of them meet (x1 close to two other inputs at once)
    for first_form, second_form in list(itertools.combinations(task.splits, 2))[:10]:
        forms = np.array([[float(c) for c in first_form.coef], [float(c) for c in second_form.coef]])
        consts = np.array([float(first_form.const), float(second_form.const)])
        gram = forms @ forms.T
        if abs(np.linalg.det(gram)) < 1e-12:
            continue
        on = base - ((base @ forms.T + consts) @ np.linalg.inv(gram)) @ forms
        for signs in itertools.product((1.0, -1.0), repeat=2):
            direction = signs[0] * forms[0] / np.linalg.norm(forms[0]) + signs[1] * forms[1] / np.linalg.norm(forms[1])
            for eps in (1e-2, 1e-4, 1e-6):
                parts.append(on + eps * direction)
    return _domain_filter(task, np.vstack(parts))


def _target_float(task: NetworkTask, x: np.ndarray) -> np.ndarray:
    return np.array([[float(v) for v in task.target(tuple(Fraction(float(a)) for a in row))] for row in x])


def check_by_sampling(network: Network, task: NetworkTask, rng: np.random.Generator, *, count: int = 1500,
                      tolerance: float = 1e-9, readout: str = "exact", margin: float = 1e-2) -> SamplingResult:
    x = sample_inputs(network, task, rng, count)
    half = task.boolean and readout == "half"
    if half and task.splits and task.domain.points is None:
        forms = np.array([[float(c) for c in f.coef] for f in task.splits])
        consts = np.array([float(f.const) for f in task.splits])
        distance = np.abs(x @ forms.T + consts) / np.maximum(np.linalg.norm(forms, axis=1), 1e-300)
        x = x[(distance > margin).all(axis=1)]
    if len(x) > (4000 if half else 16000):
        x = x[:4000] if half else np.vstack([x[:8000], x[-8000:]])  # keep the boundary points (drawn last)
    if half:
        out, _ = network.evaluate_float(x)
        expected = _target_float(task, x)
        bad = ((out > 0.5).astype(float) != expected).any(axis=1)
        if not bad.any():
            return SamplingResult(len(x))
        i = int(np.argmax(bad))
        return SamplingResult(len(x), tuple(float(v) for v in x[i]), tuple(float(v) for v in out[i]),
                              tuple(float(v) for v in expected[i]))
    errors = _errors(network, task, x)
    searched = _search_worst(network, task, x, errors, rng)
    x = np.vstack([x, searched]) if len(searched) else x
    errors = _errors(network, task, x)
    i = int(np.argmax(errors))
    worst = float(errors[i])
    point = _presentable(network, task, x[i:i + 1], tolerance) if worst > tolerance else x[i:i + 1]
    out, _ = network.evaluate_float(point)
    expected = _target_float(task, point)
    if worst <= tolerance:
        return SamplingResult(len(x), worst_error=worst)
    return SamplingResult(len(x), tuple(float(v) for v in point[0]), tuple(float(v) for v in out[0]),
                          tuple(float(v) for v in expected[0]), worst_error=worst)


def _presentable(network: Network, task: NetworkTask, point: np.ndarray, tolerance: float) -> np.ndarray:
    """The point rounded to the fewest significant digits that keep it inside the domain and failing.

    What the student sees is then exactly the point that was re-checked (no 6-digit rounding that
    turns x2 = x3 + 1e-7 into a tie outside the domain)."""
    for digits in range(3, 18):
        rounded = np.array([[float(f"{v:.{digits}g}") for v in point[0]]])
        if len(_domain_filter(task, rounded)) and _errors(network, task, rounded)[0] > tolerance:
            return rounded
    return point


def _errors(network: Network, task: NetworkTask, x: np.ndarray) -> np.ndarray:
    """Per point: the largest |output - target| / max(1, |target|) (inf where the output is not finite)."""
    if not len(x):
        return np.zeros(0)
    out, _ = network.evaluate_float(x)
    expected = _target_float(task, x)
    with np.errstate(all="ignore"):
        error = np.abs(out - expected) / np.maximum(1.0, np.abs(expected))
    error[~np.isfinite(error)] = np.inf
    return error.max(axis=1)


def _search_worst(network: Network, task: NetworkTask, x: np.ndarray, errors: np.ndarray,
                  rng: np.random.Generator, starts: int = 8, rounds: int = 6, tries: int = 24) -> np.ndarray:
    """Refine the worst samples by a shrinking random search inside the domain (hill climbing on the error)."""
    if task.domain.points is not None or not len(x):
        return np.zeros((0, x.shape[1] if x.ndim == 2 else 0))
    found = []
    for index in np.argsort(-errors)[:starts]:
        best, best_error = x[index], errors[index]
        step = max(1.0, float(np.max(np.abs(best)))) * 0.5
        for _ in range(rounds):
            candidates = _domain_filter(task, best + rng.normal(0.0, step, size=(tries, x.shape[1])))
            if len(candidates):
                candidate_errors = _errors(network, task, candidates)
                j = int(np.argmax(candidate_errors))
                if candidate_errors[j] > best_error:
                    best, best_error = candidates[j], candidate_errors[j]
            step /= 4
        found.append(best)
    return np.array(found)
