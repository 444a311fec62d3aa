"""The notation corpus: what students write, in plain text, LaTeX and NumPy style, with what it means.

Every (string, meaning) pair is graded by the real checker of its kind, with the meaning as the
reference, and must pass: the string is read *and* read as that meaning.  Ambiguous or broken strings
must stay invalid with a message that names a column and suggests a form the same parse accepts
(every suggestion is fed back through the parser).
"""

from __future__ import annotations

import ast
import json

import pytest
import sympy

from grader.checkers import CheckContext, checker_class
from grader.checkers.comparator_network import parse_comparators
from grader.expressions.matrix.errors import AnswerSyntaxError
from grader.expressions.matrix.parsing import parse_matrix_answer
from grader.expressions.parser import ExpressionError, parse_expression, parse_relation
from grader.expressions.sympy_builder import to_sympy
from grader.networks.activations import resolve_activation

# ---------------------------------------------------------------- scalar expressions

#: symbols of the scalar items and their domains (sigma declared: a standard deviation)
SCALAR_SYMBOLS = {"x": "real", "y": "real", "z": "real", "n": "natural", "m": "natural", "d": "natural",
                  "sigma": "positive", "lam": "positive", "t": "positive"}
#: activation-style items: sigma is not a symbol, so sigma(z) is the sigmoid
Z_SYMBOLS = {"z": "real", "x": "real"}

