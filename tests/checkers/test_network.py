"""Kind "network": verdicts for the seed questions' correct designs and real mistakes.

Every failed verdict's counterexample is re-checked here, independently of the
checker: inside the question's domain, and the plain forward pass really
disagrees with the question's definition there.
"""

from fractions import Fraction as Q

import numpy as np
import pytest

from grader.checkers import CheckContext, checker_class
from grader.networks.decide import clear_cache
from nn_reference import networks as R

CHECKER = checker_class("network")
CTX = CheckContext(item_id="net", seed=7)

TWO_LAYERS = ["W1", "b1", "phi1", "w2", "b2", "phi2"]


def options(units1=3, units2=1, names=TWO_LAYERS, **extra):
    w1, b1, p1, w2, b2, p2 = names
    return CHECKER.Options(layers=[
        {"weights": w1, "bias": b1, "activation": p1, "units": units1},
        {"weights": w2, "bias": b2, "activation": p2, "units": units2}], **extra)


def parse(value):
    num, _, den = value.partition("/")
    return Q(int(num), int(den or 1))


# independent definitions of the questions, for re-checking counterexamples
def superincreasing(x):
    return (int(all(x[i] > sum(x[:i]) for i in range(1, len(x)))),)


def second_largest(x):
    return (int(sorted(x, reverse=True)[1] == x[0]),)


def kth_largest(k):
    return lambda x: (int(sorted(x, reverse=True)[k - 1] == x[0]),)


def sort_pair(x):
    return tuple(sorted(x))


def rank_of_first(x):
    return (1 + sum(v < x[0] for v in x[1:]),)


ACTS = {"I(z>0)": lambda z: int(z > 0), "I(z>=0)": lambda z: int(z >= 0), "I(z<0)": lambda z: int(z < 0),
        "indicator": lambda z: int(-1 <= z <= 1), "identity": lambda z: z, "abs": abs, "|z|": abs, "z": lambda z: z,
        "hard_threshold": lambda z: int(z > 0)}


def forward(answers, names, x):
    values = list(x)
    for w, b, a in (names[:3], names[3:]):
        weights = np.array(answers[w], dtype=object).reshape(-1, len(values)).tolist()
        bias = np.array(answers[b], dtype=object).reshape(-1).tolist()
        values = [ACTS[answers[a]](sum(Q(str(wi)) * v for wi, v in zip(row, values)) + Q(str(bi)))
                  for row, bi in zip(weights, bias)]
    return tuple(values)


def recheck(verdict, answers, definition, names=TWO_LAYERS, distinct=True, positive=False):
    x = tuple(parse(v) for v in verdict.evidence["counterexample"])
    if distinct:
        assert len(set(x)) == len(x)
    if positive:
        assert all(v > 0 for v in x)
    output = forward(answers, names, x)
    assert tuple(str(v) for v in output) == tuple(verdict.evidence["network_output"])
    assert output != definition(x)
    return x


def check(answers, task, opts):
    return CHECKER(opts).judge(answers, task, CTX)


# ------------------------------------------------------------- Columbia 1.1

KEY = R.design_superincreasing()  # c = 1, b = -3.5, hard threshold + indicator


