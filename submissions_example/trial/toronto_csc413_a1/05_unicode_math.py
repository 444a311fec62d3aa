# -*- coding: utf-8 -*-
# CSC413 A1 (unicode math from my notes app)
ASSIGNMENT = "toronto-csc413-a1"
import numpy as np

grad_w = "(2/n) Xᵀ(Xw − t)"
w_under = "(XᵀX)⁻¹ Xᵀ t"
work_1_2_1 = "∇L = 0"
expected_loss_under = "σ²(1 − d/n)"
work_1_2_2 = "E‖(H − I)ε‖² = σ²(n − d)"
solution_line = "w₁ + w₂ = 3"
work_1_3_1 = "one constraint"
w_min_norm = "Xᵀ(XXᵀ)⁻¹t"
work_1_3_2 = "stays in row space"
expected_loss_over = "0"


def fit_poly(X, d, t):
    Φ = np.polynomial.chebyshev.chebvander(X, d)
    return np.linalg.pinv(Φ) @ t


discussion_1_3_4 = "no"
more_data_hurts = {"n1": 5, "n2": 11, "d": 10}
explanation_1_3_5 = "interpolation peak"

computation_graph = ["x → z1 → h1 → g → y → y_prime → S → J", "x → z2 → h2 → g", "x → y", "t → S"]
y_prime_bar = "−t / y_prime"
y_bar = "y_prime − t"
g_bar = "W3ᵀ y_bar"
h1_bar = "g_bar ⊙ h2"
h2_bar = "g_bar ⊙ h1"
z1_bar = "h1_bar ⊙ step(z1)"
z2_bar = "h2_bar ⊙ σ(z2) ⊙ (1 − σ(z2))"
x_bar = "W1ᵀ z1_bar + W2ᵀ z2_bar + W4ᵀ y_bar"

dJ_dW1 = [[-4, -12, -4], [6, 18, 6], [0, 0, 0]]
dJ_dW2 = [[8, 1, 0], [8, 1, 0], [8, 1, 0]]
norm2_W1 = 572
norm2_W2 = 195
trick_W1 = [11, 52]
trick_W2 = [3, 65]

T_forward_naive = "NKD²"
T_forward_efficient = "NKD²"
M_forward_naive = "O(KD² + NKD)"
M_forward_efficient = "O(KD² + NKD)"
T_backward_naive = "2NKD²"
T_backward_efficient = "NKD²"
M_backward_naive = "O(NKD²)"
M_backward_efficient = "O(KD² + NKD)"
T_norm_naive = "NKD²"
T_norm_efficient = "(2D + 1)NK"
M_norm_naive = "O(NKD²)"
M_norm_efficient = "O(NKD)"

sort2_W1 = [[1/2, -1/2], [1/2, 1/2]]
sort2_b1 = [0, 0]
sort2_phi1 = ["abs", "identity"]
sort2_W2 = [[-1, 1], [1, 1]]
sort2_b2 = [0, 0]
sort2_phi2 = "identity"
sort4_blocks = [[0, 1], [2, 3], [0, 2], [1, 3], [1, 2]]     # 0-indexed positions
W3 = [[0, 0, 1, 0]]
count_W1 = [[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]]
count_b1 = [0, 0, 0]
count_phi1 = "I(z>=0)"
count_w2 = [1, 1, 1]
count_b2 = 1
count_phi2 = "identity"
select_W = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
select_b = [-3, -3, -3, -3]
select_phi = "indicator"
