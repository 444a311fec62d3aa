"""CSC413 A1 -- pasted from my LaTeX write-up."""
ASSIGNMENT = "toronto-csc413-a1"
import numpy as np

grad_w = r"\frac{2}{n} X^\top (Xw - t)"
w_under = r"(X^\top X)^{-1} X^\top t"
work_1_2_1 = r"Setting $\nabla L = 0$ gives $X^\top X w = X^\top t$."
expected_loss_under = r"\sigma^2 (n - d)"
work_1_2_2 = r"$E[\epsilon^\top (I - H)\epsilon] = \sigma^2 \mathrm{tr}(I-H)$."
solution_line = r"w_1 + w_2 = 3"
work_1_3_1 = "one equation, two unknowns"
w_min_norm = r"X^\top (X X^\top)^{-1} t"
work_1_3_2 = "iterates stay in the row space of X"
expected_loss_over = "0"


def fit_poly(X, d, t):
    Phi = np.polynomial.chebyshev.chebvander(X, d)
    return np.linalg.pinv(Phi) @ t


discussion_1_3_4 = "No -- double descent."
more_data_hurts = {"n1": 5, "n2": 11, "d": 10}
explanation_1_3_5 = "interpolation threshold at n = d + 1"

computation_graph = ["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "x -> z2 -> h2 -> g", "x -> y", "t -> S"]
y_prime_bar = r"-t \oslash y'"
y_bar = r"y' - t"
g_bar = r"W_3^\top \bar{y}"
h1_bar = r"\bar{g} \odot h_2"
h2_bar = r"\bar{g} \odot h_1"
z1_bar = r"\bar{h}_1 \odot \mathbb{1}[z_1 > 0]"
z2_bar = r"\bar{h}_2 \odot h_2 \odot (1 - h_2)"
x_bar = r"W_1^\top \bar{z}_1 + W_2^\top \bar{z}_2 + W_4^\top \bar{y}"

dJ_dW1 = [[-4, -12, -4], [6, 18, 6], [0, 0, 0]]
dJ_dW2 = [[8, 1, 0], [8, 1, 0], [8, 1, 0]]
norm2_W1 = 572
norm2_W2 = 195
trick_W1 = [11, 52]
trick_W2 = [3, 65]

T_forward_naive = r"NKD^2"
T_forward_efficient = r"NKD^2"
M_forward_naive = r"\mathcal{O}(KD^2 + NKD)"
M_forward_efficient = r"\mathcal{O}(KD^2 + NKD)"
T_backward_naive = r"2NKD^2"
T_backward_efficient = r"NKD^2"
M_backward_naive = r"\mathcal{O}(NKD^2)"
M_backward_efficient = r"\mathcal{O}(KD^2 + NKD)"
T_norm_naive = r"NKD^2"
T_norm_efficient = r"(2D+1)NK"
M_norm_naive = r"\mathcal{O}(NKD^2)"
M_norm_efficient = r"\mathcal{O}(NKD)"

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
