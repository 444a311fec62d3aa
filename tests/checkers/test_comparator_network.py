"""Kind "comparator_network": Sort_2 blocks, decided exhaustively by the 0-1 principle."""

import itertools

import numpy as np
import pytest

from grader.checkers import CheckContext, checker_class
from grader.checkers.comparator_network import failures, parse_comparators, run_network
from nn_reference import networks as R

CHECKER = checker_class("comparator_network")
CTX = CheckContext(item_id="sort", seed=1)


def check(pairs, task=None, **options):
    return CHECKER(CHECKER.Options(**options)).judge({"comparators": pairs}, task or R.sorting_network(4), CTX)


def sorts_all_permutations(pairs, n):
    """Independent check on real inputs: every permutation of distinct numbers comes out sorted."""
    perms = np.array(list(itertools.permutations([3.5, -1.0, 10.0, 2.0, 7.25, 0.5][:n])))
    out = run_network(parse_comparators(pairs, n, "auto"), perms, "sorted_positions")
    return bool((np.diff(out, axis=1) > 0).all())


@pytest.mark.parametrize("pairs, count", [(R.design_merge_sort_4(), 5), (R.design_bubble_sort(4), 6),
                                          ([[0, 1], [2, 3], [0, 2], [1, 3], [1, 2]], 5),
                                          (["S(1,2)", "S(3,4)", "S(1,3)", "S(2,4)", "S(2,3)"], 5),
                                          (np.array(R.design_merge_sort_4(), dtype=float), 5),
                                          ([[2, 1], [4, 3], [3, 1], [4, 2], [3, 2]], 5)])
def test_correct_sorting_networks(pairs, count):
    verdict = check(pairs)
    assert verdict.status == "passed", verdict.feedback
    assert verdict.evidence["comparators"] == count
    assert sorts_all_permutations(pairs if not isinstance(pairs[0], str) else R.design_merge_sort_4(), 4)


def test_missing_comparator_reports_a_failing_zero_one_input():
    pairs = [[1, 2], [3, 4], [1, 3], [2, 4]]  # merge sort without the final (2, 3)
    verdict = check(pairs)
    assert verdict.status == "failed" and verdict.diagnosis == "missing_comparator"
    x = verdict.evidence["counterexample"]
    out = run_network([(a - 1, b - 1) for a, b in pairs], np.array([x]), "sorted_positions")[0].tolist()
    assert out == verdict.evidence["network_output"] and out != sorted(x)
    assert not sorts_all_permutations(pairs, 4)


def test_bubble_sort_missing_any_block_fails():
    full = R.design_bubble_sort(4)
    for drop in range(len(full)):
        pairs = full[:drop] + full[drop + 1:]
        verdict = check(pairs)
        assert verdict.status == "failed", pairs
        assert verdict.diagnosis == "missing_comparator"


def test_not_sorting():
    verdict = check([[1, 2], [1, 2]])
    assert verdict.diagnosis == "not_sorting"


def test_count_rules():
    seven = R.design_bubble_sort(4) + [[1, 2]]
    assert check(seven).status == "passed"
    assert check(seven, count_rule="hint").diagnosis == "comparator_count"
    assert check(seven, count_rule="at_most_hint").diagnosis == "comparator_count"
    assert check(R.design_merge_sort_4(), count_rule="hint").status == "passed"


def test_orientation_first_gets_min():
    reversed_pairs = [[2, 1], [4, 3], [3, 1], [4, 2], [3, 2]]
    assert check(reversed_pairs, orientation="first_gets_min").status == "failed"
    assert check(reversed_pairs, task=R.sorting_network(4, descending=True), orientation="first_gets_min").status == "passed"


@pytest.mark.parametrize("n", [3, 5, 6])
def test_other_sizes(n):
    task = R.sorting_network(n, hint_counts=())
    assert check(R.design_bubble_sort(n), task).status == "passed"
    assert sorts_all_permutations(R.design_bubble_sort(n), n)
    assert check(R.design_bubble_sort(n)[:-1], task).status == "failed"


@pytest.mark.parametrize("pairs", [[[1, 5]], [[1, 1]], [[1, 2, 3]], "1,2,3", [[1.5, 2]], [[0, 4]], [[True, 2]]])
def test_invalid_answers(pairs):
    assert check(pairs).status == "invalid"


def test_zero_one_failures_are_exhaustive():
    assert len(failures([], 3, "sorted_positions", False)) == 8 - 4  # unsorted 0-1 vectors of length 3
