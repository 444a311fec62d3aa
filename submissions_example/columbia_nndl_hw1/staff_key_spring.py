"""The spring 2025 staff answers, typed into the template and graded as a spring student.

What it shows:
* 1.1: the key's network decides "is the sequence superincreasing" -- the fall question, while the
  spring handout asks "is x1 the 2nd largest": reported as right for another variant.
* 1.3: the key's Hessian is v v^T for v = [3, 1, 4] (a fall variant's v), not for the question's
  v = [4, 2, 5]: again right for another variant (the rubric records this as the key's erratum).
* Everything else in the key is right.
"""

ASSIGNMENT = "columbia-nndl-hw1"

# 1.1 (key: c = 1, c1 = c2 = c3 = 1, b = -3.5, hard threshold then indicator)
W1 = [[-1, 1, 0, 0],
      [-1, -1, 1, 0],
      [-1, -1, -1, 1]]
b1 = [0, 0, 0]
phi1 = "hard threshold"
w2 = [1, 1, 1]
b2 = -3.5
phi2 = "indicator"

# 1.2 (key)
computation_graph = ["x -> a1", "a1 -> c1", "x -> a2", "a2 -> c2", "c1 -> g", "c2 -> g", "g -> y", "x -> y",
                     "y -> y_prime", "y_prime -> S", "t -> S", "S -> J"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y) @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"

# 1.3 (key)
H = [[9, 3, 12], [3, 1, 4], [12, 4, 16]]
hessian_multiplications = "O(n^2)"
hessian_memory = "O(n^2)"
explanation_1_3 = "The Hessian of this loss is v v^T."

# 1.3.1 (key)
M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
reverse_multiplications = "m*n + m*n + m*n"
reverse_memory = "m*n + m + m*n"
forward_multiplications = "n^2 + n^2 + m*n"
forward_memory = "n^2 + n + m*n"
reverse_order = "O(m*n)"
forward_order = "O(n^2 + m*n)"
forward_better_when = "m > n"

# The spring key has no programming answers.
glove_parameters = None
glove_grad_w_i = None
glove_grad_b_i = None
