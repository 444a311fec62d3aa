"""A missing answer spelt like a name of the submission (case and underscores aside) is read from it."""

from __future__ import annotations

from grader.answers import adopt_near_names, parse_channel
from grader.grading import collect_answers
from grader.rubric import load_rubric
from grader.sandbox.child import execution


def _channel(names, namespace):
    run = execution.Run(names, answer_fd=-1, answer_bytes=1 << 20)
    run.namespace.update(namespace)
    return parse_channel(run.message().encode())


def test_one_name_spelt_like_the_answer_is_adopted_with_its_value():
    child = _channel(["H_vhp", "M", "z"], {"H_VHP": [[1, 2], [3, 4]], "z": 3})
    assert child.missing == ["H_vhp", "M"] and child.near["H_vhp"].names == ["H_VHP"]
    assert adopt_near_names(child) == {"H_vhp": "H_VHP"}
    assert child.values["H_vhp"] == [[1, 2], [3, 4]] and child.missing == ["M"]


def test_several_names_are_listed_never_guessed():
    child = _channel(["M"], {"m": 12, "M_": 13, "_m": 1})
    assert child.near["M"].names == ["M_", "m"] and child.near["M"].value is None
    assert adopt_near_names(child) == {} and "M" not in child.values
    rubric = load_rubric("rubrics/columbia_nndl_hw1.toml")
    item = next(i for i in rubric.items if i.answers == ["M"])
    _, problem = collect_answers(item, child, None, {})
    assert "`M_` and `m`, spelt like it" in problem.message


def test_other_spellings_are_not_near():
    child = _channel(["H_vhp"], {"Hvhp2": 1, "H": 2, "vhp_H": 3})
    assert child.near == {}


def test_a_function_spelt_like_the_answer_is_called():
    run = execution.Run(["softplus"], answer_fd=-1, answer_bytes=1 << 20)
    run.namespace["Softplus"] = lambda z: z + 1
    run.run_calls([{"id": "3.3:0", "name": "softplus", "args": [2.0]}], seconds=2.0)
    child = parse_channel(run.message().encode())
    assert child.calls["3.3:0"].ok and child.calls["3.3:0"].value == 3.0
    assert adopt_near_names(child) == {"softplus": "Softplus"}


def test_a_set_answer_arrives_as_a_list_in_one_order():
    child = _channel(["types"], {"types": {"linear", "affine", "convolution"}})
    assert child.values["types"] == ["affine", "convolution", "linear"]
