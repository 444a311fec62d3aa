"""A1 answers."""
ASSIGNMENT = "toronto-csc413-a1"
import numpy as np

grad_w = "2/n * X.T @ (X @ w - t)"
w_under = "X.T @ inv(X @ X.T) @ t"
work_1_2_1 = "gradient zero"
work_1_2_2 = "trace trick"
expected_loss_under = "sigma**2 * d / n"
solution_line = "w1 = 1.5"
work_1_3_1 = "the min norm point is (1.5, 1.5)"
expected_loss_over = "0"
w_min_norm = "X.T @ inv(X @ X.T) @ t"
work_1_3_2 = "row space"


def fit_poly(X, d, t):
    A = np.polynomial.legendre.legvander(X, d)
    return np.linalg.pinv(A) @ t


discussion_1_3_4 = "No."
more_data_hurts = {"n1": 5, "n2": 11, "d": 10}
explanation_1_3_5 = "interpolation threshold"

computation_graph = ["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "x -> z2 -> h2 -> g", "x -> y", "t -> S"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
h1_bar = "g_bar * h1"
h2_bar = "g_bar * h2"
z1_bar = "h1_bar * step(z1)"
z2_bar = "h2_bar * h2 * (1 - h2)"
x_bar = "W1.T @ z1_bar + W2.T @ z2_bar + W4.T @ y_bar"

W1 = np.array([[1, 2, 1], [-2, 1, 0], [1, -2, -1]])
W2 = np.array([[-2, 4, 1], [1, -2, -3], [-3, 4, 6]])
x = np.array([1, 3, 1])
error_y = np.array([1, 1, 1])
z = W1 @ x
error_z = (W2.T @ error_y) * (z > 0)
dJ_dW1 = np.outer(x, error_z)             # numerator layout
dJ_dW2 = np.outer(error_y, z)             # h = z here
norm2_W1 = 572
norm2_W2 = int((dJ_dW2 ** 2).sum())
trick_W1 = [int(error_z @ error_z), int(x @ x)]
trick_W2 = [int(error_y @ error_y), int(z @ z)]

T_forward_naive = "O(N*K*D^2)"
T_forward_efficient = "N*K*D^2"
M_forward_naive = "K*D^2 + N*K*D"
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
sort2_W2 = [[1, 1], [1, -1]]          # (max, min)
sort2_b2 = [0, 0]
sort2_phi2 = "identity"

sort4_blocks = [[1, 2], [2, 3], [3, 4], [1, 2], [2, 3], [1, 2]]

W3 = [[0, 0, 1, 0]]

count_W1 = [[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]]
count_b1 = [0, 0, 0]
count_phi1 = "I(z>0)"
count_w2 = [1, 1, 1]
count_b2 = 0
count_phi2 = "identity"

select_W = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 2]]
select_b = [-6, -6, -6, -6]
select_phi = "indicator"
