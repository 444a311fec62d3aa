# Writes bytes that are not UTF-8 to standard output and error.
ASSIGNMENT = "columbia-nndl-hw1"
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
sys.stdout.buffer.write(b"\xff\xfe\xc3\x28 invalid \xed\xa0\x80 utf-8\n")
sys.stdout.buffer.flush()
sys.stderr.buffer.write(b"\x80\x81\x82\n")
sys.stderr.buffer.flush()
