"""The one table of functions and constants an answer expression may use.

Every other module (parser, LaTeX reader, SymPy builder, numeric evaluator)
looks names up here, so adding a function means adding one line below plus
its SymPy and numeric meaning (a test checks that all three agree).

Categories:

* ``scalar``  -- allowed by default in every expression;
* ``matrix``  -- allowed by default only when the parser runs with
  ``matrix_ops=True`` (the matrix-expression checkers);
* ``special`` -- never allowed by default; a checker opts in (``O`` for
  big-O answers).

Aliases are other spellings students use (``ln`` for ``log``, ``Abs``,
``ceiling``...); the parser rewrites them to the canonical name when the
caller uses the default function set.

``NOTATION_REWRITES`` are functions students write that are *defined* by a
formula over the table (``sech(x)`` is ``1/cosh(x)``, ``relu'(x)`` is
``Heaviside(x, 0)``): the parser replaces the call by the formula, so the
SymPy builder and the evaluators never see them.  A caller whose own
function set has the spelling (the matrix language has ``softplus`` and
``step``) keeps it as a function.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Category = Literal["scalar", "matrix", "special"]

#: a call may never have more positional arguments than this, whatever the table says
MAX_CALL_ARGS = 8


@dataclass(frozen=True)
class FunctionSpec:
    """One allowed function: canonical name, arity bounds, category, other spellings."""

    name: str
    min_args: int
    max_args: int
    category: Category
    description: str
    aliases: tuple[str, ...] = ()


FUNCTION_TABLE: tuple[FunctionSpec, ...] = (
    FunctionSpec("exp", 1, 1, "scalar", "exponential"),
    FunctionSpec("log", 1, 1, "scalar", "natural logarithm", ("ln",)),
    FunctionSpec("sqrt", 1, 1, "scalar", "square root"),
    FunctionSpec("abs", 1, 1, "scalar", "absolute value", ("Abs", "absolute", "fabs")),
    FunctionSpec("tanh", 1, 1, "scalar", "hyperbolic tangent"),
    FunctionSpec("sinh", 1, 1, "scalar", "hyperbolic sine"),
    FunctionSpec("cosh", 1, 1, "scalar", "hyperbolic cosine"),
    FunctionSpec("sin", 1, 1, "scalar", "sine"),
    FunctionSpec("cos", 1, 1, "scalar", "cosine"),
    FunctionSpec("sigmoid", 1, 1, "scalar", "logistic sigmoid 1/(1+exp(-x))", ("Sigmoid",)),
    FunctionSpec("relu", 1, 1, "scalar", "max(x, 0)", ("ReLU", "Relu")),
    FunctionSpec("max", 1, 8, "scalar", "largest argument", ("Max", "maximum")),
    FunctionSpec("min", 1, 8, "scalar", "smallest argument", ("Min", "minimum")),
    FunctionSpec("Heaviside", 1, 2, "scalar", "step: 0 below 0, 1 above, 1/2 (or the 2nd argument) at 0", ("heaviside",)),
    FunctionSpec("sign", 1, 1, "scalar", "sign: -1, 0 or 1", ("sgn",)),
    FunctionSpec("floor", 1, 1, "scalar", "largest integer <= x"),
    FunctionSpec("ceil", 1, 1, "scalar", "smallest integer >= x", ("ceiling",)),
    FunctionSpec("factorial", 1, 1, "scalar", "x! (argument bounded, see parser)"),
    FunctionSpec("softmax", 1, 1, "matrix", "exp(y) / sum(exp(y)) over a vector", ("Softmax",)),
    FunctionSpec("diag", 1, 1, "matrix", "diagonal matrix of a vector / diagonal of a matrix"),
    FunctionSpec("trace", 1, 1, "matrix", "sum of the diagonal", ("tr",)),
    FunctionSpec("sum", 1, 1, "matrix", "sum of all entries"),
    FunctionSpec("transpose", 1, 1, "matrix", "transpose, same as A.T"),
    FunctionSpec("inverse", 1, 1, "matrix", "matrix inverse", ("inv",)),
    FunctionSpec("O", 1, 1, "special", "big-O class of the argument", ("Theta",)),
)

#: canonical name -> spec
FUNCTIONS: dict[str, FunctionSpec] = {spec.name: spec for spec in FUNCTION_TABLE}

#: every spelling (canonical names and aliases) -> spec
SPELLINGS: dict[str, FunctionSpec] = {
    spelling: spec for spec in FUNCTION_TABLE for spelling in (spec.name, *spec.aliases)
}

#: constants usable as bare names; ``e`` means E unless an answer declares a symbol ``e``
CONSTANTS: dict[str, str] = {"pi": "pi", "E": "E", "e": "E"}


@dataclass(frozen=True)
class NotationRewrite:
    """A function defined by a formula over the table: ``spelling(x)`` means ``formula`` with x the argument."""

    spelling: str
    formula: str  #: Python syntax in x (and y for a second argument); trusted text, only ever ast-parsed
    description: str
    arity: int = 1


NOTATION_REWRITES: tuple[NotationRewrite, ...] = (
    NotationRewrite("sech", "1/cosh(x)", "hyperbolic secant"),
    NotationRewrite("csch", "1/sinh(x)", "hyperbolic cosecant"),
    NotationRewrite("coth", "cosh(x)/sinh(x)", "hyperbolic cotangent"),
    NotationRewrite("softplus", "log(1 + exp(x))", "softplus, log(1 + e^x)"),
    NotationRewrite("log1p", "log(1 + x)", "log(1 + x)"),
    NotationRewrite("log2", "log(x)/log(2)", "logarithm to base 2"),
    NotationRewrite("log_2", "log(x)/log(2)", "logarithm to base 2"),
    NotationRewrite("log10", "log(x)/log(10)", "logarithm to base 10"),
    NotationRewrite("log_10", "log(x)/log(10)", "logarithm to base 10"),
    NotationRewrite("expm1", "exp(x) - 1", "exp(x) - 1"),
    NotationRewrite("square", "x*x", "x squared, elementwise (numpy's square)"),
    NotationRewrite("logistic", "sigmoid(x)", "the logistic sigmoid"),
    NotationRewrite("sigma", "sigmoid(x)", "sigma(z) is the sigmoid when no symbol sigma is declared"),
    NotationRewrite("norm", "abs(x)", "norm of a scalar: its absolute value"),
    NotationRewrite("step", "Heaviside(x)", "unit step (Heaviside)"),
    NotationRewrite("H", "Heaviside(x)", "H(z) is the Heaviside step when no symbol H is declared"),
    NotationRewrite("relu_prime", "Heaviside(x, 0)", "ReLU'(x): 1 for x > 0, else 0"),
    NotationRewrite("drelu", "Heaviside(x, 0)", "ReLU'(x): 1 for x > 0, else 0"),
    NotationRewrite("sigmoid_prime", "sigmoid(x)*(1 - sigmoid(x))", "sigma'(x) = sigma(x)(1 - sigma(x))"),
    NotationRewrite("dsigmoid", "sigmoid(x)*(1 - sigmoid(x))", "sigma'(x) = sigma(x)(1 - sigma(x))"),
    NotationRewrite("tanh_prime", "1 - tanh(x)**2", "tanh'(x) = 1 - tanh(x)^2"),
    NotationRewrite("dtanh", "1 - tanh(x)**2", "tanh'(x) = 1 - tanh(x)^2"),
    NotationRewrite("exp_prime", "exp(x)", "exp'(x) = exp(x)"),
    NotationRewrite("abs_prime", "sign(x)", "|x|' = sign(x)"),
    NotationRewrite("identity_prime", "1 + 0*x", "the derivative of the identity: 1"),
    NotationRewrite("softplus_prime", "sigmoid(x)", "softplus'(x) = sigmoid(x)"),
)

#: spelling -> rewrite
REWRITES: dict[str, NotationRewrite] = {rewrite.spelling: rewrite for rewrite in NOTATION_REWRITES}

#: names written in front of a condition for an indicator: I(z > 0), Ind(z > 0), 1[z > 0]
INDICATOR_NAMES: frozenset[str] = frozenset({"I", "Ind", "ind", "indicator", "Indicator", "one", "bb1"})

#: module prefixes of NumPy/PyTorch/math-style calls: np.exp(z), np.linalg.inv(A), torch.sigmoid(z)
MODULE_PREFIXES: tuple[str, ...] = ("np.linalg.", "numpy.linalg.", "np.", "numpy.", "torch.", "math.", "sp.",
                                    "sympy.", "F.", "torch.nn.functional.", "nn.functional.", "scipy.special.")

#: module calls that are operators: np.dot(A, B) is A @ B
MODULE_OPERATORS: dict[str, str] = {"dot": "@", "matmul": "@", "mm": "@", "multiply": "*", "mul": "*",
                                    "add": "+", "subtract": "-", "sub": "-", "divide": "/", "div": "/",
                                    "true_divide": "/", "power": "**", "pow": "**"}


def default_functions(matrix_ops: bool = False) -> frozenset[str]:
    """Every spelling allowed when a caller does not pass ``functions``."""
    allowed = {"scalar", "matrix"} if matrix_ops else {"scalar"}
    return frozenset(s for s, spec in SPELLINGS.items() if spec.category in allowed)


def canonical(spelling: str) -> str:
    """The canonical name of a table spelling (``ln`` -> ``log``); other names unchanged."""
    spec = SPELLINGS.get(spelling)
    return spec.name if spec else spelling


def spellings_of(name: str) -> tuple[str, ...]:
    """All spellings of a table function, canonical first; ``(name,)`` for unknown names."""
    spec = SPELLINGS.get(name)
    return (spec.name, *spec.aliases) if spec else (name,)
