"""Training-loop questions (NYU DL hw1): the five SGD steps, and small computation graphs.

The order of the five programming steps is not typed in: each step declares
what it needs (the prediction needs the model, the loss needs the prediction,
the backward pass needs the loss and zeroed gradients -- PyTorch accumulates
them -- and the update needs the gradients), and the valid orders are the
topological orders of those dependencies.  The reference order is the one
that does every step as late as possible (zero the gradients right before the
backward pass), which is the order taught in the course; the other valid
orders are offered to the rubric as equally right alternatives.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from grader.expressions.graph.declarations import Step, Tensor
from grader.expressions.graph.spec import ForwardSpec

#: step -> the steps it needs to have happened first
STEP_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "forward": (),                       # y_hat = model(x)
    "loss": ("forward",),                # l = criterion(y_hat, y)
    "zero_grad": (),                     # optimizer.zero_grad(): clear the accumulated .grad
    "backward": ("loss", "zero_grad"),   # l.backward(): accumulates dl/dtheta into .grad
    "step": ("backward",),               # optimizer.step(): theta <- theta - lr * grad
}

@lru_cache(maxsize=None)
def valid_step_orders() -> tuple[tuple[str, ...], ...]:
    """Every order of the five steps that respects the dependencies."""
    steps = list(STEP_DEPENDENCIES)
    valid = []
    for order in itertools.permutations(steps):
        position = {s: i for i, s in enumerate(order)}
        if all(position[need] < position[s] for s in steps for need in STEP_DEPENDENCIES[s]):
            valid.append(order)
    return tuple(valid)


def _lateness(order: tuple[str, ...]) -> tuple:
    """Sort key: orders that start the unconstrained steps later come first (zero_grad right before backward)."""
    free = [s for s, needs in STEP_DEPENDENCIES.items() if not needs]
    return (-sum(order.index(s) for s in free), order)


def training_steps(alternative: int = 0) -> list[str]:
    """The five steps in order: 0 is the reference (every step as late as possible); 1, 2, ... the other valid orders."""
    ranked = sorted(valid_step_orders(), key=_lateness)
    if not 0 <= alternative < len(ranked):
        raise ValueError(f"there are {len(ranked)} valid orders")
    return list(ranked[alternative])


def step_names() -> list[str]:
    return list(STEP_DEPENDENCIES)


def conceptual_graph() -> ForwardSpec:
    """NYU hw1 problem 3.2: a = x * y + z, b = (x + x) * a, w = a * b, inputs x, y, z in R."""
    return ForwardSpec(
        title="a = x*y + z, b = (x + x)*a, w = a*b",
        tensors=(
            Tensor(name="x", shape=(), role="input"),
            Tensor(name="y", shape=(), role="input"),
            Tensor(name="z", shape=(), role="input"),
        ),
        steps=(
            Step(name="a", expression="x * y + z"),
            Step(name="b", expression="(x + x) * a"),
            Step(name="w", expression="a * b"),
        ),
    )


def linear_map_types() -> list[str]:
    """NYU hw1 3.4: the kinds of linear transformation of the plane the course names (any four are asked for).

    Translation is not among them: x -> x + b is affine, not linear (it moves the origin)."""
    return ["rotation", "reflection", "scaling", "shearing", "projection"]


def empirical_risk(loss: str = "mse") -> str:
    """NYU hw1 3.5: the training objective, min over theta of the per-example loss averaged over the data set.

    Built from the network's per-example loss (reference/backprop.py) with the prediction
    F_theta(x_i) and the label y_i as the rows of F and Y (N x K): summing the per-example losses is
    summing over all entries, divided by N.  The rubric accepts any positive multiple (the sum, the
    mean over every entry): the same minimiser (``up_to_positive_factor``).
    """
    from .backprop import _LOSSES
    from .forward_pass import renamed_expression

    total = renamed_expression(_LOSSES[loss], {"y_hat": "F", "y": "Y"})
    return f"({total}) / N"
