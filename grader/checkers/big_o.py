"""Kind ``big_o``: a complexity class, e.g. ``O(n^2 + m*n)``.

Answer: ``O(...)`` (also ``\\mathcal{O}(...)``, ``Theta(...)``) or the bare
growth function (``n^2``), as a string.  Reference: a SymPy expression of
the cost (an exact count is fine: constants and lower-order terms do not
matter), a ``sympy.Order``, or ``{"expr": ..., "symbols": ...}``.

Grading (:mod:`grader.expressions.complexity`): the growth of answer / cost
is followed along directions in which the growth ``variables`` tend to
infinity (one at a time with the others fixed, together, and with one
growing as the square of another):

* same class everywhere -> passed; lower-order terms kept (``O(n^2 + n)``)
  or constant factors (``O(3n^2)``) are noted in the feedback, or cost
  ``form_credit`` when ``simplified_form = "partial"`` (diagnosis
  ``lower_order_terms`` / ``constant_factor``);
* ``too_loose``: an upper bound that is not tight (``O(n^3)`` for n^2);
* ``too_tight``: grows more slowly than the cost along some direction;
* ``wrong_class``: faster in one direction, slower in another;
* ``undefined_value``: the answer has no value along a direction where the
  cost has one, or at some point of the domain, small sizes included, where
  the cost has one (``O(n^2 + sqrt(n - 1000))``: undefined is never
  agreement; a direction where only some checking points are defined does
  not count as "same").

Only directions inside the item's ``assumptions`` (``["n > d"]``) are followed.

The evidence names a direction (e.g. {"m": "t", "n": "fixed"}: m grows
with n fixed), never the expected class.

Example rubric item::

    [[items]]
    id = "forward_mode_time"
    kind = "big_o"
    answers = ["forward_time"]
    reference = "costs:forward_mode_multiplications"
    partial_credit = {too_loose = 0.5}
    [items.options]
    variables = ["n", "m"]
"""

from __future__ import annotations

import ast
from typing import Literal

from pydantic import Field

from ..expressions.checking import SymbolOptions, admissible_points, parse_answer, read_reference, reject_unreadable
from ..expressions.complexity import compare_growth, form_notes, strip_big_o
from ..expressions.functions import default_functions
from ..expressions.numeric import Unsupported
from ..expressions.parser import ExpressionError
from . import register
from .base import AnswerFormatError, Checker, ReferenceProblem, Verdict

_FEEDBACK = {
    "too_loose": "Your bound holds but is not tight: the cost grows more slowly than your answer{where}.",
    "too_tight": "Your class is too small: the cost grows faster than your answer{where}.",
    "wrong_class": "Not the right class: your answer grows faster than the cost in one direction and more slowly in "
                   "another{where}.",
}


