# HW1 -- NNDL spring 2025
ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np

# 1.1  unit j fires if x_{j+1} > x1
W1 = np.array([[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]])
b1 = np.zeros(3)
phi1 = "hard_threshold"
w2 = np.array([2., 2., 2.])
b2 = -2.0
phi2 = "indicator"

# 1.2
computation_graph = ["x -> a1", "a1 -> c1", "c1 -> g", "x -> a2", "a2 -> c2", "c2 -> g",
                     "g -> y", "x -> y", "y -> y_prime", "y_prime -> S", "t -> S", "S -> J"]
y_prime_bar = "-t / y_prime"
y_bar = "y_prime - t"                    # softmax + CE shortcut
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid_prime(a2)"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"

# 1.3
v = np.array([4, 2, 5]); x = np.array([1, 4, 3])
H = np.outer(v, v) @ x        # Hessian evaluated at x
hessian_multiplications = "O(n^2)"
hessian_memory = "O(n^2)"

# 1.3.1
v131 = np.array([4, 1, 2]); y = np.array([2, 2, 1])
M = v131 @ y
H_vhp = np.outer(v131, v131)
z = H_vhp @ y
reverse_multiplications = "3*m*n"
reverse_memory = "2*m*n + m"
forward_multiplications = "2*n**2 + m*n"
forward_memory = "n**2 + n + m*n"
reverse_order = "O(m*n)"
forward_order = "O(n**2 + m*n)"
forward_better_when = "m > n"
explanation_1_3 = "grad L = v v^T x, differentiate again: H = v v^T."

glove_parameters = "2*V*d"      # two embeddings per word
glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
