"""The checker contract of grader/checkers/base.py holds for every kind: one way to reject an answer
(``self.fail``, made an ``invalid`` verdict by ``Checker.judge``), and a checker configured once, with
its item's validated options."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from pydantic import ValidationError

import grader
from grader.checkers import CheckContext, Checker, checker_class, get_checker, known_kinds
from grader.rubric import load_rubric

PACKAGE = Path(grader.__file__).parent
#: the checkers, and the glue the expression-based kinds share
SCANNED = sorted((PACKAGE / "checkers").glob("*.py")) + [PACKAGE / "expressions" / "checking.py"]
#: kinds whose options have required fields (a network item must describe its layers)
REQUIRED_OPTIONS = {"network": {"layers"}}
ROOT = Path(__file__).resolve().parent.parent


def _invalid_verdicts(source: str) -> list[str]:
    """Every place that builds an invalid verdict, as 'function:line', outside ``Checker.judge``;
    ``Verdict(status="invalid", diagnosis=...)`` (a verdict that carries a diagnosis) is allowed."""
    found = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = f"{where}.{child.name}".lstrip(".") if isinstance(child, (ast.ClassDef, ast.FunctionDef)) else where
            if isinstance(child, ast.Call):
                called = ast.unparse(child.func)
                keywords = {k.arg: k.value for k in child.keywords}
                status = keywords.get("status")
                if called.endswith("Verdict.invalid") and inner != "Checker.judge":
                    found.append(f"{inner or '<module>'}:{child.lineno}")
                elif called.endswith("Verdict") and isinstance(status, ast.Constant) and status.value == "invalid" \
                        and "diagnosis" not in keywords:
                    found.append(f"{inner or '<module>'}:{child.lineno} (no diagnosis)")
            visit(child, inner)

    visit(ast.parse(source), "")
    return found


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.name)
def test_a_checker_rejects_an_answer_only_by_failing(path):
    found = _invalid_verdicts(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.name}: reject an answer with self.fail(...) (see grader/checkers/base.py)"


def test_the_scan_sees_an_invalid_verdict_built_by_hand():
    source = ("class C(Checker):\n    def check(self, answers, expected, context):\n"
              "        return Verdict.invalid('no')\n"
              "    def other(self):\n        return Verdict(status='invalid', fraction=0.0, feedback='x')\n"
              "    def diagnosed(self):\n        return Verdict(status='invalid', fraction=0.0, feedback='x', diagnosis='d')\n")
    assert _invalid_verdicts(source) == ["C.check:3", "C.other:5 (no diagnosis)"]
    assert "Verdict.invalid(" in (PACKAGE / "checkers" / "base.py").read_text()  # in Checker.judge, allowed


@pytest.mark.parametrize("kind", known_kinds())
def test_every_kind_is_configured_once_with_its_validated_options(kind):
    cls = checker_class(kind)
    assert list(inspect.signature(cls.check).parameters) == ["self", "answers", "expected", "context"]
    assert list(inspect.signature(cls.describe).parameters) == ["self", "answer_name"]
    required = {name for name, field in cls.Options.model_fields.items() if field.is_required()}
    assert required == REQUIRED_OPTIONS.get(kind, set())
    if required:
        with pytest.raises(ValidationError) as raised:
            get_checker(kind)
        assert {error["loc"][0] for error in raised.value.errors()} == required
        return
    checker = get_checker(kind)
    assert isinstance(checker, cls) and checker.options == cls.Options()
    assert isinstance(checker.describe("answer"), str)
    with pytest.raises(ValidationError):
        get_checker(kind, {"no_such_option": 1})


def test_an_item_builds_its_checker_once_and_a_copy_builds_its_own():
    rubric = load_rubric(ROOT / "rubrics" / "toronto_csc413_a1.toml")
    item = next(i for i in rubric.items if i.options.get("symbols"))
    checker = item.checker
    assert checker is item.checker and item.checker_options() is checker.options
    assert checker.options == checker_class(item.kind).Options.model_validate(item.options)
    same = item.model_copy(update={"points": item.points + 1})
    assert same.checker is not checker and same.checker.options == checker.options
    other = item.model_copy(update={"options": {}})
    assert other.checker.options == checker_class(item.kind).Options()


def test_judge_is_the_verdict_of_check_or_of_the_rejection():
    class Whole(Checker):
        kind = "whole-test"

        def check(self, answers, expected, context):
            answer = self.single(answers)
            if not isinstance(answer, int):
                self.fail("Give a whole number.", got=type(answer).__name__)
            return self.passed_if(answer == expected)

        def passed_if(self, right):
            from grader.checkers import Verdict

            return Verdict.passed() if right else Verdict.failed("Not that number.")

    context = CheckContext("whole", 0)
    assert Whole().judge({"a": 3}, 3, context).status == "passed"
    assert Whole().judge({"a": 4}, 3, context).status == "failed"
    rejected = Whole().judge({"a": "3"}, 3, context)
    assert (rejected.status, rejected.fraction, rejected.feedback, rejected.evidence) == \
        ("invalid", 0.0, "Give a whole number.", {"got": "str"})