@register
class BigOChecker(Checker):
    kind = "big_o"
    answer_form = "a big-O class as a string, e.g. \"O(a**3 + a*b)\""

    class Options(SymbolOptions):
        variables: tuple[str, ...] | None = Field(default=None, description=(
            "Growth variables (sizes that tend to infinity); default: every symbol of the reference."))
        simplified_form: Literal["note", "partial"] = Field(default="note", description=(
            "Lower-order terms or constant factors in a right class: 'note' them in the feedback (full credit), or "
            "give 'partial' credit (form_credit, diagnosis lower_order_terms / constant_factor)."))
        form_credit: float = Field(default=0.5, ge=0, le=1, description="Credit of a right class in unsimplified form "
                                   "when simplified_form = 'partial'.")

    def check(self, answers, expected, context):
        options = self.options
        reference = read_reference(expected)
        specs = reference.specs(options.symbols, default="natural")
        variables = list(options.variables or sorted(s.name for s in reference.value.free_symbols))
        missing = sorted(set(variables) - set(specs))
        if missing:
            raise ReferenceProblem(f"growth variables {missing} are not symbols of this item")
        try:
            tree = parse_answer(self.single(answers), sorted(specs), functions=default_functions() | {"O", "Theta"},
                                allow_latex=options.allow_latex)
        except (ExpressionError, AnswerFormatError) as error:
            reject_unreadable(error)
        tree = strip_big_o(tree)
        try:
            growth = compare_growth(tree, reference.value, variables,
                                    admissible=_in_domain(admissible_points(options.assumptions, specs), specs))
        except Unsupported as exc:
            self.fail(f"Your answer could not be evaluated: {exc}")
        if growth.verdict == "undecided":
            self.fail("Your answer could not be evaluated for large values of "
                      f"{', '.join(variables)}; write a growth function such as O(n**2).")
        if growth.verdict == "undefined" and growth.undefined_at is not None:
            where = ", ".join(f"{name} = {value}" for name, value in growth.undefined_at.items())
            return Verdict.failed(f"Your answer has no value at {where}, where the cost has one (a square root or "
                                  "logarithm of a negative number, a division by zero?): a bound must be defined on "
                                  "the whole domain, small sizes included.", diagnosis="undefined_value",
                                  counterexample=growth.undefined_at)
        if growth.verdict == "undefined":
            direction = growth.witness("undefined")
            return Verdict.failed(f"Your answer has no value for large sizes where the cost does{_where(direction)} "
                                  "(a logarithm of a negative number, a division by zero?).",
                                  diagnosis="undefined_value", direction=direction)
        if growth.verdict != "same":
            code = "wrong_class" if growth.verdict == "incomparable" else growth.verdict
            direction = growth.witness("bigger" if code == "too_loose" else "smaller")
            return Verdict.failed(_FEEDBACK[code].format(where=_where(direction)), diagnosis=code, direction=direction)
        return self._right_class(tree, variables, options)

    def _right_class(self, tree: ast.Expression, variables: list[str], options) -> Verdict:
        notes = form_notes(tree, variables)
        remarks = []
        if notes["lower_order_terms"]:
            remarks.append(f"the lower-order terms {', '.join(notes['lower_order_terms'])} can be dropped")
        if notes["constant_factors"]:
            remarks.append(f"constant factors ({', '.join(notes['constant_factors'])}) are not needed in big-O")
        if not remarks:
            return Verdict.passed("Correct.")
        text = f"Right class; note: {' and '.join(remarks)}."
        if options.simplified_form == "partial":
            code = "lower_order_terms" if notes["lower_order_terms"] else "constant_factor"
            return Verdict.partial(options.form_credit, text, diagnosis=code, **notes)
        return Verdict.passed(text, **notes)

    def describe(self, answer_name):
        return "a big-O class as a string, e.g. \"O(a**3 + a*b)\" (write * for products, ^ or ** for powers)"


def _in_domain(admissible, specs):
    """The assumptions, and the symbols' declared bounds (a size declared from 2 up is never 1)."""
    bounded = {name: spec for name, spec in specs.items() if spec.low is not None or spec.high is not None}
    if not bounded:
        return admissible

    def inside(point) -> bool:
        for name, spec in bounded.items():
            if name in point and ((spec.low is not None and point[name] < spec.low)
                                  or (spec.high is not None and point[name] > spec.high)):
                return False
        return admissible is None or admissible(point)

    return inside


def _where(direction: dict[str, str] | None) -> str:
    """'as m grows with n fixed', 'as n and m grow together', 'as t grows with n ~ t, m ~ t**2'."""
    if not direction:
        return ""
    moving = [v for v, how in direction.items() if how != "fixed"]
    fixed = [v for v, how in direction.items() if how == "fixed"]
    tail = f" with {', '.join(fixed)} fixed" if fixed else ""
    if all(direction[v] == "t" for v in moving):
        growing = " and ".join(moving) + (" grows" if len(moving) == 1 else " grow together")
        return f" (as {growing}{tail})"
    rates = ", ".join(f"{v} ~ {direction[v]}" for v in moving)
    return f" (as t grows with {rates}{tail})"
