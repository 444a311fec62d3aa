"""Kind ``relation``: a condition, e.g. "forward mode is better when m > n".

Answer: a string such as ``m > n``, ``n < m``, ``m - n > 0``, ``m >= n + 1``,
chained (``1 < n < m``) or joined with ``and``/``or``; a single ``=`` means
equality; LaTeX (``m \\geq n``) is accepted.  Reference: a SymPy relation or
And/Or of relations, or ``{"relation": ..., "symbols": ...}``.  Symbols
default to the ``natural`` domain.

The two conditions are compared as sets of points
(:mod:`grader.expressions.relations`): on a grid of small values, which
includes boundaries such as m == n, and on random points.  When they
differ the feedback shows the simplest point where they disagree and what
the student's condition says there -- a counterexample, not the answer.
Diagnoses: ``boundary`` (strict vs non-strict), ``reversed``, ``wrong_region``,
``undefined`` (the condition cannot be evaluated where the expected one
can, or the reverse: undefined is never agreement).  Only points satisfying
the item's ``assumptions`` are compared.

Example rubric item::

    [[items]]
    id = "forward_mode_better"
    kind = "relation"
    answers = ["forward_better_when"]
    reference = "costs:forward_mode_better"
    partial_credit = {boundary = 0.75}
    [items.options]
    symbols = {n = "natural", m = "natural"}
"""

from __future__ import annotations

import sympy
from pydantic import Field

from ..expressions.checking import SymbolOptions, admissible_points, describe_point, parse_answer, read_reference, reject_unreadable
from ..expressions.numeric import Unsupported
from ..expressions.parser import ExpressionError
from ..expressions.relations import compare_relations
from . import register
from .base import AnswerFormatError, Checker, ReferenceProblem, Verdict

_FEEDBACK = {
    "boundary": "Your condition is right except where the two sides are equal, e.g. at {where}: check strict (<, >) "
                "versus non-strict (<=, >=).",
    "reversed": "Your condition is reversed: it holds exactly where the expected one does not, e.g. at {where} it "
                "is {holds}.",
    "wrong_region": "Your condition does not describe the right set: at {where} it is {holds}, which is not the "
                    "expected conclusion.",
    "undefined": "Your condition cannot be evaluated at {where} (a division by zero or a logarithm of a "
                 "non-positive number?), where the question needs an answer; write it so that it is defined there.",
    "undefined_reference": "Your condition says something at {where}, which is outside the question's domain: "
                           "check where your formula is valid.",
}


@register
class RelationChecker(Checker):
    kind = "relation"
    answer_form = "a condition as a string, e.g. \"a > 2*b\""

    class Options(SymbolOptions):
        grid: int = Field(default=12, ge=2, le=50, description="Values per symbol on the grid of small values.")
        samples: int = Field(default=100, ge=0, le=2000, description="Random points checked besides the grid.")

    def check(self, answers, expected, context):
        options = self.options
        reference = read_reference(expected, key="relation")
        if not _is_condition(reference.value):
            raise ReferenceProblem(f"relation item needs a SymPy relation (or And/Or of relations), got {reference.value}")
        specs = reference.specs(options.symbols, default="natural")
        try:
            tree = parse_answer(self.single(answers), sorted(specs), allow_latex=options.allow_latex, relation=True)
        except (ExpressionError, AnswerFormatError) as error:
            reject_unreadable(error)
        try:
            result = compare_relations(tree, reference.value, specs, context.rng("relation"), grid=options.grid,
                                       samples=options.samples,
                                       admissible=admissible_points(options.assumptions, specs))
        except Unsupported as exc:
            if "reference" in str(exc):
                raise ReferenceProblem(str(exc)) from None
            self.fail(f"Your condition could not be evaluated: {exc}")
        except ValueError as exc:
            raise ReferenceProblem(str(exc)) from None
        if result.equivalent:
            return Verdict.passed("Correct.", points_checked=result.checked)
        if result.diagnosis == "too_few_points":
            self.fail(f"Your condition can be evaluated at only {result.checked} points of the question's "
                      "domain: write it so that it is defined wherever the question's quantities make "
                      "sense.", points_checked=result.checked)
        holds = "true" if result.student_holds else "false"
        template = result.diagnosis
        if template == "undefined" and result.student_holds is not None:
            template = "undefined_reference"
        feedback = _FEEDBACK[template].format(where=describe_point(result.counterexample), holds=holds)
        return Verdict.failed(feedback, diagnosis=result.diagnosis, counterexample=result.counterexample,
                              your_condition_holds=result.student_holds, points_checked=result.checked,
                              **result.evidence)

    def describe(self, answer_name):
        return "a condition as a string, e.g. \"a > 2*b\" (comparisons < <= > >= ==, joined with and/or)"


def _is_condition(value) -> bool:
    # Symbol is a sympy Boolean too, so the accepted node types are listed explicitly
    if isinstance(value, (sympy.core.relational.Relational, sympy.logic.boolalg.BooleanAtom)):
        return True
    if isinstance(value, (sympy.And, sympy.Or, sympy.Not)):
        return all(_is_condition(arg) for arg in value.args)
    return False
