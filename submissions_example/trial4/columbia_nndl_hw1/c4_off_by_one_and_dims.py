"""NNDL hw1 spring 2025."""
ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np

W1 = [[-1, 1, 0, 0],
      [-1, 0, 1, 0],
      [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "I(z>0)"
w2 = [2, 2, 2]
b2 = -1
phi2 = "indicator"

computation_graph = [
    "x -> a1", "c1 -> a1", "c1 -> g", "g -> y", "y -> y_prime", "y_prime -> S", "S -> J",
    "x -> a2", "a2 -> c2", "c2 -> g", "x -> y", "t -> S",
]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar"

v = np.array([4, 2, 5])
H = 0.5 * np.outer(v, v)           # L has a 1/2 in front
hessian_multiplications = "n^3"
hessian_memory = "O(n)"

v2 = np.array([4, 1, 2])
y = np.array([2, 2, 1])
M = int(v2 @ y)
H_vhp = np.outer(v2, v2)
z = (M * y).tolist()
reverse_multiplications = "3*(m - 1)*n"
reverse_memory = "2*m*n + n"
forward_multiplications = "n^2 + m*n"
forward_memory = "2*(n^2 + n + m*n)"
reverse_order = "O(3*m*n)"
forward_order = "O(n^2 + m*n)"
forward_better_when = "m > n + 1"

explanation_1_3 = "d2L/dx2 = 1/2 v v^T. Costs counted per loop."

glove_parameters = "2*d + 2"
glove_grad_w_i = "2 * (W_tilde @ w_i + b_i + b_tilde - logX_i).T @ W_tilde"
glove_grad_b_i = "2 * (W_tilde @ w_i + b_i + b_tilde - logX_i)"
