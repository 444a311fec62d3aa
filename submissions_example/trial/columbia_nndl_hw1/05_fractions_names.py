"""NNDL HW1.  I used fractions so nothing is rounded."""
ASSIGNMENT = "columbia-nndl-hw1"
from fractions import Fraction as F

W1 = [[F(-1), F(1), F(0), F(0)], [F(-1), F(0), F(1), F(0)], [F(-1), F(0), F(0), F(1)]]
b1 = [F(0)] * 3
phi1 = "I(z>0)"
w2 = [F(1, 2)] * 3
b2 = F(-1, 2)                 # (count - 1)/2 in [-1, 1]  <=> count in {-1,...,3}?? checked count=1 -> 0
phi2 = "indicator"

computation_graph = ["x->a1", "a1->c1", "c1->g", "x->a2", "a2->c2", "c2->g", "g->y", "x->y",
                     "y->y_prime", "y_prime->S", "t->S", "S->J"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(c1)"          # ReLU'(a1) = 1 exactly where c1 > 0
a2_bar = "c2_bar * sigmoid_prime(a2)"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"

v = [4, 2, 5]
H = [[F(a * b) for b in v] for a in v]
hessian_multiplications = "n^2"
hessian_memory = "n^2"

v2, y = [4, 1, 2], [2, 2, 1]
M = F(sum(a * b for a, b in zip(v2, y)))
H_VHP = [[F(a * b) for b in v2] for a in v2]          # forward mode
z = [M * a for a in v2]
reverse_multiplications = "3*n*m"
reverse_memory = "m + 2*m*n"
forward_multiplications = "n*m + 2*n^2"
forward_memory = "n*m + n^2 + n"
reverse_order = "O(nm)"
forward_order = "O(n^2 + nm)"
forward_better_when = "m > n"
explanation_1_3 = "Exact arithmetic with fractions; H = v v^T."
glove_parameters = "V*(2*d + 2)"
glove_grad_wi = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
