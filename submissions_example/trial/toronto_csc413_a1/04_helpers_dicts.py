"""A1.  Answers grouped in dicts by question, unpacked at the bottom."""
ASSIGNMENT = "toronto-csc413-a1"
import numpy as np

q1 = dict(
    grad_w="(2/n) * X.T @ (X @ w - t)",
    w_under="inv(X.T @ X) @ X.T @ t",
    work_1_2_1="gradient vanishes",
    expected_loss_under="sigma**2 - sigma**2*d/n",
    work_1_2_2="trace trick",
    solution_line="w1 = w2 = 1.5",
    work_1_3_1="symmetric",
    w_min_norm="X.T @ inv(X @ X.T) @ t",
    work_1_3_2="row space",
    expected_loss_over="sigma**2 * (1 - n/d)",
)


def fit_poly(X, d, t):
    A = np.polynomial.chebyshev.chebvander(X, d)
    return np.linalg.lstsq(A, t, rcond=None)[0]


q1.update(discussion_1_3_4="no", more_data_hurts={"n1": 5, "n2": 11, "d": 10}, explanation_1_3_5="peak")


def chain(*nodes):
    return " -> ".join(nodes)


q2 = {
    "computation_graph": [chain("x", "z1", "h1", "g", "y", "y_prime", "S", "J"), chain("x", "z2", "h2", "g"),
                          chain("x", "y"), chain("t", "S")],
    "y_prime_bar": "-t / y_prime",
    "y_bar": "y_prime - t",
    "g_bar": "W3.T @ y_bar",
    "h1_bar": "g_bar * h2",
    "h2_bar": "g_bar * h1",
    "z1_bar": "h1_bar * step(z1)",
    "z2_bar": "-h2_bar * sigmoid_prime(z2)",
    "x_bar": "W1.T @ z1_bar + W2.T @ z2_bar + W4.T @ y_bar",
}
W1 = np.array([[1, 2, 1], [-2, 1, 0], [1, -2, -1]])
W2 = np.array([[-2, 4, 1], [1, -2, -3], [-3, 4, 6]])
x = np.array([1, 3, 1]); ybar = np.ones(3)
zz = W1 @ x
hh = np.maximum(zz, 0)
zbar = (W2.T @ ybar) * (zz > 0)
q2.update(dJ_dW1=np.outer(zbar, x), dJ_dW2=np.outer(ybar, hh), norm2_W1=572, norm2_W2=195,
          trick_W1=[11, 52], trick_W2=[3, 65])
q2.update(T_forward_naive="NKD^2", T_forward_efficient="NKD^2", M_forward_naive="O(KD^2 + NKD)",
          M_forward_efficient="O(KD^2 + NKD)", T_backward_naive="2NKD^2", T_backward_efficient="NKD^2",
          M_backward_naive="O(NKD^2)", M_backward_efficient="O(KD^2 + NKD)", T_norm_naive="NKD^2",
          T_norm_efficient="2NKD + NK", M_norm_naive="O(NKD^2)", M_norm_efficient="O(NKD)")
q3 = {
    "sort2_W1": [[1, -1], [1, 1]], "sort2_b1": [0, 0], "sort2_phi1": ["abs", "identity"],
    "sort2_W2": [[0.5, 0.5], [-0.5, 0.5]], "sort2_b2": [0, 0], "sort2_phi2": "identity",
    "sort4_blocks": [[1, 2], [3, 4], [1, 3], [2, 4], [2, 3]],
    "W3": [0, 0, 1, 0],
    "count_W1": [[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]], "count_b1": [0, 0, 0],
    "count_phi1": "I(z>0)", "count_w2": [1, 1, 1], "count_b2": 1, "count_phi2": "identity",
    "select_W": [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 2]],
    "select_b": [-6, -6, -6, -6], "select_phi": "indicator",
}
for part in (q1, q2, q3):
    for name, value in part.items():
        globals()[name] = value
