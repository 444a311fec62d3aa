# Computes 10**10**10 (ten billion digits) at the top level.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
huge = 10**10**10
M = 12  # reached only if the exponentiation fails fast
