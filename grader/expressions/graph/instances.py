"""Random instances of a forward graph: values, exact adjoints, their terms and wrong-node alternatives."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from ..matrix.evaluation import evaluate
from ..matrix.reverse_mode import backward
from ..matrix.trees import activation_calls, activation_name
from .declarations import SpecError
from .sampling import draw_values
from .spec import ForwardSpec, Term


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
    #: extra named values a question gives (e.g. the Jacobian dz2/dz1 as ``dz2_dz1``); see ``with_jacobians``
    given: dict[str, np.ndarray] = field(default_factory=dict)

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
        env.update(self.given)
        return env

    def with_jacobians(self, jacobians: dict[str, tuple[str, str]]) -> "GraphInstance":
        """Also give the named Jacobians d(of)/d(wrt) (numerator layout) to answers, e.g. {"dz2_dz1": ("z2", "z1")}."""
        for name, (of, wrt) in jacobians.items():
            self.given[name] = self.spec.jacobian(self.values, of, wrt)
        return self

    def derivative_arguments(self, name: str) -> list[tuple[str, np.ndarray]]:
        """(activation, argument value) for activations in the steps that consume ``name``."""
        found = []
        for consumer in self.spec.consumers(name):
            for call in activation_calls(self.spec.tree(consumer)):
                found.append((activation_name(call), evaluate(ast.Expression(body=call.args[0]), self.values)))
        return found


def sample_instance(spec: ForwardSpec, rng: np.random.Generator, dims: Mapping[str, int] | None = None, *,
                    ranges: Mapping[str, Sequence[int]] | None = None) -> GraphInstance:
    """Random values for every tensor of ``spec``, the forward values and the exact adjoints."""
    dims = dict(dims) if dims is not None else spec.draw_dims(rng, ranges)
    values = None
    for _ in range(200):
        values = draw_values(spec.tensors, dims, rng)
        spec.forward(values)
        if spec.well_conditioned(values):
            break
    assert values is not None
    return GraphInstance.build(spec, dims, values)


def sample_instances(spec: ForwardSpec, rng: np.random.Generator, count: int, *,
                     ranges: Mapping[str, Sequence[int]] | None = None) -> list[GraphInstance]:
    return [sample_instance(spec, rng, ranges=ranges) for _ in range(count)]


def verify_reference(spec: ForwardSpec, instance: GraphInstance, wrt: str, *, rtol: float = 1e-4) -> None:
    """Raise SpecError if reverse mode and finite differences disagree on d(loss)/d(wrt)."""
    numeric = spec.finite_difference_gradient(instance.values, wrt)
    exact = instance.adjoints[wrt]
    if not np.allclose(numeric, exact, rtol=rtol, atol=1e-5 * max(1.0, float(np.max(np.abs(exact))))):
        raise SpecError(f"reverse-mode and finite-difference gradients of {spec.loss()} w.r.t. {wrt} disagree")
