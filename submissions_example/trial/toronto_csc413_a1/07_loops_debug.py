"""CSC413 A1 -- computed with loops, prints left in for debugging."""
ASSIGNMENT = "toronto-csc413-a1"
import numpy as np

grad_w = "2/n * X.T @ (X @ w - t)"
w_under = "inv(X.T @ X) @ X.T @ t"
work_1_2_1 = "grad = 0"
expected_loss_under = "sigma**2 * (1 - d/n)"
expected_loss_under = "sigma**2 * (n - d) / n"      # same thing, tidier
work_1_2_2 = "trace"
solution_line = "w1 + w2 = 3"
work_1_3_1 = "line"
w_min_norm = "X.T @ inv(X @ X.T) @ t"
work_1_3_2 = "row space"
expected_loss_over = "0"


def fit_poly(X, d, t):
    Phi = np.polynomial.chebyshev.chebvander(X, d)
    if d + 1 <= len(X):
        return np.linalg.solve(Phi.T @ Phi, Phi.T @ t)
    return np.linalg.solve(Phi.T @ Phi + 1e-8 * np.eye(d + 1), Phi.T @ t)   # ridge so it is invertible


discussion_1_3_4 = "no"
more_data_hurts = {"n1": 5, "n2": 11, "d": 10}
explanation_1_3_5 = "peak"

computation_graph = ["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "x -> z2 -> h2 -> g", "x -> y", "t -> S"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
h1_bar = "g_bar * h1"
h2_bar = "g_bar * h1"
z1_bar = "h1_bar * step(z1)"
z2_bar = "h2_bar * sigmoid_prime(z2)"
x_bar = "W1.T @ z1_bar + W2.T @ z2_bar + W4.T @ y_bar"

W1 = [[1, 2, 1], [-2, 1, 0], [1, -2, -1]]
W2 = [[-2, 4, 1], [1, -2, -3], [-3, 4, 6]]
x = [1, 3, 1]
y_err = [1, 1, 1]
z = [sum(W1[i][j] * x[j] for j in range(3)) for i in range(3)]
h = [max(zi, 0) for zi in z]
z_err = [sum(W2[k][i] * y_err[k] for k in range(3)) * (1 if z[i] > 0 else 0) for i in range(3)]
dJ_dW1 = [[z_err[i] * x[j] for j in range(3)] for i in range(3)]
dJ_dW2 = [[y_err[i] * h[j] for j in range(3)] for i in range(3)]
print("DEBUG z", z, "h", h, "z_err", z_err)
norm2_W1 = sum(v * v for row in dJ_dW1 for v in row)
norm2_W2 = sum(v * v for row in dJ_dW2 for v in row)
trick_W1 = [sum(v * v for v in x), sum(v * v for v in z_err)]
trick_W2 = [sum(v * v for v in y_err), sum(v * v for v in h)]
assert trick_W1[0] * trick_W1[1] == norm2_W1

T_forward_naive = "N*K*D**2"
T_forward_efficient = "N*K*D**2"
M_forward_naive = "O(K*D**2 + N*K*D)"
M_forward_efficient = "O(K*D**2 + N*K*D)"
T_backward_naive = "2*N*K*D**2 + N*K*D"
T_backward_efficient = "N*K*D**2"
M_backward_naive = "O(N*K*D**2)"
M_backward_efficient = "O(N*K*D**2)"
T_norm_naive = "N*K*D**2"
T_norm_efficient = "(2*D + 1)*N*K"
M_norm_naive = "O(N*K*D**2)"
M_norm_efficient = "O(N*K*D)"

sort2_W1 = np.array([[0.5, -0.5], [0.5, 0.5]])
sort2_b1 = np.zeros(2)
sort2_phi1 = ["abs", "identity"]
sort2_W2 = np.array([[-1, 1], [1, 1]]).T       # oops, I store columns
sort2_b2 = np.zeros(2)
sort2_phi2 = "identity"
sort4_blocks = []
for i in range(3):                   # bubble sort passes
    for j in range(3 - i):
        sort4_blocks.append([j + 1, j + 2])
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
