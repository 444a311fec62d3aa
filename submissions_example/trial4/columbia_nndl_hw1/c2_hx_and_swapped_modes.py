"""Spring hw1. W1 written with one column per hidden unit."""
ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np

W1 = [[-1, -1, -1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "I(z>0)"
w2 = [2, 2, 2]
b2 = -2
phi2 = "indicator"

computation_graph = [
    "x -> a1 -> c1 -> g -> y -> y_prime -> S -> J",
    "x -> a2 -> c2 -> g",
    "x -> y",
    "t -> S",
    "a1 -> c2",
]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3 @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"

v = np.array([4, 2, 5])
x = np.array([1, 4, 3])
H = (np.outer(v, v) @ x).tolist()      # Hessian applied at x
hessian_multiplications = "O(n^2)"
hessian_memory = "3"

M = 12
H_vhp = np.outer(v, v).tolist()         # same v as before
z = (np.array(H_vhp) @ np.array([2, 2, 1])).tolist()
reverse_multiplications = "2*n^2 + m*n"
reverse_memory = "2*m*n + m"
forward_multiplications = "3*m*n"
forward_memory = "n^2 + n + m*n"
reverse_order = "O(n^2 + m*n)"
forward_order = "O(m*n)"
forward_better_when = "m >= n"

explanation_1_3 = "H = v v^T x. Reverse builds H first so it costs more."

glove_parameters = "2*V*d"
glove_grad_w_i = "W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde)"
