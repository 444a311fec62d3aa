# NaN and infinities where numbers are expected (NaN != NaN would fool a careless comparison).
ASSIGNMENT = "columbia-nndl-hw1"
import math

import numpy as np

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
M = float("nan")
H_vhp = np.full((3, 3), np.inf)
H_vhp[0, 0] = -np.inf
H_vhp[1, 1] = math.nan
