"""Reading the corpus's answer strings, independently of ``grader``.

The labeller must not share a line of code with the grader, so it has its own small reader:
LaTeX subset -> plain text -> a token stream with implicit products made explicit -> Python's
``ast`` (parsing only, never evaluated) -> a walk that builds a SymPy expression or evaluates
with NumPy.  The strings are the corpus's own (written by the project), not submissions.
"""

from __future__ import annotations

import ast
import re
from fractions import Fraction
from typing import Any, Callable, Iterable

import sympy as sp

FUNCTIONS = {"sqrt", "log", "ln", "exp", "max", "min", "Max", "Min", "abs", "Abs", "O", "relu", "step", "sigmoid",
             "sigmoid_prime", "softmax", "softmax_jacobian", "diag", "tanh", "eye", "sum", "inv", "pinv", "mean",
             "transpose", "outer", "Heaviside", "sign"}


class NotationError(ValueError):
    """The labeller cannot read a corpus string (the corpus test asserts this never happens unexpectedly)."""


_LATEX = [
    (r"\$", ""), (r"\\left", ""), (r"\\right", ""), (r"\\,", ""), (r"\\;", ""), (r"\\!", ""),
    (r"\\cdot", "*"), (r"\\times", "*"), (r"\\geq?", ">="), (r"\\leq?", "<="), (r"\\ln", "log"),
    (r"\\log", "log"), (r"\\exp", "exp"), (r"\\sigma", "sigma"), (r"\\mathcal\{O\}", "O"), (r"\\mathcal O", "O"),
    (r"\\max", "max"), (r"\\min", "min"), (r"\\operatorname\{(\w+)\}", r"\1"), (r"\\mathrm\{(\w+)\}", r"\1"),
]


def _replace_braced(text: str, command: str, arity: int, build: Callable[..., str]) -> str:
    """Rewrite ``\\command{a}{b}`` (nested braces allowed) with ``build(a, b)``."""
    while True:
        start = text.find(command + "{")
        if start < 0:
            return text
        position = start + len(command)
        arguments = []
        for _ in range(arity):
            while position < len(text) and text[position] == " ":
                position += 1
            if position >= len(text) or text[position] != "{":
                raise NotationError(f"{command} needs {arity} braced arguments")
            depth, begin = 0, position
            for position in range(begin, len(text)):
                depth += {"{": 1, "}": -1}.get(text[position], 0)
                if depth == 0:
                    break
            arguments.append(text[begin + 1:position])
            position += 1
        text = text[:start] + build(*arguments) + text[position:]


def from_latex(text: str) -> str:
    text = _replace_braced(text, r"\frac", 2, lambda a, b: f"(({a})/({b}))")
    text = _replace_braced(text, r"\sqrt", 1, lambda a: f"sqrt({a})")
    for pattern, replacement in _LATEX:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"([A-Za-z])_\{?(\d+)\}?", r"\1\2", text)      # w_1, w_{2} -> w1, w2
    return text


_TOKEN = re.compile(r"\s*(?:(\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*)"
                    r"|(\*\*|>=|<=|==|!=|[-+*/@()<>=,.\[\]|]))")


def tokens(text: str) -> list[tuple[str, str]]:
    out, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise NotationError(f"cannot read {text[position:position + 10]!r}")
        position = match.end()
        number, name, op = match.groups()
        out.append(("num", number) if number else ("name", name) if name else ("op", op))
    return out


def _split_name(name: str, symbols: Iterable[str]) -> list[str] | None:
    """``mn`` -> ``[m, n]`` when ``mn`` is not itself a known name but a run of known symbols."""
    known = sorted(set(symbols), key=len, reverse=True)
    if not name:
        return []
    for symbol in known:
        if name.startswith(symbol):
            rest = _split_name(name[len(symbol):], known)
            if rest is not None:
                return [symbol] + rest
    return None


