"""Forward graphs of the homework networks; every backprop reference is computed from them.

Each function returns a :class:`~grader.expressions.graph.spec.ForwardSpec`: the
forward computation exactly as the handout states it.  The ``backprop``
checker derives the reference adjoint of every node from it by reverse-mode
differentiation at random instances (cross-checked by finite differences), the
``graph`` checker derives the computation graph's edges from it, and
:func:`quantity` turns one of its adjoints, values or Jacobians into the
expected value of a single ``matrix_expression`` item.  No backward-pass
formula is typed in anywhere.

Names follow the handouts, written as Python identifiers: ``y_prime`` for y',
``W1`` for W^(1).  Vectors are columns.  Dimension symbols: ``D`` input size,
``H`` hidden size, ``G`` size of g (fall network), ``K`` number of classes or
outputs; instances give them distinct sizes so a missing transpose cannot fit.
"""

from __future__ import annotations

from typing import Literal, Mapping

from grader.expressions.graph.declarations import Step, Tensor
from grader.expressions.graph.quantity import ChainedQuantity, GraphQuantity
from grader.expressions.graph.spec import ForwardSpec

_GRAPH_ALIASES = {
    "y_prime": ("y'", "yprime", "y_hat_softmax"),
    "S": ("\\mathcal{S}",),
    "J": ("\\mathcal{J}", "loss"),
}


def _step(name: str, expression: str, role: str = "node") -> Step:
    return Step(name=name, expression=expression, role=role, aliases=_GRAPH_ALIASES.get(name, ()))


def _apply_names(spec: ForwardSpec, names: Mapping[str, str] | None) -> ForwardSpec:
    return spec.renamed(dict(names)) if names else spec


# Both Columbia networks start from x with two affine maps W1 x + b1 and W2 x + b2 (hidden size H)
# and end in a softmax over K classes with a one-hot target t.
_COLUMBIA_INPUTS_AND_FIRST_LAYERS = (
    Tensor(name="x", shape=("D", 1), role="input"),
    Tensor(name="t", shape=("K", 1), role="target", distribution="one_hot"),
    Tensor(name="W1", shape=("H", "D"), aliases=("W^{(1)}",)),
    Tensor(name="b1", shape=("H", 1), aliases=("b^{(1)}",)),
    Tensor(name="W2", shape=("H", "D"), aliases=("W^{(2)}",)),
    Tensor(name="b2", shape=("H", 1), aliases=("b^{(2)}",)),
)


def columbia_spring_network(names: Mapping[str, str] | None = None) -> ForwardSpec:
    """Columbia NNDL hw1 1.2, spring 2025 (seed 001): g = c1 * c2.

    a1 = W1 x + b1, c1 = ReLU(a1), a2 = W2 x + b2, c2 = sigmoid(a2),
    g = c1 (.) c2, y = W3 g + W4 x, y' = softmax(y),
    S = sum_k I(t_k = 1) log y'_k (t one-hot), J = -S.
    ``names`` renames nodes, e.g. ``{"a1": "z1"}``.
    """
    spec = ForwardSpec(
        title="Columbia NNDL hw1 1.2 (spring): g = c1 * c2",
        tensors=(
            *_COLUMBIA_INPUTS_AND_FIRST_LAYERS,
            Tensor(name="W3", shape=("K", "H"), aliases=("W^{(3)}",)),
            Tensor(name="W4", shape=("K", "D"), aliases=("W^{(4)}",)),
        ),
        steps=(
            _step("a1", "W1 @ x + b1"),
            _step("c1", "relu(a1)"),
            _step("a2", "W2 @ x + b2"),
            _step("c2", "sigmoid(a2)"),
            _step("g", "c1 * c2"),
            _step("y", "W3 @ g + W4 @ x"),
            _step("y_prime", "softmax(y)"),
            _step("S", "sum(t * log(y_prime))"),
            _step("J", "-S"),
        ),
    )
    return _apply_names(spec, names)


def columbia_fall_network(names: Mapping[str, str] | None = None) -> ForwardSpec:
    """Columbia NNDL hw1 1.2, fall 2025 (seeds 000, 002): u = a1 + a2, g = Wg [c1; c2] + bg.

    a1 = W1 x + b1, a2 = W2 x + b2, c1 = sigmoid(a1), u = a1 + a2,
    c2 = ReLU(u), g = Wg [c1; c2] + bg, y = W3 g + W4 x, softmax, CE.
    Wg = [Wg1 Wg2] is given by its two column blocks, so answers can name the
    block that multiplies c1 (``Wg1.T @ g_bar``) without slicing.
    """
    spec = ForwardSpec(
        title="Columbia NNDL hw1 1.2 (fall): u = a1 + a2, g = Wg [c1; c2] + bg",
        tensors=(
            *_COLUMBIA_INPUTS_AND_FIRST_LAYERS,
            Tensor(name="Wg1", shape=("G", "H")),
            Tensor(name="Wg2", shape=("G", "H")),
            Tensor(name="bg", shape=("G", 1), aliases=("b^{(g)}",)),
            Tensor(name="W3", shape=("K", "G"), aliases=("W^{(3)}",)),
            Tensor(name="W4", shape=("K", "D"), aliases=("W^{(4)}",)),
        ),
        steps=(
            _step("a1", "W1 @ x + b1"),
            _step("a2", "W2 @ x + b2"),
            _step("c1", "sigmoid(a1)"),
            _step("u", "a1 + a2"),
            _step("c2", "relu(u)"),
            _step("Wg", "hconcat(Wg1, Wg2)", role="parameter"),
            _step("g", "Wg @ concat(c1, c2) + bg"),
            _step("y", "W3 @ g + W4 @ x"),
            _step("y_prime", "softmax(y)"),
            _step("S", "sum(t * log(y_prime))"),
            _step("J", "-S"),
        ),
    )
    return _apply_names(spec, names)


