"""Every exception the grader raises on purpose, in one tree.

Our exception hierarchy::

    GraderError                      nothing is raised as a bare GraderError; catch it to catch them all
    ├── CourseError                  the course's own material is wrong; staff must fix it
    │   ├── RubricError              a rubric file is missing, unreadable or invalid (a ValueError)
    │   ├── ReferenceProblem         a reference cannot be found, fails, or is unusable for its checker
    │   │                            (a RuntimeError; ``ReferenceFailure`` is the same class)
    │   ├── SpecError                a forward spec is inconsistent (a ValueError)
    │   └── Undecidable              no point where the reference is defined: fix the domains (a ValueError)
    ├── AnswerError                  the student's answer cannot be graded as given; the message is for the student
    │   ├── AnswerFormatError        wrong type or shape for its checker -> an ``invalid`` verdict (a ValueError)
    │   ├── ExpressionError          an expression cannot be read or used (a ValueError)
    │   ├── TooLarge                 an expression beyond a size bound (a ValueError)
    │   ├── AmbiguousSplit           a run of letters with several readings as a product (a ValueError)
    │   ├── ActivationError          an activation that cannot be used (a ValueError)
    │   └── MatrixEvalError          a matrix expression that cannot be evaluated (a ValueError)
    │       ├── ShapeError           operands of incompatible shapes
    │       ├── UnknownName          a name that has no value
    │       ├── UnsupportedExpression  a node or function outside the matrix language
    │       └── AnswerSyntaxError    a string that cannot be parsed
    ├── EvaluationError              one value could not be computed (raised on answers and references alike)
    │   ├── Undefined                no real value at this point (an ArithmeticError)
    │   ├── OutOfRange               beyond what this backend represents (an ArithmeticError)
    │   ├── NotExact                 the exact backend cannot represent it (an ArithmeticError)
    │   ├── Unsupported              a construct the scalar evaluator does not know (a ValueError)
    │   └── NotPiecewiseLinear       an expression leaves the piecewise-linear world
    ├── BoundsExceeded               no sound verdict within the grader's bounds: staff review, no credit
    │   ├── CannotDecide             a checker's verdict (a RuntimeError); the message is for the student
    │   └── TooManyRegions           the exact network analysis's budget (a RuntimeError)
    ├── SandboxError                 running the submission or reading what it sent back
    │   ├── ChannelError             the answer channel's content is unusable (a ValueError)
    │   └── ZygoteGone               the zygote could not take a request (an OSError)
    └── PackagingError               building a Gradescope bundle
        ├── BundleError              the bundle cannot be built (a ValueError)
        └── WheelError               the pinned wheels cannot be found or fetched (a RuntimeError)

Each class also keeps the built-in base it always had (noted above), so every ``except`` that
caught it before still does; the GraderError branch is new and nothing older catches it.  Every
class stays importable from the module that used to define it (``grader.rubric.RubricError``,
``grader.checkers.AnswerFormatError``, ...).

Deliberately outside the tree: private control-flow signals that never leave their module
(``_CallTimeout``, a BaseException so that student code's ``except Exception`` cannot swallow it;
the sandbox child's ``TooLarge``, the child importing nothing of ``grader``; ``_Stop``, ``_Timeout``,
``_NotPython``, ``NotWalkable``), and the *data* that records a problem for a report
(``grader.statements.Problem``, ``grader.grading.AnswerProblem``, ``grader.report.StatementProblem``):
those are values, not exceptions.

How a checker rejects an answer is described once, in :mod:`grader.checkers.base`.
"""

from __future__ import annotations

from typing import Any, Sequence

__all__ = [
    "ActivationError", "AmbiguousSplit", "AnswerError", "AnswerFormatError", "AnswerSyntaxError", "BoundsExceeded",
    "BundleError", "CannotDecide", "ChannelError", "CourseError", "EvaluationError", "ExpressionError", "GraderError",
    "MatrixEvalError", "NotExact", "NotPiecewiseLinear", "OutOfRange", "PackagingError", "ReferenceFailure",
    "ReferenceProblem", "RubricError", "SandboxError", "ShapeError", "SpecError", "TooLarge", "TooManyRegions",
    "Undecidable", "Undefined", "UnknownName", "Unsupported", "UnsupportedExpression", "WheelError", "ZygoteGone",
]


class GraderError(Exception):
    """The root of every exception the grader raises on purpose."""


# ------------------------------------------------------------------ the course's material


class CourseError(GraderError):
    """The rubric or the reference code is wrong: a course-staff bug, reported per item, never the student's."""


class RubricError(CourseError, ValueError):
    """A rubric file is missing, unreadable or invalid.  The message says where."""


class ReferenceProblem(CourseError, RuntimeError):
    """A reference function could not be found or failed, or its value is unusable for this checker:
    a rubric or reference bug, reported per item."""


#: The name :mod:`grader.references` used for the same idea.
ReferenceFailure = ReferenceProblem


class SpecError(CourseError, ValueError):
    """A forward spec is inconsistent (a reference bug)."""


