# Writes a 24 MB line on the answer pipe (three times the limit), then carries on.  The parent
# discards the oversized line as it arrives (its memory stays bounded) and grades the child's
# own final snapshot.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
fd = int(sys.argv[-1])
block = b'{"protocol":1,"answers":{"M":[' + b"1," * 500_000
for _ in range(24):
    os.write(fd, block)
os.write(fd, b"1]}}\n")
z = [48, 12, 24]
