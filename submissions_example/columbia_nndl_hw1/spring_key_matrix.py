# Copies the matrix printed in the spring answer key, which was computed for v = [3, 1, 4]
# (a fall variant's vector) instead of the question's v = [4, 2, 5].
ASSIGNMENT = "columbia-nndl-hw1"

H = [[9, 3, 12], [3, 1, 4], [12, 4, 16]]
M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