SCALAR = [  # (answer, meaning)
    # absolute values and norms
    ("|z|", "abs(z)"), (r"\left|z\right|", "abs(z)"), (r"\lvert z \rvert", "abs(z)"), ("|x - y|", "abs(x - y)"),
    ("2|z| + 1", "2*abs(z) + 1"), ("|z|^2", "z**2"), ("||z||", "abs(z)"), (r"\|z\|", "abs(z)"),
    (r"\|z\|^2", "z**2"), (r"\|z\|_2^2", "z**2"), (r"\lVert z \rVert", "abs(z)"), ("norm(z)", "abs(z)"),
    ("norm(z)**2", "z**2"), ("|x||y|", "abs(x*y)"), ("Abs(z)", "abs(z)"), ("np.abs(z)", "abs(z)"),
    ("\u2016z\u2016", "abs(z)"), ("abs(x) + |y|", "abs(x) + abs(y)"),
    # indicators
    ("(z > 0)", "Heaviside(z, 0)"), ("1[z > 0]", "Heaviside(z, 0)"), (r"\mathbb{1}[z>0]", "Heaviside(z, 0)"),
    (r"\mathbb{I}(z > 0)", "Heaviside(z, 0)"), ("I(z > 0)", "Heaviside(z, 0)"), ("1_{z>0}", "Heaviside(z, 0)"),
    (r"\mathbb{1}_{z > 0}", "Heaviside(z, 0)"), (r"\mathbb{1}\{z > 0\}", "Heaviside(z, 0)"),
    ("step(z)", "Heaviside(z)"), ("H(z)", "Heaviside(z)"), ("Heaviside(z)", "Heaviside(z)"),
    ("heaviside(z)", "Heaviside(z)"), ("(z >= 0)", "Heaviside(z, 1)"), ("\U0001d7d9[z>0]", "Heaviside(z, 0)"),
    ("I(x > y)", "Heaviside(x - y, 0)"), ("z*(z > 0)", "max(z, 0)"), ("[z > 0]", "Heaviside(z, 0)"),
    (r"z \cdot \mathbb{1}[z > 0]", "max(z, 0)"), ("np.heaviside(z, 0)", "Heaviside(z, 0)"),
    ("np.maximum(z, 0)", "max(z, 0)"), ("I(z < 0)", "Heaviside(-z, 0)"), ("(z <= 0)", "Heaviside(-z, 1)"),
    (r"\mathbf{1}[z \geq 0]", "Heaviside(z, 1)"), ("I(z ≥ 0)", "Heaviside(z, 1)"), ("1[-1 <= z <= 1]", "Heaviside(1 - z, 1)*Heaviside(z + 1, 1)"),
    ("H(z > 0)", "Heaviside(z, 0)"), ("Ind(z > 0)", "Heaviside(z, 0)"),
    # implicit multiplication into declared names
    ("3mn", "3*m*n"), ("2n^2 + mn", "2*n**2 + m*n"), ("nm", "n*m"), ("dn", "d*n"), ("2dn", "2*d*n"),
    (r"\sigma^2(1-d/n)", "sigma**2*(1 - d/n)"), ("sigma^2(1-d/n)", "sigma**2*(1 - d/n)"),
    ("σ²(1 − d/n)", "sigma**2*(1 - d/n)"), ("sigma^2 (1 - d/n)", "sigma**2*(1 - d/n)"),
    (r"\sigma^2\left(1-\frac{d}{n}\right)", "sigma**2*(1 - d/n)"), ("n(m+1)", "n*(m + 1)"),
    ("(n+1)(m+1)", "(n + 1)*(m + 1)"), ("2(n+1)", "2*(n + 1)"), ("n m", "n*m"), ("x y", "x*y"), ("xy", "x*y"),
    ("2xy", "2*x*y"), ("lam x", "lam*x"), ("lamx", "lam*x"), ("x^2 y", "x**2*y"), ("x**2 y", "x**2*y"),
    ("x(x+1)", "x*(x + 1)"), ("nlog(n)", "n*log(n)"), ("n log n", "n*log(n)"), (r"n\log n", "n*log(n)"),
    ("tsigma", "t*sigma"), ("2 sigma^2 t", "2*sigma**2*t"), ("n^2m", "n**2*m"), ("xyz", "x*y*z"),
    # elementwise products and functions of vectors (scalars here)
    ("e^{-z}", "exp(-z)"), ("e^(-z)", "exp(-z)"), ("e**(-z)", "exp(-z)"), (r"\exp(-z)", "exp(-z)"),
    ("x ⊙ y", "x*y"), ("x ∘ y", "x*y"), ("x × y", "x*y"), ("x · y", "x*y"), (r"x \odot y", "x*y"),
    (r"x \circ y", "x*y"), (r"x \times y", "x*y"), ("np.multiply(x, y)", "x*y"),
    # functions common in NN derivations
    ("sech(z)", "1/cosh(z)"), ("sech^2(z)", "1/cosh(z)**2"), (r"\operatorname{sech}^2(z)", "1/cosh(z)**2"),
    ("sech(z)^2", "1 - tanh(z)**2"), ("softplus(z)", "log(1 + exp(z))"), ("log1p(exp(z))", "log(1 + exp(z))"),
    ("log(1+e^z)", "log(1 + exp(z))"), ("max(0, z)", "max(z, 0)"), (r"\max(0, z)", "max(z, 0)"),
    ("(z)^+", "max(z, 0)"), ("(z)^{+}", "max(z, 0)"), ("5(z)^+", "5*max(z, 0)"), ("z^+", "max(z, 0)"),
    ("(x - y)^+", "max(x - y, 0)"), ("(z)⁺", "max(z, 0)"), ("ReLU(z)", "max(z, 0)"), ("Relu(z)", "max(z, 0)"),
    (r"\text{ReLU}(z)", "max(z, 0)"), (r"\operatorname{ReLU}(z)", "max(z, 0)"), ("relu'(z)", "Heaviside(z, 0)"),
    (r"\text{ReLU}'(z)", "Heaviside(z, 0)"), ("ReLU'(z)", "Heaviside(z, 0)"), ("tanh'(z)", "1 - tanh(z)**2"),
    ("1 - tanh^2(z)", "1 - tanh(z)**2"), (r"1-\tanh^2(z)", "1 - tanh(z)**2"), (r"1 - \tanh^2 z", "1 - tanh(z)**2"),
    ("1 - tanh(z)^2", "1 - tanh(z)**2"), ("tanh^2(z) + sech^2(z)", "1"), ("np.tanh(z)", "tanh(z)"),
    ("n!", "factorial(n)"), ("1e-3*n", "n/1000"), ("x²·n", "x**2*n"), ("2^-1", "1/2"), ("ln(t)", "log(t)"),
    ("log1p(t)", "log(1 + t)"), ("expm1(z)", "exp(z) - 1"), ("coth(t)", "cosh(t)/sinh(t)"),
    ("math.sqrt(t)", "sqrt(t)"), (r"\sqrt{t}", "sqrt(t)"), ("t^(1/2)", "sqrt(t)"),
    ("max{0, z}", "max(z, 0)"), (r"\max\{0, z\}", "max(z, 0)"), ("z if z > 0 else 0", "max(z, 0)"),
    ("np.where(z > 0, z, 0)", "max(z, 0)"), ("1 if z>0 else 0", "Heaviside(z, 0)"), ("√t", "sqrt(t)"), ("√(t+1)", "sqrt(t + 1)"),
    ("log_2(t)", "log(t)/log(2)"), (r"\log_2 t", "log(t)/log(2)"), ("log2(t)", "log(t)/log(2)"), (r"\log_{10} t", "log(t)/log(10)"),
    ("z_+", "max(z, 0)"), ("[z]_+", "max(z, 0)"), ("(x - y)_+", "max(x - y, 0)"), ("[1 - x y]_+", "max(1 - x*y, 0)"),
]

