"""CSC413 a1 (incomplete)"""
ASSIGNMENT = "toronto-csc413-a1"
import numpy as np

grad_w = "2/n * X @ (X.T @ w - t)"
w_under = None
work_1_2_1 = ""
work_1_2_2 = ""
expected_loss_under = "sigma**2 * (1 - d/n)"
solution_line = "w2 = 3 - w1"
work_1_3_1 = "line"
expected_loss_over = "0"
w_min_norm = "X.T @ inv(X @ X.T) @ t"
work_1_3_2 = ""


def fit_poly(X, d, t):
    return np.polyfit(X, t, d)[::-1]


discussion_1_3_4 = ""
more_data_hurts = None
explanation_1_3_5 = ""

computation_graph = None
y_prime_bar = "t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = None
h1_bar = None
h2_bar = None
z1_bar = None
z2_bar = None
x_bar = None

W1 = np.array([[1, 2, 1], [-2, 1, 0], [1, -2, -1]])
W2 = np.array([[-2, 4, 1], [1, -2, -3], [-3, 4, 6]])
x = np.array([1, 3, 1])
error_y = np.array([1, 1, 1])
z = W1 @ x
h = np.maximum(z, 0)
error_z = (W2.T @ error_y) * (z > 0)
dJ_dW1 = np.outer(error_z, x)
dJ_dW2 = np.outer(error_y, h)
norm2_W1 = int(x @ x + error_z @ error_z)     # ||x||^2 + ||dz||^2
norm2_W2 = 195
trick_W1 = [int(x @ x), int(error_z @ error_z)]
trick_W2 = [int(error_y @ error_y), int(h @ h)]

T_forward_naive = "O(N*K*D^2)"
T_forward_efficient = "O(N*K*D^2)"
M_forward_naive = "O(N*K*D^2)"
M_forward_efficient = "O(N*K*D^2)"
T_backward_naive = "O(N*K*D^2)"
T_backward_efficient = "O(N*K*D^2)"
M_backward_naive = "O(N*K*D^2)"
M_backward_efficient = "O(N*K*D^2)"
T_norm_naive = "O(N*K*D^2)"
T_norm_efficient = "O(N*K*D^2)"
M_norm_naive = "O(N*K*D^2)"
M_norm_efficient = "O(N*K*D^2)"

sort2_W1 = [[0.5, -0.5], [0.5, 0.5]]
sort2_b1 = [0, 0]
sort2_phi1 = "relu"
sort2_W2 = [[-1, 1], [1, 1]]
sort2_b2 = [0, 0]
sort2_phi2 = "identity"

sort4_blocks = [[1, 2], [3, 4], [1, 3], [2, 4]]

W3 = [[0, 0, 1, 0]]

count_W1 = [[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]]
count_b1 = [0, 0, 0]
count_phi1 = "relu"
count_w2 = [1, 1, 1]
count_b2 = 1
count_phi2 = "identity"

select_W = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 2]]
select_b = [-6, -6, -6, -6]
select_phi = "indicator"
