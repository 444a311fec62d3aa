"""The messy corpus (submissions_example/messy/, cases in expected.toml; issue 12).

Each messy file is a damaged copy of a clean example.  Graded with the clean file's rubric, it must
score every item the damage does not touch exactly as the clean file does, score the touched
items as listed, end in a complete report, name each damage once at its real line (never a line
inside a string), and leave no student text at the start of a line of the text report.

Every file and every clean source is graded once, two at a time, in a module fixture; one test
per (check, case) asserts on the recorded reports.  A check marked ``xfail`` in expected.toml is a
known gap of the grader: its failure is expected, and its success fails the test (strict) so the
mark is removed once the gap is fixed.
"""

from __future__ import annotations

import io
import re
import tokenize
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.api import grade
from grader.report import Report, to_text

EXAMPLES = Path(__file__).resolve().parent.parent / "submissions_example"
RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"
MESSY = EXAMPLES / "messy"
CASES = tomllib.loads((MESSY / "expected.toml").read_text(encoding="utf-8"))["case"]
CHECKS = ("complete", "untouched", "touched", "problems", "problem_text", "text")
# Lines of the text report the grader itself starts in column 0 (see grader.report.to_text).
GRADER_LINE = re.compile(r"(Submission |Score: |(ok|~~|XX|!!|\?\?|\.\.) |Problems while running the submission:$"
                         r"|Run: |Output of the submission \(first lines\):$|How the submission was read:$|Isolation: )")


def _rubric(clean: str) -> Path:
    return RUBRICS / f"{Path(clean).parent.name}.toml"


def _grade(path: Path, rubric: Path) -> Report | BaseException:
    try:
        return grade(path, rubric)
    except Exception as exc:  # noqa: BLE001 -- recorded: a run that does not end in a report fails its checks
        return exc


@pytest.fixture(scope="module")
def graded() -> dict[str, Report | BaseException]:
    """Every messy file and every clean source (once), two at a time."""
    jobs = {f"clean:{c}": (EXAMPLES / c, _rubric(c)) for c in sorted({case["clean"] for case in CASES})}
    jobs.update({case["file"]: (MESSY / case["file"], _rubric(case["clean"])) for case in CASES})
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda job: _grade(*job), jobs.values()))
    return dict(zip(jobs, done))


def _report(graded, key: str) -> Report:
    report = graded[key]
    if isinstance(report, BaseException):
        raise AssertionError(f"grading {key} raised {type(report).__name__}: {report}") from report
    return report


def _check(case: dict, check: str, graded, body) -> None:
    reason = case.get("xfail", {}).get(check) or case.get("xfail", {}).get("all")
    if reason is None:
        body(_report(graded, case["file"]), _report(graded, f"clean:{case['clean']}"))
        return
    try:
        body(_report(graded, case["file"]), _report(graded, f"clean:{case['clean']}"))
    except AssertionError:
        pytest.xfail(reason)
    pytest.fail(f"XPASS(strict): {case['file']} passes its `{check}` check; remove the xfail mark ({reason})")


# ---------------------------------------------------------------- the checks

def _complete(case: dict):
    def body(report: Report, clean: Report):
        assert [i.id for i in report.items] == [i.id for i in clean.items], "items missing or added"
        assert report.max_score == clean.max_score
        assert report.score == pytest.approx(sum(i.score for i in report.items))
        assert report.run.status == case.get("run_status", "finished"), report.run.message
    return body


def _untouched(case: dict):
    touched = set(case.get("touched", {}))

    def body(report: Report, clean: Report):
        before = {i.id: i for i in clean.items}
        differ = []
        for item in report.items:
            if item.id in touched or (case.get("all_items") and item.status != "manual"):
                continue
            was = before[item.id]
            if (item.status, item.score, item.diagnosis) != (was.status, was.score, was.diagnosis):
                differ.append((item.id, was.status, was.score, item.status, item.score, item.feedback))
            elif item.status == "manual" and not case.get("all_items") and item.evidence != was.evidence:  # free text read whole
                differ.append((item.id, "free text differs", was.evidence, item.evidence))
        assert not differ, f"items the damage does not touch score differently from the clean file: {differ}"
    return body


def _touched(case: dict):
    def body(report: Report, clean: Report):
        by_id = {i.id: i for i in report.items}
        for item_id, status in case.get("touched", {}).items():
            item = by_id[item_id]
            allowed = status if isinstance(status, list) else [status]
            assert item.status in allowed, (item_id, item.status, item.feedback)
            full = next(i.max_score for i in clean.items if i.id == item_id)
            expected = case.get("scores", {}).get(item_id, full if item.status == "passed" else 0.0)
            assert item.score == pytest.approx(expected), (item_id, item.score)
        for item_id, text in case.get("lost_at", {}).items():
            assert _contains(text, by_id[item_id].feedback), (item_id, text, by_id[item_id].feedback)
        if case.get("all_items"):
            for item in report.items:
                if item.status != "manual":
                    assert item.status == case["all_items"], (item.id, item.status)
                    assert item.feedback.strip(), item.id
            assert report.run.message, "a report that was not run must say why"
        answers = {name: text for item in report.items for name, text in item.evidence.get("answers", {}).items()}
        for name, text in case.get("answer_text", {}).items():
            assert text in answers.get(name, ""), (name, answers.get(name))
    return body


