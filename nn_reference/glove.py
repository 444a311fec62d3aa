"""GloVe (Columbia NNDL hw1, fall programming part): parameter count and gradients of the simplified loss.

Simplified loss over a vocabulary of V words with embeddings of size d:

    L = sum_i sum_j (w_i^T w~_j + b_i + b~_j - log X_ij)^2

Parameter count: counted from the declared per-word parameters (two
d-vectors, two scalar biases), not typed.

Gradients: w_i and b_i occur only in the terms of row i, so dL/dw_i and
dL/db_i are the gradients of row i's part of the loss.  That part is written
as a forward graph in the vectorised notation students use:

    r = W_tilde @ w_i + b_i + b_tilde - logX_i     (the V residuals of row i)
    L_i = sum(r * r)

with ``w_i`` (d x 1), ``W_tilde`` (V x d, row j is w~_j^T), ``b_i`` (scalar),
``b_tilde`` (V x 1), ``logX_i`` (V x 1, entry j is log X_ij).  The reference
gradients are the graph's adjoints (exact reverse-mode differentiation at
random instances), so nothing about the derivative is typed in.
tests/reference/test_glove.py checks on the *full* loss (every row, by finite
differences) that restricting to row i loses nothing.
"""

from __future__ import annotations

import sympy as sp

from grader.expressions.graph.declarations import Step, Tensor
from grader.expressions.graph.quantity import GraphQuantity
from grader.expressions.graph.spec import ForwardSpec

V, d = sp.symbols("V d", positive=True, integer=True)

#: The parameters GloVe learns for each word of the vocabulary, with their sizes.
PARAMETERS_PER_WORD = {"w": d, "w_tilde": d, "b": 1, "b_tilde": 1}


def parameter_count(biases: bool = True) -> sp.Expr:
    """Total number of learned parameters: V words times the per-word sizes (V (2d + 2)).

    ``biases=False`` counts the embeddings only (2 V d): a known mistake.
    """
    sizes = [size for name, size in PARAMETERS_PER_WORD.items() if biases or not name.startswith("b")]
    return sp.factor(V * sum(sizes))


def row_loss_graph() -> ForwardSpec:
    """Row i's part of the simplified GloVe loss, as a forward graph."""
    return ForwardSpec(
        title="Simplified GloVe loss, terms of word i",
        tensors=(
            Tensor(name="w_i", shape=("d", 1), role="input"),
            Tensor(name="b_i", shape=(), role="input"),
            Tensor(name="W_tilde", shape=("V", "d")),
            Tensor(name="b_tilde", shape=("V", 1)),
            Tensor(name="logX_i", shape=("V", 1)),
        ),
        steps=(
            Step(name="r", expression="W_tilde @ w_i + b_i + b_tilde - logX_i"),
            Step(name="L", expression="sum(r * r)"),
        ),
    )


def gradient_w_i() -> GraphQuantity:
    """dL/dw_i as a column (d x 1)."""
    return GraphQuantity(spec=row_loss_graph(), kind="adjoint", of="w_i")


def gradient_b_i() -> GraphQuantity:
    """dL/db_i, a scalar."""
    return GraphQuantity(spec=row_loss_graph(), kind="adjoint", of="b_i")
