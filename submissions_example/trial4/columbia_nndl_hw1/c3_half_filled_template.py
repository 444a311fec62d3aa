"""Template, only partly done (ran out of time)."""
ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np

W1 = [[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "I(z>0)"
w2 = None
b2 = None
phi2 = "indicator"

computation_graph = None
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = None
c2_bar = None
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))"
x_bar = None

v = np.array([4, 2, 5])
H = np.outer(v, v)
hessian_multiplications = "O(n)"
hessian_memory = None

M = 12.0
H_vhp = None
z = [48, 12, 24]
reverse_multiplications = "3*m*n"
reverse_memory = None
forward_multiplications = "2*n^2 + m*n"
forward_memory = "n^2 + n + m*n"
reverse_order = None
forward_order = None
forward_better_when = None

explanation_1_3 = ""

glove_parameters = "2*V*d + 2"
glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = None