Z_SCALAR = [  # sigma not declared: sigma(z) is the sigmoid
    (r"\sigma(z)(1-\sigma(z))", "sigmoid(z)*(1 - sigmoid(z))"), ("sigma(z)(1 - sigma(z))", "sigmoid(z)*(1 - sigmoid(z))"),
    ("σ(z)(1-σ(z))", "sigmoid(z)*(1 - sigmoid(z))"), ("σ(z)", "sigmoid(z)"), ("sigma(z)", "sigmoid(z)"),
    ("1/(1+e^{-z})", "sigmoid(z)"), (r"\frac{1}{1+e^{-z}}", "sigmoid(z)"), ("1/(1+exp(-z))", "sigmoid(z)"),
    ("np.exp(-z)/(1+np.exp(-z))", "sigmoid(-z)"), ("torch.sigmoid(z)", "sigmoid(z)"), ("sigmoid'(z)", "sigmoid(z)*(1 - sigmoid(z))"),
    (r"\sigma'(z)", "sigmoid(z)*(1 - sigmoid(z))"), ("σ'(z)", "sigmoid(z)*(1 - sigmoid(z))"),
    ("logistic(z)", "sigmoid(z)"), ("sigma(z) * (1 - sigma(z))", "sigmoid(z)*(1 - sigmoid(z))"),
    (r"\sigma(x)\sigma(-x)", "sigmoid(x)*sigmoid(-x)"), ("softplus'(z)", "sigmoid(z)"),
]


def _reference(meaning: str, symbols: dict[str, str]):
    specs = {name: sympy.Symbol(name, **_assumptions(domain)) for name, domain in symbols.items()}
    return to_sympy(parse_expression(meaning, list(symbols)), specs)


def _assumptions(domain: str) -> dict:
    return {"real": {"real": True}, "positive": {"positive": True}, "natural": {"integer": True, "positive": True}}[domain]


def _grade(kind: str, answer, reference, **options):
    checker = checker_class(kind)
    verdict = checker(checker.Options.model_validate(options)).judge({"answer": answer}, reference,
                                                                     CheckContext(item_id=f"corpus-{kind}", seed=5))
    json.dumps(verdict.model_dump())
    return verdict


@pytest.mark.parametrize("answer, meaning", SCALAR)
def test_scalar_notation_means_what_students_mean(answer, meaning):
    verdict = _grade("expression", answer, _reference(meaning, SCALAR_SYMBOLS), symbols=SCALAR_SYMBOLS)
    assert verdict.status == "passed", verdict.feedback


@pytest.mark.parametrize("answer, meaning", Z_SCALAR)
def test_sigma_is_the_sigmoid_when_not_a_symbol(answer, meaning):
    verdict = _grade("expression", answer, _reference(meaning, Z_SYMBOLS), symbols=Z_SYMBOLS)
    assert verdict.status == "passed", verdict.feedback


# ---------------------------------------------------------------- counts, big-O, relations

SIZES = {name: "natural" for name in ("m", "n", "N", "K", "D", "H")}

COUNTS = [
    ("3mn", "3*m*n"), ("3nm", "3*m*n"), ("3 m n", "3*m*n"), ("3·m·n", "3*m*n"), ("3×m×n", "3*m*n"),
    (r"$3mn$", "3*m*n"), ("2n^2 + mn", "2*n**2 + m*n"), ("2n²+mn", "2*n**2 + m*n"), (r"$2n^2 + mn$", "2*n**2 + m*n"),
    ("NKD^2", "N*K*D**2"), ("NKD²", "N*K*D**2"), ("N K D^2", "N*K*D**2"), (r"NKD^{2}", "N*K*D**2"),
    ("n(n+1)/2", "n*(n + 1)/2"), (r"\frac{n(n+1)}{2}", "n*(n + 1)/2"), ("mn + n", "m*n + n"), ("2mn - m", "2*m*n - m"),
    ("n(2m+1)", "n*(2*m + 1)"), ("(m+1)(n+1)", "(m + 1)*(n + 1)"), ("KH + H", "K*H + H"), ("H(K+1)", "H*(K + 1)"),
    ("4NKD", "4*N*K*D"), ("ND(K+1)", "N*D*(K + 1)"), ("2nm^2", "2*n*m**2"), ("n^2m", "n**2*m"), ("mn+mn+mn", "3*m*n"),
    ("NK + KD", "N*K + K*D"), (r"2 \cdot m \cdot n", "2*m*n"), (r"m \times n", "m*n"), ("D(N+K)", "D*(N + K)"),
]

BIG_O = [
    ("O(mn)", "m*n"), ("O(nm)", "m*n"), ("O(n^2 + mn)", "n**2 + m*n"), (r"\mathcal{O}(mn)", "m*n"),
    ("O(NKD^2)", "N*K*D**2"), ("O(n m)", "m*n"), ("Theta(mn)", "m*n"), (r"\Theta(mn)", "m*n"), ("Θ(mn)", "m*n"),
    ("O(n(n+m))", "n**2 + m*n"), (r"O(n \log n)", "n*log(n)"), ("O(n log n)", "n*log(n)"), ("O(nlog(n))", "n*log(n)"),
    ("mn", "m*n"), ("O(m·n)", "m*n"), (r"$\mathcal{O}(NKD^2)$", "N*K*D**2"), ("O(n²)", "n**2"), ("O(KH)", "K*H"),
    (r"O(n \log_2 n)", "n*log(n)"), ("O(n log2(n))", "n*log(n)"), ("O(nlogn)", "n*log(n)"),
    (r"\mathcal O(n^2 m)", "n**2*m"), ("O(N(K+D))", "N*K + N*D"),
]

