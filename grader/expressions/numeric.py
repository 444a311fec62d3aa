"""Evaluating expressions at points, without ``exec`` or ``lambdify``.

Both kinds of expression are turned into a tree of small Python closures:

* a validated student ``ast`` tree (:func:`compile_tree`) -- only the node
  types the parser's whitelist lets through are handled, so an evaluator
  cannot do anything but arithmetic and the table's functions;
* a trusted SymPy expression from a reference (:func:`compile_sympy`).

Real-valued semantics: a value outside the real domain (log of a
non-positive number, sqrt of a negative, division by zero, a negative base
to a non-integer power) raises :class:`Undefined`; a point is never
evaluated in complex numbers.

Three backends:

* ``FLOAT``  -- Python floats, fast; a non-finite result raises :class:`OutOfRange`
  so the caller can retry in ``MP``;
* ``MP``     -- mpmath with 50 significant digits (a private context, so the
  global mpmath precision is untouched); magnitudes beyond e**(10**7), and
  sin/cos of arguments beyond 10**6, raise :class:`OutOfRange` instead of
  taking unbounded time;
* ``EXACT``  -- ``fractions.Fraction`` for rational expressions (integer
  powers with bounded size); anything irrational raises :class:`NotExact`.

Decimal literals are exact: ``0.1`` is 1/10 (see :func:`literal_fraction`).
"""

from __future__ import annotations

import ast
import math
from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable, Mapping, Sequence

import mpmath
import sympy
from sympy.core.function import AppliedUndef

from .functions import canonical

Point = Mapping[str, Fraction]
Evaluator = Callable[[Mapping[str, Any]], Any]


from ..errors import Undefined, OutOfRange, NotExact, Unsupported  # noqa: F401 -- defined in grader.errors, importable here as before


def literal_fraction(value: int | float) -> Fraction:
    """The exact number a literal denotes: a float literal is the decimal it prints as (0.1 -> 1/10)."""
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(value))


# ---------------------------------------------------------------- backends


class _Backend:
    name = "abstract"

    def number(self, value: Fraction) -> Any:
        raise NotImplementedError

    def env(self, point: Point) -> dict[str, Any]:
        return {name: self.number(value) for name, value in point.items()}

    @staticmethod
    def add(a, b):
        return a + b

    @staticmethod
    def sub(a, b):
        return a - b

    @staticmethod
    def mul(a, b):
        return a * b

    @staticmethod
    def neg(a):
        return -a

    def div(self, a, b):
        if b == 0:
            raise Undefined("division by zero")
        return a / b

    def finish(self, value):
        return value

    # generic functions, written with the backend's primitives
    def abs(self, x):
        return abs(x)

    def sign(self, x):
        return self.number(Fraction((x > 0) - (x < 0)))

    def relu(self, x):
        return x if x > 0 else self.number(Fraction(0))

    def max(self, *xs):
        return max(xs)

    def min(self, *xs):
        return min(xs)

    def Heaviside(self, x, at_zero=None):
        if x > 0:
            return self.number(Fraction(1))
        if x < 0:
            return self.number(Fraction(0))
        return at_zero if at_zero is not None else self.number(Fraction(1, 2))

    def sigmoid(self, x):
        one = self.number(Fraction(1))
        if x >= 0:
            return self.div(one, one + self.exp(-x))
        e = self.exp(x)  # never overflows for x < 0
        return self.div(e, one + e)

    def function(self, name: str) -> Callable:
        method = getattr(self, _FUNCTION_METHODS.get(name, "_none"), None)
        if method is None:
            raise Unsupported(f"the function {name}() cannot be evaluated here")
        return method


_FUNCTION_METHODS = {name: name for name in (
    "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "sin", "cos", "sigmoid", "relu", "max", "min",
    "Heaviside", "sign", "floor", "ceil", "factorial")}


