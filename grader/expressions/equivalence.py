"""Are two scalar expressions the same function on the declared domain?

Method
------
1. Draw random points from the symbols' domains (:mod:`.symbols`; negative
   values are included unless a domain excludes them).
2. At each point evaluate both sides in floats; if they disagree, or a side
   overflows or is undefined in floats, evaluate again with 50-digit mpmath,
   which decides.  Values agree when ``|s - r| <= atol + rtol * max(|s|, |r|)``
   (defaults rtol = 1e-9, atol = 1e-12).
3. Undefined is not agreement.  Points where both sides are undefined are
   skipped.  A point where only one side is undefined (not finite, not real)
   is a difference -- unless it is a removable singularity of that side: the
   side, evaluated at a point moved by 1e-20 (relative), is defined and agrees
   with the other side there (``(x**2-1)/(x-1)`` vs ``x + 1`` at x = 1 is
   equivalent; ``log(a) + log(b)`` vs ``log(a*b)`` for real a, b is not,
   since the left side is undefined for negative a, b where the right side
   is defined).  Points are drawn only where the item's assumptions hold
   (``n > d``), so every counterexample satisfies them.
4. Symbolic confirmation (``simplify(student - reference) == 0``) runs only
   when the numbers are inconclusive: fewer comparable points than needed,
   or differences so tiny (relative < 1e-6) that precision could explain them.
   It runs under a time budget (SIGALRM, main thread only) and can only
   *confirm* equality: when it gives up or times out the numbers decide, so
   an answer is never marked wrong because simplification gave up.  When
   too few points could be compared and SymPy cannot confirm, the result is
   ``too_few_points`` (the checker reports the answer as unusable, never as
   right).

Floats in answers: a decimal literal is the exact decimal it spells (0.5 is
1/2, 0.333 is 333/1000, not 1/3); no other rounding is forgiven beyond rtol.
"""

from __future__ import annotations

import ast
import signal
import threading
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import sympy

from .numeric import FLOAT, MP, OutOfRange, Undefined, as_sympy, compile_sympy, compile_tree
from .symbols import SymbolSpec, draw_point, plain_number
from .sympy_builder import to_sympy

#: relative shift used to test whether an undefined point is a removable singularity
_REMOVABLE_SHIFT = Fraction(1, 10**20)


@dataclass
class Sample:
    """Both values at one point where both sides are defined (floats, for diagnosis)."""

    point: dict[str, Fraction]
    student: float
    reference: float
    agree: bool


@dataclass
class EquivalenceResult:
    """Verdict of :func:`equivalent` with what supports it."""

    equivalent: bool
    method: str  # "numeric", "symbolic" or "numeric+symbolic"
    compared: int  # points where both sides were evaluated
    samples: list[Sample] = field(default_factory=list)
    counterexample: dict[str, int | float] | None = None
    student_value: float | None = None  # the student's own value at the counterexample
    reason: str | None = None  # "different_value", "student_undefined", "reference_undefined", "too_few_points"
    removable: int = 0  # points skipped as removable singularities of the student's expression
    note: str | None = None


from ..errors import Undecidable  # noqa: F401 -- defined in grader.errors, importable here as before


