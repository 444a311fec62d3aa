"""reference/forward_pass.py: nodes written out in the network's inputs and parameters."""

from __future__ import annotations

import numpy as np
import pytest

from grader.expressions.graph.declarations import parse_trusted
from grader.expressions.graph.instances import sample_instance
from grader.expressions.matrix.evaluation import evaluate
from grader.expressions.matrix.trees import names_in
from nn_reference import backprop, forward_pass


@pytest.mark.parametrize("f,g,loss", [("5relu", "identity", "mse"), ("tanh", "sigmoid", "bce")])
def test_inlined_nodes_use_only_inputs_and_parameters_and_agree_with_the_graph(f, g, loss):
    spec = backprop.nyu_network(f=f, g=g, loss=loss)
    instance = sample_instance(spec, np.random.default_rng(5))
    allowed = {t.name for t in spec.tensors}
    for node in ("z1", "z2", "z3", "y_hat", "ell"):
        tree = parse_trusted(forward_pass.nyu_forward(node, f=f, g=g, loss=loss))
        assert names_in(tree) <= allowed
        value = evaluate(tree, {name: instance.values[name] for name in allowed})
        assert np.allclose(value, instance.values[node])


def test_unknown_node_is_refused():
    with pytest.raises(ValueError):
        forward_pass.nyu_forward("z4")
