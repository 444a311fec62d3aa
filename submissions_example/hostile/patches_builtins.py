# Patches builtins (isinstance, len, float, str, type, repr, sorted) and json so that the
# child's own encoding would lie or crash -- it uses references bound before the submission ran.
ASSIGNMENT = "columbia-nndl-hw1"
import builtins
import json

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
M = 3.0  # wrong

builtins.isinstance = lambda *args: True
builtins.len = lambda *args: 0
builtins.float = lambda *args: 12.0
builtins.str = lambda *args: "12"
builtins.repr = lambda *args: "12"
builtins.sorted = lambda *args, **kwargs: []
builtins.callable = lambda *args: True
json.dumps = lambda *args, **kwargs: '{"protocol": 1, "answers": {"M": 12}}'
