# A condition comparing two products of twenty sums (2^20 terms each once multiplied out).
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

forward_better_when = "*".join(f"(m + {i})" for i in range(1, 21)) + " > " + "*".join(f"(n + {i})" for i in range(1, 21))
