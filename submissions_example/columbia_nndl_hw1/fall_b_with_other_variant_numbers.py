"""A fall-2025-b student (1.3.1: v = [4, 2, 1]) who worked 1.3.1 with v = [4, 1, 2] (spring and fall-2025-a).

Every 1.3.1 number is right -- for the other variant; the report says so.  Only 1.3 and the 1.3.1
numbers are answered.
"""

ASSIGNMENT = "columbia-nndl-hw1"

H = [[9, 3, 12], [3, 1, 4], [12, 4, 16]]
M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
