"""Random dimensions and tensor values for instances of a forward graph."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .declarations import Tensor, dim_symbols

DEFAULT_DIM_RANGE = (2, 7)


def draw_dims(tensors: Sequence[Tensor], rng: np.random.Generator, ranges: Mapping[str, Sequence[int]] | None = None) -> dict[str, int]:
    """Sizes for the dimension symbols, all different when the ranges allow it (so no shape is accidentally square)."""
    names = dim_symbols(tensors)
    bounds = {n: tuple((ranges or {}).get(n, DEFAULT_DIM_RANGE)) for n in names}
    for attempt in range(500):
        dims = {n: int(rng.integers(lo, hi + 1)) for n, (lo, hi) in bounds.items()}
        if len(set(dims.values())) == len(dims) or attempt == 499:
            return dims
    raise AssertionError("unreachable")


def draw_values(tensors: Sequence[Tensor], dims: Mapping[str, int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random values for declared tensors, following each one's distribution."""
    values: dict[str, np.ndarray] = {}
    for tensor in tensors:
        shape = tuple(dims[d] if isinstance(d, str) else int(d) for d in tensor.shape)
        if tensor.distribution == "one_hot":
            value = np.zeros(shape)
            value[int(rng.integers(shape[0])), 0] = 1.0
        elif tensor.distribution == "binary":
            value = rng.integers(0, 2, size=shape).astype(float)
        elif tensor.distribution == "probability":
            value = rng.uniform(0.05, 0.95, size=shape)
        elif tensor.distribution == "positive":
            value = rng.uniform(0.5, 2.0, size=shape)
        else:
            value = rng.normal(0.0, 1.0, size=shape)
        values[tensor.name] = np.asarray(value, dtype=float)
    return values
