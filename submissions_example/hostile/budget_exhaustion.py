# Answers that together exceed what the parent accepts (a million values), though each looks
# small enough: the child marks the one that does not fit instead of sending a document the
# parent would reject as a whole.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
M = 12
H_vhp = [[0.5] * 1000 for _ in range(240)]
z = [[1.5] * 1000 for _ in range(240)]