RELATIONS = [
    ("m > n", "m > n"), (r"m \geq n", "m >= n"), ("m ≥ n", "m >= n"), (r"m \ge n", "m >= n"), ("n < m", "m > n"),
    ("2n > m", "2*n > m"), (r"m \gt 2n", "m > 2*n"), ("m = n", "Eq(m, n)"), ("m == n", "Eq(m, n)"),
    ("mn > n + m", "m*n > n + m"), ("n m > 2n", "n*m > 2*n"), ("m > n and n > 1", "And(m > n, n > 1)"),
    (r"m > n \land n > 1", "And(m > n, n > 1)"), (r"m > n \text{ and } n > 1", "And(m > n, n > 1)"),
    ("m>n or n>5", "Or(m > n, n > 5)"), (r"m \neq n", "Ne(m, n)"), ("m ≠ n", "Ne(m, n)"), ("1 < n < m", "And(1 < n, n < m)"),
    (r"m \leq n", "m <= n"), ("m ≤ 2n", "m <= 2*n"),
]


def _sizes(names):
    return {name: sympy.Symbol(name, integer=True, positive=True) for name in names}


@pytest.mark.parametrize("answer, meaning", COUNTS)
def test_count_notation(answer, meaning):
    verdict = _grade("count", answer, _reference(meaning, SIZES), symbols=SIZES)
    assert verdict.status == "passed", verdict.feedback


@pytest.mark.parametrize("answer, meaning", BIG_O)
def test_big_o_notation(answer, meaning):
    verdict = _grade("big_o", answer, _reference(meaning, SIZES), symbols=SIZES)
    assert verdict.status == "passed", verdict.feedback


@pytest.mark.parametrize("answer, meaning", RELATIONS)
def test_relation_notation(answer, meaning):
    symbols = _sizes(["m", "n"])
    reference = {"Eq": sympy.Eq, "Ne": sympy.Ne, "And": sympy.And, "Or": sympy.Or}
    expected = _build_relation(meaning, symbols, reference)
    verdict = _grade("relation", answer, expected, symbols={"m": "natural", "n": "natural"})
    assert verdict.status == "passed", verdict.feedback


def _build_relation(meaning: str, symbols, combinators):
    """A SymPy relation from trusted test text, built node by node (no sympify)."""
    def build(node):
        if isinstance(node, ast.Call):
            return combinators[node.func.id](*(build(a) for a in node.args))
        if isinstance(node, ast.Compare):
            left = build(node.left)
            parts = []
            for op, right in zip(node.ops, node.comparators):
                value = build(right)
                parts.append({ast.Gt: sympy.Gt, ast.GtE: sympy.Ge, ast.Lt: sympy.Lt, ast.LtE: sympy.Le}[type(op)](left, value))
                left = value
            return parts[0] if len(parts) == 1 else sympy.And(*parts)
        return to_sympy(ast.Expression(body=node), symbols)
    return build(ast.parse(meaning, mode="eval").body)


# ---------------------------------------------------------------- matrix expressions and backward-pass steps

SHAPES = {"X": ["n", "d"], "y": ["n", 1], "w": ["d", 1], "v": ["d", 1], "u": ["d", 1], "A": ["d", "d"],
          "W_2": ["d", "k"], "h": ["k", 1], "lam": [], "g_bar": ["d", 1]}

