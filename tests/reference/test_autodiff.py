"""reference/autodiff.py: Hessians of L(x) = 1/2 x^T v v^T x, vector-Hessian products, the handout's numbers."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from nn_reference import autodiff


@pytest.mark.parametrize("seed", range(5))
def test_hessian_is_v_v_transpose_and_sympys_hessian(seed):
    rng = random.Random(seed)
    v = [sp.Rational(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(rng.randint(2, 5))]
    column = sp.Matrix(v)
    hessian = autodiff.quadratic_form_hessian(v)
    assert hessian == column * column.T
    xs = sp.symbols(f"x1:{len(v) + 1}", real=True)
    assert hessian == sp.hessian(sp.Rational(1, 2) * (sp.Matrix(xs).T * column * column.T * sp.Matrix(xs))[0, 0], xs)


def test_the_handouts_numbers():
    assert autodiff.quadratic_form_hessian([4, 2, 5]) == sp.Matrix([[16, 8, 20], [8, 4, 10], [20, 10, 25]])
    assert list(autodiff.vector_hessian_product([4, 1, 2], [2, 2, 1])) == [48, 12, 24]
    assert autodiff.quadratic_form_hessian_times_x([4, 2, 5], [1, 0, 0]) == sp.Matrix([16, 8, 20])