class _FloatBackend(_Backend):
    name = "float"

    def number(self, value: Fraction) -> float:
        return float(value)

    def constant(self, name: str) -> float:
        return math.pi if name == "pi" else math.e

    def power(self, a, b):
        if a == 0 and b < 0:
            raise Undefined("zero to a negative power")
        if a < 0 and b != math.floor(b):
            raise Undefined("negative number to a fractional power")
        try:
            result = a**b
        except OverflowError:
            raise OutOfRange("overflow") from None
        except ZeroDivisionError:
            raise Undefined("zero to a negative power") from None
        if isinstance(result, complex):
            raise Undefined("complex power")
        return result

    def finish(self, value):
        if not math.isfinite(value):
            raise OutOfRange("not finite in floating point")
        return value

    def exp(self, x):
        if x > 700:
            raise OutOfRange("exp overflow")
        return math.exp(x)

    def log(self, x):
        if x <= 0:
            raise Undefined("log of a non-positive number")
        return math.log(x)

    def sqrt(self, x):
        if x < 0:
            raise Undefined("sqrt of a negative number")
        return math.sqrt(x)

    def tanh(self, x):
        return math.tanh(x)

    def sinh(self, x):
        return self._guard(math.sinh, x)

    def cosh(self, x):
        return self._guard(math.cosh, x)

    def sin(self, x):
        return math.sin(x)

    def cos(self, x):
        return math.cos(x)

    def floor(self, x):
        return float(math.floor(x))

    def ceil(self, x):
        return float(math.ceil(x))

    def factorial(self, x):
        if x < 0 and x == math.floor(x):
            raise Undefined("factorial of a negative integer")
        if x > 170:
            raise OutOfRange("factorial overflow")
        return math.gamma(x + 1)

    @staticmethod
    def _guard(function, x):
        try:
            return function(x)
        except OverflowError:
            raise OutOfRange("overflow") from None


class _MpBackend(_Backend):
    name = "mp"
    LOG_LIMIT = 1e7  # |log(value)| beyond this is out of range: keeps every operation fast

    def __init__(self, digits: int = 50):
        self.ctx = mpmath.MPContext()
        self.ctx.dps = digits
        self.equal_tolerance = self.ctx.mpf(10) ** (-(digits - 10))
        self._numbers: dict[Fraction, Any] = {}

    def number(self, value: Fraction):
        # Growth comparisons evaluate at the same few points again and again; mpf values are
        # immutable, so a conversion is done once.
        converted = self._numbers.get(value)
        if converted is None:
            converted = self.ctx.mpf(value.numerator) / value.denominator
            if len(self._numbers) < 4096:
                self._numbers[value] = converted
        return converted

    def constant(self, name: str):
        return +self.ctx.pi if name == "pi" else self.ctx.e + 0

    def power(self, a, b):
        ctx = self.ctx
        if a == 0:
            if b < 0:
                raise Undefined("zero to a negative power")
            return ctx.mpf(1) if b == 0 else ctx.mpf(0)
        if a < 0 and not ctx.isint(b):
            raise Undefined("negative number to a fractional power")
        # |log a| <= (|mag a| + 3) ln 2 (mpmath's mag is within 2 of log2 |a|): the 50-digit
        # logarithm is only needed when that bound does not already settle the range check.
        if abs(b) * ((abs(ctx.mag(a)) + 3) * 0.6931471805599453) > self.LOG_LIMIT and \
                abs(b) * abs(ctx.log(abs(a))) > self.LOG_LIMIT:
            raise OutOfRange("power beyond range")
        result = ctx.power(a, b)
        if isinstance(result, mpmath.ctx_mp_python.mpc):  # pragma: no cover - guarded above
            raise Undefined("complex power")
        return result

    def exp(self, x):
        if x > self.LOG_LIMIT:
            raise OutOfRange("exp beyond range")
        return self.ctx.exp(x)

    def log(self, x):
        if x <= 0:
            raise Undefined("log of a non-positive number")
        return self.ctx.log(x)

    def sqrt(self, x):
        if x < 0:
            raise Undefined("sqrt of a negative number")
        return self.ctx.sqrt(x)

    def tanh(self, x):
        return self.ctx.tanh(x)

    def sinh(self, x):
        if abs(x) > self.LOG_LIMIT:
            raise OutOfRange("sinh beyond range")
        return self.ctx.sinh(x)

    def cosh(self, x):
        if abs(x) > self.LOG_LIMIT:
            raise OutOfRange("cosh beyond range")
        return self.ctx.cosh(x)

    def sin(self, x):
        if abs(x) > 1e6:
            raise OutOfRange("sin of a huge argument")
        return self.ctx.sin(x)

    def cos(self, x):
        if abs(x) > 1e6:
            raise OutOfRange("cos of a huge argument")
        return self.ctx.cos(x)

    def floor(self, x):
        return self.ctx.floor(x)

    def ceil(self, x):
        return self.ctx.ceil(x)

    def factorial(self, x):
        if x < 0 and self.ctx.isint(x):
            raise Undefined("factorial of a negative integer")
        if x > 1e6:
            raise OutOfRange("factorial beyond range")
        return self.ctx.factorial(x)


