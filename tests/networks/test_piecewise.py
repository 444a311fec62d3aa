"""The exact piecewise-linear algebra (grader/networks/piecewise.py) under the activation catalogue."""

from __future__ import annotations

from fractions import Fraction

import pytest

from grader.networks import activations, piecewise
from grader.networks.piecewise import ABS, IDENTITY, RELU, NotPiecewiseLinear, PiecewiseLinear, heaviside


def test_relu_is_half_of_z_plus_abs_z_exactly():
    assert ((IDENTITY + ABS).scaled(Fraction(1, 2))).key() == RELU.key()


def test_value_at_a_breakpoint_is_kept_apart_from_the_pieces():
    assert heaviside(Fraction(0))(Fraction(0)) == 0 and heaviside(Fraction(1))(Fraction(0)) == 1
    assert heaviside(Fraction(0))(Fraction(1, 10**9)) == 1


def test_product_of_two_non_constant_pieces_leaves_the_algebra():
    with pytest.raises(NotPiecewiseLinear):
        IDENTITY * RELU


def test_the_catalogue_catches_the_algebras_own_exception():
    # One class on both sides: an expression the algebra rejects is graded by sampling, not a crash.
    assert activations.NotPiecewiseLinear is piecewise.NotPiecewiseLinear
    assert activations.PiecewiseLinear is PiecewiseLinear
    product = activations.activation_from_expression("z*relu(z)")
    assert product.pl is None and product.smooth is not None
