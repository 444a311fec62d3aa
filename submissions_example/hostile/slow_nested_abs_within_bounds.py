# Nested abs just inside the expression bound (8 levels, 256 pieces): the network's exact
# analysis exceeds its region bound, so it may only fail on a counterexample confirmed in exact
# arithmetic (or go to staff review, or run out of its check budget) -- never pass, never hang.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

W1 = [[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "abs(abs(abs(abs(abs(abs(abs(abs(z - 1) - 2) - 3) - 1) - 2) - 3) - 1) - 2)"
w2 = [2, 2, 2]
b2 = -2
phi2 = "indicator"
