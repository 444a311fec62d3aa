"""Command line: a thin click layer over :mod:`grader.api` and friends."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from . import __version__
from .textsafety import one_line


def _fail(message: str) -> None:
    click.echo(f"grader: {message.splitlines()[0] if message else 'error'}", err=True)
    for line in message.splitlines()[1:]:
        click.echo(f"  {line}", err=True)
    sys.exit(2)


@click.group()
@click.version_option(__version__, prog_name="grader")
def main() -> None:
    """Grade neural-network homework submissions against computed references."""


@main.command()
@click.argument("submission", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rubric", type=click.Path(dir_okay=False, path_type=Path), help="Rubric TOML; default: the one whose id the submission's ASSIGNMENT names.")
@click.option("--format", "fmt", type=click.Choice(["json", "gradescope", "text"]), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here instead of standard output.")
@click.option("--seed", type=int, help="Seed for random test instances (default: the rubric's).")
@click.option("--student", help="Student id (any form: normalised into the student key); selects the student's variant.")
@click.option("--term", help="The term (offering) to grade; default: the rubric's assignment.term.")
@click.option("--visible-only", is_flag=True, help="Only items visible before the deadline (student self-check).")
@click.option("--timeout", type=float, help="Wall-clock limit for the submission, seconds.")
@click.option("--check-seconds", type=click.FloatRange(min=0, min_open=True), help="CPU seconds to check one item's answer [default: 5, or the rubric item's check_seconds]; over it the item goes to staff review.")
@click.option("--checks-total-seconds", type=click.FloatRange(min=0, min_open=True), help="Wall-clock seconds for all checks of one submission [default: 60].")
def run(submission, rubric, fmt, output, seed, student, term, visible_only, timeout, check_seconds, checks_total_seconds):
    """Grade SUBMISSION and print or write the report.  Exit 0 whenever a report was written."""
    from .sandbox.runner import Limits, SandboxConfig, start

    if not submission.exists():
        _fail(f"{submission}: no such file")
    limits = Limits(wall_seconds=timeout, cpu_seconds=max(1, int(timeout))) if timeout else Limits()
    # The submission's interpreter starts now, on the other core, while this one imports numpy,
    # SymPy and the checkers (it gets its request, the submission, once the rubric is loaded).
    started = start(limits, SandboxConfig())
    from .api import GradeOptions, grade
    from .report import to_gradescope, to_json, to_text
    from .rubric import RubricError

    options = GradeOptions(seed=seed, student=student, term=term, visible_only=visible_only, limits=limits, started=started,
                           budget=_budget(check_seconds, checks_total_seconds))
    if output:
        options.hide.append(str(output.resolve().parent))
    try:
        report = grade(submission, rubric, options=options)
    except RubricError as exc:
        _fail(str(exc))
    if fmt == "json":
        text = to_json(report)
    elif fmt == "gradescope":
        text = json.dumps(to_gradescope(report), indent=2) + "\n"
    else:
        text = to_text(report)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    _allow_quick_exit()


def _budget(check_seconds, checks_total_seconds):
    from .budget import CheckBudget

    given = {"item_seconds": check_seconds, "submission_seconds": checks_total_seconds}
    return CheckBudget(**{name: value for name, value in given.items() if value is not None})


@main.command("check-submission")
@click.argument("submission", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rubric", type=click.Path(dir_okay=False, path_type=Path), help="Rubric TOML; default: the one whose id the submission's ASSIGNMENT names.")
@click.option("--student", help="Student id: selects the student's variant (which items apply).")
@click.option("--json", "as_json", is_flag=True, help="Print the check as JSON.")
@click.option("--timeout", type=float, help="Wall-clock limit for the submission, seconds.")
def check_submission(submission, rubric, student, as_json, timeout):
    """Before the deadline: is every answer in SUBMISSION present, readable and of the right form?

    Covers every item, hidden ones included, and never says whether an answer is right.  Lists
    free-text answers still empty.  Exit 0 when everything can be read, 1 otherwise.
    """
    from .sandbox.runner import Limits, SandboxConfig, start

    if not submission.exists():
        _fail(f"{submission}: no such file")
    limits = Limits(wall_seconds=timeout, cpu_seconds=max(1, int(timeout))) if timeout else Limits()
    started = start(limits, SandboxConfig())
    from .api import GradeOptions, grade
    from .rubric import RubricError
    from .submission_check import check_from_report, render_text

    try:
        report = grade(submission, rubric, options=GradeOptions(student=student, limits=limits, started=started))
    except RubricError as exc:
        _fail(str(exc))
    check = check_from_report(report)
    click.echo(check.model_dump_json(indent=2) if as_json else render_text(check))
    _allow_quick_exit()
    sys.exit(0 if check.ok else 1)


_output_written = False


def _allow_quick_exit() -> None:
    """Mark the command's work as done (its output written), so :func:`entry` may end the process at once."""
    global _output_written
    _output_written = True


