"""Every grader module imports on its own, first, in a fresh interpreter: no import cycle hides behind
the order in which the rest of the code happens to import things.

An import cycle closed at module level fails only when the cycle's *other* module is imported first, so
each module is imported alone: one child interpreter walks the package and, for each module, forgets
every grader module it has imported so far (third-party libraries stay loaded, so this stays cheap) and
imports that module again from scratch.
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
