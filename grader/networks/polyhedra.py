"""Exact rational polyhedra: relatively open cells and a small exact simplex.

A :class:`Cell` is the set of points ``x`` in Q^n with

* some coordinates eliminated by equalities: ``x_j = s_j(x_free)`` (an affine
  expression in the remaining, *free* coordinates), and
* finitely many strict inequalities ``g_i(x_free) > 0``,

together with a *witness*: a point that satisfies all of them.  Such a set is
relatively open in its flat, so an affine function ``f`` that is not constant on
the flat maps it onto an open interval ``(inf f, sup f)``; the two ends come from
two linear programs over the closure (the infimum over a nonempty relatively
open convex set equals the minimum over its closure).  That is all the region
analysis in :mod:`grader.networks.exact` needs: which pieces of an activation a
pre-activation can reach inside a cell, and a witness point for each.

All arithmetic is ``fractions.Fraction``.  The simplex works on the dictionary
of the free coordinates (as deviations from the witness, which is strictly
feasible, so no phase 1) and the slacks of the inequalities; Bland's rule on a
fixed variable order prevents cycling, and free variables, once basic, never
leave the basis (they have no sign constraint), so it terminates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

Q = Fraction
ZERO = Q(0)

Vector = tuple  # tuple[Fraction, ...]


@dataclass(frozen=True)
class Form:
    """An affine function ``coef . x + const`` of the n input coordinates."""

    coef: tuple
    const: Fraction

    @staticmethod
    def coordinate(n: int, j: int) -> "Form":
        return Form(tuple(Q(1) if i == j else ZERO for i in range(n)), ZERO)

    @staticmethod
    def constant(n: int, value: Fraction) -> "Form":
        return Form((ZERO,) * n, Q(value))

    def __call__(self, x) -> Fraction:
        total = self.const
        for c, v in zip(self.coef, x):
            if c:
                total += c * v
        return total

    def is_constant(self) -> bool:
        return not any(self.coef)

    def plus(self, other: "Form") -> "Form":
        return Form(tuple(a + b for a, b in zip(self.coef, other.coef)), self.const + other.const)

    def times(self, factor: Fraction) -> "Form":
        if factor == 1:
            return self
        return Form(tuple(a * factor for a in self.coef), self.const * factor)

    def shifted(self, amount: Fraction) -> "Form":
        return Form(self.coef, self.const + amount)

    def linear_rate(self, direction) -> Fraction:
        total = ZERO
        for c, v in zip(self.coef, direction):
            if c:
                total += c * v
        return total


def combination(forms, weights, bias: Fraction, n: int) -> Form:
    """sum_k weights[k] * forms[k] + bias."""
    coef = [ZERO] * n
    const = Q(bias)
    for w, f in zip(weights, forms):
        if not w:
            continue
        const += w * f.const
        for i, c in enumerate(f.coef):
            if c:
                coef[i] += w * c
    return Form(tuple(coef), const)


@dataclass
class Range:
    """inf and sup of an affine function over a cell, with where they are approached."""

    low: Fraction | None  # None: -infinity
    high: Fraction | None  # None: +infinity
    low_point: tuple | None = None  # closure point attaining low, or None
    low_ray: tuple | None = None  # direction along which f decreases without bound
    high_point: tuple | None = None
    high_ray: tuple | None = None


@dataclass
class Cell:
    """Relatively open polyhedron in Q^n with a witness point; see the module docstring."""

    n: int
    subs: dict = field(default_factory=dict)  # eliminated j -> Form in free coordinates
    ineqs: list = field(default_factory=list)  # Forms (free coordinates) that are > 0
    point: tuple = ()

    def copy(self) -> "Cell":
        return Cell(self.n, dict(self.subs), list(self.ineqs), self.point)

    @property
    def free(self) -> list[int]:
        return [j for j in range(self.n) if j not in self.subs]

    @property
    def dimension(self) -> int:
        return self.n - len(self.subs)

    def reduce(self, form: Form) -> Form:
        """The same function on the cell's flat, written in free coordinates only."""
        if not self.subs or not any(form.coef[j] for j in self.subs):
            return form
        coef = list(form.coef)
        const = form.const
        for j, expr in self.subs.items():
            c = coef[j]
            if not c:
                continue
            coef[j] = ZERO
            const += c * expr.const
            for i, e in enumerate(expr.coef):
                if e:
                    coef[i] += c * e
        return Form(tuple(coef), const)

    def contains(self, x) -> bool:
        for j, expr in self.subs.items():
            if x[j] != expr(x):
                return False
        return all(g(x) > 0 for g in self.ineqs)

    def complete(self, free_values: dict) -> tuple:
        """Full point from values of the free coordinates."""
        x = [free_values.get(j, ZERO) for j in range(self.n)]
        for j, expr in self.subs.items():
            x[j] = expr(x)
        return tuple(x)

    # -- refinement
    def with_inequality(self, form: Form, point: tuple) -> "Cell":
        """Copy with ``form > 0`` added (form already reduced); ``point`` must satisfy everything."""
        child = self.copy()
        child.ineqs.append(form)
        child.point = point
        return child

    def with_equality(self, form: Form, point: tuple) -> "Cell":
        """Copy with ``form == 0`` added (reduced, not constant); eliminates one free coordinate."""
        pivot = _choose_pivot(form)
        c = form.coef[pivot]
        # x_pivot = -(form - c x_pivot)/c
        coef = tuple(ZERO if i == pivot else -a / c for i, a in enumerate(form.coef))
        expr = Form(coef, -form.const / c)
        child = Cell(self.n, {}, [], point)
        for j, old in self.subs.items():
            child.subs[j] = _substitute(old, pivot, expr)
        child.subs[pivot] = expr
        for g in self.ineqs:
            h = _substitute(g, pivot, expr)
            if h.is_constant():
                continue  # implied by the witness (it is positive there)
            child.ineqs.append(h)
        return child

    # -- linear programming
    def minimize(self, form: Form):
        """(min value or None for -inf, closure point or None, ray or None) of a reduced form."""
        return _simplex_min(self, form)

    def range_of(self, form: Form, need_low: bool = True, need_high: bool = True) -> Range:
        result = Range(None, None)
        if need_low:
            value, point, ray = self.minimize(form)
            result.low, result.low_point, result.low_ray = value, point, ray
        if need_high:
            value, point, ray = self.minimize(form.times(Q(-1)))
            result.high = None if value is None else -value
            result.high_point, result.high_ray = point, ray
        return result

    def point_with_value(self, form: Form, value: Fraction, rng: Range) -> tuple:
        """A point of the cell where ``form`` equals ``value`` (inf < value < sup required)."""
        here = form(self.point)
        if value == here:
            return self.point
        if value < here:
            target, ray = rng.low_point, rng.low_ray
            bound = rng.low
        else:
            target, ray = rng.high_point, rng.high_ray
            bound = rng.high
        if bound is not None and target is not None:
            lam = (here - value) / (here - bound)
            return tuple(p + lam * (q - p) for p, q in zip(self.point, target))
        rate = form.linear_rate(ray)
        step = (value - here) / rate
        return tuple(p + step * r for p, r in zip(self.point, ray))

    def step_bound(self, direction) -> Fraction | None:
        """Largest s (None: unbounded) with point + s'*direction inside for all 0 <= s' < s."""
        best = None
        for g in self.ineqs:
            rate = g.linear_rate(direction)
            if rate < 0:
                limit = g(self.point) / -rate
                if best is None or limit < best:
                    best = limit
        return best


