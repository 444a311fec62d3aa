"""Reading a damaged submission into statements (grader/statements.py), without running it."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from grader.statements import logical_lines, read_source, read_submission


def _ran(reading) -> str:
    """The statements' code as the child would see it (each chunk starts at its real line)."""
    return "".join(s.source.lstrip("\n") for s in reading.statements)


def _lines(reading) -> list[int]:
    return [p.line for p in reading.problems]


def test_a_file_that_parses_is_one_chunk():
    source = 'a = 1\ndef f(x):\n    return x\n"""H = 2"""\n'
    reading = read_source(source)
    assert [s.source for s in reading.statements] == [source] and not reading.problems


def test_code_like_lines_inside_strings_are_never_run_or_reported():
    source = ('H = [[1, 2], [3, 4]]\n'
              'explanation = """The Hessian is\n'
              'H = v v^T\n'
              'return H\n'
              '"""\n'
              'notes = r\'\'\'\n'
              'z = H y ( unbalanced\n'
              '\'\'\'\n'
              'f"{H!r}"\n'
              'bad = (1 +\n')
    reading = read_source(source)
    assert _lines(reading) == [10]
    assert reading.problems[0].targets == ["bad"]
    code = _ran(reading)
    assert ast.parse(code)  # everything sent parses
    tree = ast.parse(code)
    assigned = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets]
    assert assigned == ["H", "explanation", "notes"]  # the docstring's `H = v v^T` is text, not a statement


def test_continuations_are_never_cut():
    source = ("W = [\n[1, 2],\n[3, 4]]\n"            # rows in column 0 inside brackets
              "opts = dict(\nalpha=1,\nbeta=2)\n"    # keyword arguments in column 0
              "total = 1 + \\\n2\n"                  # backslash continuation
              "s = 'a # not a comment'  # comment with a quote: '\n"
              "broken = = 1\n")
    reading = read_source(source)
    assert _lines(reading) == [10]
    assert "alpha=1" in _ran(reading) and "[3, 4]]" in _ran(reading) and "2\n" in _ran(reading)


def test_an_unclosed_bracket_costs_only_its_statement():
    reading = read_source("a = 1\nW = [[1, 2], [3, 4]\nb = 2\ndef f():\n    return 3\nc = f()\n")
    assert _lines(reading) == [2] and reading.problems[0].targets == ["W"]
    tree = ast.parse(_ran(reading))
    assert [getattr(n, "name", None) or n.targets[0].id for n in tree.body] == ["a", "b", "f", "c"]


def test_a_body_that_lost_its_indentation_is_reindented_when_only_one_reading_parses():
    source = ("import numpy as np\n"
              "def fit_poly(X, t, K):\n"
              "Phi = np.vander(X, K + 1, increasing=True)\n"
              "if K == 0:\n"
              "w = np.array([t.mean()])\n"
              "else:\n"
              "w = np.linalg.lstsq(Phi, t, rcond=None)[0]\n"
              "return w\n"
              "answer = 3\n")
    reading = read_source(source)
    # `return w` may close the else block or not: two programs parse, so nothing is guessed.
    assert _lines(reading) == [2] and reading.problems[0].kind == "IndentationError"
    assert reading.problems[0].targets == ["fit_poly"] and "line 2" in reading.problems[0].message
    assert "answer = 3" in _ran(reading)

    unique = source.replace("return w\n", "    return w\n").replace("w = np.array", "    w = np.array")
    unique = unique.replace("if K == 0:", "    if K == 0:").replace("Phi =", "    Phi =")
    unique = unique.replace("w = np.linalg", "    w = np.linalg")  # only `else:` lost its indentation
    reading = read_source(unique)
    assert not reading.problems, reading.problems
    assert len(reading.notes) == 1 and "fit_poly" in reading.notes[0].message
    assert reading.notes[0].targets == ["fit_poly"]
    function = next(n for n in ast.parse(_ran(reading)).body if isinstance(n, ast.FunctionDef))
    assert isinstance(function.body[-1], ast.Return) and isinstance(function.body[1], ast.If)
    assert function.body[1].orelse  # `else:` went back to its `if`


