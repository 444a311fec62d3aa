"""Activation catalogue, aliases and exact piecewise-linear expressions."""

from fractions import Fraction as Q

import numpy as np
import pytest

from grader.networks.activations import ActivationError, CATALOGUE, resolve_activation

POINTS = [Q(-2), Q(-1), Q(-1, 2), Q(0), Q(1, 2), Q(1), Q(2)]

SEMANTICS = {
    "I(z>0)": lambda z: 1 if z > 0 else 0,
    "I(z>=0)": lambda z: 1 if z >= 0 else 0,
    "I(z<0)": lambda z: 1 if z < 0 else 0,
    "I(z<=0)": lambda z: 1 if z <= 0 else 0,
    "indicator": lambda z: 1 if -1 <= z <= 1 else 0,
    "open_indicator": lambda z: 1 if -1 < z < 1 else 0,
    "identity": lambda z: z,
    "relu": lambda z: max(z, 0),
    "abs": lambda z: abs(z),
    "sign": lambda z: (z > 0) - (z < 0),
}


@pytest.mark.parametrize("name", sorted(SEMANTICS))
def test_catalogue_semantics_exact(name):
    act = CATALOGUE[name]
    for z in POINTS:
        assert act(z) == SEMANTICS[name](z), (name, z)
    floats = act.evaluate_float(np.array([float(z) for z in POINTS]))
    assert list(floats) == [float(SEMANTICS[name](z)) for z in POINTS]


@pytest.mark.parametrize("text, name", [
    ("hard_threshold", "I(z>0)"), ("Hard threshold", "I(z>0)"), ("step", "I(z>0)"), ("heaviside", "I(z>0)"),
    ("I(z>0)", "I(z>0)"), ("I(z >= 0)", "I(z>=0)"), ("1(z≥0)", "I(z>=0)"), ("I(z<0)", "I(z<0)"),
    ("1 - I(z>=0)", "I(z<0)"), ("1-I(z>0)", "I(z<=0)"), ("indicator", "indicator"), ("I(z in [-1,1])", "indicator"),
    ("I(|z|<=1)", "indicator"), ("identity", "identity"), ("linear", "identity"), ("z", "identity"),
    ("ReLU", "relu"), ("|z|", "abs"), ("abs", "abs"), ("sigmoid", "sigmoid"), ("tanh", "tanh"),
    # expressions, matched to the catalogue exactly
    ("Abs(z)", "abs"), ("Heaviside(z, 0)", "I(z>0)"), ("Heaviside(z, 1)", "I(z>=0)"),
    ("1 - Heaviside(z, 1)", "I(z<0)"), ("max(0, z)", "relu"), ("(z + Abs(z))/2", "relu"),
    ("z*Heaviside(z, 0)", "relu"), ("Heaviside(z+1, 1) - Heaviside(z-1, 0)", "indicator"),
    ("Heaviside(1 - Abs(z), 1)", "indicator"),
])
def test_names_and_expressions(text, name):
    assert resolve_activation(text).name == name


def test_hard_threshold_follows_handout_convention():
    assert resolve_activation("hard threshold", hard_threshold="I(z>=0)").name == "I(z>=0)"
    assert resolve_activation("I(z>0)", hard_threshold="I(z>=0)").name == "I(z>0)"  # explicit stays explicit


def test_non_catalogue_piecewise_linear_expression_is_exact():
    act = resolve_activation("2*Heaviside(z, 1) - 1")
    assert act.name == "expression" and act.is_exact
    assert [act(z) for z in (Q(-1), Q(0), Q(1))] == [-1, 1, 1]


def test_smooth_expression_is_sampled():
    act = resolve_activation("sigmoid(2*z)")
    assert not act.is_exact
    assert act.evaluate_float(np.array([0.0]))[0] == pytest.approx(0.5)


@pytest.mark.parametrize("text", ["Heaviside(z)", "foo(z)", "x + 1", "__import__('os')", "", "z if z else 0"])
def test_unusable_activations(text):
    with pytest.raises(ActivationError):
        resolve_activation(text)


def test_heaviside_without_convention_asks_for_it():
    with pytest.raises(ActivationError, match="value at z = 0"):
        resolve_activation("Heaviside(z)")


def test_local_fallback_parser_has_the_same_contract():
    from grader.networks.activations import _fallback_parse

    assert isinstance(_fallback_parse("Abs(z) + 1"), __import__("ast").Expression)
    for bad in ("z.real", "[z]", "lambda: 1", "f(z, k=1)", "'a'"):
        with pytest.raises(ActivationError):
            _fallback_parse(bad)
