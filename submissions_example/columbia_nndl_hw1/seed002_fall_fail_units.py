"""The fall 2025 write-up of seed 002 (variant fall-2025-b: v = [3, 1, 4], x = [2, 1, 3]; 1.3.1 v = [4, 2, 1]).

What it shows:
* 1.1: "fail" hidden units (h = 1 when a condition fails) with the handout's hard threshold, which the
  fall handout defines as I(z >= 0): a tie such as x3 = x1 + x2 then counts as a failure, as it
  must, so the design is correct. Read with the spring convention I(z > 0) it would accept
  (1, 2, 3, 7): see superincreasing_fail_units_gt.py.
* 1.2: y_prime_bar has the wrong sign and form, Wg's blocks are not transposed (c1_bar, c2_bar), and
  u_bar evaluates ReLU' at c2 instead of u (wrong_node); later steps are graded with the right values.
* 1.3: the "Hessian" handed in is H x (hessian_times_x).
* 1.3.1: the reverse-mode order is given as O(n^2 + nm) (too loose); the conclusion m > n is right.
"""

ASSIGNMENT = "columbia-nndl-hw1"

# ---- 1.1: rows test x1 - x2, x1 + x2 - x3, x1 + x2 + x3 - x4 (positive = the condition fails)
W1 = [[1, -1, 0, 0],
      [1, 1, -1, 0],
      [1, 1, 1, -1]]
b1 = [0, 0, 0]
phi1 = "hard threshold"
w2 = [1, 1, 1]
b2 = 1                      # no failure: 1, inside [-1, 1]; one failure: 2, outside
phi2 = "indicator"

# ---- 1.2
computation_graph = [
    "x -> a1 -> c1 -> g", "x -> a2 -> u", "a1 -> u -> c2 -> g", "g -> y -> y_prime -> S -> J", "x -> y", "t -> S",
]
y_prime_bar = "t - y"
y_bar = "softmax_prime(y) @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = "Wg1 @ g_bar"
c2_bar = "Wg2 @ g_bar"
u_bar = "c2_bar * relu_prime(c2)"
a2_bar = "u_bar"
a1_bar = "u_bar + c1_bar * sigmoid_prime(a1)"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"

# ---- 1.3: H = v v^T for v = [3, 1, 4], then multiplied by x = [2, 1, 3]
H = [57, 19, 76]
hessian_multiplications = "O(n^2)"
hessian_memory = "O(n^2)"

# ---- 1.3.1 (v = [4, 2, 1], y = [2, 2, 1])
M = 13
H_vhp = [[16, 8, 4], [8, 4, 2], [4, 2, 1]]
z = [52, 26, 13]
reverse_multiplications = "3*n*m"
reverse_memory = "2*n*m + m"
forward_multiplications = "2*n^2 + n*m"
forward_memory = "n^2 + n + n*m"
reverse_order = "O(n^2 + n*m)"
forward_order = "O(n^2 + n*m)"
forward_better_when = "m > n"

# ---- GloVe (not in this write-up; left as in the template)
glove_parameters = None
glove_grad_w_i = None
glove_grad_b_i = None
