"""LaTeX answers read into the same trees as Python-syntax answers."""

from __future__ import annotations

import ast

import pytest

from grader.expressions.parser import ExpressionError, parse_expression, parse_relation

NAMES = ["sigma", "d", "n", "m", "x", "K", "W_1", "y_bar", "c1_bar", "c1", "w_tilde", "y_hat", "lam", "X_ij", "y_prime"]


def latex(text: str, names=NAMES, **kwargs) -> str:
    return ast.unparse(parse_expression(text, names, **kwargs))


@pytest.mark.parametrize("text, expected", [
    (r"\sigma^2\left(1-\frac{d}{n}\right)", "sigma ** 2 * (1 - d / n)"),
    (r"$\sigma^{2}(1 - \frac{d}{n})$", "sigma ** 2 * (1 - d / n)"),
    (r"\frac{(n-d)\sigma^2}{n}", "(n - d) * sigma ** 2 / n"),
    (r"\dfrac{1}{2} x", "1 / 2 * x"),
    (r"\frac12 x", "1 / 2 * x"),
    (r"\sqrt{x}", "sqrt(x)"),
    (r"\sqrt[3]{x}", "x ** (1 / 3)"),
    (r"$2n$", "2 * n"),
    (r"$n m$", "n * m"),
    (r"$dn$", "d * n"),  # a run of letters is split into declared names
    (r"2 \cdot n \times m", "2 * n * m"),
    (r"x^{-1}", "x ** (-1)"),
    (r"x^-1", "x ** (-1)"),
    (r"$x^23$", "x ** 2 * 3"),  # TeX: one token
    (r"e^{-x}", "E ** (-x)"),
    (r"\exp(-x)", "exp(-x)"),
    (r"\exp\left(-x\right)", "exp(-x)"),
    (r"\log 2n", "log(2 * n)"),
    (r"\ln n \cdot m", "log(n) * m"),
    (r"\log^2 n", "log(n) ** 2"),
    (r"\log n \log m", "log(n) * log(m)"),
    (r"\tanh(x)^2", "tanh(x) ** 2"),
    (r"\max(x, 0)", "max(x, 0)"),
    (r"\left|x\right|", "abs(x)"),
    (r"$|x - n|$", "abs(x - n)"),
    (r"\lvert x \rvert", "abs(x)"),
    (r"\lfloor x \rfloor + \lceil n \rceil", "floor(x) + ceil(n)"),
    (r"\left[ x + 1 \right] \cdot 2", "(x + 1) * 2"),
    (r"$W_1 x$", "W_1 * x"),
    (r"W_{1}", "W_1"),
    (r"W^{(1)}", "W_1"),  # layer index read as a subscript when W_1 is declared
    (r"\mathbf{W}_1", "W_1"),
    (r"\bar{y}", "y_bar"),
    (r"\overline{y}", "y_bar"),
    (r"\bar{c}_1", "c1_bar"),
    (r"\tilde{w}", "w_tilde"),
    (r"\hat{y}", "y_hat"),
    (r"$y'$", "y_prime"),
    (r"X_{ij}", "X_ij"),
    (r"X_{i,j}", "X_ij"),
    (r"\lambda x", "lam * x"),
    (r"\pi x", "pi * x"),
    (r"\operatorname{ReLU}(x)", "relu(x)"),
    (r"\text{sigmoid}(x)", "sigmoid(x)"),
    (r"\mathrm{relu}(x) + \sigma", "relu(x) + sigma"),
    (r"$n!$", "factorial(n)"),
    (r"-\frac{1}{K}\left(\frac{y}{\hat{y}}\right)", "-(1 / K * (y / y_hat))"),
    (r"x \, n \; m \quad", "x * n * m"),
])
def test_latex_forms(text, expected):
    names = NAMES + (["y"] if "y}" in text and "hat" in text else [])
    assert latex(text, names) == expected


def test_text_without_latex_markers_is_read_as_written_mathematics_when_not_python():
    # plain text goes to Python's parser first; what it refuses (2n, |x|, n m) is read like LaTeX
    assert ast.unparse(parse_expression("2n", NAMES)) == "2 * n"
    assert ast.unparse(parse_expression("2*n", NAMES)) == "2 * n"


