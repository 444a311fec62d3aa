"""Hand-coded network questions: tasks (what a network must compute) and reference designs.

Task functions are pure functions of the question's parameters and return the
objects the ``network`` and ``comparator_network`` checkers understand
(:mod:`grader.networks.tasks`).  The ``design_*`` functions build one correct
network per task, in the same answer format students use, for ``grader check``
and the tests; they are constructions, not typed-in answers.

Questions covered:

* Columbia hw1 1.1: ``kth_largest`` (n = 4, k = 2 in spring 2025) and
  ``superincreasing`` (fall 2025 variant); inputs distinct reals.
* Toronto CSC413 A1 3.1 ``sort2``; 3.2 ``sorting_network`` (comparator list);
  3.3 ``kth_of_sorted`` (output layer W3 on the sorted list); 3.4
  ``rank_of_first`` (counting network) and ``rank_selector`` (its final layer);
  inputs distinct and positive.
"""

from __future__ import annotations

from fractions import Fraction

from grader.networks import tasks as _tasks

Q = Fraction


# ------------------------------------------------------------------- tasks


def kth_largest(n: int = 4, k: int = 2, distinct: bool = True, positive: bool = False, integers: bool = False):
    """1 if x1 is the k-th largest of x1..xn, else 0."""
    return _tasks.kth_largest(n, k, distinct=distinct, positive=positive, integers=integers)


def superincreasing(n: int = 4, distinct: bool = True, positive: bool = False, integers: bool = False):
    """1 if x_i > x_1 + ... + x_{i-1} for every i >= 2, else 0."""
    return _tasks.superincreasing(n, distinct=distinct, positive=positive, integers=integers)


def sort2(distinct: bool = True, positive: bool = True):
    """Sort_2: (min(x1, x2), max(x1, x2))."""
    return _tasks.sort_values(2, distinct=distinct, positive=positive)


def sort_values(n: int = 4, descending: bool = False, distinct: bool = True, positive: bool = True):
    """The n inputs in increasing (or decreasing) order, as a network output."""
    return _tasks.sort_values(n, descending=descending, distinct=distinct, positive=positive)


def sorting_network(n: int = 4, hint_counts: list | tuple = (5, 6), descending: bool = False):
    """A comparator network of Sort_2 blocks that sorts n inputs (handout hint: merge 5, bubble 6 for n=4)."""
    return _tasks.sorting_network(n, descending=descending, hint_counts=tuple(hint_counts))


def kth_smallest(n: int = 4, k: int = 3, distinct: bool = True, positive: bool = True):
    """The k-th smallest of the n inputs (a whole network from x)."""
    return _tasks.kth_smallest(n, k, distinct=distinct, positive=positive)


def kth_of_sorted(n: int = 4, k: int = 3, positive: bool = True):
    """Output layer on top of the sorting network: s_k from sorted s1 < ... < sn."""
    return _tasks.kth_of_sorted(n, k, positive=positive)


def rank_of_first(n: int = 4, base: int = 1, distinct: bool = True, positive: bool = True):
    """Counting network: the rank of x1 (base + number of inputs smaller than x1)."""
    return _tasks.rank_of_first(n, base=base, distinct=distinct, positive=positive)


def rank_selector(n: int = 4, k: int = 3):
    """Final layer of the counting approach: 0/1 mask of the position whose rank is k."""
    return _tasks.rank_selector(n, k)


# ----------------------------------------------------------------- designs


def design_kth_largest(n: int = 4, k: int = 2) -> dict:
    """h_j = I(x_j - x1 > 0) counts the inputs above x1; the output fires iff the count is k - 1:
    2*count - 2(k-1) lies in [-1, 1] exactly then (counts are integers, so the next ones give +-2)."""
    w1 = [[-1] + [1 if j == i else 0 for j in range(1, n)] for i in range(1, n)]
    return {"W1": w1, "b1": [0] * (n - 1), "phi1": "I(z>0)",
            "w2": [2] * (n - 1), "b2": -2 * (k - 1), "phi2": "indicator"}


def design_superincreasing(n: int = 4, c: int = 1) -> dict:
    """Staff key: h_i = I(c (x_{i+1} - x_1 - ... - x_i) > 0); output indicator of sum(h) - (n-1) - 1/2."""
    w1 = [[-c] * (i + 1) + [c] + [0] * (n - i - 2) for i in range(n - 1)]
    return {"W1": w1, "b1": [0] * (n - 1), "phi1": "I(z>0)",
            "w2": [1] * (n - 1), "b2": -(n - 1) - Q(1, 2), "phi2": "indicator"}


def design_sort2() -> dict:
    """min = (x1+x2)/2 - |x1-x2|/2 and max = (x1+x2)/2 + |x1-x2|/2; |(x1+x2)/2| is the sum for positive inputs."""
    return {"W1": [[Q(1, 2), Q(-1, 2)], [Q(1, 2), Q(1, 2)]], "b1": [0, 0], "phi1": "abs",
            "W2": [[-1, 1], [1, 1]], "b2": [0, 0], "phi2": "identity"}


def design_bubble_sort(n: int = 4) -> list:
    """Bubble sort as comparators (1-based): n(n-1)/2 blocks (6 for n = 4)."""
    return [[i + 1, i + 2] for rnd in range(n - 1) for i in range(n - 1 - rnd)]


def design_merge_sort_4() -> list:
    """Merge sort of four: sort pairs, then merge (5 blocks)."""
    return [[1, 2], [3, 4], [1, 3], [2, 4], [2, 3]]


def design_kth_of_sorted(n: int = 4, k: int = 3) -> dict:
    return {"W3": [[1 if j == k - 1 else 0 for j in range(n)]]}


def design_rank_of_first(n: int = 4, base: int = 1) -> dict:
    """h_j = I(x1 - x_j >= 0) (x_j smaller; ties cannot occur), y = base + sum(h)."""
    w1 = [[1] + [-1 if j == i else 0 for j in range(1, n)] for i in range(1, n)]
    return {"W1": w1, "b1": [0] * (n - 1), "phi1": "I(z>=0)", "w2": [1] * (n - 1), "b2": base, "phi2": "identity"}


def design_rank_selector(n: int = 4, k: int = 3) -> dict:
    """m_i = indicator(2 (r_i - k)): ranks are integers, so only r_i = k lands in [-1, 1]."""
    return {"W4": [[2 if i == j else 0 for j in range(n)] for i in range(n)], "b4": [-2 * k] * n,
            "phi4": "indicator"}
