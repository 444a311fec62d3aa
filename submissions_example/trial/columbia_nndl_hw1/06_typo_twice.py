ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np
import torch   # not needed for the written part

W1 = [[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "I(z>0)"
w2 = [2, 2, 2]
b2 = -2
phi2 = "indicator"

computation_graph = ["x -> a1", "a1 -> c1", "c1 -> g", "x -> a2", "a2 -> c2", "c2 -> g",
                     "g -> y", "x -> y", "y -> y_prime", "y_prime -> S", "t -> S", "S -> J"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"

# first try (wrong v)
H = [[9, 3, 12], [3, 1, 4], [12, 4, 16]]
# fixed: v = [4, 2, 5]
H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
hessian_multiplications = "n^2"
hessian_memory = "O(n^2"

M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
reverse_multiplications = "3*m*n"
reverse_memory = "2*m*n + m"
forward_multiplications = "2*n^2 + m*n"
forward_memory = "n^2 + n + m*n"
reverse_order = "O(m*n)
forward_order = "O(n^2 + m*n)"
forward_better_when = "m > n"
forward_better_when = m > n      # as a python comparison
explanation_1_3 = "H = v v^T; forward mode is better when m > n."
glove_parameters = "V*(2*d+2)"
glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
