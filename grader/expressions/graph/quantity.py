"""One quantity of a forward graph (adjoint, Jacobian or value), for single-expression items."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, model_validator

from ..matrix.errors import MatrixEvalError
from ..matrix.evaluation import evaluate
from ..matrix.parsing import parse_matrix_answer
from .declarations import SpecError
from .instances import GraphInstance
from .spec import ForwardSpec


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


class ChainedQuantity(GraphQuantity):
    """d(of)/d(wrt) composed through ``via`` from given factors: (d of/d via) @ (d via/d wrt).

    For follow-through (error carried forward): either factor may be an answer the student gave
    earlier (``upstream`` for d of/d via, ``local`` for d via/d wrt, numerator layout), parsed by the
    safe answer parser and evaluated at each instance; a factor left out is the exact one.  A factor
    that cannot be read or whose shape does not fit raises ``SpecError`` (then there is no
    follow-through).
    """

    via: str
    upstream: str | None = None
    local: str | None = None

    @model_validator(mode="after")
    def _chained(self) -> "ChainedQuantity":
        if self.kind != "jacobian" or self.via not in self.spec.names():
            raise SpecError("a chained quantity is a Jacobian through a node of the forward graph")
        for text in (self.upstream, self.local):
            if text is not None:
                self._tree(text)
        return self

    def _tree(self, text: str):
        try:
            return parse_matrix_answer(text, self.spec.names() + self.spec.dim_names())
        except MatrixEvalError as error:
            raise SpecError(f"a factor cannot be read: {error}") from None

    def _factor(self, text: str | None, instance: GraphInstance, of: str, wrt: str) -> np.ndarray:
        if text is None:
            return self.spec.jacobian(instance.values, of, wrt)
        try:
            value = np.asarray(evaluate(self._tree(text), instance.environment()), dtype=float)
        except MatrixEvalError as error:
            raise SpecError(f"a factor cannot be evaluated: {error}") from None
        return value

    def value(self, instance: GraphInstance) -> np.ndarray:
        upstream = self._factor(self.upstream, instance, self.of, self.via)
        local = self._factor(self.local, instance, self.via, self.wrt)
        if upstream.ndim != 2 or local.ndim != 2 or upstream.shape[1] != local.shape[0]:
            raise SpecError("the factors' shapes do not chain")
        return upstream @ local
