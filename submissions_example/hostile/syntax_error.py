# A syntax error in the middle of the file: the chunks around it still run.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]

M = = 12

z = [48, 12, 24]
