"""The student template never prints an answer: no example it shows (in a prompt, a "Form:" line or
its header) is accepted as the answer of any item of the same rubric and term.

Every quoted string, every list after "e.g."/"such as" and every number after "e.g." in the
template's comments is graded, by the item's own checker, as the answer of every single-answer
item at the term's default parameters."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from grader.api import prepare
from grader.checkers import CheckContext
from grader.rubric import load_rubric
from grader.template import render_template

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = sorted((ROOT / "rubrics").glob("*.toml"))
# Kinds whose answer an example in the template could be (functions, networks and manual items take no examples).
KINDS = {"count", "expression", "big_o", "relation", "scalar", "exact", "vector", "matrix", "matrix_expression",
         "ordered_choice", "choice", "set", "graph", "comparator_network"}


def template_examples(text: str) -> list:
    found: list = []
    for line in text.splitlines():
        if not line.lstrip().startswith("#"):
            continue
        found += [match.group(1) for match in re.finditer(r'"([^"]+)"', line)]
        for match in re.finditer(r"(?:e\.g\.|such as)\s+(\[[^#]*?\]\]?)(?=\s|$|\)|,)", line):
            try:
                found.append(ast.literal_eval(match.group(1)))  # the template's own text, not a student's
            except (ValueError, SyntaxError):
                pass
        found += [float(match.group(1)) for match in re.finditer(r"e\.g\.\s+(-?\d+(?:\.\d+)?)\b", line)]
    unique = []
    for example in found:
        if example not in unique:
            unique.append(example)
    return unique


def _terms(path: Path) -> list:
    rubric = load_rubric(path)
    return [pytest.param(path, term, id=f"{path.stem}-{term}") for term in (list(rubric.terms) or [None])]


@pytest.mark.parametrize("path, term", [param for path in RUBRICS for param in _terms(path)])
def test_no_template_example_is_an_answer(path, term):
    rubric = load_rubric(path)
    examples = template_examples(render_template(rubric, term))
    assert len(examples) > 10  # the scan found the template's examples
    prepared = prepare(rubric, None, term)
    leaks = []
    for item in prepared.items:
        expected = prepared.expected[item.id]
        if item.kind not in KINDS or len(item.answers) != 1 or expected.problem is not None:
            continue
        for example in examples:
            verdict = item.checker.judge({item.answers[0]: example}, expected.value, CheckContext(item.id, 0))
            if verdict.status == "passed":
                leaks.append((item.id, example))
    assert not leaks, f"template examples that are answers: {leaks}"
