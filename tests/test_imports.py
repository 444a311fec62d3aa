"""Every grader module imports on its own, first, in a fresh interpreter: no import cycle hides behind
the order in which the rest of the code happens to import things.

An import cycle closed at module level fails only when the cycle's *other* module is imported first, so
each module is imported alone: one child interpreter walks the package and, for each module, forgets
every grader module it has imported so far (third-party libraries stay loaded, so this stays cheap) and
imports that module again from scratch.

And no module is longer than a reader takes in at one sitting (``MAX_MODULE_LINES``), but for the named
exceptions in ``LONG_MODULES``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import importlib, json, pkgutil, sys, traceback
import grader

names = sorted(m.name for m in pkgutil.walk_packages(grader.__path__, "grader."))
failures = {}
for name in ["grader", *names]:
    for loaded in [m for m in sys.modules if m == "grader" or m.startswith("grader.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except BaseException:
        failures[name] = traceback.format_exc(limit=-3)
print(json.dumps({"modules": len(names) + 1, "failures": failures}))
"""


def test_every_grader_module_imports_alone_first():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", _CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["modules"] > 50  # the walk found the package, not an empty stand-in
    assert result["failures"] == {}, "\n\n".join(f"{name}:\n{trace}" for name, trace in result["failures"].items())


# Modules over this many lines are split by idea (house style: a module is read in one sitting).
MAX_MODULE_LINES = 700
# Named exceptions only, each with the reason it is still long (none today).
LONG_MODULES: set[str] = set()


def test_no_grader_module_is_too_long():
    lengths = {path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
               for path in sorted((ROOT / "grader").rglob("*.py"))}
    assert len(lengths) > 50  # the walk found the package
    too_long = {path: n for path, n in lengths.items() if n > MAX_MODULE_LINES and path not in LONG_MODULES}
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines (split them by idea): {too_long}"
    assert all(path in lengths for path in LONG_MODULES), "an allowed long module no longer exists: drop it from the list"
