# Shapes are off: the Hessian is given as a flat list of 9 numbers and z as a 3x1 nested column
# (a column is fine for a vector; the flat 9-list is not a 3x3 matrix).
ASSIGNMENT = "columbia-nndl-hw1"

H = [16, 8, 20, 8, 4, 10, 20, 10, 25]
M = 12
H_vhp = [[16, 4], [4, 1], [8, 2]]
z = [[48], [12], [24]]
