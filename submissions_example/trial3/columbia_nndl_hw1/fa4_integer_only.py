"""Fall 2025, student cu-fall-0001 (variant a). Hidden units test x_{k+1} - sum >= 1 (integers in mind)."""
import numpy as np
ASSIGNMENT = "columbia-nndl-hw1"

# ---- 1.1 superincreasing: h_k checks x_{k+1} - (x_1 + ... + x_k) >= 0, output fires when all three do
W1 = np.array([[-1, 1, 0, 0], [-1, -1, 1, 0], [-1, -1, -1, 1]], dtype=float)

b1 = np.array([-1.0, -1.0, -1.0])               # 'strictly greater' = 'at least 1 more'

phi1 = "I(z>=0)"

w2 = np.ones(3)

b2 = np.float64(-2.5)

phi2 = "I(z>=0)"

computation_graph = [
    "x -> a1", "x -> a2", "a1 -> c1", "a1 -> u", "a2 -> u", "u -> c2",
    "c1 -> g", "c2 -> g", "g -> y", "x -> y", "y -> y_prime", "y_prime -> S", "t -> S", "S -> J",
]
y_prime_bar = "-t / y_prime"
y_bar = "-(t - y_prime)"

g_bar = "W3.T @ y_bar"
c1_bar = "Wg1.T @ g_bar"                               # the first block of Wg^T g_bar
c2_bar = "Wg2.T @ g_bar"
u_bar = "c2_bar * step(u)"                             # ReLU' taken at u, as it should be
a2_bar = "u_bar"
a1_bar = "c1_bar * c1 * (1 - c1) + u_bar"
x_bar = "W4.T @ y_bar + W1.T @ a1_bar + W2.T @ u_bar"   # a2_bar = u_bar

H = [[9, 3, 12], [3, 1, 4], [12, 4, 16]]
hessian_multiplications = "n^2"
hessian_memory = "O(n^2)"
explanation_1_3 = "A = v v^T is symmetric, grad = A x, so the Hessian is A and does not depend on x."

# ---- 1.3.1 (v = [4, 1, 2], y = [2, 2, 1])
M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
reverse_multiplications = "3*n*m"
reverse_memory = "2*n*m + m"
forward_multiplications = "n*(2*n + m)"

forward_memory = "n*(n + 1 + m)"

reverse_order = "O(n*m)"
forward_order = "O(n*(n + m))"

forward_better_when = "m >= n + 1"

glove_parameters = "V*(2*d + 2)"
glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "sum(2 * (W_tilde @ w_i + b_i + b_tilde - logX_i))"
