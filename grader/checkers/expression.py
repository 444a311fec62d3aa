"""Kind ``expression``: a scalar formula, e.g. an expected loss ``sigma**2*(1 - d/n)``.

Answer: a string in Python/SymPy syntax (``^`` means power, products need
``*``) or in LaTeX (``\\sigma^2\\left(1-\\frac{d}{n}\\right)``); a plain number
is accepted when the expected value is a constant.  Parsing is the safe
parser of :mod:`grader.expressions.parser`: a parse error is ``invalid``,
never a wrong answer.

Reference: a SymPy expression, or ``{"expr": ..., "symbols": {...}}`` (see
:mod:`grader.expressions.checking`).  Students may use the reference's
symbols and those declared in ``symbols``.

Decision (:mod:`grader.expressions.equivalence`): the two expressions are
evaluated at ``samples`` random points of the symbols' domains (floats,
settled in 50-digit mpmath when close or troubled); they must agree within
``rtol``/``atol`` wherever the expected one is defined.  A removable
singularity of the student's form is not a difference.  Symbolic
simplification only ever confirms.

Floats: a decimal in an answer is the exact decimal it spells (0.5 = 1/2,
0.333 != 1/3); nothing is rounded beyond ``rtol``.

Undefined is not agreement: a point where only one side is defined is a
difference, and too few defined points make the answer ``invalid``.  Points
are drawn only where the item's ``assumptions`` hold (``["n > d"]``).

Diagnoses when wrong (:mod:`grader.expressions.diagnose`), each verified by
applying its fix: ``sign_error``, ``constant_factor`` (a factor of the item's
``repairs.factors``, default 2 and 1/2, e.g. "1/n" for a dropped 1/n),
``missing_term`` / ``extra_term`` (one non-leading term), ``two_slips``;
otherwise the evidence holds a point where the answers differ and the
student's own value there.

Example rubric item::

    [[items]]
    id = "expected_loss"
    kind = "expression"
    answers = ["expected_loss"]
    reference = "linear_regression:expected_training_loss"
    partial_credit = {constant_factor = 0.5, sign_error = 0.5}
    [items.options]
    symbols = {sigma = "positive", d = "natural", n = "natural"}
"""

from __future__ import annotations

from typing import NoReturn

import sympy
from pydantic import Field, field_validator

from ..expressions.checking import (
    Expected,
    SymbolOptions,
    admissible_points,
    describe_point,
    has_decimal,
    json_number,
    parse_answer,
    read_reference,
    reject_unreadable,
)
from ..expressions.diagnose import diagnose, is_constant, term_repair
from ..expressions.equivalence import Undecidable, equivalent
from ..expressions.functions import SPELLINGS
from ..expressions.numeric import Unsupported
from ..expressions.parser import ExpressionError
from ..expressions.sympy_builder import to_sympy
from ..repairs import listed_factors
from . import register
from .base import AnswerFormatError, Checker, ReferenceProblem, Verdict


