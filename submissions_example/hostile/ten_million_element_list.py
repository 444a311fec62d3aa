# Answers with ten million elements (a list, an array) and a 10-million-character string.
# Each becomes an "unsupported" marker in the child; the other answers still arrive.
ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
M = [0.0] * 10**7
H_vhp = np.zeros(10**7)
explanation_1_3 = "x" * 10**7
