"""CSC413 A1 -- my answers."""
ASSIGNMENT = "toronto-csc413-a1"
import numpy as np

grad_w = "X.T @ (X @ w - t)"
w_under = "inv(X @ X.T) @ X.T @ t"
work_1_2_1 = "set gradient to zero and solve"
work_1_2_2 = "expected value of the residual"
expected_loss_under = "sigma**2 * (n - d)"
solution_line = "w1 + w2 = 3"
work_1_3_1 = "one equation two unknowns"
expected_loss_over = "sigma**2 * (1 - d/n)"
w_min_norm = "inv(X.T @ X) @ X.T @ t"
work_1_3_2 = "same as before"


def poly_expand(X, d=20, poly_type="chebyshev"):
    return np.polynomial.chebyshev.chebvander(X, d)


def fit_poly(X, d, t):
    X_expand = poly_expand(X, d=d)
    return np.linalg.solve(X_expand.T @ X_expand, X_expand.T @ t)   # normal equations


discussion_1_3_4 = "Yes, more parameters always overfit."
more_data_hurts = {"n1": 11, "n2": 5, "d": 10}
explanation_1_3_5 = "n = 11 is worse"

computation_graph = ["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "x -> z2 -> h2 -> g", "t -> S"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
h1_bar = "g_bar * h2"
h2_bar = "g_bar * h1"
z1_bar = "h1_bar"
z2_bar = "h2_bar * h2 * (1 - h2)"
x_bar = "W1.T @ z1_bar + W2.T @ z2_bar + W4.T @ y_bar"

W1 = np.array([[1, 2, 1], [-2, 1, 0], [1, -2, -1]])
W2 = np.array([[-2, 4, 1], [1, -2, -3], [-3, 4, 6]])
x = np.array([1, 3, 1])
error_y = np.array([1, 1, 1])
z = W1 @ x
h = np.maximum(z, 0)
error_z = W2.T @ error_y                  # backprop through W2
dJ_dW1 = np.outer(error_z, x)
dJ_dW2 = np.outer(h, error_y)
norm2_W1 = int((dJ_dW1 ** 2).sum())
norm2_W2 = 195
trick_W1 = [int(x @ x), int(error_z @ error_z)]
trick_W2 = [int(h @ h), int(error_y @ error_y)]

T_forward_naive = "N*K*D^2"
T_forward_efficient = "N*K*D^2"
M_forward_naive = "O(K*D^2 + N*K*D)"
M_forward_efficient = "O(K*D^2 + N*K*D)"
T_backward_naive = "N*K*D^2"
T_backward_efficient = "N*K*D^2"
M_backward_naive = "O(N*K*D^2)"
M_backward_efficient = "O(K*D^2 + N*K*D)"
T_norm_naive = "N*K*D^2"
T_norm_efficient = "O(N*K*D)"
M_norm_naive = "O(N*K*D^2)"
M_norm_efficient = "O(N*K*D)"

sort2_W1 = [[0.5, -0.5], [0.5, 0.5]]
sort2_b1 = [0, 0]
sort2_phi1 = ["abs", "identity"]
sort2_W2 = [[1, 1], [-1, 1]]
sort2_b2 = [0, 0]
sort2_phi2 = "identity"

sort4_blocks = [[1, 2], [2, 3], [3, 4], [1, 2], [2, 3]]   # bubble sort

W3 = [[0, 0, 0, 1]]

count_W1 = [[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]]
count_b1 = [0, 0, 0]
count_phi1 = "I(z>0)"
count_w2 = [1, 1, 1]
count_b2 = 1
count_phi2 = "identity"

select_W = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 2]]
select_b = [-6, -6, -6, -6]
select_phi = "indicator"
