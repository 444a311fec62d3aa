"""Backward passes: a forward graph, its reference adjoints, and step-by-step grading.

A reference function describes the *forward* computation of a network as a
:class:`ForwardSpec`: declared tensors (inputs, parameters, targets) with
symbolic shapes, then steps ``name = expression`` in terms of earlier names,
e.g. ``a1 = W1 @ x + b1``, ``c1 = relu(a1)``, ... ``J = -S``.  Nothing about
the backward pass is typed in: the reference adjoints are computed by exact
reverse-mode differentiation of those steps at random instances, and checked
against central finite differences.

Instances use distinct, non-square dimensions drawn from the checker's random
generator (x in R^5, a1 in R^3, y in R^4...), so a missing transpose is a shape
error rather than an accident that happens to fit.

Grading a student's backward pass (:func:`grade_backward_pass`):

* each answer ``v_bar`` is graded **on its own**: it is evaluated with the
  *reference* values of everything it mentions (forward values and the
  adjoints of later nodes), so one early slip does not zero later steps;
* it may only use adjoints of nodes that come later in the forward order
  (``a1_bar = a1_bar`` is not an answer) -- diagnosis ``circular``;
* mistakes are named: ``transposed``, ``shape_error``, ``sign_error``,
  ``constant_factor``, ``missing_term`` (a node with several consumers whose
  answer sums only some of their contributions, e.g. x_bar without the W4
  path), ``extra_term``, ``wrong_node`` (an activation's derivative evaluated
  at another node, e.g. ReLU'(c2) instead of ReLU'(u) -- recognised even when
  the values happen to agree);
* ``other_adjoint``: the answer is the adjoint of another node (``y_prime - t``
  given for ``y_prime_bar``, the fused softmax/cross-entropy gradient);
* the composed chain (the student's steps substituted into each other) is
  checked against the true gradient of the loss with respect to the input.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Literal, Mapping, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .matrix_eval import (
    FUNCTIONS,
    MatrixEvalError,
    activation_name,
    all_close,
    as_value,
    backward,
    derivative_function_calls,
    close,
    compare,
    activation_calls,
    evaluate,
    names_in,
    source_of,
    validate_tree,
    value_name_nodes,
)

_IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"
Dim = str | int
Distribution = Literal["normal", "one_hot", "binary", "probability", "positive"]
DEFAULT_DIM_RANGE = (2, 7)


class SpecError(ValueError):
    """A forward spec is inconsistent (a reference bug)."""


# ---------------------------------------------------------------- the forward graph


class Tensor(BaseModel):
    """A value the forward pass starts from: input, parameter or target."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_IDENT, description="Name used in expressions and answers, e.g. 'W1', 'x', 't'.")
    shape: tuple[Dim, ...] = Field(default=(), description="() scalar, ('D', 1) column vector, ('H', 'D') matrix; strings are dimension symbols.")
    role: Literal["input", "parameter", "target"] = Field(default="parameter", description="Inputs and targets are nodes of the computation graph; parameters are optional there.")
    distribution: Distribution = Field(default="normal", description="How instance values are drawn: normal entries, a one-hot vector, 0/1 entries, probabilities in (0, 1), positive numbers.")
    aliases: tuple[str, ...] = Field(default=(), description="Other spellings accepted in graph answers, e.g. 'W^{(1)}'.")


