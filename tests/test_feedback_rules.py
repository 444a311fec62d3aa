"""Feedback teaches without telling: for every item of every example submission, no feedback string
contains the item's expected answer in any normal form.

The expected values come from the rubric's reference functions at the student's variant
(:func:`grader.api.expected_values`, the same values grading uses).  Normal forms of a SymPy
expression: as computed, expanded, factored, simplified, over a common denominator, and in LaTeX,
each with ``**`` and ``^``; of a relation: both orientations; of a number: the integer, the fraction
p/q and the decimal.  For network quantities (no formula of their own) the right answer written in
the assignment's ``correct.py`` is the normal form.  Text the student wrote (quoted in backticks)
is not the grader's to hide and is left out; numbers below 3 are too common to mean anything.
"""

from __future__ import annotations

import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from grader.api import GradeOptions, expected_values, grade, resolve_rubric
from grader.submission import load_submission

EXAMPLES = Path(__file__).resolve().parent.parent / "submissions_example"


def _cases():
    for manifest in sorted(EXAMPLES.glob("*/expected.toml")):
        if manifest.parent.name in ("hostile", "messy"):
            continue
        for entry in tomllib.loads(manifest.read_text())["submission"]:
            yield manifest.parent / entry["file"], entry.get("student"), entry.get("term")


CASES = list(_cases())


@pytest.fixture(scope="module")
def graded():
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda case: grade(case[0], student=case[1], options=GradeOptions(term=case[2])), CASES))
    return list(zip(CASES, reports))


def _squash(text: str) -> str:
    """Spaces around operators removed, other runs of spaces made one: "a * b" and "a*b" are the same."""
    return re.sub(r"\s+", " ", re.sub(r"\s*([-+*/^=<>(),{}\\])\s*", r"\1", text)).strip()


def _number_forms(value) -> set[str]:
    try:
        exact = Fraction(str(value)) if not isinstance(value, float) else Fraction(value).limit_denominator(10**6)
    except (ValueError, TypeError):
        return set()
    if abs(exact) < 3 and exact.denominator == 1:
        return set()
    forms = {f"{float(exact):.6g}"}
    forms.add(str(exact.numerator) if exact.denominator == 1 else f"{exact.numerator}/{exact.denominator}")
    return forms


def normal_forms(value) -> set[str]:
    """Texts that would give ``value`` away."""
    if isinstance(value, dict):
        value = value.get("expr", value.get("relation"))
    if isinstance(value, sympy.Order):
        value = value.expr
    if isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
        return _number_forms(value)
    if isinstance(value, str):
        return {value}
    if not isinstance(value, sympy.Basic):
        return set()
    if isinstance(value, sympy.core.relational.Relational):
        return {str(value), str(value.reversed), str(value.canonical)}
    if isinstance(value, sympy.MatrixBase):
        return set()
    if isinstance(value, sympy.MatrixExpr):
        return {str(value)}
    if not isinstance(value, sympy.Expr):
        return set()
    if not value.free_symbols:
        return _number_forms(value) if value.is_Rational else set()
    forms = {sympy.latex(value)}
    for transform in (lambda e: e, sympy.expand, sympy.factor, sympy.simplify, sympy.cancel, sympy.together):
        variant = str(transform(value))
        forms |= {variant, variant.replace("**", "^")}
    return forms


def _correct_answers() -> dict[str, dict[str, object]]:
    """Per assignment directory: the answers of its correct.py, read as text (never imported)."""
    found = {}
    for folder in EXAMPLES.iterdir():
        path = folder / "correct.py"
        if path.is_file():
            found[folder.name] = dict(re.findall(r'^(\w+)\s*=\s*"([^"\n]+)"\s*$', path.read_text(), re.MULTILINE))
    return found


CORRECT = _correct_answers()


def _leaks(feedback: str, forms: set[str]) -> list[str]:
    text = _squash(re.sub(r"`[^`]*`", "``", feedback))  # the student's own words are theirs
    found = []
    for form in forms:
        squashed = _squash(form)
        if len(squashed) < 1:
            continue
        before = r"(?<![\w.*/^])" if squashed[0].isalnum() else ""
        after = r"(?![\w.*/^(])" if squashed[-1].isalnum() or squashed[-1] == ")" else ""
        if re.search(before + re.escape(squashed) + after, text):
            found.append(form)
    return found


def test_no_feedback_contains_the_expected_answer(graded):
    leaks = []
    checked = 0
    for (path, student, term), report in graded:
        rubric, _ = resolve_rubric(None, load_submission(path))
        expected = expected_values(rubric, student, term)
        correct = CORRECT.get(path.parent.name, {})
        for item in report.items:
            value = expected.get(item.id)
            if value is None or value.problem is not None:
                continue
            forms = normal_forms(value.value)
            answers = rubric.item(item.id).answers
            if type(value.value).__name__ == "GraphQuantity":
                forms |= {str(correct[name]) for name in answers if name in correct}
            checked += 1
            for form in _leaks(item.feedback, forms):
                leaks.append((path.name, item.id, form, item.feedback))
    assert checked > 100
    assert not leaks, leaks


@pytest.mark.parametrize("value, feedback, leaked", [
    (sympy.Symbol("sigma") ** 2 * (1 - sympy.Symbol("d") / sympy.Symbol("n")),
     "look for the expression -d*sigma**2/n + sigma**2", True),
    (sympy.Integer(12), "Your value is 12 times too small", True),
    (sympy.Integer(12), "2 of 12 steps", True),
    (sympy.Rational(44, 15), "off by 44/15", True),
    (sympy.Rational(44, 15), "about 2.93333", True),
    (3 * sympy.Symbol("m") * sympy.Symbol("n"), "look for a missing factor 3*m*n", True),
    (3 * sympy.Symbol("m") * sympy.Symbol("n"), "a factor 1/K is missing", False),
    (sympy.Symbol("m") > sympy.Symbol("n"), "the answer is n < m", True),
])
def test_the_leak_detector_itself(value, feedback, leaked):
    assert bool(_leaks(feedback, normal_forms(value))) is leaked
