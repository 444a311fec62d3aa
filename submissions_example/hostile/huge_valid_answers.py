# Huge but valid: a correct network with weights of 50-digit integers, a parameter count written
# as a long sum that cancels to the right answer, a big-O class with many lower-order terms.
# All must be graded as right (and quickly).
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

S = 10**50
W1 = [[-S, S, 0, 0], [-S, 0, S, 0], [-S, 0, 0, S]]
b1 = [0, 0, 0]
phi1 = "I(z>0)"
w2 = [2, 2, 2]
b2 = -2
phi2 = "indicator"
glove_parameters = "2*V*d + 2*V + " + " + ".join(f"{i}*V*d - {i}*d*V" for i in range(1, 25))
hessian_memory = "O(n^2 + " + " + ".join(f"{i}*n" for i in range(1, 80)) + ")"
