"""Grading a student's backward pass, answer by answer and as a composed chain.

* each answer ``v_bar`` is graded **on its own**: it is evaluated with the
  *reference* values of everything it mentions (forward values and the
  adjoints of later nodes), so one early slip does not zero later steps;
* it may only use adjoints of nodes that come later in the forward order
  (``a1_bar = a1_bar`` is not an answer) -- diagnosis ``circular``;
* mistakes are named: ``transposed``, ``shape_error``, ``sign_error``,
  ``constant_factor`` (:mod:`..matrix.comparison`), then ``missing_term`` (a
  node with several consumers whose answer sums only some of their
  contributions, e.g. x_bar without the W4 path), ``extra_term``,
  ``wrong_node`` (an activation's derivative evaluated at another node, e.g.
  ReLU'(c2) instead of ReLU'(u) -- recognised even when the values happen to
  agree, or one node name used where another belongs: ``g_bar * c1`` for
  ``c1_bar`` when g = c1 * c2) and ``other_adjoint`` (the answer is the adjoint of another node:
  ``y_prime - t`` given for ``y_prime_bar``, the fused softmax/cross-entropy
  gradient), see :mod:`.diagnoses`;
* the composed chain (the student's steps substituted into each other) is
  checked against the true gradient of the loss with respect to the input
  (:mod:`.chain`).
"""

from __future__ import annotations

import ast
from fractions import Fraction
from typing import Any, Collection, Iterable, Mapping, Sequence

from ...answers import type_name
from ...repairs import describe, find_value_repair, listed_factors
from ..matrix.comparison import all_close, compare
from ..matrix.errors import MatrixEvalError
from ..matrix.parsing import parse_matrix_answer
from ..matrix.trees import names_in
from .chain import compose_chain
from .declarations import SpecError
from .diagnoses import (
    derivative_argument_problem,
    extra_term,
    missing_term,
    other_adjoint,
    wrong_node_alternative,
    wrong_node_name,
)
from .instances import GraphInstance
from .spec import ForwardSpec
from .verdicts import BackwardPassReport, ChainVerdict, StepVerdict, Tolerance


def answer_tree(value: Any, names: Iterable[str]) -> ast.Expression:
    """A parsed answer: expression strings through the safe parser, plain numbers as constants."""
    if isinstance(value, bool):
        raise MatrixEvalError("expected an expression (a string), got a bool")
    if isinstance(value, (int, float, Fraction)):
        return ast.Expression(body=ast.Constant(value=float(value)))
    if not isinstance(value, str):
        if value is None:
            raise MatrixEvalError("no answer was given (it is missing or still None)")
        listed = sorted(names)
        example = next((n for n in listed if n.endswith("_bar")), listed[0] if listed else "x")
        raise MatrixEvalError(f"expected an expression as a string, e.g. \"2*{example}\", got {type_name(value)}")
    return parse_matrix_answer(value, names)


def answerable_names(spec: ForwardSpec) -> list[str]:
    """Every name an answer may mention."""
    return spec.names() + [spec.bar(n) for n in spec.names()] + spec.dim_names()


