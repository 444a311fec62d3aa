# Prints without end.  The parent keeps draining (a full pipe would only block the child),
# keeps the first bytes, stops the run at the wall clock and says the output was cut.
ASSIGNMENT = "columbia-nndl-hw1"
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
line = "spam " * 200 + "\n"
while True:
    sys.stdout.write(line)
    sys.stderr.write(line)
