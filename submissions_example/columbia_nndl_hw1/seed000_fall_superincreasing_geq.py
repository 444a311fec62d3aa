"""The fall 2025 write-up of seed 000 (variant fall-2025-a: v = [3, 1, 4], x = [2, 1, 3]; 1.3.1 v = [4, 1, 2]).

What it shows:
* 1.1: both layers use I(z >= 0); the hidden units then accept ties such as x3 = x1 + x2, which a
  superincreasing sequence must reject (diagnosis wrong_threshold_convention).
* 1.2: the fall network's graph and backward pass, all correct.
* 1.3.1: the forward-mode cost is counted for H (y1 y2^T), an n^2 m product, and the conclusion
  "forward mode wins only when n = 1 and m > 1" differs from the expected one (wrong_region).
"""

ASSIGNMENT = "columbia-nndl-hw1"

# ---- 1.1 superincreasing: h_k checks x_{k+1} - (x_1 + ... + x_k) >= 0, output fires when all three do
W1 = [[-1, 1, 0, 0],
      [-1, -1, 1, 0],
      [-1, -1, -1, 1]]
b1 = [0, 0, 0]
phi1 = "I(z>=0)"
w2 = [1, 1, 1]
b2 = -3
phi2 = "I(z>=0)"

# ---- 1.2 fall network: a1 = W1 x + b1, a2 = W2 x + b2, c1 = sigmoid(a1), u = a1 + a2, c2 = ReLU(u),
#      g = Wg [c1; c2] + bg, y = W3 g + W4 x
computation_graph = [
    "x -> a1", "x -> a2", "a1 -> c1", "a1 -> u", "a2 -> u", "u -> c2",
    "c1 -> g", "c2 -> g", "g -> y", "x -> y", "y -> y_prime", "y_prime -> S", "t -> S", "S -> J",
]
y_prime_bar = "-t / y_prime"
y_bar = "y_prime - t"                                  # the standard softmax + cross-entropy result
g_bar = "W3.T @ y_bar"
c1_bar = "Wg1.T @ g_bar"                               # the first block of Wg^T g_bar
c2_bar = "Wg2.T @ g_bar"
u_bar = "c2_bar * step(u)"                             # ReLU' taken at u, as it should be
a2_bar = "u_bar"
a1_bar = "c1_bar * c1 * (1 - c1) + u_bar"
x_bar = "W4.T @ (y_prime - t) + W1.T @ a1_bar + W2.T @ a2_bar"

# ---- 1.3 (v = [3, 1, 4])
H = [[9, 3, 12], [3, 1, 4], [12, 4, 16]]
hessian_multiplications = "n^2"
hessian_memory = "O(n^2)"
explanation_1_3 = "A = v v^T is symmetric, grad = A x, so the Hessian is A and does not depend on x."

# ---- 1.3.1 (v = [4, 1, 2], y = [2, 2, 1])
M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
reverse_multiplications = "3*n*m"
reverse_memory = "2*n*m + m"
forward_multiplications = "n^2*(1 + m) + n*m"          # H, Y = y1 y2^T, then H Y
forward_memory = "n^2 + 2*n*m"
reverse_order = "O(n*m)"
forward_order = "O(n^2*m)"
forward_better_when = "n = 1 and m > 1"

# ---- GloVe
glove_parameters = "V*(2*d + 2)"
glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
