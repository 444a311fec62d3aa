"""reference/training.py: the five steps' order comes from their dependencies."""

from __future__ import annotations

import pytest

from nn_reference import training


def test_reference_order_is_the_course_order():
    assert training.training_steps() == ["forward", "loss", "zero_grad", "backward", "step"]


def test_valid_orders_are_exactly_those_zeroing_before_backward():
    orders = training.valid_step_orders()
    assert len(orders) == 3
    for order in orders:
        assert order.index("zero_grad") < order.index("backward")
        assert order.index("forward") < order.index("loss") < order.index("backward") < order.index("step")
    alternatives = [tuple(training.training_steps(i)) for i in range(3)]
    assert sorted(alternatives) == sorted(orders)
    with pytest.raises(ValueError):
        training.training_steps(3)


def test_conceptual_graph_edges():
    assert set(training.conceptual_graph().edges()) == {
        ("x", "a"), ("y", "a"), ("z", "a"), ("x", "b"), ("a", "b"), ("a", "w"), ("b", "w")}
