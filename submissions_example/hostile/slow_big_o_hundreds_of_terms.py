# Big-O answers padded with hundreds of terms (one once took 233 s): 300 terms (refused: too many
# parts), 90 terms that parse and are checked, and a product of sixty sums.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

hessian_multiplications = " + ".join(f"n^{i % 3}" for i in range(300))
reverse_order = "O(" + "*".join(f"(m + n + {i})" for i in range(60)) + ")"
forward_order = "O(" + " + ".join("m*n" for _ in range(90)) + ")"