class _ExactBackend(_Backend):
    name = "exact"
    MAX_BITS = 100_000

    def number(self, value: Fraction) -> Fraction:
        return Fraction(value)

    def constant(self, name: str):
        raise NotExact(name)

    def power(self, a: Fraction, b: Fraction):
        if b.denominator != 1:
            raise NotExact("fractional power")
        exponent = int(b)
        if a == 0:
            if exponent < 0:
                raise Undefined("zero to a negative power")
            return Fraction(1 if exponent == 0 else 0)
        bits = max(a.numerator.bit_length(), a.denominator.bit_length())
        if bits * abs(exponent) > self.MAX_BITS:
            raise NotExact("power too large for exact arithmetic")
        return a**exponent

    def factorial(self, x: Fraction):
        if x.denominator != 1:
            raise NotExact("factorial of a fraction")
        if x < 0:
            raise Undefined("factorial of a negative integer")
        if x > 1000:
            raise NotExact("factorial too large")
        return Fraction(math.factorial(int(x)))

    def floor(self, x):
        return Fraction(math.floor(x))

    def ceil(self, x):
        return Fraction(math.ceil(x))

    def _irrational(self, *args):
        raise NotExact("irrational function")

    exp = log = sqrt = tanh = sinh = cosh = sin = cos = _irrational

    def sigmoid(self, x):
        if x == 0:
            return Fraction(1, 2)
        raise NotExact("sigmoid")


FLOAT = _FloatBackend()
MP = _MpBackend()
EXACT = _ExactBackend()


# ---------------------------------------------------------------- student trees


_BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "power"}


def compile_tree(tree: ast.AST, backend: _Backend) -> Evaluator:
    """An evaluator ``env -> value`` for a validated tree (scalar language only)."""
    node = tree.body if isinstance(tree, ast.Expression) else tree
    inner = _compile_node(node, backend)
    finish = backend.finish
    return lambda env: finish(inner(env))


def _compile_node(node: ast.AST, backend: _Backend) -> Evaluator:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _compile_node(node.left, backend), _compile_node(node.right, backend)
        operation = getattr(backend, _BINARY[type(node.op)])
        return lambda env: operation(left(env), right(env))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _compile_node(node.operand, backend)
        if isinstance(node.op, ast.UAdd):
            return operand
        neg = backend.neg
        return lambda env: neg(operand(env))
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        value = backend.number(literal_fraction(node.value))
        return lambda env: value
    if isinstance(node, ast.Name):
        name = node.id
        if name in ("pi", "E"):
            constant = backend.constant
            return lambda env: env[name] if name in env else constant(name)
        return lambda env: env[name]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        function = backend.function(canonical(node.func.id))
        args = [_compile_node(arg, backend) for arg in node.args]
        if len(args) == 1:
            only = args[0]
            return lambda env: function(only(env))
        return lambda env: function(*(arg(env) for arg in args))
    raise Unsupported(f"{type(node).__name__} cannot be evaluated as a scalar")


# ---------------------------------------------------------------- SymPy references


_SYMPY_FUNCTIONS = {
    sympy.exp: "exp", sympy.log: "log", sympy.Abs: "abs", sympy.tanh: "tanh", sympy.sinh: "sinh",
    sympy.cosh: "cosh", sympy.sin: "sin", sympy.cos: "cos", sympy.sign: "sign", sympy.floor: "floor",
    sympy.ceiling: "ceil", sympy.Max: "max", sympy.Min: "min", sympy.Heaviside: "Heaviside",
    sympy.factorial: "factorial",
}


@lru_cache(maxsize=512)
def compile_sympy(expr: sympy.Basic, backend: _Backend) -> Evaluator:
    """An evaluator for a trusted SymPy expression (cached: references repeat across students)."""
    inner = _compile_sympy(as_sympy(expr), backend)
    finish = backend.finish
    return lambda env: finish(inner(env))


