# Tries to block on standard input and on the terminal.  Standard input is /dev/null, so every
# read ends at once; there is no terminal.  The run finishes normally.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
try:
    answer = input("score? ")
except EOFError:
    answer = None
data = sys.stdin.read()
raw = os.read(0, 100)
try:
    tty = open("/dev/tty")
    tty.read()
except OSError:
    pass
z = [48, 12, 24]