def to_python(text: str, symbols: Iterable[str]) -> str:
    """Plain Python syntax for an answer string: ^ is a power, implicit products get a *, = is ==."""
    symbols = set(symbols)
    if "\\" in text or "$" in text:
        text = from_latex(text)
    text = re.sub(r"\b([A-Za-z])_\{?(\d+)\}?", lambda g: g.group(1) + g.group(2) if g.group(1) + g.group(2) in symbols else g.group(0), text)
    text = text.replace("{", "(").replace("}", ")").replace("^", "**").replace("·", "*").replace("×", "*").replace("σ", "sigma").replace("≥", ">=").replace("≤", "<=")
    expanded: list[tuple[str, str]] = []
    for kind, value in tokens(text):
        if kind == "name" and value not in symbols and value not in FUNCTIONS and value != "T":
            parts = _split_name(value, symbols)
            if parts and len(parts) > 1:
                expanded.extend(("name", part) for part in parts)
                continue
        expanded.append((kind, value))
    out: list[tuple[str, str]] = []
    for kind, value in expanded:
        if out:
            previous_kind, previous = out[-1]
            ends_value = previous_kind in ("num", "name") or previous in (")", "]")
            starts_value = kind in ("num", "name") or value == "("
            is_call = previous_kind == "name" and previous in FUNCTIONS and value == "("
            if ends_value and starts_value and not is_call:
                out.append(("op", "*"))
        if kind == "op" and value == "=":
            value = "=="
        out.append((kind, value))
    return " ".join(value for _, value in out).replace(" . ", ".")


def parse(text: str, symbols: Iterable[str]) -> ast.expr:
    source = to_python(text, symbols)
    source = re.sub(r"\|([^|]+)\|", r"abs(\1)", source)
    try:
        return ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise NotationError(f"not an expression: {source!r}") from exc


# ------------------------------------------------------------------ SymPy (scalar answers)

_SYMPY_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sqrt": sp.sqrt, "log": sp.log, "ln": sp.log, "exp": sp.exp, "max": sp.Max, "Max": sp.Max, "min": sp.Min,
    "Min": sp.Min, "abs": sp.Abs, "Abs": sp.Abs, "relu": lambda v: sp.Max(v, 0), "tanh": sp.tanh,
}


def number(text: str) -> sp.Rational:
    return sp.Rational(Fraction(text))


def to_sympy(node: ast.expr, symbols: dict[str, sp.Symbol]) -> Any:
    """A SymPy expression (or relation) from a parsed answer; ``O(f)`` becomes ("O", f)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return number(repr(node.value)) if isinstance(node.value, float) else sp.Integer(node.value)
    if isinstance(node, ast.Name):
        if node.id not in symbols:
            raise NotationError(f"unknown name {node.id!r}")
        return symbols[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = to_sympy(node.operand, symbols)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left, right = to_sympy(node.left, symbols), to_sympy(node.right, symbols)
        operations = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
                      ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a ** b}
        if type(node.op) not in operations:
            raise NotationError("unsupported operator")
        return operations[type(node.op)](left, right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        arguments = [to_sympy(a, symbols) for a in node.args]
        if node.func.id == "O":
            return ("O", arguments[0])
        if node.func.id not in _SYMPY_FUNCTIONS:
            raise NotationError(f"unknown function {node.func.id!r}")
        return _SYMPY_FUNCTIONS[node.func.id](*arguments)
    if isinstance(node, ast.Compare):
        parts, left = [], to_sympy(node.left, symbols)
        for op, comparator in zip(node.ops, node.comparators):
            right = to_sympy(comparator, symbols)
            parts.append((type(op).__name__, left, right))
            left = right
        return ("relation", parts)
    if isinstance(node, ast.BoolOp):
        return ("bool", type(node.op).__name__, [to_sympy(v, symbols) for v in node.values])
    raise NotationError(f"unsupported syntax {type(node).__name__}")


def read_scalar(text: Any, names: Iterable[str]) -> Any:
    names = list(names)
    if isinstance(text, bool):
        raise NotationError("a boolean is not an expression")
    if isinstance(text, (int, float)):
        return number(repr(text)) if isinstance(text, float) else sp.Integer(text)
    symbols = {name: sp.Symbol(name) for name in names}
    return to_sympy(parse(str(text), names), symbols)
