"""Kind ``backprop``: a backward pass, one expression per adjoint, graded step by step.

The item's answers are adjoint names (``y_bar``, ``g_bar``, ... ``x_bar``),
each an expression string such as ``"W3.T @ y_bar"``.  The reference function
returns the network's forward graph (:class:`~grader.expressions.graph.spec.ForwardSpec`,
see ``reference/backprop.py``); the reference adjoints are computed from it at
random instances with distinct, non-square dimensions.

Each step is graded on its own, with the reference values of everything it
mentions, so an early slip costs only its own step; the composed chain is
checked against the true gradient.  The item's fraction is the weighted share
of correct steps plus the chain (``chain_weight`` counts as that many steps).

Per-step diagnoses (``transposed``, ``shape_error``, ``sign_error``,
``constant_factor``, ``missing_term``, ``extra_term``, ``wrong_node``,
``circular``, ``unreadable``) are reported in ``evidence["steps"]`` and can
earn part of a step's weight through ``step_credit``.  The verdict itself
carries no diagnosis: a rubric's ``partial_credit`` table replaces the whole
item's fraction, which would throw away the per-step grading.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, ValidationError, field_validator

from ..expressions.graph.declarations import SpecError
from ..expressions.graph.grading import grade_backward_pass
from ..expressions.graph.instances import sample_instances, verify_reference
from ..expressions.graph.spec import ForwardSpec
from ..expressions.graph.verdicts import Tolerance
from . import register
from .base import CheckContext, Checker, CheckerOptions, ReferenceProblem, Verdict


class BackpropOptions(CheckerOptions):
    instances: int = Field(default=2, ge=1, le=6, description="Random instances (each with new distinct dimensions) every step is checked at.")
    rtol: float = Field(default=1e-6, gt=0, description="Relative tolerance of the numeric comparison.")
    atol: float = Field(default=1e-9, ge=0, description="Absolute tolerance of the numeric comparison.")
    chain_target: str | None = Field(default=None, description="Node whose adjoint is also checked by composing the student's steps; default: the graph input (x) when its adjoint is an answer.")
    chain_weight: float = Field(default=1.0, ge=0, description="Weight of the composed-chain check, in steps; 0 turns it off.")
    weights: dict[str, float] = Field(default_factory=dict, description="Answer name -> weight of that step (default 1).")
    step_credit: dict[str, float] = Field(default_factory=dict, description="Diagnosis -> share of a step's weight it still earns, e.g. {transposed = 0.5}.")
    nodes: dict[str, str] = Field(default_factory=dict, description="Answer name -> node, for answer names that are not <node>_bar.")
    dims: dict[str, tuple[int, int]] = Field(default_factory=dict, description="Dimension symbol -> (lowest, highest) size, overriding the reference's ranges.")
    accept_row_vectors: bool = Field(default=False, description="Accept a row vector where the column vector is expected (else diagnosis 'transposed').")
    verify_reference: bool = Field(default=True, description="Cross-check the reference gradient against finite differences at each instance.")
    given_adjoints: list[str] | None = Field(default=None, description="The only adjoints answers may use (the ones the handout gives, e.g. ['y_hat_bar']); an answer using another earns nothing for that step (diagnosis 'not_given'). Default: any adjoint of a later node.")
    jacobians: dict[str, tuple[str, str]] = Field(default_factory=dict, description="Named Jacobians the handout gives, usable in answers: name -> (of, wrt), numerator layout, e.g. {dz2_dz1 = ['z2', 'z1']}.")

    @field_validator("step_credit")
    @classmethod
    def _shares(cls, table: dict[str, float]) -> dict[str, float]:
        for code, share in table.items():
            if not 0 <= share <= 1:
                raise ValueError(f"step credit for {code!r} must be between 0 and 1, got {share}")
        return table


def forward_spec(expected: Any) -> ForwardSpec:
    """The reference value as a ForwardSpec (a dict of the same fields is accepted)."""
    if isinstance(expected, ForwardSpec):
        return expected
    if isinstance(expected, dict):
        try:
            return ForwardSpec.model_validate(expected)
        except (ValidationError, SpecError) as exc:
            raise ReferenceProblem(f"reference is not a valid forward graph: {exc}") from None
    raise ReferenceProblem(f"the backprop checker needs a ForwardSpec from nn_reference/backprop.py, got {type(expected).__name__}")


@register
class BackpropChecker(Checker):
    kind = "backprop"
    answer_form = ('an expression string, e.g. "A.T @ q_bar + B.T @ r_bar" or "s_bar * step(s)": vectors are columns, '
                   "* is elementwise, @ the matrix product, .T the transpose")
    Options = BackpropOptions
    accepts_missing_answers = True  # one missing step costs that step, not the whole backward pass

    def check(self, answers, expected, context: CheckContext) -> Verdict:
        options: BackpropOptions = self.options
        spec = forward_spec(expected)
        nodes = {}
        for answer in answers:
            node = options.nodes.get(answer) or spec.unbar(answer)
            if node is None or node not in spec.names():
                raise ReferenceProblem(f"answer {answer!r} names no node of the forward graph {spec.title!r} "
                                       f"(expected <node>{spec.bar_suffix} or an entry in options.nodes)")
            nodes[answer] = node
        try:
            instances = sample_instances(spec, context.rng("backprop-instances"), options.instances, ranges=options.dims)
        except SpecError as exc:
            raise ReferenceProblem(str(exc)) from None
        if options.jacobians:
            unknown = sorted({n for pair in options.jacobians.values() for n in pair} - set(spec.names()))
            if unknown:
                raise ReferenceProblem(f"options.jacobians names {unknown}, which are not in the forward graph")
            instances = [instance.with_jacobians(dict(options.jacobians)) for instance in instances]
        target = options.chain_target or next((t.name for t in spec.tensors if t.role == "input"), None)
        if options.verify_reference and target is not None and spec.tensor(target) is not None:
            try:
                for instance in instances:
                    verify_reference(spec, instance, target)
            except SpecError as exc:
                raise ReferenceProblem(str(exc)) from None
        report = grade_backward_pass(
            spec, answers, instances, nodes=nodes, chain_target=options.chain_target,
            tolerance=Tolerance(options.rtol, options.atol), accept_row_vectors=options.accept_row_vectors,
            factors=_factors(context, instances),
            allowed_adjoints=options.given_adjoints, given_names=list(options.jacobians),
        )
        evidence = {
            "steps": [step.as_evidence() for step in report.steps],
            "diagnoses": {step.answer: step.diagnosis for step in report.steps if step.diagnosis},
            "dims": [instance.dims for instance in instances],
        }
        if report.chain is not None:
            evidence["chain"] = report.chain.as_evidence()
        if all(step.status == "unreadable" for step in report.steps):
            self.fail("None of the expressions could be read. " + _step_lines(report.steps), **evidence)
        chain_weight = options.chain_weight if report.chain is not None else 0.0
        fraction = report.fraction(step_credit=options.step_credit, weights=options.weights, chain_weight=chain_weight)
        correct = sum(step.correct for step in report.steps)
        summary = f"{correct} of {len(report.steps)} steps correct"
        if report.chain is not None and chain_weight > 0:
            summary += "; composed chain: " + ("correct" if report.chain.correct else "not correct")
        wrong = [step for step in report.steps if not step.correct]
        if not wrong and (report.chain is None or report.chain.correct or chain_weight == 0):
            return Verdict(status="passed", fraction=1.0, feedback=f"All {len(report.steps)} steps are correct.", evidence=evidence)
        lines = [summary + "."]
        if wrong:
            lines.append(_step_lines(wrong))
        if report.chain is not None and not report.chain.correct and chain_weight > 0:
            lines.append(report.chain.feedback)
        status = "partial" if fraction > 0 else "failed"
        return Verdict(status=status, fraction=min(1.0, fraction), feedback="\n".join(lines), evidence=evidence)

    def describe(self, answer_name: str) -> str:
        options: BackpropOptions = self.options
        node = options.nodes.get(answer_name) or answer_name.removesuffix("_bar")
        return f"the adjoint dJ/d{node} as {self.answer_form}"


def _factors(context, instances):
    """The item's listed factors (grader.repairs), those whose symbols are dimensions of the instances."""
    from ..repairs import listed_factors

    names = set.intersection(*(set(instance.dims) for instance in instances)) if instances else set()
    return listed_factors(context.repairs, sorted(names))


def _step_lines(steps) -> str:
    return "\n".join(f"- {step.feedback}" for step in steps)
