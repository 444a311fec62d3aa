"""Kind ``backprop``: verdicts, fractions and evidence for whole backward passes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from grader.checkers import CheckContext, ReferenceProblem, checker_class
from grader.repairs import Repairs
from nn_reference.backprop import columbia_fall_network, columbia_spring_network, nyu_network

SPRING_CORRECT = {
    "y_prime_bar": "-t / y_prime",
    "y_bar": "softmax_jacobian(y) @ y_prime_bar",
    "g_bar": "W3.T @ y_bar",
    "c1_bar": "g_bar * c2",
    "c2_bar": "g_bar * c1",
    "a1_bar": "c1_bar * step(a1)",
    "a2_bar": "c2_bar * c2 * (1 - c2)",
    "x_bar": "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar",
}

SEED_002 = {
    "y_prime_bar": "t - y",
    "y_bar": "softmax_prime(y) @ y_prime_bar",
    "g_bar": "W3.T @ y_bar",
    "c1_bar": "Wg1 @ g_bar",
    "c2_bar": "Wg2 @ g_bar",
    "u_bar": "c2_bar * relu_prime(c2)",
    "a2_bar": "u_bar",
    "a1_bar": "u_bar + c1_bar * sigmoid_prime(a1)",
    "x_bar": "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar",
}


@pytest.fixture
def checker():
    return checker_class("backprop")


def run(checker, answers, expected, seed=1, item="1.2-backward", repairs=None, **options):
    return checker(checker.Options(**options)).judge(answers, expected,
                                                     CheckContext(item_id=item, seed=seed, repairs=repairs))


def test_correct_spring_backward_pass_passes(checker):
    verdict = run(checker, SPRING_CORRECT, columbia_spring_network())
    assert verdict.status == "passed" and verdict.fraction == 1.0
    assert verdict.diagnosis is None
    assert verdict.evidence["chain"]["correct"] is True
    assert all(step["status"] == "correct" for step in verdict.evidence["steps"])


def test_seed_002_gets_per_step_diagnoses_and_partial_credit(checker):
    verdict = run(checker, SEED_002, columbia_fall_network())
    assert verdict.status == "partial"
    # 5 of 9 steps right, chain wrong: 5/10
    assert verdict.fraction == pytest.approx(0.5)
    assert verdict.evidence["diagnoses"] == {"c1_bar": "transposed", "c2_bar": "transposed", "u_bar": "wrong_node"}
    assert verdict.evidence["chain"]["correct"] is False
    assert "4 of 9" not in verdict.feedback and "5 of 9 steps correct" in verdict.feedback
    assert "relu_prime(c2)" in verdict.feedback  # the student's own text, no reference shown
    # an item-level diagnosis would make the pipeline replace the per-step fraction
    assert verdict.diagnosis is None


def test_step_credit_and_weights(checker):
    verdict = run(checker, SEED_002, columbia_fall_network(), step_credit={"transposed": 0.5, "wrong_node": 0.5},
                  chain_weight=0)
    assert verdict.fraction == pytest.approx((5 + 1.5) / 9)
    verdict = run(checker, SEED_002, columbia_fall_network(), weights={"x_bar": 3.0}, chain_weight=0)
    assert verdict.fraction == pytest.approx((4 + 3) / 11)


def test_missing_w4_path_in_x_bar(checker):
    answers = dict(SPRING_CORRECT, x_bar="W1.T @ a1_bar + W2.T @ a2_bar")
    verdict = run(checker, answers, columbia_spring_network())
    assert verdict.status == "partial"
    assert verdict.evidence["diagnoses"] == {"x_bar": "missing_term"}
    assert "missing 1 of the 3 contributions" in verdict.feedback
    assert "`y`" not in verdict.feedback  # the missing path (a graph edge, and the missing term) is not named


def test_all_unreadable_is_invalid_but_one_typo_is_not(checker):
    verdict = run(checker, {"g_bar": "W3.T @@ y_bar", "x_bar": ["not", "an", "expression"]}, columbia_spring_network())
    assert verdict.status == "invalid"
    verdict = run(checker, dict(SPRING_CORRECT, g_bar="W3.T @@ y_bar"), columbia_spring_network())
    assert verdict.status == "partial"
    step = next(s for s in verdict.evidence["steps"] if s["answer"] == "g_bar")
    assert step["status"] == "unreadable" and step["details"]["position"] is not None


def test_instances_are_deterministic_per_seed_and_item(checker):
    spec = columbia_spring_network()
    first = run(checker, SPRING_CORRECT, spec, seed=3).evidence["dims"]
    assert run(checker, SPRING_CORRECT, spec, seed=3).evidence["dims"] == first
    assert run(checker, SPRING_CORRECT, spec, seed=4).evidence["dims"] != first


def test_answer_names_must_be_nodes(checker):
    with pytest.raises(ReferenceProblem, match="names no node"):
        run(checker, {"q_bar": "x"}, columbia_spring_network())
    verdict = run(checker, {"dl_dz1": "z2_bar * 5 * step(z1)"}, nyu_network(), nodes={"dl_dz1": "z1"})
    assert verdict.status == "passed"


def test_bad_reference_is_a_reference_problem(checker):
    with pytest.raises(ReferenceProblem):
        run(checker, {"x_bar": "x"}, 42)
    with pytest.raises(ReferenceProblem):
        run(checker, {"x_bar": "x"}, {"tensors": [], "steps": [{"name": "a", "expression": "W @ x"}]})


def test_options_are_validated():
    options = checker_class("backprop").Options
    with pytest.raises(ValidationError):
        options(step_credit={"transposed": 2})
    with pytest.raises(ValidationError):
        options(chain_wieght=1)


def test_nyu_bce_gradient_with_a_dropped_one_over_k(checker):
    spec = nyu_network("tanh", "sigmoid", "bce")
    right = run(checker, {"y_hat_bar": "(-y / y_hat + (1 - y) / (1 - y_hat)) / K"}, spec)
    assert right.status == "passed"
    dropped = run(checker, {"y_hat_bar": "-y / y_hat + (1 - y) / (1 - y_hat)"}, spec, repairs=Repairs(factors=("1/K",)))
    step = dropped.evidence["steps"][0]
    assert step["diagnosis"] == "constant_factor" and step["details"]["factor"] == "K"
    # per step too, a factor the rubric does not list is no diagnosis, and two slips are two slips
    unlisted = run(checker, {"y_hat_bar": "-y / y_hat + (1 - y) / (1 - y_hat)"}, spec)
    assert unlisted.evidence["steps"][0].get("diagnosis") != "constant_factor"
    both = run(checker, {"y_hat_bar": "y / y_hat - (1 - y) / (1 - y_hat)"}, spec, repairs=Repairs(factors=("1/K",)))
    assert both.evidence["steps"][0]["diagnosis"] == "two_slips"


# ---------------------------------------------------------------- the rubric examples of the docs

EXAMPLE_RUBRIC = r"""
[assignment]
id = "backprop-examples"
title = "Backprop examples"
seed = 7

