"""Running a submission in isolation: the grading process's side, and the child.

``runner`` starts a run and collects its outcome (``uids`` for a uid of its own, ``sweep`` for
what it leaves behind, ``channel`` for the answer pipe, ``zygote`` for pre-loaded children in a
batch); ``child/`` is the package that runs the student's code, which imports nothing of
``grader``.  See docs/isolation.md.
"""
