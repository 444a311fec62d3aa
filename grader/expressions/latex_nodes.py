"""The ``ast`` nodes the LaTeX reader builds, each placed at the column of the text it comes from.

Every node is on line 1 at its column (``col_offset``), so the validator's and the rewrites' errors name
the student's column.  Also the few questions the reader asks of a built node (a plain number? an
indicator?) and the spellings a decorated, subscripted name may have among the declared names.  Shared
by the reader's modules (``latex_*.py``); the leading underscores say that they are private to that reader.
"""

from __future__ import annotations

import ast
import itertools

from .policy import ParsePolicy
from .rewrite import mark_juxtaposed


def _at(node: ast.AST, pos: int) -> ast.AST:
    node.lineno = node.end_lineno = 1
    node.col_offset = node.end_col_offset = pos
    return node


def _name(name: str, pos: int) -> ast.Name:
    return _at(ast.Name(id=name, ctx=ast.Load()), pos)


def _binop(left: ast.AST, op: ast.operator, right: ast.AST, pos: int) -> ast.BinOp:
    return _at(ast.BinOp(left=left, op=op, right=right), pos)


def _juxtaposed(node: ast.BinOp) -> ast.BinOp:
    """Mark a product written by juxtaposition (see :data:`~.rewrite.JUXTAPOSED`)."""
    mark_juxtaposed(node)
    return node


def _call(name: str, args: list[ast.AST], pos: int) -> ast.Call:
    return _at(ast.Call(func=_name(name, pos), args=args, keywords=[]), pos)


def _negate(node: ast.AST, pos: int) -> ast.UnaryOp:
    return _at(ast.UnaryOp(op=ast.USub(), operand=node), pos)


def _number(text: str, pos: int) -> ast.Constant:
    value: int | float = float(text) if any(c in text for c in ".eE") else int(text)  # 1e999 is inf: refused later
    return _at(ast.Constant(value), pos)


def _is_numeric(node: ast.AST) -> bool:
    """A plain number (no symbols): multiplying by it is scaling, even in matrix answers."""
    return all(not isinstance(n, ast.Name) or n.id in ("pi", "E") for n in ast.walk(node))


def _is_indicator(node: ast.AST, policy: ParsePolicy) -> bool:
    """A product of Heaviside steps, as :func:`~.parser.indicator` builds them."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _is_indicator(node.left, policy) and _is_indicator(node.right, policy)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id == policy.spelling_for("Heaviside") and len(node.args) == 2


def _name_candidates(base: str, sub: str | None, decorations: list[str]) -> list[str]:
    """Spellings a decorated, subscripted LaTeX name may have among the declared names.  Several
    decorations are tried in the order written, then the other orders: ``\\bar{y}'`` is the adjoint
    of y' (``y_prime_bar``) as handouts write it, although the prime comes last."""
    orders = dict.fromkeys(itertools.permutations(decorations))  # the written order first
    return list(dict.fromkeys(candidate for order in orders for candidate in _spellings(base, sub, list(order))))


def _spellings(base: str, sub: str | None, decorations: list[str]) -> list[str]:
    decoration = "_".join(decorations)
    if not sub and not decoration:
        return [base]
    if not decoration:
        return [f"{base}_{sub}", f"{base}{sub}"]
    if not sub:
        return [f"{base}_{decoration}", f"{base}{decoration.replace('_', '')}", f"{decoration}_{base}"]
    return [f"{base}{sub}_{decoration}", f"{base}_{sub}_{decoration}", f"{base}_{decoration}_{sub}",
            f"{base}_{decoration}{sub}"]
