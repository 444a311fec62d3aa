"""Operation counts of matrix-product orders, derived from the shapes of each step.

A computation is a list of products ``(result, left_shape, right_shape)`` with
symbolic dimensions; the multiplication count of a product of an (a x b) and
a (b x c) matrix is a*b*c, and its memory is the a*c entries it stores.  The
costs in the handouts (3mn, 2n^2 + mn, ...) fall out of these rules, so the
rubric never types them in.
"""

from __future__ import annotations

import sympy as sp

n, m = sp.symbols("n m", positive=True, integer=True)

Shape = tuple[sp.Expr, sp.Expr]
Step = tuple[str, Shape, Shape]

# Z = H y1 y2^T with H = v v^T, v and y1 in R^n, y2 in R^m (Columbia hw1, 1.3.1)
REVERSE_MODE_Z: list[Step] = [
    ("Y = y1 y2^T", (n, 1), (1, m)),
    ("r = v^T Y", (1, n), (n, m)),
    ("Z = v r", (n, 1), (1, m)),
]
FORWARD_MODE_Z: list[Step] = [
    ("H = v v^T", (n, 1), (1, n)),
    ("z = H y1", (n, n), (n, 1)),
    ("Z = z y2^T", (n, 1), (1, m)),
]
HESSIAN: list[Step] = [("H = v v^T", (n, 1), (1, n))]


def multiplications(steps: list[Step]) -> sp.Expr:
    total = sp.Integer(0)
    for _, (a, b), (b2, c) in steps:
        if sp.simplify(b - b2) != 0:
            raise ValueError(f"inner dimensions differ: {b} vs {b2}")
        total += a * b * c
    return sp.expand(total)


def memory(steps: list[Step]) -> sp.Expr:
    return sp.expand(sum((a * c for _, (a, _b), (_b2, c) in steps), sp.Integer(0)))


def big_o(expr: sp.Expr) -> sp.Order:
    return sp.Order(expr, (n, sp.oo), (m, sp.oo))


def hessian_multiplications() -> sp.Expr:
    return multiplications(HESSIAN)


def hessian_memory() -> sp.Expr:
    return memory(HESSIAN)


def reverse_mode_multiplications() -> sp.Expr:
    return multiplications(REVERSE_MODE_Z)


def forward_mode_multiplications() -> sp.Expr:
    return multiplications(FORWARD_MODE_Z)


def reverse_mode_memory() -> sp.Expr:
    return memory(REVERSE_MODE_Z)


def forward_mode_memory() -> sp.Expr:
    return memory(FORWARD_MODE_Z)


def forward_mode_better() -> sp.Rel:
    """Where forward mode needs fewer multiplications than reverse mode, as a relation in n and m."""
    difference = sp.factor(forward_mode_multiplications() - reverse_mode_multiplications())
    # Drop factors that are positive on the domain (n, m >= 1); what is left decides the sign.
    deciding = sp.Integer(1)
    for factor in sp.Mul.make_args(difference):
        if not (factor.is_positive):
            deciding *= factor
    relation = sp.StrictLessThan(deciding, 0)
    solved = sp.solve(relation, m) if m in deciding.free_symbols else relation
    return solved if isinstance(solved, sp.Rel) else relation
