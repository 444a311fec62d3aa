"""The item-checking rules, without processes: missing answers, mistakes, variants, partial credit."""

from __future__ import annotations

import numpy as np
import pytest

from grader.answers import ChildAnswers, FunctionRef, StatementError, Unsupported
from grader.api import _alternatives, compute_expected
from grader.checkers import CheckContext
from grader.grading import Alternatives, Expected, collect_answers, grade_item
from grader.variants import parameters_for, variant_for


def child(values, errors=(), exit_code=None):
    return ChildAnswers(values=values, missing=[], calls={}, errors=list(errors), exit_code=exit_code)


def grade(rubric, item_id, values, student=None, errors=(), term=None):
    item = rubric.item(item_id)
    variant = variant_for(rubric, student, term)
    parameters = parameters_for(rubric, variant, term)
    answers, problem = collect_answers(item, child(values, errors), None, {})
    return grade_item(item, answers, problem, compute_expected(item.reference_call(), parameters),
                      _alternatives(item, rubric, parameters, variant, term), CheckContext(item.id, 0, parameters))


SPRING_H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]


def test_correct_and_wrong_entries(columbia_rubric):
    assert grade(columbia_rubric, "hessian", {"H": SPRING_H}).status == "passed"
    wrong = [row[:] for row in SPRING_H]
    wrong[2][1] = 11
    report = grade(columbia_rubric, "hessian", {"H": wrong})
    assert (report.status, report.score) == ("failed", 0)
    assert "row 3, column 2" in report.feedback
    assert "10" not in report.feedback  # the expected entry is not given away


def test_known_mistake_beats_generic_shape_diagnosis(columbia_rubric):
    report = grade(columbia_rubric, "hessian", {"H": [108, 54, 135]})
    assert (report.status, report.diagnosis, report.score) == ("partial", "hessian_times_x", pytest.approx(1.0))


def test_answer_for_another_variant(columbia_rubric):
    report = grade(columbia_rubric, "hessian", {"H": [[9, 3, 12], [3, 1, 4], [12, 4, 16]]})
    assert report.diagnosis == "other_variant" and report.evidence["matches_variant"] == "fall-2025-a"


def test_variant_from_student_id_is_stable(columbia_rubric):
    first = variant_for(columbia_rubric, "student-17", "fall-2025")
    assert first is variant_for(columbia_rubric, "student-17", "fall-2025")
    chosen = {variant_for(columbia_rubric, f"s{i}", "fall-2025").name for i in range(60)}
    assert chosen == {"fall-2025-a", "fall-2025-b"}
    # The term is configuration, never a hash: the spring term has no variants at all.
    assert {variant_for(columbia_rubric, f"s{i}") for i in range(60)} == {None}


def test_student_graded_with_own_variant(columbia_rubric):
    student = next(f"s{i}" for i in range(100) if variant_for(columbia_rubric, f"s{i}", "fall-2025").name == "fall-2025-b")
    assert grade(columbia_rubric, "vhp-z", {"z": [52, 26, 13]}, student=student, term="fall-2025").status == "passed"
    assert grade(columbia_rubric, "vhp-z", {"z": [48, 12, 24]}, student=student, term="fall-2025").diagnosis == "other_variant"


def test_missing_answer_names_the_failing_statement(columbia_rubric):
    error = StatementError(line=7, kind="NameError", message="name 'np' is not defined", targets=["H"])
    report = grade(columbia_rubric, "hessian", {}, errors=[error])
    assert report.status == "invalid"
    assert "line 7" in report.feedback and "NameError" in report.feedback


@pytest.mark.parametrize("value,fragment", [
    (Unsupported("complex"), "complex"),
    (FunctionRef("H"), "is a function"),
    ("a string", "expected numbers"),
    ([[1, 2], [3]], "different lengths"),
    ([[float("nan")] * 3] * 3, "NaN"),
])
def test_unusable_answers_are_invalid_with_a_message(columbia_rubric, value, fragment):
    report = grade(columbia_rubric, "hessian", {"H": value})
    assert report.status == "invalid" and fragment in report.feedback


def test_partial_credit_table_overrides_checker_fraction(columbia_rubric):
    item = columbia_rubric.item("hessian").model_copy(update={"partial_credit": {"sign_error": 0.4}})
    parameters = parameters_for(columbia_rubric, None)
    answers = {"H": (-np.array(SPRING_H)).tolist()}
    report = grade_item(item, answers, None, compute_expected(item.reference_call(), parameters), Alternatives(),
                        CheckContext(item.id, 0, parameters))
    assert (report.status, report.diagnosis, report.score) == ("partial", "sign_error", pytest.approx(2.0))


def test_reference_problem_and_run_problem_are_errors(columbia_rubric):
    item = columbia_rubric.item("hessian")
    report = grade_item(item, {"H": SPRING_H}, None, Expected(problem="boom"), Alternatives(), CheckContext(item.id, 0))
    assert report.status == "error" and "boom" in report.evidence["reference_problem"]
    answers, problem = collect_answers(item, None, "the submission did not finish within 5 s and was stopped", {})
    report = grade_item(item, answers, problem, Expected(value=None), Alternatives(), CheckContext(item.id, 0))
    assert report.status == "error" and "did not finish" in report.feedback


def test_run_and_answer_problems_are_told_apart_by_kind_not_wording(columbia_rubric):
    item = columbia_rubric.item("hessian")
    answers, problem = collect_answers(item, None, "Killed after 3 s (any wording)", {})
    report = grade_item(item, answers, problem, Expected(value=None), Alternatives(), CheckContext(item.id, 0))
    assert report.status == "error" and report.feedback.startswith("Killed after 3 s")
    answers, problem = collect_answers(item, child({}, []), "the submission did not finish within 5 s", {})
    report = grade_item(item, answers, problem, Expected(value=None), Alternatives(), CheckContext(item.id, 0))
    assert report.status == "invalid" and "was not set" in report.feedback


def test_manual_items_score_nothing_and_keep_points(columbia_rubric):
    item = columbia_rubric.item("explanations")
    report = grade_item(item, {}, None, Expected(), Alternatives(), CheckContext(item.id, 0))
    assert (report.status, report.score, report.max_score, report.points_manual) == ("manual", 0, 0, 2)
