"""Forward-pass outputs written out in a network's inputs and parameters only.

"Write down the output of each layer; you can only use the variables specified
before" (NYU DL hw1, 1.2) asks for each node as a formula in x, the weights and
biases -- not in the names of the intermediate outputs.  The formula is
computed by substituting the network's forward steps (reference/backprop.py)
into each other, and returned as a matrix-expression string; the rubric item
declares the shapes of the allowed names (``options.symbols``), so an answer
that just names the node (``"z1"`` for z1) is not an expression in the allowed
names and cannot pass.
"""

from __future__ import annotations

import ast
import copy

from grader.expressions.graph.declarations import parse_trusted
from grader.expressions.graph.spec import ForwardSpec

from . import backprop


def inlined(spec: ForwardSpec, node: str) -> str:
    """The expression of ``node`` with every earlier step substituted, as text."""
    steps = {step.name: step.expression for step in spec.steps}
    if node not in steps:
        raise ValueError(f"{node!r} is not a step of {spec.title!r}")
    cache: dict[str, ast.expr] = {}

    def expand(name: str) -> ast.expr:
        if name not in cache:
            tree = copy.deepcopy(parse_trusted(steps[name]).body)
            cache[name] = _Substitute(steps, expand).visit(tree)
        return copy.deepcopy(cache[name])

    return ast.unparse(expand(node))


class _Substitute(ast.NodeTransformer):
    def __init__(self, steps: dict[str, str], expand):
        self.steps, self.expand = steps, expand

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return self.expand(node.id) if node.id in self.steps else node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        node.args = [self.visit(arg) for arg in node.args]  # the callee is a function name, never a node
        return node


def nyu_forward(node: str, f: str = "5relu", g: str = "identity", loss: str = "mse") -> str:
    """NYU hw1: ``node`` (z1, z2, z3, y_hat or ell) in x, y, W1, b1, W2, b2."""
    return inlined(backprop.nyu_network(f=f, g=g, loss=loss), node)
