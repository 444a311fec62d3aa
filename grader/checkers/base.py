"""The checker contract: one small class per answer kind, registered by name.

A rubric item says ``kind = "matrix"``; the registry (:mod:`grader.checkers`) maps the kind to its
class (``checker_class(kind)``: the class-level facts ``kind``, ``answer_form``, ``automatic``,
``bounded``, ``descriptive_diagnoses``...).  A checker is *configured once per item*: the item's
``[items.options]`` table is validated with the class's ``Options`` model (so a typo in a rubric is
reported at load time, naming the item and the field) and the instance keeps it as ``self.options``
(``get_checker(kind, options)``; ``Item.checker`` builds it once and caches it).  The pipeline then
asks for a verdict with ``judge(answers, expected, context)``, which calls the kind's ``check`` with

* ``answers``  -- the item's answers from the submission, by name, already
  validated into plain data (see :mod:`grader.answers`); a missing answer is
  reported by the pipeline before the checker is called, unless the kind sets
  ``accepts_missing_answers`` (then a missing name is passed as ``None``, like an
  untouched template line);
* ``expected`` -- whatever the item's reference function returned, evaluated
  at the rubric's (or the student's variant's) parameters;
* ``context``  -- seed, parameters, the item's repairs and a deterministic random generator.

``check`` returns a :class:`Verdict` (passed, partial or failed), with three ways out:

* **Rejecting an answer** it cannot grade (wrong type or shape, unreadable, not
  evaluable on the question's domain) has one way: ``self.fail(message, **evidence)``,
  like click's ``ParamType.fail``.  It raises :class:`AnswerFormatError`, which
  ``judge`` turns into ``Verdict.invalid(message, **evidence)``: no credit, never called
  a wrong answer, and the message is for the student.  A helper that has no checker at
  hand (the coercions of :mod:`grader.answers`, :func:`grader.networks.model.build_network`)
  raises ``AnswerFormatError(message, **evidence)`` itself: the same thing.  ``check``
  never returns ``Verdict.invalid(...)`` (tests/test_checker_contract.py holds to it); the
  one exception is an invalid verdict that carries a diagnosis (the network checker's
  ``architecture_violation``), a returned ``Verdict(status="invalid", diagnosis=...)``.
* :class:`ReferenceProblem` when the *reference* is unusable (a rubric bug): the
  item is reported with status ``error``, for that item only.
* :class:`CannotDecide` when no sound verdict is possible within the checker's
  bounds: the item goes to staff review, with no credit.

An ``OverflowError`` (a huge but finite number in the answer) is also ``invalid``
(``judge`` again); every other exception is a checker bug, reported as status ``error``
for that item only.  The whole tree of exceptions is in :mod:`grader.errors`.  Callers
that want a verdict call ``judge``; only a caller with its own words for a rejected
answer (``grader.selfcheck``, about an answer key) calls ``check`` and catches
``AnswerFormatError`` itself.

Writing a new kind is one module in ``grader/checkers/`` with a subclass
decorated by :func:`register`, plus its tests; nothing else changes.

    @register
    class SetChecker(Checker):
        kind = "set"
        answer_form = "a list of distinct values, in any order"

        class Options(CheckerOptions):
            case_sensitive: bool = False

        def check(self, answers, expected, context):
            given = self.single(answers)
            if not isinstance(given, list):
                self.fail(f"Give a list, not {type(given).__name__}.")
            if self.options.case_sensitive:
                ...
            return Verdict.passed("All elements present.")

The pipeline applies the rubric's ``partial_credit`` table to the verdict's
``diagnosis`` and tries the rubric's known mistakes and other variants when a
verdict fails, by calling ``judge`` again with their expected values; a checker
only has to answer "does this answer match this expected value, and if not,
what does the difference look like".
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Mapping, NoReturn

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..errors import AnswerFormatError, CannotDecide, ReferenceProblem  # noqa: F401 -- defined in grader.errors, importable here as before

Status = Literal["passed", "partial", "failed", "invalid"]


class CheckerOptions(BaseModel):
    """Base for a checker's options; unknown keys in a rubric are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Verdict(BaseModel):
    """What a checker decided about one item."""

    model_config = ConfigDict(frozen=True)

    status: Status = Field(description="passed, partial, failed, or invalid (answer unusable: wrong type, shape, parse error).")
    fraction: float = Field(ge=0.0, le=1.0, description="Share of the item's points the checker awards (before rubric partial-credit rules).")
    feedback: str = Field(description="Text for the student: what is wrong, without giving the answer away.")
    diagnosis: str | None = Field(default=None, description="Machine-readable name of a recognised mistake, e.g. 'sign_error', 'transposed', 'constant_factor'.")
    evidence: dict[str, Any] = Field(default_factory=dict, description="Plain JSON data supporting the verdict (wrong entries, counterexample, factor found).")

    @classmethod
    def passed(cls, feedback: str = "Correct.", **evidence: Any) -> "Verdict":
        return cls(status="passed", fraction=1.0, feedback=feedback, evidence=evidence)

    @classmethod
    def failed(cls, feedback: str, *, diagnosis: str | None = None, **evidence: Any) -> "Verdict":
        return cls(status="failed", fraction=0.0, feedback=feedback, diagnosis=diagnosis, evidence=evidence)

    @classmethod
    def partial(cls, fraction: float, feedback: str, *, diagnosis: str | None = None, **evidence: Any) -> "Verdict":
        return cls(status="partial", fraction=fraction, feedback=feedback, diagnosis=diagnosis, evidence=evidence)

    @classmethod
    def invalid(cls, feedback: str, **evidence: Any) -> "Verdict":
        return cls(status="invalid", fraction=0.0, feedback=feedback, evidence=evidence)