def _contains(text: str, found: str) -> bool:
    """``text`` in ``found``; "line 4" does not match "line 45"."""
    return re.search(re.escape(text) + (r"(?!\d)" if text[-1:].isdigit() else ""), found) is not None


def _location(problem) -> int | str:
    return f"{problem.cell}:{problem.line}" if problem.cell is not None else problem.line


def _string_interior_lines(path: Path) -> set[int]:
    """Lines of a .py file that begin inside a multi-line string, by Python's own tokenizer (up to
    the first point it cannot read)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return set()
    lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")).readline):
            if token.type == tokenize.STRING:
                lines.update(range(token.start[0] + 1, token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        pass
    return lines


def _problems(case: dict):
    def body(report: Report, clean: Report):
        found = [_location(p) for p in report.run.problems]
        assert found == case["problems"], [(p.cell, p.line, p.kind, p.message) for p in report.run.problems]
        if case["file"].endswith(".py"):
            inside = _string_interior_lines(MESSY / case["file"]) & {p.line for p in report.run.problems}
            assert not inside, f"problems reported at lines inside a string: {sorted(inside)}"
        for text in case.get("notes", []):
            assert any(text in note for note in report.run.notes), (text, report.run.notes)
        if not case.get("notes"):
            assert not report.run.notes, report.run.notes
    return body


def _problem_text(case: dict):
    def body(report: Report, clean: Report):
        by_line = {str(_location(p)): p for p in report.run.problems}
        for line, text in case.get("problem_text", {}).items():
            assert line in by_line, (line, sorted(by_line))
            assert _contains(text, by_line[line].message), (line, text, by_line[line].message)
    return body


def _text(case: dict):
    def body(report: Report, clean: Report):
        lines = to_text(report).splitlines()
        scores = [line for line in lines if line.lstrip().startswith("Score:")]
        assert len(scores) == 1, scores
        assert lines[0] == f"{report.title}  [{report.assignment}]"
        foreign = [line for line in lines[1:] if line[:1].strip() and not GRADER_LINE.match(line)]
        assert not foreign, foreign
    return body


BODIES = {"complete": _complete, "untouched": _untouched, "touched": _touched, "problems": _problems,
          "problem_text": _problem_text, "text": _text}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_messy(case, check, graded):
    _check(case, check, graded, BODIES[check](case))


def test_corpus_covers_each_assignment_and_damage_kind():
    """At least 45 files, from all three assignments, each a damaged copy of a clean file that exists."""
    assert len(CASES) >= 45
    assert len({c["file"] for c in CASES}) == len(CASES)
    on_disk = {p.name for p in MESSY.iterdir() if p.suffix in (".py", ".ipynb")}
    assert on_disk == {c["file"] for c in CASES}, "every file of the corpus has a case, every case a file"
    for folder in ("columbia_nndl_hw1", "toronto_csc413_a1", "nyu_dl_hw1"):
        assert sum(c["clean"].startswith(f"{folder}/") for c in CASES) >= 12, folder
    for case in CASES:
        assert (EXAMPLES / case["clean"]).is_file(), case["clean"]
        assert case["damage"].strip(), case["file"]


UNREADABLE = [c for c in CASES if c.get("run_status") == "not_run" or "unreadable" in c]


@pytest.mark.parametrize("case", UNREADABLE, ids=[c["file"] for c in UNREADABLE])
def test_unreadable_file_without_rubric_says_why(case):
    """`grader run file` without --rubric: a file that cannot be read gives a report, or at least a
    message that says why it could not be read (not 'no ASSIGNMENT line' for a file that has one)."""
    from grader.rubric import RubricError

    def body():
        try:
            report = grade(MESSY / case["file"])
        except RubricError as exc:
            message = str(exc).replace(str(MESSY / case["file"]), "<file>")
            assert re.search(case["unreadable"], message), message
            return
        except Exception as exc:  # noqa: BLE001
            raise AssertionError(f"{type(exc).__name__}: {exc}") from exc
        assert report.run.status == "not_run" or case.get("run_status") != "not_run", report.run.status
        assert [i.id for i in report.items], "a report without items"

    reason = case.get("xfail", {}).get("declared")
    if reason is None:
        body()
        return
    try:
        body()
    except AssertionError:
        pytest.xfail(reason)
    pytest.fail(f"XPASS(strict): {case['file']} passes its `declared` check; remove the xfail mark ({reason})")