def test_a_fully_flattened_function_is_read_back():
    reading = read_source("def f(x):\ny = 2 * x\nreturn y\nz = f(3)\n")
    assert not reading.problems
    tree = ast.parse(_ran(reading))
    assert len(tree.body) == 2 and len(tree.body[0].body) == 2  # `z = f(3)` stays at the top level


def test_a_lost_header_colon_takes_its_body_with_it():
    """The body of a broken `def` must never run at the top level (it would overwrite answers)."""
    reading = read_source("W1 = [[1, 2]]\ndef f(x)\n    W1 = 0\n    return W1\nb = 1\n")
    assert _lines(reading) == [2] and reading.problems[0].targets == ["f"]
    assert "W1 = 0" not in _ran(reading) and "b = 1" in _ran(reading)


def test_a_block_indented_as_a_whole_is_read_at_the_top_level():
    reading = read_source("a = 1\n    b = 2\n    c = 3\nd = 4\n")
    assert not reading.problems and "b = 2" in _ran(reading)
    assert reading.notes and set(reading.notes[0].targets) == {"b", "c"}
    # ... but not when it is the body of a function whose header was lost (it returns)
    reading = read_source("a = 1\n    b = 2\n    return b\nd = 4\n")
    assert _lines(reading) == [2] and "b = 2" not in _ran(reading)


def test_a_module_level_return_is_left_to_the_child_as_a_statement():
    """It parses (ast accepts it); the child compiles each statement alone and reports it there."""
    reading = read_source("a = 1\nreturn 5\nb = 2\n")
    assert not reading.problems and "b = 2" in _ran(reading)


def test_unterminated_triple_quoted_string_is_reported_once_at_its_start():
    reading = read_source('a = 1\ns = """\nW = 5\nb = 2\n')
    assert _lines(reading) == [2] and "to the end" in reading.problems[0].message
    assert "detected at line" not in reading.problems[0].message


def test_crlf_lone_cr_and_tabs():
    reading = read_source("a = 1\r\nif a:\r\n\tb = 2\r\nc = (\rd = 3\r")
    assert _lines(reading) == [4] and "b = 2" in _ran(reading) and "d = 3" in _ran(reading)


def test_cells_are_numbered_and_lines_are_the_cells_own():
    reading = read_submission(None, ["a = 1\n", "x = 1\nb = (\n", "c = 3\n"])
    assert [(p.cell, p.line) for p in reading.problems] == [(2, 2)]
    assert [s.cell for s in reading.statements] == [1, 2, 3]


def test_lines_keep_their_numbers():
    reading = read_source("a = 1\nb = (\n\n\nc = 3\n")
    chunk = next(s for s in reading.statements if "c = 3" in s.source)
    assert chunk.line == 5 and ast.parse(chunk.source).body[0].lineno == 5


def test_many_broken_lines_are_bounded_but_the_rest_is_still_read():
    source = "".join(f"a{i} = (\n" if i % 2 else f"a{i} = {i}\n" for i in range(2000))
    reading = read_source(source)
    assert len(reading.problems) == 200
    last = reading.problems[-1]
    assert "could not be read" in last.message and last.end == 2000 and "a1999" in last.targets
    assert "a1998 = 1998" in _ran(reading)  # good statements after the 200th problem still run


def test_a_paragraph_of_prose_is_one_problem():
    source = "a = 1\n" + "".join(f"These are my notes, line {i}.\n" for i in range(300)) + "b = 2\n"
    reading = read_source(source)
    assert [(p.line, p.end) for p in reading.problems] == [(2, 301)]
    assert "b = 2" in _ran(reading)


def test_a_return_that_lost_its_indentation_after_a_def_is_read_back_in_a_file_that_parses():
    source = "def expand(x):\n    if x == 0:\n        return 1\nreturn 2 * x\nz = expand(3)\n"
    reading = read_source(source)
    function = ast.parse(_ran(reading)).body[0]
    assert isinstance(function.body[-1], ast.Return) and len(ast.parse(_ran(reading)).body) == 2
    assert reading.notes and reading.notes[0].targets == ["expand"]


