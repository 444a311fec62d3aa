"""A strong numpy student: pinv, loops instead of chebvander, hidden units in another order."""
ASSIGNMENT = "toronto-csc413-a1"

import numpy as np

grad_w = "2 * (X.T @ X @ w - X.T @ t) / n"
w_under = "np.linalg.pinv(X) @ t"
work_1_2_1 = "X^T X w = X^T t."
work_1_2_2 = "sigma^2 tr(I - H) / n."
expected_loss_under = "sigma**2 - sigma**2 * d / n"
solution_line = "w1 + w2 - 3 = 0"
work_1_3_1 = "one equation."
expected_loss_over = "0"
w_min_norm = "np.linalg.pinv(X) @ t"
work_1_3_2 = "row space."


def poly_expand(X, d=20, poly_type="chebyshev"):
    X = np.asarray(X, dtype=float)
    cols = [np.ones_like(X), X]
    for _ in range(2, d + 1):
        cols.append(2 * X * cols[-1] - cols[-2])
    return np.stack(cols[: d + 1], axis=1)


poly_type = "chebyshev"


def fit_poly(X, d, t):
    A = poly_expand(X, d=d)
    W, *_ = np.linalg.lstsq(A, t, rcond=None)     # lstsq returns the minimum-norm solution when d + 1 > n
    return W


discussion_1_3_4 = "No: double descent."
more_data_hurts = dict(d=10, n2=11, n1=5)
explanation_1_3_5 = "n2 = 11 interpolates."

computation_graph = ["x -> z2 -> h2 -> g", "x -> z1 -> h1 -> g", "g -> y", "x -> y", "y -> y_prime", "y_prime -> S", "t -> S", "S -> J"]
y_prime_bar = "-(t / y_prime)"
y_bar = "np.dot(softmax_jacobian(y).T, y_prime_bar)"
g_bar = "np.dot(W3.T, y_bar)"
h1_bar = "np.multiply(h2, g_bar)"
h2_bar = "g_bar * h1"
z1_bar = "h1_bar * (z1 > 0)"
z2_bar = "h2_bar * sigmoid(z2) * (1 - sigmoid(z2))"
x_bar = "W4.T @ y_bar + W2.T @ z2_bar + W1.T @ z1_bar"

W1 = np.array([[1, 2, 1], [-2, 1, 0], [1, -2, -1]], dtype=float)
W2 = np.array([[-2, 4, 1], [1, -2, -3], [-3, 4, 6]], dtype=float)
x = np.array([[1.0], [3.0], [1.0]])
z = W1 @ x
delta = (W2.T @ np.ones((3, 1))) * np.heaviside(z, 0)
dJ_dW1 = delta @ x.T
dJ_dW2 = np.ones((3, 1)) @ np.maximum(z, 0).T
norm2_W1 = np.linalg.norm(dJ_dW1) ** 2
norm2_W2 = np.sum(dJ_dW2 * dJ_dW2)
trick_W1 = np.array([(x.T @ x).item(), (delta.T @ delta).item()])
trick_W2 = np.array([3.0, float(np.sum(np.maximum(z, 0) ** 2))])

T_forward_naive = "K*N*D*D"
T_forward_efficient = "N*K*D**2"
M_forward_naive = "O(K*D*(D + N))"
M_forward_efficient = "O(N*K*D + K*D**2)"
T_backward_naive = "N*K*D**2 + N*K*D**2"
T_backward_efficient = "K*N*D**2"
M_backward_naive = "O(K*N*D**2)"
M_backward_efficient = "O(K*D**2 + K*N*D)"
T_norm_naive = "D**2*N*K"
T_norm_efficient = "N*K*(2*D + 1)"
M_norm_naive = "O(N*K*D*D)"
M_norm_efficient = "O(D*K*N)"

# hidden units swapped: (mean, half-distance)
sort2_W1 = np.array([[0.5, 0.5], [0.5, -0.5]])
sort2_b1 = np.zeros(2)
sort2_phi1 = ["identity", "abs"]
sort2_W2 = np.array([[1.0, -1.0], [1.0, 1.0]])
sort2_b2 = np.zeros(2)
sort2_phi2 = "identity"

sort4_blocks = [(1, 2), (3, 4), (2, 4), (1, 3), (2, 3)]    # min to 1, max to 4, then the middle

W3 = np.eye(4)[[2]]

count_W1 = np.array([[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]])
count_b1 = np.zeros(3)
count_phi1 = "step"
count_w2 = np.ones(3)
count_b2 = np.float64(1)
count_phi2 = "identity"

select_W = 3 * np.eye(4)
select_b = np.full(4, -9.0)
select_phi = "indicator"
