"""Comparing an answer tree with expected values at several instances, and naming the mistake."""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

from .errors import MatrixEvalError, ShapeError
from .evaluation import evaluate
from .trees import source_of
from .values import as_value, describe_shape, is_scalar, is_vector


def scale_of(value: np.ndarray) -> float:
    return float(np.max(np.abs(value))) if value.size else 0.0


def same_shape(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape or (is_scalar(a) and is_scalar(b))


def close(a: np.ndarray, b: np.ndarray, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Equal shapes (scalars of any form count as equal) and equal values within tolerance."""
    if not same_shape(a, b):
        return False
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:  # a 0-d scalar against a (1, 1) one
        a, b = a.reshape(()), b.reshape(())
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return False
    tolerance = atol + rtol * max(1.0, scale_of(b))
    return bool(np.all(np.abs(a - b) <= tolerance + rtol * np.abs(b)))


def all_close(answers: Sequence[np.ndarray], expected: Sequence[np.ndarray], **tol: float) -> bool:
    return len(answers) == len(expected) and all(close(a, e, **tol) for a, e in zip(answers, expected))


@dataclass(frozen=True)
class Factor:
    """A factor relating an answer to the expected value: a number, maybe times a power of a dimension."""

    constant: float
    dimension: str | None = None
    power: int = 0

    def text(self) -> str:
        number = _nice_number(self.constant)
        if self.dimension is None:
            return number
        dim = self.dimension if abs(self.power) == 1 else f"{self.dimension}**{abs(self.power)}"
        if self.power > 0:
            return dim if number == "1" else f"{number}*{dim}"
        return f"1/{dim}" if number == "1" else f"{number}/{dim}"

    def as_evidence(self) -> dict[str, Any]:
        return {"factor": self.text(), "constant": self.constant, "dimension": self.dimension, "power": self.power}


def _nice_number(x: float) -> str:
    fraction = Fraction(x).limit_denominator(1000)
    if abs(float(fraction) - x) <= 1e-9 * max(1.0, abs(x)):
        return str(fraction.numerator) if fraction.denominator == 1 else f"{fraction.numerator}/{fraction.denominator}"
    return f"{x:.6g}"


def _ratio(answer: np.ndarray, expected: np.ndarray) -> float | None:
    a, e = np.asarray(answer, dtype=float).reshape(-1), np.asarray(expected, dtype=float).reshape(-1)
    if a.size != e.size or not np.all(np.isfinite(a)):
        return None
    denominator = float(e @ e)
    if denominator <= 1e-18:
        return None
    return float(a @ e) / denominator


def factor_between(
    answers: Sequence[np.ndarray],
    expected: Sequence[np.ndarray],
    dims: Sequence[Mapping[str, int]] | None = None,
    *,
    rtol: float = 1e-6,
) -> Factor | None:
    """The factor k with ``answer = k * expected`` at every instance, other than 1.

    The factor may depend on a dimension (a dropped ``1/K`` is ``K`` times the
    expected value at every instance, with K differing between instances);
    then ``dims`` (one mapping per instance) lets it be named.
    """
    ratios = []
    for a, e in zip(answers, expected):
        if not same_shape(a, e):
            return None
        ratio = _ratio(a, e)
        if ratio is None or not close(a, ratio * np.asarray(e), rtol=rtol * 10):
            return None
        ratios.append(ratio)
    if not ratios:
        return None
    if all(abs(r - ratios[0]) <= 1e-6 * max(1.0, abs(ratios[0])) for r in ratios):
        if abs(ratios[0] - 1.0) <= 1e-6 or abs(ratios[0]) <= 1e-9:
            return None
        return Factor(ratios[0])
    if dims:
        for name in sorted(dims[0]):
            for power in (1, -1, 2, -2):
                constants = [r / (d[name] ** power) for r, d in zip(ratios, dims)]
                if all(abs(c - constants[0]) <= 1e-6 * max(1.0, abs(constants[0])) for c in constants):
                    return Factor(constants[0], name, power)
    return None


def transpose_variants(tree: ast.Expression, shapes: Mapping[str, tuple[int, ...]]) -> Iterator[tuple[str, ast.Expression]]:
    """Copies of ``tree`` with one transpose added or removed, with the changed part's text.

    Used to recognise a missing (or extra) transpose: if toggling the
    transpose of ``W3`` makes ``W3 @ y_bar`` right, the mistake is named.
    Only names whose value is not a scalar are toggled, plus existing ``.T``
    on any sub-expression.
    """
    root = tree.body if isinstance(tree, ast.Expression) else tree
    parents: dict[int, tuple[ast.AST, str, int | None]] = {}
    for parent in ast.walk(root):
        for field_name, child in ast.iter_fields(parent):
            if isinstance(child, ast.AST):
                parents[id(child)] = (parent, field_name, None)
            elif isinstance(child, list):
                for index, item in enumerate(child):
                    if isinstance(item, ast.AST):
                        parents[id(item)] = (parent, field_name, index)
    targets: list[tuple[ast.AST, str]] = []
    for node in ast.walk(root):
        if isinstance(node, ast.Attribute) and node.attr == "T":
            targets.append((node, f"remove the transpose of {source_of(node.value)}"))
        elif isinstance(node, ast.Name) and len(shapes.get(node.id, ())) == 2 and max(shapes[node.id]) > 1:
            parent = parents.get(id(node))
            if parent and isinstance(parent[0], ast.Attribute):
                continue  # already handled by removing that transpose
            targets.append((node, f"transpose {node.id}"))
    for target, label in targets:
        new_root = copy.deepcopy(root)
        # find the same node in the copy by walking both trees in parallel
        mapping = dict(zip((id(n) for n in ast.walk(root)), ast.walk(new_root)))
        copied = mapping[id(target)]
        replacement = copied.value if isinstance(copied, ast.Attribute) else ast.Attribute(value=copied, attr="T", ctx=ast.Load())
        if copied is new_root:
            new_root = replacement
        else:
            parent, field_name, index = parents[id(target)]
            new_parent = mapping[id(parent)]
            if index is None:
                setattr(new_parent, field_name, replacement)
            else:
                getattr(new_parent, field_name)[index] = replacement
        yield label, ast.Expression(body=new_root)


@dataclass
class Comparison:
    """Result of comparing an answer tree with expected values at several instances."""

    correct: bool
    diagnosis: str | None = None
    feedback: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    values: list[np.ndarray] = field(default_factory=list)


def compare(
    tree: ast.Expression,
    environments: Sequence[Mapping[str, Any]],
    expected: Sequence[np.ndarray],
    *,
    dims: Sequence[Mapping[str, int]] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    accept_transposed_vector: bool = False,
) -> Comparison:
    """Evaluate ``tree`` in each environment and compare with ``expected``; name the mistake if recognised.

    Diagnoses, in order: ``transposed`` (a shape error or wrong value that one
    transpose fixes, or a row vector for a column vector), ``shape_error``,
    ``sign_error``, ``constant_factor`` (evidence: the factor, possibly a
    dimension such as ``K``).  Callers add their own diagnoses (missing terms,
    wrong node) when this returns ``correct=False`` with no diagnosis.
    """
    tol = {"rtol": rtol, "atol": atol}
    try:
        values = [evaluate(tree, env) for env in environments]
    except ShapeError as error:
        fix = _transpose_fix(tree, environments, expected, tol)
        if fix:
            feedback = str(error) if error.suggestion else f"{error}. A transpose is missing or misplaced ({fix})."
            return Comparison(False, "transposed", feedback,
                              {"shapes": [list(s) for s in error.shapes], "operation": error.operation, "fix": fix})
        return Comparison(False, "shape_error", str(error), {"shapes": [list(s) for s in error.shapes], "operation": error.operation})
    if all_close(values, expected, **tol):
        return Comparison(True, values=values, feedback="Correct.")
    for v, e in zip(values, expected):
        if not same_shape(v, e):
            if v.shape == e.shape[::-1] and all_close([x.T for x in values], expected, **tol):
                if accept_transposed_vector and is_vector(e):
                    return Comparison(True, values=values, feedback="Correct (given as a row vector).")
                return Comparison(False, "transposed", f"Your answer is {describe_shape(v)} but should be {describe_shape(e)}: it is transposed.",
                                  {"answer_shape": list(v.shape), "expected_shape": list(e.shape)}, values)
            return Comparison(False, "wrong_shape", f"Your answer is {describe_shape(v)} but should be {describe_shape(e)}.",
                              {"answer_shape": list(v.shape), "expected_shape": list(e.shape)}, values)
    if any(not np.all(np.isfinite(v)) for v in values):
        return Comparison(False, "not_finite", "Your expression gives NaN or infinity at a valid input "
                          "(a logarithm or square root of a negative number, or a division by zero?).", {}, values)
    if all_close([-v for v in values], expected, **tol):
        return Comparison(False, "sign_error", "The sign is wrong.", {}, values)
    factor = factor_between(values, expected, dims, rtol=rtol)
    if factor is not None:
        return Comparison(False, "constant_factor", f"Off by a constant factor: your answer is {factor.text()} times the correct value.",
                          factor.as_evidence(), values)
    fix = _transpose_fix(tree, environments, expected, tol)
    if fix:
        return Comparison(False, "transposed", f"A transpose is missing or misplaced ({fix}).", {"fix": fix}, values)
    return Comparison(False, None, "Not equal to the correct expression.", {}, values)


def _transpose_fix(tree, environments, expected, tol) -> str | None:
    shapes = {name: np.shape(as_value(value)) for name, value in environments[0].items()}
    for label, variant in transpose_variants(tree, shapes):
        try:
            values = [evaluate(variant, env) for env in environments]
        except MatrixEvalError:
            continue
        if all_close(values, expected, **tol):
            return label
    return None
