# Writes a million open brackets on the answer pipe (to crash a recursive JSON parser), then
# a deeply nested but short document, and leaves with os._exit(0) right after.  The parent
# rejects the document without recursing and reports; the honest answers are lost with it.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
fd = int(sys.argv[-1])
os.write(fd, b"[" * 1_000_000 + b"\n")
os.write(fd, b'{"protocol":1,"answers":{"M":' + b"[" * 5000 + b"]" * 5000 + b"}}\n")
os._exit(0)