# ---- Columbia 1.2 computation graph (spring) --------------------------------------------
[[items]]
id = "1.2-graph"
question = "1.2"
title = "Computation graph"
points = 5
kind = "graph"
answers = ["computation_graph"]
reference = "backprop:columbia_spring_network"
prompt = "Edges relating x, t, a1, c1, a2, c2, g, y, y' (y_prime), S and J, e.g. [\"x -> a1\", \"a1 -> c1\"]. Weights and biases may be left out."
[items.options]
parameters = "optional"        # the staff key: weights and biases are not required
scoring = "per_edge"           # 1 - (missing + extra) / 12

# ---- Columbia 1.2 backward pass (spring: g = c1 * c2) ------------------------------------
[[items]]
id = "1.2-backward-spring"
question = "1.2"
title = "Backward pass down to x_bar (spring network)"
points = 5
kind = "backprop"
answers = ["y_prime_bar", "y_bar", "g_bar", "c1_bar", "c2_bar", "a1_bar", "a2_bar", "x_bar"]
reference = "backprop:columbia_spring_network"
prompt = "One expression per adjoint. Vectors are columns; * is elementwise, @ the matrix product, .T the transpose; step(a) is ReLU'(a), softmax_jacobian(y) is softmax'(y)."
[items.options]
chain_weight = 1
step_credit = { transposed = 0.5, wrong_node = 0.5, constant_factor = 0.5, missing_term = 0.5, sign_error = 0.5 }

# ---- Columbia 1.2 backward pass (fall: u = a1 + a2, g = Wg [c1; c2] + bg) ---------------
[[items]]
id = "1.2-backward-fall"
question = "1.2"
title = "Backward pass down to x_bar (fall network)"
points = 5
kind = "backprop"
answers = ["y_prime_bar", "y_bar", "g_bar", "c1_bar", "c2_bar", "u_bar", "a2_bar", "a1_bar", "x_bar"]
reference = "backprop:columbia_fall_network"
prompt = "As above; Wg = [Wg1 Wg2], where Wg1 multiplies c1 and Wg2 multiplies c2."
[items.options]
step_credit = { transposed = 0.5, wrong_node = 0.5 }

