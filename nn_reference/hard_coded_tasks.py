"""Hand-coded network tasks chosen by name, for rubrics whose variants ask for different tasks.

Columbia hw1 1.1 asks spring 2025 students for "is x1 the k-th largest" (k = 2)
and fall 2025 students for "is the sequence superincreasing"; the rubric's
variants set the parameter ``network_task`` and the item calls
:func:`network_task`, so each student is graded on their own question (and a
network that solves the other variant's question is recognised as such).
"""

from __future__ import annotations

from . import networks

TASKS = {
    "kth_largest": lambda n, k: networks.kth_largest(n=n, k=k),
    "superincreasing": lambda n, k: networks.superincreasing(n=n),
}


def network_task(task: str, n: int = 4, k: int = 2):
    """The NetworkTask of ``task`` (``kth_largest`` uses k; ``superincreasing`` ignores it)."""
    if task not in TASKS:
        raise ValueError(f"unknown network task {task!r}; choose from {sorted(TASKS)}")
    return TASKS[task](n, k)