def _choose_pivot(form: Form) -> int:
    """Eliminate a coordinate with coefficient +-1 if possible (keeps numbers small), last first."""
    candidates = [i for i, a in enumerate(form.coef) if a]
    unit = [i for i in candidates if abs(form.coef[i]) == 1]
    return (unit or candidates)[-1]


def _substitute(form: Form, j: int, expr: Form) -> Form:
    c = form.coef[j]
    if not c:
        return form
    coef = list(form.coef)
    coef[j] = ZERO
    for i, e in enumerate(expr.coef):
        if e:
            coef[i] += c * e
    return Form(tuple(coef), form.const + c * expr.const)


# ----------------------------------------------------------------- simplex


def _simplex_min(cell: Cell, objective: Form):
    """Minimise ``objective`` over the closure of ``cell`` (objective in free coordinates).

    Dictionary form: basic variables are written as ``beta + sum(coef * nonbasic)``.
    Variables: ("u", j) = x_j - witness_j for free j (no sign constraint) and
    ("s", i) = g_i(x) >= 0 for each inequality.
    """
    free = cell.free
    p = cell.point
    if not any(objective.coef[j] for j in free):
        return objective(p), p, None
    nonbasic = [("u", j) for j in free]
    basic = []
    rows = []  # per basic variable: [beta, [coef per nonbasic position]]
    for i, g in enumerate(cell.ineqs):
        basic.append(("s", i))
        rows.append([g(p), [g.coef[j] for j in free]])
    z_const = objective(p)
    z_coef = [objective.coef[j] for j in free]

    def order(label):  # Bland's order: free variables first, then slacks, by index
        return (0 if label[0] == "u" else 1, label[1])

    for _ in range(10_000):
        entering = None
        for k in sorted(range(len(nonbasic)), key=lambda k: order(nonbasic[k])):
            c = z_coef[k]
            if nonbasic[k][0] == "u" and c != 0:
                entering = k
                break
            if nonbasic[k][0] == "s" and c < 0:
                entering = k
                break
        if entering is None:
            break
        k = entering
        direction = -1 if (nonbasic[k][0] == "u" and z_coef[k] > 0) else 1
        leave = None
        best = None
        for r, (beta, coefs) in enumerate(rows):
            if basic[r][0] == "u":
                continue
            rate = coefs[k] * direction
            if rate < 0:
                ratio = beta / -rate
                if best is None or ratio < best or (ratio == best and order(basic[r]) < order(basic[leave])):
                    best, leave = ratio, r
        if leave is None:
            return None, None, _ray(cell, free, nonbasic, basic, rows, k, direction)
        z_const += _pivot(rows, basic, nonbasic, z_coef, leave, k)
    else:  # pragma: no cover - Bland's rule terminates
        raise RuntimeError("simplex did not terminate")
    values = {}
    for label, (beta, _) in zip(basic, rows):
        if label[0] == "u":
            values[label[1]] = beta
    point = cell.complete({j: p[j] + values.get(j, ZERO) for j in free})
    return z_const, point, None


