"""The safe parser: accepted Python-syntax forms, the whitelist, bounds, positions, hostile input."""

from __future__ import annotations

import ast
import time

import pytest

from grader.expressions.parser import (
    MAX_LENGTH,
    ExpressionError,
    parse_expression,
    parse_relation,
)

NAMES = ["sigma", "d", "n", "m", "x", "K", "y_hat", "lam", "e"]


def unparse(text: str, names=NAMES, **kwargs) -> str:
    return ast.unparse(parse_expression(text, names, **kwargs))


def error(text: str, names=NAMES, **kwargs) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, names, **kwargs)
    return info.value


@pytest.mark.parametrize("text, expected", [
    ("sigma**2*(1 - d/n)", "sigma ** 2 * (1 - d / n)"),
    ("sigma^2 - sigma^2*d/n", "sigma ** 2 - sigma ** 2 * d / n"),
    ("x^2+1", "x ** 2 + 1"),  # ^ is power with power's precedence, not xor's
    ("-x^2", "-x ** 2"),
    ("2^-1", "2 ** (-1)"),
    ("ln(x) + Abs(x)", "log(x) + abs(x)"),  # aliases become canonical names
    ("σ**2 − 1", "sigma ** 2 - 1"),  # Unicode letters and minus
    ("x²·n", "x ** 2 * n"),
    ("exp(-x)/(1+exp(-x))", "exp(-x) / (1 + exp(-x))"),
    ("pi*x + E", "pi * x + E"),
    ("max(x, 0, n)", "max(x, 0, n)"),
    ("0.5*x", "0.5 * x"),
    ("e", "e"),  # a declared symbol named e stays a symbol
])
def test_accepted_python_forms(text, expected):
    assert unparse(text) == expected


def test_e_is_euler_number_unless_declared():
    assert unparse("e**x", ["x"]) == "E ** x"
    assert unparse("e**x", ["x", "e"]) == "e ** x"


@pytest.mark.parametrize("text, fragment", [
    ("x[0]", "indexing"),
    ("().__class__", "attribute access"),
    ("x.real", "attribute access"),
    ("lambda: 0", "lambda expressions are not allowed"),
    ("[x for x in n]", "comprehensions"),
    ("(y := 2)", "':=' assignments"),
    ("'abc'", "strings are not allowed"),
    ("b'x'", "strings are not allowed"),
    ("True", "True is not allowed"),
    ("None", "None is not allowed"),
    ("1j", "complex numbers"),
    ("x if n else m", "'if ... else'"),
    ("x // n", "'//'"),
    ("x % n", "'%'"),
    ("x @ n", "only allowed in matrix answers"),
    ("x.T", "only allowed in matrix answers"),
    ("exp", "'exp' is a function"),
    ("foo(x)", "unknown function 'foo'"),
    ("__import__('os')", "unknown function '__import__'"),
    ("exp(x=1)", "keyword arguments"),
    ("exp(*x)", "starred"),
    ("exp(x, n)", "exp() takes 1 argument"),
    ("y", "unknown name 'y'"),
    ("x and n", "'and'/'or' are not allowed here"),
    ("(x", "expected ')' to close the '(' at column 1"),
    ("x)", "unexpected ')' at column 2"),
    ("x +", "ends too early"),
    ("x == 1", "are not allowed in a calculation"),
    ("", "empty"),
    ("   ", "empty"),
    ("x\x00", "U+0000"),
    ("x\u202e", "U+202E"),
    ("ｅｘｐ(x)", "is not allowed"),  # full-width letters are not silently NFKC-folded into 'exp'
])
def test_rejected_with_a_clear_message(text, fragment):
    assert fragment in str(error(text))


def test_positions_point_at_the_problem():
    assert error("x + y").position == 4
    assert error("sigma^2 + 2y").position == 11  # after the ^ -> ** rewrite, still the original column
    assert "column 12" in str(error("sigma^2 + 2y"))
    assert error("x + foo(n)").position == 4


@pytest.mark.parametrize("text, fragment", [
    ("9**9**9", "exponent too large"),
    ("9**9**9**9", "exponent too large"),
    ("2**(10**4)", "exponent too large"),
    ("(x**1000)**2", "nested powers too large"),
    ("((2**100)**100)**100", "nested powers too large"),
    ("9**max(9**9, 1)", "exponent too large"),
    ("factorial(10**9)", "factorial of a number larger than 1000"),
    ("factorial(factorial(10))", "factorial of a number larger than 1000"),
    ("10**16", "exponent"),  # fine as a power...
])
def test_power_and_factorial_bounds(text, fragment):
    if text == "10**16":
        assert unparse(text) == "10 ** 16"
        return
    assert fragment in str(error(text))


