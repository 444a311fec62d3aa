"""Misreads found by the audit of student answers, each fixed by a general rule (tested both ways).

1. a juxtaposition after an exponent ends it (``sigma^2 (1 - d/n)^2``), as in TeX and the math reader;
2. a product after a division is read left to right (``1/K (y_hat - y)^T``), a glued divisor is refused;
3. the Unicode product signs ``·`` ``⋅`` ``×`` mean ``\\cdot`` / ``\\times`` (matrix product in matrix answers);
4. what a student types around an answer (``;``, a leading ``=`` or ``:``, unit words) is blanked;
5. suggestions repair the student's own text more often (case of a one-letter name, a remark, ``o(...)``).
"""

from __future__ import annotations

import ast

import pytest

from grader.expressions.functions import default_functions
from grader.expressions.parser import ExpressionError, parse_expression, parse_relation

BIG_O = default_functions() | {"O", "Theta"}


def read(text: str, names, **kwargs) -> str:
    return ast.unparse(parse_expression(text, list(names), **kwargs))


def refusal(text: str, names, relation: bool = False, **kwargs) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        (parse_relation if relation else parse_expression)(text, list(names), **kwargs)
    return info.value


# -- 1. an exponent ends at a juxtaposition


@pytest.mark.parametrize("text, names, expected", [
    ("sigma^2 (1 - d/n)^2", "sigma d n", "sigma ** 2 * (1 - d / n) ** 2"),
    ("sigma^2(1 - d/n)^2", "sigma d n", "sigma ** 2 * (1 - d / n) ** 2"),
    ("sigma**2 (1 - d/n)**2", "sigma d n", "sigma ** 2 * (1 - d / n) ** 2"),
    ("n^2 (m+1)^2", "n m", "n ** 2 * (m + 1) ** 2"),
    ("n^m (m+1)^2", "n m", "n ** m * (m + 1) ** 2"),
    ("2^n (m+1)^2", "n m", "2 ** n * (m + 1) ** 2"),
    # glued or spaced, one bracket after the exponent: the same product (as the math reader reads it)
    ("sigma^2(1 - d/n)", "sigma d n", "sigma ** 2 * (1 - d / n)"),
    ("sigma^2 (1 - d/n)", "sigma d n", "sigma ** 2 * (1 - d / n)"),
    ("n^m(m+1)", "n m", "n ** m * (m + 1)"),
    # brackets right after ^ are the exponent
    ("n^(m(m+1))", "n m", "n ** (m * (m + 1))"),
    ("n^(2(m+1))", "n m", "n ** (2 * (m + 1))"),
    ("e^(-z)(1+z)", "z", "E ** (-z) * (1 + z)"),
    ("x^(1/2)(x)", "x", "x ** (1 / 2) * x"),
    ("x**-2(x)", "x", "x ** (-2) * x"),
    ("x ^ 2 (1 - x) ^ 3 + 2", "x", "x ** 2 * (1 - x) ** 3 + 2"),
    # unchanged: function powers, exponents without a juxtaposition
    ("1 - tanh^2(z)", "z", "1 - tanh(z) ** 2"),
    ("n^(m+1) (m)", "n m", "n ** (m + 1) * m"),
    ("x^2 + 1", "x", "x ** 2 + 1"),
])
def test_a_juxtaposition_after_an_exponent_ends_it(text, names, expected):
    assert read(text, names.split()) == expected


def test_the_plain_and_latex_readings_of_an_exponent_agree():
    names = ["sigma", "d", "n"]
    assert read("sigma^2 (1 - d/n)^2", names) == read(r"\sigma^2 \left(1 - \frac{d}{n}\right)^2", names)


def test_a_library_call_after_an_exponent_keeps_the_rewriters_reading():
    # the math reader does not know np.: the power-then-factor reading of the rewriter stands
    assert read("n^2(np.exp(z))", ["n", "z"]) == "n ** 2 * exp(z)"


# -- 2. a division is read left to right; a glued divisor is refused


