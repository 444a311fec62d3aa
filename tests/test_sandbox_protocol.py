"""Both sides of the answer channel read one protocol module (grader/sandbox/child/protocol.py).

The child runs with ``python -I`` as a package of its own and must import nothing of the
``grader`` package; these tests check that its modules import only the standard library, numpy
and each other, that what it encodes the grader decodes, that the protocol module stays
import-free, and that a real isolated child loads no grader module."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from fractions import Fraction

from grader import answers
from grader.sandbox import runner
from grader.sandbox.child import encoding, protocol

CHILD_FILES = sorted(runner.CHILD_PACKAGE.glob("*.py"))
ALLOWED_THIRD_PARTY = {"numpy"}


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((0, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.level, node.module or ""


def test_the_child_imports_only_the_standard_library_numpy_and_itself():
    stdlib = set(sys.stdlib_module_names) | {"_json"}
    for path in CHILD_FILES:
        for level, module in _imports(path):
            top = module.split(".")[0]
            if level:  # relative: a sibling in the child package
                assert (runner.CHILD_PACKAGE / f"{top}.py").exists(), (path.name, module)
            else:
                assert top in stdlib or top in ALLOWED_THIRD_PARTY or top == "sandbox_child", (path.name, module)


def test_the_childs_bounds_sit_inside_the_graders():
    for name in ("MAX_DEPTH", "MAX_ELEMENTS", "MAX_INT_DIGITS", "MAX_STRING"):
        assert getattr(answers, name) == getattr(protocol, name), name
    assert runner.SHARED_SCRATCH == protocol.SHARED_SCRATCH
    # What the child sends is never refused for size.
    assert protocol.MAX_JSON_DEPTH + 4 < protocol.MAX_DEPTH and protocol.MAX_UNITS < protocol.MAX_ELEMENTS


def test_what_the_child_encodes_the_grader_decodes():
    value = {"a": [1, 2.5, float("nan"), float("-inf")], "f": Fraction(1, 3), "fn": len, "o": object()}
    snapshot = encoding.Budget(protocol.MAX_UNITS, 1 << 30).answer(value)
    decoded = answers.decode_value(json.loads(snapshot))
    assert decoded["a"][:2] == [1, 2.5] and decoded["f"] == Fraction(1, 3)
    assert decoded["fn"] == answers.FunctionRef("len") and answers.type_name(decoded["o"]) == "object"


def test_request_framing_round_trips():
    body = b'{"answers": []}'
    framed = protocol.frame_request(body)
    assert protocol.request_length(framed[:protocol.REQUEST_LENGTH_BYTES]) == len(body)
    assert framed[protocol.REQUEST_LENGTH_BYTES:] == body


def test_protocol_module_imports_nothing():
    assert not list(_imports(runner.CHILD_PACKAGE / "protocol.py"))


def test_isolated_child_loads_its_package_without_grader_modules():
    probe = (
        "import runpy, sys\n"
        f"entry = runpy.run_path({str(runner.CHILD_PACKAGE)!r}, run_name='not_main')\n"
        "entry['_load_package']()\n"
        "import sandbox_child.main, sandbox_child.zygote\n"
        "from sandbox_child.protocol import TAG_ARRAY\n"
        "assert TAG_ARRAY == '$array', TAG_ARRAY\n"
        "print(sorted(name for name in sys.modules if name == 'grader' or name.startswith('grader.')))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
