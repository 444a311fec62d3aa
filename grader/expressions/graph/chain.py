"""The student's backward steps substituted into each other, checked against the true gradient."""

from __future__ import annotations

import ast
from typing import Mapping, Sequence

from ..matrix.comparison import close
from ..matrix.errors import MatrixEvalError
from ..matrix.evaluation import evaluate
from .instances import GraphInstance
from .spec import ForwardSpec
from .verdicts import ChainVerdict, Tolerance


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