@pytest.mark.parametrize("text", ["1/K (y_hat - y)^T", "1/K (y_hat - y).T", "1/K (y_hat - y)'"])
def test_a_scaled_transpose_divides_by_the_scalar_only(text):
    assert read(text, ["K", "y_hat", "y"], matrix_ops=True) == "1 / K @ (y_hat - y).T"


def test_a_documented_left_to_right_product_after_a_division():
    assert read("2/n X^T (X w - t)", ["n", "X", "w", "t"], matrix_ops=True) == "2 / n @ X.T @ (X @ w - t)"


@pytest.mark.parametrize("text, names, expected", [
    ("1/n (a+b)", "n a b", "1 / n * (a + b)"),
    ("1/2 (a+b)", "a b", "1 / 2 * (a + b)"),
    ("1/n (a+b)^2", "n a b", "1 / n * (a + b) ** 2"),
    ("1/(n (a+b))", "n a b", "1 / (n * (a + b))"),  # the brackets say it
    ("1/n * (a+b)", "n a b", "1 / n * (a + b)"),
    ("a/(n) (m)", "a n m", "a / n * m"),
    ("a/exp(b)", "a b", "a / exp(b)"),  # a function call is the divisor
])
def test_a_scalar_division_is_read_left_to_right(text, names, expected):
    assert read(text, names.split()) == expected


@pytest.mark.parametrize("text, names, matrix", [
    ("1/K(y_hat - y)", "K y_hat y", True), ("1/K(y_hat - y)^T", "K y_hat y", True),
    ("1/n(a+b)", "n a b", False), ("1/2(a+b)", "a b", False),
    ("x/2(x)^2", "x", False),  # was read as x/(2x)^2
])
def test_a_glued_divisor_is_refused_naming_both_readings(text, names, matrix):
    error = refusal(text, names.split(), matrix_ops=matrix)
    assert "can be read as" in error.message and error.position is not None
    parse_expression(error.suggestion, names.split(), matrix_ops=matrix)  # the suggestion reads


# -- 3. Unicode product signs are \cdot and \times


@pytest.mark.parametrize("text", ["W1·x + b1", "W1⋅x + b1", "W1 × x + b1", r"W1 \cdot x + b1", r"W1 \times x + b1",
                                  "W₁·x + b1", r"W_1 \cdot x + b1"])
def test_a_product_sign_is_the_matrix_product_in_matrix_answers(text):
    assert read(text, ["W1", "x", "b1"], matrix_ops=True) == "W1 @ x + b1"


@pytest.mark.parametrize("text, expected", [
    ("2·W1", "2 * W1"), ("W1·2", "W1 * 2"), (r"2 \cdot W1", "2 * W1"), ("2 × W1", "2 * W1"),  # a number scales
    ("W1 ⊙ x", "W1 * x"), ("W1 * x", "W1 * x"), ("W1 ∘ x", "W1 * x"),  # elementwise signs stay elementwise
])
def test_a_number_or_an_elementwise_sign_gives_the_elementwise_product(text, expected):
    assert read(text, ["W1", "x"], matrix_ops=True) == expected


@pytest.mark.parametrize("text", ["3·m·n", "3⋅m⋅n", "3×m×n", r"3 \cdot m \cdot n"])
def test_a_product_sign_is_a_product_in_scalar_answers(text):
    assert read(text, ["m", "n"]) == "3 * m * n"


# -- 4. what a student types around an answer


@pytest.mark.parametrize("text, expected", [
    ("3mn;", "3 * m * n"), ("3mn ;;", "3 * m * n"), ("= 3mn", "3 * m * n"), (": 3mn", "3 * m * n"),
    ("3mn multiplications", "3 * m * n"), ("3mn mults", "3 * m * n"), ("3mn FLOPs", "3 * m * n"),
    ("2mn + m floats", "2 * m * n + m"), ("3mn scalar multiplications", "3 * m * n"),
    ("mn entries", "m * n"), ("3mn operations;", "3 * m * n"), ("L = 3mn multiplications", "3 * m * n"),
    ("2mn + m numbers", "2 * m * n + m"), ("m n words", "m * n"), ("mn unit", "m * n"),
])
def test_a_count_is_read_without_what_surrounds_it(text, expected):
    assert read(text, ["m", "n"]) == expected


