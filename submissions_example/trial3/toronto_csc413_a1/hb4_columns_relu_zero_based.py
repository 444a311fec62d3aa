"""Sort_2 in the a^T W convention (one column per unit) with a ReLU unit; 0-based block positions."""
ASSIGNMENT = "toronto-csc413-a1"

import numpy as np

# ---- 1 Linear regression
grad_w = "2/n * X.T @ (X @ w - t)"
w_under = "inv(X.T @ X) @ X.T @ t"
work_1_2_1 = ("At convergence the update is zero, so the gradient 2/n X^T (X w - t) vanishes: X^T X w = X^T t, "
              "and X^T X is invertible when n > d.")
work_1_2_2 = ("With t = X w* + eps, X w_hat - t = (H - I)(X w* + eps) with H = X (X^T X)^-1 X^T; H X = X, so only "
              "(H - I) eps is left. E[eps^T (I - H) eps] = sigma^2 tr(I - H) = sigma^2 (n - d), since tr(H) = "
              "tr((X^T X)^-1 X^T X) = d.")
expected_loss_under = "sigma**2 * (1 - d/n)"
solution_line = "w1 + w2 = 3"
work_1_3_1 = "w^T x1 = w1 + w2 must equal 3: one equation in two unknowns, a whole line of minimisers."
expected_loss_over = "0"
w_min_norm = "X.T @ inv(X @ X.T) @ t"
work_1_3_2 = ("Every gradient X^T (X w - t) lies in the row space of X, so from w = 0 the iterates stay of the form "
              "X^T a. At convergence X X^T a = t, so a = (X X^T)^-1 t.")


def poly_expand(X, d=20, poly_type="chebyshev"):
    if poly_type == "legendre":
        return np.polynomial.legendre.legvander(X, d)
    return np.polynomial.chebyshev.chebvander(X, d)


poly_type = "chebyshev"


def fit_poly(X, d, t):
    X_expand = poly_expand(X, d=d, poly_type=poly_type)
    n = X.shape[0]
    if d + 1 > n:
        W = X_expand.T @ np.linalg.solve(X_expand @ X_expand.T, t)
    else:
        W = np.linalg.solve(X_expand.T @ X_expand, X_expand.T @ t)
    return W


discussion_1_3_4 = ("No. The test error rises as the degree approaches the number of points (the fit must pass "
                    "through every noisy point), then falls again for much larger degrees: the minimum-norm "
                    "interpolant gets smoother as features are added.")
more_data_hurts = {"n1": 5, "n2": 11, "d": 10}
explanation_1_3_5 = ("With d = 10 there are 11 features; at n2 = 11 the system is square and the fit interpolates the "
                     "noise with huge weights, while n1 = 5 gives a small minimum-norm solution.")

# ---- 2 Backpropagation
computation_graph = ["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "x -> z2 -> h2 -> g", "x -> y", "t -> S"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
h1_bar = "g_bar * h2"
h2_bar = "g_bar * h1"
z1_bar = "h1_bar * step(z1)"
z2_bar = "h2_bar * h2 * (1 - h2)"
x_bar = "W1.T @ z1_bar + W2.T @ z2_bar + W4.T @ y_bar"

W1 = np.array([[1, 2, 1], [-2, 1, 0], [1, -2, -1]])
W2 = np.array([[-2, 4, 1], [1, -2, -3], [-3, 4, 6]])
x = np.array([1, 3, 1])
error_y = np.array([1, 1, 1])
z = W1 @ x
h = np.maximum(z, 0)
error_z = (W2.T @ error_y) * (z > 0)
dJ_dW1 = np.outer(error_z, x)
dJ_dW2 = np.outer(error_y, h)
norm2_W1 = int((dJ_dW1 ** 2).sum())
norm2_W2 = int((dJ_dW2 ** 2).sum())
trick_W1 = [int(x @ x), int(error_z @ error_z)]
trick_W2 = [int(error_y @ error_y), int(h @ h)]

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

# ---- 3 Hard-coding networks
sort2_W1 = [[1, 1], [-1, 1]]                  # columns: unit 1 = x1 - x2, unit 2 = x1 + x2

sort2_b1 = [0, 0]

sort2_phi1 = ["abs", "relu"]                 # relu(x1 + x2) = x1 + x2: inputs are positive

sort2_W2 = [[-0.5, 0.5], [0.5, 0.5]]             # columns: y1 = (h2 - h1)/2, y2 = (h2 + h1)/2

sort2_b2 = [0, 0]

sort2_phi2 = "max(0,z)"                     # outputs are positive anyway

sort4_blocks = [[0, 1], [2, 3], [0, 2], [1, 3], [1, 2]]    # merge sort, python indices

W3 = [0, 0, 1, 0]

count_W1 = [[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]]     # h_j = I(x_j - x1 < 0)

count_b1 = [0, 0, 0]
count_phi1 = "I(z<0)"

count_w2 = [1, 1, 1]
count_b2 = 1
count_phi2 = "relu"

select_W = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]

select_b = [-3, -3, -3, -3]

select_phi = "I(|z|<1)"                      # ranks are whole numbers: only rank 3 gives |r - 3| < 1
