"""Spring 2025 (default term). 1.1 asks x1 - x_j >= 1 (integer inputs in mind)."""
ASSIGNMENT = "columbia-nndl-hw1"

import numpy as np

# ---- 1.1: hidden unit j fires when x_{j+1} > x1; x1 is the 2nd largest iff exactly one fires.
W1 = [[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]]

b1 = [-1, -1, -1]                                   # 'x1 > x_j' written as 'x1 - x_j >= 1'

phi1 = "I(z>=0)"

w2 = [2, 2, 2]

b2 = -4

phi2 = "indicator"

computation_graph = [
    "x -> a1 -> c1 -> g -> y -> y_prime -> S -> J",
    "x -> a2 -> c2 -> g",
    "x -> y",
    "t -> S",
]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"

# ---- 1.3
v = np.array([4, 2, 5])
H = np.outer(v, v)                        # L = 1/2 (v^T x)^2: the Hessian is v v^T, whatever x is
hessian_multiplications = "n^2"          # one product v_i v_j per entry
hessian_memory = "O(n^2)"

# ---- 1.3.1
v2 = np.array([4, 1, 2])
y = np.array([2, 2, 1])
M = float(v2 @ y)
H_vhp = np.outer(v2, v2).tolist()
z = (v2 * M).tolist()
reverse_multiplications = "3*m*n"        # Y = y1 y2^T, r = v^T Y, Z = v r
reverse_memory = "2*m*n + m"
forward_multiplications = "2*n^2 + m*n"  # H = v v^T, H y1, (H y1) y2^T
forward_memory = "n^2 + n + m*n"
reverse_order = "O(m*n)"
forward_order = "O(n^2 + m*n)"
forward_better_when = "m > n"            # 2n^2 + mn < 3mn  <=>  n < m

explanation_1_3 = "L = 1/2 (v^T x)^2, so grad L = v v^T x and the Hessian is the constant matrix v v^T."

# ---- Programming: GloVe
glove_parameters = "V*(2*d + 2)"
glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