@register
class ExpressionChecker(Checker):
    kind = "expression"
    answer_form = "an expression as a string, e.g. \"3*a**2*(1 - b/c)\" (Python syntax, ^ allowed) or LaTeX"

    class Options(SymbolOptions):
        rtol: float = Field(default=1e-9, gt=0, le=0.1, description="Relative tolerance between the two values at a point.")
        atol: float = Field(default=1e-12, ge=0, description="Absolute tolerance, for values near zero.")
        samples: int = Field(default=24, ge=4, le=500, description="Random points at which the expressions are compared.")
        functions: tuple[str, ...] | None = Field(default=None, description=(
            "Function names students may use; default: all scalar functions (exp, log, ln, sqrt, abs, tanh, sinh, "
            "cosh, sin, cos, sigmoid, relu, max, min, Heaviside, sign, floor, ceil, factorial)."))
        symbolic_budget: float = Field(default=0.5, ge=0, le=10, description=(
            "Seconds SymPy may spend confirming equality when the numbers are inconclusive (0: never)."))

        @field_validator("functions")
        @classmethod
        def _known_functions(cls, value):
            if value is not None:
                unknown = sorted(set(value) - set(SPELLINGS))
                if unknown:
                    raise ValueError(f"unknown function names {unknown}; known: {sorted(SPELLINGS)}")
            return value

    def check(self, answers, expected, context):
        options = self.options
        reference = read_reference(expected)
        specs = reference.specs(options.symbols)
        admissible = admissible_points(options.assumptions, specs)
        try:
            tree = parse_answer(self.single(answers), sorted(specs), functions=options.functions,
                                allow_latex=options.allow_latex)
        except (ExpressionError, AnswerFormatError) as error:
            reject_unreadable(error)
        try:
            result = equivalent(tree, reference.value, specs, context.rng("expression"), samples=options.samples,
                                rtol=options.rtol, atol=options.atol, symbolic_budget=options.symbolic_budget,
                                sympy_symbols=reference.sympy_symbols(specs), admissible=admissible)
        except Undecidable as exc:
            raise ReferenceProblem(str(exc)) from None
        except Unsupported as exc:
            _reject_unsupported(exc, reference)
        if result.equivalent:
            note = f" (Note: {result.note}.)" if result.note else ""
            return Verdict.passed(f"Correct.{note}", method=result.method, points_checked=result.compared)
        return wrong_verdict(result, tree, reference, specs, context, has_decimal(tree))

    def describe(self, answer_name):
        options = self.options
        names = ", ".join(spec.name for spec in options.symbols)
        using = f" using {names}" if names else ""
        return (f"an expression as a string{using}: Python syntax such as \"3*a**2*(1 - b/c)\" (^ means power, "
                f"write * for products) or LaTeX; decimals are exact (0.5 = 1/2), so prefer fractions")


def _reject_unsupported(exc: Unsupported, reference: Expected) -> NoReturn:
    """An expression the evaluator cannot handle: the reference's is a rubric bug, the answer's is rejected."""
    if "reference" in str(exc):
        raise ReferenceProblem(str(exc))
    raise AnswerFormatError(f"Your answer could not be evaluated: {exc}")


def wrong_verdict(result, tree, reference: Expected, specs, context, student_has_decimals: bool = False,
                  noun: str = "expression") -> Verdict:
    """The verdict for an answer :func:`equivalent` did not accept: undefined or a repair; an answer
    comparable at too few points is rejected (``AnswerFormatError``)."""
    evidence = {"counterexample": result.counterexample, "points_checked": result.compared}
    where = describe_point(result.counterexample) if result.counterexample else ""
    if result.reason == "too_few_points":
        raise AnswerFormatError(f"Your {noun} could be compared with the expected one at only {result.compared} "
                                "points of the question's domain (elsewhere it is undefined): write it so that it is "
                                "defined wherever the question's quantities make sense.", points_checked=result.compared)
    if result.reason == "student_undefined":
        return Verdict.failed(f"Your {noun} is undefined at {where}, where the expected one has a value.",
                              diagnosis="undefined_value", **evidence)
    if result.reason == "reference_undefined":
        return Verdict.failed(f"Your {noun} has a value at {where}, which is outside the question's domain: "
                              "check where your formula is valid.", diagnosis="undefined_value", **evidence)
    evidence["your_value"] = json_number(result.student_value)
    constant = is_constant(reference.value)
    symbols = reference.sympy_symbols(specs)
    found = diagnose(result.samples, factors=listed_factors(context.repairs, list(specs)),
                     student_has_decimals=student_has_decimals, constant_reference=constant,
                     term=None if constant or not _terms_allowed(context) else lambda: _term(tree, reference, symbols))
    if found is not None:
        return Verdict.failed(found.message, diagnosis=found.code, **evidence, **found.evidence)
    value = json_number(result.student_value)
    shown = f", where your {noun} equals {value:.6g}" if value is not None else ""
    return Verdict.failed(f"Not equivalent to the expected {noun}: they differ for example at {where}{shown}.",
                          **evidence)


def _terms_allowed(context) -> bool:
    return context.repairs is None or context.repairs.terms


def _term(tree, reference: Expected, symbols):
    try:
        student = to_sympy(tree, symbols)
    except Exception:  # no SymPy form (a function without one): no term repair
        return None
    generators = sorted((s for s in symbols.values() if isinstance(s, sympy.Symbol)), key=lambda s: s.name)
    return term_repair(student, reference.value, generators)