def as_sympy(value: Any) -> sympy.Basic:
    """A reference value as a SymPy object: SymPy objects and plain numbers only (never text)."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        raise Unsupported(f"expected a SymPy expression or a number, got {type(value).__name__}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Unsupported("the reference value is not finite")
        return sympy.Float(value)
    value = Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)


def _compile_sympy(expr: sympy.Basic, backend: _Backend) -> Evaluator:
    if expr.is_Symbol:
        name = expr.name
        return lambda env: env[name]
    if expr.is_Rational:
        value = backend.number(Fraction(int(expr.p), int(expr.q)))
        return lambda env: value
    if expr.is_Float:
        value = backend.number(Fraction(str(expr)))
        return lambda env: value
    if expr is sympy.pi or expr is sympy.E:
        name = "pi" if expr is sympy.pi else "E"
        constant = backend.constant
        return lambda env: constant(name)
    if expr.is_Add or expr.is_Mul:
        parts = [_compile_sympy(arg, backend) for arg in expr.args]
        combine = backend.add if expr.is_Add else backend.mul

        def fold(env, parts=parts, combine=combine):
            total = parts[0](env)
            for part in parts[1:]:
                total = combine(total, part(env))
            return total

        return fold
    if expr.is_Pow:
        base, exponent = (_compile_sympy(arg, backend) for arg in expr.args)
        if expr.args[1] == -1:  # x**-1: division keeps the exact backend exact and the message clear
            one = backend.number(Fraction(1))
            return lambda env: backend.div(one, base(env))
        return lambda env: backend.power(base(env), exponent(env))
    function_name = _SYMPY_FUNCTIONS.get(expr.func)
    if function_name is None and isinstance(expr, AppliedUndef):
        function_name = canonical(expr.func.__name__)
    if function_name is not None:
        function = backend.function(function_name)
        args = [_compile_sympy(arg, backend) for arg in expr.args]
        return lambda env: function(*(arg(env) for arg in args))
    raise Unsupported(f"the reference uses {type(expr).__name__}, which cannot be evaluated numerically")


# ---------------------------------------------------------------- conditions (relations)


_COMPARE = {ast.Lt: lambda c: c < 0, ast.LtE: lambda c: c <= 0, ast.Gt: lambda c: c > 0,
            ast.GtE: lambda c: c >= 0, ast.Eq: lambda c: c == 0, ast.NotEq: lambda c: c != 0}
_SYMPY_COMPARE = {sympy.StrictLessThan: ast.Lt, sympy.LessThan: ast.LtE, sympy.StrictGreaterThan: ast.Gt,
                  sympy.GreaterThan: ast.GtE, sympy.Equality: ast.Eq, sympy.Unequality: ast.NotEq}


def compare_values(a: Any, b: Any, backend: _Backend) -> int:
    """-1, 0 or 1; in ``MP`` values within 1e-40 (relative) count as equal, so boundaries are exact enough."""
    if backend is MP:
        scale = max(abs(a), abs(b), 1)
        if abs(a - b) <= backend.equal_tolerance * scale:
            return 0
    elif backend is FLOAT:
        if abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1.0):
            return 0
    return (a > b) - (a < b)


def compile_condition_tree(tree: ast.AST, backend: _Backend) -> Callable[[Mapping[str, Any]], bool]:
    """A predicate for a validated relation tree (``Compare`` / ``BoolOp``)."""
    node = tree.body if isinstance(tree, ast.Expression) else tree
    if isinstance(node, ast.BoolOp):
        parts = [compile_condition_tree(value, backend) for value in node.values]
        if isinstance(node.op, ast.And):
            return lambda env: all(part(env) for part in parts)
        return lambda env: any(part(env) for part in parts)
    if isinstance(node, ast.Compare):
        operands = [_compile_node(operand, backend) for operand in (node.left, *node.comparators)]
        tests = [_COMPARE[type(op)] for op in node.ops]
        return _chain(operands, tests, backend)
    raise Unsupported(f"{type(node).__name__} is not a condition")


@lru_cache(maxsize=256)
def compile_condition_sympy(expr: sympy.Basic, backend: _Backend) -> Callable[[Mapping[str, Any]], bool]:
    """A predicate for a trusted SymPy relational / boolean combination."""
    if expr is sympy.true or expr is sympy.false:
        value = bool(expr)
        return lambda env: value
    if isinstance(expr, (sympy.And, sympy.Or)):
        parts = [compile_condition_sympy(arg, backend) for arg in expr.args]
        if isinstance(expr, sympy.And):
            return lambda env: all(part(env) for part in parts)
        return lambda env: any(part(env) for part in parts)
    if isinstance(expr, sympy.Not):
        part = compile_condition_sympy(expr.args[0], backend)
        return lambda env: not part(env)
    op = _SYMPY_COMPARE.get(type(expr))
    if op is None:
        raise Unsupported(f"the reference condition uses {type(expr).__name__}")
    operands = [_compile_sympy(expr.lhs, backend), _compile_sympy(expr.rhs, backend)]
    return _chain(operands, [_COMPARE[op]], backend)


def _chain(operands: Sequence[Evaluator], tests: Sequence[Callable[[int], bool]], backend: _Backend):
    finish = backend.finish

    def holds(env) -> bool:
        values = [finish(operand(env)) for operand in operands]
        return all(test(compare_values(values[i], values[i + 1], backend)) for i, test in enumerate(tests))

    return holds


def evaluate(evaluator_for: Callable[[_Backend], Evaluator], point: Point, backends: Sequence[_Backend] = (EXACT, MP)):
    """Evaluate with the first backend that can: NotExact / OutOfRange fall through to the next one."""
    last: Exception | None = None
    for backend in backends:
        try:
            return evaluator_for(backend)(backend.env(point)), backend
        except (NotExact, OutOfRange) as exc:
            last = exc
    raise OutOfRange(str(last))
