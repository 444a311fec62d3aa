"""Kind ``comparator_network``: a sorting network of Sort_2 blocks given as a comparator list.

The answer is a list of pairs ``[[1, 2], [3, 4], [1, 3], ...]``: each pair (i, j)
is one Sort_2 block applied to positions i and j, in order; the smaller value
goes to the lower position (``orientation = "sorted_positions"``), or to the
first listed position (``orientation = "first_gets_min"``).  Positions are
1-based like x1..x4 in the handouts; ``indexing = "auto"`` also accepts 0-based
lists (recognised by a 0 in the list).

Checked exhaustively by the 0-1 principle: a comparator network sorts every
real input iff it sorts all 2^n inputs of zeros and ones, so the verdict is
exact.  A failing 0-1 input is reported with the network's output on it.
Diagnoses: ``missing_comparator`` (one added block would make it sort),
``comparator_count`` (it sorts, but the rubric requires one of the handout's
counts), ``not_sorting`` otherwise.
"""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
from pydantic import Field

from grader.networks.tasks import SortingTask

from . import register
from .base import CheckContext, Checker, CheckerOptions, ReferenceProblem, Verdict

MAX_COMPARATORS = 500


class ComparatorOptions(CheckerOptions):
    indexing: Literal["auto", "one", "zero"] = Field(default="auto", description="Position numbering of the answer: 'one' (x1..xn), 'zero', or 'auto' (0-based when a 0 appears).")
    orientation: Literal["sorted_positions", "first_gets_min"] = Field(default="sorted_positions", description="Where a block puts the minimum: the lower of its two positions, or the first one listed.")
    count_rule: Literal["any", "hint", "at_most_hint"] = Field(default="any", description="'any': every sorting network passes; 'hint': the number of blocks must be one of the task's hint counts; 'at_most_hint': no more than the largest hint.")


def parse_comparators(value, n: int, indexing: str) -> list[tuple[int, int]]:
    """0-based pairs from the decoded answer; ValueError with a student message."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, str):  # "1-2, 3-4, 1-3" or "(1,2) (3,4)" or "x1 x2; x3 x4"
        numbers = [int(v) for v in re.findall(r"\d+", value)[: 2 * MAX_COMPARATORS + 2]]
        if len(numbers) % 2:
            raise ValueError("the comparators should be pairs of positions, e.g. [[1, 2], [3, 4]]")
        value = [numbers[k:k + 2] for k in range(0, len(numbers), 2)]
    if not isinstance(value, list):
        raise ValueError("give the comparators as a list of pairs, e.g. [[1, 2], [3, 4]]")
    if len(value) > MAX_COMPARATORS:
        raise ValueError(f"more than {MAX_COMPARATORS} comparators")
    pairs = []
    for item in value:
        if isinstance(item, str):  # "1-2", "(1,2)", "x1 x2", "1<->2": the positions it names
            numbers = re.findall(r"\d+", item)[:3]
            item = [int(v) for v in numbers]
        elif isinstance(item, tuple):
            item = list(item)
        if not isinstance(item, list) or len(item) != 2:
            raise ValueError(f"each comparator must be a pair of positions, got {item!r}"[:120])
        pair = []
        for v in item:
            if isinstance(v, bool) or not isinstance(v, (int, float)) or float(v) != int(v):
                raise ValueError(f"comparator positions must be whole numbers, got {v!r}"[:120])
            pair.append(int(v))
        pairs.append(tuple(pair))
    flat = [v for p in pairs for v in p]
    base = 1
    if indexing == "zero" or (indexing == "auto" and 0 in flat):
        base = 0
    if indexing == "auto" and 0 in flat and n in flat:
        raise ValueError(f"positions 0 and {n} both appear: number the positions 1..{n}")
    out = []
    for i, j in pairs:
        a, b = i - base, j - base
        if not (0 <= a < n and 0 <= b < n):
            raise ValueError(f"comparator ({i}, {j}) refers to a position outside {base}..{n - 1 + base}")
        if a == b:
            raise ValueError(f"comparator ({i}, {j}) compares a position with itself")
        out.append((a, b))
    return out


def run_network(pairs, bits: np.ndarray, orientation: str) -> np.ndarray:
    """Apply the comparators to every row of ``bits`` (any numbers)."""
    values = bits.copy()
    for a, b in pairs:
        low, high = (min(a, b), max(a, b)) if orientation == "sorted_positions" else (a, b)
        lo = np.minimum(values[:, low], values[:, high])
        hi = np.maximum(values[:, low], values[:, high])
        values[:, low], values[:, high] = lo, hi
    return values


def zero_one_inputs(n: int) -> np.ndarray:
    return ((np.arange(2 ** n)[:, None] >> np.arange(n)[::-1]) & 1).astype(np.int64)


def failures(pairs, n: int, orientation: str, descending: bool) -> np.ndarray:
    bits = zero_one_inputs(n)
    out = run_network(pairs, bits, orientation)
    if descending:
        out = out[:, ::-1]
    bad = (np.diff(out, axis=1) < 0).any(axis=1)
    return bits[bad]


@register
class ComparatorNetworkChecker(Checker):
    kind = "comparator_network"
    answer_form = "a list of Sort_2 blocks as position pairs, e.g. [[2, 3], [1, 4]]"
    Options = ComparatorOptions

    def check(self, answers, expected, context: CheckContext) -> Verdict:
        options: ComparatorOptions = self.options
        if not isinstance(expected, SortingTask):
            raise ReferenceProblem(f"comparator_network items need a SortingTask reference, got {type(expected).__name__}")
        n = expected.n
        try:
            pairs = parse_comparators(self.single(answers), n, options.indexing)
        except ValueError as exc:
            self.fail(str(exc))
        bad = failures(pairs, n, options.orientation, expected.descending)
        evidence = {"method": "0-1 principle (all 2^n inputs of 0s and 1s)", "comparators": len(pairs)}
        if len(bad):
            # the simplest failing 0-1 input: fewest ones, then first in order
            first = sorted(bad.tolist(), key=lambda r: (sum(r), r))[0]
            output = run_network(pairs, np.array([first]), options.orientation)[0].tolist()
            evidence.update(counterexample=first, network_output=output)
            text = (f"Your network does not sort x = {tuple(first)}: it outputs {tuple(output)}. "
                    "(A comparator network sorts every input iff it sorts every input of 0s and 1s.)")
            missing = _one_missing(pairs, n, options.orientation, expected.descending)
            if missing:
                return Verdict.failed(text + " One more Sort_2 block in the right place would fix it.",
                                      diagnosis="missing_comparator", **evidence)
            return Verdict.failed(text, diagnosis="not_sorting", **evidence)
        hints = expected.hint_counts
        if hints and options.count_rule != "any":
            allowed = len(pairs) in hints if options.count_rule == "hint" else len(pairs) <= max(hints)
            if not allowed:
                return Verdict.failed(
                    f"Your network sorts correctly but uses {len(pairs)} Sort_2 blocks; the question asks for "
                    f"{' or '.join(str(h) for h in hints)}.", diagnosis="comparator_count", **evidence)
        return Verdict.passed(f"Correct: your {len(pairs)} Sort_2 blocks sort every input.", **evidence)


def _one_missing(pairs, n: int, orientation: str, descending: bool) -> bool:
    candidates = [(a, b) for a in range(n) for b in range(a + 1, n)]
    for position in range(len(pairs) + 1):
        for pair in candidates:
            trial = pairs[:position] + [pair] + pairs[position:]
            if not len(failures(trial, n, orientation, descending)):
                return True
    return False
