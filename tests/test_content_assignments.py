"""The three assignments' content: templates, variants, and the catalogue of seed mistakes.

Scores of the example submissions are asserted by tests/test_examples.py from each expected.toml;
this file checks what those entries cannot: that the templates are usable handouts, that variants
reach the student, and that every mistake seen in the seed write-ups is recognised somewhere.
"""

from __future__ import annotations

import ast
import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.api import grade
from grader.cli import main
from grader.rubric import load_rubric
from grader.template import render_template
from grader.variants import variant_for

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = {
    "columbia_nndl_hw1": ROOT / "rubrics" / "columbia_nndl_hw1.toml",
    "toronto_csc413_a1": ROOT / "rubrics" / "toronto_csc413_a1.toml",
    "nyu_dl_hw1": ROOT / "rubrics" / "nyu_dl_hw1.toml",
}
EXAMPLES = ROOT / "submissions_example"

# Every mistake visible in the seed write-ups: (example folder, file, item id, diagnosis).  Item-level
# diagnoses are read from expected.toml (and so graded by tests/test_examples.py); a backward pass
# is graded step by step, so its diagnoses are per step and checked below by grading the file.
SEED_MISTAKES = {
    "seed 002: the Hessian handed in is H x": ("columbia_nndl_hw1", "seed002_fall_fail_units.py", "hessian", "hessian_times_x"),
    "seed 002: fail units read with I(z > 0) accept ties": ("columbia_nndl_hw1", "superincreasing_fail_units_gt.py", "hard-coded-network-superincreasing", "wrong_threshold_convention"),
    "seed 000: I(z >= 0) units accept ties": ("columbia_nndl_hw1", "seed000_fall_superincreasing_geq.py", "hard-coded-network-superincreasing", "wrong_threshold_convention"),
    "seed 000: forward mode counted as H (y1 y2^T)": ("columbia_nndl_hw1", "seed000_fall_superincreasing_geq.py", "forward-mode-multiplications", "wrong_degree"),
    "seed 000: a different cost conclusion": ("columbia_nndl_hw1", "seed000_fall_superincreasing_geq.py", "forward-mode-better", "wrong_region"),
    "seed 002: reverse mode given as O(n^2 + nm)": ("columbia_nndl_hw1", "seed002_fall_fail_units.py", "reverse-mode-order", "too_loose"),
    "seed 001: the spring key's Hessian is for another v": ("columbia_nndl_hw1", "staff_key_spring.py", "hessian", "other_variant"),
    "seed 001: the spring key's 1.1 network answers the fall question": ("columbia_nndl_hw1", "staff_key_spring.py", "hard-coded-network", "answers_superincreasing"),
    "seed 003: the gradient drops the 1/n": ("toronto_csc413_a1", "seed003_writeup.py", "1.1-gradient", "constant_factor"),
    "seed 003: Sort_2 outputs (max, -min)": ("toronto_csc413_a1", "seed003_writeup.py", "3.1-sort2", "wrong_order_and_sign"),
    "seed 004: the BCE gradient drops the 1/K": ("nyu_dl_hw1", "seed004_writeup.py", "2.2-bce-gradient", "constant_factor"),
    "seed 004: the loss is built right on a wrong y_hat": ("nyu_dl_hw1", "seed004_writeup.py", "1.2-loss", "follow_through"),
}
SEED_STEP_MISTAKES = {
    "seed 002: ReLU' evaluated at the ReLU's output (spring network)": ("columbia_nndl_hw1", "spring_slips.py", None, "backward-pass", "a1_bar", "wrong_node"),
    "seed 002: Wg's blocks used without a transpose": ("columbia_nndl_hw1", "seed002_fall_fail_units.py", "cu-fall-0002", "backward-pass-fall", "c1_bar", "transposed"),
    "seed 002: ReLU' evaluated at c2 instead of u (fall network)": ("columbia_nndl_hw1", "seed002_fall_fail_units.py", "cu-fall-0002", "backward-pass-fall", "u_bar", "wrong_node"),
    "seed 004: dl/dW1 built from a row vector": ("nyu_dl_hw1", "seed004_writeup.py", None, "1.3-gradients", "b1_bar", "transposed"),
}


def _expected(folder: str) -> list[dict]:
    return tomllib.loads((EXAMPLES / folder / "expected.toml").read_text())["submission"]


