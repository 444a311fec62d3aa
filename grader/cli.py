"""Command line: a thin click layer over :mod:`grader.api` and friends."""

from __future__ import annotations

import json
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
@click.option("--student", help="Student id: selects the student's variant of the parameters.")
@click.option("--visible-only", is_flag=True, help="Only items visible before the deadline (student self-check).")
@click.option("--timeout", type=float, help="Wall-clock limit for the submission, seconds.")
@click.option("--check-seconds", type=click.FloatRange(min=0, min_open=True), help="CPU seconds to check one item's answer [default: 5, or the rubric item's check_seconds]; over it the item goes to staff review.")
@click.option("--checks-total-seconds", type=click.FloatRange(min=0, min_open=True), help="Wall-clock seconds for all checks of one submission [default: 60].")
def run(submission, rubric, fmt, output, seed, student, visible_only, timeout, check_seconds, checks_total_seconds):
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

    options = GradeOptions(seed=seed, student=student, visible_only=visible_only, limits=limits, started=started,
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
def template(rubric):
    """Print the student template for RUBRIC."""
    from .rubric import RubricError, load_rubric
    from .template import render_template

    try:
        click.echo(render_template(load_rubric(rubric)))
    except RubricError as exc:
        _fail(str(exc))


@main.command()
def schema():
    """Print the JSON Schema of the json report."""
    from .report import report_schema

    click.echo(json.dumps(report_schema(), indent=2))


@main.command()
def kinds():
    """List the checker kinds and the answer form each expects."""
    from .checkers import get_checker, known_kinds

    for kind in known_kinds():
        click.echo(f"{kind:20} {get_checker(kind).answer_form}")


@main.command()
@click.argument("rubric", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--student", help="Student id.")
def variant(rubric, student):
    """Print the parameters of a student's variant (for their copy of the handout)."""
    from .rubric import RubricError, load_rubric
    from .variants import parameters_for, variant_for

    try:
        loaded = load_rubric(rubric)
    except RubricError as exc:
        _fail(str(exc))
    chosen = variant_for(loaded, student)
    click.echo(json.dumps({"student": student, "variant": chosen.name if chosen else None,
                           "parameters": parameters_for(loaded, chosen)}, indent=2))



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
@click.option("--check-seconds", type=click.FloatRange(min=0, min_open=True), help="CPU seconds to check one item's answer [default: 5, or the rubric item's check_seconds]; over it the item goes to staff review.")
@click.option("--checks-total-seconds", type=click.FloatRange(min=0, min_open=True), help="Wall-clock seconds for all checks of one submission [default: 60].")
def batch(paths, rubric, output, jobs, executor, scheduler, seed, timeout, progress, memo, check_seconds,
          checks_total_seconds):
    """Grade every submission in PATHS (files, folders, a Gradescope export) and write a class summary.

    Writes OUTPUT/reports/<student>.json, OUTPUT/scores.csv, OUTPUT/summary.json and OUTPUT/summary.html.
    Exit 0 when the batch ran, whatever the scores.
    """
    from .batch import grade_batch
    from .executors import DaskExecutor, LocalExecutor
    from .rubric import RubricError, load_rubric
    from .sandbox.runner import Limits

    try:
        loaded = load_rubric(rubric)
    except RubricError as exc:
        _fail(str(exc))
    output = output or Path(f"grades-{loaded.assignment.id}")
    limits = Limits(wall_seconds=timeout, cpu_seconds=max(1, int(timeout))) if timeout else None
    try:
        runner = DaskExecutor(address=scheduler, jobs=jobs) if executor == "dask" else LocalExecutor(jobs, executor)
    except RuntimeError as exc:
        _fail(str(exc))
    try:
        result = grade_batch(list(paths), rubric, jobs=jobs, executor=runner, output_dir=output, progress=progress,
                             seed=seed, limits=limits, memo=memo,
                             budget=_budget(check_seconds, checks_total_seconds))
    finally:
        runner.shutdown()
    summary = result.summary
    score = summary["score"]
    mean = "-" if score["mean"] is None else f"{score['mean']:g}"
    runs = ", ".join(f"{k} {v}" for k, v in summary["runs"].items())
    click.echo(f"{summary['submissions']} submissions in {result.elapsed:.1f} s ({result.submissions_per_second:.1f}/s); "
               f"mean {mean} / {summary['max_score']:g}; runs: {runs or 'none'}")
    click.echo(f"reports, scores.csv, summary.json and summary.html in {output}")
    lost = summary.get("manual_answers_lost") or []
    if lost:
        click.echo(f"{len(lost)} free-text answers could not be read (listed in summary.html and manual.csv), e.g. "
                   f"{one_line(lost[0]['student'], 80)} {lost[0]['question']}: {one_line(lost[0]['problem'], 200)}")
    _allow_quick_exit()


@main.command()
@click.argument("rubric", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("autograder.zip"), show_default=True)
@click.option("--visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]), default="visible", show_default=True, help="Gradescope visibility of the results.")
@click.option("--stdout-visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]), default="hidden", show_default=True, help="Whether students see the autograder's log.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Wall-clock limit for a submission, seconds.")
def gradescope(rubric, output, visibility, stdout_visibility, timeout):
    """Build the Gradescope autograder zip for RUBRIC (setup.sh, run_autograder, rubric, references, grader)."""
    from .gradescope import build_bundle
    from .rubric import RubricError

    try:
        path = build_bundle(rubric, output, visibility=visibility, stdout_visibility=stdout_visibility, wall_seconds=timeout)
    except RubricError as exc:
        _fail(str(exc))
    click.echo(f"wrote {path}: upload it as the autograder of a Gradescope programming assignment")


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
