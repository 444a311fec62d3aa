"""Realistic slips across the assignment (none of them from a seed write-up).

* 1.2.2: sigma^2 (n - d), the expectation of the summed loss, without the 1/n (constant_factor, n).
* 1.3.2: the under-parameterised formula used when d > n: X^T X is singular there (not_finite).
* 1.3.4: fit_poly with the least-squares formula in both regimes: right on the cases with fewer
  features than points; with more features X^T X is singular (partial credit per case).
* 1.3.5: a setting where more data helps, as the grader's run of the experiment shows (claim_refuted).
* 2.2.1: the Jacobians in numerator layout (transposed): accepted at full credit.
* 2.2.3: the naive backward pass without the per-example weight gradients (constant_factor 1/2) and
  the memory of the efficient norm computation given as O(N K D^2) (too_loose).
* 3.1: Sort_2 outputs (max, min) (outputs_swapped).  3.2: bubble sort with one block missing.
"""

ASSIGNMENT = "toronto-csc413-a1"

import numpy as np

grad_w = "2/n * X.T @ (X @ w - t)"
w_under = "inv(X.T @ X) @ X.T @ t"
work_1_2_1 = "The gradient is zero at convergence."
expected_loss_under = "sigma^2 * (n - d)"
work_1_2_2 = "Trace trick."
solution_line = "w1 + w2 = 3"
work_1_3_1 = "One equation, two unknowns."
w_min_norm = "inv(X.T @ X) @ X.T @ t"
work_1_3_2 = "Same as before."
expected_loss_over = "0"


def fit_poly(X, d, t):
    X_expand = np.polynomial.chebyshev.chebvander(X, d)
    return np.linalg.inv(X_expand.T @ X_expand) @ X_expand.T @ t     # the same formula for every d


discussion_1_3_4 = "Yes, higher degrees always overfit."
more_data_hurts = {"n1": 20, "n2": 40, "d": 10}
explanation_1_3_5 = "More points make the fit worse."

computation_graph = ["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "x -> z2 -> h2 -> g", "x -> y", "t -> S"]
y_prime_bar = "-t / y_prime"
y_bar = "y_prime - t"
g_bar = "W3.T @ y_bar"
h1_bar = "g_bar * h2"
h2_bar = "g_bar * h1"
z1_bar = "h1_bar * step(z1)"
z2_bar = "h2_bar * sigmoid_prime(z2)"
x_bar = "W1.T @ z1_bar + W2.T @ z2_bar + W4.T @ y_bar"

dJ_dW1 = [[-4, 6, 0], [-12, 18, 0], [-4, 6, 0]]
dJ_dW2 = [[8, 8, 8], [1, 1, 1], [0, 0, 0]]
norm2_W1 = 572
norm2_W2 = 195
trick_W1 = [11, 52]
trick_W2 = [3, 65]

T_forward_naive = "N*K*D^2"
T_forward_efficient = "N*K*D^2"
M_forward_naive = "O(K*D^2 + N*K*D)"
M_forward_efficient = "O(K*D^2 + N*K*D)"
T_backward_naive = "N*K*D^2"
T_backward_efficient = "N*K*D^2"
M_backward_naive = "O(N*K*D^2)"
M_backward_efficient = "O(K*D^2 + N*K*D)"
T_norm_naive = "N*K*D^2"
T_norm_efficient = "(2*D + 1)*N*K"
M_norm_naive = "O(N*K*D^2)"
M_norm_efficient = "O(N*K*D^2)"

sort2_W1 = [[0.5, 0.5], [0.5, -0.5]]   # symmetric weights: (max, min) in either layout
sort2_b1 = [0, 0]
sort2_phi1 = "abs"
sort2_W2 = [[1, 1], [1, -1]]
sort2_b2 = [0, 0]
sort2_phi2 = "identity"

sort4_blocks = [[1, 2], [2, 3], [3, 4], [1, 2], [2, 3]]

W3 = [[0, 0, 1, 0]]
count_W1 = [[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]]
count_b1 = [0, 0, 0]
count_phi1 = "I(z>0)"
count_w2 = [1, 1, 1]
count_b2 = 0
count_phi2 = "identity"
select_W = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
select_b = [-3, -3, -3, -3]
select_phi = "indicator"
