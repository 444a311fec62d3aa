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


def _course(root, name: str, modules: dict[str, str], reference: str, files: dict[str, str] | None = None):
    """A course repository: rubrics/hw.toml naming ``reference``, reference/<modules>."""
    course = root / name
    (course / "rubrics").mkdir(parents=True)
    (course / "reference").mkdir()
    for module, text in modules.items():
        (course / "reference" / module).write_text(text)
    for file, text in (files or {}).items():
        (course / "reference" / file).write_text(text)
    rubric = course / "rubrics" / "hw.toml"
    rubric.write_text(f'[assignment]\nid = "{name}-hw"\ntitle = "HW"\n[parameters]\nv = [1, 2]\n'
                      '[[items]]\nid = "t"\nquestion = "1"\ntitle = "t"\npoints = 1\nkind = "vector"\nanswers = ["t"]\n'
                      f'reference = "{reference}"\n')
    return load_rubric(rubric)


def _value(rubric):
    return evaluate(rubric.items[0].reference_call(), rubric.parameters)


def test_a_course_repository_brings_its_own_reference_modules(tmp_path):
    loaded = _course(tmp_path, "course", {"course_only_topic.py": "def triple(v):\n    return [3 * x for x in v]\n"},
                     "course_only_topic:triple")
    assert _value(loaded) == [3, 6]


def test_two_courses_with_the_same_module_name_never_collide(tmp_path):
    helpers = "def scale(v):\n    return [{k} * x for x in v]\n"
    first = _course(tmp_path, "first", {"helpers.py": helpers.format(k=10)}, "helpers:scale")
    second = _course(tmp_path, "second", {"helpers.py": helpers.format(k=100)}, "helpers:scale")
    assert _value(first) == [10, 20] and _value(second) == [100, 200]
    assert _value(first) == [10, 20]  # neither import order nor the cache mixes them up
    assert first.course_references != second.course_references


def test_a_course_module_named_like_a_shipped_one_shadows_it_for_that_course_only(tmp_path):
    course = _course(tmp_path, "shadow", {"autodiff.py": "def quadratic_form_hessian(v):\n    return 'course'\n"},
                     "autodiff:quadratic_form_hessian")
    assert _value(course) == "course"
    # The shipped module is untouched for everyone else, and reachable by its full name.
    shipped = ReferenceCall(reference="autodiff:quadratic_form_hessian")
    assert evaluate(shipped, {"v": [1, 2], "x": [0, 0]}) != "course"
    for explicit in ("nn_reference.autodiff:quadratic_form_hessian", "reference.autodiff:quadratic_form_hessian"):
        call = ReferenceCall(reference=explicit)
        call._course_references = course.course_references
        assert evaluate(call, {"v": [1, 2], "x": [0, 0]}) == evaluate(shipped, {"v": [1, 2], "x": [0, 0]})


def test_course_modules_import_each_other_relatively_and_read_their_data_files(tmp_path):
    course = _course(tmp_path, "data", {
        "__init__.py": "",
        "loader.py": "from pathlib import Path\n\ndef weights():\n    return [float(x) for x in (Path(__file__).parent / 'w.txt').read_text().split()]\n",
        "topic.py": "from .loader import weights\n\ndef weighted(v):\n    return [a * b for a, b in zip(v, weights())]\n",
    }, "topic:weighted", files={"w.txt": "0.5 4\n"})
    assert _value(course) == [0.5, 8.0]


def test_a_rubric_of_another_course_does_not_see_a_course_module(tmp_path):
    _course(tmp_path, "owner", {"private_topic.py": "def f(v):\n    return v\n"}, "private_topic:f")
    other = _course(tmp_path, "other", {}, "private_topic:f")
    with pytest.raises(ReferenceFailure, match="cannot be imported"):
        _value(other)


def test_a_course_module_that_fails_to_import_is_reported_as_such(tmp_path):
    course = _course(tmp_path, "broken", {"bad.py": "import no_such_dependency_xyz\n\ndef f(v):\n    return v\n"}, "bad:f")
    with pytest.raises(ReferenceFailure, match="no_such_dependency_xyz"):
        _value(course)


def test_a_course_reference_folder_is_hidden_from_submissions_as_soon_as_its_rubric_loads(tmp_path):
    from grader.api import GradeOptions, _sandbox_config
    from grader.references import reference_locations

    loaded = _course(tmp_path, "hidden", {"secret_topic.py": "def f(v):\n    return v\n"}, "secret_topic:f")
    folder = str((tmp_path / "hidden" / "reference").resolve())
    assert loaded.course_references == folder and folder in reference_locations()  # before any reference ran
    assert folder in _sandbox_config(GradeOptions(), tmp_path / "hidden" / "rubrics" / "hw.toml").hide


def test_a_course_with_its_rubric_next_to_its_reference_folder(tmp_path):
    (tmp_path / "flat" / "reference").mkdir(parents=True)
    (tmp_path / "flat" / "reference" / "flat_topic.py").write_text("def double(v):\n    return [2 * x for x in v]\n")
    rubric = tmp_path / "flat" / "hw.toml"
    rubric.write_text('[assignment]\nid = "flat"\ntitle = "Flat"\n[parameters]\nv = [1, 2]\n'
                      '[[items]]\nid = "t"\nquestion = "1"\ntitle = "t"\npoints = 1\nkind = "vector"\nanswers = ["t"]\n'
                      'reference = "flat_topic:double"\n')
    assert _value(load_rubric(rubric)) == [2, 4]