def test_deep_brackets_are_not_parsed_in_the_grading_process():
    reading = read_source("a = 1\nb = " + "(" * 5000 + ")" * 4999 + "\nc = 3\n")
    assert reading.problems and reading.problems[0].line == 2


def test_logical_lines_follow_pythons_tokenizer():
    lines = logical_lines("x = '''a\nb'''\ny = [1,\n2]\n# comment\nz = 1 \\\n + 2\n")
    assert [(l.start, l.end) for l in lines] == [(1, 2), (3, 4), (6, 7)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab =:()[]{}'\"#\\\n\t rfx1_+defiflsreturn")), max_size=200))
def test_reading_never_raises_and_sends_only_code_that_parses(text):
    reading = read_source(text)
    for statement in reading.statements:
        ast.parse(statement.source)
    for problem in reading.problems:
        assert 1 <= problem.line <= max(1, text.count("\n") + text.count("\r") + 1)


# ---------------------------------------------------------------- in the child

def test_statements_that_parse_but_do_not_compile_cost_only_themselves():
    """A module-level return/yield/await/break/continue/nonlocal, duplicate arguments: the child
    compiles each statement alone, records the failure at its line and runs the rest."""
    from grader.answers import parse_channel
    from grader.sandbox.runner import Limits, SandboxConfig, run

    source = ("a = 1\n"
              "return a\n"
              "b = 2\n"
              "yield b\n"
              "await c\n"
              "break\n"
              "continue\n"
              "nonlocal a\n"
              "def f(x, x):\n    return x\n"
              "c = 3\n"
              "d = " + "-" * 100 + "1\n")
    outcome = run(source, ["a", "b", "c", "d", "f"], limits=Limits(wall_seconds=20, cpu_seconds=5, memory_mb=512),
                  config=SandboxConfig(drop_privileges=False, use_namespace=False))
    child = parse_channel(outcome.channel)
    assert outcome.status == "finished"
    assert child.values["a"] == 1 and child.values["b"] == 2 and child.values["c"] == 3 and child.values["d"] == 1
    assert "f" in child.missing
    assert sorted(e.line for e in child.errors) == [2, 4, 5, 6, 7, 8, 9]
    assert all(e.kind == "SyntaxError" for e in child.errors)
    assert next(e for e in child.errors if e.line == 9).targets == ["f"]


def test_a_stray_clause_after_a_simple_statement_costs_only_itself():
    reading = read_source('a = 1\nphi2 = "indicator"\nelse:\n    b = 2\nc = 3\n')
    assert _lines(reading) == [3] and 'phi2 = "indicator"' in _ran(reading) and "c = 3" in _ran(reading)


def test_a_chunk_whose_brackets_balance_keeps_its_own_error():
    """A missing comma between keyword arguments in column 0 is one error at its line, not a cut."""
    reading = read_source("a = 1\nnet = dict(\nn1=5\nn2=11)\nb = 2\n")
    assert len(reading.problems) == 1 and reading.problems[0].targets == ["net"]
    assert reading.problems[0].line in (3, 4) and "n2=11" not in _ran(reading)


def test_line_numbers_survive_comments_blank_lines_and_form_feeds():
    source = "a = 1\n\n# comment\n\x0c\nb = (\n\n# c\nc = 2\nprint(d)\nx = 1\u2028y = 2\n"
    reading = read_source(source)
    code = "".join(s.source for s in reading.statements if s.line >= 6)
    calls = [n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call)]
    assert calls[0].lineno == 9


def test_a_string_left_open_names_the_answers_it_swallowed():
    reading = read_source('a = 1\ns = """\nglove_parameters = "V*(2*d+2)"\nz = [1, 2]\n')
    assert set(reading.problems[0].targets) >= {"s", "glove_parameters", "z"}
