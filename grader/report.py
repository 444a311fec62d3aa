"""The grading report: pydantic models (their JSON Schema is ``grader schema``) and output formats.

Every string that may carry student-controlled text (feedback quoting an
answer, the submission's output, error messages) is cleaned of control
characters and ANSI escapes and cut to a bounded length by the models
themselves, so no format can forget to do it.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .textsafety import clean_text, one_line

ItemStatus = Literal["passed", "partial", "failed", "invalid", "error", "manual"]

Feedback = Annotated[str, AfterValidator(lambda s: clean_text(s, 2000))]
Output = Annotated[str, AfterValidator(lambda s: clean_text(s, 8000))]
# Messages that quote student text (exception messages): one line, so they cannot fake a report line.
Message = Annotated[str, AfterValidator(lambda s: one_line(s, 2000))]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ItemReport(_Model):
    id: str = Field(description="Item id from the rubric.")
    question: str = Field(description="Question number in the handout.")
    title: str
    score: float = Field(description="Points awarded.")
    max_score: float = Field(description="Points available (0 for manual items, graded by staff).")
    status: ItemStatus = Field(description="passed / partial / failed / invalid (answer unusable) / error (could not be graded) / manual.")
    feedback: Feedback = Field(description="What is right or wrong, without giving the answer away.")
    diagnosis: str | None = Field(default=None, description="Name of the recognised mistake, if any.")
    evidence: dict[str, Any] = Field(default_factory=dict, description="Checker data supporting the verdict (for staff and for the curious).")
    answers: list[str] = Field(default_factory=list, description="Submission names this item reads.")
    visibility: str = Field(default="visible", description="Gradescope visibility.")
    points_manual: float = Field(default=0.0, description="For manual items: the points staff will grade by hand.")


class StatementProblem(_Model):
    line: int = Field(description="Line of the submission (of the notebook cell, if any) where the problem is.")
    kind: Message = Field(description="Exception type, e.g. SyntaxError, NameError.")
    message: Message
    cell: int | None = None
    lost: list[str] = Field(default_factory=list, description="Answers of the rubric this statement would have set, lost with it.")


class RunInfo(_Model):
    status: str = Field(description="finished, timeout, crashed, killed, not_run.")
    message: Message = ""
    duration: float = Field(default=0.0, description="Seconds the submission ran (a timing: excluded from determinism checks).")
    layers: list[str] = Field(default_factory=list, description="Isolation layers that were active.")
    stdout: Output = ""
    stderr: Output = ""
    output_truncated: bool = False
    problems: list[StatementProblem] = Field(default_factory=list, description="Statements of the submission that failed.")
    notes: list[Message] = Field(default_factory=list, description="How a damaged file was read (re-indented lines, for example).")


class SubmissionInfo(_Model):
    file: Message = Field(description="The submission's file name (student-chosen: kept on one line).")
    sha256: str
    student: Message | None = None
    variant: str | None = None


class Report(_Model):
    """Result of grading one submission against one rubric."""

    schema_version: Literal[1] = 1
    assignment: str
    title: str
    score: float
    max_score: float
    seed: int
    submission: SubmissionInfo
    run: RunInfo
    items: list[ItemReport]
    manual_points: float = Field(default=0.0, description="Points left for staff to grade by hand.")
    execution_time: float = Field(default=0.0, description="Seconds spent grading (a timing).")
    grader_version: str

    def without_timings(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        data["execution_time"] = 0.0
        data["run"]["duration"] = 0.0
        return data


def report_schema() -> dict[str, Any]:
    return Report.model_json_schema()


# ---------------------------------------------------------------- formats

def to_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2, sort_keys=False) + "\n"


_GRADESCOPE_VISIBILITY = {"visible", "hidden", "after_due_date", "after_published"}


def to_gradescope(report: Report, *, visibility: str = "visible", stdout_visibility: str = "hidden") -> dict[str, Any]:
    """Gradescope's results.json: top-level score, execution_time, output, visibility, tests[]."""
    tests = []
    for item in report.items:
        test = {
            "name": f"{item.question} {item.title}",
            "number": item.question,
            "score": item.score,
            "max_score": item.max_score,
            "status": "passed" if item.status == "passed" else "failed",
            "output": _item_output(item),
            "visibility": item.visibility if item.visibility in _GRADESCOPE_VISIBILITY else "visible",
            "tags": [item.status] + ([item.diagnosis] if item.diagnosis else []),
        }
        tests.append(test)
    output_lines = [f"{report.title}: {_fmt(report.score)} / {_fmt(report.max_score)} points graded automatically."]
    if report.manual_points:
        output_lines.append(f"{_fmt(report.manual_points)} more points are graded by the course staff.")
    if report.run.message:
        output_lines.append(report.run.message)
    return {
        "score": report.score,
        "execution_time": round(report.execution_time, 3),
        "output": "\n".join(output_lines),
        "visibility": visibility,
        "stdout_visibility": stdout_visibility,
        "tests": tests,
    }


def _item_output(item: ItemReport) -> str:
    text = f"[{item.status}] {item.feedback}"
    if item.diagnosis:
        text += f"\n(diagnosis: {item.diagnosis})"
    return text


def _fmt(value: float) -> str:
    return f"{value:g}"


_SYMBOL = {"passed": "ok", "partial": "~~", "failed": "XX", "invalid": "!!", "error": "??", "manual": ".."}


def to_text(report: Report, *, color: bool = False) -> str:
    lines = [
        f"{report.title}  [{report.assignment}]",
        f"Submission {report.submission.file}" + (f", variant {report.submission.variant}" if report.submission.variant else ""),
        f"Score: {_fmt(report.score)} / {_fmt(report.max_score)}" + (f"  (+{_fmt(report.manual_points)} graded by staff)" if report.manual_points else ""),
        "",
    ]
    width = max((len(i.question) for i in report.items), default=4)
    title_width = min(64, max((len(i.title) for i in report.items), default=10))
    for item in report.items:
        points = f"{_fmt(item.score)}/{_fmt(item.max_score)}" if item.status != "manual" else f"-/{_fmt(item.points_manual)}"
        title = item.title if len(item.title) <= title_width else item.title[: title_width - 3] + "..."
        lines.append(f"{_SYMBOL[item.status]} {item.question:<{width}}  {title:<{title_width}} {points:>9}  {item.status}")
        for line in item.feedback.splitlines() or [""]:
            if line.strip():
                lines.extend(textwrap.wrap(line, width=100, initial_indent="     ", subsequent_indent="       "))
    if report.run.problems:
        lines.append("")
        lines.append("Problems while running the submission:")
        for problem in report.run.problems[:20]:
            where = f"cell {problem.cell}, line {problem.line}" if problem.cell else f"line {problem.line}"
            lost = f" (answers lost: {', '.join(problem.lost)})" if problem.lost else ""
            lines.append(f"  {where}: {problem.kind}: {problem.message}{lost}")
    if report.run.notes:
        lines.append("")
        lines.append("How the submission was read:")
        lines.extend(f"  {note}" for note in report.run.notes[:20])
    if report.run.message:
        lines += ["", f"Run: {report.run.message}"]
    if report.run.stdout.strip():
        # Prefixed, so printed text can never pass for a line of the report.
        lines += ["", "Output of the submission (first lines):"] + ["  | " + l for l in report.run.stdout.splitlines()[:15]]
    lines += ["", f"Isolation: {', '.join(report.run.layers) or 'none'}"]
    return "\n".join(lines) + "\n"
