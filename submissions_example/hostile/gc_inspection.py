# Searches its own process for anything the grader might have left there: every object the
# garbage collector knows, every frame on the stack and their locals, the child script's
# globals.  The request holds only the source, the answer names, probe inputs and limits;
# nothing found may be a rubric, an expected value, or the test's canary secret.
ASSIGNMENT = "columbia-nndl-hw1"
import gc
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

suspicious = ("CANARY", "answer_key", "reference", "rubric", "expected", "[[9, 3, 12]", "hessian_v")
found = set()
for obj in gc.get_objects():
    try:
        if isinstance(obj, dict):
            texts = [k for k in obj if isinstance(k, str)] + [v for v in obj.values() if isinstance(v, str)]
        elif isinstance(obj, (list, tuple)):
            texts = [v for v in obj if isinstance(v, str)]
        else:
            continue
    except Exception:
        continue
    for text in texts:
        if any(word in text for word in suspicious) and "suspicious" not in text:
            found.add(text[:120])
frame = sys._getframe()
while frame is not None:
    for name, value in list(frame.f_locals.items()):
        if isinstance(value, (str, dict, list)) and "CANARY" in repr(value)[:100000]:
            found.add(f"frame local {name}")
    frame = frame.f_back
child = sys.modules.get("__main__")
names = sorted(vars(child)) if child is not None else []
print("child globals:", [n for n in names if not n.startswith("__")][:80], flush=True)
for text in sorted(found):
    if "CANARY" in text:
        print("LEAK", text, flush=True)
    else:
        print("seen", text, flush=True)
