"""What a forward graph declares: its tensors and steps, and how staff-written steps are parsed."""

from __future__ import annotations

import ast
from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..matrix.errors import MatrixEvalError
from ..matrix.parsing import validate_tree
from ...pyparse import parse_python

_IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"
Dim = str | int
Distribution = Literal["normal", "one_hot", "binary", "probability", "positive"]


from ...errors import SpecError  # noqa: F401 -- defined in grader.errors, importable here as before


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


def dim_symbols(tensors: Iterable[Tensor]) -> list[str]:
    found: list[str] = []
    for tensor in tensors:
        for d in tensor.shape:
            if isinstance(d, str) and d not in found:
                found.append(d)
    return found


def parse_trusted(text: str) -> ast.Expression:
    """Parse a forward step written by staff in reference code (never student text)."""
    try:
        tree = parse_python(text.strip(), mode="eval")
    except SyntaxError as error:
        raise SpecError(f"cannot parse forward step {text!r}: {error.msg}") from None
    try:
        return validate_tree(tree)
    except MatrixEvalError as error:
        raise SpecError(f"forward step {text!r}: {error}") from None
