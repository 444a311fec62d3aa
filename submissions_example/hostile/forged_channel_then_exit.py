# Writes a forged answer document with fields the protocol does not have (a score), then
# leaves with os._exit(0), so the forgery is the last line on the pipe.  The parent must
# reject it and say so; a student who breaks their own channel loses their answers, nothing more.
ASSIGNMENT = "columbia-nndl-hw1"
import json
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
forged = {"protocol": 1, "answers": {"H": H, "z": z, "M": 12, "H_vhp": H}, "score": 13}
os.write(int(sys.argv[-1]), json.dumps(forged).encode() + b"\n")
os._exit(0)
