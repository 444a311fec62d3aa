"""What a hand-designed network must compute: targets, input domains, decision boundaries.

A :class:`NetworkTask` is a pure value built by a reference function (see
``reference/networks.py``) from the question's parameters.  It carries

* ``target(x)``: the exact expected output (a tuple of Fractions) at an input;
* ``splits``: affine forms ``a . x + c`` whose signs determine which affine
  formula the target follows.  The target must be affine on every set of inputs
  where all splits have a fixed sign (-, 0 or +), and piecewise constant when
  ``piecewise_constant`` is set.  The region analysis refines its cells by
  these forms, which is what makes "compare the network and the target on each
  cell" a complete argument;
* ``domain``: which inputs the question allows (reals, positive, distinct,
  increasing, integers, or a finite list of points).

Ties follow the stated definitions below; whether ties can occur at all is the
domain's business (``distinct``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

from .polyhedra import Form

Q = Fraction


@dataclass(frozen=True)
class Domain:
    """The inputs a question allows."""

    n: int
    positive: bool = False  #: every x_i > 0
    nonnegative: bool = False  #: every x_i >= 0
    distinct: bool = False  #: x_i != x_j for i != j
    increasing: bool = False  #: x_1 < x_2 < ... < x_n (inputs come sorted)
    integers: bool = False  #: only integer inputs
    points: tuple | None = None  #: a finite domain, listed (checked exhaustively)

    def contains(self, x) -> bool:
        if self.points is not None:
            return tuple(Q(v) for v in x) in self.points
        if self.positive and any(v <= 0 for v in x):
            return False
        if self.nonnegative and any(v < 0 for v in x):
            return False
        if self.distinct and len(set(x)) != len(x):
            return False
        if self.increasing and any(b <= a for a, b in zip(x, x[1:])):
            return False
        if self.integers and any(Q(v).denominator != 1 for v in x):
            return False
        return True

    def describe(self) -> str:
        if self.points is not None:
            return f"the {len(self.points)} listed inputs"
        words = []
        if self.integers:
            words.append("integer")
        if self.positive:
            words.append("positive")
        elif self.nonnegative:
            words.append("non-negative")
        if self.distinct:
            words.append("distinct")
        what = " ".join(words) or "real"
        extra = ", given in increasing order" if self.increasing else ""
        return f"all {what} inputs x1..x{self.n}{extra}"

    def key(self) -> tuple:
        return (self.n, self.positive, self.nonnegative, self.distinct, self.increasing, self.integers, self.points)


@dataclass(frozen=True, eq=False)
class NetworkTask:
    """A target function with its domain; see the module docstring."""

    name: str
    title: str  #: e.g. "x1 is the 2nd largest of 4 inputs"
    n_inputs: int
    n_outputs: int
    domain: Domain
    target: Callable[[tuple], tuple]
    splits: tuple = ()
    piecewise_constant: bool = False
    boolean: bool = False
    parameters: dict = field(default_factory=dict)
    #: builds the same task with other parameters (for "wrong k" diagnoses); None if not applicable
    rebuild: Callable[..., "NetworkTask"] | None = None

    def key(self) -> tuple:
        return (self.name, tuple(sorted(self.parameters.items())), self.domain.key())

    def __call__(self, x) -> tuple:
        return self.target(tuple(Q(v) for v in x))

    def variants(self, name: str, values) -> list[tuple[Any, "NetworkTask"]]:
        """The same task with parameter ``name`` set to each of ``values`` (skipping this one)."""
        if self.rebuild is None or name not in self.parameters:
            return []
        out = []
        for value in values:
            if value == self.parameters[name]:
                continue
            params = dict(self.parameters)
            params[name] = value
            try:
                out.append((value, self.rebuild(**params)))
            except ValueError:
                continue
        return out


# ----------------------------------------------------------------- helpers


def _pairwise_difference(n: int, i: int, j: int) -> Form:
    coef = [Q(0)] * n
    coef[i] += 1
    coef[j] -= 1
    return Form(tuple(coef), Q(0))


def _check_n(n: int, low: int = 1) -> None:
    if not isinstance(n, int) or n < low or n > 12:
        raise ValueError(f"n must be an integer between {low} and 12, got {n!r}")


def _check_k(k: int, n: int) -> None:
    if not isinstance(k, int) or not 1 <= k <= n:
        raise ValueError(f"k must be an integer between 1 and {n}, got {k!r}")


def ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


# ------------------------------------------------------------------- tasks


def kth_largest(n: int = 4, k: int = 2, *, distinct: bool = True, positive: bool = False,
                integers: bool = False) -> NetworkTask:
    """Output 1 if x1 is the k-th largest of x1..xn, else 0.

    With ties (only when ``distinct`` is false) x1 counts as the k-th largest when
    it equals the k-th entry of the inputs sorted in decreasing order.
    """
    _check_n(n)
    _check_k(k, n)

    def target(x):
        above = sum(1 for v in x[1:] if v > x[0])
        at_least = sum(1 for v in x[1:] if v >= x[0])
        return (Q(1) if above < k <= at_least + 1 else Q(0),)

    return NetworkTask(
        name="kth_largest", title=f"x1 is the {ordinal(k)} largest of {n} inputs", n_inputs=n, n_outputs=1,
        domain=Domain(n, positive=positive, distinct=distinct, integers=integers), target=target,
        splits=tuple(_pairwise_difference(n, 0, j) for j in range(1, n)), piecewise_constant=True, boolean=True,
        parameters={"n": n, "k": k, "distinct": distinct, "positive": positive, "integers": integers},
        rebuild=lambda **p: kth_largest(**p))


def superincreasing(n: int = 4, *, distinct: bool = True, positive: bool = False,
                    integers: bool = False) -> NetworkTask:
    """Output 1 if every x_i (i >= 2) is strictly greater than the sum of x_1..x_{i-1}."""
    _check_n(n, 2)

    def target(x):
        ok = all(x[i] > sum(x[:i]) for i in range(1, n))
        return (Q(1) if ok else Q(0),)

    splits = []
    for i in range(1, n):
        coef = [Q(-1)] * i + [Q(1)] + [Q(0)] * (n - i - 1)
        splits.append(Form(tuple(coef), Q(0)))
    return NetworkTask(
        name="superincreasing", title=f"(x1..x{n}) is superincreasing", n_inputs=n, n_outputs=1,
        domain=Domain(n, positive=positive, distinct=distinct, integers=integers), target=target,
        splits=tuple(splits), piecewise_constant=True, boolean=True,
        parameters={"n": n, "distinct": distinct, "positive": positive, "integers": integers},
        rebuild=lambda **p: superincreasing(**p))


def sort_values(n: int = 2, *, descending: bool = False, distinct: bool = True, positive: bool = True,
                integers: bool = False) -> NetworkTask:
    """Output x1..xn sorted (increasing unless ``descending``)."""
    _check_n(n)

    def target(x):
        return tuple(sorted(x, reverse=descending))

    splits = tuple(_pairwise_difference(n, i, j) for i in range(n) for j in range(i + 1, n))
    order = "decreasing" if descending else "increasing"
    return NetworkTask(
        name="sort", title=f"the {n} inputs in {order} order", n_inputs=n, n_outputs=n,
        domain=Domain(n, positive=positive, distinct=distinct, integers=integers), target=target,
        splits=splits, parameters={"n": n, "descending": descending, "distinct": distinct, "positive": positive,
                                   "integers": integers},
        rebuild=lambda **p: sort_values(**p))


def kth_smallest(n: int = 4, k: int = 3, *, distinct: bool = True, positive: bool = True,
                 integers: bool = False) -> NetworkTask:
    """Output the k-th smallest of x1..xn."""
    _check_n(n)
    _check_k(k, n)

    def target(x):
        return (sorted(x)[k - 1],)

    splits = tuple(_pairwise_difference(n, i, j) for i in range(n) for j in range(i + 1, n))
    return NetworkTask(
        name="kth_smallest", title=f"the {ordinal(k)} smallest of {n} inputs", n_inputs=n, n_outputs=1,
        domain=Domain(n, positive=positive, distinct=distinct, integers=integers), target=target, splits=splits,
        parameters={"n": n, "k": k, "distinct": distinct, "positive": positive, "integers": integers},
        rebuild=lambda **p: kth_smallest(**p))


def kth_of_sorted(n: int = 4, k: int = 3, *, positive: bool = True) -> NetworkTask:
    """Output layer on top of a sorting network: from sorted inputs s1 < ... < sn output s_k."""
    _check_n(n)
    _check_k(k, n)

    def target(x):
        return (x[k - 1],)

    return NetworkTask(
        name="kth_of_sorted", title=f"the {ordinal(k)} smallest, from the sorted list", n_inputs=n, n_outputs=1,
        domain=Domain(n, positive=positive, distinct=True, increasing=True), target=target,
        parameters={"n": n, "k": k, "positive": positive}, rebuild=lambda **p: kth_of_sorted(**p))


def rank_of_first(n: int = 4, *, base: int = 1, distinct: bool = True, positive: bool = True,
                  integers: bool = False) -> NetworkTask:
    """Output the rank of x1 among x1..xn: ``base`` + how many x_j are strictly smaller than x1.

    ``base=1`` gives ranks 1..n (x1 smallest has rank 1); ``base=0`` is the bare count.
    """
    _check_n(n, 2)
    if base not in (0, 1):
        raise ValueError("base must be 0 or 1")

    def target(x):
        return (Q(base + sum(1 for v in x[1:] if v < x[0])),)

    return NetworkTask(
        name="rank_of_first", title=f"the rank of x1 among {n} inputs", n_inputs=n, n_outputs=1,
        domain=Domain(n, positive=positive, distinct=distinct, integers=integers), target=target,
        splits=tuple(_pairwise_difference(n, 0, j) for j in range(1, n)), piecewise_constant=True,
        parameters={"n": n, "base": base, "distinct": distinct, "positive": positive, "integers": integers},
        rebuild=lambda **p: rank_of_first(**p))


def rank_selector(n: int = 4, k: int = 3) -> NetworkTask:
    """Final layer of the counting approach: from the ranks r1..rn (a permutation of 1..n),
    output the 0/1 mask marking the position whose rank is k (then the k-th smallest is mask . x)."""
    _check_n(n)
    _check_k(k, n)
    points = tuple(tuple(Q(v) for v in perm) for perm in itertools.permutations(range(1, n + 1)))

    def target(r):
        return tuple(Q(1) if v == k else Q(0) for v in r)

    return NetworkTask(
        name="rank_selector", title=f"the mask of the rank-{k} position", n_inputs=n, n_outputs=n,
        domain=Domain(n, points=points), target=target, piecewise_constant=True, boolean=True,
        parameters={"n": n, "k": k}, rebuild=lambda **p: rank_selector(**p))


# ------------------------------------------------------------ sorting networks


@dataclass(frozen=True)
class SortingTask:
    """Comparator network that must sort n inputs (increasing: min goes to the lower index)."""

    n: int
    descending: bool = False
    hint_counts: tuple = ()  #: comparator counts the handout mentions, e.g. (5, 6)

    def key(self) -> tuple:
        return ("sorting", self.n, self.descending, self.hint_counts)


def sorting_network(n: int = 4, *, descending: bool = False, hint_counts: tuple = (5, 6)) -> SortingTask:
    _check_n(n)
    return SortingTask(n, descending, tuple(hint_counts))