@pytest.mark.parametrize("answers", [
    KEY,
    {**KEY, "W1": [[-2, 2, 0, 0], [-2, -2, 2, 0], [-2, -2, -2, 2]]},            # any c > 0
    {**KEY, "W1": [[-0.5, 0.5, 0, 0], [-0.5, -0.5, 0.5, 0], [-0.5, -0.5, -0.5, 0.5]]},
    {**KEY, "w2": [2, 2, 2], "b2": -6},                                          # c_i = 2, b = -6
    {**KEY, "b2": -3.9},                                                         # eps in (0, 1)
    {**KEY, "b2": -4},                                                           # eps = 1 still works
    {**KEY, "W1": [[3, -3, 0, 0], [3, 3, -3, 0], [3, 3, 3, -3]], "phi1": "I(z<0)"},   # mirrored, c < 0
    {**KEY, "W1": [[1, -1, 0, 0], [1, 1, -1, 0], [1, 1, 1, -1]], "phi1": "1 - I(z>=0)"},
    {**KEY, "phi1": "Heaviside(z, 0)", "phi2": "I(z in [-1,1])"},
    {**KEY, "W1": np.array(KEY["W1"], dtype=float), "w2": [[1], [1], [1]], "b2": [-3.5]},
])
def test_superincreasing_correct_designs(answers):
    verdict = check(answers, R.superincreasing(), options())
    assert verdict.status == "passed", verdict.feedback
    assert verdict.evidence["method"] == "exact"


def test_superincreasing_b_minus_3_fails_under_closed_indicator():
    answers = {**KEY, "b2": -3}
    verdict = check(answers, R.superincreasing(), options())
    assert verdict.status == "failed"
    assert verdict.diagnosis == "indicator_closed_interval"
    assert "hidden_layer_ok_output_wrong" in verdict.evidence["diagnoses"]
    recheck(verdict, answers, superincreasing)
    assert any(u["pre_activation"] in ("-1", "1") for u in verdict.evidence["boundary_units"])


def test_eps_too_large_fails():
    answers = {**KEY, "b2": -4.5}  # all three on gives z = -1.5: never fires
    verdict = check(answers, R.superincreasing(), options())
    assert verdict.status == "failed"
    x = recheck(verdict, answers, superincreasing)
    assert superincreasing(x) == (1,)


SEED_000 = {"W1": [[-1, 1, 0, 0], [-1, -1, 1, 0], [-1, -1, -1, 1]], "b1": [0, 0, 0], "phi1": "I(z>=0)",
            "w2": [1, 1, 1], "b2": -3, "phi2": "I(z>=0)"}


def test_seed_000_ties_pass_the_non_strict_threshold():
    # distinct inputs exclude x1 == x2, but x3 == x1 + x2 can happen, e.g. (1, 2, 3, 7)
    verdict = check(SEED_000, R.superincreasing(), options())
    assert verdict.status == "failed"
    assert verdict.diagnosis == "wrong_threshold_convention"
    x = recheck(verdict, SEED_000, superincreasing)
    assert x == (1, 2, 3, 6)
    assert check({**SEED_000, "phi1": "I(z>0)"}, R.superincreasing(), options()).status == "passed"
    # the same verdict when ties are allowed, and when inputs are positive
    assert check(SEED_000, R.superincreasing(distinct=False), options()).status == "failed"
    assert check(SEED_000, R.superincreasing(positive=True), options()).status == "failed"


SEED_002 = {"W1": [[1, -1, 0, 0], [1, 1, -1, 0], [1, 1, 1, -1]], "b1": [0, 0, 0], "phi1": "hard_threshold",
            "w2": [1, 1, 1], "b2": 1, "phi2": "indicator"}


def test_seed_002_depends_on_the_threshold_convention():
    # the handout's hard threshold is I(z>0): a tie counts as a pass, so (1, 2, 3, ...) slips through
    verdict = check(SEED_002, R.superincreasing(), options())
    assert verdict.status == "failed" and verdict.diagnosis == "wrong_threshold_convention"
    recheck(verdict, SEED_002, superincreasing)
    assert check({**SEED_002, "phi1": "I(z>=0)"}, R.superincreasing(), options()).status == "passed"
    # a rubric whose handout defines the hard threshold as I(z>=0) accepts the same answer
    assert check(SEED_002, R.superincreasing(), options(hard_threshold="I(z>=0)")).status == "passed"


def test_bias_off_by_a_thousandth():
    answers = {**KEY, "b1": [0, 0.001, 0]}
    verdict = check(answers, R.superincreasing(), options())
    assert verdict.status == "failed" and verdict.diagnosis == "bias_off"
    assert verdict.evidence["bias_off"] == {"layer": 1, "unit": 2}
    recheck(verdict, answers, superincreasing)


