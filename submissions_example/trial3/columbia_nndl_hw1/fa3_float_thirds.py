"""Fall 2025, student cu-fall-0001 (variant a). Thirds written as 0.333."""
import numpy as np
ASSIGNMENT = "columbia-nndl-hw1"

# ---- 1.1 superincreasing: h_k checks x_{k+1} - (x_1 + ... + x_k) >= 0, output fires when all three do
W1 = [[-0.5, 0.5, 0, 0], [-0.333, -0.333, 0.333, 0], [-0.333, -0.333, -0.333, 0.333]]

b1 = [0.0, 0.0, 0.0]

phi1 = ["I(z>0)", "I(z>0)", "I(z>0)"]

w2 = [0.333, 0.333, 0.333]                        # 'average' of the three tests

b2 = -1

phi2 = "I(z>=0)"

computation_graph = [
    "x -> a1", "x -> a2", "a1 -> c1", "a1 -> u", "a2 -> u", "u -> c2",
    "c1 -> g", "c2 -> g", "g -> y", "x -> y", "y -> y_prime", "y_prime -> S", "t -> S", "S -> J",
]
y_prime_bar = "-t / y_prime"
y_bar = "y_prime - t"                                  # the standard softmax + cross-entropy result
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar.T @ Wg1"

c2_bar = "Wg2.T @ g_bar"
u_bar = "c2_bar * step(u)"                             # ReLU' taken at u, as it should be
a2_bar = "u_bar"
a1_bar = "c1_bar * c1 * (1 - c1) + u_bar"
x_bar = "W4.T @ (y_prime - t) + W1.T @ a1_bar + W2.T @ a2_bar"

# ---- 1.3 (v = [3, 1, 4])
H = (np.array([[3], [1], [4]]) @ np.array([[3, 1, 4]])).tolist()

hessian_multiplications = "n^2"
hessian_memory = "O(n^2)"
explanation_1_3 = "A = v v^T is symmetric, grad = A x, so the Hessian is A and does not depend on x."

# ---- 1.3.1 (v = [4, 1, 2], y = [2, 2, 1])
M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
reverse_multiplications = "3*n*m"
reverse_memory = "2*n*m + m"
forward_multiplications = "2*n^2 + n*m"

forward_memory = "n^2 + n + n*m"

reverse_order = "O(n*m)"
forward_order = "O(n^2 + n*m)"

forward_better_when = "m > n"

glove_parameters = "2*V*d + 2*V"

glove_grad_w_i = "2 * (W_tilde @ w_i + b_i + b_tilde - logX_i).T @ W_tilde"

glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
