"""Kind ``matrix_expression``: one expression over declared scalars, vectors and matrices.

The answer is a string such as ``"W3.T @ y_bar"`` or ``"2*(y_hat - y)"``.  It
is compared with the reference at several random instances (each with new,
distinct dimension sizes, so a missing transpose is a shape error rather than a
coincidence).  Vectors are columns, ``*`` is elementwise, ``@`` the matrix
product (see :mod:`grader.expressions.matrix`).

The reference function returns one of:

* a :class:`~grader.expressions.graph.quantity.GraphQuantity` (``reference/backprop.py:quantity``):
  an adjoint, value or Jacobian of a network's forward graph; answers may use
  every name of that graph, the adjoints ``*_bar`` and the dimension symbols;
* a SymPy expression over ``MatrixSymbol``s (shapes from the symbols, e.g.
  ``MatrixSymbol("A", n, n)``) and scalar ``Symbol``s;
* a matrix-expression string in the same language (for expressions whose
  meaning *is* the formula), with the symbols declared in ``options.symbols``.

Diagnoses: ``transposed``, ``shape_error``, ``wrong_shape``, ``sign_error``,
``constant_factor`` (a factor of the item's ``repairs.factors``, default 2
and 1/2; a dimension such as ``1/K`` when the rubric names it, evaluated at
each instance's sizes and named as written, never by its value),
``two_slips``, ``not_finite``.  Any other factor is simply wrong.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
from pydantic import Field

from ..answers import as_text
from ..expressions.graph.declarations import Distribution, SpecError, Tensor, dim_symbols, parse_trusted
from ..expressions.graph.instances import sample_instances
from ..expressions.graph.quantity import GraphQuantity
from ..expressions.graph.sampling import draw_dims, draw_values
from ..expressions.matrix.comparison import compare
from ..expressions.matrix.errors import AnswerSyntaxError, MatrixEvalError
from ..expressions.matrix.evaluation import evaluate
from ..expressions.matrix.parsing import parse_matrix_answer
from ..expressions.matrix.values import as_value
from . import register
from .base import CheckContext, Checker, CheckerOptions, ReferenceProblem, Verdict


class MatrixExpressionOptions(CheckerOptions):
    symbols: dict[str, list[str | int]] = Field(default_factory=dict, description="Name -> shape: [] scalar, ['K', 1] column vector, ['K', 'H'] matrix; strings are dimension symbols. Needed for string references; adds to a SymPy reference's symbols.")
    distributions: dict[str, Distribution] = Field(default_factory=dict, description="Name -> how its values are drawn: normal (default), one_hot, binary, probability, positive (for logs and square roots).")
    dims: dict[str, tuple[int, int]] = Field(default_factory=dict, description="Dimension symbol -> (lowest, highest) size; default (2, 7), all sizes distinct.")
    instances: int = Field(default=3, ge=1, le=10, description="Random instances the answer is compared at.")
    rtol: float = Field(default=1e-6, gt=0, description="Relative tolerance.")
    atol: float = Field(default=1e-9, ge=0, description="Absolute tolerance.")
    accept_transposed: bool = Field(default=False, description="Accept a row vector where a column vector is expected (a gradient written as a row).")
    allow_adjoints: bool = Field(default=True, description="For an adjoint of a network node: may the answer use adjoints of later nodes (the backward-pass form), or must it be explicit?")
    up_to_positive_factor: bool = Field(default=False, description="An answer that is the expected one times a positive constant (a number, or a power of a dimension such as 1/K) is right: for an objective whose minimiser is asked, a positive multiple has the same minimiser.")


@dataclass
class _Problem:
    names: list[str]
    environments: list[dict[str, Any]]
    expected: list[np.ndarray]
    dims: list[dict[str, int]]


def _tensors(shapes: Mapping[str, Sequence[str | int]], distributions: Mapping[str, str]) -> list[Tensor]:
    unknown = set(distributions) - set(shapes)
    if unknown:
        raise ReferenceProblem(f"options.distributions names undeclared symbols {sorted(unknown)}")
    try:
        return [Tensor(name=name, shape=tuple(shape), distribution=distributions.get(name, "normal")) for name, shape in shapes.items()]
    except ValueError as exc:
        raise ReferenceProblem(f"options.symbols: {exc}") from None


def _draw(tensors: list[Tensor], options: MatrixExpressionOptions, rng: np.random.Generator):
    for _ in range(options.instances):
        dims = draw_dims(tensors, rng, options.dims)
        values = draw_values(tensors, dims, rng)
        environment: dict[str, Any] = dict(values)
        environment.update({d: np.asarray(float(size)) for d, size in dims.items()})
        yield dims, environment


def _from_quantity(quantity: GraphQuantity, options: MatrixExpressionOptions, rng) -> _Problem:
    if options.symbols:
        raise ReferenceProblem("options.symbols must be empty when the reference is a network quantity (its names come from the network)")
    instances = sample_instances(quantity.spec, rng, options.instances, ranges=options.dims)
    # The quantity's own name (and anything computed from it) is never an answer to it.
    return _Problem(quantity.allowed_names(adjoints=options.allow_adjoints), [i.environment() for i in instances],
                    [as_value(quantity.value(i)) for i in instances], [i.dims for i in instances])


def _from_text(text: str, options: MatrixExpressionOptions, rng) -> _Problem:
    if not options.symbols:
        raise ReferenceProblem("a string reference needs options.symbols with the shape of every name")
    try:
        tree = parse_trusted(text)
    except SpecError as exc:
        raise ReferenceProblem(str(exc)) from None
    tensors = _tensors(options.symbols, options.distributions)
    problem = _Problem(list(options.symbols) + dim_symbols(tensors), [], [], [])
    for dims, environment in _draw(tensors, options, rng):
        try:
            problem.expected.append(evaluate(tree, environment))
        except MatrixEvalError as exc:
            raise ReferenceProblem(f"reference expression {text!r}: {exc}") from None
        problem.environments.append(environment)
        problem.dims.append(dims)
    return problem


def _from_sympy(expression: Any, options: MatrixExpressionOptions, rng) -> _Problem:
    import sympy

    shapes: dict[str, list[str | int]] = {}
    dimension_symbols: set[str] = set()
    for symbol in sorted(expression.free_symbols, key=str):
        if isinstance(symbol, sympy.MatrixSymbol):
            shape = []
            for size in symbol.shape:
                if size.is_Integer:
                    shape.append(int(size))
                elif size.is_Symbol:
                    shape.append(str(size))
                    dimension_symbols.add(str(size))
                else:
                    raise ReferenceProblem(f"matrix symbol {symbol} has a shape {symbol.shape} that is not symbols or integers")
            shapes[str(symbol)] = shape
    for symbol in expression.free_symbols:
        if isinstance(symbol, sympy.Symbol) and str(symbol) not in dimension_symbols:
            shapes.setdefault(str(symbol), [])
    shapes.update(options.symbols)
    tensors = _tensors(shapes, options.distributions)
    function = _numeric_function(expression)
    problem = _Problem(list(shapes) + sorted(dimension_symbols - set(shapes)), [], [], [])
    for dims, environment in _draw(tensors, options, rng):
        try:
            with np.errstate(all="ignore"):
                result = as_value(np.asarray(function(environment), dtype=float))
        except Exception as exc:  # a reference that cannot be evaluated is a rubric bug
            raise ReferenceProblem(f"SymPy reference could not be evaluated numerically: {exc}") from None
        problem.expected.append(result)
        problem.environments.append(environment)
        problem.dims.append(dims)
    return problem


def _numeric_function(expression: Any):
    """environment -> value of a SymPy reference: its tree walked with NumPy, or, for a node the
    walk does not know, lambdify."""
    import sympy

    from ..expressions.matrix.sympy_values import NotWalkable, sympy_value  # imports SymPy: only for SymPy references

    arguments = sorted(expression.free_symbols, key=str)
    lambdified = None

    def value(environment):
        nonlocal lambdified
        if lambdified is None:
            try:
                return sympy_value(expression, environment)
            except NotWalkable:
                # lambdify generates code from the *reference* (built by reference/ code, trusted), never
                # from student text.  The numpy module itself, not the string "numpy": without lambdify's
                # `from numpy import *`, which imports numpy's lazy submodules (0.15 s the first time).
                lambdified = sympy.lambdify(arguments, expression, modules=[np])
        return lambdified(*[environment[str(a)] for a in arguments])

    return value


def _positive_multiple(values: Sequence[np.ndarray], problem: _Problem, rtol: float) -> bool:
    """Is the answer the expected value times c * N^a * K^b... (c > 0, small integer powers of the
    dimensions), the same factor at every instance?  Such a factor does not depend on the values
    the answer is minimised over."""
    ratios = []
    for answer, expected in zip(values, problem.expected):
        answer, expected = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
        if answer.shape != expected.shape or not np.all(np.isfinite(answer)):
            return False
        scale = float(np.vdot(expected, expected))
        if scale == 0:
            return False
        ratio = float(np.vdot(answer, expected)) / scale
        if ratio <= 0 or not np.allclose(answer, ratio * expected, rtol=rtol * 10, atol=0):
            return False
        ratios.append(ratio)
    names = sorted(problem.dims[0]) if problem.dims else []
    for powers in itertools.product(range(-2, 3), repeat=len(names)):
        constants = [r / np.prod([float(d[n]) ** p for n, p in zip(names, powers)]) for r, d in zip(ratios, problem.dims)]
        if all(abs(c - constants[0]) <= 1e-6 * abs(constants[0]) for c in constants):
            return True
    return False


def _identity_sized_as_answer(problem: _Problem) -> list[dict[str, Any]] | None:
    """The instances with ``I`` the identity of the expected answer's size, when every expected
    value is a square matrix and no name ``I`` is declared; else None."""
    if "I" in problem.names or not all(np.ndim(e) == 2 and np.shape(e)[0] == np.shape(e)[1] > 1
                                       for e in problem.expected):
        return None
    return [{**environment, "I": np.eye(np.shape(e)[0])} for environment, e in zip(problem.environments, problem.expected)]


def build_problem(expected: Any, options: MatrixExpressionOptions, rng: np.random.Generator) -> _Problem:
    if isinstance(expected, GraphQuantity):
        return _from_quantity(expected, options, rng)
    if isinstance(expected, str):
        return _from_text(expected, options, rng)
    try:
        import sympy
    except ImportError:  # pragma: no cover - sympy is a dependency
        sympy = None
    if sympy is not None and isinstance(expected, sympy.Basic):
        return _from_sympy(expected, options, rng)
    raise ReferenceProblem(f"the matrix_expression checker needs a network quantity, a SymPy expression or an expression string, "
                           f"got {type(expected).__name__}")


@register
class MatrixExpressionChecker(Checker):
    kind = "matrix_expression"
    answer_form = ('an expression string, e.g. "A.T @ q + 2 * r": vectors are columns, * is elementwise, '
                   "@ the matrix product, .T the transpose")
    Options = MatrixExpressionOptions

    def check(self, answers, expected, context: CheckContext) -> Verdict:
        options: MatrixExpressionOptions = self.options
        text = as_text(self.single(answers))
        problem = build_problem(expected, options, context.rng("matrix-expression-instances"))
        try:
            tree = parse_matrix_answer(text, problem.names)
        except AnswerSyntaxError as exc:
            self.fail(f"Your expression could not be read: {exc}", position=exc.position)
        except MatrixEvalError as exc:
            self.fail(f"Your expression could not be read: {exc}")
        def compared(environments):
            return compare(tree, environments, problem.expected, dims=problem.dims, rtol=options.rtol,
                           atol=options.atol, accept_transposed_vector=options.accept_transposed)

        try:
            result = compared(problem.environments)
        except MatrixEvalError as exc:
            # A bare identity (`I`, `2*I`) whose size nothing in the expression fixes: the answer's
            # own size, when the question asks for a square matrix (a Jacobian that is the identity).
            environments = _identity_sized_as_answer(problem)
            if environments is None:
                self.fail(f"Your expression could not be evaluated: {exc}")
            try:
                result = compared(environments)
            except MatrixEvalError:
                self.fail(f"Your expression could not be evaluated: {exc}")
        evidence = dict(result.evidence)
        evidence["dims"] = problem.dims
        if result.correct:
            return Verdict.passed(result.feedback, **evidence)
        if options.up_to_positive_factor and result.values and _positive_multiple(result.values, problem, options.rtol):
            return Verdict.passed("Correct: a positive multiple of the expected expression, which has the same "
                                  "minimiser.", **evidence)
        if result.diagnosis in (None, "sign_error", "constant_factor") and result.values:
            # only a fix from the rubric's list is a diagnosis (grader.repairs)
            for key in ("factor", "constant", "dimension", "power"):
                evidence.pop(key, None)
            repaired = _repair(result.values, problem, options, context)
            if repaired is not None:
                code, feedback, found = repaired
                return Verdict.failed(feedback, diagnosis=code, **evidence, **found)
            result.diagnosis = None
        if result.diagnosis is None:
            feedback = (f"Not equal to the correct expression (compared at {len(problem.dims)} random instances "
                        f"of the symbols).")
        else:
            feedback = result.feedback
        return Verdict.failed(feedback, diagnosis=result.diagnosis, **evidence)

    def describe(self, answer_name: str) -> str:
        options: MatrixExpressionOptions = self.options
        if options.symbols:
            declared = ", ".join(f"{n} {_shape_words(s)}" for n, s in options.symbols.items())
            return f"{self.answer_form}; symbols: {declared}"
        return self.answer_form


def _repair(values, problem: _Problem, options: MatrixExpressionOptions, context: CheckContext):
    from ..repairs import describe, find_value_repair, listed_factors
    from ..expressions.matrix.comparison import all_close

    def same(a, b) -> bool:
        return all_close([a], [b], rtol=options.rtol, atol=options.atol)

    points = [dict(dims) for dims in problem.dims]
    names = set.intersection(*(set(p) for p in points)) if points else set()
    repair = find_value_repair(list(values), list(problem.expected), points,
                               listed_factors(context.repairs, sorted(names)), same)
    if repair is None:
        return None
    text = describe(repair)
    return repair.code, text, repair.as_evidence()


def _shape_words(shape: Sequence[str | int]) -> str:
    if not shape:
        return "(scalar)"
    return "(" + " x ".join(str(s) for s in shape) + ")"