# ---- Toronto CSC413 A1 2.1.2 -------------------------------------------------------------
[[items]]
id = "2.1.2"
question = "2.1.2"
title = "Backward pass (z1, h1, z2, h2)"
points = 6
kind = "backprop"
answers = ["y_prime_bar", "y_bar", "g_bar", "h1_bar", "h2_bar", "z1_bar", "z2_bar", "x_bar"]
reference = "backprop:toronto_network"
[items.options]
step_credit = { transposed = 0.5 }

# ---- NYU hw1 1.4: one Jacobian as a single matrix expression -----------------------------
[[items]]
id = "nyu-1.4-dz2-dz1"
question = "1.4"
title = "dz2/dz1 for f = 5 ReLU"
points = 2
kind = "matrix_expression"
answers = ["dz2_dz1"]
reference = "backprop:quantity"
constants = { network_name = "nyu", kind = "jacobian", of = "z2", wrt = "z1" }
prompt = "A matrix expression in x, W1, b1, z1, ...; e.g. diag(...), step(...), eye(H)."
partial_credit = { constant_factor = 0.5 }
repairs = { factors = ["5"] }
[items.options]
instances = 3
"""


def _example_items():
    import tomllib

    from grader.references import evaluate
    from grader.rubric import parse_rubric

    rubric = parse_rubric(tomllib.loads(EXAMPLE_RUBRIC), "example")
    return {item.id: (item, evaluate(item.reference_call(), rubric.parameters)) for item in rubric.items}


def test_example_rubric_items_grade_through_the_pipeline():
    from grader.grading import Alternatives, Expected, grade_item

    items = _example_items()

    def grade(item_id, answers):
        item, expected = items[item_id]
        return grade_item(item, answers, None, Expected(expected), Alternatives(), CheckContext(item_id=item_id, seed=7))

    assert grade("1.2-backward-spring", SPRING_CORRECT).score == 5
    fall = grade("1.2-backward-fall", SEED_002)
    # 5 of 9 steps + 2 halves (transposed) + 1 half (wrong_node), chain wrong: 6.5 / 10 of 5 points
    assert fall.status == "partial" and fall.score == pytest.approx(5 * 6.5 / 10)
    toronto = {"y_prime_bar": "-t / y_prime", "y_bar": "y_prime - t", "g_bar": "W3.T @ y_bar", "h1_bar": "g_bar * h2",
               "h2_bar": "g_bar * h1", "z1_bar": "h1_bar * step(z1)", "z2_bar": "h2_bar * h2 * (1 - h2)",
               "x_bar": "W1.T @ z1_bar + W2.T @ z2_bar + W4.T @ y_bar"}
    assert grade("2.1.2", toronto).score == 6
    graph = grade("1.2-graph", {"computation_graph": ["x -> a1 -> c1 -> g -> y -> y_prime -> S -> J", "x -> a2 -> c2 -> g", "t -> S"]})
    assert graph.status == "partial" and graph.evidence["missing"] == 1  # counted, not named
    assert grade("nyu-1.4-dz2-dz1", {"dz2_dz1": "5 * diag(step(z1))"}).score == 2
    dropped = grade("nyu-1.4-dz2-dz1", {"dz2_dz1": "diag(step(z1))"})
    assert dropped.diagnosis == "constant_factor" and dropped.score == 1


def test_a_missing_relu_derivative_is_missing_not_evaluated_at_the_wrong_node(checker):
    # relu' at c2 (a sigmoid output, positive everywhere) is 1: numerically the same as no derivative at all
    missing = run(checker, {**SPRING_CORRECT, "a1_bar": "c1_bar"}, columbia_spring_network())
    step = next(s for s in missing.evidence["steps"] if s["answer"] == "a1_bar")
    assert step["diagnosis"] == "missing_derivative" and "wrong node" not in step["feedback"]
    # a derivative that is there, at another node, is still the wrong node
    elsewhere = run(checker, {**SPRING_CORRECT, "a1_bar": "c1_bar * step(c1)"}, columbia_spring_network())
    step = next(s for s in elsewhere.evidence["steps"] if s["answer"] == "a1_bar")
    assert step["diagnosis"] == "wrong_node"


def test_a_step_that_reads_but_cannot_be_evaluated_costs_only_that_step(checker):
    # a bare identity in a vector step has no size: that step is unreadable, the others are graded
    answers = {**SPRING_CORRECT, "a2_bar": "I"}
    verdict = run(checker, answers, columbia_spring_network())
    assert verdict.status == "partial"
    steps = {step["answer"]: step for step in verdict.evidence["steps"]}
    assert steps["a2_bar"]["status"] == "unreadable" and "eye(n)" in steps["a2_bar"]["feedback"]
    assert all(step["status"] == "correct" for name, step in steps.items() if name != "a2_bar")
