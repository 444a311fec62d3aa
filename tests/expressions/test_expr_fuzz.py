"""Property tests: whatever the text, the parser returns a whitelisted tree or raises ExpressionError, fast.

An accepted tree then evaluates (floats and mpmath) without anything but the
evaluator's own exceptions, also fast.
"""

from __future__ import annotations

import ast
import time
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.expressions.numeric import FLOAT, MP, NotExact, OutOfRange, Undefined, Unsupported, compile_tree
from grader.expressions.parser import ExpressionError, parse_expression, parse_relation

NAMES = ["x", "n", "m", "sigma", "W_1", "y_bar"]
ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Constant, ast.Load, ast.Add,
                 ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd, ast.MatMult, ast.Attribute, ast.Compare,
                 ast.BoolOp, ast.And, ast.Or, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
TOKENS = ["x", "n", "m", "sigma", "e", "pi", "0", "1", "2", "9", "10", "0.5", "1e9", "+", "-", "*", "/", "**", "^",
          "(", ")", "[", "]", "{", "}", "|", "!", ",", ".", "=", "<", ">", "_", "'", " ", "@", ".T", "exp(", "log(",
          "sqrt(", "factorial(", "max(", "O(", "\\frac", "\\sqrt", "\\left(", "\\right)", "\\left|", "\\right|",
          "\\sigma", "\\lambda", "\\cdot", "\\times", "^{", "_{", "\\bar{", "\\mathbf{", "\\operatorname{", "\\log",
          "\\exp", "\\top", "$", "%", "&", "\\\\", "\\begin{x}", "\\mathcal{O}", "\\geq", "\\text{and}", "and", "or",
          "lambda", "__import__", "'s'", "[0]", "\x00", "σ", "−", "²", "ｅ",
          # the notation of issue 14: implicit products, indicators, norms, primes, positive parts, NumPy calls
          "nm", "xn", "3mn", "sigman", "||", "\\|", "\\lVert", "\\rVert", "_2", "^+", "'", "relu'(", "tanh'(", "\\sigma'(",
          "1[", "I(", "\\mathbb{1}", "\\mathbb{I}", "1_{", "\\{", "\\}", "step(", "H(", "sech(", "softplus(", "log1p(",
          "norm(", "np.", "np.linalg.inv(", "np.dot(", "torch.", "⊙", "∘", "ᵀ", "⁺", "𝟙", "‖", ">=", "<=", "\\geq", "^T",
          "^{(1)}", "^{(1)\\top}", "I_n", "eye(", "diag(", "pinv(", "\\odot", "\\circ", "1e-3", "**", "(z > 0)", "e^{-",
          "sigma(", "σ(", "\\text{ReLU}", "'", ")(", ".dot(", ".transpose()", "L = ", "E[loss] =", "when ", " in ",
          "[-1, 1]", "\\in", "∈", "\\delta_", "delta_x", "w_1", "_+", "√", "\\log_2", "log_2(", "max{", " if ",
          " else ", "np.where(", "1/2n", "/2(", "\\max\\{"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


def _check_parse(parse, text: str, **kwargs) -> ast.Expression | None:
    start = time.process_time()
    try:
        tree = parse(text, NAMES, **kwargs)
    except ExpressionError as error:
        assert str(error)
        assert error.position is not None and 0 <= error.position <= max(len(text), 2000)
        assert "column" in str(error)
        # every "could not read" suggests a form that itself parses, for the same item
        assert error.suggestion is not None and error.suggestion in str(error)
        parse(error.suggestion, NAMES, **kwargs)
        tree = None
    assert time.process_time() - start < 1.0
    if tree is not None:
        assert isinstance(tree, ast.Expression)
        for node in ast.walk(tree):
            assert isinstance(node, ALLOWED_NODES), type(node)
            if isinstance(node, ast.Constant):
                assert type(node.value) in (int, float)
            if isinstance(node, ast.Attribute):
                assert node.attr == "T"
    return tree


def _check_evaluation(tree: ast.Expression) -> None:
    point = {"x": Fraction(3, 2), "n": Fraction(7), "m": Fraction(-2), "sigma": Fraction(1, 3), "W_1": Fraction(2),
             "y_bar": Fraction(5)}
    for backend in (FLOAT, MP):
        start = time.process_time()
        try:
            compile_tree(tree, backend)(backend.env(point))
        except (Undefined, OutOfRange, NotExact, Unsupported):
            pass
        assert time.process_time() - start < 1.0


@SETTINGS
@given(st.text(max_size=300))
def test_any_unicode_text(text):
    _check_parse(parse_expression, text)


@SETTINGS
@given(token_soup)
def test_expression_like_soup(text):
    tree = _check_parse(parse_expression, text)
    if tree is not None:
        _check_evaluation(tree)


@SETTINGS
@given(token_soup)
def test_matrix_mode_soup(text):
    _check_parse(parse_expression, text, matrix_ops=True)


@SETTINGS
@given(token_soup)
def test_matrix_language_soup(text):
    """The matrix checkers' own function table (eye, pinv, norm, step...) and the evaluator's identity."""
    import numpy as np

    from grader.expressions.matrix.errors import AnswerSyntaxError, MatrixEvalError
    from grader.expressions.matrix.evaluation import evaluate
    from grader.expressions.matrix.parsing import parse_matrix_answer

    names = ["X", "y", "v", "n", "x"]
    start = time.process_time()
    try:
        tree = parse_matrix_answer(text, names)
    except AnswerSyntaxError as error:
        assert "column" in str(error) and error.suggestion is not None
        parse_matrix_answer(error.suggestion, names)
        return
    values = {"X": np.arange(6.0).reshape(3, 2), "y": np.ones((3, 1)), "v": np.ones((2, 1)), "n": np.asarray(2.0),
              "x": np.asarray(0.5)}
    try:
        evaluate(tree, values)
    except MatrixEvalError:
        pass
    assert time.process_time() - start < 2.0


@SETTINGS
@given(token_soup)
def test_relation_soup(text):
    _check_parse(parse_relation, text)


@SETTINGS
@given(st.recursive(
    st.sampled_from(["x", "n", "2", "9", "0.5", "sigma"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", "^"]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(st.sampled_from(["exp", "log", "sqrt", "tanh", "factorial", "abs"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
        inner.map(lambda s: f"-{s}"),
    ),
    max_leaves=25,
))
def test_well_formed_expressions_parse_or_hit_a_bound_and_evaluate_safely(text):
    tree = _check_parse(parse_expression, text)
    if tree is not None:
        _check_evaluation(tree)
