# Calls sys.exit(0) halfway: what was assigned before counts, what comes after never runs.
ASSIGNMENT = "columbia-nndl-hw1"
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
sys.exit(0)
M = 12  # never reached
