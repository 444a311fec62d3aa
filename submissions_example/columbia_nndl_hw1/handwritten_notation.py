"""The spring-2025 correct answers in students' notation: LaTeX, implicit products (3mn, V(2d + 2)),
handout activation formulas, primes, \\delta_g for an adjoint, a scalar bias (issue 14: every notation is read)."""

ASSIGNMENT = "columbia-nndl-hw1"

import numpy as np

# ---- 1.1: hidden unit j fires when x_{j+1} > x1; x1 is the 2nd largest iff exactly one fires.
W1 = [[-1, 1, 0, 0],
      [-1, 0, 1, 0],
      [-1, 0, 0, 1]]
b1 = 0
phi1 = r"\phi(z) = \mathbb{I}(z > 0)"
w2 = [2, 2, 2]
b2 = -2                      # 2*count - 2 lands in [-1, 1] only when exactly one input exceeds x1
phi2 = r"\mathbb{I}(z \in [-1, 1])"

# ---- 1.2 (spring network)
computation_graph = [
    "x -> a1 -> c1 -> g -> y -> y_prime -> S -> J",
    "x -> a2 -> c2 -> g",
    "x -> y",
    "t -> S",
]
y_prime_bar = "-t / y'"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = r"W_3^T \bar{y}"
c1_bar = r"\bar{g} \odot c_2"
c2_bar = r"\delta_g \circ c_1"
a1_bar = r"\bar{c}_1 \odot \text{ReLU}'(a_1)"
a2_bar = r"\bar{c}_2 \odot \sigma(a_2)(1 - \sigma(a_2))"
x_bar = r"W_1^\top \bar{a}_1 + W_2^\top \bar{a}_2 + W_4^\top \bar{y}"

# ---- 1.3
v = np.array([4, 2, 5])
H = np.outer(v, v)                        # L = 1/2 (v^T x)^2: the Hessian is v v^T, whatever x is
hessian_multiplications = "n²"
hessian_memory = r"\mathcal{O}(n^2)"

# ---- 1.3.1
v2 = np.array([4, 1, 2])
y = np.array([2, 2, 1])
M = float(v2 @ y)
H_vhp = np.outer(v2, v2).tolist()
z = (v2 * M).tolist()
reverse_multiplications = "3mn"
reverse_memory = "2mn + m"
forward_multiplications = "2n^2 + mn"
forward_memory = r"n^2 + n + mn"
reverse_order = "O(mn)"
forward_order = r"\Theta(n^2 + nm)"
forward_better_when = r"m \gt n"

explanation_1_3 = "L = 1/2 (v^T x)^2, so grad L = v v^T x and the Hessian is the constant matrix v v^T."

# ---- Programming: GloVe
glove_parameters = "V(2d + 2)"
glove_grad_w_i = r"2 \tilde{W}^\top (\tilde{W} w_i + b_i + \tilde{b} - logX_i)"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
