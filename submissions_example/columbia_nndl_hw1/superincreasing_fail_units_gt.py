"""Seed 002's "fail unit" network with the threshold written explicitly as I(z > 0) (fall-2025-b).

With the strict threshold a tie such as x3 = x1 + x2 does not fire the fail unit, so the network
says "superincreasing" for (1, 2, 3, 7): wrong_threshold_convention. Compare
seed002_fall_fail_units.py, where the fall handout's hard threshold I(z >= 0) makes it correct.
Only 1.1 is answered.
"""

ASSIGNMENT = "columbia-nndl-hw1"

W1 = [[1, -1, 0, 0],
      [1, 1, -1, 0],
      [1, 1, 1, -1]]
b1 = [0, 0, 0]
phi1 = "I(z>0)"
w2 = [1, 1, 1]
b2 = 1
phi2 = "indicator"