def entry() -> None:
    """The ``grader`` console script: :func:`main`, then, once ``grader run`` or ``grader batch``
    has written its output, an immediate exit.  Tearing down an interpreter that holds SymPy's
    modules and caches takes about 0.05 s, a twentieth of a whole run; by then nothing is left to
    do (children are reaped and their directories removed, executors shut down, files closed; a
    zygote sees its socket close and exits), so the process ends without it.  Other commands
    exit normally."""
    import os

    try:
        main()
    except SystemExit as done:
        if not _output_written or not (done.code is None or isinstance(done.code, int)):
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise done from None
        os._exit(done.code or 0)


@main.command()
@click.argument("rubric", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--term", help="The term (offering) whose questions to list; default: the rubric's assignment.term.")
def template(rubric, term):
    """Print the student template for RUBRIC."""
    from .rubric import RubricError, load_rubric
    from .template import render_template

    try:
        click.echo(render_template(load_rubric(rubric), term))
    except RubricError as exc:
        _fail(str(exc))


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the page here (e.g. docs/notation.md).")
def notation(output):
    """Print what answers may be written as: functions, LaTeX, Unicode, indicators, activation and step names."""
    from .expressions.notation import render_notation

    page = render_notation()
    if output is None:
        click.echo(page, nl=False)
    else:
        output.write_text(page, encoding="utf-8")


@main.command()
def schema():
    """Print the JSON Schema of the json report."""
    from .report import report_schema

    click.echo(json.dumps(report_schema(), indent=2))


@main.command()
def kinds():
    """List the checker kinds and the answer form each expects."""
    from .checkers import checker_class, known_kinds

    for kind in known_kinds():
        click.echo(f"{kind:20} {checker_class(kind).answer_form}")


@main.command()
@click.argument("rubric", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--student", help="Student id.")
@click.option("--term", help="The term (offering); default: the rubric's assignment.term.")
def variant(rubric, student, term):
    """Print the parameters of a student's variant (for their copy of the handout)."""
    from .rubric import RubricError, load_rubric
    from .variants import parameters_for, resolve_term, student_key, variant_for

    try:
        loaded = load_rubric(rubric)
        term = resolve_term(loaded, term)
    except RubricError as exc:
        _fail(str(exc))
    chosen = variant_for(loaded, student, term)
    click.echo(json.dumps({"student": student, "key": student_key(loaded, student), "term": term,
                           "variant": chosen.name if chosen else None,
                           "parameters": parameters_for(loaded, chosen, term)}, indent=2))



# ---------------------------------------------------------------- staff workflows (grader/batch.py, gradescope.py,
# selfcheck.py, manual.py): class batches, the Gradescope bundle, rubric self-test, hand-graded items.

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--rubric", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Rubric TOML.")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), help="Folder for reports and the class summary [default: grades-<assignment id>].")
@click.option("--jobs", "-j", type=click.IntRange(1), help="Submissions graded at once [default: 2 x cores + 2].")
@click.option("--executor", type=click.Choice(["thread", "process", "dask"]), default="thread", show_default=True, help="Where tasks run; dask needs pip install 'nn-grader[dask]'.")
@click.option("--scheduler", help="Dask scheduler address (with --executor dask); default: a local cluster.")
@click.option("--seed", type=int, help="Seed for random test instances (default: the rubric's).")
@click.option("--timeout", type=float, help="Wall-clock limit per submission, seconds.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Progress bar on stderr.")
@click.option("--memo/--no-memo", default=True, show_default=True, help="Check identical answers once.")
@click.option("--term", help="The term (offering) every student is graded on; default: the rubric's assignment.term.")
@click.option("--update", is_flag=True, help="Regrade into the existing OUTPUT only what changed (new or changed files, --student, items whose rubric or reference changed); keeps everybody else and merged manual grades; prints the regrade diff first.")
@click.option("--student", "students", multiple=True, help="With --update: also regrade this student (key or row name); repeat for several.")
@click.option("--dry-run", is_flag=True, help="With --update: print the regrade diff and write nothing.")
@click.option("--check-seconds", type=click.FloatRange(min=0, min_open=True), help="CPU seconds to check one item's answer [default: 5, or the rubric item's check_seconds]; over it the item goes to staff review.")
@click.option("--checks-total-seconds", type=click.FloatRange(min=0, min_open=True), help="Wall-clock seconds for all checks of one submission [default: 60].")
def batch(paths, rubric, output, jobs, executor, scheduler, seed, timeout, progress, memo, term, update, students, dry_run,
          check_seconds, checks_total_seconds):
    """Grade every submission in PATHS (files, folders, a Gradescope export) and write a class summary.

    Writes OUTPUT/reports/<student>.json, OUTPUT/students/<student>.html, OUTPUT/scores.csv, OUTPUT/items.csv,
    OUTPUT/summary.json, OUTPUT/summary.html and OUTPUT/batch.json.  Exit 0 when the batch ran, whatever the scores.
    """
    from .batch import grade_batch
    from .executors import DaskExecutor, LocalExecutor
    from .rubric import RubricError, load_rubric
    from .sandbox.runner import Limits
    from .variants import resolve_term

    try:
        loaded = load_rubric(rubric)
        term = resolve_term(loaded, term)
    except RubricError as exc:
        _fail(str(exc))
    if (students or dry_run) and not update:
        _fail("--student and --dry-run go with --update")
    output = output or Path(f"grades-{loaded.assignment.id}")
    limits = Limits(wall_seconds=timeout, cpu_seconds=max(1, int(timeout))) if timeout else None
    try:
        runner = DaskExecutor(address=scheduler, jobs=jobs) if executor == "dask" else LocalExecutor(jobs, executor)
    except RuntimeError as exc:
        _fail(str(exc))
    try:
        if update and not (output / "summary.json").is_file():
            _fail(f"--update: {output} holds no earlier batch (no summary.json); run without --update first")
        result = grade_batch(list(paths), rubric, jobs=jobs, executor=runner, output_dir=output, progress=progress,
                             seed=seed, limits=limits, memo=memo, term=term, update=update, students=students,
                             dry_run=dry_run, diff_stream=sys.stdout,
                             budget=_budget(check_seconds, checks_total_seconds))
    finally:
        runner.shutdown()
    summary = result.summary
    if dry_run:
        click.echo(f"dry run: nothing written to {output}")
        _allow_quick_exit()
        return
    score = summary["score"]
    mean = "-" if score["mean"] is None else f"{score['mean']:g}"
    runs = ", ".join(f"{k} {v}" for k, v in summary["runs"].items())
    click.echo(f"{summary['submissions']} submissions in {result.elapsed:.1f} s ({result.submissions_per_second:.1f}/s); "
               f"mean {mean} / {summary['max_score']:g}; runs: {runs or 'none'}")
    if summary.get("terms"):
        click.echo(f"term: {', '.join(summary['terms'])}")
    if summary.get("flags") or summary.get("identical_answers"):
        click.echo(f"to check: {len(summary.get('flags', []))} flags, {len(summary.get('identical_answers', []))} "
                   "sets of identical answers (see summary.html)")
    click.echo(f"reports, scores.csv, summary.json and summary.html in {output}")
    lost = summary.get("manual_answers_lost") or []
    if lost:
        click.echo(f"{len(lost)} free-text answers are missing or could not be read (listed in summary.html and manual.csv), e.g. "
                   f"{one_line(lost[0]['student'], 80)} {lost[0]['question']}: {one_line(lost[0]['problem'], 200)}")
    _allow_quick_exit()


