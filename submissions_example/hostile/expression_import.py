# Answer strings built to run code in a grader that evaluates them: __import__, attribute
# walks to os.system, lambdas, subscripts, dunder escapes, 9**9**9**9, factorial(10**9).
# The numeric items reject strings; tests/test_hostile.py also feeds each string to the
# expression parser, which must refuse it (ExpressionError) quickly.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
HOSTILE_EXPRESSIONS = [
    "__import__('os').system('touch /tmp/pwned_by_expression')",
    "().__class__.__bases__[0].__subclasses__()",
    "(lambda: 1)()",
    "x[0]",
    "x.__class__",
    "9**9**9**9",
    "factorial(10**9)",
    "exec('import os')",
    "open('/etc/passwd').read()",
    "[x for x in ()]",
    "sympify('x')",
    "x if 1 else 2",
    "10**10**10",
    "f'{x}'",
]
z = HOSTILE_EXPRESSIONS[0]
M = HOSTILE_EXPRESSIONS[5]
H_vhp = HOSTILE_EXPRESSIONS[1]
explanation_1_3 = HOSTILE_EXPRESSIONS[6]
