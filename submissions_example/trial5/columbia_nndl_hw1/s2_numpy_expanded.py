"""Spring 2025. A strong numpy student: answers built with np.*, expanded algebra, its own orderings."""
ASSIGNMENT = "columbia-nndl-hw1"

import numpy as np

# 1.1: count the inputs below x1 with a sigmoid-free step; 2nd largest iff exactly 2 are below
W1 = np.eye(4)[[0, 0, 0]] - np.eye(4)[[1, 2, 3]]          # rows x1 - x_j
b1 = np.zeros((3, 1))
phi1 = "step"
w2 = np.ones((1, 3))
b2 = np.array([-2.0])                                     # count - 2
phi2 = "I(|z| <= 0.5)"

computation_graph = ["x -> a2 -> c2 -> g", "x -> a1 -> c1 -> g", "g -> y", "x -> y", "y -> y_prime -> S -> J", "t -> S"]
y_prime_bar = "-(t / y_prime)"
y_bar = "np.dot(softmax_jacobian(y).T, y_prime_bar)"
g_bar = "np.dot(W3.T, y_bar)"
c1_bar = "np.multiply(c2, g_bar)"
c2_bar = "np.multiply(g_bar, c1)"
a1_bar = "c1_bar * (a1 > 0)"
a2_bar = "c2_bar * sigmoid_prime(a2)"
x_bar = "W1.T @ a1_bar + W4.T @ y_bar + W2.T @ a2_bar"

v = np.array([4, 2, 5])
H = v[:, None] * v[None, :]
hessian_multiplications = "n**2"
hessian_memory = "O(n*n)"

v2 = np.array([4, 1, 2])
y = np.array([2, 2, 1])
M = np.dot(v2, y)
H_vhp = np.outer(v2, v2)
z = H_vhp @ y                        # H y = v (v^T y) = M v
reverse_multiplications = "m*n + m*n + m*n"
reverse_memory = "2*n*m + m"
forward_multiplications = "n*m + 2*n**2"
forward_memory = "n*m + n**2 + n"
reverse_order = "O(n*m)"
forward_order = "O(n**2 + n*m)"
forward_better_when = "m - n > 0"

explanation_1_3 = "Hessian of 1/2 (v.x)^2 is the outer product v v^T."

glove_parameters = "2*V*d + 2*V"
glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i - logX_i) + 2 * W_tilde.T @ (b_tilde + b_i)"
glove_grad_b_i = "np.sum(2 * (b_i + b_tilde + W_tilde @ w_i - logX_i))"
