"""A network's forward graph (:class:`ForwardSpec`): its names, edges, values and exact reverse mode."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ..matrix.errors import MatrixEvalError
from ..matrix.evaluation import evaluate
from ..matrix.functions import FUNCTIONS
from ..matrix.reverse_mode import backward
from ..matrix.trees import activation_name, names_in, value_name_nodes
from ..matrix.values import as_value
from .declarations import SpecError, Step, Tensor, dim_symbols, parse_trusted
from .sampling import draw_dims


@dataclass
class Term:
    """The contribution to a name's adjoint through one consumer step."""

    via: str
    value: np.ndarray


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

    # -- instances (drawn by grader.expressions.graph.instances.sample_instance) ----------

    def draw_dims(self, rng: np.random.Generator, ranges: Mapping[str, Sequence[int]] | None = None) -> dict[str, int]:
        merged = {**self.dims, **(ranges or {})}
        return draw_dims(self.tensors, rng, merged)

    def forward(self, values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Fill ``values`` with every step's value (in place) and return it."""
        for step in self.steps:
            try:
                values[step.name] = evaluate(self._trees[step.name], values)
            except MatrixEvalError as error:
                raise SpecError(f"step {step.name} = {step.expression}: {error}") from None
        return values

    def well_conditioned(self, values: Mapping[str, np.ndarray]) -> bool:
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
