"""Non-negotiables that a grep can guard: no student text reaches eval/exec/sympify/parse_expr,
and nothing the child produced is ever unpickled.

Every use of a dangerous call in grader/ or nn_reference/ must be listed here with the reason it is
safe; a new one fails this test until someone argues for it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DANGEROUS = re.compile(r"\b(eval|exec|compile|sympify|parse_expr|parse_latex|lambdify)\(|\bsympy\.parsing\b|"
                       r"\bimport (c?pickle|marshal|shelve|dill)\b|\bfrom (c?pickle|marshal|shelve) import")
ALLOWED = {
    # The child package is where the student's own code runs: inside the sandboxed child process.
    ("grader/sandbox/child/execution.py", "compile("): "compiles the submission's statements in the child",
    ("grader/sandbox/child/execution.py", "exec("): "runs the submission's statements in the child",
    # lambdify turns a trusted SymPy reference (computed by nn_reference/ code) into a numeric function.
    ("grader/checkers/matrix_expression.py", "lambdify("): "reference expressions only",
}


def _uses():
    for folder in ("grader", "nn_reference"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for number, line in enumerate(path.read_text().splitlines(), 1):
                code = line.split("#", 1)[0]
                if code.strip().startswith(('"', "'")):
                    continue
                for match in DANGEROUS.finditer(code):
                    call = match.group(0).rsplit(".", 1)[-1].split()[-1] if "(" not in match.group(0) else match.group(1) + "("
                    yield relative, number, call, line.strip()


def test_every_dangerous_call_is_allowed_with_a_reason():
    unexpected = [(path, number, text) for path, number, call, text in _uses()
                  if (path, call) not in ALLOWED and not text.startswith(("re.compile(", "regex = re.compile("))
                  and "re.compile(" not in text]
    assert not unexpected, unexpected


def test_the_allowlist_is_not_stale():
    used = {(path, call) for path, _, call, _ in _uses()}
    assert set(ALLOWED) <= used, set(ALLOWED) - used
