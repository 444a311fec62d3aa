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
    return _expanded(steps, node, {})


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


def renamed_expression(text: str, mapping: dict[str, str]) -> str:
    """A staff-written per-example expression with some names replaced, for a data set stacked into
    matrices (the loss of y_hat and y written for F and Y); squares become elementwise products."""
    tree = copy.deepcopy(parse_trusted(text).body)

    class _Rename(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            return ast.Name(id=mapping.get(node.id, node.id), ctx=node.ctx)

        def visit_Call(self, node: ast.Call) -> ast.AST:
            node.args = [self.visit(arg) for arg in node.args]
            return node

        def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
            self.generic_visit(node)
            if isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant) and node.right.value == 2:
                # on vectors ** 2 squares entries; on the matrices a data set stacks into it would be a
                # matrix power, so the square is written elementwise
                return ast.BinOp(left=node.left, op=ast.Mult(), right=copy.deepcopy(node.left))
            return node

    return ast.unparse(_Rename().visit(tree))


def nyu_forward_from(node: str, earlier: str, earlier_node: str, f: str = "5relu", g: str = "identity",
                     loss: str = "mse") -> str:
    """Follow-through: ``node`` written out with the student's own expression for an earlier node.

    ``earlier`` is the student's answer for ``earlier_node`` (in x, y, W1, b1, W2, b2).  It is read by
    the safe answer parser (:func:`grader.expressions.matrix.parsing.parse_matrix_answer`), which
    bounds and validates it; only that validated tree, written back as text, is substituted into the
    network's own step for ``node``.  Raises ValueError when it cannot be read (no follow-through).
    """
    from grader.expressions.matrix.errors import MatrixEvalError
    from grader.expressions.matrix.parsing import parse_matrix_answer

    spec = backprop.nyu_network(f=f, g=g, loss=loss)
    order = spec.step_names()
    if node not in order or earlier_node not in order or order.index(earlier_node) >= order.index(node):
        raise ValueError(f"{earlier_node!r} is not a step before {node!r}")
    inputs = [t.name for t in spec.tensors]
    try:
        student = parse_matrix_answer(earlier, inputs).body
    except MatrixEvalError as error:
        raise ValueError(f"the earlier answer cannot be read: {error}") from None
    steps = {step.name: step.expression for step in spec.steps}
    return _expanded(steps, node, {earlier_node: student})


def _expanded(steps: dict[str, str], node: str, known: dict[str, ast.expr]) -> str:
    """``node``'s expression with every earlier step substituted (``known``: steps given as trees)."""
    cache = dict(known)

    def expand(name: str) -> ast.expr:
        if name not in cache:
            tree = copy.deepcopy(parse_trusted(steps[name]).body)
            cache[name] = _Substitute(steps, expand).visit(tree)
        return copy.deepcopy(cache[name])

    return ast.unparse(expand(node))
