"""The homework networks of reference/backprop.py, and their gradients cross-checked in SymPy."""

from __future__ import annotations

import ast

import numpy as np
import pytest
import sympy

from grader.expressions.graph.declarations import parse_trusted
from grader.expressions.graph.instances import sample_instance
from grader.expressions.graph.quantity import GraphQuantity
from grader.expressions.graph.spec import ForwardSpec
from nn_reference.backprop import (
    columbia_fall_network,
    columbia_spring_network,
    network,
    nyu_network,
    quantity,
    toronto_network,
)


def test_spring_network_is_the_handouts():
    spec = columbia_spring_network()
    assert [(s.name, s.expression) for s in spec.steps] == [
        ("a1", "W1 @ x + b1"), ("c1", "relu(a1)"), ("a2", "W2 @ x + b2"), ("c2", "sigmoid(a2)"), ("g", "c1 * c2"),
        ("y", "W3 @ g + W4 @ x"), ("y_prime", "softmax(y)"), ("S", "sum(t * log(y_prime))"), ("J", "-S")]
    assert spec.loss() == "J"


def test_spring_computation_graph_edges():
    assert set(columbia_spring_network().edges()) == {
        ("x", "a1"), ("a1", "c1"), ("x", "a2"), ("a2", "c2"), ("c1", "g"), ("c2", "g"), ("g", "y"), ("x", "y"),
        ("y", "y_prime"), ("y_prime", "S"), ("t", "S"), ("S", "J")}
    with_parameters = set(columbia_spring_network().edges(include_parameters=True))
    assert {("W1", "a1"), ("b1", "a1"), ("W3", "y"), ("W4", "y")} <= with_parameters


def test_fall_network_edges_include_the_sum_node():
    edges = set(columbia_fall_network().edges())
    assert {("a1", "u"), ("a2", "u"), ("u", "c2"), ("a1", "c1"), ("c1", "g"), ("c2", "g")} <= edges
    assert not any("Wg" in edge for edge in edges)


def test_toronto_renames_the_hidden_nodes():
    spec = toronto_network()
    assert spec.step_names() == ["z1", "h1", "z2", "h2", "g", "y", "y_prime", "S", "J"]
    assert next(s.expression for s in spec.steps if s.name == "g") == "h1 * h2"
    assert network("columbia_spring", names={"a1": "z1"}).step_names()[0] == "z1"


def test_nyu_variants():
    assert [s.expression for s in nyu_network().steps] == [
        "W1 @ x + b1", "5 * relu(z1)", "W2 @ z2 + b2", "z3", "sum((y_hat - y) ** 2)"]
    classification = nyu_network("tanh", "sigmoid", "bce")
    assert classification.steps[1].expression == "tanh(z1)"
    assert classification.tensor("y").distribution == "binary"
    with pytest.raises(ValueError):
        nyu_network("swish")
    with pytest.raises(ValueError):
        network("mit")


def test_quantity_validates_names():
    assert isinstance(quantity("nyu", "jacobian", "z2", "z1"), GraphQuantity)
    with pytest.raises(ValueError):
        quantity("nyu", "adjoint", "nope")
    with pytest.raises(ValueError):
        quantity("nyu", "jacobian", "z2")


# ---------------------------------------------------------------- SymPy cross-check


def _sympy_forward(spec: ForwardSpec, values: dict[str, sympy.Matrix]) -> sympy.Expr:
    """An independent evaluation of the forward steps in SymPy (staff text only)."""

    def elementwise(m, f):
        return m.applyfunc(f) if isinstance(m, sympy.MatrixBase) else f(m)

    def visit(node):
        if isinstance(node, ast.Constant):
            return sympy.Float(node.value)
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, ast.UnaryOp):
            return -visit(node.operand)
        if isinstance(node, ast.Attribute):
            return visit(node.value).T
        if isinstance(node, ast.BinOp):
            a, b = visit(node.left), visit(node.right)
            both = isinstance(a, sympy.MatrixBase) and isinstance(b, sympy.MatrixBase)
            if isinstance(node.op, ast.MatMult):
                return a * b
            if isinstance(node.op, ast.Mult):
                return a.multiply_elementwise(b) if both else a * b
            if isinstance(node.op, (ast.Add, ast.Sub)):
                # SymPy does not add a scalar to a matrix: broadcast it explicitly
                if isinstance(a, sympy.MatrixBase) and not both:
                    b = sympy.ones(*a.shape) * b
                elif isinstance(b, sympy.MatrixBase) and not both:
                    a = sympy.ones(*b.shape) * a
                return a + b if isinstance(node.op, ast.Add) else a - b
            if isinstance(node.op, ast.Div):
                return a / b
            if isinstance(node.op, ast.Pow):
                return elementwise(a, lambda e: e ** b)
            raise NotImplementedError(ast.dump(node))
        if isinstance(node, ast.Call):
            name = node.func.id
            args = [visit(a) for a in node.args]
            if name == "relu":
                return elementwise(args[0], lambda e: sympy.Max(0, e))
            if name == "sigmoid":
                return elementwise(args[0], lambda e: 1 / (1 + sympy.exp(-e)))
            if name == "tanh":
                return elementwise(args[0], sympy.tanh)
            if name == "log":
                return elementwise(args[0], sympy.log)
            if name == "softmax":
                exps = args[0].applyfunc(sympy.exp)
                return exps / sum(exps)
            if name == "sum":
                return sum(args[0])
            if name == "mean":
                return sum(args[0]) / len(args[0])
            if name == "concat":
                return sympy.Matrix.vstack(*args)
            if name == "hconcat":
                return sympy.Matrix.hstack(*args)
        raise NotImplementedError(ast.dump(node))

    env = dict(values)
    for step in spec.steps:
        env[step.name] = visit(parse_trusted(step.expression).body)
    return env[spec.loss()]


@pytest.mark.parametrize("build,dims", [
    (columbia_spring_network, {"D": 3, "H": 2, "K": 4}),
    (columbia_fall_network, {"D": 3, "H": 2, "G": 4, "K": 5}),
    (lambda: nyu_network("tanh", "sigmoid", "bce"), {"D": 3, "H": 2, "K": 4}),
])
def test_reverse_mode_gradient_equals_sympy(build, dims):
    spec = build()
    instance = sample_instance(spec, np.random.default_rng(8), dims)
    x = sympy.Matrix(sympy.symbols(f"x0:{dims['D']}"))
    values = {t.name: sympy.Matrix(instance.values[t.name].tolist()) for t in spec.tensors}
    values["x"] = x
    loss = _sympy_forward(spec, values)
    point = dict(zip(x, instance.values["x"].reshape(-1)))
    gradient = np.array([float(sympy.diff(loss, xi).subs(point).evalf()) for xi in x]).reshape(-1, 1)
    np.testing.assert_allclose(instance.adjoints["x"], gradient, rtol=1e-8, atol=1e-10)
    assert float(loss.subs(point)) == pytest.approx(float(instance.values[spec.loss()]))
