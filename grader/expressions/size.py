"""How large an answer becomes once SymPy works on it: a bound checked on the parsed tree.

The parser already bounds the text (characters, parts, nesting, exponents).  What it cannot
see is growth: ``(a+b)*(c+d)*...`` has few parts but doubles its terms with every factor once
multiplied out, and each ``abs`` / ``max`` nested inside another doubles the cases a
piecewise function has.  Both are estimated here without building anything, from the tree
alone, and an answer beyond either bound is refused with a message, in microseconds, before
any checker expands, simplifies or takes it apart.

The estimates are upper bounds in the spirit of the worst case: terms add under ``+``,
multiply under ``*`` and ``/`` (a common denominator multiplies out), and grow like the number
of monomials under an integer power; cases (pieces of a piecewise function) add under
arithmetic (breakpoints are united) and double under ``abs``, ``relu``, ``sign``,
``Heaviside``, ``max`` and ``min``.
"""

from __future__ import annotations

import ast
from math import comb

MAX_EXPANDED_TERMS = 100_000
MAX_CASES = 256
_CAP = 10**12  # estimates stop growing here (they are only compared with the bounds)
PIECEWISE = {"abs", "Abs", "relu", "ReLU", "Relu", "sign", "sgn", "Heaviside", "heaviside", "step", "floor", "ceil",
             "max", "Max", "min", "Min"}


from ..errors import TooLarge  # noqa: F401 -- defined in grader.errors, importable here as before


def check_expanded_size(tree: ast.AST) -> None:
    """Raise :class:`TooLarge` when the answer would be too large once multiplied out or taken apart."""
    terms, cases = _estimate(tree.body if isinstance(tree, ast.Expression) else tree)
    if terms > MAX_EXPANDED_TERMS:
        raise TooLarge(f"the expression would have more than {MAX_EXPANDED_TERMS:,} terms once multiplied out; "
                       "simplify it first, e.g. (n + 1)^2 rather than a long product of sums")
    if cases > MAX_CASES:
        raise TooLarge(f"the expression has too many cases (more than {MAX_CASES} pieces from nested abs, max or "
                       "min); simplify it, e.g. write max(0, z) or abs(z - 1) without nesting")


def _cap(value: int) -> int:
    return value if value < _CAP else _CAP


def _estimate(node: ast.AST) -> tuple[int, int]:
    """(terms once multiplied out, pieces as a piecewise function), both capped."""
    terms, breakpoints = _walk(node)
    return terms, breakpoints + 1


def _walk(node: ast.AST) -> tuple[int, int]:
    """(terms once multiplied out, breakpoints as a piecewise function), both capped."""
    if isinstance(node, ast.BinOp):
        left_terms, left_breaks = _walk(node.left)
        if isinstance(node.op, ast.Pow):
            exponent = _integer(node.right)
            if exponent is None:
                right_terms, right_breaks = _walk(node.right)
                return _cap(left_terms + right_terms), _cap(left_breaks + right_breaks)
            power = abs(exponent)
            if power <= 1:
                return left_terms, left_breaks
            if left_terms == 1:
                return 1, left_breaks
            return _monomials(left_terms, power), left_breaks
        right_terms, right_breaks = _walk(node.right)
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return _cap(left_terms + right_terms), _cap(left_breaks + right_breaks)
        return _cap(left_terms * right_terms), _cap(left_breaks + right_breaks)
    if isinstance(node, ast.UnaryOp):
        return _walk(node.operand)
    if isinstance(node, ast.Call):
        parts = [_walk(arg) for arg in node.args]
        terms = _cap(sum(t for t, _ in parts)) if parts else 1
        breakpoints = _cap(sum(b for _, b in parts))
        if isinstance(node.func, ast.Name) and node.func.id in PIECEWISE:
            breakpoints = _cap(2 * breakpoints + 1)  # |f| of a k-piece f has up to 2k pieces
        return max(terms, 1), breakpoints
    if isinstance(node, (ast.Compare, ast.BoolOp)):
        children = [node.left, *node.comparators] if isinstance(node, ast.Compare) else node.values
        parts = [_walk(child) for child in children]
        return _cap(sum(t for t, _ in parts)), _cap(sum(c for _, c in parts))
    if isinstance(node, ast.Attribute):
        return _walk(node.value)
    return 1, 0


def _integer(node: ast.AST) -> int | None:
    """The exponent when it is a literal integer (or a negated one)."""
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
        value = node.value
        if isinstance(value, float) and value.is_integer() and abs(value) <= 10**6:
            value = int(value)
        if isinstance(value, int):
            return sign * value
    return None


def _monomials(terms: int, power: int) -> int:
    """Monomials of degree ``power`` in ``terms`` unknowns: an upper bound on the terms of (sum)^power."""
    if terms >= _CAP or power >= _CAP:
        return _CAP
    if terms > 64 and power > 64:
        return _CAP
    return _cap(comb(terms + power - 1, power))
