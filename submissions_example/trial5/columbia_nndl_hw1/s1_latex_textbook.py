"""Spring 2025. A strong student who writes LaTeX as in the lecture notes; 1.1 counts the inputs ABOVE x1."""
ASSIGNMENT = "columbia-nndl-hw1"

from fractions import Fraction

# 1.1: unit j fires when x_{j+1} > x1 (weights scaled by 5, a step does not care); x1 is 2nd largest iff exactly one fires
W1 = ((-5, 5, 0, 0), (-5, 0, 5, 0), (-5, 0, 0, 5))
b1 = (0, 0, 0)
phi1 = "heaviside"
w2 = (Fraction(2), Fraction(2), Fraction(2))
b2 = Fraction(-2)                      # 2*count - 2 is in [-1, 1] iff count = 1
phi2 = "I(z in [-1,1])"

computation_graph = [
    "t -> S", "x -> y", "x -> a2", "x -> a1",
    "a1 -> c1", "a2 -> c2", "c2 -> g", "c1 -> g",
    "g -> y", "y -> y_prime", "y_prime -> S", "S -> J",
]
y_prime_bar = r"-\frac{t}{y'}"
y_bar = r"\left(\operatorname{softmax\_jacobian}(y)\right)^\top \bar{y}'"
g_bar = r"W_3^\top \bar{y}"
c1_bar = r"\bar{g} \odot c_2"
c2_bar = r"c_1 \odot \bar{g}"
a1_bar = r"\bar{c}_1 \odot \mathbb{1}[a_1 > 0]"
a2_bar = r"\bar{c}_2 \odot \sigma(a_2) \odot \left(1 - \sigma(a_2)\right)"
x_bar = r"W_4^\top \bar{y} + W_1^\top \bar{a}_1 + W_2^\top \bar{a}_2"

# 1.3: L = 1/2 (v^T x)^2, Hessian v v^T
H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
hessian_multiplications = r"n \cdot n"
hessian_memory = r"\mathcal{O}(n^{2})"

M = Fraction(12)                       # v^T y = 8 + 2 + 2
H_vhp = ((16, 4, 8), (4, 1, 2), (8, 2, 4))
z = (Fraction(48), Fraction(12), Fraction(24))
reverse_multiplications = r"3nm"
reverse_memory = r"m + 2nm"
forward_multiplications = r"n(2n + m)"
forward_memory = r"n(n + m + 1)"
reverse_order = r"\mathcal{O}(nm)"
forward_order = r"O\left(n(n+m)\right)"
forward_better_when = r"n < m"

explanation_1_3 = "grad L = v v^T x, so the Hessian is v v^T whatever x is."

glove_parameters = r"2V(d + 1)"
glove_grad_w_i = r"2\,\tilde{W}^\top\left(\tilde{W} w_i + b_i + \tilde{b} - \log X_i\right)"
glove_grad_b_i = r"2 \sum \left(\tilde{W} w_i + b_i + \tilde{b} - \log X_i\right)"
