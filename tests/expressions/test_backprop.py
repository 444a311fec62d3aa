"""Forward specs, reference adjoints and step-by-step grading of backward passes."""

from __future__ import annotations

import numpy as np
import pytest

from grader.expressions.graph.declarations import Step, Tensor
from grader.expressions.graph.grading import grade_backward_pass
from grader.expressions.graph.instances import sample_instance, sample_instances, verify_reference
from grader.expressions.graph.spec import ForwardSpec
from nn_reference.backprop import columbia_fall_network, columbia_spring_network, nyu_network, toronto_network

SPRING_STAFF = {
    "y_prime_bar": "-t / y_prime",
    "y_bar": "softmax_jacobian(y).T @ y_prime_bar",
    "g_bar": "W3.T @ y_bar",
    "c1_bar": "g_bar * c2",
    "c2_bar": "g_bar * c1",
    "a1_bar": "c1_bar * step(a1)",
    "a2_bar": "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))",
    "x_bar": "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar",
}

FALL_CORRECT = {
    "y_prime_bar": "-t / y_prime",
    "y_bar": "y_prime - t",
    "g_bar": "W3.T @ y_bar",
    "c1_bar": "Wg1.T @ g_bar",
    "c2_bar": "Wg2.T @ g_bar",
    "u_bar": "c2_bar * step(u)",
    "a2_bar": "u_bar",
    "a1_bar": "u_bar + c1_bar * c1 * (1 - c1)",
    "x_bar": "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar",
}

#: seed 002's backward pass, written in the answer language
SEED_002 = {
    "y_prime_bar": "t - y",                            # s_bar (y - t): not the adjoint of y'
    "y_bar": "softmax_prime(y) @ y_prime_bar",         # right, given the reference y'_bar
    "g_bar": "W3.T @ y_bar",
    "c1_bar": "Wg1 @ g_bar",                           # missing transpose
    "c2_bar": "Wg2 @ g_bar",                           # missing transpose
    "u_bar": "c2_bar * relu_prime(c2)",                # ReLU' at the wrong node
    "a2_bar": "u_bar",
    "a1_bar": "u_bar + c1_bar * sigmoid_prime(a1)",
    "x_bar": "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar",
}


@pytest.fixture(scope="module")
def spring():
    spec = columbia_spring_network()
    return spec, sample_instances(spec, np.random.default_rng(2024), 2)


@pytest.fixture(scope="module")
def fall():
    spec = columbia_fall_network()
    return spec, sample_instances(spec, np.random.default_rng(2025), 2)


def _grade(setup, answers, **kwargs):
    spec, instances = setup
    report = grade_backward_pass(spec, answers, instances, **kwargs)
    return {step.answer: step for step in report.steps}, report


# ---------------------------------------------------------------- specs and instances


def test_spec_rejects_undefined_and_repeated_names():
    x = Tensor(name="x", shape=("D", 1), role="input")
    # SpecError is a ValueError, which pydantic reports as a validation error of the spec
    with pytest.raises(ValueError, match="before they are defined"):
        ForwardSpec(tensors=(x,), steps=(Step(name="a", expression="W @ x"),))
    with pytest.raises(ValueError, match="defined twice"):
        ForwardSpec(tensors=(x,), steps=(Step(name="x", expression="x"),))
    with pytest.raises(ValueError, match="adjoint suffix"):
        ForwardSpec(tensors=(x,), steps=(Step(name="a_bar", expression="sum(x)"),))
    with pytest.raises(ValueError, match="cannot parse"):
        ForwardSpec(tensors=(x,), steps=(Step(name="a", expression="x +"),))


def test_instances_have_distinct_dimensions_so_weights_are_not_square(spring):
    spec, instances = spring
    for instance in instances:
        assert len(set(instance.dims.values())) == len(instance.dims) == 3
        for name in ("W1", "W2", "W3", "W4"):
            rows, cols = instance.values[name].shape
            assert rows != cols
        # t is one-hot, so y' - t is the fused softmax-cross-entropy gradient
        assert instance.values["t"].sum() == 1 and set(np.unique(instance.values["t"])) == {0.0, 1.0}
    assert instances[0].dims != instances[1].dims


def test_relu_arguments_have_both_signs_and_avoid_the_kink(spring, fall):
    for spec, instances, node in (*(s + ("a1",) for s in [spring]), *(f + ("u",) for f in [fall])):
        for instance in instances:
            value = instance.values[node]
            assert (value > 0).any() and (value < 0).any()
            assert np.abs(value).min() >= 0.05


@pytest.mark.parametrize("build", [columbia_spring_network, columbia_fall_network, toronto_network,
                                   lambda: nyu_network("5relu", "identity", "mse"),
                                   lambda: nyu_network("tanh", "sigmoid", "mse"),
                                   lambda: nyu_network("tanh", "sigmoid", "bce")])
