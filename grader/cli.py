"""Command line: a thin click layer over :mod:`grader.api` and friends."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__


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
def run(submission, rubric, fmt, output, seed, student, visible_only, timeout):
    """Grade SUBMISSION and print or write the report.  Exit 0 whenever a report was written."""
    from .api import GradeOptions, grade
    from .report import to_gradescope, to_json, to_text
    from .rubric import RubricError
    from .sandbox.runner import Limits

    options = GradeOptions(seed=seed, student=student, visible_only=visible_only)
    if timeout:
        options.limits = Limits(wall_seconds=timeout, cpu_seconds=max(1, int(timeout)))
    if output:
        options.hide.append(str(output.resolve().parent))
    if not submission.exists():
        _fail(f"{submission}: no such file")
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


if __name__ == "__main__":  # pragma: no cover
    main()
