# Closes the answer pipe halfway.  H was already sent in a snapshot; z, assigned after the
# close, cannot reach the parent.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
os.close(int(sys.argv[-1]))
z = [48, 12, 24]
