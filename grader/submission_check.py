"""The student's self-check: is every answer there, readable and of the right form?  No verdicts.

``grader check-submission hw1.py`` (and the first test of every Gradescope result) answers, for
every item -- hidden ones included -- one question: will the grader be able to read this answer?
It says nothing about whether an answer is right, so it can be shown before the deadline for
items whose grade is hidden until after it.  Free-text answers graded by the staff that are
still empty are listed, so nothing is forgotten.

It is computed from the ordinary grading report (the submission runs once, in the sandbox, as
for ``grader run``): passed, partial and failed all mean "read, right form"; only the reasons an
answer could not be read are shown.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .report import ItemReport, Report, clean_text

State = Literal["ok", "missing", "unreadable", "not_checked", "text_given", "text_missing", "not_in_file"]

_MISSING = re.compile(r"^`?[A-Za-z_][A-Za-z0-9_]*`? (is missing|was not set)", re.IGNORECASE)

_LABEL = {
    "ok": "ok",
    "missing": "MISSING",
    "unreadable": "UNREADABLE",
    "not_checked": "NOT CHECKED",
    "text_given": "ok (text)",
    "text_missing": "MISSING TEXT",
    "not_in_file": "separate",
}


class AnswerState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Item id from the rubric.")
    question: str = Field(description="Question number in the handout.")
    title: str
    answers: list[str] = Field(default_factory=list, description="Names the item reads.")
    state: State = Field(description="ok: present, readable, right form; missing; unreadable (wrong form or type); "
                                     "not_checked: the run gave nothing to read; text_given / text_missing: a free-text "
                                     "answer graded by staff; not_in_file: handed in another way.")
    message: str = Field(default="", description="What to fix; never whether the answer is right.")


class SubmissionCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignment: str
    file: str
    items: list[AnswerState]
    missing_free_text: list[str] = Field(default_factory=list, description="Free-text answer names still empty.")
    run_problem: str = Field(default="", description="Why the submission could not be read at all, if so.")

    @property
    def ok(self) -> bool:
        return not self.run_problem and all(i.state in ("ok", "text_given", "not_in_file") for i in self.items)


def _manual_state(item: ItemReport) -> tuple[State, str]:
    if not item.answers:
        return "not_in_file", "handed in another way (see the handout)"
    texts = item.evidence.get("answers", {}) if isinstance(item.evidence, dict) else {}
    empty = [name for name in item.answers if not str(texts.get(name, "")).strip()]
    if empty:
        return "text_missing", "write your answer as a string: " + ", ".join(f"{name} = \"...\"" for name in empty)
    return "text_given", "present; graded by the course staff"


def answer_state(item: ItemReport) -> AnswerState:
    """One item's state from its graded report, with no trace of the verdict."""
    message = ""
    if item.status in ("passed", "partial", "failed"):
        state: State = "ok"
        message = "present, readable and of the right form"
    elif item.status == "manual":
        state, message = _manual_state(item)
    elif item.status == "invalid":
        state = "missing" if _MISSING.match(item.feedback) else "unreadable"
        message = item.feedback
    else:  # error: the run gave nothing (timeout, crash, not run) or the item could not be graded
        state = "not_checked"
        message = item.feedback
    return AnswerState(id=item.id, question=item.question, title=item.title, answers=list(item.answers),
                       state=state, message=clean_text(message, 600))


def check_from_report(report: Report) -> SubmissionCheck:
    items = [answer_state(item) for item in report.items]
    missing_text = [name for state, item in zip(items, report.items) if state.state == "text_missing"
                    for name in item.answers if not str((item.evidence.get("answers") or {}).get(name, "")).strip()]
    run_problem = ""
    if report.run.status not in ("finished",):
        run_problem = report.run.message or f"the submission did not run to the end ({report.run.status})"
    return SubmissionCheck(assignment=report.assignment, file=report.submission.file, items=items,
                           missing_free_text=missing_text, run_problem=clean_text(run_problem, 600))


def render_text(check: SubmissionCheck) -> str:
    """The check as students read it (terminal, and Gradescope's visible output)."""
    counts: dict[str, int] = {}
    for item in check.items:
        counts[item.state] = counts.get(item.state, 0) + 1
    readable = counts.get("ok", 0) + counts.get("text_given", 0)
    to_read = len([i for i in check.items if i.state != "not_in_file"])
    lines = [f"Submission check of {check.file}: {readable} of {to_read} answers present and readable."
             + ("" if check.ok else " Fix the ones marked below before the deadline."),
             "This check says nothing about whether an answer is right: only whether the grader can read it."]
    if check.run_problem:
        lines += ["", f"The submission could not be read completely: {check.run_problem}"]
    width = max((len(i.question) for i in check.items), default=3)
    lines.append("")
    for item in check.items:
        names = ", ".join(item.answers) or "-"
        lines.append(f"{_LABEL[item.state]:<13} {item.question:<{width}}  {item.title}  [{names}]")
        if item.state not in ("ok", "text_given"):
            lines.append(f"{'':<13} {'':<{width}}  {item.message}")
    if check.missing_free_text:
        lines += ["", "Free-text answers still empty: " + ", ".join(check.missing_free_text)]
    return "\n".join(lines) + "\n"


def as_gradescope_test(check: SubmissionCheck) -> dict[str, Any]:
    """A results.json test, always visible (it shows no verdict), worth no points."""
    return {
        "name": "Submission check: every answer present and readable (no grades)",
        "name_format": "text",
        "number": "0",
        "output": render_text(check),
        "output_format": "text",
        "tags": ["submission check"],
        "visibility": "visible",
        "extra_data": {"ok": check.ok},
    }