@main.command()
@click.argument("rubric", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--term", help="The term (offering); default: the rubric's assignment.term.")
def roster(rubric, source, term):
    """Print each student's key, term and variant (CSV) from a roster CSV or a Gradescope export.

    The key is the one `grader run`, `grader batch` and the Gradescope bundle use.  Exit 1 when a
    row is flagged (a duplicate key, a missing id), 0 otherwise.
    """
    from .roster import roster as build, write_roster
    from .rubric import RubricError, load_rubric

    try:
        rows = build(load_rubric(rubric), source, term)
    except (RubricError, OSError, ValueError) as exc:
        _fail(str(exc))
    write_roster(rows, sys.stdout)
    flagged = sum(1 for r in rows if r["flags"])
    if flagged:
        click.echo(f"grader: {flagged} row(s) flagged", err=True)
    sys.exit(1 if flagged else 0)


@main.command()
@click.argument("batch_output", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="CSV to write [default: BATCH_OUTPUT/gradebook-<format>.csv].")
@click.option("--format", "layout", type=click.Choice(["generic", "gradescope", "canvas"]), default="generic", show_default=True)
@click.option("--due", help="Due date for the late policy, ISO 8601 with offset (default: the term's `due` in the rubric, if any).")
@click.option("--late-per-day", type=click.FloatRange(0, 1), help="Share of the total lost per started day late; turns the late policy on.")
@click.option("--late-max-days", type=click.IntRange(0), help="Later than this many days: 0.")
@click.option("--grace-minutes", type=click.FloatRange(0), default=0, show_default=True)
def gradebook(batch_output, output, layout, due, late_per_day, late_max_days, grace_minutes):
    """Export the batch's gradebook (student key, total, per-question scores, manual grades merged) for upload."""
    from .gradebook import LatePolicy, build_gradebook, parse_timestamp, term_due, write_gradebook

    late = None
    if late_per_day is not None or late_max_days is not None:
        due_text = due or term_due(batch_output)
        due_at = parse_timestamp(due_text)
        if due_at is None:
            _fail(f"the late policy needs a due date: --due 2025-02-14T23:59:00-05:00 (got {due_text!r})")
        late = LatePolicy(due=due_at, per_day=late_per_day or 0.0, max_days=late_max_days, grace_minutes=grace_minutes)
    try:
        rows, questions, notes = build_gradebook(batch_output, late)
        summary = json.loads((batch_output / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    path = write_gradebook(rows, questions, output or batch_output / f"gradebook-{layout}.csv", layout,
                           title=summary.get("title", "Assignment"), max_score=summary.get("max_score"))
    for note in notes:
        click.echo(f"grader: {note}", err=True)
    late_count = sum(1 for r in rows if r["late_days"] > 0)
    click.echo(f"wrote {len(rows)} students to {path}" + (f"; {late_count} late" if late else ""))


@main.command()
@click.argument("rubric", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("autograder.zip"), show_default=True)
@click.option("--visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]), default="visible", show_default=True, help="Gradescope visibility of the results; no test is shown earlier than this.")
@click.option("--stdout-visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]), default="hidden", show_default=True, help="Whether students see the autograder's log.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Wall-clock limit for a submission, seconds.")
@click.option("--python", "pythons", multiple=True, metavar="X.Y", help="CPython version(s) of the Gradescope image to bundle compiled wheels for [default: 3.11 and 3.12].")
@click.option("--self-check/--no-self-check", default=True, show_default=True, help="Start every result with the always-visible submission check (answers present and readable, no grades).")
@click.option("--term", help="The term (offering) this Gradescope assignment grades; default: the rubric's assignment.term.")
def gradescope(rubric, output, visibility, stdout_visibility, timeout, pythons, self_check, term):
    """Build the Gradescope autograder zip for RUBRIC.

    Runs `grader check`'s reference and answer-key pass first and writes nothing if it fails.  The
    zip holds setup.sh, run_autograder, the rubric, the course's reference/ folder (modules and data
    files), the grader, and wheels of the pinned dependencies so the image installs them offline.
    """
    from .gradescope import BundleError, build_bundle
    from .rubric import RubricError

    for version in pythons:
        if not re.fullmatch(r"3\.[0-9]{1,2}", version):
            _fail(f"--python {version}: give a CPython version such as 3.12")
    try:
        path = build_bundle(rubric, output, visibility=visibility, stdout_visibility=stdout_visibility, wall_seconds=timeout,
                            pythons=tuple(pythons) or None, self_check=self_check, term=term)
    except (RubricError, BundleError) as exc:
        _fail(str(exc))
    click.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB): upload it as the autograder of a Gradescope programming assignment")


@main.command()
@click.argument("rubrics", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--examples", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of <rubric name>/expected.toml example sets [default: ./submissions_example].")
@click.option("--no-examples", is_flag=True, help="Only check rubrics, references and answer keys.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=2, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def check(rubrics, examples, no_examples, jobs, as_json):
    """Self-test RUBRICS (default: rubrics/*.toml): validate, run references, verify answer keys, grade examples.

    Exit 1 on any error (a difference a TA must look at), 0 otherwise.
    """
    from . import selfcheck

    paths = list(rubrics) or selfcheck.default_rubrics()
    if not paths:
        _fail("no rubrics given and none in ./rubrics")
    examples_root = None if no_examples else (examples or selfcheck.default_examples(paths))
    results = [selfcheck.check_rubric(path, examples_root, jobs) for path in paths]
    if as_json:
        click.echo(selfcheck.as_json(results))
    else:
        for result in results:
            for finding in result.findings:
                click.echo(finding.render())
        for result in results:
            click.echo(selfcheck.summary_line(result))
    sys.exit(0 if all(r.ok for r in results) else 1)


@main.command("manual-export")
@click.argument("batch_output", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="CSV to write [default: BATCH_OUTPUT/manual.csv].")
def manual_export(batch_output, output):
    """Export the hand-graded items of a batch as a CSV for staff (fill in points and comment)."""
    from .manual import export_manual

    try:
        path, rows = export_manual(batch_output, output)
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    click.echo(f"wrote {rows} rows to {path}; fill in 'points' (and 'comment'), then: grader merge {batch_output} {path}")


@main.command()
@click.argument("batch_output", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("grades_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only validate the CSV.")
def merge(batch_output, grades_csv, dry_run):
    """Merge hand grades (from manual-export) into the batch's reports and rebuild its summary.

    Nothing is written if any row is wrong (unknown student or item, points out of range); exit 1.
    """
    from .manual import merge_manual

    try:
        result = merge_manual(batch_output, grades_csv, dry_run=dry_run)
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    for problem in result.problems:
        click.echo(f"grader: {problem}", err=True)
    if not result.ok:
        click.echo(f"grader: {len(result.problems)} problem(s); nothing was merged", err=True)
        sys.exit(1)
    verb = "would merge" if dry_run else "merged"
    click.echo(f"{verb} {result.graded} grades for {len(result.students) if not dry_run else '-'} students"
               f"{f'; {result.left_blank} rows left blank (still to grade)' if result.left_blank else ''}")


if __name__ == "__main__":  # pragma: no cover
    entry()
