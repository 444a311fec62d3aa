"""Median verdict time of the network checkers on the seed questions (plain script, not a test).

Run:  python benchmarks/bench_networks.py [repeats]

Each case is decided with the verdict cache cleared before every run (a cold
verdict: region analysis, counterexample search and diagnoses), and once more
warm (identical weights from another student: a cache hit).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.checkers import CheckContext, checker_class  # noqa: E402
from grader.networks.decide import clear_cache  # noqa: E402
from nn_reference import networks as R  # noqa: E402

NETWORK = checker_class("network")
COMPARATORS = checker_class("comparator_network")
CTX = CheckContext(item_id="bench", seed=0)


def two_layers(units1, units2=1, names=("W1", "b1", "phi1", "w2", "b2", "phi2"), **extra):
    w1, b1, p1, w2, b2, p2 = names
    return NETWORK.Options(layers=[{"weights": w1, "bias": b1, "activation": p1, "units": units1},
                                   {"weights": w2, "bias": b2, "activation": p2, "units": units2}], **extra)


KEY = R.design_superincreasing()
KTH = R.design_kth_largest(4, 2)
SORT2 = ("W1", "b1", "phi1", "W2", "b2", "phi2")
SEED_003 = {"W1": [[0.5, -0.5], [0.5, 0.5]], "W2": [[1, 1], [1, -1]], "b1": [0, 0], "b2": [0, 0],
            "phi1": "|z|", "phi2": "z"}

CASES = [
    ("1.1 k-th largest", "reference design", NETWORK, KTH, R.kth_largest(4, 2), two_layers(3)),
    ("1.1 k-th largest", "closed indicator", NETWORK, {**KTH, "w2": [1, 1, 1], "b2": -1}, R.kth_largest(4, 2), two_layers(3)),
    ("1.1 k-th largest", "wrong k", NETWORK, R.design_kth_largest(4, 3), R.kth_largest(4, 2), two_layers(3)),
    ("1.1 superincreasing", "staff key", NETWORK, KEY, R.superincreasing(), two_layers(3)),
    ("1.1 superincreasing", "b = -3", NETWORK, {**KEY, "b2": -3}, R.superincreasing(), two_layers(3)),
    ("1.1 superincreasing", "seed 000", NETWORK,
     {"W1": [[-1, 1, 0, 0], [-1, -1, 1, 0], [-1, -1, -1, 1]], "b1": [0, 0, 0], "phi1": "I(z>=0)",
      "w2": [1, 1, 1], "b2": -3, "phi2": "I(z>=0)"}, R.superincreasing(), two_layers(3)),
    ("1.1 superincreasing", "seed 002", NETWORK,
     {"W1": [[1, -1, 0, 0], [1, 1, -1, 0], [1, 1, 1, -1]], "b1": [0, 0, 0], "phi1": "hard_threshold",
      "w2": [1, 1, 1], "b2": 1, "phi2": "indicator"}, R.superincreasing(), two_layers(3)),
    ("1.1 superincreasing", "bias off 0.001", NETWORK, {**KEY, "b1": [0, 0.001, 0]}, R.superincreasing(), two_layers(3)),
    ("3.1 Sort_2", "reference design", NETWORK, R.design_sort2(), R.sort2(), two_layers(2, 2, SORT2)),
    ("3.1 Sort_2", "seed 003 (max, -min)", NETWORK, SEED_003, R.sort2(), two_layers(2, 2, SORT2)),
    ("3.2 sorting network", "merge sort (5)", COMPARATORS, {"c": R.design_merge_sort_4()}, R.sorting_network(4), COMPARATORS.Options()),
    ("3.2 sorting network", "missing block", COMPARATORS, {"c": R.design_merge_sort_4()[:4]}, R.sorting_network(4), COMPARATORS.Options()),
    ("3.3 k-th smallest layer", "k = 3", NETWORK, R.design_kth_of_sorted(4, 3), R.kth_of_sorted(4, 3),
     NETWORK.Options(layers=[{"weights": "W3", "fixed_activation": "identity", "units": 1}])),
    ("3.3 k-th smallest layer", "wrong k", NETWORK, R.design_kth_of_sorted(4, 4), R.kth_of_sorted(4, 3),
     NETWORK.Options(layers=[{"weights": "W3", "fixed_activation": "identity", "units": 1}])),
    ("3.4 counting network", "reference design", NETWORK, R.design_rank_of_first(4), R.rank_of_first(4),
     two_layers(3, hard_threshold="I(z>=0)")),
    ("3.4 counting network", "count, not rank", NETWORK, {**R.design_rank_of_first(4), "b2": 0}, R.rank_of_first(4),
     two_layers(3, hard_threshold="I(z>=0)")),
    ("3.4 final layer", "indicator mask", NETWORK, R.design_rank_selector(4, 3), R.rank_selector(4, 3),
     NETWORK.Options(layers=[{"weights": "W4", "bias": "b4", "activation": "phi4", "units": 4}])),
]


def main(repeats: int = 15) -> None:
    rows = []
    medians = []
    for question, case, kind, answers, task, options in CASES:
        checker = kind(options)
        times = []
        for _ in range(repeats):
            clear_cache()
            start = time.perf_counter()
            verdict = checker.judge(answers, task, CTX)
            times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        checker.judge(answers, task, CTX)
        warm = (time.perf_counter() - start) * 1000
        median = statistics.median(times)
        medians.append(median)
        rows.append((question, case, verdict.status, verdict.diagnosis or "", median, warm))
    print(f"{'question':<24} {'case':<22} {'verdict':<8} {'diagnosis':<28} {'cold ms':>8} {'warm ms':>8}")
    for question, case, status, diagnosis, median, warm in rows:
        print(f"{question:<24} {case:<22} {status:<8} {diagnosis:<28} {median:8.1f} {warm:8.2f}")
    print(f"\nmedian over all cases (cold): {statistics.median(medians):.1f} ms; "
          f"worst case: {max(medians):.1f} ms; {repeats} runs per case")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
