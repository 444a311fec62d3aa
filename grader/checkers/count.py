"""Kind ``count``: an exact operation or parameter count, e.g. ``3*m*n`` or ``2*n**2 + m*n``.

Answer: an expression string (Python syntax or LaTeX) or an integer.
Reference: a SymPy expression (or ``{"expr": ..., "symbols": ...}``), usually
computed from shapes (``reference/costs.py``).  Symbols default to the
``natural`` domain (sizes).

Both sides are compared as polynomials in the symbols (expanded
coefficients), so ``3*m*n``, ``3*n*m`` and ``m*n*3`` are the same count.  When
they differ the feedback names the kind of difference without giving the
count away.  Diagnoses are fixes verified exactly (:mod:`grader.repairs`):
``sign_error``, ``constant_factor`` (a factor of the item's ``repairs.factors``,
default 2 and 1/2), ``missing_term`` / ``extra_term`` (one term that is not
the leading term: "2mn + m" for "3mn + m" forgot one step; "m" for
"2mn + m" is not one term away), ``two_slips``.  Other differences are only
described (``lower_order_terms``, ``wrong_degree``, ``leading_term``): these
codes never earn credit, whatever the rubric's ``partial_credit`` says.  A non-polynomial answer or reference
(``n*log(n)``) is compared as a scalar expression instead (see kind
``expression``).

Example rubric item::

    [[items]]
    id = "reverse_mode_multiplications"
    kind = "count"
    answers = ["reverse_mults"]
    reference = "costs:reverse_mode_multiplications"
    partial_credit = {lower_order_terms = 0.5, constant_factor = 0.5}
    [items.options]
    symbols = {n = "natural", m = "natural"}
"""

from __future__ import annotations

from ..expressions.checking import SymbolOptions, admissible_points, parse_answer, read_reference, reject_unreadable
from ..expressions.complexity import compare_counts
from ..expressions.equivalence import Undecidable, equivalent
from ..expressions.numeric import Unsupported
from ..expressions.parser import ExpressionError
from ..repairs import listed_factors
from . import register
from .base import AnswerFormatError, Checker, ReferenceProblem, Verdict


@register
class CountChecker(Checker):
    kind = "count"
    answer_form = "an exact count as a string, e.g. \"5*a**2 + a*b\" (or an integer)"
    Options = SymbolOptions
    descriptive_diagnoses = frozenset({"lower_order_terms", "wrong_degree", "leading_term"})

    def check(self, answers, expected, context):
        options = self.options
        reference = read_reference(expected)
        specs = reference.specs(options.symbols, default="natural")
        answer = self.single(answers)
        if isinstance(answer, str) and ("O(" in answer or "mathcal{O}" in answer):
            self.fail("Give the exact count as a polynomial in the question's symbols, not its big-O class.")
        try:
            tree = parse_answer(answer, sorted(specs), allow_latex=options.allow_latex)
        except (ExpressionError, AnswerFormatError) as error:
            reject_unreadable(error)
        symbols = reference.sympy_symbols(specs)
        repairs = context.repairs
        comparison = compare_counts(tree, reference.value, symbols, listed_factors(repairs, list(specs)),
                                    terms=repairs is None or repairs.terms)
        if comparison is not None:
            if comparison.equal:
                return Verdict.passed("Correct.")
            return Verdict.failed(comparison.message, diagnosis=comparison.diagnosis, **comparison.evidence)
        return self._as_expression(tree, reference, specs, symbols, context, options)

    def _as_expression(self, tree, reference, specs, symbols, context, options) -> Verdict:
        """Not polynomials: decide as scalar expressions, on the same domains and assumptions."""
        from .expression import wrong_verdict

        try:
            result = equivalent(tree, reference.value, specs, context.rng("count"), sympy_symbols=symbols,
                                admissible=admissible_points(options.assumptions, specs))
        except Undecidable as exc:
            raise ReferenceProblem(str(exc)) from None
        except Unsupported as exc:
            self.fail(f"Your answer could not be evaluated: {exc}")
        if result.equivalent:
            return Verdict.passed("Correct.")
        return wrong_verdict(result, tree, reference, specs, context, noun="count")

    def describe(self, answer_name):
        return "an exact count as a string, e.g. \"5*a**2 + a*b\" (write * for products), or an integer"
