"""Reading validated trees: the names they mention, their source text, the functions they call."""

from __future__ import annotations

import ast
from typing import Iterator

from .functions import FUNCTIONS


def names_in(tree: ast.AST) -> set[str]:
    """The value names a tree mentions (function names excluded)."""
    return {node.id for node in value_name_nodes(tree)}


def value_name_nodes(tree: ast.AST) -> Iterator[ast.Name]:
    root = tree.body if isinstance(tree, ast.Expression) else tree
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            yield node
        elif isinstance(node, ast.Call):
            stack.extend(node.args)
        elif isinstance(node, ast.BinOp):
            stack.extend([node.left, node.right])
        elif isinstance(node, ast.UnaryOp):
            stack.append(node.operand)
        elif isinstance(node, ast.Attribute):
            stack.append(node.value)


def source_of(node: ast.AST) -> str:
    return ast.unparse(node)


def transposed_text(node: ast.AST) -> str:
    text = source_of(node)
    if isinstance(node, (ast.Name, ast.Call, ast.Attribute, ast.Constant)):
        return f"{text}.T"
    return f"({text}).T"


def activation_calls(tree: ast.AST) -> list[ast.Call]:
    """Calls of elementwise functions that have a derivative (activation functions), in tree order."""
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and FUNCTIONS.get(n.func.id) is not None and FUNCTIONS[n.func.id].elementwise
            and FUNCTIONS[n.func.id].derivative is not None and len(n.args) == 1]


def derivative_function_calls(tree: ast.AST) -> list[tuple[ast.Call, str]]:
    """Calls of functions that stand for a derivative (``step`` = ReLU'), with the activation they differentiate."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            function = FUNCTIONS.get(node.func.id)
            if function is not None and function.derivative_of:
                found.append((node, function.derivative_of))
    return found


def activation_name(call: ast.Call) -> str:
    """Canonical name of the function a call applies (``ReLU`` -> ``relu``)."""
    return FUNCTIONS[call.func.id].name
