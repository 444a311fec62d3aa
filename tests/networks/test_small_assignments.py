"""Counterexample search tries small integer assignments in a fixed order: simplest first."""

from __future__ import annotations

import itertools

import pytest

from grader.networks.search import _small_assignments


def brute_force_order(d: int, positive: bool) -> tuple:
    values = [1, 2, 3, 4, 5, 6, 7, 8] if positive else [1, 2, 3, 0, -1, 4, 5, -2, 6, 7, 8, -3]
    key = lambda c: (any(v <= 0 for v in c), max(map(abs, c), default=0), sum(map(abs, c)))  # noqa: E731
    return tuple(itertools.islice(sorted(itertools.product(values, repeat=d), key=key), 400))


@pytest.mark.parametrize("d", range(0, 5))
@pytest.mark.parametrize("positive", [True, False])
def test_level_by_level_order_equals_sorting_everything(d, positive):
    assert _small_assignments(d, positive) == brute_force_order(d, positive)


def test_positive_assignments_come_first_and_are_small():
    first = _small_assignments(3, False)[:5]
    assert first[0] == (1, 1, 1) and all(v > 0 for combo in first for v in combo)
