"""A strong student who pastes LaTeX from an Overleaf write-up; tuples and Fractions for numbers."""
ASSIGNMENT = "toronto-csc413-a1"

from fractions import Fraction
import numpy as np

grad_w = r"\frac{2}{n}\left(X^\top X w - X^\top t\right)"
w_under = r"\left(X^\top X\right)^{-1} X^\top t"
work_1_2_1 = "Gradient zero at convergence: X^T X w = X^T t."
work_1_2_2 = "E||(I - H) eps||^2 = sigma^2 tr(I - H) = sigma^2 (n - d), divided by n."
expected_loss_under = r"\frac{\sigma^{2}\left(n - d\right)}{n}"
solution_line = r"w_2 = 3 - w_1"
work_1_3_1 = "w1 + w2 = 3."
expected_loss_over = "0.0"
w_min_norm = r"X^\top\left(X X^\top\right)^{-1} t"
work_1_3_2 = "Iterates stay in the row space of X."


def poly_expand(X, d=20, poly_type="chebyshev"):
    if poly_type == "legendre":
        return np.polynomial.legendre.legvander(X, d)
    return np.polynomial.chebyshev.chebvander(X, d)


poly_type = "chebyshev"


def fit_poly(X, d, t):
    # pinv: least squares when n > d + 1, minimum-norm interpolant otherwise (what GD from 0 converges to)
    return np.linalg.pinv(poly_expand(X, d=d, poly_type=poly_type)) @ t


discussion_1_3_4 = "Double descent: error peaks near d + 1 = n, then falls."
more_data_hurts = {"n1": 5, "n2": 11, "d": 10}
explanation_1_3_5 = "n2 = d + 1 interpolates the noise."

computation_graph = ["t -> S", "S -> J", "y_prime -> S", "y -> y_prime", "x -> y", "g -> y",
                     "h2 -> g", "h1 -> g", "z2 -> h2", "z1 -> h1", "x -> z2", "x -> z1"]
y_prime_bar = r"-\frac{t}{y'}"
y_bar = r"\left(\operatorname{softmax\_jacobian}(y)\right)^\top \bar{y}'"
g_bar = r"\mathbf{W}_3^\top \bar{\mathbf{y}}"
h1_bar = r"\bar{g} \odot h_2"
h2_bar = r"h_1 \odot \bar{g}"
z1_bar = r"\bar{h}_1 \odot \mathbb{1}[z_1 > 0]"
z2_bar = r"\bar{h}_2 \odot \sigma(z_2)\left(1 - \sigma(z_2)\right)"
x_bar = r"W_1^\top \bar{z}_1 + W_2^\top \bar{z}_2 + W_4^\top \bar{y}"

# 2.2: z = W1 x = (8, 1, -6), h = (8, 1, 0); error_z = (W2^T 1) * 1[z > 0] = (-4, 6, 0)
dJ_dW1 = ((-4, -12, -4), (6, 18, 6), (0, 0, 0))
dJ_dW2 = ((8, 1, 0), (8, 1, 0), (8, 1, 0))
norm2_W1 = Fraction(572)
norm2_W2 = Fraction(195)
trick_W1 = (Fraction(11), Fraction(52))
trick_W2 = (Fraction(3), Fraction(65))

T_forward_naive = r"N K D^{2}"
T_forward_efficient = r"D^2 K N"
M_forward_naive = r"\mathcal{O}\left(KD^2 + NKD\right)"
M_forward_efficient = r"\mathcal{O}\left(KD(D + N)\right)"
T_backward_naive = r"2 N K D^2"
T_backward_efficient = r"NKD^2"
M_backward_naive = r"\mathcal{O}(NKD^2)"
M_backward_efficient = r"O(NKD + KD^2)"
T_norm_naive = r"NKD^2"
T_norm_efficient = r"2NKD + NK"
M_norm_naive = r"\mathcal{O}(D^2 N K)"
M_norm_efficient = r"\Theta(NKD)"

# 3: hidden layer scaled by 2, output layer by 1/2
sort2_W1 = ((1, -1), (1, 1))
sort2_b1 = (0, 0)
sort2_phi1 = ("abs", "identity")
sort2_W2 = ((Fraction(-1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
sort2_b2 = (0, 0)
sort2_phi2 = "identity"

sort4_blocks = ((1, 3), (2, 4), (1, 2), (3, 4), (2, 3))

W3 = ((0, 0, 1, 0),)

count_W1 = ((2, -2, 0, 0), (2, 0, -2, 0), (2, 0, 0, -2))
count_b1 = (0, 0, 0)
count_phi1 = r"\mathbb{1}[z > 0]"
count_w2 = (1, 1, 1)
count_b2 = Fraction(1)
count_phi2 = "linear"

select_W = ((4, 0, 0, 0), (0, 4, 0, 0), (0, 0, 4, 0), (0, 0, 0, 4))
select_b = (-12, -12, -12, -12)
select_phi = "indicator"
