"""Hessians and vector-Hessian products of L(x) = 1/2 x^T v v^T x (Columbia hw1, 1.3).

Everything is differentiated by SymPy from the loss itself, so a change of
v, x or y in a rubric changes the expected answers with no typing.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp


def _column(values) -> sp.Matrix:
    return sp.Matrix([sp.nsimplify(v) for v in values])


@lru_cache(maxsize=64)
def _hessian_symbolic(v: tuple) -> tuple[sp.Matrix, tuple[sp.Symbol, ...], sp.Expr]:
    n = len(v)
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    x = sp.Matrix(xs)
    vv = _column(v)
    loss = sp.Rational(1, 2) * (x.T * vv * vv.T * x)[0, 0]
    # L is a polynomial in x: differentiated as one (the same derivatives as sp.hessian, about
    # ten times faster, which matters in a cold run)
    polynomial = sp.Poly(loss, *xs)
    gradient = [polynomial.diff(s) for s in xs]
    hessian = sp.Matrix(n, n, lambda i, j: gradient[i].diff(xs[j]).as_expr())
    return hessian, xs, loss


def quadratic_form_loss(v, x) -> sp.Expr:
    """L(x) at the given x."""
    _, xs, loss = _hessian_symbolic(tuple(v))
    return loss.subs(dict(zip(xs, [sp.nsimplify(e) for e in x])))


def quadratic_form_gradient(v, x) -> sp.Matrix:
    """dL/dx at x, as a column."""
    _, xs, loss = _hessian_symbolic(tuple(v))
    gradient = sp.Matrix([sp.diff(loss, s) for s in xs])
    return gradient.subs(dict(zip(xs, [sp.nsimplify(e) for e in x])))


def quadratic_form_hessian(v, x=None) -> sp.Matrix:
    """The Hessian of L at x (it does not depend on x: L is quadratic)."""
    hessian, xs, _ = _hessian_symbolic(tuple(v))
    if x is None:
        return hessian
    return hessian.subs(dict(zip(xs, [sp.nsimplify(e) for e in x])))


def quadratic_form_hessian_times_x(v, x) -> sp.Matrix:
    """A known mistake: H x (which is the gradient) given where H is asked."""
    return quadratic_form_hessian(v, x) * _column(x)


def vector_hessian_product(v, y) -> sp.Matrix:
    """z = H y with H the Hessian of L for this v."""
    return quadratic_form_hessian(v) * _column(y)


def reverse_mode_scalar(v, y) -> sp.Expr:
    """The intermediate M = v^T y of the reverse-mode order z = v (v^T y)."""
    return (_column(v).T * _column(y))[0, 0]


def hessian_outer_product(v) -> sp.Matrix:
    """The forward-mode intermediate H = v v^T, obtained by differentiating L."""
    return quadratic_form_hessian(v)


# Follow-through (error carried forward, rubric `follow_through`): z recomputed from the student's own
# intermediate, taken as data -- reverse mode z = v M, forward mode z = H y.


def vector_hessian_product_from_scalar(v, M) -> sp.Matrix:
    """z = v M from a given reverse-mode scalar M."""
    if isinstance(M, (list, tuple)):
        raise ValueError("M must be a single number")
    return _column(v) * sp.nsimplify(M)


def vector_hessian_product_from_hessian(H, y) -> sp.Matrix:
    """z = H y from a given forward-mode matrix H."""
    matrix = sp.Matrix([[sp.nsimplify(e) for e in row] for row in H])
    column = _column(y)
    if matrix.shape != (column.shape[0], column.shape[0]):
        raise ValueError(f"H must be {column.shape[0]}x{column.shape[0]}")
    return matrix * column
