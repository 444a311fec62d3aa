"""One quantity of a forward graph (adjoint, Jacobian or value), for single-expression items."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, model_validator

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