def equivalent(
    student: ast.AST | sympy.Basic,
    reference: ast.AST | sympy.Basic,
    symbols: Mapping[str, SymbolSpec] | Sequence[SymbolSpec],
    rng: np.random.Generator,
    *,
    samples: int = 24,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    symbolic_budget: float = 0.5,
    sympy_symbols: Mapping[str, Any] | None = None,
    admissible: Callable[[Mapping[str, Fraction]], bool] | None = None,
) -> EquivalenceResult:
    """Decide whether ``student`` and ``reference`` agree on the domain (see the module docstring).

    Either side may be a validated ``ast`` tree or a trusted SymPy expression.
    ``sympy_symbols`` (name -> SymPy symbol) is needed only for symbolic
    confirmation of an ``ast`` side; without it that step is skipped.
    ``admissible`` (the item's assumptions) filters the drawn points.
    """
    specs = list(symbols.values()) if isinstance(symbols, Mapping) else list(symbols)
    student_side, reference_side = _Side(student), _Side(reference)
    tolerance = (rtol, atol)
    compared: list[Sample] = []
    removable = 0
    first_undefined: dict[str, Fraction] | None = None
    first_reference_undefined: dict[str, Fraction] | None = None
    attempts = rejected = 0
    while len(compared) < samples and attempts < 4 * samples and rejected < 40 * samples:
        point = draw_point(specs, rng)
        if admissible is not None and not admissible(point):
            rejected += 1
            continue
        attempts += 1
        try:
            reference_value = reference_side.value(point)
        except (Undefined, OutOfRange):
            reference_value = None
        try:
            student_value = student_side.value(point)
        except (Undefined, OutOfRange):
            student_value = None
        if reference_value is None and student_value is None:
            continue  # outside both expressions' domains
        if student_value is None:
            if _removable(student_side, point, reference_value, tolerance):
                removable += 1
            elif first_undefined is None:
                first_undefined = point
            continue
        if reference_value is None:
            if _removable(reference_side, point, student_value, tolerance):
                removable += 1
            elif first_reference_undefined is None:
                first_reference_undefined = point
            continue
        agree = _close(student_value, reference_value, tolerance)
        if not agree and _worth_recheck(student_value, reference_value, student_side, reference_side, compared):
            try:
                student_value, reference_value = student_side.value(point, MP), reference_side.value(point, MP)
                agree = _close(student_value, reference_value, tolerance)
            except (Undefined, OutOfRange):
                pass
        compared.append(Sample(point, float(student_value), float(reference_value), agree))

    if not compared and first_undefined is None:
        if True:  # the reference was never defined
            raise Undecidable("the reference expression is undefined at every sampled point (or the assumptions "
                              "exclude every point); check the symbols' domains and assumptions")
    one_sided = first_undefined or first_reference_undefined

    differences = [s for s in compared if not s.agree]
    result = EquivalenceResult(equivalent=not differences and one_sided is None, method="numeric",
                               compared=len(compared), samples=compared, removable=removable)
    if differences:
        worst = differences[0]
        result.counterexample = {k: plain_number(v) for k, v in worst.point.items()}
        result.student_value = worst.student
        result.reason = "different_value"
    elif first_undefined is not None:
        result.counterexample = {k: plain_number(v) for k, v in first_undefined.items()}
        result.reason = "student_undefined"
    elif first_reference_undefined is not None:
        result.counterexample = {k: plain_number(v) for k, v in first_reference_undefined.items()}
        result.reason = "reference_undefined"

    tiny = differences and all(_relative_difference(s) < 1e-6 for s in differences) and one_sided is None
    few = not differences and one_sided is None and len(compared) < max(3, samples // 4)
    if (tiny or few) and symbolic_budget > 0:
        confirmed = _symbolic_zero(student, reference, sympy_symbols, symbolic_budget)
        if confirmed:
            result.equivalent, result.method = True, "numeric+symbolic" if compared else "symbolic"
            result.counterexample = result.student_value = result.reason = None
    if few and result.method == "numeric":
        # too few defined points to call it right: never "agrees" by default
        result.equivalent, result.reason = False, "too_few_points"
    return result


class _Side:
    """One expression, compiled lazily per backend; remembers which backend produced the last value."""

    def __init__(self, expression: ast.AST | sympy.Basic):
        self.expression = expression
        self.is_tree = isinstance(expression, ast.AST)
        self.compiled: dict[str, Any] = {}
        self.backend_used = FLOAT

    def evaluator(self, backend):
        if backend.name not in self.compiled:
            self.compiled[backend.name] = (compile_tree(self.expression, backend) if self.is_tree
                                           else compile_sympy(as_sympy(self.expression), backend))
        return self.compiled[backend.name]

    def value(self, point: Mapping[str, Fraction], backend=None):
        """Float first; any float trouble (overflow, undefined, nan) is settled in mpmath."""
        if backend is None:
            try:
                self.backend_used = FLOAT
                return self.evaluator(FLOAT)(FLOAT.env(point))
            except (Undefined, OutOfRange, OverflowError, ZeroDivisionError, ValueError):
                pass
        self.backend_used = MP
        try:
            return self.evaluator(MP)(MP.env(point))
        except (OverflowError, ZeroDivisionError, ValueError) as exc:  # mpmath edge cases: no value
            raise Undefined(str(exc)) from None


def _worth_recheck(student_value, reference_value, student_side, reference_side, compared) -> bool:
    """Could float rounding explain this difference?  Only then is it settled again in mpmath.

    Large relative differences between values of normal size are real; small
    ones, or values near zero (cancellation), are re-evaluated.  Once three
    differences are confirmed the answer is wrong and the rest only feed the diagnosis.
    """
    if student_side.backend_used is not FLOAT and reference_side.backend_used is not FLOAT:
        return False
    if sum(not s.agree for s in compared) >= 3:
        return False
    scale = max(abs(student_value), abs(reference_value))
    return abs(student_value - reference_value) < 1e-4 * scale or min(abs(student_value), abs(reference_value)) < 1e-8


def _close(a, b, tolerance: tuple[float, float]) -> bool:
    rtol, atol = tolerance
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def _relative_difference(sample: Sample) -> float:
    scale = max(abs(sample.student), abs(sample.reference), 1e-300)
    return abs(sample.student - sample.reference) / scale


def _removable(side: _Side, point: Mapping[str, Fraction], reference_value, tolerance) -> bool:
    """Is the student's expression defined just next to ``point``, with the reference's value there?"""
    shifted = {name: value + (abs(value) + 1) * _REMOVABLE_SHIFT for name, value in point.items()}
    try:
        nearby = side.value(shifted, MP)
    except (Undefined, OutOfRange):
        return False
    return _close(nearby, reference_value, (max(tolerance[0], 1e-8), max(tolerance[1], 1e-8)))


# ---------------------------------------------------------------- symbolic confirmation


class _Timeout(Exception):
    pass


def _symbolic_zero(student, reference, sympy_symbols, budget: float) -> bool:
    """True when SymPy proves student - reference == 0 within ``budget`` seconds; False if it cannot."""
    try:
        left = _as_sympy_side(student, sympy_symbols)
        right = _as_sympy_side(reference, sympy_symbols)
    except Exception:  # no SymPy form: nothing to confirm with
        return False
    if left is None or right is None:
        return False
    return run_with_budget(lambda: sympy.simplify(left - right) == 0, budget) is True


def _as_sympy_side(side, sympy_symbols):
    if not isinstance(side, ast.AST):
        return as_sympy(side)
    if sympy_symbols is None:
        return None
    return to_sympy(side, sympy_symbols)


def run_with_budget(task, budget: float):
    """Run ``task()`` with a SIGALRM deadline; None when it times out or no timer can be used.

    Only the main thread can receive signals, and an interval timer that is
    already running belongs to someone else: in both cases the task is not run.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return None
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        return None

    def on_alarm(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            return task()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Timeout:
        return None
    except Exception:  # SymPy failing on an odd expression is "could not confirm", not an error
        return None
    finally:
        signal.signal(signal.SIGALRM, previous)
