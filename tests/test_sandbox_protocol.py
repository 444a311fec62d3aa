"""Both sides of the answer channel read one protocol module (grader/sandbox/protocol.py).

The child runs with ``python -I`` and must import nothing of the ``grader`` package, so it loads
protocol.py by path; these tests check that it really gets the same bounds and tags as the
grader, that it still imports no grader module, and that the module stays import-free."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from fractions import Fraction

from grader import answers
from grader.sandbox import protocol, runner

PROTOCOL_FILE = runner.CHILD_SCRIPT.with_name("protocol.py")


def _child_module():
    spec = importlib.util.spec_from_file_location("grader_sandbox_child_for_protocol", runner.CHILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines functions only: main() runs under __main__
    return module


CHILD = _child_module()


def test_child_and_grader_share_the_bounds_and_tags():
    for name in ("MAX_INT_DIGITS", "MAX_STRING", "MAX_JSON_DEPTH", "MAX_UNITS", "MAX_ERRORS", "NAME_CHARS",
                 "TAG_FLOAT", "TAG_FRACTION", "TAG_ARRAY", "TAG_DICT", "TAG_FUNCTION", "TAG_UNSUPPORTED"):
        assert getattr(CHILD, name) == getattr(protocol, name), name
    for name in ("MAX_DEPTH", "MAX_ELEMENTS", "MAX_INT_DIGITS", "MAX_STRING"):
        assert getattr(answers, name) == getattr(protocol, name), name
    assert CHILD.SCRATCH_DIRS == runner.SHARED_SCRATCH == protocol.SHARED_SCRATCH
    # The child's bounds sit inside the grader's, so what it sends is never refused for size.
    assert CHILD.MAX_JSON_DEPTH + 4 < protocol.MAX_DEPTH and CHILD.MAX_UNITS < protocol.MAX_ELEMENTS


def test_what_the_child_encodes_the_grader_decodes():
    value = {"a": [1, 2.5, float("nan"), float("-inf")], "f": Fraction(1, 3), "fn": len, "o": object()}
    snapshot = CHILD._Budget(CHILD.MAX_UNITS, 1 << 30).answer(value)
    decoded = answers.decode_value(json.loads(snapshot))
    assert decoded["a"][:2] == [1, 2.5] and decoded["f"] == Fraction(1, 3)
    assert decoded["fn"] == answers.FunctionRef("len") and answers.type_name(decoded["o"]) == "object"


def test_request_framing_round_trips():
    body = b'{"answers": []}'
    framed = protocol.frame_request(body)
    assert protocol.request_length(framed[:protocol.REQUEST_LENGTH_BYTES]) == len(body)
    assert framed[protocol.REQUEST_LENGTH_BYTES:] == body


def test_protocol_module_imports_nothing():
    tree = ast.parse(PROTOCOL_FILE.read_text(encoding="utf-8"))
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]


def test_isolated_child_loads_the_protocol_without_grader_modules():
    probe = (
        "import runpy, sys\n"
        f"namespace = runpy.run_path({str(runner.CHILD_SCRIPT)!r}, run_name='not_main')\n"
        "assert namespace['TAG_ARRAY'] == '$array', namespace['TAG_ARRAY']\n"
        "print(sorted(name for name in sys.modules if name == 'grader' or name.startswith('grader.')))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