def test_reverse_mode_agrees_with_finite_differences(build):
    spec = build()
    for instance in sample_instances(spec, np.random.default_rng(5), 2):
        for tensor in spec.tensors:
            if tensor.role != "target":
                verify_reference(spec, instance, tensor.name)


def test_adjoint_terms_sum_to_the_adjoint(spring):
    spec, instances = spring
    terms = instances[0].terms["x"]
    assert sorted(t.via for t in terms) == ["a1", "a2", "y"]
    np.testing.assert_allclose(sum(t.value for t in terms), instances[0].adjoints["x"])


def test_jacobian_of_five_relu_is_five_times_the_step_diagonal():
    spec = nyu_network()
    instance = sample_instance(spec, np.random.default_rng(1))
    z1 = instance.values["z1"]
    np.testing.assert_allclose(spec.jacobian(instance.values, "z2", "z1"), 5 * np.diagflat(z1 > 0))
    np.testing.assert_allclose(spec.jacobian(instance.values, "z3", "z2"), instance.values["W2"])


def test_default_answer_names_run_from_the_loss_back_to_the_input():
    assert columbia_spring_network().answer_names() == [
        "S_bar", "y_prime_bar", "y_bar", "g_bar", "c2_bar", "a2_bar", "c1_bar", "a1_bar", "x_bar"]


# ---------------------------------------------------------------- grading


def test_staff_spring_answer_passes_every_step(spring):
    steps, report = _grade(spring, SPRING_STAFF)
    assert all(step.correct for step in steps.values()), {a: s.feedback for a, s in steps.items() if not s.correct}
    assert report.chain is not None and report.chain.correct and report.chain.target == "x"
    assert report.fraction() == 1.0


@pytest.mark.parametrize("answer,text", [
    ("y_bar", "y_prime - t"),                       # fused form
    ("y_bar", "softmax_prime(y) @ (S_bar * t / y_prime)"),
    ("y_prime_bar", "S_bar * t / y_prime"),
    ("a1_bar", "c1_bar * relu_prime(a1)"),
    ("a1_bar", "c1_bar * Heaviside(a1)"),
    ("a2_bar", "c2_bar * c2 * (1 - c2)"),
    ("a2_bar", "c2_bar * sigmoid_prime(a2)"),
    ("c1_bar", "(W3.T @ y_bar) * c2"),               # skipping an intermediate adjoint
    ("x_bar", "W4.T @ y_bar + W2.T @ a2_bar + W1.T @ a1_bar"),
    ("x_bar", "(y_bar.T @ W4 + a1_bar.T @ W1 + a2_bar.T @ W2).T"),
])
def test_equivalent_forms_are_accepted(spring, answer, text):
    steps, _ = _grade(spring, {answer: text})
    assert steps[answer].correct, steps[answer].feedback


def test_seed_002_slips_are_diagnosed_per_step_and_later_steps_keep_credit(fall):
    steps, report = _grade(fall, SEED_002)
    verdicts = {answer: (step.status, step.diagnosis) for answer, step in steps.items()}
    assert verdicts == {
        "y_prime_bar": ("wrong", None),
        "y_bar": ("correct", None),
        "g_bar": ("correct", None),
        "c1_bar": ("wrong", "transposed"),
        "c2_bar": ("wrong", "transposed"),
        "u_bar": ("wrong", "wrong_node"),
        "a2_bar": ("correct", None),
        "a1_bar": ("correct", None),
        "x_bar": ("correct", None),
    }
    assert steps["u_bar"].evidence == {"function": "relu", "evaluated_at": "c2"}
    assert steps["c1_bar"].evidence["fix"] == "transpose Wg1"
    assert report.chain is not None and not report.chain.correct
    assert report.fraction() == pytest.approx(5 / 10)
    assert report.fraction(step_credit={"transposed": 0.5}) == pytest.approx(6 / 10)


def test_correct_fall_pass_and_chain(fall):
    steps, report = _grade(fall, FALL_CORRECT)
    assert all(step.correct for step in steps.values()), {a: s.feedback for a, s in steps.items() if not s.correct}
    assert report.chain.correct


def test_missing_transpose_is_caught(spring):
    steps, _ = _grade(spring, {"g_bar": "W3 @ y_bar"})
    assert steps["g_bar"].diagnosis == "transposed"
    assert "cannot multiply" in steps["g_bar"].feedback


def test_x_bar_without_the_w4_path_is_a_missing_term(spring):
    steps, _ = _grade(spring, {"x_bar": "W1.T @ a1_bar + W2.T @ a2_bar"})
    step = steps["x_bar"]
    assert step.diagnosis == "missing_term"
    assert step.evidence == {"missing_via": ["y"], "present_via": ["a1", "a2"]}


def test_fall_a1_bar_without_the_u_path_is_a_missing_term(fall):
    steps, _ = _grade(fall, {"a1_bar": "c1_bar * c1 * (1 - c1)"})
    assert steps["a1_bar"].diagnosis == "missing_term"
    assert steps["a1_bar"].evidence["missing_via"] == ["u"]