MATRIX = [
    ("X^T y", "X.T @ y"), (r"X^\top y", "X.T @ y"), ("X.T @ y", "X.T @ y"), ("X' y", "X.T @ y"), ("X'y", "X.T @ y"),
    ("transpose(X) @ y", "X.T @ y"), (r"W^{(2)\top} v", "W_2.T @ v"), (r"W_2^\top v", "W_2.T @ v"), ("W_2^T v", "W_2.T @ v"),
    (r"(X^\top X)^{-1}", "inv(X.T @ X)"), ("inv(X^T X)", "inv(X.T @ X)"), ("inv(X.T @ X)", "inv(X.T @ X)"),
    ("pinv(A) @ v", "inv(A) @ v"), ("A^{-1}", "inv(A)"), ("A^(-1)", "inv(A)"), ("A**-1", "inv(A)"),
    ("np.linalg.inv(X.T @ X) @ X.T @ y", "inv(X.T @ X) @ X.T @ y"), ("np.dot(X.T, y)", "X.T @ y"),
    (r"(X^T X)^{-1} X^T y", "inv(X.T @ X) @ X.T @ y"), ("(X^T X)^-1 X^T y", "inv(X.T @ X) @ X.T @ y"),
    ("X.T.dot(y)" if False else "np.matmul(X.T, y)", "X.T @ y"), ("Xᵀy", "X.T @ y"), ("(X w - y)'(X w - y)", "(X @ w - y).T @ (X @ w - y)"),
    (r"v \odot u", "v * u"), (r"v \circ u", "v * u"), ("v ⊙ u", "v * u"), ("v * u", "v * u"), ("v ∘ u", "v * u"),
    ("A + I", "A + eye(d)"), ("A + lam I", "A + lam * eye(d)"), ("X.T @ X + lam*I", "X.T @ X + lam * eye(d)"),
    ("I_d + A", "A + eye(d)"), (r"\mathbf{I}_d - A", "eye(d) - A"), ("eye(d) @ v", "v"), (r"(X^\top X + \lambda I)^{-1}", "inv(X.T @ X + lam * eye(d))"),
    ("I @ v", "v"), ("2I - A", "2 * eye(d) - A"), ("np.eye(d) @ v", "v"),
    ("diag(v) @ u", "v * u"), (r"\text{diag}(v) u", "v * u"), (r"\operatorname{diag}(v) u", "v * u"),
    (r"\|v\|^2", "v.T @ v"), (r"\|v\|_2^2", "v.T @ v"), ("norm(v)**2", "v.T @ v"), ("||v||^2", "v.T @ v"),
    ("np.linalg.norm(v)**2", "v.T @ v"), (r"\lVert X w - y \rVert^2", "(X @ w - y).T @ (X @ w - y)"),
    ("e^{-v}", "exp(-v)"), ("exp(-v)", "exp(-v)"), ("np.exp(-v)", "exp(-v)"),
    (r"\sigma(v)(1-\sigma(v))", "sigmoid(v) * (1 - sigmoid(v))"), ("sigma(v)*(1 - sigma(v))", "sigmoid(v) * (1 - sigmoid(v))"),
    ("σ(v) ⊙ (1 - σ(v))", "sigmoid(v) * (1 - sigmoid(v))"), ("sigma(v)(1 - sigma(v))", "sigmoid(v) * (1 - sigmoid(v))"),
    ("sech(v)**2", "1 - tanh(v)**2"), ("(v)^+", "relu(v)"), ("max(0, v)", "relu(v)"), ("2(v)^+", "2 * relu(v)"),
    ("softplus(v)", "log(1 + exp(v))"), ("log1p(exp(v))", "log(1 + exp(v))"),
]

BACKWARD = [  # backward-pass steps: adjoints written as handouts do
    ("relu'(v) * u", "step(v) * u"), ("(v > 0) * u", "step(v) * u"), ("1[v>0] ⊙ u", "step(v) * u"),
    (r"\mathbb{1}[v>0] \odot u", "step(v) * u"), (r"\mathbb{I}(v > 0) \odot u", "step(v) * u"), ("step(v) * u", "step(v) * u"),
    ("tanh'(v)*u", "(1 - tanh(v)**2) * u"), ("(1 - tanh^2(v)) * u", "(1 - tanh(v)**2) * u"),
    (r"(1 - \tanh^2(v)) \odot u", "(1 - tanh(v)**2) * u"), ("sigmoid'(v) * u", "sigmoid(v) * (1 - sigmoid(v)) * u"),
    (r"\sigma'(v) \odot u", "sigmoid(v) * (1 - sigmoid(v)) * u"), (r"W_2 h \odot (v > 0)", "(W_2 @ h) * step(v)"),
    (r"W^{(2)} h", "W_2 @ h"), (r"W^{(2)\top} u", "W_2.T @ u"), ("W_2.T @ u", "W_2.T @ u"), ("W_2' u", "W_2.T @ u"),
    (r"\text{ReLU}'(v) \odot u", "step(v) * u"), ("u * H(v)", "step(v) * u"), ("u ⊙ 1_{v>0}", "step(v) * u"),
    ("np.heaviside(v, 0) * u", "step(v) * u"), ("u * (v >= 0)", "step(v, 1) * u"), ("u v^T", "u @ v.T"), ("u v'", "u @ v.T"),
    ("outer(u, v)", "u @ v.T"), (r"u \, v^\top", "u @ v.T"),
    (r"\delta_g \odot (v > 0)", "g_bar * step(v)"), ("delta_g * relu'(v)", "g_bar * step(v)"),
    (r"\bar{g} \odot \sigma'(v)", "g_bar * sigmoid(v) * (1 - sigmoid(v))"), (r"\bar{\mathbf{g}} \circ u", "g_bar * u"),
    (r"\delta_{g} \odot (u(1 - u))", "g_bar * u * (1 - u)"), (r"W_2^\top \delta_g", "W_2.T @ g_bar"),
]


def _matrix(answer: str, meaning: str):
    return _grade("matrix_expression", answer, meaning, symbols=SHAPES)


@pytest.mark.parametrize("answer, meaning", MATRIX)
def test_matrix_notation(answer, meaning):
    verdict = _matrix(answer, meaning)
    assert verdict.status == "passed", verdict.feedback


@pytest.mark.parametrize("answer, meaning", BACKWARD)
def test_backward_step_notation(answer, meaning):
    verdict = _matrix(answer, meaning)
    assert verdict.status == "passed", verdict.feedback


# ---------------------------------------------------------------- activations, comparators, ordered steps

