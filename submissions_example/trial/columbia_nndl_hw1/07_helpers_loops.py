"""Everything computed by small helpers so I can check it numerically."""
ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np
import itertools


def network(x, W1, b1, w2, b2):
    h = (np.array(W1).T @ x + b1 > 0).astype(float)     # my W1 is stored column-per-unit
    s = w2 @ h + b2
    return float(-1 <= s <= 1)


# 1.1 -- columns are the hidden units
W1 = np.array([[-1, -1, -1],
               [ 1,  0,  0],
               [ 0,  1,  0],
               [ 0,  0,  1]])
b1 = np.zeros(3)
phi1 = "I(z>0)"
w2 = np.array([2, 2, 2])
b2 = -2
phi2 = "indicator"

ok = 0
for perm in itertools.permutations([1, 2, 3, 4]):
    x = np.array(perm, dtype=float)
    want = float(sorted(perm)[-2] == perm[0])
    ok += network(x, W1, b1, w2, b2) == want
print("1.1 checks", ok, "/ 24")

edges = []
for a, b in [("x", "a1"), ("a1", "c1"), ("c1", "g"), ("x", "a2"), ("a2", "c2"), ("c2", "g"),
             ("g", "y"), ("x", "y"), ("y", "y_prime"), ("y_prime", "S"), ("t", "S"), ("S", "J"),
             ("a1", "a2")]:
    edges.append(f"{a} -> {b}")
computation_graph = edges

y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "y_bar.T @ W3"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid_prime(a2)"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"


def hessian(v):
    n = len(v)
    return [[v[i] * v[j] for j in range(n)] for i in range(n)]


H = hessian([4, 2, 5])
hessian_multiplications = "n^2"
hessian_memory = "n^2"
v = [4, 1, 2]
y = [2, 2, 1]
M = sum(vi * yi for vi, yi in zip(v, y))
H_vhp = hessian(v)
z = [sum(H_vhp[i][j] * y[j] for j in range(3)) for i in range(3)]
print("debug", M, z)
reverse_multiplications = "3*m*n"
reverse_memory = "2*m*n + m"
forward_multiplications = "2*n^2 + m*n"
forward_memory = "n^2 + n + m*n"
reverse_order = "O(m*n)"
forward_order = "O(n^2 + m*n)"
forward_better_when = "m > n"
explanation_1_3 = "see helper hessian()"
glove_parameters = "V*(2*d + 2)"
glove_grad_w_i = "2 * (W_tilde @ w_i + b_i + b_tilde - logX_i).T @ W_tilde"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
