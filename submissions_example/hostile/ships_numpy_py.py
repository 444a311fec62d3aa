# Writes its own numpy.py next to itself, puts its directory first on sys.path, and reloads
# numpy, hoping the grader (or a later run) imports the fake.  The grader never imports from a
# run directory, and the child's numpy is already loaded.
ASSIGNMENT = "columbia-nndl-hw1"
import importlib
import os
import sys

with open("numpy.py", "w") as handle:
    handle.write("allclose = lambda *a, **k: True\narray_equal = allclose\nprint('fake numpy ran inside the submission process (its own code, harmless)')\n")
sys.path.insert(0, os.getcwd())
import numpy

try:
    importlib.reload(numpy)
except Exception:
    pass
H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