def test_bias_off_without_integer_counterexample_shows_small_fraction():
    answers = {**KEY, "b1": [0.001, 0, 0]}  # accepts x2 slightly below x1: no integer example exists
    verdict = check(answers, R.superincreasing(), options())
    assert verdict.diagnosis == "bias_off"
    x = recheck(verdict, answers, superincreasing)
    assert max(v.denominator for v in x) <= 2000


KTH = R.design_kth_largest(4, 2)


def test_kth_largest_reference_design_and_variants():
    assert check(KTH, R.kth_largest(4, 2), options()).status == "passed"
    scaled = {**KTH, "W1": [[-5, 5, 0, 0], [-5, 0, 5, 0], [-5, 0, 0, 5]], "phi1": "I(z>=0)"}
    assert check(scaled, R.kth_largest(4, 2), options()).status == "passed"  # ties excluded: both conventions


def test_kth_largest_closed_indicator():
    answers = {**KTH, "w2": [1, 1, 1], "b2": -1}
    verdict = check(answers, R.kth_largest(4, 2), options())
    assert verdict.diagnosis == "indicator_closed_interval"
    recheck(verdict, answers, second_largest)


def test_wrong_k():
    answers = R.design_kth_largest(4, 3)
    verdict = check(answers, R.kth_largest(4, 2), options())
    # the k of this design sits in the output bias: moving it alone repairs it too (both verified;
    # the rubric's credit picks the best, see tests/test_partial_credit_rules.py)
    assert verdict.status == "failed" and verdict.evidence["diagnoses"][:2] == ["bias_off", "wrong_k"]
    assert verdict.evidence["wrong_k"] == {"computes_k": 3}
    recheck(verdict, answers, second_largest)


@pytest.mark.parametrize("n, k", [(5, 3), (5, 1), (6, 4), (3, 2)])
def test_held_out_style_other_n_and_k(n, k):
    opts = options(units1=n - 1)
    design = R.design_kth_largest(n, k)
    assert check(design, R.kth_largest(n, k), opts).status == "passed"
    wrong = {**design, "b2": design["b2"] + 2}  # selects count k - 2: wrong for every k
    verdict = check(wrong, R.kth_largest(n, k), opts)
    assert verdict.status == "failed"
    recheck(verdict, wrong, kth_largest(k))


def test_superincreasing_five_inputs():
    opts = options(units1=4)
    design = R.design_superincreasing(5, c=3)
    assert check(design, R.superincreasing(5), opts).status == "passed"
    verdict = check({**design, "phi1": "I(z>=0)"}, R.superincreasing(5), opts)
    assert verdict.diagnosis == "wrong_threshold_convention"
    recheck(verdict, {**design, "phi1": "I(z>=0)"}, superincreasing)


# --------------------------------------------------------------- Toronto 3.1

SORT2_NAMES = ["W1", "b1", "phi1", "W2", "b2", "phi2"]


def test_sort2_reference_design():
    verdict = check(R.design_sort2(), R.sort2(), options(2, 2, SORT2_NAMES))
    assert verdict.status == "passed"


SEED_003 = {"W1": [[0.5, -0.5], [0.5, 0.5]], "W2": [[1, 1], [1, -1]], "b1": [0, 0], "b2": [0, 0],
            "phi1": "|z|", "phi2": "z"}


def test_seed_003_outputs_max_and_minus_min():
    verdict = check(SEED_003, R.sort2(), options(2, 2, SORT2_NAMES))
    assert verdict.status == "failed"
    assert verdict.diagnosis == "wrong_order_and_sign"
    x = recheck(verdict, SEED_003, sort_pair, names=SORT2_NAMES, positive=True)
    assert forward(SEED_003, SORT2_NAMES, x) == (max(x), -min(x))


