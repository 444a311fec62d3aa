"""Activation functions: a catalogue with stated semantics, exact evaluation, and parsing.

Every piecewise-linear activation is a :class:`PiecewiseLinear`: finitely many
breakpoints ``t_1 < ... < t_m``, an affine function on each open interval
between them, and an explicit value *at* each breakpoint.  Keeping the value at
a breakpoint separate from the neighbouring pieces is what lets the grader tell
``I(z>0)`` from ``I(z>=0)`` and the closed indicator ``I(z in [-1,1])`` from an
open one: they are the same on every open interval and differ only there.

Everything is exact (``fractions.Fraction``).  Sums, constant multiples,
compositions with the primitives (``Abs``, ``Heaviside``, ``relu``, ``sign``,
``max``, ``min``) and products where one factor is constant on every piece stay
piecewise linear, so an expression such as ``1 - Heaviside(z, 1)`` or
``(z + Abs(z))/2`` is turned into an exact object and compared with the
catalogue entry by entry (no sampling needed).  An expression that is not
piecewise linear (``sigmoid(z)``, ``z**2``) becomes a :class:`SmoothActivation`
evaluated in floating point; networks using one are checked by sampling.

How a student names an activation (``resolve_activation``):

* a catalogue name or alias (see ``ALIASES``; spaces, case and ``_``/``-`` are
  ignored): ``"hard_threshold"`` means whatever the handout calls the hard
  threshold (rubric option ``hard_threshold``, ``I(z>0)`` unless the rubric says
  otherwise); ``"I(z>0)"``, ``"I(z>=0)"``, ``"I(z<0)"``, ``"I(z<=0)"``,
  ``"1 - I(z>=0)"``, ``"indicator"`` / ``"I(z in [-1,1])"``, ``"identity"``,
  ``"relu"``, ``"abs"`` / ``"|z|"``, ``"sigmoid"``, ``"tanh"``, ``"sign"``;
* otherwise an expression in ``z`` read through the safe expression parser.
  ``Heaviside(z, 0)`` is ``I(z>0)``, ``Heaviside(z, 1)`` is ``I(z>=0)``,
  ``Heaviside(z, 1/2)`` takes 1/2 at 0; a bare ``Heaviside(z)`` is rejected
  with a message asking for the value at 0, because its convention is exactly
  what these questions test.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterable

import numpy as np
from ..pyparse import parse_python

# The exact piecewise-linear algebra is its own module; its names stay importable from here.
from .piecewise import (  # noqa: F401
    ABS, IDENTITY, ONE, RELU, SIGN, ZERO, NotPiecewiseLinear, PiecewiseLinear, Q, _indicator, heaviside,
)
from ..errors import ActivationError  # noqa: F401 -- defined in grader.errors, importable here as before


# ------------------------------------------------------------------ catalogue


@dataclass(frozen=True)
class Activation:
    """A resolved activation: exact PL function, or a smooth float function."""

    name: str  #: catalogue name, or "expression" when matched nothing
    description: str
    pl: PiecewiseLinear | None = None
    smooth: Callable[[np.ndarray], np.ndarray] | None = None
    source: str = ""  #: what the student wrote

    @property
    def is_exact(self) -> bool:
        return self.pl is not None

    def key(self) -> tuple:
        if self.pl is not None:
            return ("pl", self.pl.key())
        return ("smooth", self.name, self.source)

    def __call__(self, z: Fraction) -> Fraction:
        if self.pl is None:
            raise TypeError("smooth activation has no exact value")
        return self.pl(z)

    def evaluate_float(self, z: np.ndarray) -> np.ndarray:
        if self.pl is not None:
            return self.pl.evaluate_float(z)
        with np.errstate(all="ignore"):
            return self.smooth(np.asarray(z, dtype=float))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


CATALOGUE: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation("I(z>0)", "hard threshold, 1 if z > 0 else 0 (0 at z = 0)", heaviside(ZERO)),
        Activation("I(z>=0)", "hard threshold, 1 if z >= 0 else 0 (1 at z = 0)", heaviside(ONE)),
        Activation("I(z<0)", "mirrored threshold, 1 if z < 0 else 0", _indicator(None, ZERO, False, False)),
        Activation("I(z<=0)", "mirrored threshold, 1 if z <= 0 else 0", _indicator(None, ZERO, False, True)),
        Activation("indicator", "indicator of the closed interval, 1 if -1 <= z <= 1 else 0", _indicator(-ONE, ONE, True, True)),
        Activation("open_indicator", "indicator of the open interval, 1 if -1 < z < 1 else 0", _indicator(-ONE, ONE, False, False)),
        Activation("identity", "identity, z", IDENTITY),
        Activation("relu", "ReLU, max(0, z)", RELU),
        Activation("abs", "absolute value, |z|", ABS),
        Activation("sign", "sign of z (-1, 0 or 1)", SIGN),
        Activation("sigmoid", "logistic sigmoid 1/(1+exp(-z))", smooth=_sigmoid),
        Activation("tanh", "hyperbolic tangent", smooth=np.tanh),
    ]
}

# Aliases, compared after `_normalize_name` (lower case, no spaces, no _ or -).
ALIASES: dict[str, str] = {
    "identity": "identity", "linear": "identity", "id": "identity", "none": "identity", "z": "identity",
    "phi(z)=z": "identity", "f(z)=z": "identity",
    "relu": "relu", "rectifier": "relu", "max(0,z)": "relu", "max(z,0)": "relu",
    "abs": "abs", "|z|": "abs", "absolute": "abs", "absolutevalue": "abs", "abs(z)": "abs", "modulus": "abs",
    "sigmoid": "sigmoid", "logistic": "sigmoid", "σ": "sigmoid", "sigma": "sigmoid", "sigmoid(z)": "sigmoid",
    "σ(z)": "sigmoid", "logisticsigmoid": "sigmoid", "logisticfunction": "sigmoid", "sigmoidfunction": "sigmoid",
    "tanh": "tanh", "tanh(z)": "tanh", "hyperbolictangent": "tanh",
    "sign": "sign", "sgn": "sign", "sign(z)": "sign", "sgn(z)": "sign", "signum": "sign",
    "relu(z)": "relu", "rectifiedlinear": "relu", "rectifiedlinearunit": "relu", "(z)^+": "relu", "z^+": "relu",
    "identity(z)": "identity", "linear(z)": "identity", "identityfunction": "identity", "noactivation": "identity",
    "heaviside": "I(z>0)", "heavisidestep": "I(z>0)", "heavisidefunction": "I(z>0)",
    "indicator": "indicator", "indicatorfunction": "indicator", "indicatoractivation": "indicator",
    "openindicator": "open_indicator",
}
# names that mean "what the handout calls the hard threshold"
# (a step function's value at 0 is the convention these questions test: "step" follows the handout too)
HARD_THRESHOLD_NAMES = {"hardthreshold", "threshold", "hardthresholdactivation", "thresholdfunction", "hardlimit",
                        "hardthresholdfunction", "hardthreshold(z)", "threshold(z)", "thresholdactivation",
                        "step", "binarystep", "unitstep", "stepfunction", "unitstepfunction", "step(z)",
                        "stepactivation", "binarystepfunction"}

#: "phi(z) = |z|", "f(z) = max(0, z)", "σ(z) = ...": the definition's right-hand side is the activation
_DEFINITION = re.compile(r"^\s*(?:\\?[A-Za-z]+|[φσϕ])(?:_\{?\w+\}?)?\s*\(\s*z\s*\)\s*(?::=|=)(?!=)\s*(.+)$", re.S)

_CMP = {">": ">", ">=": ">=", "≥": ">=", "=>": ">=", "<": "<", "<=": "<=", "≤": "<=", "=<": "<="}
_THRESHOLD_RE = re.compile(r"^(?:i|1|𝟙|𝕀|ind|h)?\(?z(>=|=>|≥|>|<=|=<|≤|<)0\)?$")
_COMPLEMENT_RE = re.compile(r"^1-(?:i|1|𝟙|𝕀|ind|h)?\(?z(>=|=>|≥|>|<=|=<|≤|<)0\)?$")
_CLOSED_INTERVAL = {
    "i(zin[-1,1])", "1(zin[-1,1])", "i(z∈[-1,1])", "𝟙(z∈[-1,1])", "𝕀(z∈[-1,1])", "zin[-1,1]", "z∈[-1,1]",
    "i(|z|<=1)", "i(|z|≤1)", "|z|<=1", "i(-1<=z<=1)", "i(-1≤z≤1)", "1(-1<=z<=1)", "1(|z|<=1)",
}
_OPEN_INTERVAL = {"i(zin(-1,1))", "i(z∈(-1,1))", "i(|z|<1)", "|z|<1", "i(-1<z<1)"}


def _normalize_name(text: str) -> str:
    """Lower case without spaces or underscores; '-' kept except between letters ('hard-threshold')."""
    plain = re.sub(r"[\s_]+", "", text.strip().lower()).replace("\u2212", "-")
    return re.sub(r"(?<=[a-z])-(?=[a-z])", "", plain)


def _threshold_name(op: str, complement: bool = False) -> str:
    op = _CMP[op]
    if complement:
        op = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}[op]
    return f"I(z{op}0)"


def catalogue_name_for(text: str, hard_threshold: str = "I(z>0)") -> str | None:
    """The catalogue name a student's activation string stands for, or None."""
    for candidate in (_normalize_name(text),):
        if candidate in HARD_THRESHOLD_NAMES:
            return hard_threshold
        if candidate in ALIASES:
            return ALIASES[candidate]
        if candidate in CATALOGUE:
            return candidate
        if candidate in _CLOSED_INTERVAL:
            return "indicator"
        if candidate in _OPEN_INTERVAL:
            return "open_indicator"
        m = _THRESHOLD_RE.match(candidate)
        if m:
            return _threshold_name(m.group(1))
        m = _COMPLEMENT_RE.match(candidate)
        if m:
            return _threshold_name(m.group(1), complement=True)
    return None


