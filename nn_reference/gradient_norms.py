"""Per-example gradient norms (Toronto CSC413 A1 2.2): Jacobians, squared Frobenius norms, costs.

The network is z = W1 x, h = ReLU(z), y = W2 h, with an error signal
y_bar = dJ/dy given.  J is any loss with that gradient at the point, so the
linear stand-in J = y_bar^T y has exactly the right derivatives there.  It is
differentiated from the forward pass alone, in exact fractions: J is linear in
W2, and linear in W1 as long as no pre-activation changes sign, so the
difference quotient for a small enough step is the derivative itself (no
backpropagation formula is assumed; there is no derivative when a
pre-activation sits on the kink).  The results are arranged like the weight matrix
(entry (i, j) is dJ/dW_ij); the handout's numerator-layout Jacobian is its
transpose, which a rubric may accept as well.

2.2.3 (complexity table in N, K, D) is computed from an explicit cost model:
see :func:`complexity_table`.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import sympy as sp


def _column(values) -> sp.Matrix:
    return sp.Matrix([sp.nsimplify(v) for v in values])


def _exact(value) -> Fraction:
    """A number as an exact fraction (a float by the decimal it prints as, as nsimplify reads it)."""
    number = sp.nsimplify(value)
    if not number.is_Rational:
        raise ValueError(f"{value!r} is not a rational number")
    return Fraction(int(number.p), int(number.q))


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def _forward(W1, W2, x, y_bar) -> tuple[list[Fraction], Fraction]:
    """Pre-activations z = W1 x and the loss J = y_bar . W2 ReLU(z)."""
    z = [sum((w * xj for w, xj in zip(row, x)), Fraction(0)) for row in W1]
    h = [max(zi, Fraction(0)) for zi in z]
    y = [sum((w * hi for w, hi in zip(row, h)), Fraction(0)) for row in W2]
    return z, sum((e * yi for e, yi in zip(y_bar, y)), Fraction(0))


def _nudged(matrix, i: int, j: int, step: Fraction):
    return [[w + step if (r, c) == (i, j) else w for c, w in enumerate(row)] for r, row in enumerate(matrix)]


@lru_cache(maxsize=32)
def _gradients(W1: tuple, W2: tuple, x: tuple, y_bar: tuple) -> tuple[sp.Matrix, sp.Matrix, dict]:
    W1f, W2f = [[_exact(v) for v in row] for row in W1], [[_exact(v) for v in row] for row in W2]
    xf, ef = [_exact(v) for v in x], [_exact(v) for v in y_bar]
    z, loss = _forward(W1f, W2f, xf, ef)
    if any(value == 0 for value in z):
        raise ValueError("a hidden pre-activation is exactly 0: ReLU has no derivative there")
    # J is linear in W2, and linear in W1 on the neighbourhood where no pre-activation changes
    # sign, so a difference quotient with a step that stays inside it is the derivative, exactly.
    step = min(abs(v) for v in z) / (2 * (1 + sum(abs(v) for v in xf)))

    def derivative(weights, nudge) -> sp.Matrix:
        rows, columns = len(weights), len(weights[0])
        slopes = [[(_forward(*nudge(i, j))[1] - loss) / step for j in range(columns)] for i in range(rows)]
        return sp.Matrix([[_rational(v) for v in row] for row in slopes])

    grad1 = derivative(W1f, lambda i, j: (_nudged(W1f, i, j, step), W2f, xf, ef))
    grad2 = derivative(W2f, lambda i, j: (W1f, _nudged(W2f, i, j, step), xf, ef))
    z_values = sp.Matrix([_rational(v) for v in z])
    values = {"z": z_values, "h": z_values.applyfunc(lambda e: sp.Max(e, 0))}
    return grad1, grad2, values


def _key(W1, W2, x, y_bar):
    return (tuple(tuple(r) for r in W1), tuple(tuple(r) for r in W2), tuple(x), tuple(y_bar))


def _arranged(gradient: sp.Matrix, layout: str) -> sp.Matrix:
    if layout == "gradient":
        return gradient
    if layout == "numerator":
        return gradient.T
    raise ValueError(f"layout must be 'gradient' or 'numerator', got {layout!r}")


def jacobian_W1(W1, W2, x, y_bar, layout: str = "gradient") -> sp.Matrix:
    """dJ/dW1: arranged like W1 (entry (i, j) = dJ/dW1_ij), or its transpose for ``layout="numerator"``."""
    return _arranged(_gradients(*_key(W1, W2, x, y_bar))[0], layout)


def jacobian_W2(W1, W2, x, y_bar, layout: str = "gradient") -> sp.Matrix:
    """dJ/dW2: arranged like W2, or its transpose for ``layout="numerator"``."""
    return _arranged(_gradients(*_key(W1, W2, x, y_bar))[1], layout)


def _squared_frobenius(matrix: sp.Matrix) -> sp.Integer:
    return sum((e**2 for e in matrix), sp.Integer(0))


def squared_frobenius_W1(W1, W2, x, y_bar) -> sp.Expr:
    """2.2.1: ||dJ/dW1||_F^2 (572 for the handout's numbers)."""
    return _squared_frobenius(jacobian_W1(W1, W2, x, y_bar))


def squared_frobenius_W2(W1, W2, x, y_bar) -> sp.Expr:
    """2.2.1: ||dJ/dW2||_F^2 (195 for the handout's numbers)."""
    return _squared_frobenius(jacobian_W2(W1, W2, x, y_bar))


def norm_factors_W1(W1, W2, x, y_bar) -> list:
    """2.2.2: [||x||^2, ||z_bar||^2], the two factors of the trick for W1 (z_bar: the error signal at z)."""
    grad = jacobian_W1(W1, W2, x, y_bar)
    inputs = _column(x)
    # dJ/dW1 = z_bar x^T: z_bar is the gradient applied to x / ||x||^2
    z_bar = grad * inputs / (inputs.T * inputs)[0, 0]
    if z_bar * inputs.T != grad:
        raise ValueError("dJ/dW1 is not an outer product with x")
    return [(inputs.T * inputs)[0, 0], (z_bar.T * z_bar)[0, 0]]


def norm_factors_W2(W1, W2, x, y_bar) -> list:
    """2.2.2: [||y_bar||^2, ||h||^2], the two factors of the trick for W2."""
    _, _, values = _gradients(*_key(W1, W2, x, y_bar))
    h = values["h"]
    error = _column(y_bar)
    if error * h.T != jacobian_W2(W1, W2, x, y_bar):
        raise ValueError("dJ/dW2 is not the outer product y_bar h^T")
    return [(error.T * error)[0, 0], (h.T * h)[0, 0]]


# ----------------------------------------------------------------- 2.2.3 complexity table

N, K, D = sp.symbols("N K D", positive=True, integer=True)

#: Per example and per layer (every layer is D x D, no biases), the work of each stage as matrix
#: products (left shape, right shape); a product of (a x b) and (b x c) costs a*b*c multiplications.
#: The handout's conventions: activations and the loss are free; the backward pass propagates an
#: error vector through every layer (K products), so it costs as much as the forward pass, and the
#: naive method additionally forms every per-example weight gradient; squaring D^2 gradient entries
#: is D^2 products of (1 x 1) numbers.
_STAGES = {
    ("forward", "naive"): [((D, D), (D, 1))],                      # z_k = W_k h_{k-1}
    ("forward", "efficient"): [((D, D), (D, 1))],
    ("backward", "naive"): [((D, D), (D, 1)), ((D, 1), (1, D))],   # h_bar = W^T z_bar; dW = z_bar h^T
    ("backward", "efficient"): [((D, D), (D, 1))],                 # error vectors only
    ("norm", "naive"): [((1, 1), (1, 1))],                         # one square per gradient entry ...
    ("norm", "efficient"): [((1, D), (D, 1)), ((1, D), (D, 1)), ((1, 1), (1, 1))],  # ||h||^2, ||z_bar||^2, product
}
#: ... and the naive norm squares all D^2 entries of each layer's gradient
_REPEAT = {("norm", "naive"): D**2}

#: Memory: the arrays each stage reads and writes (entries), over the whole minibatch.  Weights
#: K D^2, inputs N D, stored activations and error vectors N K D each, per-example gradients (and
#: their squares: no in-place operations) N K D^2, norms N K.  The norm stage reads only what the
#: backward pass left: the gradients (naive) or the activations and error vectors (efficient).
_MEMORY = {
    ("forward", "naive"): [K * D**2, N * D, N * K * D],
    ("forward", "efficient"): [K * D**2, N * D, N * K * D],
    ("backward", "naive"): [K * D**2, N * K * D, N * K * D, N * K * D**2],
    ("backward", "efficient"): [K * D**2, N * K * D, N * K * D],
    ("norm", "naive"): [N * K * D**2, N * K * D**2, N * K],
    ("norm", "efficient"): [N * K * D, N * K * D, 3 * N * K],
}


def _dominant(terms: list) -> sp.Expr:
    """The terms that no other term dominates for all N, K, D >= 1 (the big-O argument, without constants)."""
    monomials = []
    for term in terms:
        monomial = sp.Mul(*[f for f in sp.Mul.make_args(sp.expand(term)) if f.free_symbols])
        if monomial not in monomials:
            monomials.append(monomial)

    def divides(a, b):  # a <= b for all N, K, D >= 1 iff every exponent of a is <= that of b
        pa, pb = sp.Poly(a, N, K, D).monoms()[0], sp.Poly(b, N, K, D).monoms()[0]
        return all(x <= y for x, y in zip(pa, pb))

    kept = [m for m in monomials if not any(o != m and divides(m, o) for o in monomials)]
    return sp.Add(*kept)


def multiplications(stage: str, method: str) -> sp.Expr:
    """T for one cell of the 2.2.3 table: stage in forward/backward/norm, method in naive/efficient."""
    per_layer = sum((a * b * c for (a, b), (_, c) in _STAGES[(stage, method)]), sp.Integer(0))
    return sp.expand(N * K * per_layer * _REPEAT.get((stage, method), 1))


def memory(stage: str, method: str) -> sp.Expr:
    """M for one cell, as the expression inside O(...): the dominant terms of the stage's arrays."""
    return _dominant(_MEMORY[(stage, method)])


def memory_order(stage: str, method: str) -> sp.Order:
    return sp.Order(memory(stage, method), (N, sp.oo), (K, sp.oo), (D, sp.oo))


def complexity_table() -> dict[str, dict[str, sp.Expr]]:
    """The whole table, for documentation and tests."""
    table = {}
    for stage in ("forward", "backward", "norm"):
        table[stage] = {}
        for method in ("naive", "efficient"):
            table[stage][f"T_{method}"] = multiplications(stage, method)
            table[stage][f"M_{method}"] = memory(stage, method)
    return table


# ----------------------------------------------------------------- follow-through (error carried forward)
# 2.2.1's norms and 2.2.2's factors recomputed from the student's own Jacobians (rubric `follow_through`):
# the student's matrix is taken as data, in either layout, and nothing else of theirs is used.


def _matrix(values) -> sp.Matrix:
    rows = [list(row) if isinstance(row, (list, tuple)) else [row] for row in values]
    if not rows or len({len(r) for r in rows}) != 1:
        raise ValueError("not a rectangular matrix")
    return sp.Matrix([[sp.nsimplify(v) for v in row] for row in rows])


def squared_frobenius_of(jacobian) -> sp.Expr:
    """||J||_F^2 of a given matrix (follow-through for the 2.2.1 norms: the student's own Jacobian)."""
    return _squared_frobenius(_matrix(jacobian))


def _outer_factor(jacobian, known) -> sp.Matrix:
    """v with J = v known^T, for J in either layout (J or its transpose); ValueError when J is no such product."""
    given = _column(known)
    scale = (given.T * given)[0, 0]
    if scale == 0:
        raise ValueError("the known factor is zero")
    matrix = _matrix(jacobian)
    for candidate in (matrix, matrix.T):
        if candidate.shape[1] != given.shape[0]:
            continue
        v = candidate * given / scale
        if v * given.T == candidate:
            return v
    raise ValueError("the matrix is not an outer product with the known factor")


def norm_factors_W1_from_jacobian(jacobian, x) -> list:
    """2.2.2 follow-through: [||x||^2, ||z_bar||^2] with z_bar read off the student's dJ/dW1 = z_bar x^T."""
    z_bar = _outer_factor(jacobian, x)
    inputs = _column(x)
    return [(inputs.T * inputs)[0, 0], (z_bar.T * z_bar)[0, 0]]


def norm_factors_W2_from_jacobian(jacobian, y_bar) -> list:
    """2.2.2 follow-through: [||y_bar||^2, ||h||^2] with h read off the student's dJ/dW2 = y_bar h^T."""
    h = _outer_factor(jacobian, y_bar)  # numerator layout h y_bar^T, or its transpose
    error = _column(y_bar)
    return [(error.T * error)[0, 0], (h.T * h)[0, 0]]
