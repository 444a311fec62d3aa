# Raises SystemExit with values that are not small integers: True, an integer too large to
# print, an object.  (sys.exit(True) used to put a JSON boolean in the envelope.)
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]


class Code:
    def __repr__(self):
        raise RuntimeError("no repr for you")


try:
    raise SystemExit(Code())
except SystemExit:
    pass
raise SystemExit(True)