def grade_step(spec: ForwardSpec, node: str, tree: ast.Expression, instances: Sequence[GraphInstance], *,
               tolerance: Tolerance = Tolerance(), accept_row_vectors: bool = False, answer: str | None = None,
               factors: Sequence[Any] | None = None, allowed_adjoints: Collection[str] | None = None) -> StepVerdict:
    """Grade the answer for ``node``'s adjoint on its own, with reference values for all it mentions.

    ``allowed_adjoints``: when set, the only adjoints the question gives; an answer that uses another
    one skips the backpropagation the question asks for (diagnosis ``not_given``)."""
    answer = answer or spec.bar(node)
    if allowed_adjoints is not None:
        not_given = sorted(n for n in names_in(tree) if spec.unbar(n) is not None and n not in allowed_adjoints)
        if not_given:
            given = ", ".join(f"`{n}`" for n in sorted(allowed_adjoints)) or "no adjoint"
            return StepVerdict(answer, node, "wrong", "not_given",
                               f"`{answer}` uses {', '.join(f'`{n}`' for n in not_given)}, which this question does not give: "
                               f"it gives {given}; carry the chain rule from there.", {"uses": not_given})
    position = spec.position(node)
    too_early = sorted(n for n in names_in(tree)
                       if (spec.unbar(n) is not None and spec.position(spec.unbar(n)) <= position))
    if too_early:
        return StepVerdict(answer, node, "wrong", "circular",
                           f"`{answer}` uses {', '.join(f'`{n}`' for n in too_early)}, which the backward pass computes from "
                           f"`{answer}` itself (or later); write it with adjoints of nodes that come after `{node}` in the forward pass.",
                           {"uses": too_early})
    environments = [inst.environment() for inst in instances]
    expected = [inst.adjoints[node] for inst in instances]
    try:
        result = compare(tree, environments, expected, dims=[inst.dims for inst in instances], rtol=tolerance.rtol,
                         atol=tolerance.atol, accept_transposed_vector=accept_row_vectors)
    except MatrixEvalError as error:  # read, but not evaluable (an identity of no known size, A ** 2 of a square A)
        return StepVerdict(answer, node, "unreadable", "unreadable", f"`{answer}` could not be evaluated: {error}", {})
    if result.correct:
        problem = derivative_argument_problem(spec, node, tree, instances, environments)
        if problem:
            return StepVerdict(answer, node, "wrong", "wrong_node", problem[0], problem[1])
        return StepVerdict(answer, node, "correct", None, "Correct.")
    if result.diagnosis in ("sign_error", "constant_factor") and result.values:
        # only a fix from the rubric's list is a diagnosis (grader.repairs): a sign, a listed factor, two slips
        def same(a, b) -> bool:
            return all_close([a], [b], rtol=tolerance.rtol, atol=tolerance.atol)

        points = [dict(inst.dims) for inst in instances]
        listed = factors if factors is not None else listed_factors(None)
        repair = find_value_repair(list(result.values), expected, points, listed, same)
        if repair is not None:
            return StepVerdict(answer, node, "wrong", repair.code, f"`{answer}`: {describe(repair)}", repair.as_evidence())
        result.diagnosis = None
    if result.diagnosis is not None:
        return StepVerdict(answer, node, "wrong", result.diagnosis, f"`{answer}`: {result.feedback}", result.evidence)
    values = result.values
    def named_node(*args):
        # a derivative taken at the wrong node is the more specific account of the same slip
        problem = derivative_argument_problem(spec, node, tree, instances, environments)
        if problem:
            return ("wrong_node", problem[0], problem[1])
        return wrong_node_name(*args, allowed_adjoints=allowed_adjoints)

    for check in (missing_term, extra_term, wrong_node_alternative, named_node, other_adjoint):
        found = check(spec, node, tree, instances, environments, values, tolerance)
        if found:
            # the diagnoses name the step by its node's adjoint; an answer named otherwise (options.nodes) keeps its own name
            feedback = found[1].replace(f"`{spec.bar(node)}`", f"`{answer}`") if answer != spec.bar(node) else found[1]
            return StepVerdict(answer, node, "wrong", found[0], feedback, found[2])
    problem = derivative_argument_problem(spec, node, tree, instances, environments)
    if problem:
        return StepVerdict(answer, node, "wrong", "wrong_node", problem[0], problem[1])
    return StepVerdict(answer, node, "wrong", None, f"`{answer}` is not right. {_hint(spec, node)}")


def _hint(spec: ForwardSpec, node: str) -> str:
    # Where to look, not what to write: the nodes that use this one are counted, never named (they
    # are the edges a graph item asks for), and no forward formula is quoted (another item's answer).
    consumers = spec.consumers(node)
    if len(consumers) > 1:
        return f"`{node}` is used by {len(consumers)} nodes; its adjoint collects a contribution from each."
    if consumers:
        return f"`{node}` is used by one node: apply the chain rule through the step that uses it."
    return ""


def grade_backward_pass(
    spec: ForwardSpec,
    answers: Mapping[str, Any],
    instances: Sequence[GraphInstance],
    *,
    nodes: Mapping[str, str] | None = None,
    chain_target: str | None = None,
    tolerance: Tolerance = Tolerance(),
    accept_row_vectors: bool = False,
    factors: Sequence[Any] | None = None,
    allowed_adjoints: Collection[str] | None = None,
    given_names: Sequence[str] = (),
) -> BackwardPassReport:
    """Grade every answer (answer name -> expression) and the composed chain.

    Answer names map to nodes by the spec's suffix (``a1_bar`` -> ``a1``)
    unless ``nodes`` says otherwise.  ``chain_target`` defaults to the first
    graph input whose adjoint is among the answers (``x``).
    """
    names = answerable_names(spec) + list(given_names)
    steps: list[StepVerdict] = []
    trees: dict[str, ast.Expression | None] = {}
    for answer, value in answers.items():
        node = (nodes or {}).get(answer) or spec.unbar(answer)
        if node is None:
            raise SpecError(f"answer {answer!r} names no node of the forward graph (expected <node>{spec.bar_suffix})")
        try:
            tree = answer_tree(value, names)
        except MatrixEvalError as error:
            position = getattr(error, "position", None)
            steps.append(StepVerdict(answer, node, "unreadable", "unreadable", f"`{answer}` could not be read: {error}",
                                     {"position": position} if position is not None else {}))
            trees[node] = None
            continue
        trees[node] = tree
        steps.append(grade_step(spec, node, tree, instances, tolerance=tolerance, accept_row_vectors=accept_row_vectors,
                                answer=answer, factors=factors, allowed_adjoints=allowed_adjoints))
    if chain_target is None:
        chain_target = next((t.name for t in spec.tensors if t.role == "input" and t.name in trees), None)
    chain = None
    if chain_target is not None and chain_target in trees:
        circular = [s for s in steps if s.diagnosis == "circular"]
        if circular:
            chain = ChainVerdict(chain_target, False, f"The chain cannot be composed: `{circular[0].answer}` is circular.", circular[0].answer)
        else:
            chain = compose_chain(spec, trees, instances, chain_target, tolerance=tolerance)
    return BackwardPassReport(steps, chain)