def test_sort2_outputs_swapped():
    answers = {**SEED_003, "W2": [[1, 1], [-1, 1]]}  # (max, min)
    verdict = check(answers, R.sort2(), options(2, 2, SORT2_NAMES))
    assert verdict.diagnosis == "outputs_swapped"
    recheck(verdict, answers, sort_pair, names=SORT2_NAMES, positive=True)


def test_sort2_needs_positive_inputs_for_the_abs_of_the_sum():
    # |(x1 + x2)/2| is the sum only for positive inputs: on all reals the design is wrong
    verdict = check(R.design_sort2(), R.sort2(positive=False), options(2, 2, SORT2_NAMES))
    assert verdict.status == "failed"
    recheck(verdict, R.design_sort2(), sort_pair, names=SORT2_NAMES)


# --------------------------------------------------------- Toronto 3.3, 3.4

def selection_options():
    return CHECKER.Options(layers=[{"weights": "W3", "fixed_activation": "identity", "units": 1}])


@pytest.mark.parametrize("w3, status", [([[0, 0, 1, 0]], "passed"), ([0, 0, 1, 0], "passed"),
                                        ([[0], [0], [1], [0]], "passed"), ([[0, 0, 0, 1]], "failed"),
                                        ([[0, 1, 0, 0]], "failed"), ([[0, 0, 1, 0.01]], "failed")])
def test_kth_smallest_output_layer(w3, status):
    verdict = check({"W3": w3}, R.kth_of_sorted(4, 3), selection_options())
    assert verdict.status == status, verdict.feedback
    if status == "failed":
        x = tuple(parse(v) for v in verdict.evidence["counterexample"])
        assert list(x) == sorted(x) and len(set(x)) == 4 and min(x) > 0
        assert parse(verdict.evidence["network_output"][0]) != x[2]


def test_kth_smallest_output_layer_wrong_k():
    verdict = check({"W3": [[0, 0, 0, 1]]}, R.kth_of_sorted(4, 3), selection_options())
    assert verdict.diagnosis == "wrong_k" and verdict.evidence["wrong_k"] == {"computes_k": 4}


COUNT = R.design_rank_of_first(4)


def test_counting_network():
    opts = options(hard_threshold="I(z>=0)")
    assert check(COUNT, R.rank_of_first(4), opts).status == "passed"
    assert check({**COUNT, "phi1": "hard threshold"}, R.rank_of_first(4), opts).status == "passed"
    assert check({**COUNT, "phi1": "I(z>0)"}, R.rank_of_first(4), opts).status == "passed"  # no ties
    wrong = {**COUNT, "b2": 0}  # the bare count, not the rank
    verdict = check(wrong, R.rank_of_first(4), opts)
    assert verdict.status == "failed"
    recheck(verdict, wrong, rank_of_first, positive=True)
    assert check(wrong, R.rank_of_first(4, base=0), opts).status == "passed"  # the rubric's variant


def test_counting_network_with_ties_allowed_needs_strict_comparison():
    opts = options(hard_threshold="I(z>=0)")
    verdict = check(COUNT, R.rank_of_first(4, distinct=False), opts)
    assert verdict.diagnosis == "wrong_threshold_convention"
    recheck(verdict, COUNT, rank_of_first, distinct=False, positive=True)


def test_rank_selector_final_layer():
    opts = CHECKER.Options(layers=[{"weights": "W4", "bias": "b4", "activation": "phi4", "units": 4}])
    assert check(R.design_rank_selector(4, 3), R.rank_selector(4, 3), opts).status == "passed"
    closed = {"W4": np.eye(4).tolist(), "b4": [-3] * 4, "phi4": "indicator"}
    verdict = check(closed, R.rank_selector(4, 3), opts)
    assert verdict.diagnosis == "indicator_closed_interval"
    assert verdict.evidence["method"] == "finite"


# ------------------------------------------------------------ form and rules

