"""Exact piecewise-linear functions R -> R: the algebra under the activation catalogue.

A :class:`PiecewiseLinear` has finitely many breakpoints ``t_1 < ... < t_m``, an affine function
on each open interval between them, and an explicit value *at* each breakpoint, all exact
(``fractions.Fraction``).  Keeping the value at a breakpoint apart from the neighbouring pieces is
what tells ``I(z>0)`` from ``I(z>=0)``.  Sums, constant multiples, compositions and products
where one factor is constant on every piece stay piecewise linear; anything else raises
:class:`NotPiecewiseLinear`.  The named activations built on it live in
:mod:`grader.networks.activations`; the exact network analysis in :mod:`grader.networks.exact`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np

from ..errors import NotPiecewiseLinear


Q = Fraction
ZERO = Q(0)
ONE = Q(1)


@dataclass(frozen=True)
class PiecewiseLinear:
    """A function R -> R, affine between breakpoints, with explicit values at them.

    ``pieces[i]`` is ``(slope, intercept)`` on the open interval between
    ``breakpoints[i-1]`` and ``breakpoints[i]`` (unbounded at both ends);
    ``values[i]`` is the value at ``breakpoints[i]``.
    """

    breakpoints: tuple[Fraction, ...]
    pieces: tuple[tuple[Fraction, Fraction], ...]
    values: tuple[Fraction, ...]

    # -- construction
    @staticmethod
    def affine(slope: Fraction, intercept: Fraction) -> "PiecewiseLinear":
        return PiecewiseLinear((), ((Q(slope), Q(intercept)),), ())

    @staticmethod
    def constant(value: Fraction) -> "PiecewiseLinear":
        return PiecewiseLinear.affine(ZERO, Q(value))

    def normalized(self) -> "PiecewiseLinear":
        """Drop breakpoints where nothing happens (same piece both sides, continuous value)."""
        bps, pieces, values = [], [self.pieces[0]], []
        for bp, right, value in zip(self.breakpoints, self.pieces[1:], self.values):
            left = pieces[-1]
            if left == right and left[0] * bp + left[1] == value:
                continue
            bps.append(bp)
            values.append(value)
            pieces.append(right)
        return PiecewiseLinear(tuple(bps), tuple(pieces), tuple(values))

    # -- evaluation
    def piece_index(self, z: Fraction) -> tuple[str, int]:
        """('point', i) if z is breakpoint i, else ('open', i) for the open piece i."""
        for i, bp in enumerate(self.breakpoints):
            if z < bp:
                return ("open", i)
            if z == bp:
                return ("point", i)
        return ("open", len(self.breakpoints))

    def __call__(self, z: Fraction) -> Fraction:
        where, i = self.piece_index(z)
        if where == "point":
            return self.values[i]
        slope, intercept = self.pieces[i]
        return slope * z + intercept

    def evaluate_float(self, z: np.ndarray) -> np.ndarray:
        """Vectorised float evaluation (for sampling and quick screening)."""
        z = np.asarray(z, dtype=float)
        out = np.empty_like(z)
        edges = [float(b) for b in self.breakpoints]
        lower = -np.inf
        for i, (slope, intercept) in enumerate(self.pieces):
            upper = edges[i] if i < len(edges) else np.inf
            mask = (z > lower) & (z < upper)
            out[mask] = float(slope) * z[mask] + float(intercept)
            if i < len(edges):
                out[z == upper] = float(self.values[i])
            lower = upper
        return out

    @property
    def is_piecewise_constant(self) -> bool:
        return all(slope == 0 for slope, _ in self.pieces)

    # -- algebra
    def _merged(self, other: "PiecewiseLinear"):
        """Common refinement: breakpoints and, per open interval, both affine pieces."""
        bps = sorted(set(self.breakpoints) | set(other.breakpoints))
        return bps

    def _piece_at_interval(self, bps: list, i: int) -> tuple[Fraction, Fraction]:
        """The affine piece of self on the open interval i of the refinement ``bps``."""
        if not bps:
            return self.pieces[0]
        if i == 0:
            probe = bps[0] - 1
        elif i == len(bps):
            probe = bps[-1] + 1
        else:
            probe = (bps[i - 1] + bps[i]) / 2
        return self.pieces[self.piece_index(probe)[1]]

    def combine(self, other: "PiecewiseLinear", op: Callable) -> "PiecewiseLinear":
        """Pointwise op of two PL functions; op acts on (slope, intercept) pairs and values."""
        bps = self._merged(other)
        pieces = []
        for i in range(len(bps) + 1):
            a = self._piece_at_interval(bps, i)
            b = other._piece_at_interval(bps, i)
            pieces.append(op(a, b))
        values = []
        for bp in bps:
            values.append(op((ZERO, self(bp)), (ZERO, other(bp)))[1])
        return PiecewiseLinear(tuple(bps), tuple(pieces), tuple(values)).normalized()

    def __add__(self, other: "PiecewiseLinear") -> "PiecewiseLinear":
        return self.combine(other, lambda a, b: (a[0] + b[0], a[1] + b[1]))

    def __sub__(self, other: "PiecewiseLinear") -> "PiecewiseLinear":
        return self.combine(other, lambda a, b: (a[0] - b[0], a[1] - b[1]))

    def __neg__(self) -> "PiecewiseLinear":
        return self.scaled(-ONE)

    def scaled(self, factor: Fraction) -> "PiecewiseLinear":
        factor = Q(factor)
        return PiecewiseLinear(
            self.breakpoints,
            tuple((s * factor, c * factor) for s, c in self.pieces),
            tuple(v * factor for v in self.values),
        ).normalized()

    def __mul__(self, other: "PiecewiseLinear") -> "PiecewiseLinear":
        def times(a, b):
            if a[0] != 0 and b[0] != 0:
                raise NotPiecewiseLinear("product of two non-constant pieces")
            # (s1 z + c1)(s2 z + c2) with s1*s2 == 0
            return (a[0] * b[1] + b[0] * a[1], a[1] * b[1])

        return self.combine(other, times)

    def compose(self, inner: "PiecewiseLinear") -> "PiecewiseLinear":
        """self(inner(z))."""
        bps: list[Fraction] = []
        vals: list[Fraction] = []
        pieces: list[tuple[Fraction, Fraction]] = []
        inner_bps = list(inner.breakpoints)
        for i, (s, c) in enumerate(inner.pieces):
            lo = inner_bps[i - 1] if i > 0 else None
            hi = inner_bps[i] if i < len(inner_bps) else None
            if s == 0:
                pieces.append((ZERO, self(c)))
            else:
                # breakpoints of self crossed by s z + c on (lo, hi)
                crossings = []
                for u in self.breakpoints:
                    z = (u - c) / s
                    if (lo is None or z > lo) and (hi is None or z < hi):
                        crossings.append((z, u))
                crossings.sort()
                probes = [z for z, _ in crossings]
                for j in range(len(probes) + 1):
                    if not probes:
                        probe = (lo + 1) if hi is None and lo is not None else (hi - 1) if lo is None and hi is not None else (lo + hi) / 2 if lo is not None else ZERO
                    elif j == 0:
                        probe = probes[0] - 1 if lo is None else (lo + probes[0]) / 2
                    elif j == len(probes):
                        probe = probes[-1] + 1 if hi is None else (probes[-1] + hi) / 2
                    else:
                        probe = (probes[j - 1] + probes[j]) / 2
                    g_slope, g_int = self.pieces[self.piece_index(s * probe + c)[1]]
                    pieces.append((g_slope * s, g_slope * c + g_int))
                    if j < len(probes):
                        bps.append(crossings[j][0])
                        vals.append(self(crossings[j][1]))
            if hi is not None:
                bps.append(hi)
                vals.append(self(inner(hi)))
        return PiecewiseLinear(tuple(bps), tuple(pieces), tuple(vals)).normalized()

    def key(self) -> tuple:
        return (self.breakpoints, self.pieces, self.values)


def _indicator(lo: Fraction | None, hi: Fraction | None, closed_lo: bool, closed_hi: bool) -> PiecewiseLinear:
    """1 on the interval between lo and hi (None: unbounded), 0 elsewhere."""
    bps, pieces, values = [], [], []
    if lo is None:
        pieces.append((ZERO, ONE))
    else:
        pieces.append((ZERO, ZERO))
        bps.append(Q(lo))
        values.append(ONE if closed_lo else ZERO)
        pieces.append((ZERO, ONE))
    if hi is not None:
        bps.append(Q(hi))
        values.append(ONE if closed_hi else ZERO)
        pieces.append((ZERO, ZERO))
    return PiecewiseLinear(tuple(bps), tuple(pieces), tuple(values))


IDENTITY = PiecewiseLinear.affine(ONE, ZERO)
RELU = PiecewiseLinear((ZERO,), ((ZERO, ZERO), (ONE, ZERO)), (ZERO,))
ABS = PiecewiseLinear((ZERO,), ((-ONE, ZERO), (ONE, ZERO)), (ZERO,))
SIGN = PiecewiseLinear((ZERO,), ((ZERO, -ONE), (ZERO, ONE)), (ZERO,))


def heaviside(at_zero: Fraction) -> PiecewiseLinear:
    return PiecewiseLinear((ZERO,), ((ZERO, ZERO), (ZERO, ONE)), (Q(at_zero),))
