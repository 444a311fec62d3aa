"""The network answer model: layers of (weights, bias, activation per unit), built from answers.

A student's layer ``l`` computes ``a_l = phi_l(W_l a_{l-1} + b_l)`` with
``a_0 = x``.  ``W_l`` has one *row per unit* (shape units x inputs).  Numbers are
kept exact: integers and fractions as they are, floats through
:func:`grader.answers.as_exact` (``0.5`` is exactly 1/2, ``0.001`` exactly
1/1000), so the region analysis decides the network the student wrote down.
A float that is the double nearest to a simple fraction (``1/3`` computed in
Python is 0.3333333333333333) is read as that fraction, the number it clearly
denotes; a network with float weights is flagged (``Network.floats``) so that
every counterexample is re-checked in IEEE doubles, the arithmetic the
student's network actually uses, before it is shown.

Leniency (:func:`build_network`): a weight vector of a one-unit layer may be a
flat list, a row or a column; a bias may be a number, a flat list, a row or a
column; an activation may be one string for the layer or a list with one string
per unit (when the rubric allows it).  Strictness: sizes must match the
architecture exactly.  A matrix that only fits when transposed is built
transposed and flagged (``Network.transposed``) so the checker can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from grader.answers import as_exact, number_from_text, type_name
from grader.checkers.base import AnswerFormatError

from .activations import Activation, ActivationError, resolve_activation

Q = Fraction


@dataclass(frozen=True)
class Layer:
    weights: tuple  # tuple of rows, each a tuple of Fractions
    bias: tuple  # Fractions, one per unit
    activations: tuple  # Activation per unit

    @property
    def units(self) -> int:
        return len(self.weights)

    @property
    def inputs(self) -> int:
        return len(self.weights[0]) if self.weights else 0

    def key(self) -> tuple:
        return (self.weights, self.bias, tuple(a.key() for a in self.activations))


@dataclass(frozen=True)
class Trace:
    """Exact forward pass: pre-activations and outputs of every layer."""

    pre: tuple  # per layer: tuple of Fractions
    post: tuple  # per layer: tuple of Fractions

    @property
    def output(self) -> tuple:
        return self.post[-1]


@dataclass(frozen=True)
class Network:
    layers: tuple
    n_inputs: int
    transposed: tuple = ()  #: names of answers that were given transposed
    floats: bool = False  #: some weight or bias was written as a float (IEEE double)

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].units

    @property
    def is_exact(self) -> bool:
        return all(a.is_exact for layer in self.layers for a in layer.activations)

    def key(self) -> tuple:
        return (self.n_inputs, tuple(layer.key() for layer in self.layers), self.floats)

    def agrees_in_floats(self, x: Sequence, expected: Sequence) -> bool:
        """Does the network, evaluated in IEEE doubles (its float weights as written), give ``expected`` at ``x``?"""
        out, _ = self.evaluate_float(np.array([[float(v) for v in x]]))
        return bool(np.all(out[0] == np.array([float(v) for v in expected])))

    def trace(self, x: Sequence) -> Trace:
        values = tuple(Q(v) for v in x)
        pres, posts = [], []
        for layer in self.layers:
            pre = tuple(sum((w * v for w, v in zip(row, values) if w), b) for row, b in zip(layer.weights, layer.bias))
            post = tuple(act(z) for act, z in zip(layer.activations, pre))
            pres.append(pre)
            posts.append(post)
            values = post
        return Trace(tuple(pres), tuple(posts))

    def __call__(self, x: Sequence) -> tuple:
        return self.trace(x).output

    def evaluate_float(self, inputs: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """Batch float evaluation: (outputs (m, n_out), pre-activations per layer)."""
        values = np.asarray(inputs, dtype=float)
        pres = []
        for layer in self.layers:
            w = np.array([[float(v) for v in row] for row in layer.weights])
            b = np.array([float(v) for v in layer.bias])
            pre = values @ w.T + b
            pres.append(pre)
            values = np.column_stack([act.evaluate_float(pre[:, u]) for u, act in enumerate(layer.activations)])
        return values, pres

    # -- variations used by diagnoses
    def with_layer(self, index: int, layer: Layer) -> "Network":
        layers = list(self.layers)
        layers[index] = layer
        return replace(self, layers=tuple(layers))

    def with_bias(self, index: int, unit: int, value: Fraction) -> "Network":
        layer = self.layers[index]
        bias = list(layer.bias)
        bias[unit] = Q(value)
        return self.with_layer(index, replace(layer, bias=tuple(bias)))

    def with_activations(self, index: int, activations: Sequence[Activation]) -> "Network":
        return self.with_layer(index, replace(self.layers[index], activations=tuple(activations)))


# ------------------------------------------------------------ building


def exact_number(value: Any, name: str) -> Fraction:
    if isinstance(value, (bool, np.bool_)):
        raise AnswerFormatError(f"{name} contains a boolean; use numbers")
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str) and (number := number_from_text(value)) is not None:
        value = number  # "1/3": a number in quotes
    exact = as_exact(value)
    if exact is None:
        raise AnswerFormatError(f"{name} must contain finite numbers (e.g. 0.5, -2 or Fraction(1, 3)), found "
                                f"{type_name(value)} {value!r}"[:200])
    if isinstance(value, float):
        return denoted_fraction(value, Q(exact))
    return Q(exact)


def denoted_fraction(value: float, decimal: Fraction) -> Fraction:
    """The simple fraction a long float stands for (1/3 for 0.3333333333333333), else its decimal."""
    if decimal.denominator <= 10**6:
        return decimal  # a short decimal (0.5, 0.001) means itself
    simple = Fraction(value).limit_denominator(1000)
    return simple if float(simple) == value else decimal


def _has_float(value: Any) -> bool:
    if isinstance(value, (float, np.floating)):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "f"
    if isinstance(value, (list, tuple)):
        return any(_has_float(v) for v in value)
    return False


def exact_matrix(value: Any, name: str) -> list[list[Fraction]]:
    """A rectangular list of rows of Fractions (a number is 1x1, a flat list is one row)."""
    if isinstance(value, np.ndarray):
        if value.ndim > 2:
            raise AnswerFormatError(f"{name} must be a matrix or vector, got an array of shape {value.shape}")
        value = value.tolist()
    if isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
        return [[exact_number(value, name)]]
    if not isinstance(value, list) or not value:
        raise AnswerFormatError(f"{name} must be a list of numbers or a list of rows, got {type_name(value)}")
    if all(not isinstance(v, list) for v in value):
        return [[exact_number(v, name) for v in value]]
    if not all(isinstance(v, list) for v in value):
        raise AnswerFormatError(f"{name} mixes numbers and rows")
    rows = [[exact_number(v, name) if not isinstance(v, list) else _nested(name) for v in row] for row in value]
    if len({len(r) for r in rows}) != 1 or not rows[0]:
        raise AnswerFormatError(f"the rows of {name} have different lengths")
    return rows


def _nested(name: str):
    raise AnswerFormatError(f"{name} is nested too deeply; give a matrix as a list of rows")


@dataclass(frozen=True)
class LayerSpec:
    """Where a layer's parts come from (answer names) and what the rubric requires."""

    weights: str
    bias: str | None = None
    activation: str | None = None
    fixed_activation: str | None = None
    units: int | None = None
    allowed: tuple = ()
    per_unit_activations: bool = True
    broadcast_bias: bool = True  #: a single number for a bias of several units means that number for every unit


