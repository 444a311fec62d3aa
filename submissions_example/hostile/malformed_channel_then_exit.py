# Writes invalid UTF-8 and then NaN literals on the answer pipe and exits at once.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
fd = int(sys.argv[-1])
os.write(fd, b'{"protocol":1,"answers":{"M":"\xff\xfe"}}\n')
os.write(fd, b'{"protocol":1,"answers":{"M":NaN,"H":Infinity}}\n')
os._exit(0)
