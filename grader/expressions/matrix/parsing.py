"""Answer text to a validated tree of the matrix language (through the safe parser only)."""

from __future__ import annotations

import ast
from typing import Iterable

from ..errors import ExpressionError
from ..parser import parse_expression
from .errors import AnswerSyntaxError, UnsupportedExpression
from .functions import FUNCTION_NAMES, FUNCTIONS

MAX_NODES = 2_000
MAX_DEPTH = 120


def parse_matrix_answer(text: str, names: Iterable[str]) -> ast.Expression:
    """Parse a student's answer with the safe parser in matrix mode, then check it against the function table.

    The parser (:mod:`grader.expressions.parser`) bounds size and depth, knows
    LaTeX and rewrites ``^``; this module never parses text itself.
    """
    try:
        tree = parse_expression(text, sorted(set(names)), functions=parser_functions(), matrix_ops=True)
    except ExpressionError as error:
        raise AnswerSyntaxError(str(error), getattr(error, "position", None), getattr(error, "suggestion", None)) from None
    return validate_tree(tree)


def parser_functions() -> frozenset[str]:
    """The function spellings the parser lets through: exactly the matrix function table.

    Passing our own collection makes the parser keep spellings as written
    (``ReLU`` stays ``ReLU``); :data:`FUNCTIONS` knows every one of them.
    """
    return FUNCTION_NAMES


_BINARY = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult)
_UNARY = (ast.USub, ast.UAdd)


def validate_tree(tree: ast.AST) -> ast.Expression:
    """Check that ``tree`` only holds nodes of the matrix language; returns it as an Expression.

    The parser already guarantees this; checking again here keeps the
    evaluator safe on its own (it may be handed trees built elsewhere).
    """
    if not isinstance(tree, ast.Expression):
        if isinstance(tree, ast.expr):
            tree = ast.Expression(body=tree)
        else:
            raise UnsupportedExpression(f"not an expression: {type(tree).__name__}")
    count = 0

    def visit(node: ast.AST, depth: int) -> None:
        nonlocal count
        count += 1
        if count > MAX_NODES:
            raise UnsupportedExpression(f"expression is too long (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise UnsupportedExpression(f"expression is nested too deeply (more than {MAX_DEPTH} levels)")
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, _BINARY):
                raise UnsupportedExpression(f"operator {type(node.op).__name__} is not allowed")
            visit(node.left, depth + 1)
            visit(node.right, depth + 1)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, _UNARY):
                raise UnsupportedExpression(f"operator {type(node.op).__name__} is not allowed")
            visit(node.operand, depth + 1)
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.keywords:
                raise UnsupportedExpression("only calls of known functions with plain arguments are allowed")
            function = FUNCTIONS.get(node.func.id)
            if function is None:
                raise UnsupportedExpression(f"unknown function {node.func.id!r} in a matrix expression")
            if not function.min_args <= len(node.args) <= function.max_args:
                expected = function.min_args if function.min_args == function.max_args else f"{function.min_args} to {function.max_args}"
                raise UnsupportedExpression(f"`{node.func.id}` takes {expected} argument(s), got {len(node.args)}")
            for arg in node.args:
                if isinstance(arg, ast.Starred):
                    raise UnsupportedExpression("starred arguments are not allowed")
                visit(arg, depth + 1)
        elif isinstance(node, ast.Attribute):
            if node.attr != "T":
                raise UnsupportedExpression(f"attribute .{node.attr} is not allowed (only .T)")
            visit(node.value, depth + 1)
        elif isinstance(node, ast.Name):
            pass
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise UnsupportedExpression(f"constant {node.value!r} is not a number")
        else:
            raise UnsupportedExpression(f"{type(node).__name__} is not allowed in a matrix expression")

    visit(tree.body, 0)
    return tree
