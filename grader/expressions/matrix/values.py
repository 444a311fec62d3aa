"""The evaluator's value representation (0-d scalars, 2-d matrices) and how shapes are described."""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import MatrixEvalError


def as_value(value: Any) -> np.ndarray:
    """A float array in the evaluator's representation: 0-d scalar or 2-d matrix."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 1:
        # a plain list of numbers is a column vector, the course convention
        array = array.reshape(-1, 1)
    if array.ndim not in (0, 2):
        raise MatrixEvalError(f"values must be scalars, vectors or matrices, got {array.ndim} dimensions")
    return array


def is_scalar(value: np.ndarray) -> bool:
    return value.ndim == 0 or value.shape == (1, 1)


def is_vector(value: np.ndarray) -> bool:
    return value.ndim == 2 and 1 in value.shape and not is_scalar(value)


def shape_text(shape: tuple[int, ...]) -> str:
    return "scalar" if len(shape) == 0 else str(tuple(int(s) for s in shape))


def describe_shape(value: np.ndarray) -> str:
    if value.ndim == 0:
        return "a scalar"
    rows, cols = value.shape
    if cols == 1 and rows > 1:
        return f"a column vector {shape_text(value.shape)}"
    if rows == 1 and cols > 1:
        return f"a row vector {shape_text(value.shape)}"
    return f"a matrix {shape_text(value.shape)}"
