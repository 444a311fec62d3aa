# Closes standard output and error, then prints (which fails) and carries on.
ASSIGNMENT = "columbia-nndl-hw1"
import os

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
os.close(1)
os.close(2)
print("anyone there?")
z = [48, 12, 24]