def resolve_activation(text: object, *, hard_threshold: str = "I(z>0)") -> Activation:
    """Turn what a student wrote into an :class:`Activation`; ActivationError if unusable."""
    if not isinstance(text, str):
        raise ActivationError(f"an activation must be a string such as 'relu' or 'I(z>0)', got {type(text).__name__}")
    if not text.strip():
        raise ActivationError("an activation is empty")
    if len(text) > 500:
        raise ActivationError("an activation expression is longer than 500 characters")
    definition = _DEFINITION.match(text)
    if definition is not None:
        text = definition.group(1)
    name = catalogue_name_for(text, hard_threshold)
    if name is not None:
        return _with_source(CATALOGUE[name], text)
    return activation_from_expression(text)


def _with_source(activation: Activation, source: str) -> Activation:
    return Activation(activation.name, activation.description, activation.pl, activation.smooth, source)


def match_catalogue(pl: PiecewiseLinear) -> Activation | None:
    for activation in CATALOGUE.values():
        if activation.pl is not None and activation.pl == pl:
            return activation
    return None


# ------------------------------------------------------------- expressions

_PL_FUNCTIONS = {"abs", "Abs", "relu", "ReLU", "Relu", "Heaviside", "heaviside", "sign", "sgn", "max", "Max", "min", "Min"}
_SMOOTH_FUNCTIONS = {
    "sigmoid": _sigmoid, "tanh": np.tanh, "exp": np.exp, "log": np.log, "sqrt": np.sqrt,
    "sin": np.sin, "cos": np.cos, "softplus": lambda z: np.logaddexp(0.0, z),
}


