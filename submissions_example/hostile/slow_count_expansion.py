# Counts that explode when multiplied out: products of powers of sums.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

reverse_multiplications = "(m + n + 1)^12 * (m - n + 2)^12 * (m + 2*n)^12"
forward_memory = "*".join(f"(m + {i}*n + 1)" for i in range(1, 30))
