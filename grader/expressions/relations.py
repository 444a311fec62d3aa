"""Conditions as answers ("forward mode is better when m > n"), compared as sets of points.

The student's condition and the reference's SymPy relation (or And/Or of
relations) are evaluated at

* a grid of small simple values of every symbol's domain (integers 1..12
  for ``natural``, halves for real domains; about 2000 points at most), which
  contains boundary points such as m == n, so strict vs non-strict matters;
* ``samples`` random points of the domains.

Evaluation is exact (fractions) where the expressions are rational, else
50-digit mpmath, where sides within 1e-40 (relative) count as equal.
Undefined is not agreement: points where both conditions are undefined are
skipped, a point where only one is undefined is a disagreement
(``undefined``), and fewer than ``MIN_CHECKED`` points where both are defined
make the answer unusable (``too_few_points``).  Only points satisfying the
item's assumptions (``n > d``) are used, so every counterexample satisfies
them.  Two conditions are equivalent when they agree at every point ("m > n",
"n < m", "m - n > 0" and, on integers, "m >= n + 1" are the same set).

Diagnoses: ``boundary`` (turning one of the student's strict comparisons
into a non-strict one or back -- or all of them -- makes the answer right:
the named fix is verified, not assumed; ``m > n + 1`` for ``m > n`` on whole
numbers is one), ``reversed`` (the
student's condition holds exactly where the expected one fails, boundary
aside), otherwise ``wrong_region`` with the simplest disagreeing point as a
counterexample -- a point is evidence, not the answer.
"""

from __future__ import annotations

import ast
import copy
import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping

import numpy as np
import sympy

from .numeric import EXACT, MP, OutOfRange, Undefined, compile_condition_sympy, compile_condition_tree, compile_sympy, evaluate
from .symbols import SymbolSpec, draw_point, plain_number

MAX_GRID_POINTS = 2000
MIN_CHECKED = 10


@dataclass
class RelationComparison:
    equivalent: bool
    checked: int
    diagnosis: str | None = None
    counterexample: dict[str, int | float] | None = None
    student_holds: bool | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


def compare_relations(student: ast.Expression, reference: sympy.Basic, specs: Mapping[str, SymbolSpec],
                      rng: np.random.Generator, *, grid: int = 12, samples: int = 200,
                      admissible: Callable[[Mapping[str, Fraction]], bool] | None = None) -> RelationComparison:
    points = _points(specs, rng, grid, samples)
    if admissible is not None:
        points = [p for p in points if admissible(p)]
    student_test = {b: compile_condition_tree(student, b) for b in (EXACT, MP)}
    reference_test = {b: compile_condition_sympy(reference, b) for b in (EXACT, MP)}
    boundaries = [{b: compile_sympy(relation.lhs - relation.rhs, b) for b in (EXACT, MP)}
                  for relation in reference.atoms(sympy.core.relational.Relational)]
    checked = 0
    disagreements: list[tuple[dict[str, Fraction], bool, bool]] = []
    undefined: list[tuple[dict[str, Fraction], bool | None]] = []
    reference_defined = 0
    reversed_everywhere = True
    for point in points:
        student_holds = _holds(student_test, point)
        reference_holds = _holds(reference_test, point)
        if reference_holds is not None:
            reference_defined += 1
        if student_holds is None and reference_holds is None:
            continue
        if student_holds is None or reference_holds is None:
            undefined.append((point, student_holds))
            continue
        checked += 1
        on_boundary = _on_boundary(boundaries, point)
        if student_holds != reference_holds:
            disagreements.append((point, student_holds, on_boundary))
        elif not on_boundary:
            reversed_everywhere = False
    if reference_defined == 0:
        raise ValueError("the reference condition could not be evaluated at any point; check the symbols' domains "
                         "and assumptions")
    if undefined:
        point, holds = min(undefined, key=lambda d: (sum(abs(v) for v in d[0].values()), sorted(d[0].items())))
        return RelationComparison(False, checked, "undefined", {k: plain_number(v) for k, v in point.items()}, holds,
                                  {"undefined_points": len(undefined)})
    if checked < min(MIN_CHECKED, len(points)):
        return RelationComparison(False, checked, "too_few_points")
    if not disagreements:
        return RelationComparison(True, checked)
    off_boundary = [d for d in disagreements if not d[2]]
    if _strictness_repairs(student, reference_test, points):
        # one strictness change repairs it: the reference's boundary (m >= n for m > n) or the student's
        # own (m > n + 1 for m > n, on whole numbers)
        diagnosis, shown = "boundary", disagreements
    elif reversed_everywhere and off_boundary:
        diagnosis, shown = "reversed", off_boundary
    else:
        diagnosis, shown = "wrong_region", off_boundary or disagreements
    point, holds, _ = min(shown, key=lambda d: (sum(abs(v) for v in d[0].values()), sorted(d[0].items())))
    return RelationComparison(False, checked, diagnosis, {k: plain_number(v) for k, v in point.items()}, holds,
                              {"disagreements": len(disagreements)})


_FLIPPED = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}


def _strictness_repairs(student: ast.Expression, reference_test, points) -> bool:
    """Does flipping the strictness of one of the student's comparisons (or of all of them) give a
    condition that agrees with the reference wherever both are defined?  Only then is
    ``boundary`` a diagnosis: on whole numbers ``m > n - 1`` differs from ``m > n`` only at m = n,
    yet ``m >= n - 1`` is no closer -- that answer describes another set."""
    def sites(tree) -> list[tuple[ast.Compare, int]]:
        return [(node, index) for node in ast.walk(tree) if isinstance(node, ast.Compare)
                for index, op in enumerate(node.ops) if type(op) in _FLIPPED]

    count = len(sites(student))
    choices = [[k] for k in range(count)] + ([list(range(count))] if count > 1 else [])
    for chosen in choices:
        repaired = copy.deepcopy(student)  # the parsed answer may be shared: flip a copy
        found = sites(repaired)
        for k in chosen:
            node, index = found[k]
            node.ops[index] = _FLIPPED[type(node.ops[index])]()
        tests = {b: compile_condition_tree(repaired, b) for b in (EXACT, MP)}
        if all(_holds(tests, point) == reference
               for point in points
               if (reference := _holds(reference_test, point)) is not None):
            return True
    return False


def _holds(tests, point) -> bool | None:
    """Whether a condition holds at ``point``; None where it is undefined."""
    try:
        holds, _ = evaluate(tests.__getitem__, point)
    except (Undefined, OutOfRange, ZeroDivisionError, ValueError):
        return None
    return bool(holds)


def _points(specs: Mapping[str, SymbolSpec], rng: np.random.Generator, grid: int, samples: int) -> list[dict[str, Fraction]]:
    names = sorted(specs)
    if not names:
        return [{}]
    per_axis = max(2, min(grid, int(MAX_GRID_POINTS ** (1 / len(names)))))
    axes = [specs[name].grid(per_axis) for name in names]
    points = [dict(zip(names, values)) for values in itertools.islice(itertools.product(*axes), MAX_GRID_POINTS)]
    points += [draw_point([specs[name] for name in names], rng) for _ in range(samples)]
    return points


def _on_boundary(boundaries, point: Mapping[str, Fraction]) -> bool:
    for difference in boundaries:
        try:
            value, backend = evaluate(difference.__getitem__, point)
        except (Undefined, OutOfRange, ZeroDivisionError, ValueError):
            continue
        if value == 0 or (backend is MP and abs(value) <= MP.equal_tolerance):
            return True
    return False
