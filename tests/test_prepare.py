"""``grader.api.prepare``: what grading computes from a rubric for one variant, as one frozen object,
and the same object ``grade()`` shares through its batch cache."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from grader.api import GradeOptions, Prepared, expected_values, grade, prepare
from grader.rubric import load_rubric
from grader.sandbox.runner import Limits
from grader.variants import variant_for

ROOT = Path(__file__).resolve().parent.parent
COLUMBIA = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
NYU = ROOT / "rubrics" / "nyu_dl_hw1.toml"


def test_prepare_gives_the_students_variant_and_term():
    rubric = load_rubric(COLUMBIA)
    prepared = prepare(rubric, "cu-fall-0002", "fall-2025")
    assert (prepared.term, prepared.variant) == ("fall-2025", "fall-2025-b")
    assert list(prepared.parameters["vhp_v"]) == [4, 2, 1]
    assert [item.id for item in prepared.items] == [item.id for item in rubric.items_for("fall-2025")]
    computed = expected_values(rubric, "cu-fall-0002", "fall-2025")
    assert list(prepared.expected) == list(computed)
    for item_id, expected in computed.items():
        assert prepared.expected[item_id].problem == expected.problem
        assert repr(prepared.expected[item_id].value) == repr(expected.value)
    other = prepare(rubric, "cu-fall-0001", "fall-2025")
    assert other.variant == "fall-2025-a" and list(other.parameters["vhp_v"]) == [4, 1, 2]


def test_a_variant_object_and_a_rubric_path_give_the_same_preparation():
    rubric = load_rubric(COLUMBIA)
    by_student = prepare(rubric, "cu-fall-0002", "fall-2025")
    by_variant = prepare(COLUMBIA, variant_for(rubric, "cu-fall-0002", "fall-2025"), "fall-2025")
    assert by_variant.variant == by_student.variant and dict(by_variant.parameters) == dict(by_student.parameters)
    assert {k: repr(v.value) for k, v in by_variant.expected.items()} == {k: repr(v.value) for k, v in by_student.expected.items()}


def test_the_preparation_is_frozen():
    prepared = prepare(COLUMBIA, None, "fall-2025")
    with pytest.raises(dataclasses.FrozenInstanceError):
        prepared.expected = {}  # type: ignore[misc]
    for mapping in (prepared.parameters, prepared.probes, prepared.expected, prepared.alternatives):
        with pytest.raises(TypeError):
            mapping["new"] = None  # type: ignore[index]
    assert isinstance(prepared.items, tuple) and isinstance(prepared.calls, tuple)


def test_function_answers_get_their_probe_calls():
    prepared = prepare(NYU)
    assert prepared.probes["3.3-relu"], "the probe reference gives argument lists"
    ids = [call["id"] for call in prepared.calls]
    assert ids[:len(prepared.probes["3.3-relu"])] == [f"3.3-relu:{i}" for i in range(len(prepared.probes["3.3-relu"]))]


def test_grade_shares_a_prepared_object_and_grades_the_same_with_it():
    submission = ROOT / "submissions_example" / "nyu_dl_hw1" / "correct.py"
    options = GradeOptions(limits=Limits(wall_seconds=20), seed=3, prepared_cache={})
    first = grade(submission, NYU, options=options)
    (cached,) = options.prepared_cache.values()
    assert isinstance(cached, Prepared)
    again = grade(submission, NYU, options=options)  # from the cache
    alone = grade(submission, NYU, options=GradeOptions(limits=Limits(wall_seconds=20), seed=3))  # no cache
    texts = {json.dumps(r.without_timings(), sort_keys=True) for r in (first, again, alone)}
    assert len(texts) == 1 and first.score > 0
