"""Backward passes: a forward graph, its reference adjoints, and step-by-step grading.

A reference function describes the *forward* computation of a network as a
:class:`~.spec.ForwardSpec`: declared tensors (inputs, parameters, targets)
with symbolic shapes, then steps ``name = expression`` in terms of earlier
names, e.g. ``a1 = W1 @ x + b1``, ``c1 = relu(a1)``, ... ``J = -S``.  Nothing
about the backward pass is typed in: the reference adjoints are computed by
exact reverse-mode differentiation of those steps at random instances, and
checked against central finite differences.

Instances use distinct, non-square dimensions drawn from the checker's random
generator (x in R^5, a1 in R^3, y in R^4...), so a missing transpose is a shape
error rather than an accident that happens to fit.

Modules, each imported directly (this file re-exports nothing):

* :mod:`.declarations` -- ``Tensor``, ``Step``, ``SpecError``, ``parse_trusted`` (staff-written steps);
* :mod:`.sampling` -- ``draw_dims``, ``draw_values``: random sizes and values;
* :mod:`.spec` -- ``ForwardSpec``: names, edges, forward values, adjoints, Jacobians;
* :mod:`.instances` -- ``GraphInstance`` (one random instance with its adjoints), ``sample_instance(s)`` and ``verify_reference``;
* :mod:`.quantity` -- ``GraphQuantity``, the expected value of a single ``matrix_expression`` item;
* :mod:`.verdicts` -- ``StepVerdict``, ``ChainVerdict``, ``BackwardPassReport``, ``Tolerance``;
* :mod:`.grading` -- ``grade_backward_pass``, ``grade_step``, ``answer_tree``;
* :mod:`.diagnoses` -- the named mistakes of one step (missing term, wrong node...);
* :mod:`.chain` -- ``compose_chain``: the student's steps composed into the gradient.
"""
