# An activation of nested abs, about a hundred characters (127): each level doubles the
# pieces, and the exact analysis of the network once ran for minutes with memory growing.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

W1 = [[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(z - 1) - 2) - 3) - 1) - 2) - 3) - 1) - 2) - 3) - 1) - 2) - 3) - 1) - 2)"
w2 = [2, 2, 2]
b2 = -2
phi2 = "indicator"
