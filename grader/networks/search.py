"""Concrete counterexamples: small numbers, inside the domain, re-checked exactly.

The region analysis proves a network wrong by exhibiting a failing cell, whose
witness point can be ugly (``(-999/2000, -1/2, 3, 4)``) or even lie on a set
the domain excludes (two equal inputs).  This module turns failing cells into
the counterexample a student sees:

1. integer points of the cell in a small box of its free coordinates, in exact
   integer arithmetic (vectorised), ordered by niceness: no negative entries
   first, then small largest entry, then small sum (so ``(1, 2, 3, 7)`` rather
   than ``(-2, -1, -3, 0)``);
2. failing that, points with small denominators near the witness;
3. every candidate is re-evaluated by the plain exact forward pass
   (:meth:`Network.trace`) and the task's target and must be inside the domain;
   only a candidate that really disagrees is returned.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .exact import Leaf
from .model import Network
from .polyhedra import Cell
from .tasks import NetworkTask

Q = Fraction
MAX_BOX_POINTS = 20_000
MAX_LEAVES_SEARCHED = 8


@dataclass(frozen=True)
class Counterexample:
    x: tuple  # exact input
    output: tuple  # network output (exact)
    expected: tuple  # target (exact)
    leaf: Leaf | None = None


def niceness(x) -> tuple:
    """Sort key: integers before fractions, no negatives first, then small entries."""
    denominators = max(Q(v).denominator for v in x)
    return (denominators, any(v < 0 for v in x), any(v == 0 for v in x), max(abs(v) for v in x),
            sum(abs(v) for v in x), tuple(x))


def confirm(network: Network, task: NetworkTask, x) -> Counterexample | None:
    """The counterexample at ``x`` if it is in the domain and the network really disagrees there."""
    x = tuple(Q(v) for v in x)
    if not task.domain.contains(x):
        return None
    output = network.trace(x).output
    expected = task.target(x)
    if output == expected:
        return None
    if network.floats and network.agrees_in_floats(x, expected):
        return None  # right in the doubles the network really computes with
    return Counterexample(x, output, expected)


def best_counterexample(network: Network, task: NetworkTask, failing: list[Leaf]) -> Counterexample | None:
    """The nicest confirmed counterexample found in the failing leaves (None only if none confirm).

    A network with float weights is re-checked in IEEE doubles: a point where the doubles give the
    right output is not a counterexample in the arithmetic the network actually uses.
    """
    found: list[Counterexample] = []
    leaves = sorted(failing, key=lambda leaf: -leaf.cell.dimension)[:MAX_LEAVES_SEARCHED]
    for leaf in leaves:
        candidate = _integer_point(network, task, leaf)
        if candidate is not None:
            found.append(Counterexample(candidate.x, candidate.output, candidate.expected, leaf))
    if not found and not task.domain.integers:
        for leaf in leaves:
            candidate = _rational_point(network, task, leaf)
            if candidate is not None:
                found.append(Counterexample(candidate.x, candidate.output, candidate.expected, leaf))
                break
    if network.floats:
        found = [c for c in found if not network.agrees_in_floats(c.x, c.expected)]
    if not found:
        return None
    return min(found, key=lambda c: niceness(c.x))


# ------------------------------------------------------------ integer points


def _scaled(form, free) -> tuple[list[int], int]:
    """Integer coefficients (over ``free``) and constant of a positive multiple of ``form``."""
    values = [form.coef[j] for j in free] + [form.const]
    lcm = 1
    for v in values:
        lcm = lcm * v.denominator // math.gcd(lcm, v.denominator)
    ints = [int(v * lcm) for v in values]
    return ints[:-1], ints[-1]


def _box(d: int, positive_only: bool) -> np.ndarray:
    """Integer points of the largest box (per coordinate range) that fits the budget."""
    if d == 0:
        return np.zeros((1, 0), dtype=np.int64)
    radius = 1
    while True:
        nxt = radius + 1
        size = (nxt + 1) ** d if positive_only else (2 * nxt + 1) ** d
        if size > MAX_BOX_POINTS or nxt > 40:
            break
        radius = nxt
    values = np.arange(0 if positive_only else -radius, radius + 1, dtype=np.int64)
    grids = np.meshgrid(*([values] * d), indexing="ij")
    return np.stack([g.ravel() for g in grids], axis=1)


def _integer_point(network: Network, task: NetworkTask, leaf: Leaf) -> Counterexample | None:
    cell = leaf.cell
    free = cell.free
    domain = task.domain
    n = cell.n
    pts = _box(len(free), positive_only=domain.positive or domain.nonnegative)
    if len(free) == 0:
        return confirm(network, task, cell.point) if all(Q(v).denominator == 1 for v in cell.point) else None
    # full integer coordinates: free ones directly, eliminated ones must come out integral
    columns = {j: pts[:, k] for k, j in enumerate(free)}
    keep = np.ones(len(pts), dtype=bool)
    big = False
    for j, expr in cell.subs.items():
        coefs, const = _scaled(expr, free)
        scale = 1
        for v in list(expr.coef) + [expr.const]:
            scale = scale * v.denominator // math.gcd(scale, v.denominator)
        if max([abs(c) for c in coefs] + [abs(const)]) > 10**12:
            big = True
            break
        total = pts @ np.array(coefs, dtype=np.int64) + const
        keep &= total % scale == 0
        columns[j] = total // scale
    if big:
        return None
    for g in cell.ineqs:
        coefs, const = _scaled(g, free)
        if max([abs(c) for c in coefs] + [abs(const)]) > 10**12:
            return None
        keep &= pts @ np.array(coefs, dtype=np.int64) + const > 0
    x = np.stack([columns[j] for j in range(n)], axis=1)[keep]
    if domain.positive:
        x = x[(x > 0).all(axis=1)]
    if domain.nonnegative:
        x = x[(x >= 0).all(axis=1)]
    if domain.distinct and n > 1:
        s = np.sort(x, axis=1)
        x = x[(np.diff(s, axis=1) != 0).all(axis=1)]
    if domain.increasing and n > 1:
        x = x[(np.diff(x, axis=1) > 0).all(axis=1)]
    if not len(x):
        return None
    order = np.lexsort((np.abs(x).sum(axis=1), np.abs(x).max(axis=1), (x == 0).any(axis=1), (x < 0).any(axis=1)))
    for row in x[order[:12]]:
        found = confirm(network, task, tuple(int(v) for v in row))
        if found is not None:
            return found
    return None


# ----------------------------------------------------------- rational points


def _rational_point(network: Network, task: NetworkTask, leaf: Leaf) -> Counterexample | None:
    """Integers for all free coordinates but one, the simplest fraction for that one; else the witness."""
    cell = leaf.cell
    free = cell.free
    candidates = []
    if free and cell.ineqs:
        g = np.array([[float(f.coef[j]) for j in free] for f in cell.ineqs])
        c = np.array([float(f.const) for f in cell.ineqs])
        for k, j in enumerate(free):
            others = [f for f in free if f != j]
            assignments = np.array(list(_small_assignments(len(others), task.domain.positive)), dtype=float)
            if assignments.size == 0:
                assignments = np.zeros((1, 0))
            base = assignments @ g[:, [free.index(o) for o in others]].T + c if others else np.tile(c, (1, 1))
            rate = g[:, k]
            with np.errstate(divide="ignore", invalid="ignore"):
                bounds = -base / rate
            lo = np.where(rate > 0, bounds, -np.inf).max(axis=1)
            hi = np.where(rate < 0, bounds, np.inf).min(axis=1)
            flat_ok = np.where(rate == 0, base > 0, True).all(axis=1)
            good = np.nonzero((lo < hi) & flat_ok)[0][:4]
            for row in good:
                values = dict(zip(others, (Q(int(v)) for v in assignments[row])))
                lo_q, hi_q = _interval_for(cell, j, values)
                if lo_q is not None and hi_q is not None and lo_q >= hi_q:
                    continue
                values[j] = simplest_between(lo_q, hi_q, prefer_positive=task.domain.positive)
                x = cell.complete(values)
                if cell.contains(x):
                    found = confirm(network, task, x)
                    if found is not None:
                        candidates.append(found)
                        break
    if candidates:
        return min(candidates, key=lambda c: niceness(c.x))
    base_point = leaf.witness or cell.point
    for x in _nudges(cell, base_point):
        found = confirm(network, task, x)
        if found is not None:
            return found
    return None


_ASSIGNMENT_LIMIT = 400


def _small_assignments(d: int, positive: bool) -> tuple[tuple[int, ...], ...]:
    """The first 400 integer assignments of ``d`` coordinates, simplest first.

    Order: all-positive before any zero or negative entry, then by largest magnitude, then by
    total magnitude (ties in itertools.product order).  Built level by level, because sorting
    all 12**d candidates each time cost seconds for six inputs.
    """
    return _assignments_cached(d, positive)


@functools.lru_cache(maxsize=32)
def _assignments_cached(d: int, positive: bool) -> tuple[tuple[int, ...], ...]:
    if d == 0:
        return ((),)
    values = [1, 2, 3, 4, 5, 6, 7, 8] if positive else [1, 2, 3, 0, -1, 4, 5, -2, 6, 7, 8, -3]
    found: list[tuple[int, ...]] = []
    for wants_nonpositive in (False, True):
        for level in sorted({abs(v) for v in values}):
            pool = [v for v in values if abs(v) <= level and (wants_nonpositive or v > 0)]
            combos = [c for c in itertools.product(pool, repeat=d)
                      if max(map(abs, c), default=0) == level and any(v <= 0 for v in c) == wants_nonpositive]
            combos.sort(key=lambda c: sum(map(abs, c)))
            found.extend(combos)
            if len(found) >= _ASSIGNMENT_LIMIT:
                return tuple(found[:_ASSIGNMENT_LIMIT])
    return tuple(found)


def _interval_for(cell: Cell, j: int, values: dict):
    """Open interval of x_j keeping every inequality strict, the other free coordinates fixed."""
    lo = hi = None
    probe = dict(values)
    probe[j] = Q(0)
    x0 = cell.complete(probe)
    probe[j] = Q(1)
    x1 = cell.complete(probe)
    for g in cell.ineqs:
        base = g(x0)
        rate = g(x1) - base
        if rate > 0:
            bound = -base / rate
            lo = bound if lo is None else max(lo, bound)
        elif rate < 0:
            bound = -base / rate
            hi = bound if hi is None else min(hi, bound)
        elif base <= 0:
            return Q(0), Q(0)
    return lo, hi


def simplest_between(lo, hi, prefer_positive: bool = False) -> Fraction:
    """The fraction with the smallest denominator strictly inside (lo, hi) (None: unbounded), small first."""
    if lo is None and hi is None:
        return Q(1)
    if lo is None:
        return Q(min(1, math.ceil(hi) - 1))
    if hi is None:
        return Q(max(1 if prefer_positive else 0, math.floor(lo) + 1)) if lo < 1 or not prefer_positive else Q(math.floor(lo) + 1)
    if lo < 0 < hi:
        return Q(0) if not prefer_positive else simplest_between(Q(0), hi)
    if hi <= 0:
        return -simplest_between(-hi, -lo)
    return _simplest_positive(Q(lo), Q(hi))


def _simplest_positive(lo: Fraction, hi: Fraction | None) -> Fraction:
    """Smallest-denominator fraction in the open interval (lo, hi), 0 <= lo (continued fractions)."""
    whole = math.floor(lo)
    if hi is None or whole + 1 < hi:
        return Q(whole + 1)
    # whole <= lo < hi <= whole + 1: x = whole + 1/y with y in (1/(hi-whole), 1/(lo-whole))
    upper = None if lo == whole else 1 / (lo - whole)
    return whole + 1 / _simplest_positive(1 / (hi - whole), upper)


def _small_shifts(d: int):
    yield (0,) * d
    for k in range(d):
        for s in (1, -1):
            shift = [0] * d
            shift[k] = s
            yield tuple(shift)


def _nudges(cell: Cell, base):
    yield tuple(base)
    free = cell.free
    for weights in itertools.islice(itertools.product(range(1, 6), repeat=max(len(free), 1)), 200):
        direction = [Q(0)] * cell.n
        for j, w in zip(free, weights):
            direction[j] = Q(w) * (1 if (w + j) % 2 else -1)
        for k, expr in cell.subs.items():
            direction[k] = expr.linear_rate(direction)
        probe = Cell(cell.n, cell.subs, cell.ineqs, tuple(base))
        bound = probe.step_bound(direction)
        step = Q(1, 1000) if bound is None else min(Q(1, 1000), bound / 2)
        x = tuple(p + step * d for p, d in zip(base, direction))
        if cell.contains(x):
            yield x
