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
    student: Message | None = Field(default=None, description="The normalised student key (see docs/staff.md).")
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


# Gradescope's visibility settings, from most to least shown.  after_due_date and after_published
# are not comparable in general; grades are published after the due date in practice, so
# after_published counts as the stricter.
GRADESCOPE_VISIBILITY = ("visible", "after_due_date", "after_published", "hidden")
_GRADESCOPE_VISIBILITY = set(GRADESCOPE_VISIBILITY)


def strictest_visibility(*values: str) -> str:
    """The least shown of ``values`` (unknown values count as hidden)."""
    rank = {name: index for index, name in enumerate(GRADESCOPE_VISIBILITY)}
    return max(values, key=lambda value: rank.get(value, len(GRADESCOPE_VISIBILITY)))


def gradescope_test_name(question: str, title: str) -> str:
    """An item's title for Gradescope, whose ``number`` already shows the question number."""
    stripped = re.sub(rf"^\s*(?:(?:question|q)\s*)?{re.escape(question)}(?!\.?[0-9])[\s.:)\-\u2013\u2014]*", "", title,
                      flags=re.IGNORECASE)
    return stripped or title


_HEADLINE = {
    "passed": "Correct.",
    "partial": "Partly correct: {score} of {max_score} points.",
    "failed": "Not correct.",
    "invalid": "Your answer could not be read, so it earns no points yet.",
    "error": "Not graded automatically.",
}


def to_gradescope(report: Report, *, visibility: str = "visible", stdout_visibility: str = "hidden",
                  extra_data: dict[str, Any] | None = None, extra_tests: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Gradescope's results.json: top-level score, execution_time, output, visibility, tests[].

    Each test's visibility is its item's, never looser than ``visibility`` (the assignment's
    default).  Students read plain language: no status or diagnosis codes in names or output (they
    go into each test's ``extra_data``, which Gradescope keeps for staff).  Items graded by hand are
    shown as pending: no status and no score of their own, so they are neither red nor green.
    """
    tests = list(extra_tests or [])
    for item in report.items:
        test: dict[str, Any] = {
            "name": gradescope_test_name(item.question, item.title),
            "name_format": "text",
            "number": item.question,
            "output": _item_output(item),
            "output_format": "text",
            "tags": [],
            "visibility": strictest_visibility(item.visibility, visibility),
            "extra_data": {"item": item.id, "status": item.status, "diagnosis": item.diagnosis},
        }
        if item.status == "manual":
            test["name"] += " (graded by the course staff)"
            test["tags"] = ["pending"]
        else:
            test.update(score=item.score, max_score=item.max_score,
                        status="passed" if item.status == "passed" else "failed")
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
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "visibility": visibility,
        "stdout_visibility": stdout_visibility,
        "extra_data": dict(extra_data or {}, grader_version=report.grader_version),
        "tests": tests,
    }


def _item_output(item: ItemReport) -> str:
    if item.status == "manual":
        return (f"Pending: the course staff grade this part by hand ({_fmt(item.points_manual)} "
                f"point{'s' if item.points_manual != 1 else ''}).")
    headline = _HEADLINE.get(item.status, "").format(score=_fmt(item.score), max_score=_fmt(item.max_score))
    feedback = item.feedback.strip()
    if not feedback or feedback.rstrip(".").lower() == headline.rstrip(".").lower():
        return headline
    return f"{headline}\n{feedback}" if headline else feedback


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
