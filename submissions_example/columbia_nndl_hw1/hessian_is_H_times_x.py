# The mistake from a fall 2025 write-up: after finding H = v v^T the student multiplies it by the
# given x, so the "Hessian" handed in is the 3-vector H x (the gradient), not the matrix H.
ASSIGNMENT = "columbia-nndl-hw1"

import numpy as np

v = np.array([4, 2, 5])
x = np.array([1, 4, 3])
H = (np.outer(v, v) @ x).tolist()       # = [108, 54, 135]

M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