def test_literal_bounds():
    assert "number too large" in str(error("1" * 17))
    assert "number too large" in str(error("1e300*x"))
    assert "number too large" in str(error("1e400"))
    assert unparse("123456789012345") == "123456789012345"


@pytest.mark.parametrize("text", [
    "(" * 10**6,
    "(" * 1000 + "x" + ")" * 1000,
    "-" * 1500 + "x",
    "+".join(["x"] * 900),
    "x" * (MAX_LENGTH + 1),
    "9**9**9**9**9**9",
    "factorial(" * 40 + "10**9" + ")" * 40,
    "exp(" * 60 + "x" + ")" * 60,
    "{" * 10**5,
    "\\frac{" * 1000,
    "x" + "**x" * 600,
])
def test_hostile_input_fails_cleanly_and_fast(text):
    start = time.process_time()
    with pytest.raises(ExpressionError):
        parse_expression(text, NAMES)
    assert time.process_time() - start < 0.5


def test_exponential_towers_with_symbols_are_bounded_by_depth_only():
    # exp(exp(exp(x))) is a legitimate tree; evaluating it is guarded by the evaluator, not the parser
    assert unparse("exp(exp(exp(x)))") == "exp(exp(exp(x)))"


def test_names_must_be_a_collection_not_a_string():
    with pytest.raises(TypeError):
        parse_expression("x", "x")


def test_non_string_answer_is_an_expression_error():
    assert "expected the expression as a string" in str(error(3))


def test_latex_can_be_refused():
    assert "LaTeX is not accepted" in str(error(r"\frac{1}{2}", allow_latex=False))


# ---------------------------------------------------------------- the contract other modules rely on


def test_caller_functions_are_kept_as_written_and_unknown_ones_allowed():
    tree = parse_expression("ReLU(x) + step(x, 0) + softplus(x)", ["x"], functions={"ReLU", "step", "softplus"})
    assert ast.unparse(tree) == "ReLU(x) + step(x, 0) + softplus(x)"
    # a spelling the caller did not list is refused even if the table knows it
    with pytest.raises(ExpressionError, match="unknown function 'exp'"):
        parse_expression("exp(x)", ["x"], functions={"ReLU"})


def test_caller_functions_get_a_bounded_argument_count():
    with pytest.raises(ExpressionError, match="takes 1 to 8 arguments"):
        parse_expression("step(" + ", ".join(["x"] * 9) + ")", ["x"], functions={"step"})


def test_matrix_mode_allows_matmul_and_transpose_only_there():
    tree = parse_expression("W3.T @ y_bar + c1_bar * (c1 * (1 - c1))", ["W3", "y_bar", "c1_bar", "c1"], matrix_ops=True)
    assert ast.unparse(tree) == "W3.T @ y_bar + c1_bar * (c1 * (1 - c1))"
    assert ast.unparse(parse_expression("inv(A) @ trace(A)", ["A"], matrix_ops=True)) == "inverse(A) @ trace(A)"
    with pytest.raises(ExpressionError, match="attribute access"):
        parse_expression("A.shape", ["A"], matrix_ops=True)
    with pytest.raises(ExpressionError, match="unknown function 'trace'"):
        parse_expression("trace(A)", ["A"])


def test_only_whitelisted_node_types_come_out():
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Constant, ast.Load, ast.Add, ast.Sub,
               ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)
    tree = parse_expression("-sigma**2*(1 - d/n) + log(abs(x))/sqrt(n) + 0.5", NAMES)
    assert all(isinstance(node, allowed) for node in ast.walk(tree))
    assert all(type(node.value) in (int, float) for node in ast.walk(tree) if isinstance(node, ast.Constant))


# ---------------------------------------------------------------- relations


@pytest.mark.parametrize("text, expected", [
    ("m > n", "m > n"),
    ("n < m", "n < m"),
    ("m - n > 0", "m - n > 0"),
    ("1 < n <= m", "1 < n <= m"),
    ("n = 1", "n == 1"),
    ("n == 1 and m > 1", "n == 1 and m > 1"),
    ("m ≥ n or n ≠ 2", "m >= n or n != 2"),
    ("m^2 >= n", "m ** 2 >= n"),
])
def test_relations(text, expected):
    assert ast.unparse(parse_relation(text, ["m", "n"])) == expected


@pytest.mark.parametrize("text, fragment", [
    ("m + n", "expected a condition"),
    ("(m > n) + 1", "expected a condition"),
    ("m > (n > 1)", "a comparison cannot be part of a calculation"),
    ("m is n", "only the comparisons"),
    ("m in n", "only the comparisons"),
    ("not m > n", "expected a condition"),
])
def test_relation_errors(text, fragment):
    with pytest.raises(ExpressionError, match=fragment):
        parse_relation(text, ["m", "n"])