def test_sigma_followed_by_a_bracket_is_the_sigmoid_when_sigma_is_not_a_symbol():
    assert latex(r"\sigma(z)", ["z"]) == "sigmoid(z)"
    assert latex(r"\sigma(z)", ["z", "sigma"]) == "sigma * z"
    # a caller spelling the sigmoid 'sigma' gets that spelling
    assert latex(r"\sigma(z)", ["z"], functions={"sigma", "exp"}) == "sigma(z)"


def test_big_o_in_latex():
    functions = {"O", "log"}
    assert latex(r"\mathcal{O}(n^2 + nm)", ["n", "m"], functions=functions) == "O(n ** 2 + n * m)"
    assert latex(r"O\left(n \log n\right)", ["n"], functions=functions) == "O(n * log(n))"


def test_matrix_mode_juxtaposition_is_a_matrix_product():
    names = ["W_3", "y_bar", "x", "c1"]
    assert latex(r"W_3^\top \bar{y}", names, matrix_ops=True) == "W_3.T @ y_bar"
    assert latex(r"W_3^{T}\bar{y}", names, matrix_ops=True) == "W_3.T @ y_bar"
    assert latex(r"$2 W_3 x$", names, matrix_ops=True) == "2 * W_3 @ x"
    assert latex(r"c1 \odot (1 - c1)", names, matrix_ops=True) == "c1 * (1 - c1)"
    with pytest.raises(ExpressionError, match="only allowed in matrix answers"):
        parse_expression(r"W_3^\top", names)


def test_transpose_letter_is_a_power_when_T_is_a_declared_scalar():
    assert latex(r"$x^T$", ["x", "T"]) == "x ** T"


@pytest.mark.parametrize("text, fragment", [
    (r"\frac{1}{", "LaTeX error"),
    (r"x}", "LaTeX error"),
    (r"\frac{d}{n} % comment", "comment"),
    (r"a & b", "'&' is not allowed"),
    (r"x \\ n", "line breaks"),
    (r"\begin{matrix} x \end{matrix}", "environments"),
    (r"\sum_i x", "sum over an index"),
    (r"\int x", "not supported"),
    (r"\infty", "infinity"),
    (r"\foo{x}", "unknown or misplaced LaTeX command"),
    (r"\log_x n", "a logarithm's base must be a number"),
    (r"$x^2^3$", "double superscript"),
    (r"\left( x", "expected '\\right'"),
    (r"\sqrt", "sqrt"),
    (r"\frac{x}", "frac"),
    (r"\exp", "needs an argument"),
    (r"z \cdot 2", "unknown name 'z'"),
    (r"\bar{x + 1}", "must decorate a single name"),
    (r"\cdot x", "misplaced"),
    (r"2x = n", "are not allowed in a calculation"),
    ("\\frac{1}{2}\x00", "U+0000"),
])
def test_latex_errors(text, fragment):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, NAMES)
    assert fragment in str(info.value)
    assert info.value.position is None or 0 <= info.value.position <= len(text)


def test_latex_error_positions_are_columns_of_the_original_text():
    with pytest.raises(ExpressionError) as info:
        parse_expression(r"\frac{d}{n} + z", NAMES)
    assert info.value.position == 14
    assert "column 15" in str(info.value)


def test_latex_is_validated_by_the_same_bounds():
    with pytest.raises(ExpressionError, match="exponent too large"):
        parse_expression(r"9^{9^{9}}", NAMES)
    with pytest.raises(ExpressionError, match="nested more than"):
        parse_expression("{" * 60 + "x" + "}" * 60, NAMES)


@pytest.mark.parametrize("text, expected", [
    (r"m > n", "m > n"),
    (r"m \geq n", "m >= n"),
    (r"n \le m", "n <= m"),
    (r"m \neq n", "m != n"),
    (r"n = 1 \land m > 1", "n == 1 and m > 1"),
    (r"n=1 \text{ and } m>1", "n == 1 and m > 1"),
    (r"n < 2 \lor m \gt 3", "n < 2 or m > 3"),
    (r"$2n^2 + nm < 3nm$", "2 * n ** 2 + n * m < 3 * n * m"),
])
def test_latex_relations(text, expected):
    assert ast.unparse(parse_relation(text, ["m", "n"])) == expected
