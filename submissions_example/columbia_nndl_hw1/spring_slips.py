"""A spring 2025 student with realistic slips.

* 1.1: w2 = [1, 1, 1], b2 = -1 with the indicator: when no input exceeds x1 (x1 is the largest) the
  pre-activation is exactly -1, which the closed interval [-1, 1] accepts (indicator_closed_interval:
  the staff key's remark about b = -3 in the superincreasing version).
* 1.2: ReLU' evaluated at the ReLU's output c1 instead of its input a1 (seed 002's slip, here in the
  spring network; wrong_node, although the values agree), and x_bar without the direct path W4.
* 1.3.1: memory of reverse mode without the m entries of v^T Y (missing_term), and "m >= n"
  (boundary: at m = n both modes cost the same).
* GloVe: the biases left out of the parameter count (biases_not_counted) and the gradients without
  the factor 2 (constant_factor).
"""

ASSIGNMENT = "columbia-nndl-hw1"

import numpy as np

W1 = [[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "I(z>0)"
w2 = [1, 1, 1]
b2 = -1
phi2 = "indicator"

computation_graph = ["x -> a1 -> c1 -> g -> y -> y_prime -> S -> J", "x -> a2 -> c2 -> g", "x -> y", "t -> S"]
y_prime_bar = "-t / y_prime"
y_bar = "y_prime - t"
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(c1)"
a2_bar = "c2_bar * sigmoid_prime(a2)"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar"

v = np.array([4, 2, 5])
H = np.outer(v, v)
hessian_multiplications = "n^2"
hessian_memory = "n^2"

M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
reverse_multiplications = "3*m*n"
reverse_memory = "2*m*n"
forward_multiplications = "2*n^2 + m*n"
forward_memory = "n^2 + n + m*n"
reverse_order = "O(m*n)"
forward_order = "O(n^2 + m*n)"
forward_better_when = "m >= n"

glove_parameters = "2*V*d"
glove_grad_w_i = "W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
