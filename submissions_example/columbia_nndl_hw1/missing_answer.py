# z is never assigned; everything else is right.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
M = 12.0
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