def _pivot(rows, basic, nonbasic, z_coef, r, k) -> Fraction:
    """Exchange basic r and nonbasic k; returns the change of the objective's constant."""
    beta, coefs = rows[r]
    a = coefs[k]
    # nonbasic[k] = (basic[r] - beta - sum_{j!=k} coefs[j] x_j) / a
    new_coefs = [-c / a for c in coefs]
    new_coefs[k] = 1 / a
    new_beta = -beta / a
    rows[r] = [new_beta, new_coefs]
    basic[r], nonbasic[k] = nonbasic[k], basic[r]
    for rr, row in enumerate(rows):
        if rr == r:
            continue
        factor = row[1][k]
        if not factor:
            continue
        row[0] = row[0] + factor * new_beta
        rc = row[1]
        for j, c in enumerate(new_coefs):
            if j == k:
                rc[j] = factor * c
            elif c:
                rc[j] = rc[j] + factor * c
    factor = z_coef[k]
    for j, c in enumerate(new_coefs):
        if j == k:
            z_coef[j] = factor * c
        elif c:
            z_coef[j] = z_coef[j] + factor * c
    return factor * new_beta


def _ray(cell: Cell, free, nonbasic, basic, rows, k, direction) -> tuple:
    """x-space direction of unbounded decrease: nonbasic k moves by `direction`."""
    delta = {}
    if nonbasic[k][0] == "u":
        delta[nonbasic[k][1]] = Q(direction)
    for label, (_, coefs) in zip(basic, rows):
        if label[0] == "u":
            delta[label[1]] = coefs[k] * direction
    full = [delta.get(j, ZERO) if j in delta else ZERO for j in range(cell.n)]
    for j, expr in cell.subs.items():
        full[j] = expr.linear_rate(full)
    return tuple(full)
