"""The exception hierarchy of grader/errors.py: one root, the built-in bases kept, the old import paths kept."""

from __future__ import annotations

import importlib
import inspect

import pytest

from grader import errors

# (module that used to define the class, class name, the built-in base it always had)
OLD_HOMES = [
    ("grader.rubric", "RubricError", ValueError),
    ("grader.checkers.base", "ReferenceProblem", RuntimeError),
    ("grader.checkers", "ReferenceProblem", RuntimeError),
    ("grader.references", "ReferenceFailure", RuntimeError),
    ("grader.expressions.graph.declarations", "SpecError", ValueError),
    ("grader.expressions.equivalence", "Undecidable", ValueError),
    ("grader.checkers.base", "AnswerFormatError", ValueError),
    ("grader.checkers", "AnswerFormatError", ValueError),
    ("grader.expressions.errors", "ExpressionError", ValueError),
    ("grader.expressions.size", "TooLarge", ValueError),
    ("grader.expressions.splitting", "AmbiguousSplit", ValueError),
    ("grader.networks.activations", "ActivationError", ValueError),
    ("grader.expressions.matrix.errors", "MatrixEvalError", ValueError),
    ("grader.expressions.matrix.errors", "ShapeError", ValueError),
    ("grader.expressions.matrix.errors", "UnknownName", ValueError),
    ("grader.expressions.matrix.errors", "UnsupportedExpression", ValueError),
    ("grader.expressions.matrix.errors", "AnswerSyntaxError", ValueError),
    ("grader.expressions.numeric", "Undefined", ArithmeticError),
    ("grader.expressions.numeric", "OutOfRange", ArithmeticError),
    ("grader.expressions.numeric", "NotExact", ArithmeticError),
    ("grader.expressions.numeric", "Unsupported", ValueError),
    ("grader.networks.activations", "NotPiecewiseLinear", Exception),
    ("grader.checkers.base", "CannotDecide", RuntimeError),
    ("grader.networks.exact", "TooManyRegions", RuntimeError),
    ("grader.answers", "ChannelError", ValueError),
    ("grader.sandbox.zygote", "ZygoteGone", OSError),
    ("grader.gradescope", "BundleError", ValueError),
    ("grader.wheelhouse", "WheelError", RuntimeError),
]


@pytest.mark.parametrize("module, name, builtin", OLD_HOMES)
def test_old_import_path_gives_the_one_class_with_its_old_base(module, name, builtin):
    cls = getattr(importlib.import_module(module), name)
    assert cls is getattr(errors, name)
    assert issubclass(cls, errors.GraderError)
    assert issubclass(cls, builtin)


def test_every_public_class_of_errors_is_in_the_tree_and_in_the_docstring():
    classes = {name: obj for name, obj in vars(errors).items() if inspect.isclass(obj) and issubclass(obj, BaseException)}
    assert set(classes) == set(errors.__all__)
    for name, cls in classes.items():
        assert issubclass(cls, errors.GraderError), name
        assert name in errors.__doc__, name
    assert {name for _, name, _ in OLD_HOMES} <= set(classes)


def test_reference_failure_and_reference_problem_are_one_idea():
    assert errors.ReferenceFailure is errors.ReferenceProblem


def test_the_categories_do_not_overlap():
    categories = [errors.CourseError, errors.AnswerError, errors.EvaluationError, errors.BoundsExceeded,
                  errors.SandboxError, errors.PackagingError]
    for name in errors.__all__:
        cls = getattr(errors, name)
        if cls in categories or cls is errors.GraderError:
            continue
        assert sum(issubclass(cls, category) for category in categories) == 1, name


def test_behaviour_of_the_classes_with_fields_is_unchanged():
    error = errors.ExpressionError("cannot read", 3, "x^2")
    assert (str(error), error.position, error.suggestion) == ("cannot read", 3, "x^2")
    split = errors.AmbiguousSplit("ab", [("a", "b"), ("ab",)])
    assert str(split) == "'ab' can be read as a*b or ab"
    shape = errors.ShapeError("bad shapes", operation="W @ x", shapes=[[2, 3], [2, 1]])
    assert shape.shapes == [(2, 3), (2, 1)] and shape.suggestion is None
    assert str(errors.ZygoteGone("gone")) == "gone"


def test_the_unsupported_answer_value_is_not_the_unsupported_exception():
    from grader.answers import Unsupported as OldName, UnsupportedValue

    assert OldName is UnsupportedValue
    assert not issubclass(UnsupportedValue, BaseException)
    assert UnsupportedValue is not errors.Unsupported


def test_fail_is_the_one_way_to_reject_and_becomes_an_invalid_verdict_with_its_evidence():
    from grader.checkers.base import CheckContext, Checker, Verdict

    class Picky(Checker):
        kind = "picky-test"

        def check(self, answers, expected, context):
            if not isinstance(answers["a"], int):
                self.fail("Give a whole number.", position=3)
            return super().check(answers, expected, context)

    with pytest.raises(errors.AnswerFormatError) as raised:
        Picky().check({"a": "x"}, 1, CheckContext("i", 0))
    assert (str(raised.value), raised.value.evidence) == ("Give a whole number.", {"position": 3})
    verdict = Picky().judge({"a": "x"}, 1, CheckContext("i", 0))
    assert (verdict.status, verdict.feedback, verdict.evidence) == ("invalid", "Give a whole number.", {"position": 3})

    class Floating(Checker):
        kind = "floating-test"

        def check(self, answers, expected, context):
            return Verdict.passed() if float(answers["a"]) == expected else Verdict.failed("No.")

    too_big = Floating().judge({"a": 10**400}, 1.0, CheckContext("i", 0))  # an OverflowError is the answer's too
    assert (too_big.status, too_big.fraction) == ("invalid", 0.0) and "too large" in too_big.feedback
    # a plain AnswerFormatError (the coercions raise it) carries no evidence: the verdict is as before
    assert errors.AnswerFormatError("expected a number, got string").evidence == {}
