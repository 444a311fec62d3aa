ASSIGNMENT = "toronto-csc413-a1"
import numpy as np
from utils import poly_expand      # the starter notebook's helper

grad_w = "2/n * X.T @ (X @ w - t)"
w_under = "inv(X.T @ X) @ X.T @ t"
work_1_2_1 = "normal equations"
expected_loss_under = "sigma**2 * (1 - d/n)"
work_1_2_2 = "trace"
solution_line = "w1 + w2 = 3"
work_1_3_1 = "line"
w_min_norm = "X.T @ inv(X @ X.T) @ t"
work_1_3_2 = "row space"
expected_loss_over = "0"


def fit_poly(X, d, t):
    X_expand = poly_expand(X, d=d, poly_type="chebyshev")
    n = X.shape[0]
    if d + 1 > n:
        return X_expand.T @ np.linalg.solve(X_expand @ X_expand.T, t)
    return np.linalg.solve(X_expand.T @ X_expand, X_expand.T @ t)


discussion_1_3_4 = "no"
more_data_hurts = {"n1": 5, "n2": 11, "d": 10}
explanation_1_3_5 = "peak"

computation_graph = ["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "x -> z2 -> h2 -> g", "x -> y", "t -> S"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
h1_bar = "g_bar * h2"
h2_bar = "g_bar * h1"
z1_bar = "h1_bar * step(z1)"
z2_bar = "h2_bar * sigmoid_prime(z2)"
x_bar = "W1.T @ z1_bar + W2.T @ z2_bar + W4.T @ y_bar"

dJ_dW1 = [[-4, -12, -4], [6, 18, 6], [0, 0, 0]]
dJ_dW2 = [[8, 1, 0], [8, 1, 0], [8, 1, 0]
norm2_W1 = 572
norm2_W2 = 195
trick_W1 = [11, 52]
trick_W2 = [3, 65]

T_forward_naive = "N*K*D^2"
T_forward_efficient = "N*K*D^2"
M_forward_naive = "O(K*D^2 + N*K*D)"
M_forward_efficient = "O(K*D^2 + N*K*D)"
T_backward_naive = "2*N*K*D^2"
T_backward_efficient = "N*K*D^2"
M_backward_naive = "O(N*K*D^2)"
M_backward_efficient = "O(K*D^2 + N*K*D)"
T_norm_naive = "N*K*D^2"
T_norm_efficient = "(2*D + 1)*N*K"
M_norm_naive = "O(N*K*D^2)"
M_norm_efficient = "O(N*K*D)"

sort2_W1 = [[0.5, -0.5], [0.5, 0.5]]
sort2_b1 = [0, 0]
sort2_phi1 = ["abs", "identity"]
sort2_W2 = [[-1, 1], [1, 1]]
sort2_b2 = [0, 0]
sort2_phi2 = "identity"
sort4_blocks = [[1, 2], [3, 4], [1, 3], [2, 4], [2, 3]]
W3 = [[0, 0, 1, 0]]
count_W1 = [[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]]
count_b1 = [0, 0, 0]
count_phi1 = "I(z>0)"
count_w2 = [1, 1, 1]
count_b2 = 1
count_phi2 = "identity"
select_W = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 2]]
select_b = [-6, -6, -6, -6]
select_phi = "indicator"