@pytest.mark.parametrize("text, expected", [
    ("O(n^2) memory", "O(n ** 2)"), (": O(n^2)", "O(n ** 2)"), ("O(n^2) ops;", "O(n ** 2)"), ("= O(n)", "O(n)"),
])
def test_a_big_o_is_read_without_what_surrounds_it(text, expected):
    assert read(text, ["n"], functions=BIG_O) == expected


def test_a_relation_is_read_without_a_trailing_semicolon_or_a_leading_colon():
    assert ast.unparse(parse_relation("m > n;", ["m", "n"])) == "m > n"
    assert ast.unparse(parse_relation(": m > n", ["m", "n"])) == "m > n"


@pytest.mark.parametrize("text, names, expected", [
    ("3mn ops", "m n ops", "3 * m * n * ops"),  # a declared name is never a unit
    ("3mn memory", "m n memory", "3 * m * n * memory"),
    ("3mn ops", "m n o p s", "3 * m * n * o * p * s"),  # nor a word that spells declared names
])
def test_a_declared_word_is_never_dropped(text, names, expected):
    assert read(text, names.split()) == expected


@pytest.mark.parametrize("text, names, kwargs", [
    ("3m;n", "m n", {}),  # a ';' inside the answer
    ("== 3mn", "m n", {}), ("=", "m n", {}), (";", "m n", {}), ("multiplications", "m n", {}),
    ("3mn + ops", "m n", {}),  # a word after an operator is part of the formula
    ("3mn things", "m n", {}),  # not a unit word of the list
    ("W x floats", "W x", {"matrix_ops": True}),  # no units after a matrix
])
def test_what_is_not_around_an_answer_stays_refused(text, names, kwargs):
    refusal(text, names.split(), **kwargs)


def test_units_are_not_dropped_from_a_relation():
    refusal("m > n ops", ["m", "n"], relation=True)


def test_blanking_keeps_columns():
    error = refusal("= 3mn + k multiplications", ["m", "n"])
    assert error.position == 8  # the 'k', where the student typed it


# -- 5. suggestions that mean what the student wrote


@pytest.mark.parametrize("text, names, kwargs, suggestion", [
    ("O(N^2)", ["n"], {"functions": BIG_O}, "O(n^2)"),
    ("2N + M", ["n", "m"], {}, "2n + m"),
    ("o(n^2)", ["n"], {"functions": BIG_O}, "O(n^2)"),
    ("𝒪(n^2)", ["n"], {"functions": BIG_O}, "O(n^2)"),
    ("o(N log N)", ["n"], {"functions": BIG_O}, "O(n log n)"),
    ("3mn (approximately)", ["m", "n"], {}, "3mn"),
])
def test_a_suggestion_repairs_the_students_own_text(text, names, kwargs, suggestion):
    error = refusal(text, names, **kwargs)
    assert error.suggestion == suggestion and "syntax only" not in error.message
    parse_expression(suggestion, names, **kwargs)


def test_a_trailing_remark_is_dropped_from_a_relation():
    error = refusal("m > n (more outputs than inputs)", ["m", "n"], relation=True)
    assert error.suggestion == "m > n"


def test_the_case_is_only_swapped_towards_the_one_declared_name():
    error = refusal("O(N^2) + k", ["n"], functions=BIG_O)  # k has no declared other case: no repair reads
    assert "syntax only" in error.message
    assert read("O(N^2)", ["n", "N"], functions=BIG_O) == "O(N ** 2)"  # both declared: N is N


def test_suggestions_are_the_same_every_time():
    messages = {refusal("o(N^2) (roughly)", ["n"], functions=BIG_O).message for _ in range(3)}
    assert len(messages) == 1