class Undecidable(CourseError, ValueError):
    """Not a single point where the reference is defined: the symbols' domains need fixing (a rubric problem)."""


# ------------------------------------------------------------------ the student's answer


class AnswerError(GraderError):
    """The student's answer cannot be graded as given; the message is meant for the student."""


class AnswerFormatError(AnswerError, ValueError):
    """An answer has the wrong type or shape for its checker, or cannot be read or evaluated: the
    pipeline turns it into ``Verdict.invalid(message, **evidence)`` (see :mod:`grader.checkers.base`)."""

    def __init__(self, *args: object, **evidence: Any):
        super().__init__(*args)
        #: what the ``invalid`` verdict records besides the message (e.g. a parse ``position``)
        self.evidence = evidence


class ExpressionError(AnswerError, ValueError):
    """An answer expression cannot be used; the message is meant for the student."""

    def __init__(self, message: str, position: int | None = None, suggestion: str | None = None):
        super().__init__(message)
        self.message = message
        self.position = position
        #: a rewrite of the answer (or, failing that, an example) that this same parse accepts
        self.suggestion = suggestion

    def __str__(self) -> str:
        return self.message


class TooLarge(AnswerError, ValueError):
    """The answer is beyond a size bound; the message is for the student."""


class AmbiguousSplit(AnswerError, ValueError):
    """A run of letters has several readings as a product of declared names."""

    def __init__(self, word: str, readings: list[tuple[str, ...]]):
        self.word = word
        self.readings = readings
        shown = " or ".join("*".join(reading) for reading in readings)
        super().__init__(f"'{word}' can be read as {shown}")


class ActivationError(AnswerError, ValueError):
    """An activation given by a student cannot be used; the message is for the student."""


class MatrixEvalError(AnswerError, ValueError):
    """An expression cannot be evaluated; the message is meant for the student."""


class ShapeError(MatrixEvalError):
    """An operation got operands of incompatible shapes.

    ``operation`` is the source text of the failing sub-expression, ``shapes``
    the operand shapes and ``suggestion`` a fix that would make the shapes fit
    (e.g. ``"W3.T @ y_bar"``), when one is obvious.
    """

    def __init__(self, message: str, *, operation: str, shapes: Sequence[tuple[int, ...]], suggestion: str | None = None):
        super().__init__(message)
        self.operation = operation
        self.shapes = [tuple(s) for s in shapes]
        self.suggestion = suggestion


class UnknownName(MatrixEvalError):
    """The expression mentions a name that has no value."""


class UnsupportedExpression(MatrixEvalError):
    """The tree holds a node or function outside the matrix language."""


class AnswerSyntaxError(MatrixEvalError):
    """An answer string cannot be parsed; ``position`` is the character offset when known, ``suggestion`` a
    form of the answer the parser accepts (checked by the parser before it is offered)."""

    def __init__(self, message: str, position: int | None = None, suggestion: str | None = None):
        super().__init__(message)
        self.position = position
        self.suggestion = suggestion


# ------------------------------------------------------------------ evaluating one value


class EvaluationError(GraderError):
    """One value could not be computed (at one point, in one backend); callers decide what that means."""


class Undefined(EvaluationError, ArithmeticError):
    """The expression has no real value at this point."""


class OutOfRange(EvaluationError, ArithmeticError):
    """The value does not fit this backend (float overflow, or beyond the mpmath guard)."""


class NotExact(EvaluationError, ArithmeticError):
    """The exact backend cannot represent this value (irrational, or too large)."""


class Unsupported(EvaluationError, ValueError):
    """The expression uses something this evaluator does not know (e.g. a matrix function)."""


class NotPiecewiseLinear(EvaluationError):
    """Raised while building an expression that leaves the piecewise-linear world."""


# ------------------------------------------------------------------ bounds


class BoundsExceeded(GraderError):
    """No sound verdict within the grader's bounds: the item goes to staff review, with no credit."""


class CannotDecide(BoundsExceeded, RuntimeError):
    """No sound verdict within the checker's bounds (e.g. a network too complex to verify exactly and
    no verified counterexample): the item goes to staff review, with no credit.  The message is for
    the student."""


class TooManyRegions(BoundsExceeded, RuntimeError):
    """The network has more regions (or needs more LPs) than the analysis budget allows."""


# ------------------------------------------------------------------ running the submission


class SandboxError(GraderError):
    """Running the submission, or reading back what it sent, went wrong on the grader's side of the boundary."""


class ChannelError(SandboxError, ValueError):
    """The answer channel's content is unusable (too big, not JSON, wrong envelope)."""


class ZygoteGone(SandboxError, OSError):
    """The zygote could not take the request (dead, or it could not fork)."""


# ------------------------------------------------------------------ packaging


class PackagingError(GraderError):
    """A Gradescope bundle (or what goes into it) cannot be built; the message says why."""


class BundleError(PackagingError, ValueError):
    """The bundle cannot be built (the rubric fails its check, wheels cannot be had); the message says why."""


class WheelError(PackagingError, RuntimeError):
    """The pinned wheels could not be found or fetched; the message says which and why."""