def test_invalid_and_architecture_verdicts():
    assert check({**KTH, "W1": [[1, 2], [3, 4]]}, R.kth_largest(), options()).status == "invalid"
    assert check({**KTH, "phi1": "Heaviside(z)"}, R.kth_largest(), options()).status == "invalid"
    assert check({**KTH, "phi1": 3}, R.kth_largest(), options()).status == "invalid"
    assert check({**KTH, "b1": [0, 0]}, R.kth_largest(), options()).status == "invalid"
    four = {**KTH, "W1": KTH["W1"] + [[0, 0, 0, 0]], "b1": [0, 0, 0, -1], "w2": [2, 2, 2, 0]}
    verdict = check(four, R.kth_largest(), options())
    assert verdict.diagnosis == "architecture_violation" and verdict.status == "invalid"  # before any analysis
    restricted = CHECKER.Options(layers=[
        {"weights": "W1", "bias": "b1", "activation": "phi1", "units": 3, "allowed_activations": ["I(z>0)"]},
        {"weights": "w2", "bias": "b2", "activation": "phi2", "units": 1}])
    assert check({**KTH, "phi1": "relu"}, R.kth_largest(), restricted).diagnosis == "architecture_violation"


def test_transposed_matrix_is_named():
    answers = {**KTH, "W1": [list(c) for c in zip(*KTH["W1"])]}
    verdict = check(answers, R.kth_largest(), options())
    assert verdict.status == "failed" and verdict.diagnosis == "transposed"


def test_per_unit_activation_lists():
    answers = {**KTH, "phi1": ["I(z>0)", "I(z>=0)", "step"]}
    assert check(answers, R.kth_largest(), options()).status == "passed"
    no_lists = options(per_unit_activations=False)
    assert check(answers, R.kth_largest(), no_lists).status == "invalid"


def test_smooth_network_is_sampled():
    verdict = check({**KTH, "phi1": "sigmoid"}, R.kth_largest(), options())
    assert verdict.status == "failed" and verdict.evidence["method"] == "sampling"
    # steep sigmoids approximate the thresholds well away from the boundaries, but not exactly: the
    # search finds inputs close to ties where the network is wrong
    steep = {**KTH, "W1": [[-1000, 1000, 0, 0], [-1000, 0, 1000, 0], [-1000, 0, 0, 1000]], "phi1": "sigmoid",
             "phi2": "indicator"}
    wrong = check(steep, R.kth_largest(), options())
    assert wrong.status == "failed" and wrong.evidence["worst_error"] == 1.0
    x = [float(v) for v in wrong.evidence["counterexample"]]
    assert len(set(x)) == 4  # inside the domain (distinct inputs)
    # a handout that says "read outputs above 1/2 as 1" away from ties can still ask for that readout
    assert check(steep, R.kth_largest(), options(smooth_readout="half")).status == "passed"


def test_a_smooth_stand_in_for_abs_is_not_exact():
    design = R.design_sort2()
    exact = {**design, "phi1": "sqrt(z**2)"}  # |z| written smoothly: exact in every double
    assert check(exact, R.sort2(), options(2, 2, SORT2_NAMES)).status == "passed"
    approximate = {**design, "phi1": "sqrt(z**2 + 1e-6)"}
    verdict = check(approximate, R.sort2(), options(2, 2, SORT2_NAMES))
    assert verdict.status == "failed" and verdict.evidence["worst_error"] >= 4e-4
    x = [float(v) for v in verdict.evidence["counterexample"]]
    assert all(v > 0 for v in x)  # the sort2 question's domain: positive inputs
    # the worst point is where the two inputs are closest (the smooth corner of sqrt(z**2 + eps))
    assert abs(x[0] - x[1]) < 0.01


