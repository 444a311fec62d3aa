# A network with 40 hidden units where the rubric fixes 3: once reported as an architecture
# violation only after minutes of exact analysis.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

W1 = [[(i % 7) - 3, (i % 5) - 2, (i % 3) - 1, 1] for i in range(40)]
b1 = [(i % 4) - 2 for i in range(40)]
phi1 = "relu"
w2 = [(-1) ** i for i in range(40)]
b2 = 0
phi2 = "I(z>0)"
