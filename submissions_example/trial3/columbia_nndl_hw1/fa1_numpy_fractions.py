"""Fall 2025, student cu-fall-0001 (variant a). numpy arrays, scaled weights and Fractions everywhere."""
from fractions import Fraction

import numpy as np
ASSIGNMENT = "columbia-nndl-hw1"

# ---- 1.1 superincreasing: h_k checks x_{k+1} - (x_1 + ... + x_k) >= 0, output fires when all three do
W1 = 2 * np.array([[-1, 1, 0, 0], [-1, -1, 1, 0], [-1, -1, -1, 1]])   # scaled by 2: same signs

b1 = np.zeros(3)

phi1 = "I(z>0)"                                 # strict: a tie x3 = x1 + x2 is not superincreasing

w2 = np.array([Fraction(1, 3)] * 3)

b2 = -Fraction(5, 6)                              # 3/3 - 5/6 >= 0, 2/3 - 5/6 < 0

phi2 = "I(z>=0)"

computation_graph = [
    "x -> a1", "x -> a2", "a1 -> c1", "a1 -> u", "a2 -> u", "u -> c2",
    "c1 -> g", "c2 -> g", "g -> y", "x -> y", "y -> y_prime", "y_prime -> S", "t -> S", "S -> J",
]
y_prime_bar = "-t / y_prime"
y_bar = "y_prime - t"                                  # the standard softmax + cross-entropy result
g_bar = "W3.T @ y_bar"
c1_bar = "Wg1.T @ g_bar"                               # the first block of Wg^T g_bar
c2_bar = "Wg2.T @ g_bar"
u_bar = "c2_bar * step(a1 + a2)"                   # u = a1 + a2, so this is ReLU'(u)

a2_bar = "u_bar"
a1_bar = "c1_bar * sigmoid_prime(a1) + u_bar"

x_bar = "W4.T @ (y_prime - t) + W1.T @ a1_bar + W2.T @ a2_bar"

# ---- 1.3 (v = [3, 1, 4])
v = np.array([3, 1, 4])
H = np.outer(v, v)

hessian_multiplications = "n^2"
hessian_memory = "O(n^2)"
explanation_1_3 = "A = v v^T is symmetric, grad = A x, so the Hessian is A and does not depend on x."

# ---- 1.3.1 (v = [4, 1, 2], y = [2, 2, 1])
M = np.int64(12)

v131 = np.array([4, 1, 2])
y131 = np.array([2, 2, 1])
H_vhp = np.outer(v131, v131)

z = np.outer([4, 1, 2], [4, 1, 2]) @ np.array([2, 2, 1])

reverse_multiplications = "3*n*m"
reverse_memory = "2*n*m + m"
forward_multiplications = "2*n^2 + n*m"

forward_memory = "n^2 + n + n*m"

reverse_order = "O(n*m)"
forward_order = "O(n^2 + n*m)"

forward_better_when = "n < m"

glove_parameters = "2*V*(d + 1)"

glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