def _parse(text: str) -> ast.Expression:
    """Parse with the project's safe parser; a strict local walk when it is not installed."""
    try:
        from grader.expressions.parser import ExpressionError, parse_expression  # type: ignore
    except ImportError:  # the shared parser is not there yet: same contract, local check
        return _fallback_parse(text)
    try:
        # our own spellings, so names reach the walker below as written (no canonical renaming)
        return parse_expression(text, ["z"], functions=sorted(_PL_FUNCTIONS | set(_SMOOTH_FUNCTIONS)))
    except ExpressionError as exc:
        raise ActivationError(f"activation {text!r} could not be read: {exc}") from None
    except Exception as exc:  # a parser bug must not crash grading
        raise ActivationError(f"activation {text!r} could not be read ({type(exc).__name__})") from None


_ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Constant, ast.Load,
                  ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)


def _fallback_parse(text: str) -> ast.Expression:
    try:
        tree = parse_python(text.replace("^", "**"), mode="eval")
    except SyntaxError:
        raise ActivationError(f"activation {text!r} is neither a known name nor a valid expression in z") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ActivationError(f"activation {text!r} uses {type(node).__name__}, which is not allowed")
        if isinstance(node, ast.Call) and (not isinstance(node.func, ast.Name) or node.keywords):
            raise ActivationError(f"activation {text!r}: only plain function calls are allowed")
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, (int, float))):
            raise ActivationError(f"activation {text!r} contains a non-numeric constant")
    return tree


