"""Cost answers: exact operation counts (polynomials) and big-O classes (growth rates).

Counts
------
An exact count such as ``2*n**2 + m*n`` is compared with the reference as a
polynomial in its symbols (coefficients of the expanded forms).  The
student's degree is bounded statically first (:func:`degree_bound`, at most
``MAX_COUNT_DEGREE``), so expanding cannot blow up.  When they differ, the
structure of the difference is named without showing the expected count:
constant factor, missing term, extra term, lower-order terms (leading part
right), degree too high or too low, or leading terms wrong.  Only a difference
that one fix of :mod:`grader.repairs` repairs exactly earns credit; the
descriptive codes never do.

Big-O
-----
``O(...)`` wrappers are removed (``O(f) + O(g)`` is ``f + g``); then the
student's function f and the reference's g are compared by the growth of
f/g, along several *directions* in which the growth variables go to
infinity together: every non-empty subset of the variables moves as
``t**a`` (a = 1 or 2 per moving variable, so n = t with m = t**2 is a
direction) while the others stay fixed at 10.  Along a direction, log|f/g|
is computed with mpmath at t = 10**8, 10**16, 10**32 and 10**64: a last step
smaller than 0.05 in absolute value means the ratio settles (same class
there); a rise means f grows faster ("bigger"), a fall slower.  Over all
directions: all "same" is the exact class; some bigger and none smaller is
a bound that holds but is not tight (``too_loose``); some smaller and none
bigger is too tight; both is a wrong class.  This decides polynomial and
poly-log classes; a log-log factor is near the threshold, and two
exponential classes whose values both exceed e**(10**7) are not told apart.

When both sides are polynomials (the usual cost answer), the trend along a
direction is decided exactly instead: substitute t**a for the moving
variables and the fixed values for the others, and compare the degrees in t
of the two results (a polynomial that vanishes along the direction counts as
0, as above).  Same verdicts, without 50-digit arithmetic.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

import sympy

from ..repairs import FACTOR, SIGN, Repair, Slip, describe, listed_factors
from .diagnose import term_repair
from .numeric import EXACT, MP, NotExact, OutOfRange, Undefined, compile_sympy, compile_tree
from .sympy_builder import to_sympy

MAX_COUNT_DEGREE = 24
SCALES = tuple(Fraction(10) ** k for k in (8, 16, 32, 64))
FIXED_VALUE = Fraction(10)
SETTLED = 0.05


# ---------------------------------------------------------------- counts


def degree_bound(node: ast.AST) -> int | None:
    """An upper bound of the polynomial degree of a tree, or None when it is not polynomial in form."""
    node = node.body if isinstance(node, ast.Expression) else node
    if isinstance(node, ast.Constant):
        return 0
    if isinstance(node, ast.Name):
        return 0 if node.id in ("pi", "E") else 1
    if isinstance(node, ast.UnaryOp):
        return degree_bound(node.operand)
    if isinstance(node, ast.BinOp):
        left, right = degree_bound(node.left), degree_bound(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return max(left, right)
        if isinstance(node.op, ast.Mult):
            return left + right
        if isinstance(node.op, ast.Div):
            return left if right == 0 else None
        if isinstance(node.op, ast.Pow):
            exponent = _constant_value(node.right)
            if left == 0 and right == 0:
                return 0
            if exponent is None or exponent.denominator != 1 or exponent < 0:
                return None
            return left * int(exponent)
    return None


def _constant_value(node: ast.AST) -> Fraction | None:
    try:
        return compile_tree(node, EXACT)({})
    except (NotExact, Undefined, KeyError, ValueError, ZeroDivisionError, OutOfRange):
        return None


@dataclass
class CountComparison:
    equal: bool
    diagnosis: str | None = None
    message: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)


def compare_counts(student: ast.AST, reference: sympy.Basic, symbols: Mapping[str, sympy.Symbol],
                   factors: Sequence[Any] | None = None, terms: bool = True) -> CountComparison | None:
    """Compare as polynomials in ``symbols``; None when either side is not a polynomial (caller falls back).

    A difference earns a creditable diagnosis only when one fix of :mod:`grader.repairs` (sign, a
    listed factor, one non-leading term; ``two_slips`` for two of them) turns the student's count
    into the expected one exactly; otherwise it is only described (``lower_order_terms``,
    ``wrong_degree``, ``leading_term``: no credit, whatever the rubric's table says).
    """
    bound = degree_bound(student)
    if bound is None:
        return None
    if bound > MAX_COUNT_DEGREE:
        return CountComparison(False, "wrong_degree", f"Your count has degree above {MAX_COUNT_DEGREE}, far more than "
                               "expected.")
    generators = sorted(set(symbols.values()) | reference.free_symbols, key=lambda s: s.name)
    try:
        student_expr = sympy.expand(to_sympy(student, symbols))
        student_poly = sympy.Poly(student_expr, *generators) if generators else None
        reference_poly = sympy.Poly(sympy.expand(reference), *generators) if generators else None
    except sympy.PolynomialError:
        return None
    if student_poly is None or reference_poly is None:
        return None
    if student_poly == reference_poly:
        return CountComparison(True)
    if factors is None:
        factors = listed_factors(None)
    repair = count_repair(student_poly.as_expr(), reference_poly.as_expr(), generators, factors, terms)
    if repair is not None:
        constant = not reference_poly.as_expr().free_symbols
        message = describe(repair, name_factor=not constant).replace("Your answer", "Your count")
        return CountComparison(False, repair.code, message, repair.as_evidence())
    return _count_difference(student_poly, reference_poly)


def count_repair(student: sympy.Expr, reference: sympy.Expr, generators: Sequence[sympy.Symbol],
                 factors: Sequence[Any], terms: bool = True):
    """The fix (:class:`grader.repairs.Repair`) that turns one polynomial into the other exactly, or None."""
    by_name = {g.name: g for g in generators}
    multipliers: list[tuple[Slip, sympy.Expr]] = []
    for factor in factors:
        if not factor.names <= set(by_name):
            continue
        value = factor.expr.subs({sympy.Symbol(name): by_name[name] for name in factor.names})
        multipliers.append((Slip(FACTOR, factor, extra=True), 1 / value))  # the answer has it too much
        multipliers.append((Slip(FACTOR, factor, extra=False), value))

    def fixed_by(multiplier) -> bool:
        return sympy.expand(multiplier * student - reference) == 0

    def term_after(multiplier):
        return term_repair(sympy.expand(multiplier * student), reference, generators) if terms else None

    if not reference.is_zero and not student.is_zero:
        if fixed_by(-1):
            return Repair((Slip(SIGN),))
        for slip, multiplier in multipliers:
            if fixed_by(multiplier):
                return Repair((slip,))
    one_term = term_after(1)
    if one_term is not None:
        return Repair((one_term,))
    if reference.is_zero or student.is_zero:
        return None
    for slip, multiplier in multipliers:
        if fixed_by(-multiplier):
            return Repair((Slip(SIGN), slip))
    for i, (first, a) in enumerate(multipliers):
        for second, b in multipliers[i + 1:]:
            if first.factor != second.factor and fixed_by(a * b):
                return Repair((first, second))
    # a sign and one term; a factor and a term together are not tried (scaling first can make
    # almost any single monomial "one term away", e.g. m*n for 3*m*n)
    term = term_after(-1)
    if term is not None:
        return Repair((Slip(SIGN), term))
    return None


def _count_difference(student: sympy.Poly, reference: sympy.Poly) -> CountComparison:
    """Describe a difference no fix explains.  The codes are descriptive: they never earn credit
    (:attr:`grader.checkers.count.CountChecker.descriptive_diagnoses`)."""
    mine, theirs = dict(student.terms()), dict(reference.terms())
    top_mine, top_theirs = _leading_part(mine), _leading_part(theirs)
    degree_mine, degree_theirs = student.total_degree(), reference.total_degree()
    if top_mine == top_theirs:
        return CountComparison(False, "lower_order_terms", "Your leading term is right but the lower-order terms "
                               "differ in more than one place.", {"degree": degree_mine})
    if degree_mine > degree_theirs:
        return CountComparison(False, "wrong_degree", "Your count grows faster than the expected one (its degree is "
                               "too high).", {"degree": degree_mine})
    if degree_mine < degree_theirs:
        return CountComparison(False, "wrong_degree", "Your count grows more slowly than the expected one (its degree "
                               "is too low).", {"degree": degree_mine})
    return CountComparison(False, "leading_term", "Your count has the right degree but its highest-order terms differ "
                           "from the expected ones.", {"degree": degree_mine})


def _leading_part(terms: dict[tuple[int, ...], Any]) -> dict[tuple[int, ...], Any]:
    top = max((sum(m) for m in terms), default=0)
    return {m: c for m, c in terms.items() if sum(m) == top}


# ---------------------------------------------------------------- big-O


def strip_big_o(tree: ast.Expression) -> ast.Expression:
    """Replace every ``O(x)`` call by ``x`` (O(f) + O(g) = O(f + g) for the positive costs compared here)."""

    class Strip(ast.NodeTransformer):
        def visit_Call(self, node: ast.Call) -> ast.AST:
            self.generic_visit(node)
            if isinstance(node.func, ast.Name) and node.func.id in ("O", "Theta") and len(node.args) == 1:
                return node.args[0]
            return node

    return Strip().visit(tree)


def directions(variables: Sequence[str]) -> list[dict[str, int]]:
    """Exponent of t for each variable (0: held fixed); see the module docstring."""
    variables = list(variables)
    found: list[dict[str, int]] = []
    for size in range(1, len(variables) + 1):
        for subset in itertools.combinations(variables, size):
            if len(variables) > 4 and 1 < size < len(variables):
                continue  # many variables: single ones and all together only
            for powers in itertools.product((1, 2), repeat=size):
                if size > 1 and len(set(powers)) == 1 and powers[0] == 2:
                    continue  # all squared is the same direction as all linear
                direction = {v: 0 for v in variables}
                direction.update(zip(subset, powers))
                found.append(direction)
    return found


@dataclass
class GrowthComparison:
    verdict: str  # "same", "too_loose", "too_tight", "incomparable", "undefined", "undecided"
    per_direction: list[tuple[dict[str, int], str | None]]
    undefined_at: dict[str, int] | None = None  # a domain point where only the cost has a value

    def witness(self, trend: str) -> dict[str, str] | None:
        """A direction showing ``trend``, described for the student (e.g. {'n': 'fixed', 'm': 't'})."""
        for direction, found in self.per_direction:
            if found == trend:
                return {v: ("fixed" if a == 0 else "t" if a == 1 else f"t**{a}") for v, a in direction.items()}
        return None


def compare_growth(student: Any, reference: Any, variables: Sequence[str],
                   fixed: Mapping[str, Fraction] | None = None, admissible=None) -> GrowthComparison:
    """Compare the growth of ``student`` (tree or SymPy) with ``reference`` along :func:`directions`.

    Only directions inside the item's assumptions are followed (``admissible``, tested at the
    largest scale: ``n > d`` keeps "n grows with d fixed" and drops "d grows with n fixed").
    Undefined is not agreement: a direction where one side is undefined and the other is not
    makes the verdict ``undefined``.
    """
    # symbols that are not growth variables stay at a fixed value in every direction
    names = _names(student) | _names(reference)
    held = {name: FIXED_VALUE for name in names - set(variables)}
    held.update(fixed or {})
    generators = sorted(names | set(variables))
    f_terms, g_terms = _polynomial_terms(student, generators), _polynomial_terms(reference, generators)
    followed = directions(variables)
    if admissible is not None:
        followed = [d for d in followed if admissible(_direction_point(d, held, SCALES[-1]))]
    if f_terms is not None and g_terms is not None:
        per_direction = [(d, _polynomial_trend(f_terms, g_terms, generators, d, held)) for d in followed]
    else:
        f, g = _mp_evaluator(student), _mp_evaluator(reference)
        if f_terms is None:  # a polynomial is defined everywhere; anything else is checked on the domain
            undefined_at = _undefined_on_domain(f, g, variables, held, admissible)
            if undefined_at is not None:
                return GrowthComparison("undefined", [], undefined_at)
        per_direction = [(d, _trend(f, g, d, held)) for d in followed]
    trends = {t for _, t in per_direction if t is not None}
    if "undefined" in trends:
        verdict = "undefined"
    elif not trends:
        verdict = "undecided"
    elif trends == {"same"}:
        verdict = "same"
    elif "bigger" in trends and "smaller" in trends:
        verdict = "incomparable"
    else:
        verdict = "too_loose" if "bigger" in trends else "too_tight"
    return GrowthComparison(verdict, per_direction)


DOMAIN_VALUES = (1, 2, 3, 4, 5, 7, 10, 16, 32, 100, 128, 1000, 1024, 10**4, 10**5, 10**6)
DOMAIN_VALUES_SEVERAL = (1, 2, 3, 5, 10, 100, 1000, 10**6)
MAX_DOMAIN_POINTS = 600


def _undefined_on_domain(f, g, variables: Sequence[str], held: Mapping[str, Fraction], admissible=None
                         ) -> dict[str, int] | None:
    """A point of the declared domain, small sizes included, where the cost has a value and the
    answer has none (a bound must be a function on the whole domain: O(n**2 + sqrt(n - 1000)) is
    not real for n < 1000), or None.  Points outside the item's assumptions are skipped."""
    values = DOMAIN_VALUES if len(variables) == 1 else DOMAIN_VALUES_SEVERAL
    grid = list(itertools.product(values, repeat=len(variables)))
    if len(grid) > MAX_DOMAIN_POINTS:  # many variables: an even, deterministic selection
        step = -(-len(grid) // MAX_DOMAIN_POINTS)
        grid = grid[::step]
    for combination in grid:
        point = {**held, **{v: Fraction(x) for v, x in zip(variables, combination)}}
        if admissible is not None and not admissible(point):
            continue
        env = MP.env(point)
        g_value, g_out = _value_or_out(g, env)
        if g_value is None or g_out:
            continue
        f_value, f_out = _value_or_out(f, env)
        if f_value is None and not f_out:
            return {v: int(point[v]) for v in variables}
    return None


def _direction_point(direction: Mapping[str, int], fixed: Mapping[str, Fraction], scale: Fraction) -> dict[str, Fraction]:
    point = {v: (scale**a if a else fixed.get(v, FIXED_VALUE)) for v, a in direction.items()}
    point.update({k: v for k, v in fixed.items() if k not in direction})
    return point


def _names(expression: Any) -> set[str]:
    if isinstance(expression, ast.AST):
        return {n.id for n in ast.walk(expression) if isinstance(n, ast.Name) and n.id not in ("pi", "E")}
    return {s.name for s in expression.free_symbols}


def _polynomial_terms(expression: Any, generators: list[str]) -> dict[tuple[int, ...], Fraction] | None:
    """Exact coefficients by monomial, or None when ``expression`` is not a polynomial of bounded degree."""
    if isinstance(expression, ast.AST):
        bound = degree_bound(expression)
        if bound is None or bound > MAX_COUNT_DEGREE:
            return None
        symbols = {name: sympy.Symbol(name) for name in generators}
        try:
            expression = to_sympy(expression, symbols)
        except Exception:  # whatever cannot be built exactly takes the numeric path
            return None
    by_name = {s.name: s for s in expression.free_symbols}  # references' symbols carry assumptions
    symbols = [by_name.get(name) or sympy.Symbol(name) for name in generators]
    try:
        poly = sympy.Poly(expression, *symbols) if symbols else None
    except sympy.PolynomialError:
        return None
    if poly is None or not (poly.domain.is_ZZ or poly.domain.is_QQ):
        return None
    return {monomial: Fraction(int(c.p), int(c.q)) for monomial, c in poly.terms() if c != 0}


def _polynomial_trend(f_terms, g_terms, generators: list[str], direction: Mapping[str, int],
                      fixed: Mapping[str, Fraction]) -> str | None:
    """The trend :func:`_trend` finds, decided exactly: the degrees in t of both polynomials along the direction."""
    def degree(terms) -> int | None:
        by_degree: dict[int, Fraction] = {}
        for monomial, coefficient in terms.items():
            power = 0
            for name, exponent in zip(generators, monomial):
                rate = direction.get(name, 0)
                if rate:
                    power += rate * exponent
                elif exponent:
                    coefficient *= fixed.get(name, FIXED_VALUE) ** exponent
            by_degree[power] = by_degree.get(power, 0) + coefficient
        return max((d for d, c in by_degree.items() if c != 0), default=None)

    f_degree, g_degree = degree(f_terms), degree(g_terms)
    if f_degree is None or g_degree is None:  # identically zero along the direction
        if f_degree == g_degree:
            return None
        return "smaller" if f_degree is None else "bigger"
    if f_degree == g_degree:
        return "same"
    return "bigger" if f_degree > g_degree else "smaller"


def _mp_evaluator(expression: Any):
    if isinstance(expression, ast.AST):
        return compile_tree(expression, MP)
    return compile_sympy(expression, MP)


def _trend(f, g, direction: Mapping[str, int], fixed: Mapping[str, Fraction]) -> str | None:
    """How log f - log g moves over the last step of SCALES.  Every scale is evaluated (a value out
    of range, undefined or zero at any of them decides), but only the last two need logarithms."""
    log = MP.ctx.log
    last = None
    previous = None
    logged_from = len(SCALES) - 2
    for index, scale in enumerate(SCALES):
        point = {v: (scale**a if a else fixed.get(v, FIXED_VALUE)) for v, a in direction.items()}
        point.update({k: v for k, v in fixed.items() if k not in direction})
        env = MP.env(point)
        f_value, f_out = _value_or_out(f, env)
        g_value, g_out = _value_or_out(g, env)
        if f_out and g_out:
            return None
        if f_out or g_out:
            return "bigger" if f_out else "smaller"
        if f_value is None and g_value is None:
            return None
        if f_value is None or g_value is None:
            return "undefined"  # one side has no value where the other has: never agreement
        if f_value == 0 or g_value == 0:
            if f_value == g_value:
                return None
            return "smaller" if f_value == 0 else "bigger"
        if index < logged_from:
            continue
        current = log(abs(f_value)) - log(abs(g_value))
        if previous is not None:
            last = float(current - previous)
        previous = current
    if abs(last) < SETTLED:
        return "same"
    return "bigger" if last > 0 else "smaller"


def _value_or_out(evaluator, env):
    try:
        return evaluator(env), False
    except OutOfRange:
        return None, True
    except Undefined:
        return None, False


def additive_terms(node: ast.AST) -> list[ast.AST]:
    """Top-level terms of a sum (signs dropped: costs are compared by magnitude)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        return additive_terms(node.left) + additive_terms(node.right)
    if isinstance(node, ast.UnaryOp):
        return additive_terms(node.operand)
    return [node]


def form_notes(tree: ast.Expression, variables: Sequence[str]) -> dict[str, list[str]]:
    """Lower-order terms and constant factors a big-O answer keeps (the class may still be right)."""
    body = tree.body
    terms = additive_terms(body)
    symbols = {name: sympy.Symbol(name) for name in {n.id for n in ast.walk(body) if isinstance(n, ast.Name)}}
    lower: list[str] = []
    kept: list[ast.AST] = []
    if len(terms) > 1:
        for term in terms:
            rest = ast.Expression(body=ast.BinOp(left=body, op=ast.Sub(), right=term))
            if compare_growth(rest, tree, variables).verdict == "same":
                lower.append(ast.unparse(term))
            else:
                kept.append(term)
    else:
        kept = terms
    factors = []
    for term in kept:
        try:
            coefficient, _ = to_sympy(term, symbols).as_coeff_Mul()
        except Exception:
            continue
        if coefficient.is_Number and abs(coefficient) != 1:
            factors.append(str(coefficient))
    return {"lower_order_terms": lower, "constant_factors": factors}
