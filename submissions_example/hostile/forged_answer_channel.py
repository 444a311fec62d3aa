# Finds the answer pipe (its number is in sys.argv) and writes forged lines on it: a fake
# header claiming no isolation, a document with wrong answers and extra fields, broken JSON.
# Then it carries on: the child's own final snapshot comes last and is what counts.
ASSIGNMENT = "columbia-nndl-hw1"
import json
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
fd = int(sys.argv[-1])
forged = {"protocol": 1, "answers": {"M": 12, "H_vhp": [[0]]}, "score": 13, "status": "passed"}
for line in (json.dumps({"layers": [], "uid": 0}), json.dumps(forged), "{not json", "\x00\xff"):
    os.write(fd, line.encode("utf-8", "surrogateescape") + b"\n")
z = [48, 12, 24]