def activation_from_expression(text: str) -> Activation:
    tree = _parse(text)
    _check_names(tree, text)
    try:
        pl = _to_pl(tree.body, text)
    except NotPiecewiseLinear:
        pl = None
    if pl is not None:
        matched = match_catalogue(pl)
        if matched is not None:
            return _with_source(matched, text)
        return Activation("expression", f"piecewise-linear expression {text}", pl=pl, source=text)
    body = tree.body

    def smooth(z: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(_to_float(body, z), dtype=float), np.shape(z)).copy()

    return Activation("expression", f"expression {text}", smooth=smooth, source=text)


def _check_names(tree: ast.Expression, text: str) -> None:
    known = _PL_FUNCTIONS | set(_SMOOTH_FUNCTIONS)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in known:
                name = getattr(node.func, "id", "?")
                raise ActivationError(f"activation {text!r} calls {name}(), which is not an allowed function")
        elif isinstance(node, ast.Name):
            if node.id not in known and node.id != "z":
                raise ActivationError(f"activation {text!r} uses the name {node.id!r}; write it as a function of z")


def _const(node: ast.AST) -> Fraction | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        if isinstance(node.value, float):
            if not math.isfinite(node.value):
                raise ActivationError("an activation contains a non-finite number")
            return Q(repr(node.value))
        return Q(node.value)
    return None


