"""Reference resolution: module:function with rubric parameters, errors, caching, course directories."""

from __future__ import annotations

import pytest

from grader.references import ReferenceFailure, call_arguments, evaluate
from grader.rubric import ReferenceCall, load_rubric


def test_arguments_come_from_mapping_same_name_and_constants():
    call = ReferenceCall(reference="autodiff:quadratic_form_hessian", args={"v": "hessian_v"}, constants={"x": [0, 0, 0]})
    kwargs = call_arguments(call, {"hessian_v": [1, 2, 3], "x": [9, 9, 9]})
    assert kwargs == {"v": [1, 2, 3], "x": [0, 0, 0]}


@pytest.mark.parametrize("call,parameters,message", [
    (ReferenceCall(reference="nowhere:f"), {}, "cannot be imported"),
    (ReferenceCall(reference="autodiff:no_such_function"), {}, "has no function"),
    (ReferenceCall(reference="autodiff:vector_hessian_product"), {"v": [1]}, "no parameter or constant for argument 'y'"),
    (ReferenceCall(reference="autodiff:vector_hessian_product", args={"v": "missing"}), {"y": [1]}, "unknown parameter 'missing'"),
    (ReferenceCall(reference="autodiff:vector_hessian_product", constants={"w": 1}), {"v": [1], "y": [1]}, "no argument(s) ['w']"),
    (ReferenceCall(reference="autodiff:vector_hessian_product"), {"v": [1, 2], "y": [1, 2, 3]}, "raised"),
])
def test_reference_problems_are_reported_not_raised_raw(call, parameters, message):
    with pytest.raises(ReferenceFailure, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(").replace(")", r"\)")):
        evaluate(call, parameters)


def test_values_are_cached_per_argument_values():
    call = ReferenceCall(reference="autodiff:quadratic_form_hessian")
    first = evaluate(call, {"v": [1, 2], "x": [0, 0]})
    assert evaluate(call, {"v": [1, 2], "x": [0, 0]}) is first
    assert evaluate(call, {"v": [2, 2], "x": [0, 0]}) is not first


def test_a_course_repository_brings_its_own_reference_modules(tmp_path):
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "course_only_topic.py").write_text("def triple(v):\n    return [3 * x for x in v]\n")
    rubric = tmp_path / "rubrics" / "extra.toml"
    rubric.write_text('[assignment]\nid = "extra"\ntitle = "Extra"\n[parameters]\nv = [1, 2]\n'
                      '[[items]]\nid = "t"\nquestion = "1"\ntitle = "t"\npoints = 1\nkind = "vector"\nanswers = ["t"]\n'
                      'reference = "course_only_topic:triple"\n')
    loaded = load_rubric(rubric)
    assert evaluate(loaded.items[0].reference_call(), loaded.parameters) == [3, 6]
