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

ItemStatus = Literal["passed", "partial", "failed", "invalid", "error", "manual"]

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
# Lone surrogates (\ud800-\udfff) too: text holding one cannot be encoded as UTF-8, so a
# report quoting it could not be printed or written.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_text(text: str, limit: int = 2000) -> str:
    """Printable text: ANSI escapes and control characters removed, length bounded."""
    text = _CONTROL.sub("", _ANSI.sub("", text))
    if len(text) > limit:
        head = text[: limit - 20]
        if not text[limit - 20].isspace():  # never mid-word: back up to the last blank
            space = max(head.rfind(" "), head.rfind("\n"))
            if space > len(head) // 2:
                head = head[:space]
        text = head.rstrip() + " ... [cut]"
    return text


Feedback = Annotated[str, AfterValidator(lambda s: clean_text(s, 2000))]
Output = Annotated[str, AfterValidator(lambda s: clean_text(s, 8000))]


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
    line: int
    kind: str
    message: Feedback
    cell: int | None = None


class RunInfo(_Model):
    status: str = Field(description="finished, timeout, crashed, killed, not_run.")
    message: Feedback = ""
    duration: float = Field(default=0.0, description="Seconds the submission ran (a timing: excluded from determinism checks).")
    layers: list[str] = Field(default_factory=list, description="Isolation layers that were active.")
    stdout: Output = ""
    stderr: Output = ""
    output_truncated: bool = False
    problems: list[StatementProblem] = Field(default_factory=list, description="Statements of the submission that failed.")


class SubmissionInfo(_Model):
    file: str
    sha256: str
    student: str | None = Field(default=None, description="The normalised student key (see docs/staff.md).")
    variant: str | None = None
    term: str | None = Field(default=None, description="The offering graded (its own questions), chosen by configuration.")
    flags: list[Feedback] = Field(default_factory=list, description="What staff should check before trusting the grade, e.g. wrong_assignment: ...")
    answers_sha256: str = Field(default="", description="Fingerprint of the answer values sent ('' when none); equal ones are flagged in a batch.")


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
    output_lines += [f"Note: {flag.split(': ', 1)[-1]}" for flag in report.submission.flags]
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
        f"Submission {report.submission.file}" + (f", term {report.submission.term}" if report.submission.term else "")
        + (f", variant {report.submission.variant}" if report.submission.variant else ""),
        f"Score: {_fmt(report.score)} / {_fmt(report.max_score)}" + (f"  (+{_fmt(report.manual_points)} graded by staff)" if report.manual_points else ""),
    ] + [f"Note: {flag.split(': ', 1)[-1]}" for flag in report.submission.flags] + [
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
            lines.append(f"  {where}: {problem.kind}: {problem.message}")
    if report.run.message:
        lines += ["", f"Run: {report.run.message}"]
    if report.run.stdout.strip():
        lines += ["", "Output of the submission (first lines):"] + ["  " + l for l in report.run.stdout.splitlines()[:15]]
    lines += ["", f"Isolation: {', '.join(report.run.layers) or 'none'}"]
    return "\n".join(lines) + "\n"