@dataclass
class BuildResult:
    network: Network
    violations: list[str] = field(default_factory=list)  #: architecture rules broken (sizes, activations)
    notes: list[str] = field(default_factory=list)  #: readings the feedback mentions (a broadcast bias)
    shape_violations: list[str] = field(default_factory=list)  #: the sizes among them: rejected before any analysis


def build_network(answers: dict, specs: Sequence[LayerSpec], n_inputs: int, *,
                  hard_threshold: str = "I(z>0)") -> BuildResult:
    """Network from decoded answers; AnswerFormatError for unusable answers (message for the student)."""
    layers = []
    violations: list[str] = []
    notes: list[str] = []
    shape_violations: list[str] = []
    transposed: list[str] = []
    inputs = n_inputs
    for index, spec in enumerate(specs):
        label = f"layer {index + 1}"
        matrix = exact_matrix(answers[spec.weights], spec.weights)
        units = spec.units
        matrix, was_transposed = _orient(matrix, inputs, units, spec.weights)
        if was_transposed:
            transposed.append(spec.weights)
        if units is not None and len(matrix) != units:
            shape_violations.append(f"{label} must have {units} unit(s); {spec.weights} has {len(matrix)} row(s)")
            violations.append(shape_violations[-1])
        units_here = len(matrix)
        raw_bias = answers.get(spec.bias) if spec.bias else None
        if spec.broadcast_bias and units_here > 1 and _is_single_number(raw_bias):
            raw_bias = [raw_bias[0] if isinstance(raw_bias, list) else raw_bias] * units_here
            notes.append(f"{spec.bias} is one number; it was read as that number for each of the {units_here} units")
        bias = _bias(raw_bias, spec.bias, units_here)
        activations = _activations(answers, spec, units_here, hard_threshold, violations, label)
        layers.append(Layer(tuple(tuple(r) for r in matrix), tuple(bias), tuple(activations)))
        inputs = units_here
    floats = any(_has_float(answers.get(name)) for spec in specs for name in (spec.weights, spec.bias) if name)
    return BuildResult(Network(tuple(layers), n_inputs, tuple(transposed), floats), violations, notes=notes,
                       shape_violations=shape_violations)


