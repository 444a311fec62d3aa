"""Numerical evaluation of matrix expressions: the language of backward-pass answers.

A student writes ``W3.T @ y_bar`` or ``c1_bar * (c1 * (1 - c1))``; the safe
parser (:mod:`grader.expressions.parser`) turns the text into a validated
``ast.Expression`` and this package evaluates that tree on numpy values.  It
never sees raw text: nothing here parses, compiles or evaluates strings.

Conventions (documented for rubric authors and students):

* every vector is a **column** vector of shape ``(n, 1)``, a matrix is
  ``(m, n)``, a scalar is a 0-d array; a ``(1, 1)`` result such as
  ``v.T @ w`` counts as a scalar;
* ``*``, ``/``, ``+``, ``-`` are **elementwise** and need equal shapes, or a
  scalar on one side.  There is no row/column broadcasting: ``(n, 1) * (1, m)``
  or ``(m, n) + (m, 1)`` is a :class:`~.errors.ShapeError` that names the
  operation and the shapes, because in a derivation it is almost always a mistake;
* ``@`` is the matrix product and ``A.T`` (or ``transpose(A)``) the transpose;
  a scalar on either side of ``@`` scales (LaTeX juxtaposition such as
  ``\\frac{1}{K} (\\hat{y} - y)`` arrives as ``1 / K @ (y_hat - y)``);
* ``**`` is elementwise on scalars, vectors and matrices that are not square
  (which have no matrix power); on a square matrix it is refused as ambiguous
  (write ``A @ A``, ``A * A`` or ``inv(A)``);
* functions apply elementwise unless listed otherwise in
  :data:`~.functions.FUNCTIONS`; the step function ``step`` (alias
  ``relu_prime``, ``drelu``) is 0 at exactly 0, like ReLU'(0) in PyTorch;
  ``Heaviside`` keeps SymPy's 1/2 there.  Instances never put an activation's
  argument at 0, so this only matters for slips such as ``step(c2)`` with
  ``c2 = relu(u)``.

Modules, each imported directly (this file re-exports nothing):

* :mod:`.errors` -- ``MatrixEvalError`` and its kinds (shape, unknown name, unsupported, syntax);
* :mod:`.values` -- the value representation (``as_value``) and shape descriptions;
* :mod:`.functions` -- the function table ``FUNCTIONS`` with derivatives and vector-Jacobian products;
* :mod:`.parsing` -- ``parse_matrix_answer`` and ``validate_tree``: text or trees into the language;
* :mod:`.trees` -- what a validated tree mentions (``names_in``, ``activation_calls``...);
* :mod:`.shapes` -- operator shape rules and shape-error messages;
* :mod:`.evaluation` -- ``Evaluator`` and ``evaluate``;
* :mod:`.reverse_mode` -- ``backward``, used to compute reference adjoints of a forward graph;
* :mod:`.comparison` -- ``compare`` and the diagnoses shared by the matrix checkers
  (``transpose_variants``, ``factor_between``, ``close``).
"""