class Step(BaseModel):
    """One forward step ``name = expression``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_IDENT)
    expression: str = Field(min_length=1, description="Matrix expression in earlier names, e.g. 'W1 @ x + b1'.")
    role: Literal["node", "parameter"] = Field(default="node", description="'parameter' for steps built from parameters only (a block matrix), left out of graphs by default.")
    aliases: tuple[str, ...] = Field(default=(), description="Other spellings accepted in graph answers, e.g. \"y'\".")


class ForwardSpec(BaseModel):
    """A network's forward computation, from which every reference of its backward pass is computed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = ""
    tensors: tuple[Tensor, ...]
    steps: tuple[Step, ...] = Field(min_length=1)
    output: str | None = Field(default=None, description="The scalar loss; the last step if unset.")
    dims: dict[str, tuple[int, int]] = Field(default_factory=dict, description="Dimension symbol -> (lowest, highest) size in instances; default (2, 7).")
    bar_suffix: str = Field(default="_bar", description="Answer names are node names plus this suffix: 'a1' -> 'a1_bar'.")

    _trees: dict[str, ast.Expression] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> "ForwardSpec":
        seen: set[str] = set()
        for tensor in self.tensors:
            if tensor.name in seen:
                raise SpecError(f"name {tensor.name!r} is declared twice")
            if tensor.distribution == "one_hot" and not (len(tensor.shape) == 2 and tensor.shape[1] == 1):
                raise SpecError(f"one-hot tensor {tensor.name!r} must be a column vector")
            seen.add(tensor.name)
        for step in self.steps:
            if step.name in seen:
                raise SpecError(f"name {step.name!r} is defined twice")
            tree = parse_trusted(step.expression)
            unknown = names_in(tree) - seen
            if unknown:
                raise SpecError(f"step {step.name!r} uses {sorted(unknown)} before they are defined")
            self._trees[step.name] = tree
            seen.add(step.name)
        clash = (set(self.dim_names()) & seen) | (seen & FUNCTIONS.keys())
        if clash:
            raise SpecError(f"names {sorted(clash)} are both values and dimensions or functions")
        if self.output is not None and self.output not in self.step_names():
            raise SpecError(f"output {self.output!r} is not a step")
        for name in seen:
            if name.endswith(self.bar_suffix):
                raise SpecError(f"name {name!r} ends with the adjoint suffix {self.bar_suffix!r}")
        return self

    # -- names -------------------------------------------------------------

    def step_names(self) -> list[str]:
        return [s.name for s in self.steps]

    def tensor(self, name: str) -> Tensor | None:
        return next((t for t in self.tensors if t.name == name), None)

    def names(self) -> list[str]:
        """Tensor and node names in forward order."""
        return [t.name for t in self.tensors] + self.step_names()

    def loss(self) -> str:
        return self.output or self.steps[-1].name

    def dim_names(self) -> list[str]:
        return dim_symbols(self.tensors)

    def bar(self, name: str) -> str:
        return name + self.bar_suffix

    def unbar(self, answer: str) -> str | None:
        if answer.endswith(self.bar_suffix) and answer[: -len(self.bar_suffix)] in self.names():
            return answer[: -len(self.bar_suffix)]
        return None

    def tree(self, step: str) -> ast.Expression:
        return self._trees[step]

    def uses(self, step: str) -> list[str]:
        """Names a step's expression mentions, in forward order."""
        return sorted(names_in(self._trees[step]), key=self.position)

    def consumers(self, name: str) -> list[str]:
        return [s.name for s in self.steps if name in names_in(self._trees[s.name])]

    def position(self, name: str) -> int:
        return self.names().index(name)

    def answer_names(self, nodes: Iterable[str] | None = None) -> list[str]:
        """Default answer names: adjoints of graph nodes from the loss back to the inputs."""
        targets = {t.name for t in self.tensors if t.role == "target"}
        chosen = list(nodes) if nodes is not None else [n for n in self.graph_nodes() if n != self.loss() and n not in targets]
        return [self.bar(n) for n in reversed(self.names()) if n in chosen]

    # -- graph -------------------------------------------------------------

    def is_parameter(self, name: str) -> bool:
        tensor = self.tensor(name)
        if tensor is not None:
            return tensor.role == "parameter"
        return next(s for s in self.steps if s.name == name).role == "parameter"

    def graph_nodes(self, include_parameters: bool = False) -> list[str]:
        return [n for n in self.names() if include_parameters or not self.is_parameter(n)]

    def edges(self, include_parameters: bool = False) -> list[tuple[str, str]]:
        """Edges (source, step) of the computation graph, in forward order."""
        nodes = set(self.graph_nodes(include_parameters))
        found = []
        for step in self.steps:
            if step.name not in nodes:
                continue
            for source in self.uses(step.name):
                if source in nodes:
                    found.append((source, step.name))
        return found

    def aliases(self) -> dict[str, tuple[str, ...]]:
        table = {t.name: t.aliases for t in self.tensors}
        table.update({s.name: s.aliases for s in self.steps})
        return table

    # -- variants ------------------------------------------------------------

    def renamed(self, mapping: Mapping[str, str], *, title: str | None = None) -> "ForwardSpec":
        """The same network with some names replaced (Toronto's z1, h1 for Columbia's a1, c1)."""
        def rename(name: str) -> str:
            return mapping.get(name, name)

        steps = []
        for step in self.steps:
            tree = parse_trusted(step.expression)
            for node in value_name_nodes(tree):
                node.id = rename(node.id)
            steps.append(step.model_copy(update={"name": rename(step.name), "expression": ast.unparse(tree)}))
        tensors = [t.model_copy(update={"name": rename(t.name)}) for t in self.tensors]
        return ForwardSpec(title=self.title if title is None else title, tensors=tuple(tensors), steps=tuple(steps),
                           output=rename(self.output) if self.output else None, dims=dict(self.dims), bar_suffix=self.bar_suffix)

    # -- instances -----------------------------------------------------------

    def instance(self, rng: np.random.Generator, dims: Mapping[str, int] | None = None, *, ranges: Mapping[str, Sequence[int]] | None = None) -> "GraphInstance":
        """Random values for every tensor, the forward values and the exact adjoints."""
        dims = dict(dims) if dims is not None else self.draw_dims(rng, ranges)
        values = None
        for _ in range(200):
            values = self._draw_values(rng, dims)
            self.forward(values)
            if self._well_conditioned(values):
                break
        assert values is not None
        return GraphInstance.build(self, dims, values)

    def instances(self, rng: np.random.Generator, count: int, *, ranges: Mapping[str, Sequence[int]] | None = None) -> list["GraphInstance"]:
        return [self.instance(rng, ranges=ranges) for _ in range(count)]

    def draw_dims(self, rng: np.random.Generator, ranges: Mapping[str, Sequence[int]] | None = None) -> dict[str, int]:
        merged = {**self.dims, **(ranges or {})}
        return draw_dims(self.tensors, rng, merged)

    def _draw_values(self, rng: np.random.Generator, dims: Mapping[str, int]) -> dict[str, np.ndarray]:
        return draw_values(self.tensors, dims, rng)

    def forward(self, values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Fill ``values`` with every step's value (in place) and return it."""
        for step in self.steps:
            try:
                values[step.name] = evaluate(self._trees[step.name], values)
            except MatrixEvalError as error:
                raise SpecError(f"step {step.name} = {step.expression}: {error}") from None
        return values

    def _well_conditioned(self, values: Mapping[str, np.ndarray]) -> bool:
        """Arguments of kinked functions (ReLU, step, abs) are away from the kink and of both signs.

        Away from 0 so finite differences and the reference agree; both signs
        so that ReLU' is not all ones (which would hide a wrong-node slip).
        """
        for step in self.steps:
            tree = self._trees[step.name]
            for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
                if activation_name(call) not in ("relu", "step", "abs", "max", "min", "sign"):
                    continue
                for arg in call.args:
                    value = evaluate(ast.Expression(body=arg), values)
                    if value.size == 1 and isinstance(arg, ast.Constant):
                        continue
                    if np.any(np.abs(value) < 0.05):
                        return False
                    if value.size >= 2 and not (np.any(value > 0) and np.any(value < 0)):
                        return False
        return True

    def reverse(self, values: Mapping[str, np.ndarray], seed: str, seed_bar: Any) -> tuple[dict[str, np.ndarray], dict[str, list["Term"]]]:
        """Adjoints of every name when the adjoint of ``seed`` is ``seed_bar``, and each name's terms."""
        adjoints: dict[str, np.ndarray] = {seed: as_value(seed_bar)}
        terms: dict[str, list[Term]] = {}
        for step in reversed(self.steps[: self.step_names().index(seed) + 1]):
            if step.name not in adjoints:
                continue
            contributions = backward(self._trees[step.name], values, adjoints[step.name])
            for name, grad in contributions.items():
                terms.setdefault(name, []).append(Term(via=step.name, value=grad))
                adjoints[name] = adjoints[name] + grad if name in adjoints else grad
        for name in self.names():
            if name not in adjoints:
                adjoints[name] = np.zeros_like(values[name])
        return adjoints, terms

    def jacobian(self, values: Mapping[str, np.ndarray], of: str, wrt: str) -> np.ndarray:
        """d(of)/d(wrt) in numerator layout: (entries of `of`, entries of `wrt`)."""
        target = values[of]
        rows = []
        for index in range(max(target.size, 1)):
            seed = np.zeros(target.size)
            seed[index] = 1.0
            adjoints, _ = self.reverse(values, of, seed.reshape(target.shape))
            rows.append(adjoints[wrt].reshape(-1))
        return np.array(rows)

    def finite_difference_gradient(self, values: Mapping[str, np.ndarray], wrt: str, h: float = 1e-6) -> np.ndarray:
        """Central differences of the loss with respect to a tensor (to cross-check reverse mode)."""
        base = {t.name: np.array(values[t.name], dtype=float) for t in self.tensors}
        grad = np.zeros_like(base[wrt])
        flat = grad.reshape(-1)
        for index in range(flat.size):
            outs = []
            for sign in (1.0, -1.0):
                trial = {k: v.copy() for k, v in base.items()}
                trial[wrt].reshape(-1)[index] += sign * h
                outs.append(float(self.forward(trial)[self.loss()]))
            flat[index] = (outs[0] - outs[1]) / (2 * h)
        return grad


def dim_symbols(tensors: Iterable[Tensor]) -> list[str]:
    found: list[str] = []
    for tensor in tensors:
        for d in tensor.shape:
            if isinstance(d, str) and d not in found:
                found.append(d)
    return found


def draw_dims(tensors: Sequence[Tensor], rng: np.random.Generator, ranges: Mapping[str, Sequence[int]] | None = None) -> dict[str, int]:
    """Sizes for the dimension symbols, all different when the ranges allow it (so no shape is accidentally square)."""
    names = dim_symbols(tensors)
    bounds = {n: tuple((ranges or {}).get(n, DEFAULT_DIM_RANGE)) for n in names}
    for attempt in range(500):
        dims = {n: int(rng.integers(lo, hi + 1)) for n, (lo, hi) in bounds.items()}
        if len(set(dims.values())) == len(dims) or attempt == 499:
            return dims
    raise AssertionError("unreachable")


def draw_values(tensors: Sequence[Tensor], dims: Mapping[str, int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random values for declared tensors, following each one's distribution."""
    values: dict[str, np.ndarray] = {}
    for tensor in tensors:
        shape = tuple(dims[d] if isinstance(d, str) else int(d) for d in tensor.shape)
        if tensor.distribution == "one_hot":
            value = np.zeros(shape)
            value[int(rng.integers(shape[0])), 0] = 1.0
        elif tensor.distribution == "binary":
            value = rng.integers(0, 2, size=shape).astype(float)
        elif tensor.distribution == "probability":
            value = rng.uniform(0.05, 0.95, size=shape)
        elif tensor.distribution == "positive":
            value = rng.uniform(0.5, 2.0, size=shape)
        else:
            value = rng.normal(0.0, 1.0, size=shape)
        values[tensor.name] = np.asarray(value, dtype=float)
    return values


def parse_trusted(text: str) -> ast.Expression:
    """Parse a forward step written by staff in reference code (never student text)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise SpecError(f"cannot parse forward step {text!r}: {error.msg}") from None
    try:
        return validate_tree(tree)
    except MatrixEvalError as error:
        raise SpecError(f"forward step {text!r}: {error}") from None


# ---------------------------------------------------------------- instances


@dataclass
class Term:
    """The contribution to a name's adjoint through one consumer step."""

    via: str
    value: np.ndarray


@dataclass
class Alternative:
    """A name's adjoint with one activation derivative evaluated at another node."""

    via: str
    function: str
    at: str
    total: np.ndarray

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.via, self.function, self.at)


@dataclass
class GraphInstance:
    """One random instance of a forward spec: values, exact adjoints, terms and wrong-node alternatives."""

    spec: ForwardSpec
    dims: dict[str, int]
    values: dict[str, np.ndarray]
    adjoints: dict[str, np.ndarray]
    terms: dict[str, list[Term]]
    #: name -> (via, function, at) -> alternative; keyed because candidates depend on an instance's shapes
    alternatives: dict[str, dict[tuple[str, str, str], Alternative]] = field(default_factory=dict)

    @classmethod
    def build(cls, spec: ForwardSpec, dims: dict[str, int], values: dict[str, np.ndarray]) -> "GraphInstance":
        loss = spec.loss()
        if values[loss].size != 1:
            raise SpecError(f"the output {loss!r} must be a scalar, got shape {values[loss].shape}")
        adjoints, terms = spec.reverse(values, loss, np.ones(values[loss].shape))
        instance = cls(spec, dims, values, adjoints, terms)
        instance._add_alternatives()
        return instance

    def _add_alternatives(self) -> None:
        """For each activation in each step: the adjoints obtained with its derivative at another node."""
        spec = self.spec
        for step in spec.steps:
            if not np.any(self.adjoints[step.name]):
                continue
            tree = spec.tree(step.name)
            main = {t_name: next(t.value for t in terms if t.via == step.name)
                    for t_name, terms in self.terms.items() if any(t.via == step.name for t in terms)}
            for call in activation_calls(tree):
                argument = call.args[0]
                for candidate in spec.names():
                    value = self.values[candidate]
                    if isinstance(argument, ast.Name) and argument.id == candidate:
                        continue
                    if value.shape != evaluate(ast.Expression(body=argument), self.values).shape:
                        continue
                    changed = backward(tree, self.values, self.adjoints[step.name], derivative_at={id(call): value})
                    for name, grad in changed.items():
                        if name in main:
                            total = self.adjoints[name] - main[name] + grad
                            alternative = Alternative(via=step.name, function=activation_name(call), at=candidate, total=total)
                            self.alternatives.setdefault(name, {})[alternative.key] = alternative

    def environment(self) -> dict[str, Any]:
        """Every value an answer may mention: tensors, nodes, adjoints (``*_bar``) and dimensions."""
        env: dict[str, Any] = dict(self.values)
        env.update({self.spec.bar(name): value for name, value in self.adjoints.items()})
        env.update({name: np.asarray(float(size)) for name, size in self.dims.items()})
        return env

    def derivative_arguments(self, name: str) -> list[tuple[str, np.ndarray]]:
        """(activation, argument value) for activations in the steps that consume ``name``."""
        found = []
        for consumer in self.spec.consumers(name):
            for call in activation_calls(self.spec.tree(consumer)):
                found.append((activation_name(call), evaluate(ast.Expression(body=call.args[0]), self.values)))
        return found


# ---------------------------------------------------------------- quantities for single-expression items


class GraphQuantity(BaseModel):
    """A quantity of a forward graph used as the expected value of a ``matrix_expression`` item.

    ``kind="adjoint"``: the adjoint of ``of`` (dJ/d of, as a column like ``of``);
    ``kind="jacobian"``: d(of)/d(wrt) in numerator layout; ``kind="value"``: the
    forward value of ``of``.  Answers may mention every name of the graph,
    the adjoints ``*_bar`` and the dimension symbols.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    spec: ForwardSpec
    kind: Literal["adjoint", "jacobian", "value"]
    of: str
    wrt: str | None = None

    @model_validator(mode="after")
    def _known(self) -> "GraphQuantity":
        for name in (self.of, self.wrt):
            if name is not None and name not in self.spec.names():
                raise SpecError(f"{name!r} is not a name of the forward graph")
        if self.kind == "jacobian" and self.wrt is None:
            raise SpecError("a Jacobian needs 'wrt'")
        return self

    def allowed_names(self, *, adjoints: bool = True) -> list[str]:
        """Names an answer for this quantity may mention: never the quantity itself.

        A value of ``v`` may use only what comes before ``v``; a Jacobian any value (tanh' is
        1 - z2**2 in terms of its own output) but no adjoint; an adjoint of ``v`` any value and (if
        ``adjoints``) the adjoints of nodes after ``v`` -- the backward-pass form, which a rubric
        may forbid.
        """
        spec = self.spec
        names = spec.names()
        at = spec.position(self.of)
        if self.kind == "value":
            return [n for n in names if spec.position(n) < at] + spec.dim_names()
        if self.kind == "jacobian":
            return names + spec.dim_names()
        later = [spec.bar(n) for n in names if spec.position(n) > at] if adjoints else []
        return names + later + spec.dim_names()

    def value(self, instance: GraphInstance) -> np.ndarray:
        if self.kind == "adjoint":
            return instance.adjoints[self.of]
        if self.kind == "value":
            return instance.values[self.of]
        return self.spec.jacobian(instance.values, self.of, self.wrt)


# ---------------------------------------------------------------- grading


@dataclass
class StepVerdict:
    """How one answer of a backward pass was judged."""

    answer: str
    node: str
    status: Literal["correct", "wrong", "unreadable"]
    diagnosis: str | None = None
    feedback: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def as_evidence(self) -> dict[str, Any]:
        data = {"answer": self.answer, "status": self.status, "feedback": self.feedback}
        if self.diagnosis:
            data["diagnosis"] = self.diagnosis
        if self.evidence:
            data["details"] = self.evidence
        return data


@dataclass
class ChainVerdict:
    """Whether the student's steps, composed, give the true gradient."""

    target: str
    correct: bool
    feedback: str
    broken_at: str | None = None

    def as_evidence(self) -> dict[str, Any]:
        data = {"target": self.target, "correct": self.correct, "feedback": self.feedback}
        if self.broken_at:
            data["broken_at"] = self.broken_at
        return data


@dataclass
class BackwardPassReport:
    steps: list[StepVerdict]
    chain: ChainVerdict | None

    def fraction(self, *, step_credit: Mapping[str, float] | None = None, weights: Mapping[str, float] | None = None,
                 chain_weight: float = 1.0) -> float:
        step_credit = step_credit or {}
        weights = weights or {}
        total = earned = 0.0
        for step in self.steps:
            weight = weights.get(step.answer, 1.0)
            total += weight
            if step.correct:
                earned += weight
            elif step.diagnosis in step_credit:
                earned += weight * step_credit[step.diagnosis]
        if self.chain is not None and chain_weight > 0:
            total += chain_weight
            earned += chain_weight if self.chain.correct else 0.0
        return earned / total if total else 0.0


@dataclass
class Tolerance:
    rtol: float = 1e-6
    atol: float = 1e-9


def answer_tree(value: Any, names: Iterable[str]) -> ast.Expression:
    """A parsed answer: expression strings through the safe parser, plain numbers as constants."""
    if isinstance(value, bool):
        raise MatrixEvalError("expected an expression (a string), got a bool")
    if isinstance(value, (int, float, Fraction)):
        return ast.Expression(body=ast.Constant(value=float(value)))
    if not isinstance(value, str):
        from grader.answers import type_name

        if value is None:
            raise MatrixEvalError("no answer was given (it is missing or still None)")
        raise MatrixEvalError(f"expected an expression as a string, e.g. \"A.T @ q_bar\", got {type_name(value)}")
    from .matrix_eval import parse_matrix_answer

    return parse_matrix_answer(value, names)


def answerable_names(spec: ForwardSpec) -> list[str]:
    """Every name an answer may mention."""
    return spec.names() + [spec.bar(n) for n in spec.names()] + spec.dim_names()


def grade_step(spec: ForwardSpec, node: str, tree: ast.Expression, instances: Sequence[GraphInstance], *,
               tolerance: Tolerance = Tolerance(), accept_row_vectors: bool = False, answer: str | None = None) -> StepVerdict:
    """Grade the answer for ``node``'s adjoint on its own, with reference values for all it mentions."""
    answer = answer or spec.bar(node)
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
    result = compare(tree, environments, expected, dims=[inst.dims for inst in instances], rtol=tolerance.rtol,
                     atol=tolerance.atol, accept_transposed_vector=accept_row_vectors)
    if result.correct:
        problem = _derivative_argument_problem(spec, node, tree, instances, environments)
        if problem:
            return StepVerdict(answer, node, "wrong", "wrong_node", problem[0], problem[1])
        return StepVerdict(answer, node, "correct", None, "Correct.")
    if result.diagnosis is not None:
        return StepVerdict(answer, node, "wrong", result.diagnosis, f"`{answer}`: {result.feedback}", result.evidence)
    values = result.values
    for check in (_missing_term, _extra_term, _wrong_node_alternative, _other_adjoint):
        found = check(spec, node, tree, instances, environments, values, tolerance)
        if found:
            return StepVerdict(answer, node, "wrong", found[0], found[1], found[2])
    problem = _derivative_argument_problem(spec, node, tree, instances, environments)
    if problem:
        return StepVerdict(answer, node, "wrong", "wrong_node", problem[0], problem[1])
    return StepVerdict(answer, node, "wrong", None, f"`{answer}` is not right. {_hint(spec, node)}")


def _hint(spec: ForwardSpec, node: str) -> str:
    consumers = spec.consumers(node)
    if len(consumers) > 1:
        return f"`{node}` is used by {', '.join(f'`{c}`' for c in consumers)}; its adjoint collects a contribution from each."
    if consumers:
        return f"`{node}` is used by `{consumers[0]}`: apply the chain rule through `{consumers[0]} = {_step_text(spec, consumers[0])}`."
    return ""


def _step_text(spec: ForwardSpec, name: str) -> str:
    return next(s.expression for s in spec.steps if s.name == name)


def _missing_term(spec, node, tree, instances, environments, values, tolerance):
    terms = [inst.terms.get(node, []) for inst in instances]
    count = len(terms[0])
    if count < 2:
        return None
    vias = [t.via for t in terms[0]]
    for size in range(count - 1, 0, -1):
        for subset in itertools.combinations(range(count), size):
            partial = [sum((ts[i].value for i in subset), np.zeros_like(inst.adjoints[node])) for ts, inst in zip(terms, instances)]
            if all_close(values, partial, rtol=tolerance.rtol, atol=tolerance.atol):
                missing = sorted((vias[i] for i in range(count) if i not in subset), key=spec.position)
                present = sorted((vias[i] for i in subset), key=spec.position)
                everyone = ", ".join(f"`{v}`" for v in sorted(vias, key=spec.position))
                return ("missing_term",
                        f"`{spec.bar(node)}` is missing the contribution through {', '.join(f'`{m}`' for m in missing)}: "
                        f"`{node}` is used by {everyone}, and its adjoint must add the contributions of all of them.",
                        {"missing_via": missing, "present_via": present})
    return None


def _signed_terms(node: ast.AST, sign: float = 1.0) -> list[tuple[float, ast.AST]]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        right_sign = sign if isinstance(node.op, ast.Add) else -sign
        return _signed_terms(node.left, sign) + _signed_terms(node.right, right_sign)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _signed_terms(node.operand, -sign)
    return [(sign, node)]


def _extra_term(spec, node, tree, instances, environments, values, tolerance):
    terms = _signed_terms(tree.body)
    if not 2 <= len(terms) <= 8:
        return None
    try:
        term_values = [[sign * evaluate(ast.Expression(body=t), env) for sign, t in terms] for env in environments]
    except MatrixEvalError:
        return None
    expected = [inst.adjoints[node] for inst in instances]
    for size in range(len(terms) - 1, 0, -1):
        for subset in itertools.combinations(range(len(terms)), size):
            partial = []
            for per_instance in term_values:
                chosen = [per_instance[i] for i in subset]
                if any(c.shape != chosen[0].shape and c.size != 1 for c in chosen):
                    break
                partial.append(sum(chosen[1:], chosen[0]))
            else:
                if all_close(partial, expected, rtol=tolerance.rtol, atol=tolerance.atol):
                    extra = [source_of(terms[i][1]) for i in range(len(terms)) if i not in subset]
                    return ("extra_term",
                            f"`{spec.bar(node)}` has term(s) that do not belong there: {', '.join(f'`{e}`' for e in extra)}.",
                            {"extra_terms": extra})
    return None


def _wrong_node_alternative(spec, node, tree, instances, environments, values, tolerance):
    for key, alternative in instances[0].alternatives.get(node, {}).items():
        if not all(key in inst.alternatives.get(node, {}) for inst in instances):
            continue
        totals = [inst.alternatives[node][key].total for inst in instances]
        if all_close(values, totals, rtol=tolerance.rtol, atol=tolerance.atol):
            return ("wrong_node",
                    f"In `{spec.bar(node)}` the derivative of {alternative.function} (from `{alternative.via}`) is evaluated at "
                    f"`{alternative.at}`, which is not the node the {alternative.function} is applied to.",
                    {"function": alternative.function, "via": alternative.via, "evaluated_at": alternative.at})
    return None


def _other_adjoint(spec, node, tree, instances, environments, values, tolerance):
    """The answer is (up to sign) the adjoint of another node, e.g. y' - t given for y'_bar."""
    for other in spec.names():
        if other == node:
            continue
        for sign in (1.0, -1.0):
            candidates = [sign * inst.adjoints[other] for inst in instances]
            if any(not np.any(c) for c in candidates):
                continue
            if all_close(values, candidates, rtol=tolerance.rtol, atol=tolerance.atol):
                signed = "" if sign > 0 else "minus "
                return ("other_adjoint",
                        f"`{spec.bar(node)}` equals {signed}the adjoint of `{other}`, not of `{node}`.",
                        {"equals_adjoint_of": other, "sign": int(sign)})
    return None


def _derivative_argument_problem(spec, node, tree, instances, environments):
    """A derivative function (step = ReLU', sigmoid_prime...) applied to a node other than the activation's input.

    Needed on top of the value checks because some slips give the right
    numbers: ReLU'(c2) with c2 = ReLU(u) equals ReLU'(u) everywhere.
    """
    for call, family in derivative_function_calls(tree):
        if not call.args:
            continue
        expected_args = [[value for activation, value in inst.derivative_arguments(node) if activation == family]
                         for inst in instances]
        if not expected_args[0]:
            continue
        try:
            argument = [evaluate(ast.Expression(body=call.args[0]), env) for env in environments]
        except MatrixEvalError:
            continue
        if any(all(close(a, candidates[i]) for a, candidates in zip(argument, expected_args)) for i in range(len(expected_args[0]))):
            continue
        matches = [name for name in spec.names() if all(close(a, inst.values[name]) for a, inst in zip(argument, instances))]
        text = source_of(call.args[0])
        where = f"`{text}`" + (f" (= `{matches[0]}`)" if matches and matches[0] != text else "")
        return (f"In `{spec.bar(node)}`, `{source_of(call)}` evaluates the derivative of {family} at {where}, "
                f"which is not the node the {family} is applied to.",
                {"function": family, "evaluated_at": matches[0] if matches else text})
    return None


def compose_chain(spec: ForwardSpec, trees: Mapping[str, ast.Expression | None], instances: Sequence[GraphInstance], target: str,
                  *, tolerance: Tolerance = Tolerance()) -> ChainVerdict:
    """Substitute the student's steps into each other and compare the result for ``target`` with the true gradient."""
    answer = spec.bar(target)
    for node, tree in trees.items():
        if tree is None:
            return ChainVerdict(target, False, f"The chain to `{answer}` cannot be composed: `{spec.bar(node)}` could not be read.", spec.bar(node))
    order = [n for n in reversed(spec.names()) if n in trees]
    for inst in instances:
        env = inst.environment()
        for node in order:
            if spec.position(node) < spec.position(target):
                continue
            try:
                env[spec.bar(node)] = evaluate(trees[node], env)
            except MatrixEvalError as error:
                return ChainVerdict(target, False, f"The chain to `{answer}` breaks at `{spec.bar(node)}`: {error}", spec.bar(node))
        if not close(env[answer], inst.adjoints[target], rtol=tolerance.rtol * 10, atol=tolerance.atol):
            return ChainVerdict(target, False, f"Your steps, substituted into each other, do not give the gradient of "
                                f"`{spec.loss()}` with respect to `{target}`.")
    return ChainVerdict(target, True, f"Your steps compose to the correct gradient `{answer}`.")


def grade_backward_pass(
    spec: ForwardSpec,
    answers: Mapping[str, Any],
    instances: Sequence[GraphInstance],
    *,
    nodes: Mapping[str, str] | None = None,
    chain_target: str | None = None,
    tolerance: Tolerance = Tolerance(),
    accept_row_vectors: bool = False,
) -> BackwardPassReport:
    """Grade every answer (answer name -> expression) and the composed chain.

    Answer names map to nodes by the spec's suffix (``a1_bar`` -> ``a1``)
    unless ``nodes`` says otherwise.  ``chain_target`` defaults to the first
    graph input whose adjoint is among the answers (``x``).
    """
    names = answerable_names(spec)
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
        steps.append(grade_step(spec, node, tree, instances, tolerance=tolerance, accept_row_vectors=accept_row_vectors, answer=answer))
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


def verify_reference(spec: ForwardSpec, instance: GraphInstance, wrt: str, *, rtol: float = 1e-4) -> None:
    """Raise SpecError if reverse mode and finite differences disagree on d(loss)/d(wrt)."""
    numeric = spec.finite_difference_gradient(instance.values, wrt)
    exact = instance.adjoints[wrt]
    if not np.allclose(numeric, exact, rtol=rtol, atol=1e-5 * max(1.0, float(np.max(np.abs(exact))))):
        raise SpecError(f"reverse-mode and finite-difference gradients of {spec.loss()} w.r.t. {wrt} disagree")


__all__ = [
    "Alternative",
    "BackwardPassReport",
    "ChainVerdict",
    "ForwardSpec",
    "GraphInstance",
    "GraphQuantity",
    "SpecError",
    "Step",
    "StepVerdict",
    "Tensor",
    "Term",
    "Tolerance",
    "answer_tree",
    "draw_dims",
    "draw_values",
    "parse_trusted",
    "answerable_names",
    "compose_chain",
    "grade_backward_pass",
    "grade_step",
    "verify_reference",
]