ACTIVATIONS = [  # (answer, catalogue name) with the handout's hard threshold I(z>=0)
    ("hard threshold", "I(z>=0)"), ("hard_threshold", "I(z>=0)"), ("Hard-Threshold", "I(z>=0)"),
    ("threshold function", "I(z>=0)"), ("step function", "I(z>=0)"), ("step", "I(z>=0)"), ("step(z)", "I(z>=0)"),
    ("unit step", "I(z>=0)"), ("heaviside", "I(z>0)"),
    ("I(z > 0)", "I(z>0)"), ("I(z >= 0)", "I(z>=0)"), ("I(z ≥ 0)", "I(z>=0)"), ("1[z>0]", "I(z>0)"),
    (r"\mathbb{1}[z \geq 0]", "I(z>=0)"), (r"\mathbb{I}(z>0)", "I(z>0)"), ("(z >= 0)", "I(z>=0)"), ("(z > 0)", "I(z>0)"),
    ("Heaviside(z, 1)", "I(z>=0)"), ("Heaviside(z, 0)", "I(z>0)"), ("1_{z>0}", "I(z>0)"), ("𝟙[z>0]", "I(z>0)"),
    (r"\mathbb{1}\{z \ge 0\}", "I(z>=0)"), ("z >= 0", "I(z>=0)"), ("1 - I(z >= 0)", "I(z<0)"),
    ("phi(z) = |z|", "abs"), ("|z|", "abs"), ("abs", "abs"), (r"\left|z\right|", "abs"), ("φ(z) = |z|", "abs"),
    (r"\phi(z) = \lvert z \rvert", "abs"), ("f(z) = max(0, z)", "relu"), (r"\phi(z) = \max(0, z)", "relu"),
    ("ReLU", "relu"), ("relu(z)", "relu"), ("(z)^+", "relu"), ("max(0,z)", "relu"), ("z * (z > 0)", "relu"),
    ("σ(z)", "sigmoid"), ("sigmoid", "sigmoid"), ("logistic", "sigmoid"), ("tanh", "tanh"), ("z", "identity"),
    ("identity", "identity"), ("linear", "identity"), ("φ(z) = z", "identity"), ("-1 <= z <= 1", "indicator"),
    ("I(-1 <= z <= 1)", "indicator"), ("1[|z| <= 1]", "indicator"), ("sign(z)", "sign"), ("sgn", "sign"),
    (r"\phi(z) = \mathbb{I}(z > 0)", "I(z>0)"), (r"\phi(z) = \mathbb{I}(z \ge 0)", "I(z>=0)"),
    (r"\mathbb{I}(z \in [-1, 1])", "indicator"), (r"\phi(z) = \mathbb{I}(z \in [-1, 1])", "indicator"),
    ("I(z in [-1, 1])", "indicator"), ("1[z ∈ [-1,1]]", "indicator"), ("I(z in (-1, 1))", "open_indicator"),
    (r"\mathbb{1}\{z \in (-1, 1)\}", "open_indicator"),
]


@pytest.mark.parametrize("answer, name", ACTIVATIONS)
def test_activation_notation(answer, name):
    assert resolve_activation(answer, hard_threshold="I(z>=0)").name == name


@pytest.mark.parametrize("name", ["hard threshold", "step function", "step", "threshold"])
def test_the_hard_threshold_follows_the_handout(name):
    assert resolve_activation(name, hard_threshold="I(z>0)").name == "I(z>0)"
    assert resolve_activation(name, hard_threshold="I(z>=0)").name == "I(z>=0)"


COMPARATORS = [
    ("1-2", [(0, 1)]), ("(1,2)", [(0, 1)]), ([1, 2], [(0, 1)]), ("x1 x2", [(0, 1)]), ("x1-x3", [(0, 2)]),
    ("1<->2", [(0, 1)]), ("[3, 4]", [(2, 3)]), ("(2, 4)", [(1, 3)]), ("x_1 x_2", [(0, 1)]), ("1 2", [(0, 1)]),
]


@pytest.mark.parametrize("pair, meaning", COMPARATORS)
def test_comparator_pair_notation(pair, meaning):
    assert parse_comparators([pair], 4, "auto") == meaning


def test_a_whole_network_as_one_string():
    assert parse_comparators("1-2, 3-4, 1-3, 2-4, 2-3", 4, "auto") == [(0, 1), (2, 3), (0, 2), (1, 3), (1, 2)]
    assert parse_comparators("(1,2) (3,4)", 4, "auto") == [(0, 1), (2, 3)]


STEPS = ["forward", "loss", "zero_grad", "backward", "step"]
ORDERED = [
    (["forward pass", "compute the loss", "zero grad", "backprop", "update weights"], STEPS),
    (["forward propagation", "loss", "optimizer.zero_grad()", "loss.backward()", "optimizer.step()"], STEPS),
    ("forward -> loss -> zero_grad -> backward -> step", STEPS),
    ("Forward, Loss, Zero-Grad, Backward, Step", STEPS),
    ("1. forward pass\n2. compute loss\n3. zero gradients\n4. backpropagation\n5. update parameters", STEPS),
    (["predict", "criterion", "reset gradients", "compute gradients", "gradient step"], STEPS),
    (["feedforward", "loss function", "clear gradients", "back propagation", "parameter update"], STEPS),
    ("forward then loss then zero grad then backward then update", STEPS),
    (["model(x)", "loss", "zero_grad()", "backward()", "step()"], STEPS),
    (["Forward Pass", "Compute Loss", "Zero Grad", "Backprop", "Update Weights"], STEPS),
]


