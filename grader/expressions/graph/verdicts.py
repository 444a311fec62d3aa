"""What grading a backward pass returns: step and chain verdicts, the report that scores them, tolerances."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping


@dataclass
class StepVerdict:
    """How one answer of a backward pass was judged."""

    answer: str
    node: str
    status: Literal["correct", "wrong", "unreadable"]
    diagnosis: str | None = None
    feedback: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def as_evidence(self) -> dict[str, Any]:
        data = {"answer": self.answer, "status": self.status, "feedback": self.feedback}
        if self.diagnosis:
            data["diagnosis"] = self.diagnosis
        if self.evidence:
            data["details"] = self.evidence
        return data


@dataclass
class ChainVerdict:
    """Whether the student's steps, composed, give the true gradient."""

    target: str
    correct: bool
    feedback: str
    broken_at: str | None = None

    def as_evidence(self) -> dict[str, Any]:
        data = {"target": self.target, "correct": self.correct, "feedback": self.feedback}
        if self.broken_at:
            data["broken_at"] = self.broken_at
        return data


@dataclass
class BackwardPassReport:
    steps: list[StepVerdict]
    chain: ChainVerdict | None

    def fraction(self, *, step_credit: Mapping[str, float] | None = None, weights: Mapping[str, float] | None = None,
                 chain_weight: float = 1.0) -> float:
        step_credit = step_credit or {}
        weights = weights or {}
        total = earned = 0.0
        for step in self.steps:
            weight = weights.get(step.answer, 1.0)
            total += weight
            if step.correct:
                earned += weight
            elif step.diagnosis in step_credit:
                earned += weight * step_credit[step.diagnosis]
        if self.chain is not None and chain_weight > 0:
            total += chain_weight
            earned += chain_weight if self.chain.correct else 0.0
        return earned / total if total else 0.0


@dataclass
class Tolerance:
    rtol: float = 1e-6
    atol: float = 1e-9