def _to_pl(node: ast.AST, text: str) -> PiecewiseLinear:
    c = _const(node)
    if c is not None:
        return PiecewiseLinear.constant(c)
    if isinstance(node, ast.Name):
        if node.id == "z":
            return IDENTITY
        raise NotPiecewiseLinear(node.id)
    if isinstance(node, ast.UnaryOp):
        inner = _to_pl(node.operand, text)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        left, right = _to_pl(node.left, text), _to_pl(node.right, text)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            if right.breakpoints or right.pieces[0][0] != 0:
                raise NotPiecewiseLinear("division by a function of z")
            divisor = right.pieces[0][1]
            if divisor == 0:
                raise ActivationError(f"activation {text!r} divides by zero")
            return left.scaled(1 / divisor)
        if isinstance(node.op, ast.Pow):
            if right.breakpoints or right.pieces[0][0] != 0:
                raise NotPiecewiseLinear("power")
            exponent = right.pieces[0][1]
            if exponent == 1:
                return left
            if exponent == 0:
                return PiecewiseLinear.constant(ONE)
            if left.breakpoints or left.pieces[0][0] == 0:  # constant ** constant
                base = left.pieces[0][1]
                if exponent.denominator == 1 and (base != 0 or exponent > 0) and abs(exponent) <= 64:
                    return PiecewiseLinear.constant(base ** int(exponent))
            raise NotPiecewiseLinear("power")
        raise NotPiecewiseLinear(type(node.op).__name__)
    if isinstance(node, ast.Call):
        name = node.func.id
        args = node.args
        if name in _SMOOTH_FUNCTIONS:
            raise NotPiecewiseLinear(name)
        if name in ("Heaviside", "heaviside"):
            if len(args) == 1:
                raise ActivationError(
                    f"activation {text!r}: Heaviside(z) leaves the value at z = 0 open; write Heaviside(z, 0) "
                    "for I(z>0) or Heaviside(z, 1) for I(z>=0)")
            if len(args) != 2 or _const(args[1]) is None:
                raise ActivationError(f"activation {text!r}: Heaviside takes z and a number for its value at 0")
            return heaviside(_const(args[1])).compose(_to_pl(args[0], text))
        if name in ("max", "Max", "min", "Min"):
            if len(args) < 2:
                raise ActivationError(f"activation {text!r}: {name} needs at least two arguments")
            parts = [_to_pl(a, text) for a in args]
            result = parts[0]
            for other in parts[1:]:
                spread = ABS.compose(result - other)
                total = result + other
                result = (total + spread if name.lower() == "max" else total - spread).scaled(Q(1, 2))
            return result
        if len(args) != 1:
            raise ActivationError(f"activation {text!r}: {name} takes one argument")
        inner = _to_pl(args[0], text)
        outer = {"abs": ABS, "Abs": ABS, "relu": RELU, "ReLU": RELU, "Relu": RELU, "sign": SIGN, "sgn": SIGN}[name]
        return outer.compose(inner)
    raise NotPiecewiseLinear(type(node).__name__)


def _to_float(node: ast.AST, z: np.ndarray):
    c = _const(node)
    if c is not None:
        return float(c)
    if isinstance(node, ast.Name):
        return z
    if isinstance(node, ast.UnaryOp):
        inner = _to_float(node.operand, z)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        a, b = _to_float(node.left, z), _to_float(node.right, z)
        with np.errstate(all="ignore"):
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if isinstance(node.op, ast.Div):
                return a / b
            if isinstance(node.op, ast.Pow):
                return np.power(a, b)
    if isinstance(node, ast.Call):
        name = node.func.id
        values = [_to_float(a, z) for a in node.args]
        if name in _SMOOTH_FUNCTIONS:
            with np.errstate(all="ignore"):
                return _SMOOTH_FUNCTIONS[name](values[0])
        if name in ("abs", "Abs"):
            return np.abs(values[0])
        if name in ("relu", "ReLU", "Relu"):
            return np.maximum(values[0], 0.0)
        if name in ("sign", "sgn"):
            return np.sign(values[0])
        if name in ("Heaviside", "heaviside"):
            return np.heaviside(values[0], values[1])
        if name in ("max", "Max"):
            return np.maximum.reduce(np.broadcast_arrays(*values))
        if name in ("min", "Min"):
            return np.minimum.reduce(np.broadcast_arrays(*values))
    raise ActivationError("unsupported expression")


def describe_names() -> str:
    """One line listing accepted activation names (for templates and messages)."""
    return ", ".join(["hard_threshold", "I(z>0)", "I(z>=0)", "I(z<0)", "I(z<=0)", "1 - I(z>=0)", "indicator",
                      "identity", "relu", "abs", "sigmoid", "tanh"]) + ", or an expression in z such as 'Heaviside(z, 0)'"


def all_catalogue_names() -> Iterable[str]:
    return CATALOGUE.keys()
