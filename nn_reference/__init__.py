"""Reference functions: expected answers computed from rubric parameters (SymPy, NumPy).

Each module covers one topic and is shared by every assignment that asks about
it.  Rubric items name them as ``"module:function"``; the function is called
with the rubric's parameters as keyword arguments.
"""