@pytest.mark.parametrize("answer, meaning", ORDERED)
def test_ordered_step_synonyms(answer, meaning):
    verdict = _grade("ordered_choice", answer, meaning, options=STEPS)
    assert verdict.status == "passed", verdict.feedback


def test_a_rubric_extends_and_overrides_the_synonyms():
    extended = _grade("ordered_choice", ["fwd", "loss", "zero_grad", "backward", "step"], STEPS, options=STEPS,
                      aliases={"fwd": "forward"})
    assert extended.status == "passed"
    without_synonyms = _grade("ordered_choice", ["forward", "loss", "zero grad", "backprop", "step"], STEPS, options=STEPS,
                              default_aliases=False)
    assert without_synonyms.status == "invalid" and "not one of the options" in without_synonyms.feedback


def test_a_synonym_only_applies_when_its_target_is_an_option():
    verdict = _grade("choice", "backprop", "backprop", options=["backprop", "sgd"])
    assert verdict.status == "passed"


def test_a_scalar_bias_is_broadcast_with_a_note():
    verdict = _grade("vector", 0, [0, 0, 0])
    assert verdict.status == "failed"  # the answer name 'answer' is not bias-like: no broadcast
    checker = checker_class("vector")
    context = CheckContext(item_id="bias", seed=1)
    broadcast = checker(checker.Options()).judge({"b1": 0}, [0, 0, 0], context)
    assert broadcast.status == "passed" and "read as that number" in broadcast.feedback
    assert checker(checker.Options(broadcast_scalar=False)).judge({"b1": 0}, [0, 0, 0], context).status == "failed"


# ---------------------------------------------------------------- must stay unreadable, helpfully

NAMES_AMBIGUOUS = ["a", "b", "ab", "c", "n", "m", "z"]

INVALID = [  # (text, names, fragment of the message)
    ("abc", NAMES_AMBIGUOUS, "can be read as"),
    ("abcn", NAMES_AMBIGUOUS, "can be read as"),
    ("2abc + n", NAMES_AMBIGUOUS, "can be read as"),
    (r"$abc$", NAMES_AMBIGUOUS, "can be read as"),
    ("pi", ["p", "i"], "can be read as"),
    ("nq", ["n", "m"], "unknown name 'nq'"),
    ("x[0]", ["x"], "indexing"),
    ("x +", ["x"], "ends too early"),
    ("(x", ["x"], "expected ')'"),
    ("x)", ["x"], "unexpected ')'"),
    ("sigmod(x)", ["x"], "unknown function 'sigmod'"),
    ("m => n", ["m", "n"], "column 4"),
    ("lambda x: x", ["x"], "lambda"),
    ("__import__('os')", ["x"], "unknown function"),
    ("x; y", ["x", "y"], "not allowed"),
    ("x == 1", ["x"], "are not allowed in a calculation"),
    (r"\frac{1}{", ["x"], "LaTeX error"),
    ("", ["x"], "empty"),
    ("9**9**9", ["x"], "exponent too large"),
    ("x.real", ["x"], "attribute access"),
    ("|x", ["x"], "expected '|'"),
    (r"\|x", ["x"], "norm"),
    ("foo(x) + 1", ["x"], "unknown function 'foo'"),
    ("2 ** ** 3", ["x"], "column"),
    ("2n = 4", ["n"], "not allowed in a calculation"),
    ("1/2n", ["n"], "can be read as"), ("x/2y", ["x", "y"], "can be read as"), ("1/2(n+1)", ["n"], "can be read as"),
    ("a/bc", ["a", "b", "c"], "ambiguous"), (r"\sigma^2/n(1-d)", ["sigma", "n", "d"], "can be read as"),
    ("sigma^2/n(1-d)", ["sigma", "n", "d"], "can be read as"),
    ("'s'", ["x"], "strings"),
]


@pytest.mark.parametrize("text, names, fragment", INVALID)
def test_unreadable_stays_unreadable_with_a_position_and_a_readable_suggestion(text, names, fragment):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, names)
    error = info.value
    assert fragment in str(error)
    assert "column" in str(error) and error.position is not None
    assert error.suggestion is not None and error.suggestion in str(error)
    parse_expression(error.suggestion, names)  # the suggestion itself is readable


@pytest.mark.parametrize("text", ["m => n", "m >", "m > n and", "n <", "not m > n", "(m > n) + 1", "m ! n"])
def test_relation_suggestions_are_readable(text):
    with pytest.raises(ExpressionError) as info:
        parse_relation(text, ["m", "n"])
    assert "column" in str(info.value)
    parse_relation(info.value.suggestion, ["m", "n"])


