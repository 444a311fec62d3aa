"""The matrix evaluator: shapes, functions, reverse mode, comparisons and diagnoses."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from grader.expressions.matrix.comparison import compare, factor_between, transpose_variants
from grader.expressions.matrix.errors import AnswerSyntaxError, ShapeError, UnknownName, UnsupportedExpression
from grader.expressions.matrix.evaluation import evaluate
from grader.expressions.matrix.functions import FUNCTIONS
from grader.expressions.matrix.parsing import parse_matrix_answer, validate_tree
from grader.expressions.matrix.reverse_mode import backward
from grader.expressions.matrix.trees import derivative_function_calls, names_in

NAMES = ["W3", "y_bar", "c1", "c2", "x", "A", "v", "s", "t", "y", "K"]


def parse(text: str) -> ast.Expression:
    return parse_matrix_answer(text, NAMES)


@pytest.fixture
def values():
    rng = np.random.default_rng(7)
    return {
        "W3": rng.normal(size=(4, 3)),
        "y_bar": rng.normal(size=(4, 1)),
        "c1": rng.normal(size=(3, 1)),
        "c2": rng.normal(size=(3, 1)),
        "x": rng.normal(size=(5, 1)),
        "A": rng.normal(size=(3, 3)),
        "v": rng.normal(size=(3, 1)),
        "s": np.asarray(2.5),
        "y": rng.normal(size=(4, 1)),
        "t": np.eye(4)[:, [2]],
        "K": np.asarray(4.0),
    }


# ---------------------------------------------------------------- evaluation


def test_transpose_matmul_and_elementwise(values):
    result = evaluate(parse("W3.T @ y_bar"), values)
    assert result.shape == (3, 1)
    np.testing.assert_allclose(result, values["W3"].T @ values["y_bar"])
    np.testing.assert_allclose(evaluate(parse("c1 * (c1 * (1 - c1))"), values), values["c1"] ** 2 * (1 - values["c1"]))
    np.testing.assert_allclose(evaluate(parse("transpose(W3) @ y_bar"), values), values["W3"].T @ values["y_bar"])


def test_scalars_broadcast_but_vectors_do_not(values):
    np.testing.assert_allclose(evaluate(parse("s * c1 + 1"), values), 2.5 * values["c1"] + 1)
    # (1, 1) results count as scalars: v.T @ v scales a vector
    np.testing.assert_allclose(evaluate(parse("(v.T @ v) * c1"), values), (values["v"].T @ values["v"]).item() * values["c1"])
    with pytest.raises(ShapeError, match=r"cannot combine \(3, 1\) and \(1, 3\)"):
        evaluate(parse("c1 * c2.T"), values)
    with pytest.raises(ShapeError, match="no row/column broadcasting"):
        evaluate(parse("A + c1"), values)


def test_missing_transpose_is_explained_with_a_fix(values):
    with pytest.raises(ShapeError) as info:
        evaluate(parse("W3 @ y_bar"), values)
    error = info.value
    assert "`W3 @ y_bar`: cannot multiply (4, 3) by (4, 1)" in str(error)
    assert error.suggestion == "W3.T @ y_bar"
    assert error.shapes == [(4, 3), (4, 1)]


def test_elementwise_product_where_matrix_product_was_meant(values):
    with pytest.raises(ShapeError, match=r"matrix product is written with `@` and may need a transpose") as info:
        evaluate(parse("W3 * y_bar"), values)
    # the fix is kept for staff evidence but never written into the student's message
    assert info.value.suggestion == "W3.T @ y_bar" and "W3.T @ y_bar" not in str(info.value)


def test_scalar_matmul_scales_and_matrix_power_is_refused(values):
    # LaTeX juxtaposition of a scalar and a vector arrives as `@`
    np.testing.assert_allclose(evaluate(parse("1 / K @ c1"), values), values["c1"] / 4)
    np.testing.assert_allclose(evaluate(parse(r"\frac{1}{K} (c_1 - c_2)"), values), (values["c1"] - values["c2"]) / 4)
    with pytest.raises(ShapeError, match=r"cannot multiply \(3, 1\) by \(3, 1\)"):
        evaluate(parse("c1 @ c2"), values)
    with pytest.raises(UnsupportedExpression, match="ambiguous"):  # unreadable, not a shape mistake
        evaluate(parse("A ** 2"), values)
    np.testing.assert_allclose(evaluate(parse("c1 ** 2"), values), values["c1"] ** 2)
    np.testing.assert_allclose(evaluate(parse("c1 ^ 2"), values), values["c1"] ** 2)
    # a matrix that is not square has no matrix power: ** can only be elementwise there, as in numpy
    np.testing.assert_allclose(evaluate(parse("W3 ** 2"), values), values["W3"] ** 2)


def test_activation_functions(values):
    a = np.array([[-2.0], [0.0], [3.0]])
    env = {"c1": a}
    np.testing.assert_allclose(evaluate(parse("relu(c1)"), env), [[0], [0], [3]])
    np.testing.assert_allclose(evaluate(parse("max(c1, 0)"), env), [[0], [0], [3]])
    np.testing.assert_allclose(evaluate(parse("step(c1)"), env), [[0], [0], [1]])  # ReLU'(0) = 0
    np.testing.assert_allclose(evaluate(parse("relu_prime(c1)"), env), [[0], [0], [1]])
    np.testing.assert_allclose(evaluate(parse("Heaviside(c1)"), env), [[0], [0.5], [1]])  # SymPy's H(0) = 1/2
    np.testing.assert_allclose(evaluate(parse("Heaviside(c1, 0)"), env), [[0], [0], [1]])
    sig = 1 / (1 + np.exp(-a))
    np.testing.assert_allclose(evaluate(parse("sigmoid(c1)"), env), sig)
    np.testing.assert_allclose(evaluate(parse("sigmoid_prime(c1)"), env), sig * (1 - sig))
    np.testing.assert_allclose(evaluate(parse("tanh_prime(c1)"), env), 1 - np.tanh(a) ** 2)
    # no overflow warnings or NaN for large arguments
    assert np.all(np.isfinite(evaluate(parse("sigmoid(1000 * c1)"), env)))


def test_softmax_and_its_jacobian(values):
    y = values["y"]
    s = np.exp(y) / np.exp(y).sum()
    np.testing.assert_allclose(evaluate(parse("softmax(y)"), values), s)
    jacobian = evaluate(parse("softmax_jacobian(y)"), values)
    np.testing.assert_allclose(jacobian, np.diagflat(s) - s @ s.T)
    # with t one-hot, the softmax Jacobian times -t/y' is the fused y' - t
    np.testing.assert_allclose(evaluate(parse("softmax_prime(y) @ (-t / softmax(y))"), values), s - values["t"])


def test_reductions_and_structure(values):
    assert evaluate(parse("sum(c1)"), values).shape == ()
    assert evaluate(parse("trace(A)"), values) == pytest.approx(np.trace(values["A"]))
    assert evaluate(parse("diag(c1)"), values).shape == (3, 3)
    assert evaluate(parse("diag(A)"), values).shape == (3, 1)
    assert evaluate(parse("concat(c1, x)"), values).shape == (8, 1)
    np.testing.assert_allclose(evaluate(parse("eye(K)"), values), np.eye(4))
    np.testing.assert_allclose(evaluate(parse("inv(A) @ A"), values), np.eye(3), atol=1e-10)
    with pytest.raises(ShapeError, match="square"):
        evaluate(parse("trace(W3)"), values)


def test_unknown_names_and_nodes_are_errors(values):
    with pytest.raises(UnknownName):
        evaluate(validate_tree(ast.parse("zz + 1", mode="eval")), values)
    for text in ["x[0]", "x.shape", "lambda: 1", "f(x)", "x if x else x", "'a'"]:
        with pytest.raises(UnsupportedExpression):
            validate_tree(ast.parse(text, mode="eval"))


def test_hostile_sizes_are_refused_quickly(values):
    import time

    from grader.expressions.matrix.errors import MatrixEvalError

    start = time.perf_counter()
    for text in ["eye(1000)", "sum(eye(100) @ eye(100) @ eye(100)) * 0 + outer(concat(" + ", ".join(["x"] * 8) + "), concat("
                 + ", ".join(["x"] * 8) + ")) @ outer(concat(" + ", ".join(["x"] * 8) + "), concat(" + ", ".join(["x"] * 8) + "))"]:
        try:
            evaluate(parse(text), values)
        except MatrixEvalError:
            pass
    big = "concat(" + ", ".join(["x"] * 8) + ")"
    bigger = "concat(" + ", ".join([big] * 8) + ")"
    biggest = "concat(" + ", ".join([bigger] * 3) + ")"
    with pytest.raises(MatrixEvalError, match="too large"):
        evaluate(parse(f"outer({biggest}, {biggest})"), values)  # 960 x 960 entries
    with pytest.raises(MatrixEvalError):
        evaluate(parse("eye(1000)"), values)
    assert time.perf_counter() - start < 2


def test_parser_errors_become_answer_syntax_errors():
    with pytest.raises(AnswerSyntaxError) as info:
        parse("W3 @@ y_bar")
    assert info.value.position is not None
    with pytest.raises(AnswerSyntaxError, match="unknown name 'zz'"):
        parse("zz @ y_bar")
    with pytest.raises(AnswerSyntaxError, match="unknown function 'floor'"):
        parse("floor(c1)")


def test_every_function_spelling_is_accepted_by_the_parser():
    for spelling, function in FUNCTIONS.items():
        args = ", ".join(["c1"] * function.min_args)
        tree = parse(f"{spelling}({args})")
        assert tree.body.func.id == spelling


def test_names_in_ignores_function_names():
    assert names_in(parse("W3.T @ relu(y_bar) + sum(c1)")) == {"W3", "y_bar", "c1"}


def test_derivative_calls_know_their_activation():
    calls = derivative_function_calls(parse("c1 * step(c2) + sigmoid_prime(x)"))
    assert sorted(family for _, family in calls) == ["relu", "sigmoid"]


# ---------------------------------------------------------------- reverse mode


def _finite_differences(tree, values, name, bar, h=1e-6):
    grad = np.zeros_like(values[name])
    for index in np.ndindex(grad.shape):
        plus = {k: np.array(v, dtype=float) for k, v in values.items()}
        minus = {k: np.array(v, dtype=float) for k, v in values.items()}
        plus[name][index] += h
        minus[name][index] -= h
        grad[index] = np.sum(bar * (evaluate(tree, plus) - evaluate(tree, minus))) / (2 * h)
    return grad


@pytest.mark.parametrize("text", [
    "W3.T @ y_bar",
    "sigmoid(c1) * tanh(c2) + relu(c1 - 0.1)",
    "softmax(y) / (2 + exp(y))",
    "sum(t * log(softmax(y)))",
    "concat(c1, x).T @ concat(c2 * c1, x)",
    "(c1 - c2) ** 2 / s",
    "s @ c1 + c2 @ s",
    "max(c1, c2) + min(c1, 0.5)",
    "trace(A @ A.T) + sum(diag(A) * c1) + sum(inv(A) @ v)",
    "mean(sqrt(exp(c1)))",
])
def test_backward_matches_finite_differences(text, values):
    tree = parse(text)
    out = evaluate(tree, values)
    bar = np.random.default_rng(3).normal(size=out.shape)
    grads = backward(tree, values, bar)
    for name in names_in(tree):
        expected = _finite_differences(tree, values, name, bar)
        np.testing.assert_allclose(grads[name], expected, rtol=1e-5, atol=1e-6, err_msg=f"d/d{name} of {text}")


def test_backward_derivative_at_another_value(values):
    tree = parse("sigmoid(c1)")
    call = tree.body
    grads = backward(tree, values, np.ones((3, 1)), derivative_at={id(call): values["c2"]})
    s = 1 / (1 + np.exp(-values["c2"]))
    np.testing.assert_allclose(grads["c1"], s * (1 - s))


# ---------------------------------------------------------------- comparison


def _environments(count=3):
    rng = np.random.default_rng(11)
    envs = []
    for k, (rows, cols) in enumerate([(4, 3), (5, 2), (3, 6)][:count]):
        envs.append({"W": rng.normal(size=(rows, cols)), "d": rng.normal(size=(rows, 1)), "B": rng.normal(size=(cols, cols)),
                     "u": rng.normal(size=(cols, 1)), "K": np.asarray(float(rows))})
    return envs


def _expected(text, envs):
    tree = parse_matrix_answer(text, ["W", "d", "B", "u", "K"])
    return [evaluate(tree, env) for env in envs]


def _compare(answer, reference, **kwargs):
    envs = _environments()
    tree = parse_matrix_answer(answer, ["W", "d", "B", "u", "K"])
    return compare(tree, envs, _expected(reference, envs), dims=[{"K": int(e["K"])} for e in envs], **kwargs)


def test_equivalent_forms_pass():
    assert _compare("(d.T @ W).T", "W.T @ d").correct
    assert _compare("W.T @ d + 0", "W.T @ d").correct
    assert _compare("B.T @ u * 2", "(u.T @ B).T + transpose(B) @ u").correct


def test_missing_transpose_is_diagnosed_from_the_shape_error():
    result = _compare("W @ d", "W.T @ d")
    assert (result.correct, result.diagnosis) == (False, "transposed")
    assert result.evidence["fix"] == "transpose W"


def test_transpose_of_a_square_matrix_is_diagnosed_from_the_values():
    result = _compare("B @ u", "B.T @ u")
    assert (result.correct, result.diagnosis) == (False, "transposed")


def test_row_vector_for_column_vector():
    result = _compare("d.T @ W", "W.T @ d")
    assert result.diagnosis == "transposed"
    assert _compare("d.T @ W", "W.T @ d", accept_transposed_vector=True).correct


def test_sign_and_constant_factors():
    assert _compare("-W.T @ d", "W.T @ d").diagnosis == "sign_error"
    result = _compare("W.T @ d / 2", "W.T @ d")
    assert result.diagnosis == "constant_factor"
    assert result.evidence["factor"] == "1/2"
    # a dropped 1/K is K times the answer, with K different at each instance
    result = _compare("W.T @ d", "W.T @ d / K")
    assert result.diagnosis == "constant_factor"
    assert result.evidence["factor"] == "K"


def test_unrelated_answer_has_no_diagnosis():
    result = _compare("W.T @ (d * d)", "W.T @ d")
    assert (result.correct, result.diagnosis) == (False, None)


def test_nan_answers_are_not_correct():
    result = _compare("sum(log(-(d * d) - 1)) * 0 + W.T @ d", "W.T @ d")
    assert not result.correct
    assert result.diagnosis == "not_finite"


def test_factor_between_rejects_non_proportional_values():
    a = [np.array([[1.0], [2.0]])]
    assert factor_between([np.array([[2.0], [4.0]])], a).constant == 2
    assert factor_between([np.array([[2.0], [5.0]])], a) is None
    assert factor_between(a, a) is None


def test_transpose_variants_toggle_one_transpose_at_a_time():
    tree = parse_matrix_answer("A.T @ v + A @ v", ["A", "v"])
    labels = [label for label, _ in transpose_variants(tree, {"A": (3, 3), "v": (3, 1)})]
    # the existing A.T may be removed; the bare A and both v may gain one; scalars never change
    assert sorted(labels) == ["remove the transpose of A", "transpose A", "transpose v", "transpose v"]


def test_random_expressions_raise_only_matrix_errors():
    """Fuzz: any tree of the language evaluates or raises MatrixEvalError, forward and backward."""
    import random

    from grader.expressions.matrix.errors import MatrixEvalError

    rng = np.random.default_rng(0)
    env = {"A": rng.normal(size=(3, 3)), "B": rng.normal(size=(3, 4)), "v": rng.normal(size=(3, 1)),
           "w": rng.normal(size=(4, 1)), "s": np.asarray(0.7), "K": np.asarray(3.0)}
    spellings = sorted(FUNCTIONS)
    pick = random.Random(1)

    def generate(depth):
        if depth <= 0 or pick.random() < 0.25:
            return pick.choice(list(env) + ["0", "1", "2.5", "-1"])
        roll = pick.random()
        if roll < 0.4:
            return f"({generate(depth - 1)} {pick.choice(['+', '-', '*', '/', '@', '**'])} {generate(depth - 1)})"
        if roll < 0.5:
            return f"({generate(depth - 1)}).T"
        if roll < 0.6:
            return f"-{generate(depth - 1)}"
        function = FUNCTIONS[pick.choice(spellings)]
        count = pick.randint(function.min_args, function.max_args)
        return f"{function.name}({', '.join(generate(depth - 1) for _ in range(count))})"

    evaluated = 0
    for _ in range(1500):
        tree = validate_tree(ast.parse(generate(4), mode="eval"))
        try:
            out = evaluate(tree, env)
            backward(tree, env, np.ones_like(out))
            evaluated += 1
        except MatrixEvalError:
            pass
    assert evaluated > 500


@pytest.mark.parametrize("text, reduce", [
    ("sum(W3, axis=1)", lambda a: a.sum(axis=1)), ("np.sum(W3, axis=0)", lambda a: a.sum(axis=0)),
    ("mean(W3, 1)", lambda a: a.mean(axis=1)), ("np.mean(W3, axis=-2, keepdims=True)", lambda a: a.mean(axis=0)),
])
def test_sums_and_means_along_an_axis_are_column_vectors(values, text, reduce):
    np.testing.assert_allclose(evaluate(parse(text), values), reduce(values["W3"]).reshape(-1, 1))


@pytest.mark.parametrize("text", ["sum(W3, axis=2)", "sum(W3, 1, axis=1)", "sum(W3, where=W3)"])
def test_other_keywords_are_refused(text):
    with pytest.raises(AnswerSyntaxError, match="keyword arguments"):
        parse(text)