def test_float_weights_are_read_as_the_fraction_they_denote_and_rechecked_in_doubles():
    from fractions import Fraction

    from grader.networks.model import exact_number

    assert exact_number(1 / 3, "w") == Fraction(1, 3)
    assert exact_number(0.5, "w") == Fraction(1, 2) and exact_number(0.001, "w") == Fraction(1, 1000)
    assert exact_number(0.1234567891234, "w") == Fraction("0.1234567891234")  # no simple fraction: its decimal
    design = R.design_sort2()
    halves = {**design, "W1": [[0.5, -0.5], [0.5, 0.5]]}
    assert check(halves, R.sort2(), options(2, 2, SORT2_NAMES)).status == "passed"
    # thirds in floats: 3 * (1/3) is exactly 1 in doubles, and read as 1/3 the network is exact too
    thirds = {**design, "W1": [[1 / 3, -1 / 3], [1 / 3, 1 / 3]], "W2": [[-1.5, 1.5], [1.5, 1.5]]}
    assert check(thirds, R.sort2(), options(2, 2, SORT2_NAMES)).status == "passed"


def test_feedback_does_not_leak_reference_design():
    verdict = check({**KEY, "b2": -3}, R.superincreasing(), options())
    assert "-3.5" not in verdict.feedback and "3.5" not in str(verdict.evidence)


def test_identical_networks_are_decided_once(monkeypatch):
    clear_cache()
    calls = []
    import grader.networks.decide as decide_module

    original = decide_module._decide
    monkeypatch.setattr(decide_module, "_decide", lambda *a: calls.append(1) or original(*a))
    for _ in range(3):
        assert check({**KEY, "W1": [list(r) for r in KEY["W1"]]}, R.superincreasing(), options()).status == "passed"
    assert len(calls) == 1


def test_closed_indicator_feedback_names_the_verified_fix_not_a_margin():
    verdict = check({**KTH, "w2": [1, 1, 1], "b2": -1}, R.kth_largest(4, 2), options())
    assert verdict.diagnosis == "indicator_closed_interval"
    assert "open interval (-1, 1)" in verdict.feedback and "margin" not in verdict.feedback.lower()
    # an indicator design that the open interval does not repair gets no such advice
    hopeless = check({**KTH, "w2": [1, 1, 1], "b2": 5}, R.kth_largest(4, 2), options())
    assert hopeless.status == "failed" and hopeless.diagnosis != "indicator_closed_interval"
    assert "margin" not in hopeless.feedback.lower()


def test_transposed_and_a_second_slip_are_two_slips():
    # W1 only fits transposed, and read that way the output bias is off as well: two slips, so the
    # verdict can never earn more than the transposition alone.
    answers = {**KEY, "W1": [list(c) for c in zip(*KEY["W1"])], "b2": Q(-5, 2)}
    verdict = check(answers, R.superincreasing(), options())
    assert verdict.status == "failed" and verdict.diagnosis == "two_slips"
    assert verdict.evidence["slips"] == ["transposed", "bias_off"]
    assert "only fits the architecture when transposed" in verdict.feedback


def test_a_bias_a_hair_from_a_working_value_after_rounded_weights():
    # 1/3 written as 0.333: the output threshold -1 misses 3 * 0.333 by 0.001; -0.999 works
    answers = {**KEY, "w2": [0.333, 0.333, 0.333], "b2": -1, "phi2": "I(z>=0)"}
    verdict = check(answers, R.superincreasing(), options())
    assert verdict.status == "failed" and verdict.diagnosis == "bias_off"
    assert verdict.evidence["bias_off"] == {"layer": 2, "unit": 1}
    assert "0.999" not in verdict.feedback
    recheck(verdict, answers, superincreasing)


@pytest.mark.parametrize("b2", [-20, 2])
def test_an_output_bias_far_from_any_working_value_is_no_bias_off(b2):
    # a constant output is not a threshold off by one: changing the bias to a far value is a new design
    verdict = check({**KEY, "b2": b2}, R.superincreasing(), options())
    assert verdict.status == "failed" and verdict.diagnosis != "bias_off"