def test_extra_term_is_named(spring):
    steps, _ = _grade(spring, {"x_bar": "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar + W1.T @ c1_bar"})
    assert steps["x_bar"].diagnosis == "extra_term"
    assert steps["x_bar"].evidence == {"extra_terms": ["W1.T @ c1_bar"]}


@pytest.mark.parametrize("text,evaluated_at", [
    ("c2_bar * sigmoid_prime(c2)", "c2"),        # value differs: found among the alternatives
    ("c2_bar * c2 * (1 - c2) * 0 + c2_bar * sigmoid(c2) * (1 - sigmoid(c2))", "c2"),
])
def test_sigmoid_derivative_at_the_wrong_node(spring, text, evaluated_at):
    steps, _ = _grade(spring, {"a2_bar": text})
    assert steps["a2_bar"].diagnosis == "wrong_node"
    assert steps["a2_bar"].evidence["evaluated_at"] == evaluated_at


@pytest.mark.parametrize("text", ["c1_bar * step(c1)", "c1_bar * Heaviside(c1)", "c1_bar * drelu(c1)"])
def test_relu_derivative_at_its_output_is_wrong_node_even_when_values_agree(spring, text):
    steps, _ = _grade(spring, {"a1_bar": text})
    assert steps["a1_bar"].diagnosis == "wrong_node"
    assert steps["a1_bar"].evidence["evaluated_at"] == "c1"


def test_fused_gradient_given_for_y_prime_bar_is_the_adjoint_of_y(spring):
    steps, _ = _grade(spring, {"y_prime_bar": "y_prime - t"})
    assert steps["y_prime_bar"].diagnosis == "other_adjoint"
    assert steps["y_prime_bar"].evidence == {"equals_adjoint_of": "y", "sign": 1}


def test_sign_and_factor_slips(spring):
    steps, _ = _grade(spring, {"c2_bar": "-g_bar * c1", "a2_bar": "2 * c2_bar * c2 * (1 - c2)"})
    assert steps["c2_bar"].diagnosis == "sign_error"
    assert steps["a2_bar"].diagnosis == "constant_factor"
    assert steps["a2_bar"].evidence["factor"] == "2"


def test_answers_may_only_use_adjoints_of_later_nodes(spring):
    steps, report = _grade(spring, {"a1_bar": "a1_bar", "c1_bar": "g_bar * c2", "x_bar": "x_bar"})
    assert steps["a1_bar"].diagnosis == "circular"
    assert steps["x_bar"].diagnosis == "circular"
    assert steps["c1_bar"].correct
    assert not report.chain.correct


def test_numbers_and_unreadable_answers(spring):
    steps, report = _grade(spring, {"S_bar": -1, "J_bar": 1.0, "g_bar": "W3.T @@ y_bar", "x_bar": SPRING_STAFF["x_bar"]})
    assert steps["S_bar"].correct and steps["J_bar"].correct
    assert steps["g_bar"].status == "unreadable"
    assert "could not be read" in steps["g_bar"].feedback
    assert steps["x_bar"].correct
    assert not report.chain.correct and report.chain.broken_at == "g_bar"


def test_chain_uses_the_students_own_steps(spring):
    # each step right on its own, but g_bar is wrong: the composed x_bar is then wrong
    answers = dict(SPRING_STAFF, g_bar="W3.T @ y_bar * 2")
    steps, report = _grade(spring, answers)
    assert steps["g_bar"].diagnosis == "constant_factor"
    assert all(steps[a].correct for a in answers if a != "g_bar")
    assert not report.chain.correct


def test_toronto_names(spring):
    spec = toronto_network()
    instances = sample_instances(spec, np.random.default_rng(3), 2)
    answers = {"h1_bar": "g_bar * h2", "z1_bar": "h1_bar * step(z1)", "z2_bar": "h2_bar * h2 * (1 - h2)",
               "h2_bar": "g_bar * h1", "x_bar": "W1.T @ z1_bar + W2.T @ z2_bar + W4.T @ y_bar"}
    report = grade_backward_pass(spec, answers, instances)
    assert all(step.correct for step in report.steps)
    assert report.chain.correct


def test_one_node_name_where_another_belongs_is_wrong_node(spring):
    # col-bp-10: the product rule of g = c1 * c2 paired with the wrong factor; replacing that one
    # name repairs the step (rubric step_credit wrong_node), and the feedback never names c2
    steps, _ = _grade(spring, {"c1_bar": "g_bar * c1"})
    step = steps["c1_bar"]
    assert step.diagnosis == "wrong_node" and step.evidence == {"wrong_name": "c1"}
    assert "c2" not in step.feedback
    # a derivative simply missing is no single name away from the answer
    assert _grade(spring, {"a2_bar": "c2_bar"})[0]["a2_bar"].diagnosis != "wrong_node"