def _is_single_number(value: Any) -> bool:
    """A plain number (or a one-element list of one), which a bias of several units may broadcast."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return isinstance(value, (int, float, Fraction)) and not isinstance(value, bool)


def _orient(matrix: list, inputs: int, units: int | None, name: str) -> tuple[list, bool]:
    rows, cols = len(matrix), len(matrix[0])
    if cols == inputs and (units is None or rows == units):
        return matrix, False
    if rows == inputs and cols == 1 and (units in (None, 1)):
        return [[r[0] for r in matrix]], False  # a column vector for a one-unit layer
    if rows == inputs and (units is None or cols == units) and cols != inputs:
        return [list(c) for c in zip(*matrix)], True
    if cols == inputs:
        return matrix, False  # unit count is reported as a violation by the caller
    raise AnswerFormatError(
        f"{name} has shape {rows}x{cols}, but this layer receives {inputs} input(s): "
        f"it needs one row per unit and {inputs} column(s)")


def _bias(value: Any, name: str | None, units: int) -> list[Fraction]:
    if value is None:
        return [Q(0)] * units
    matrix = exact_matrix(value, name)
    flat = [v for row in matrix for v in row]
    if len(flat) != units or (len(matrix) > 1 and len(matrix[0]) > 1):
        raise AnswerFormatError(f"{name} must have {units} entr{'y' if units == 1 else 'ies'} (one per unit), "
                                f"got shape {len(matrix)}x{len(matrix[0])}")
    return flat


def _activations(answers: dict, spec: LayerSpec, units: int, hard_threshold: str, violations: list,
                 label: str) -> list[Activation]:
    if spec.activation is None:
        if spec.fixed_activation is None:
            raise AnswerFormatError(f"{label} has no activation (rubric problem)")
        return [resolve_activation(spec.fixed_activation, hard_threshold=hard_threshold)] * units
    raw = answers[spec.activation]
    if isinstance(raw, np.ndarray) or (isinstance(raw, list) and len(raw) == 1 and isinstance(raw[0], str)):
        raw = raw[0] if isinstance(raw, list) else raw
    try:
        if isinstance(raw, list):
            if not spec.per_unit_activations:
                raise AnswerFormatError(f"{spec.activation} must be one activation for the whole layer")
            if len(raw) != units:
                raise AnswerFormatError(f"{spec.activation} lists {len(raw)} activations for {units} unit(s)")
            acts = [resolve_activation(r, hard_threshold=hard_threshold) for r in raw]
        else:
            acts = [resolve_activation(raw, hard_threshold=hard_threshold)] * units
    except ActivationError as exc:
        raise AnswerFormatError(f"{spec.activation}: {exc}") from None
    if spec.allowed:
        for act in {a.name: a for a in acts}.values():
            if act.name not in spec.allowed:
                violations.append(f"{label} uses activation {act.source!r} ({act.description}); "
                                  f"this question allows: {', '.join(spec.allowed)}")
    return acts