@dataclass
class CheckContext:
    """Everything a checker may use besides the answer and the expected value."""

    item_id: str
    seed: int
    parameters: Mapping[str, Any] = field(default_factory=dict)
    #: the item's rubric-visible fixes (grader.repairs.Repairs); None means the defaults
    repairs: Any = None

    def rng(self, purpose: str = "") -> np.random.Generator:
        """A generator that depends only on seed, item and purpose: same inputs, same draws."""
        key = f"{self.seed}:{self.item_id}:{purpose}"
        return np.random.default_rng(random.Random(key).getrandbits(64))


class Checker:
    """Base class of every checker kind.  Subclasses set ``kind`` and implement ``check``; an instance
    holds one item's validated ``options``."""

    kind: ClassVar[str]
    answer_form: ClassVar[str] = "a value"
    Options: ClassVar[type[CheckerOptions]] = CheckerOptions
    #: manual items award no automatic points and need no answers or reference
    automatic: ClassVar[bool] = True
    #: the check's cost is bounded by the validated answer's size (plain numeric or choice
    #: comparisons): checked in the grading process, without the budgeted worker (grader/budget.py)
    bounded: ClassVar[bool] = False
    #: multi-answer kinds (a backward pass step by step) may grade the answers that are present;
    #: a missing name is then passed as None
    accepts_missing_answers: ClassVar[bool] = False
    #: diagnoses that only describe a difference (no fix repairs it): never partial credit
    descriptive_diagnoses: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, options: CheckerOptions | Mapping[str, Any] | None = None):
        """Configure the checker once: ``options`` validated with ``Options`` (default: ``Options()``);
        a pydantic ``ValidationError`` names the bad field."""
        if options is None:
            options = self.Options()
        elif not isinstance(options, self.Options):
            options = self.Options.model_validate(options)
        self.options = options

    def check(self, answers: Mapping[str, Any], expected: Any, context: CheckContext) -> Verdict:
        """The kind's comparison (see the module docstring); rejects an answer with :meth:`fail`."""
        raise NotImplementedError

    def judge(self, answers: Mapping[str, Any], expected: Any, context: CheckContext) -> Verdict:
        """The verdict on ``answers``: :meth:`check`'s, or ``invalid`` when it rejected the answer.

        ``ReferenceProblem``, ``CannotDecide`` and checker bugs propagate (the pipeline reports the
        item as ``error``)."""
        try:
            return self.check(answers, expected, context)
        except AnswerFormatError as exc:  # the one way a checker rejects an answer
            return Verdict.invalid(str(exc), **exc.evidence)
        except OverflowError:
            # A huge but finite number (a weight of 10**350, say) is the answer's problem, not the
            # grader's: it cannot be compared in floating point, so it is not graded.
            return Verdict.invalid("A number in your answer is too large to be checked (beyond about 1e308); "
                                   "use numbers of ordinary size")

    def fail(self, message: str, **evidence: Any) -> NoReturn:
        """Reject the answer: :meth:`judge` makes it ``Verdict.invalid(message, **evidence)`` (see the module docstring)."""
        raise AnswerFormatError(message, **evidence)

    def describe(self, answer_name: str) -> str:
        """One line for the student template: what form the answer must take."""
        return self.answer_form

    def single(self, answers: Mapping[str, Any]) -> Any:
        """The one answer of a single-answer item."""
        if len(answers) != 1:
            raise ReferenceProblem(f"checker {self.kind!r} takes exactly one answer name, got {sorted(answers)}")
        return next(iter(answers.values()))
