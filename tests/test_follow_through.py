"""Follow-through (error carried forward) and the other content machinery of issue 18.

Follow-through: a later answer that is right *given* the student's own wrong earlier answer earns the
rule's credit, only then, and the feedback says so.  Also: the Sort_2 layouts and the square-matrix
``transposed`` diagnosis, the ``set`` checker's ``choose``, a backward pass restricted to the given
adjoints and Jacobians, and the references that take a student's earlier answer as data.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from grader.answers import ChildAnswers
from grader.api import GradeOptions, follow_through_candidates, grade
from grader.checkers import CheckContext, checker_class
from grader.expressions.graph.instances import sample_instance
from grader.grading import Expected, grade_item
from grader.report import ItemReport
from grader.rubric import RubricError, parse_rubric
from nn_reference import autodiff, forward_pass, gradient_norms, training
from nn_reference import networks as R
from nn_reference.backprop import chained_quantity

# ------------------------------------------------------------------ rubric


def _rubric(items):
    return parse_rubric({"assignment": {"id": "t", "title": "t"}, "parameters": {"v": [1, 2], "y": [3, 4]}, "items": items})


SCALAR = {"id": "m", "question": "1", "title": "M", "points": 1, "kind": "scalar", "answers": ["M"],
          "reference": "autodiff:reverse_mode_scalar"}
VECTOR = {"id": "z", "question": "2", "title": "z", "points": 2, "kind": "vector", "answers": ["z"],
          "reference": "autodiff:vector_hessian_product"}


def test_shorthand_and_full_rules_parse():
    rubric = _rubric([SCALAR, {**VECTOR, "follow_through": {"M": "M"}}])
    rule = rubric.item("z").follow_through[0]
    assert (rule.using, rule.reference, rule.credit) == ({"M": "M"}, None, 1.0)
    rubric = _rubric([SCALAR, {**VECTOR, "follow_through": [
        {"using": {"M": "M"}, "reference": "autodiff:vector_hessian_product_from_scalar", "credit": 0.5}]}])
    assert rubric.item("z").follow_through[0].credit == 0.5


@pytest.mark.parametrize("rule, message", [
    ({"M": "z_later"}, "no earlier item"),
    ({"M": "z"}, "its own answer"),
    ([{"using": {"M": "M"}, "credit": 2}], "less than or equal"),
])
def test_bad_rules_are_rubric_errors(rule, message):
    with pytest.raises(RubricError, match=message):
        _rubric([SCALAR, {**VECTOR, "follow_through": rule}, {**VECTOR, "id": "z2", "answers": ["z_later"]}])


# ------------------------------------------------------------------ grading rule (pure)


def _child(values):
    return ChildAnswers(values=values, missing=[], calls={}, errors=[], exit_code=None)


def _report(item_id, status, diagnosis=None):
    return ItemReport(id=item_id, question="1", title="t", score=0, max_score=1, status=status, feedback="",
                      diagnosis=diagnosis)


def _z_item(credit=1.0):
    rubric = _rubric([SCALAR, {**VECTOR, "follow_through": [
        {"using": {"M": "M"}, "reference": "autodiff:vector_hessian_product_from_scalar", "credit": credit}]}])
    return rubric, rubric.item("z")


def _grade_z(z, M, m_status, credit=1.0, diagnosis=None):
    rubric, item = _z_item(credit)
    parameters = dict(rubric.parameters)
    carried = follow_through_candidates(item, rubric, _child({"M": M, "z": z}), {"M": _report("m", m_status, diagnosis)}, parameters)
    expected = Expected(value=autodiff.vector_hessian_product(parameters["v"], parameters["y"]))
    from grader.grading import Alternatives

    return grade_item(item, {"z": z}, None, expected, Alternatives(), CheckContext("z", 0, parameters), carried)


def test_right_given_the_wrong_earlier_answer_earns_the_rule_credit():
    # v = [1, 2], y = [3, 4]: M = 11 and z = [11, 22]; the student has M = 10 and z = v M = [10, 20]
    report = _grade_z([10, 20], 10, "failed")
    assert (report.status, report.score, report.diagnosis) == ("passed", 2.0, "follow_through")
    assert "`M`" in report.feedback and "item m" in report.feedback
    assert report.evidence["follow_through"]["from"] == ["M"]
    partial = _grade_z([10, 20], 10, "failed", credit=0.5)
    assert (partial.status, partial.score) == ("partial", 1.0)


def test_no_follow_through_when_the_earlier_answer_was_right_or_unusable():
    assert _grade_z([10, 20], 11, "passed").status == "failed"   # nothing was carried forward
    assert _grade_z([10, 20], 10, "invalid").status == "failed"  # an unreadable answer is never used
    assert _grade_z([10, 21], 10, "failed").status == "failed"   # wrong even for the student's own M
    assert _grade_z([11, 22], 10, "failed").diagnosis is None    # right: no follow-through needed


def test_an_all_zero_earlier_answer_is_never_carried_forward():
    assert _grade_z([0, 0], 0, "failed").status == "failed"  # z = v * 0 = 0 "follows" from M = 0: no work


def test_an_answer_credited_by_follow_through_carries_the_error_on():
    assert _grade_z([10, 20], 10, "passed", diagnosis="follow_through").diagnosis == "follow_through"


def test_an_earlier_answer_of_the_wrong_shape_gives_no_follow_through():
    assert _grade_z([10, 20], [10, 1], "failed").status == "failed"


# ------------------------------------------------------------------ through grade(): the batch cache


def _write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text('ASSIGNMENT = "columbia-nndl-hw1"\n' + textwrap.dedent(body))
    return path


def test_batch_cache_keys_follow_through_on_the_earlier_answers(tmp_path):
    # the same z, once after a wrong M it is consistent with, once after the right M
    options = GradeOptions(verdict_cache={}, prepared_cache={})
    carried = grade(_write(tmp_path, "a.py", "M = 10\nz = [40, 10, 20]\n"), options=options)
    plain = grade(_write(tmp_path, "b.py", "M = 12\nz = [40, 10, 20]\n"), options=options)
    by_id = lambda report: {i.id: i for i in report.items}  # noqa: E731
    assert by_id(carried)["vhp-z"].diagnosis == "follow_through" and by_id(carried)["vhp-z"].score == 4
    assert by_id(plain)["vhp-z"].status == "failed" and by_id(plain)["vhp-z"].score == 0
    other = grade(_write(tmp_path, "c.py", "M = 9\nz = [40, 10, 20]\n"), options=options)  # another wrong M
    assert by_id(other)["vhp-z"].status == "failed"


# ------------------------------------------------------------------ references taking earlier answers


def test_toronto_factors_from_either_layout_of_the_students_jacobian():
    x, y_bar = [1, 3, 1], [1, 1, 1]
    unmasked = np.outer([-4, 6, 4], x)  # the ReLU mask forgotten
    assert gradient_norms.squared_frobenius_of(unmasked.tolist()) == 748
    assert gradient_norms.norm_factors_W1_from_jacobian(unmasked.tolist(), x) == [11, 68]
    assert gradient_norms.norm_factors_W1_from_jacobian(unmasked.T.tolist(), x) == [11, 68]
    assert gradient_norms.norm_factors_W2_from_jacobian(np.outer(y_bar, [8, 1, -6]).tolist(), y_bar) == [3, 101]
    with pytest.raises(ValueError):
        gradient_norms.norm_factors_W1_from_jacobian([[1, 0, 0], [0, 1, 0], [0, 0, 1]], x)  # no outer product with x


def test_forward_follow_through_reads_the_earlier_answer_with_the_safe_parser():
    text = forward_pass.nyu_forward_from("ell", "5 * (W2 @ max(W1 @ x + b1, 0) + b2)", "y_hat")
    assert text == "sum((5 * (W2 @ max(W1 @ x + b1, 0) + b2) - y) ** 2)"
    for hostile in ("__import__('os').system('true')", "x.__class__", "lambda: 0", "z3 + 1"):
        with pytest.raises(ValueError):
            forward_pass.nyu_forward_from("ell", hostile, "y_hat")


def test_chained_quantity_composes_the_students_factors():
    quantity = chained_quantity("nyu", "ell", "z3", "y_hat", upstream="(-y / y_hat + (1 - y) / (1 - y_hat)).T",
                                f="tanh", g="sigmoid", loss="bce")
    instance = sample_instance(quantity.spec, np.random.default_rng(3))
    y_hat, y = instance.values["y_hat"], instance.values["y"]
    assert np.allclose(quantity.value(instance), (y_hat - y).T)  # (y_hat - y)^T without the 1/K
    with pytest.raises(ValueError):
        chained_quantity("nyu", "ell", "z3", "y_hat", upstream="open('x')", f="tanh", g="sigmoid", loss="bce")


def test_training_objective_reference():
    assert training.empirical_risk() == "(sum((F - Y) * (F - Y))) / N"
    assert "rotation" in training.linear_map_types() and "translation" not in training.linear_map_types()


# ------------------------------------------------------------------ Sort_2 layouts, square transposes

NETWORK = checker_class("network")
SORT2 = ["W1", "b1", "phi1", "W2", "b2", "phi2"]


def _sort2(answers, layouts=("unit_rows",)):
    options = NETWORK.Options(layers=[
        {"weights": "W1", "bias": "b1", "activation": "phi1", "units": 2},
        {"weights": "W2", "bias": "b2", "activation": "phi2", "units": 2}], layouts=list(layouts))
    base = {"b1": [0, 0], "b2": [0, 0], "phi1": "abs", "phi2": "identity"}
    return NETWORK(options).judge({**base, **answers}, R.sort2(), CheckContext("sort2", 1))


ROWS = {"W1": [[1, -1], [0.5, 0.5]], "W2": [[-0.5, 1], [0.5, 1]]}  # h = (|x1 - x2|, (x1 + x2)/2)
COLUMNS = {"W1": [[1, 0.5], [-1, 0.5]], "W2": [[-0.5, 0.5], [1, 1]]}
MIXED = {"W1": ROWS["W1"], "W2": COLUMNS["W2"]}


def test_both_layouts_pass_when_the_handout_allows_both():
    assert _sort2(ROWS, ("unit_rows", "unit_columns")).status == "passed"
    verdict = _sort2(COLUMNS, ("unit_rows", "unit_columns"))
    assert verdict.status == "passed" and verdict.evidence["layout"] == "unit_columns"


def test_square_matrices_in_the_other_layout_are_the_transposed_slip():
    only_rows = _sort2(COLUMNS)
    assert only_rows.diagnosis == "transposed" and only_rows.evidence["transposed"]["layers"] == [1, 2]
    mixed = _sort2(MIXED, ("unit_rows", "unit_columns"))
    assert (mixed.status, mixed.diagnosis) == ("failed", "transposed")
    assert mixed.evidence["transposed"]["layers"] == [2]
    assert _sort2(ROWS).status == "passed"


# ------------------------------------------------------------------ set: any k of the acceptable ones

SET = checker_class("set")


def _set(answer, **options):
    opts = SET.Options(choose=4, partial=True, aliases={"dilation": "scaling"}, **options)
    return SET(opts).judge({"a": answer}, training.linear_map_types(), CheckContext("s", 0))


def test_set_choose():
    assert _set(["rotation", "reflection", "scaling", "projection"]).status == "passed"
    three = _set(["Rotation", "reflection", "dilation", "translation"])
    assert (three.status, three.fraction) == ("partial", 0.75) and "does not belong" in three.feedback
    repeated = _set(["rotation", "reflection", "scaling", "dilation"])
    assert repeated.status == "partial" and "repeat" in repeated.feedback
    assert _set(["rotation", "reflection", "scaling", "shearing", "projection"]).fraction < 1


# ------------------------------------------------------------------ backprop: only the given adjoints

BACKPROP = checker_class("backprop")


def _nyu_backward(answers, **options):
    from nn_reference.backprop import nyu_network

    opts = BACKPROP.Options(chain_weight=0, given_adjoints=["y_hat_bar"],
                            jacobians={"dz2_dz1": ("z2", "z1"), "dyhat_dz3": ("y_hat", "z3")}, **options)
    return BACKPROP(opts).judge(answers, nyu_network(), CheckContext("bp", 5))


def test_backward_pass_from_the_given_adjoint_and_jacobians():
    chain = {"W1_bar": "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T",
             "b1_bar": "(W2.T @ y_hat_bar) * 5 * step(z1)"}
    assert _nyu_backward(chain).status == "passed"
    shortcut = _nyu_backward({"W1_bar": "z1_bar @ x.T", "b1_bar": "z1_bar"})
    assert shortcut.status == "failed"
    assert shortcut.evidence["diagnoses"] == {"W1_bar": "not_given", "b1_bar": "not_given"}


def test_grader_check_reports_a_follow_through_rule_that_could_never_apply():
    from grader.selfcheck import RubricCheck, check_follow_through

    rubric = _rubric([SCALAR, {**VECTOR, "follow_through": [
        {"using": {"scalar": "M"}, "reference": "autodiff:vector_hessian_product_from_scalar"},
        {"using": {"M": "M"}, "reference": "autodiff:no_such_function"}]}])
    result = RubricCheck(rubric_path=None)
    check_follow_through(rubric.item("z"), "item z", result)
    messages = [f.message for f in result.findings]
    assert len(messages) == 2 and "['scalar']" in messages[0] and "no_such_function" in messages[1]
    good = RubricCheck(rubric_path=None)
    check_follow_through(_rubric([SCALAR, {**VECTOR, "follow_through": [
        {"using": {"M": "M"}, "reference": "autodiff:vector_hessian_product_from_scalar"}]}]).item("z"), "z", good)
    assert good.findings == []
