# A fully correct submission (spring 2025 parameters: v = [4, 2, 5], x = [1, 4, 3]; 1.3.1: v = [4, 1, 2], y = [2, 2, 1]).
ASSIGNMENT = "columbia-nndl-hw1"

import numpy as np

v = np.array([4, 2, 5])
H = np.outer(v, v)                      # L = 1/2 (v^T x)^2, so the Hessian is v v^T, whatever x is

v2 = np.array([4, 1, 2])
y = np.array([2, 2, 1])
M = float(v2 @ y)                       # reverse mode: v^T y first ...
H_vhp = np.outer(v2, v2).tolist()       # forward mode: the Hessian first ...
z = (v2 * M).tolist()                   # ... both give z = H y

explanation_1_3 = "L = 1/2 (v^T x)^2, so grad L = v v^T x and the Hessian is v v^T."