@pytest.mark.parametrize("name", sorted(RUBRICS))
def test_template_is_a_usable_handout(name):
    from grader.variants import all_parameter_sets

    rubric = load_rubric(RUBRICS[name])
    for term in sorted({t for t, _, _ in all_parameter_sets(rubric)}, key=str):
        text = render_template(rubric, term)
        tree = ast.parse(text)  # the template itself must be a valid submission file
        assigned = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}
        asked = {n for item in rubric.items_for(term) for n in item.answers}
        assert asked | {"ASSIGNMENT"} <= assigned
        assert not (set(rubric.answer_names()) - asked) & assigned, "a term's template asks only its own questions"
    for item in rubric.items:
        assert "\n" not in item.prompt, f"{item.id}: a multi-line prompt breaks the template's comments"
        assert item.prompt, f"{item.id}: every item tells the student what to type"


@pytest.mark.parametrize("name", sorted(RUBRICS))
def test_every_rubric_has_a_fully_correct_example(name):
    rubric = load_rubric(RUBRICS[name])
    from grader.variants import resolve_term

    items = rubric.items_for(resolve_term(rubric))
    automatic = sum(item.points for item in items if item.checker.automatic)
    entry = next(e for e in _expected(name) if e["file"] == "correct.py")
    assert entry["score"] == pytest.approx(automatic)


def test_variant_command_prints_a_roster_students_parameters():
    result = CliRunner().invoke(main, ["variant", str(RUBRICS["columbia_nndl_hw1"]), "--term", "fall-2025", "--student", "cu-fall-0002"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["variant"] == "fall-2025-b"
    assert data["parameters"]["vhp_v"] == [4, 2, 1]
    assert data["parameters"]["network_task"] == "superincreasing"
    assert data["parameters"]["backprop_network"] == "columbia_fall"


def test_students_off_the_roster_get_a_stable_variant():
    rubric = load_rubric(RUBRICS["columbia_nndl_hw1"])
    names = {v.name for v in rubric.terms["fall-2025"].variants.sets}
    seen = set()
    for student in (f"student-{i:03d}" for i in range(30)):
        chosen = variant_for(rubric, student, "fall-2025")
        assert chosen.name in names and variant_for(rubric, student, "fall-2025").name == chosen.name
        seen.add(chosen.name)
    assert seen == names  # the hash spreads students over every variant of the term
    assert variant_for(rubric, None) is None  # the default term, spring 2025, has no variants
    assert variant_for(rubric, None, "fall-2025").name == "fall-2025-a"


def test_an_answer_right_for_another_variant_is_reported_as_such():
    report = grade(EXAMPLES / "columbia_nndl_hw1" / "fall_b_with_other_variant_numbers.py", student="cu-fall-0002",
                   term="fall-2025")
    item = next(i for i in report.items if i.id == "vhp-z")
    assert report.submission.variant == "fall-2025-b"
    assert item.diagnosis == "other_variant" and item.score == 0
    assert item.evidence["matches_variant"] in {"spring-2025", "fall-2025-a"}
    assert report.submission.term == "fall-2025"
    assert "another" in item.feedback or "variant" in item.feedback


@pytest.mark.parametrize("mistake", sorted(SEED_MISTAKES))
def test_every_seed_mistake_has_an_example_with_its_diagnosis(mistake):
    folder, file, item_id, diagnosis = SEED_MISTAKES[mistake]
    entries = [e for e in _expected(folder) if e["file"] == file]
    assert entries, f"{folder}/{file} has no expected.toml entry"
    assert any(e.get("diagnoses", {}).get(item_id) == diagnosis for e in entries), mistake


def test_step_level_seed_mistakes_are_diagnosed_in_their_backward_pass():
    for mistake, (folder, file, student, item_id, answer, diagnosis) in SEED_STEP_MISTAKES.items():
        term = "fall-2025" if student and student.startswith("cu-fall") else None  # the term is configuration
        report = grade(EXAMPLES / folder / file, student=student, term=term)
        item = next(i for i in report.items if i.id == item_id)
        assert item.evidence["diagnoses"].get(answer) == diagnosis, mistake


def test_a_quantity_cannot_be_answered_by_naming_it():
    from grader.checkers import CheckContext, checker_class
    from nn_reference import glove
    from nn_reference.backprop import quantity

    checker = checker_class("matrix_expression")
    context = CheckContext(item_id="loophole", seed=1)
    options = checker.Options()
    bce = quantity("nyu", "jacobian", "ell", "y_hat", f="tanh", g="sigmoid", loss="bce")
    for answer, reference in (("w_i_bar", glove.gradient_w_i()), ("y_hat_bar.T", bce)):
        assert checker(options).judge({"a": answer}, reference, context).status != "passed", answer
