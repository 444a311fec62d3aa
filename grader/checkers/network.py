"""Kind ``network``: a hand-designed network given as weights, biases and activations.

The rubric item lists the answer names and says which is which::

    [[items]]
    kind = "network"
    answers = ["W1", "b1", "phi1", "w2", "b2", "phi2"]
    reference = "networks:kth_largest"
    constants = { n = 4, k = 2 }
    [items.options]
    layers = [
      { weights = "W1", bias = "b1", activation = "phi1", units = 3 },
      { weights = "w2", bias = "b2", activation = "phi2", units = 1 },
    ]

The reference returns a :class:`grader.networks.tasks.NetworkTask` (target,
domain).  The verdict is exact for piecewise-linear activations: either correct
on every allowed input, or failed with a confirmed counterexample (the input,
the network's own output and the expected output there, the hidden layers'
values, units whose pre-activation sits exactly on a boundary) and a verified
diagnosis code when a known slip explains the failure (see
:mod:`grader.networks.diagnose`; ``architecture_violation`` when the rubric's
allowed activations are not respected).  Cheap structural rejections come first:
a network whose layer sizes differ from the rubric's is ``invalid`` before any
analysis.  A piecewise-linear network beyond the complexity bound (``max_regions``)
fails only on a counterexample confirmed in exact arithmetic; without one the item
goes to staff review ("too complex to verify exactly"), never passed on samples.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from grader.networks.activations import CATALOGUE, describe_names
from grader.networks.decide import Decision, decide
from grader.networks.exact import MAX_REGIONS
from grader.networks.diagnose import square_layers, transposed_layers
from grader.networks.model import LayerSpec, Network, build_network
from grader.networks.tasks import NetworkTask
from grader.repairs import TWO_SLIPS

from . import register
from .base import AnswerFormatError, CannotDecide, CheckContext, Checker, CheckerOptions, ReferenceProblem, Verdict


class LayerOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: str = Field(description="Answer name of the weight matrix (one row per unit).")
    bias: str | None = Field(default=None, description="Answer name of the bias vector; omitted: no bias (zeros).")
    activation: str | None = Field(default=None, description="Answer name of the activation (string, or one string per unit).")
    fixed_activation: str | None = Field(default=None, description="Activation fixed by the question when the student does not choose one, e.g. 'identity'.")
    units: int | None = Field(default=None, ge=1, description="Number of units the architecture requires; omitted: any.")
    allowed_activations: list[str] = Field(default_factory=list, description="Catalogue names allowed in this layer (plus 'expression' for non-catalogue expressions); empty: any.")
    broadcast_bias: bool = Field(default=True, description="Read a single number given for a bias of several units (b1 = 0) as that number for every unit, with a note in the feedback.")

    @field_validator("allowed_activations")
    @classmethod
    def _known(cls, names: list[str]) -> list[str]:
        unknown = [n for n in names if n not in CATALOGUE and n != "expression"]
        if unknown:
            raise ValueError(f"unknown activation names {unknown}; known: {sorted(CATALOGUE)}")
        return names


class NetworkOptions(CheckerOptions):
    layers: list[LayerOptions] = Field(min_length=1, description="The layers in order, input side first.")
    hard_threshold: Literal["I(z>0)", "I(z>=0)"] = Field(default="I(z>0)", description="What the handout calls the 'hard threshold' (students may write 'hard_threshold' or 'step').")
    per_unit_activations: bool = Field(default=True, description="Whether one activation per unit (a list) is accepted.")
    diagnose_wrong_k: bool = Field(default=True, description="Look for 'wrong_k' by checking the network against the task's other k.")
    max_regions: int = Field(default=MAX_REGIONS, ge=100, le=200_000, description="Complexity bound of the exact analysis (linear regions; 4 LPs each). Beyond it a network fails only on a sampled counterexample confirmed in exact arithmetic; otherwise it goes to staff review, never passed on samples.")
    smooth_tolerance: float = Field(default=1e-9, gt=0, le=1e-6, description="Activations that are not piecewise linear: the rounding of double arithmetic allowed per output, relative to max(1, |target|). Not a slack: an approximation of the target is wrong, and the worst point found is reported.")
    smooth_readout: Literal["half", "exact"] = Field(default="exact", description="Activations that are not piecewise linear: 'exact' (default) requires the target up to double rounding everywhere; 'half' (0/1 targets only, when the handout says so) reads outputs above 1/2 as 1.")
    smooth_samples: int = Field(default=1500, ge=100, le=100_000, description="Smooth activations: number of random samples (boundary and grid points come on top).")
    layouts: list[Literal["unit_rows", "unit_columns"]] = Field(default=["unit_rows"], min_length=1, description="Weight layouts the handout allows: 'unit_rows' (one row per unit, phi(W a + b)) and/or 'unit_columns' (one column per unit, phi(a^T W + b^T)). With both, a network correct when every weight matrix is read the other way passes; one matrix in each layout is the 'transposed' slip.")


def fmt(value) -> str:
    """A number for feedback: integers plainly, other rationals as p/q, floats briefly."""
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if isinstance(value, float):
        brief = f"{value:.6g}"
        return brief if float(brief) == value else repr(value)  # a shown input is the exact one re-checked
    return str(value)


def fmt_vector(values) -> str:
    values = list(values)
    return fmt(values[0]) if len(values) == 1 else "(" + ", ".join(fmt(v) for v in values) + ")"


@register
class NetworkChecker(Checker):
    kind = "network"
    answer_form = "weights and biases as numbers / lists of rows, activations as names such as 'relu' or 'I(z>0)'"
    Options = NetworkOptions

    def describe(self, answer_name: str) -> str:
        options: NetworkOptions = self.options
        for index, layer in enumerate(options.layers):
            if answer_name == layer.weights:
                size = f"{layer.units} row(s), " if layer.units else ""
                if "unit_rows" not in options.layouts:
                    return f"weight matrix of layer {index + 1}: one column per unit, one row per input"
                if "unit_columns" in options.layouts:
                    return (f"weight matrix of layer {index + 1}: one row per unit (W a + b) or one column per unit "
                            "(a^T W + b^T), the same way in every layer")
                return f"weight matrix of layer {index + 1}: {size}one row per unit, one column per input"
            if answer_name == layer.bias:
                return f"bias of layer {index + 1}: one number per unit"
            if answer_name == layer.activation:
                return f"activation of layer {index + 1}: {describe_names()}"
        return self.answer_form

    def check(self, answers, expected, context: CheckContext) -> Verdict:
        options: NetworkOptions = self.options
        if not isinstance(expected, NetworkTask):
            raise ReferenceProblem(f"network items need a NetworkTask reference, got {type(expected).__name__}")
        specs = []
        for layer in options.layers:
            for name in (layer.weights, layer.bias, layer.activation):
                if name is not None and name not in answers:
                    raise ReferenceProblem(f"options.layers names answer {name!r}, which the item does not list")
            if layer.activation is None and layer.fixed_activation is None:
                raise ReferenceProblem("every layer needs 'activation' or 'fixed_activation'")
            specs.append(LayerSpec(layer.weights, layer.bias, layer.activation, layer.fixed_activation, layer.units,
                                   tuple(layer.allowed_activations), options.per_unit_activations, layer.broadcast_bias))
        try:
            built = build_network(dict(answers), specs, expected.n_inputs, hard_threshold=options.hard_threshold)
        except AnswerFormatError as exc:
            self.fail(str(exc))
        network = built.network
        if built.shape_violations:  # cheap, and a network of another shape is never analysed (issue 15)
            return Verdict(status="invalid", fraction=0.0, diagnosis="architecture_violation",
                           feedback="Your network does not have the required architecture: "
                           + "; ".join(built.shape_violations) + ". Give exactly that many units; "
                           "it is checked once its shape is right.", evidence={"violations": built.shape_violations})
        if network.n_outputs != expected.n_outputs:
            self.fail(f"the network has {network.n_outputs} output(s); this question needs "
                      f"{expected.n_outputs}")
        def decided(candidate: Network) -> Decision:
            return decide(candidate, expected, rng=lambda: context.rng("network-sampling"),
                          diagnose_wrong_k=options.diagnose_wrong_k, max_regions=options.max_regions,
                          smooth_tolerance=options.smooth_tolerance, smooth_readout=options.smooth_readout,
                          smooth_samples=options.smooth_samples)

        decision = decided(network)
        if "unit_columns" in options.layouts and not built.violations and (network.transposed or not decision.correct):
            # The other layout the handout allows: every square matrix read with one column per unit
            # (a non-square one that only fits that way was already turned when the network was built).
            columns = transposed_layers(network, square_layers(network))
            if columns.key() != network.key() or network.transposed:
                other = decision if columns.key() == network.key() else decided(columns)
                if other.correct:
                    evidence = _evidence(other, columns, expected)
                    evidence["layout"] = "unit_columns"
                    return Verdict.passed("Correct, with every weight matrix read as one column per unit "
                                          f"(a^T W + b^T): checked on {expected.domain.describe()}.", **evidence)
            if "unit_rows" not in options.layouts:
                network, decision = columns, decided(columns)
        if decision.method == "too_complex":
            raise CannotDecide("Your network is too complex to verify exactly (more than "
                               f"{options.max_regions:,} linear regions) and no counterexample was found; "
                               "the course staff will review it.")
        evidence = _evidence(decision, network, expected)
        if built.notes:
            evidence["notes"] = built.notes
        verdict = self._verdict(decision, network, expected, built, evidence, options)
        if built.notes:
            verdict = verdict.model_copy(update={"feedback": f"{verdict.feedback} (Note: {'; '.join(built.notes)}.)"})
        return verdict

    def _verdict(self, decision, network, expected, built, evidence, options: NetworkOptions) -> Verdict:
        if built.violations:
            works = "computes" if decision.correct else "does not compute"
            return Verdict.failed(
                "Your network does not follow the required architecture: " + "; ".join(built.violations)
                + f". (Apart from that, it {works} what the question asks.)",
                diagnosis="architecture_violation", violations=built.violations, **evidence)
        if network.transposed and "unit_columns" not in options.layouts:
            names = ", ".join(network.transposed)
            if decision.correct:
                return Verdict.failed(
                    f"{names} only fits the architecture when transposed: give one row per unit (W x convention). "
                    "Read that way, your network is correct.", diagnosis="transposed", **evidence)
            # Wrong even read transposed: the turned matrix is a slip of its own, so a second one
            # found here makes two (never more credit than the transposition alone).
            other = decision.diagnoses[0].code if decision.diagnoses else None
            note = (f" Also, {names} only fits the architecture when transposed (one row per unit, W x "
                    "convention); it was read that way here.")
            if other is None:
                return Verdict.failed(_failure_text(decision, network, expected) + note, **evidence)
            return Verdict.failed(_failure_text(decision, network, expected) + note, diagnosis=TWO_SLIPS,
                                  slips=["transposed", other], **evidence)
        if decision.correct:
            how = {"exact": "checked exactly on", "finite": "checked on", "sampling": "no counterexample found on sampled"}
            return Verdict.passed(f"Correct: {how[decision.method]} {expected.domain.describe()}.", **evidence)
        return Verdict.failed(_failure_text(decision, network, expected),
                              diagnosis=decision.diagnoses[0].code if decision.diagnoses else None, **evidence)


def _evidence(decision: Decision, network: Network, task: NetworkTask) -> dict:
    evidence: dict = {"method": decision.method}
    if decision.method in ("exact", "finite"):
        evidence["regions"] = decision.regions
    if decision.method == "sampling":
        evidence["samples"] = decision.samples
        if decision.note:
            evidence["note"] = decision.note
        if decision.worst_error is not None:
            evidence["worst_error"] = float(f"{decision.worst_error:.3g}")
    if decision.counterexample is not None:
        ce = decision.counterexample
        evidence["counterexample"] = [fmt(v) for v in ce.x]
        evidence["network_output"] = [fmt(v) for v in ce.output]
        evidence["expected_output"] = [fmt(v) for v in ce.expected]
        if decision.trace is not None and len(decision.trace.post) > 1:
            evidence["hidden_outputs"] = [[fmt(v) for v in layer] for layer in decision.trace.post[:-1]]
        evidence["boundary_units"] = _boundary_units(decision, network)
    if decision.float_counterexample is not None:
        x, y, t = decision.float_counterexample
        evidence["counterexample"] = [fmt(v) for v in x]
        evidence["network_output"] = [fmt(v) for v in y]
        evidence["expected_output"] = [fmt(v) for v in t]
    if decision.diagnoses:
        evidence["diagnoses"] = [d.code for d in decision.diagnoses]
        for d in decision.diagnoses:
            if d.evidence:
                evidence[d.code] = d.evidence
    return evidence


def _boundary_units(decision: Decision, network: Network) -> list[dict]:
    """Units whose pre-activation sits exactly on a breakpoint of their activation at the counterexample."""
    out = []
    for l, (layer, pres) in enumerate(zip(network.layers, decision.trace.pre)):
        for u, (act, z) in enumerate(zip(layer.activations, pres)):
            if act.pl is not None and z in act.pl.breakpoints:
                out.append({"layer": l + 1, "unit": u + 1, "pre_activation": fmt(z), "activation": act.name})
    return out


def _failure_text(decision: Decision, network: Network, task: NetworkTask) -> str:
    parts = []
    if decision.counterexample is not None:
        ce = decision.counterexample
        parts.append(f"Your network is wrong for x = {fmt_vector(ce.x)}: it outputs {fmt_vector(ce.output)}, "
                     f"but the output should be {fmt_vector(ce.expected)} ({_goal(task)}).")
        trace = decision.trace
        if trace is not None and len(trace.post) > 1:
            hidden = "; ".join(f"layer {i + 1} outputs {fmt_vector(v)}" for i, v in enumerate(trace.post[:-1]))
            parts.append(f"There, {hidden}.")
        for unit in _boundary_units(decision, network):
            parts.append(f"Unit {unit['unit']} of layer {unit['layer']} has pre-activation exactly "
                         f"{unit['pre_activation']} there, a boundary of its activation {unit['activation']}.")
    elif decision.float_counterexample is not None:
        x, y, t = decision.float_counterexample
        parts.append(f"Your network is wrong for x = {fmt_vector(x)}: it outputs {fmt_vector(y)}, "
                     f"but the output should be {fmt_vector(t)} ({_goal(task)}; the worst point a search found). "
                     "An activation that is not piecewise linear is accepted only if the network is exact "
                     "everywhere, not approximately.")
    for d in decision.diagnoses:
        parts.append(d.message)
    return " ".join(parts)


def _goal(task: NetworkTask) -> str:
    if task.boolean and task.n_outputs == 1:
        return f"the network must output 1 exactly when {task.title}, else 0"
    return f"the network must output {task.title}"