#: Toronto CSC413 A1 2.1 writes the spring network with z1, h1, z2, h2
TORONTO_NAMES = {"a1": "z1", "c1": "h1", "a2": "z2", "c2": "h2"}


def toronto_network(names: Mapping[str, str] | None = None) -> ForwardSpec:
    """Toronto CSC413 A1 2.1 (seed 003): the spring network named z1, h1, z2, h2."""
    return columbia_spring_network(TORONTO_NAMES).renamed(
        dict(names or {}), title="Toronto CSC413 A1 2.1: z1 = W1 x + b1, h1 = ReLU(z1), z2 = W2 x + b2, h2 = sigmoid(z2), ...")


Activation = Literal["5relu", "relu", "tanh", "sigmoid", "identity"]
_ACTIVATIONS = {"5relu": "5 * relu({})", "relu": "relu({})", "tanh": "tanh({})", "sigmoid": "sigmoid({})", "identity": "{}"}
_LOSSES = {
    "mse": "sum((y_hat - y) ** 2)",
    "bce": "mean(-(y * log(y_hat) + (1 - y) * log(1 - y_hat)))",
}


def nyu_network(f: Activation = "5relu", g: Activation = "identity", loss: Literal["mse", "bce"] = "mse",
                names: Mapping[str, str] | None = None) -> ForwardSpec:
    """NYU DL hw1 (seed 004): Linear1 -> f -> Linear2 -> g with MSE ||y_hat - y||^2 or BCE (1/K) sum ....

    z1 = W1 x + b1, z2 = f(z1), z3 = W2 z2 + b2, y_hat = g(z3), ell = loss.
    Problem 1: f = 5 ReLU, g = identity, MSE; problem 2: f = tanh, g = sigmoid,
    MSE then BCE.
    """
    if f not in _ACTIVATIONS or g not in _ACTIVATIONS:
        raise ValueError(f"unknown activation; choose from {sorted(_ACTIVATIONS)}")
    if loss not in _LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose from {sorted(_LOSSES)}")
    target = "binary" if loss == "bce" else "normal"
    spec = ForwardSpec(
        title=f"NYU DL hw1: Linear -> {f} -> Linear -> {g}, {loss.upper()} loss",
        tensors=(
            Tensor(name="x", shape=("D", 1), role="input"),
            Tensor(name="y", shape=("K", 1), role="target", distribution=target),
            Tensor(name="W1", shape=("H", "D"), aliases=("W^{(1)}",)),
            Tensor(name="b1", shape=("H", 1), aliases=("b^{(1)}",)),
            Tensor(name="W2", shape=("K", "H"), aliases=("W^{(2)}",)),
            Tensor(name="b2", shape=("K", 1), aliases=("b^{(2)}",)),
        ),
        steps=(
            _step("z1", "W1 @ x + b1"),
            _step("z2", _ACTIVATIONS[f].format("z1")),
            _step("z3", "W2 @ z2 + b2"),
            _step("y_hat", _ACTIVATIONS[g].format("z3")),
            _step("ell", _LOSSES[loss]),
        ),
    )
    return _apply_names(spec, names)


NETWORKS = {
    "columbia_spring": columbia_spring_network,
    "columbia_fall": columbia_fall_network,
    "toronto": toronto_network,
    "nyu": nyu_network,
}


def network(network: str, names: Mapping[str, str] | None = None, **options) -> ForwardSpec:
    """A network by name (for rubrics that pick the network with a parameter)."""
    if network not in NETWORKS:
        raise ValueError(f"unknown network {network!r}; choose from {sorted(NETWORKS)}")
    return NETWORKS[network](names=names, **options)


def quantity(network_name: str, kind: Literal["adjoint", "jacobian", "value"], of: str, wrt: str | None = None,
             names: Mapping[str, str] | None = None, f: str | None = None, g: str | None = None,
             loss: str | None = None) -> GraphQuantity:
    """One quantity of a network as the expected value of a ``matrix_expression`` item.

    ``quantity("nyu", "jacobian", "z2", "z1")`` is dz2/dz1 = 5 diag(I(z1 > 0));
    ``quantity("nyu", "adjoint", "y_hat")`` is dl/dy_hat = 2 (y_hat - y).
    """
    options = {k: v for k, v in {"f": f, "g": g, "loss": loss}.items() if v is not None}
    return GraphQuantity(spec=network(network_name, names=names, **options), kind=kind, of=of, wrt=wrt)


def chained_quantity(network_name: str, of: str, wrt: str, via: str, upstream: str | None = None,
                     local: str | None = None, names: Mapping[str, str] | None = None, f: str | None = None,
                     g: str | None = None, loss: str | None = None) -> ChainedQuantity:
    """d(of)/d(wrt) = (d of/d via) @ (d via/d wrt) with the student's own earlier factors (follow-through).

    ``upstream`` / ``local``: the student's expressions for the two factors (numerator layout), read
    by the safe answer parser; a factor not given is the exact one.  E.g. NYU 2.2: dl/dz3 from the
    student's dl/dy_hat and dy_hat/dz3.
    """
    options = {k: v for k, v in {"f": f, "g": g, "loss": loss}.items() if v is not None}
    return ChainedQuantity(spec=network(network_name, names=names, **options), kind="jacobian", of=of, wrt=wrt,
                           via=via, upstream=upstream, local=local)
