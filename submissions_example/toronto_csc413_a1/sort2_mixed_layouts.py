"""3.1 only: the same Sort_2 with W1 written one row per unit and W2 one column per unit: the
layouts are mixed, so neither reading is correct; transposing W2 fixes it (the `transposed` share)."""

ASSIGNMENT = "toronto-csc413-a1"

sort2_W1 = [[1, -1], [0.5, 0.5]]     # rows: x1 - x2, (x1 + x2)/2
sort2_b1 = [0, 0]
sort2_phi1 = "abs"
sort2_W2 = [[-0.5, 0.5], [1, 1]]     # columns: -h1/2 + h2, h1/2 + h2 (the other convention)
sort2_b2 = [0, 0]
sort2_phi2 = "identity"
