# A parameter count that is a 20th power of a sum of squares (close to a million terms).
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

glove_parameters = "((V + d)^2 + (V - d)^2 + V*d + 1)^20"