@pytest.mark.parametrize("text", ["X^T y z", "inv(X", "X @@ y", "foo(X)", "X[0]", "np.linalg.qr(X)", "abc X"])
def test_matrix_suggestions_are_readable(text):
    names = ["X", "y", "a", "b", "ab", "c"]
    with pytest.raises(AnswerSyntaxError) as info:
        parse_matrix_answer(text, names)
    assert "column" in str(info.value)
    assert info.value.suggestion is not None
    parse_matrix_answer(info.value.suggestion, names)


def test_the_suggestion_for_an_ambiguous_split_is_one_of_its_readings():
    with pytest.raises(ExpressionError) as info:
        parse_expression("abc", NAMES_AMBIGUOUS)
    assert info.value.suggestion in ("a*b*c", "ab*c")
    assert "a*b*c" in str(info.value) and "ab*c" in str(info.value)


@pytest.mark.parametrize("text, names, meaning", [
    ("1/2 n", ["n"], "1 / 2 * n"), ("1/(2n)", ["n"], "1 / (2 * n)"), ("(1/2)n", ["n"], "1 / 2 * n"),
    ("a/(bc)", ["a", "b", "c"], "a / (b * c)"), (r"\frac{1}{2n}", ["n"], "1 / (2 * n)"), ("n(n+1)/2", ["n"], "n * (n + 1) / 2"),
])
def test_a_bracketed_or_spaced_division_is_not_ambiguous(text, names, meaning):
    assert ast.unparse(parse_expression(text, names)) == meaning


def test_a_declared_name_is_never_split():
    assert ast.unparse(parse_expression("ab", NAMES_AMBIGUOUS)) == "ab"
    assert ast.unparse(parse_expression("$ab$", NAMES_AMBIGUOUS)) == "ab"


def test_the_corpus_is_large():
    pairs = (len(SCALAR) + len(Z_SCALAR) + len(COUNTS) + len(BIG_O) + len(RELATIONS) + len(MATRIX) + len(BACKWARD)
             + len(ACTIVATIONS) + len(COMPARATORS) + len(ORDERED))
    assert pairs >= 250, pairs


def test_two_plain_vector_names_side_by_side_stay_a_matrix_product():
    # u v with u, v columns is a shape error (a transpose is missing), not silently u * v
    verdict = _matrix("v u", "v.T @ u")
    assert verdict.status == "failed" and verdict.diagnosis == "transposed"
    assert _matrix("sigma(v)(1 - sigma(v))", "sigmoid(v) * (1 - sigmoid(v))").status == "passed"


def test_messages_do_not_depend_on_set_order():
    messages = set()
    for names in (["a", "b", "ab", "c"], ["c", "ab", "b", "a"], ["ab", "c", "a", "b"]):
        with pytest.raises(ExpressionError) as info:
            parse_expression("abc", names)
        messages.add(str(info.value))
    assert len(messages) == 1


@pytest.mark.parametrize("answer, meaning", [
    ("E[loss] = sigma^2(1-d/n)", "sigma**2*(1 - d/n)"), (r"\mathbb{E}[L] = \sigma^2(1-\frac{d}{n})", "sigma**2*(1 - d/n)"),
    ("L = σ²(1 − d/n)", "sigma**2*(1 - d/n)"), ("f(x) = x^2", "x**2"),
])
def test_a_defined_label_in_front_of_the_answer_is_dropped(answer, meaning):
    verdict = _grade("expression", answer, _reference(meaning, SCALAR_SYMBOLS), symbols=SCALAR_SYMBOLS)
    assert verdict.status == "passed", verdict.feedback


@pytest.mark.parametrize("answer, meaning", [
    ("dL/dw = 2/n X^T (Xw - y)", "2 / n * X.T @ (X @ w - y)"),
    (r"\frac{\partial L}{\partial w} = \frac{2}{n} X^\top (X w - y)", "2 / n * X.T @ (X @ w - y)"),
    ("np.linalg.inv(X.T.dot(X)).dot(X.T).dot(y)", "inv(X.T @ X) @ X.T @ y"), ("X.transpose() @ y", "X.T @ y"),
    ("g_bar = W_2 h", "W_2 @ h"), ("np.linalg.solve(A, v)", "inv(A) @ v"),
    ("(X^TX)^{-1}X^Ty", "inv(X.T @ X) @ X.T @ y"), ("g_bar .* (v > 0)", "g_bar * step(v)"),
    ("g_bar * (v > 0).astype(float)", "g_bar * step(v)"), ("np.where(v > 0, g_bar, 0)", "g_bar * step(v)"),
])
def test_numpy_methods_and_defined_labels_in_matrix_answers(answer, meaning):
    verdict = _matrix(answer, meaning)
    assert verdict.status == "passed", verdict.feedback


def test_a_condition_may_start_with_when():
    verdict = _grade("relation", "when m > n", _build_relation("m > n", _sizes(["m", "n"]), {}),
                     symbols={"m": "natural", "n": "natural"})
    assert verdict.status == "passed"
