"""The student template: every answer name with what it is and the form it must take."""

from __future__ import annotations

import textwrap

from .expressions.notation import item_notation
from .rubric import Rubric


def render_template(rubric: Rubric, term: str | None = None) -> str:
    """The handout's answer file for one term (the rubric's default term unless one is named)."""
    from .variants import resolve_term

    term = resolve_term(rubric, term)
    title = rubric.assignment.title + (f", {rubric.terms[term].title or term}" if term else "")
    lines = [
        f'"""Submission template: {title}.',
        "",
        "Fill in every name below with plain Python values: numbers, lists of numbers (rows of a matrix),",
        "strings (expressions such as \"3*a**2*(1 - b/c)\" or activation names), or small functions.",
        "You may use numpy and math to compute them. The file runs on its own, without network or files,",
        "within a few seconds; only the names below are read. Do not rename them.",
        '"""',
        "",
        f'ASSIGNMENT = "{rubric.assignment.id}"',
        "",
    ]
    seen: set[str] = set()
    question = None
    for item in rubric.items_for(term):
        if item.question != question:
            question = item.question
            lines.append(f"# ---- Question {question}")
        checker = item.checker
        points = f"{item.points:g} point{'s' if item.points != 1 else ''}" + (" (graded by staff)" if not checker.automatic else "")
        lines.append(f"# {item.title} [{points}]")
        for paragraph in item.prompt.splitlines():
            wrapped = textwrap.wrap(paragraph, width=96) or [""]
            lines.extend(f"# {line}".rstrip() for line in wrapped)
        notation = item_notation(item.kind, checker.options)
        if notation:
            lines.extend(f"# {line}" for line in textwrap.wrap(notation, width=96))
        for name in item.answers:
            if name in seen:
                continue
            seen.add(name)
            form = textwrap.wrap(f"Form: {checker.describe(name)}", width=96)
            lines.extend(f"# {line}" for line in form)
            lines.append(f"{name} = None")
        lines.append("")
    return "\n".join(lines)
