"""Rubric loading: shipped rubrics are valid; malformed ones name the file, the item and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.rubric import RubricError, declared_assignment, load_rubric

RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"

GOOD_ITEM = """
[[items]]
id = "z"
question = "1"
title = "z"
points = 2
kind = "vector"
answers = ["z"]
reference = "autodiff:vector_hessian_product"
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rubric.toml"
    path.write_text('[assignment]\nid = "a1"\ntitle = "A1"\n[parameters]\nv = [1, 2]\ny = [3, 4]\n' + body)
    return path


@pytest.mark.parametrize("path", sorted(RUBRICS.glob("*.toml")), ids=lambda p: p.name)
def test_shipped_rubrics_load(path):
    rubric = load_rubric(path)
    assert rubric.items and rubric.max_score > 0


def test_valid_minimal_rubric(tmp_path):
    rubric = load_rubric(write(tmp_path, GOOD_ITEM))
    assert rubric.answer_names() == ["z"]


@pytest.mark.parametrize("change,expected", [
    (("points = 2", "points = -1"), ["item 'z'", "field 'points'", "greater than or equal to 0"]),
    (('kind = "vector"', 'kind = "vectr"'), ["item 'z'", "unknown checker kind 'vectr'"]),
    (('reference = "autodiff:vector_hessian_product"', 'reference = "not a reference"'), ["item 'z'", "field 'reference'"]),
    (('answers = ["z"]', 'answers = ["1z"]'), ["item 'z'", "field 'answers'", "not a Python identifier"]),
    (('answers = ["z"]', 'answers = ["z"]\noptions = { rtl = 1 }'), ["item 'z'", "field 'options.rtl'"]),
    (('answers = ["z"]', 'answers = ["z"]\nmystery = 1'), ["item 'z'", "field 'mystery'", "Extra inputs"]),
])
def test_malformed_item_names_file_item_field(tmp_path, change, expected):
    path = write(tmp_path, GOOD_ITEM.replace(*change))
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


def test_missing_reference_for_automatic_item(tmp_path):
    with pytest.raises(RubricError, match="needs a reference"):
        load_rubric(write(tmp_path, GOOD_ITEM.replace('reference = "autodiff:vector_hessian_product"\n', "")))


def test_duplicate_item_ids(tmp_path):
    with pytest.raises(RubricError, match="used twice"):
        load_rubric(write(tmp_path, GOOD_ITEM + GOOD_ITEM))


def test_invalid_toml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[assignment\n")
    with pytest.raises(RubricError, match="not valid TOML"):
        load_rubric(bad)
    with pytest.raises(RubricError, match="cannot read"):
        load_rubric(tmp_path / "absent.toml")


def test_manual_item_needs_no_reference(tmp_path):
    rubric = load_rubric(write(tmp_path, GOOD_ITEM + '\n[[items]]\nid = "essay"\nquestion = "2"\ntitle = "Why"\npoints = 3\nkind = "manual"\n'))
    assert rubric.max_score == 2


@pytest.mark.parametrize("source,expected", [
    ('ASSIGNMENT = "columbia-nndl-hw1"\n', "columbia-nndl-hw1"),
    ("x = 1\nASSIGNMENT = 'toronto-csc413-a1'  # mine\n", "toronto-csc413-a1"),
    ('ASSIGNMENT: str = "a.b_c-1"\n', "a.b_c-1"),
    ('  ASSIGNMENT = "indented"\n', None),
    ('ASSIGNMENT = f"{x}"\n', None),
])
def test_declared_assignment_is_read_as_text(source, expected):
    assert declared_assignment(source) == expected
